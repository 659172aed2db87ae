//! Defect 5: the cache is keyed by principal, a write evicts its whole
//! `/api/v1/<collection>` subtree, a GET racing a write is not stored, and
//! the memory cache is bounded.

mod common;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use httpmock::prelude::*;
use okta_api::{Cache, CachedResponse, MemoryCache, Runtime};
use okta_auth::SswsToken;
use okta_config::Secret;
use reqwest::Method;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const TOKEN_A: &str = "00token-of-alice-aaaaaaaa";
const TOKEN_B: &str = "00token-of-bob-bbbbbbbbbbb";

/// A cache that keeps every key it was given.
#[derive(Debug, Default)]
struct KeyLog {
    keys: Mutex<Vec<String>>,
    inner: Mutex<HashMap<String, CachedResponse>>,
}

impl Cache for KeyLog {
    fn get(&self, key: &str) -> Option<CachedResponse> {
        self.keys.lock().unwrap().push(key.to_owned());
        self.inner.lock().unwrap().get(key).cloned()
    }
    fn put(&self, key: &str, value: CachedResponse) {
        self.inner.lock().unwrap().insert(key.to_owned(), value);
    }
    fn delete(&self, key: &str) {
        self.inner.lock().unwrap().remove(key);
    }
    fn contains(&self, key: &str) -> bool {
        self.inner.lock().unwrap().contains_key(key)
    }
    fn clear(&self) {
        self.inner.lock().unwrap().clear();
    }
}

fn runtime_with(base: &str, token: &str, cache: Arc<dyn Cache>) -> Runtime {
    let clock = FakeClock::new();
    builder_with(config_for(base), &clock)
        .credentials(Arc::new(SswsToken::new(&Secret::new(token)).unwrap()))
        .cache(cache)
        .build()
        .unwrap()
}

fn memory() -> Arc<MemoryCache> {
    Arc::new(MemoryCache::new(
        Duration::from_secs(300),
        Duration::from_secs(300),
    ))
}

#[tokio::test]
async fn two_principals_sharing_a_cache_never_see_each_others_responses() {
    let server = MockServer::start_async().await;
    let alice = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/users/me")
                .header("authorization", format!("SSWS {TOKEN_A}"));
            then.status(200).json_body(json!({"id": "alice"}));
        })
        .await;
    let bob = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/users/me")
                .header("authorization", format!("SSWS {TOKEN_B}"));
            then.status(200).json_body(json!({"id": "bob"}));
        })
        .await;
    let cache = Arc::new(KeyLog::default());
    let a = runtime_with(&server.base_url(), TOKEN_A, cache.clone());
    let b = runtime_with(&server.base_url(), TOKEN_B, cache.clone());
    let me = |rt: Runtime| async move {
        rt.request(Method::GET, "/api/v1/users/me")
            .send_json::<serde_json::Value>()
            .await
            .unwrap()["id"]
            .clone()
    };
    assert_eq!(me(a.clone()).await, "alice");
    assert_eq!(me(b.clone()).await, "bob");
    assert_eq!(me(a).await, "alice");
    assert_eq!(me(b).await, "bob");
    alice.assert_calls_async(1).await;
    bob.assert_calls_async(1).await;

    let keys = cache.keys.lock().unwrap().clone();
    assert_eq!(keys.len(), 4);
    assert_ne!(keys[0], keys[1], "one key per principal");
    for key in &keys {
        assert!(!key.contains(TOKEN_A) && !key.contains(TOKEN_B), "{key}");
    }
    assert!(!format!("{cache:?}").contains(TOKEN_A));
}

async fn cached_user_mock<'a>(server: &'a MockServer, path: &str) -> httpmock::Mock<'a> {
    let path = path.to_owned();
    server
        .mock_async(move |when, then| {
            when.method(GET).path(path.as_str());
            then.status(200).json_body(json!({"id": "00u1"}));
        })
        .await
}

