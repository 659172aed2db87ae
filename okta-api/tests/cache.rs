//! Response cache: hits, TTL, TTI, eviction, custom implementations.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use httpmock::prelude::*;
use okta_api::{Cache, CachedResponse, Runtime};
use reqwest::Method;
use serde_json::json;

fn cached_runtime(server: &MockServer, clock: &Arc<FakeClock>, ttl: u64, tti: u64) -> Runtime {
    let mut config = config_for(&server.base_url());
    config.cache.enabled = true;
    config.cache.default_ttl = Duration::from_secs(ttl);
    config.cache.default_tti = Duration::from_secs(tti);
    builder_with(config, clock).build().unwrap()
}

async fn user_mock(server: &MockServer) -> httpmock::Mock<'_> {
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/users/abc");
            then.status(200)
                .header("x-okta-request-id", "cached-id")
                .json_body(json!({"id": "abc", "status": "STAGED"}));
        })
        .await
}

#[tokio::test]
async fn cache_is_off_by_default() {
    let server = MockServer::start_async().await;
    let mock = user_mock(&server).await;
    let (rt, _, _) = runtime(&server);
    assert!(rt.cache().is_none());
    get(&rt, "/api/v1/users/abc").await.unwrap();
    get(&rt, "/api/v1/users/abc").await.unwrap();
    mock.assert_calls_async(2).await;
}

#[tokio::test]
async fn hit_within_ttl_answers_without_a_request() {
    let server = MockServer::start_async().await;
    let mock = user_mock(&server).await;
    let clock = FakeClock::new();
    let rt = cached_runtime(&server, &clock, 300, 300);
    let first: serde_json::Value = get(&rt, "/api/v1/users/abc")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    clock.advance(Duration::from_secs(100));
    let second = get(&rt, "/api/v1/users/abc").await.unwrap();
    assert_eq!(second.status(), 200);
    assert_eq!(
        second.headers().get("x-okta-request-id").unwrap(),
        "cached-id"
    );
    let second: serde_json::Value = second.json().await.unwrap();
    assert_eq!(first, second);
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn miss_after_ttl() {
    let server = MockServer::start_async().await;
    let mock = user_mock(&server).await;
    let clock = FakeClock::new();
    let rt = cached_runtime(&server, &clock, 60, 3600);
    get(&rt, "/api/v1/users/abc").await.unwrap();
    for _ in 0..3 {
        clock.advance(Duration::from_secs(20));
        get(&rt, "/api/v1/users/abc").await.unwrap();
    }
    // Reads at 20 s and 40 s hit; the read at 60 s is past the TTL.
    mock.assert_calls_async(2).await;
}

#[tokio::test]
async fn miss_after_tti() {
    let server = MockServer::start_async().await;
    let mock = user_mock(&server).await;
    let clock = FakeClock::new();
    let rt = cached_runtime(&server, &clock, 3600, 30);
    get(&rt, "/api/v1/users/abc").await.unwrap();
    clock.advance(Duration::from_secs(20));
    get(&rt, "/api/v1/users/abc").await.unwrap(); // hit, refreshes idle time
    clock.advance(Duration::from_secs(20));
    get(&rt, "/api/v1/users/abc").await.unwrap(); // hit: idle 20 s
    mock.assert_calls_async(1).await;
    clock.advance(Duration::from_secs(31));
    get(&rt, "/api/v1/users/abc").await.unwrap(); // idle 31 s: miss
    mock.assert_calls_async(2).await;
}

#[tokio::test]
async fn lists_and_queries_are_not_cached() {
    let server = MockServer::start_async().await;
    let list = server
        .mock_async(|when, then| {
            when.path("/api/v1/users");
            then.status(200).json_body(json!([{"id": "abc"}]));
        })
        .await;
    let clock = FakeClock::new();
    let rt = cached_runtime(&server, &clock, 300, 300);
    get(&rt, "/api/v1/users").await.unwrap();
    get(&rt, "/api/v1/users").await.unwrap();
    get(&rt, "/api/v1/users?q=a").await.unwrap();
    get(&rt, "/api/v1/users?q=a").await.unwrap();
    list.assert_calls_async(4).await;
}

#[tokio::test]
async fn update_and_delete_evict_the_resource() {
    let server = MockServer::start_async().await;
    let read = user_mock(&server).await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/api/v1/users/abc");
            then.status(200).json_body(json!({"id": "abc"}));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/users/abc/lifecycle/activate");
            then.status(200).json_body(json!({}));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(DELETE).path("/api/v1/users/abc");
            then.status(204);
        })
        .await;
    let clock = FakeClock::new();
    let rt = cached_runtime(&server, &clock, 300, 300);

    get(&rt, "/api/v1/users/abc").await.unwrap();
    get(&rt, "/api/v1/users/abc").await.unwrap();
    read.assert_calls_async(1).await;

    rt.request(Method::POST, "/api/v1/users/abc")
        .json(&json!({"profile": {}}))
        .send_empty()
        .await
        .unwrap();
    get(&rt, "/api/v1/users/abc").await.unwrap();
    read.assert_calls_async(2).await;

    rt.request(Method::POST, "/api/v1/users/abc/lifecycle/activate")
        .send_empty()
        .await
        .unwrap();
    get(&rt, "/api/v1/users/abc").await.unwrap();
    read.assert_calls_async(3).await;

    rt.request(Method::DELETE, "/api/v1/users/abc")
        .send_empty()
        .await
        .unwrap();
    get(&rt, "/api/v1/users/abc").await.unwrap();
    read.assert_calls_async(4).await;
}