#[tokio::test]
async fn a_write_evicts_the_whole_collection_subtree_but_not_others() {
    let server = MockServer::start_async().await;
    let by_login = cached_user_mock(&server, "/api/v1/users/alice@example.com").await;
    let factor = cached_user_mock(&server, "/api/v1/users/00u1/factors/f1").await;
    let group = cached_user_mock(&server, "/api/v1/groups/00g1").await;
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/users/00u1/lifecycle/deactivate");
            then.status(200).body("{}");
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(DELETE).path("/api/v1/users/00u1");
            then.status(204);
        })
        .await;
    let rt = runtime_with(&server.base_url(), TOKEN_A, memory());
    let read = |path: &'static str| {
        let rt = rt.clone();
        async move { get(&rt, path).await.unwrap() }
    };
    for _ in 0..2 {
        read("/api/v1/users/alice@example.com").await;
        read("/api/v1/users/00u1/factors/f1").await;
        read("/api/v1/groups/00g1").await;
    }
    by_login.assert_calls_async(1).await;
    factor.assert_calls_async(1).await;
    group.assert_calls_async(1).await;

    rt.request(Method::POST, "/api/v1/users/00u1/lifecycle/deactivate")
        .send_empty()
        .await
        .unwrap();
    read("/api/v1/users/alice@example.com").await;
    by_login.assert_calls_async(2).await;

    rt.request(Method::DELETE, "/api/v1/users/00u1")
        .send_empty()
        .await
        .unwrap();
    read("/api/v1/users/00u1/factors/f1").await;
    factor.assert_calls_async(2).await;

    read("/api/v1/groups/00g1").await;
    group.assert_calls_async(1).await;
}

/// A loopback server: `GET /api/v1/users/00u1` answers `{"v": n}` (n counts
/// the GETs); the first GET is held until `release` is notified and reports
/// its arrival on `arrived`. Any other request answers `{}` at once.
async fn racing_server(
    arrived: tokio::sync::mpsc::Sender<()>,
    release: Arc<tokio::sync::Notify>,
) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let gets = Arc::new(AtomicUsize::new(0));
    let counter = gets.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let arrived = arrived.clone();
            let release = release.clone();
            let counter = counter.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let body = if request.starts_with(b"GET /api/v1/users/00u1 ") {
                    let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                    if n == 1 {
                        let _ = arrived.send(()).await;
                        release.notified().await;
                    }
                    format!("{{\"v\":{n}}}")
                } else {
                    "{}".to_owned()
                };
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (format!("http://{addr}"), gets)
}

#[tokio::test]
async fn a_get_in_flight_during_a_write_is_not_stored() {
    let (arrived_tx, mut arrived) = tokio::sync::mpsc::channel(1);
    let release = Arc::new(tokio::sync::Notify::new());
    let (base, gets) = racing_server(arrived_tx, release.clone()).await;
    let rt = runtime_with(&base, TOKEN_A, memory());

    let slow_get = {
        let rt = rt.clone();
        tokio::spawn(async move {
            rt.request(Method::GET, "/api/v1/users/00u1")
                .send_json::<serde_json::Value>()
                .await
        })
    };
    arrived.recv().await.unwrap();
    rt.request(Method::POST, "/api/v1/users/00u1")
        .json(&json!({"profile": {"firstName": "new"}}))
        .send_empty()
        .await
        .unwrap();
    release.notify_one();
    let stale = slow_get.await.unwrap().unwrap();
    assert_eq!(stale["v"], 1);

    let fresh: serde_json::Value = rt
        .request(Method::GET, "/api/v1/users/00u1")
        .send_json()
        .await
        .unwrap();
    assert_eq!(fresh["v"], 2, "the racing GET's body was not cached");
    assert_eq!(gets.load(Ordering::SeqCst), 2);
}

#[test]
fn memory_cache_is_bounded_and_drops_the_least_recently_used() {
    let clock = FakeClock::new();
    let cache = MemoryCache::with_clock(
        Duration::from_secs(300),
        Duration::from_secs(300),
        clock.clone(),
    )
    .max_entries(2);
    let value = CachedResponse {
        status: reqwest::StatusCode::OK,
        headers: Default::default(),
        body: bytes::Bytes::from_static(b"{}"),
    };
    cache.put("a", value.clone());
    clock.advance(Duration::from_secs(1));
    cache.put("b", value.clone());
    clock.advance(Duration::from_secs(1));
    assert!(cache.get("a").is_some(), "a is now the most recently used");
    clock.advance(Duration::from_secs(1));
    cache.put("c", value.clone());
    assert_eq!(cache.len(), 2);
    assert!(cache.contains("a"));
    assert!(!cache.contains("b"));
    assert!(cache.contains("c"));
    for i in 0..100 {
        cache.put(&format!("k{i}"), value.clone());
    }
    assert_eq!(cache.len(), 2);
}

#[test]
fn execute_stays_send() {
    fn assert_send<T: Send>(_: &T) {}
    let rt = Runtime::builder(config_for("http://127.0.0.1:9"))
        .build()
        .unwrap();
    let req = reqwest::Request::new(Method::GET, "http://127.0.0.1:9/x".parse().unwrap());
    let fut = rt.execute(req, "op");
    assert_send(&fut);
}