#[derive(Debug, Default)]
struct RecordingCache {
    calls: Mutex<Vec<String>>,
    store: Mutex<HashMap<String, CachedResponse>>,
}

impl RecordingCache {
    fn log(&self, call: String) {
        self.calls.lock().unwrap().push(call);
    }
}

impl Cache for RecordingCache {
    fn get(&self, key: &str) -> Option<CachedResponse> {
        self.log(format!("get {key}"));
        self.store.lock().unwrap().get(key).cloned()
    }
    fn put(&self, key: &str, value: CachedResponse) {
        self.log(format!("put {key}"));
        self.store.lock().unwrap().insert(key.to_owned(), value);
    }
    fn delete(&self, key: &str) {
        self.log(format!("delete {key}"));
        self.store.lock().unwrap().remove(key);
    }
    fn contains(&self, key: &str) -> bool {
        self.store.lock().unwrap().contains_key(key)
    }
    fn clear(&self) {
        self.store.lock().unwrap().clear();
    }
    fn evict_where(&self, evict: &dyn Fn(&str) -> bool) {
        let mut store = self.store.lock().unwrap();
        let gone: Vec<String> = store.keys().filter(|k| evict(k)).cloned().collect();
        for key in gone {
            self.log(format!("evict {key}"));
            store.remove(&key);
        }
    }
}

#[tokio::test]
async fn custom_cache_receives_the_calls() {
    let server = MockServer::start_async().await;
    let read = user_mock(&server).await;
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/users/abc/lifecycle/activate");
            then.status(200).body("{}");
        })
        .await;
    let custom = Arc::new(RecordingCache::default());
    let clock = FakeClock::new();
    let rt = builder(&server, &clock)
        .cache(custom.clone())
        .build()
        .unwrap();
    let base = server.base_url();
    let key = format!("{base}/api/v1/users/abc#principal=anonymous");

    get(&rt, "/api/v1/users/abc").await.unwrap();
    get(&rt, "/api/v1/users/abc").await.unwrap();
    read.assert_calls_async(1).await;
    assert!(custom.contains(&key));

    rt.request(Method::POST, "/api/v1/users/abc/lifecycle/activate")
        .send_empty()
        .await
        .unwrap();
    assert!(!custom.contains(&key));

    let calls = custom.calls.lock().unwrap().clone();
    assert_eq!(
        calls,
        vec![
            format!("get {key}"),
            format!("put {key}"),
            format!("get {key}"),
            format!("evict {key}"),
        ]
    );
}

#[test]
fn memory_cache_trait_methods() {
    let clock = FakeClock::new();
    let cache = okta_api::MemoryCache::with_clock(
        Duration::from_secs(10),
        Duration::from_secs(10),
        clock.clone(),
    );
    let value = CachedResponse {
        status: reqwest::StatusCode::OK,
        headers: Default::default(),
        body: bytes::Bytes::from_static(b"{}"),
    };
    cache.put("k", value.clone());
    cache.put("j", value);
    assert!(cache.contains("k"));
    cache.delete("k");
    assert!(!cache.contains("k"));
    assert!(cache.get("j").is_some());
    clock.advance(Duration::from_secs(11));
    assert!(cache.get("j").is_none());
    cache.clear();
    assert!(cache.is_empty());
}
