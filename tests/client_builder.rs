//! `okta::Client::builder`: a custom HTTP client, credential source and cache
//! are the ones used; response metadata is exposed.
// Uses operations and models of several API areas: built with every area (`full`).
#![cfg(feature = "full")]

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use futures::future::BoxFuture;
use httpmock::Method::{GET, POST};
use httpmock::MockServer;
use okta::auth::{AuthError, CredentialSource};
use okta::config::{CacheConfig, OktaConfig};
use okta::runtime::{Cache, CachedResponse};
use okta::ResponseExt;
use serde_json::json;

fn config(server: &MockServer) -> OktaConfig {
    let mut config = OktaConfig::for_org(server.base_url().parse().expect("url"));
    config.disable_https_check = true;
    config.max_retries = 0;
    config
}

#[derive(Debug)]
struct VaultToken;

impl CredentialSource for VaultToken {
    fn authorize<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), AuthError>> {
        Box::pin(async move {
            request.headers_mut().insert(
                "authorization",
                "SSWS from-the-vault".parse().expect("header"),
            );
            Ok(())
        })
    }
}

#[tokio::test]
async fn a_custom_http_client_and_credential_source_are_used() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/groups/00g1")
                .header("authorization", "SSWS from-the-vault")
                .header("x-corp-trace", "abc123");
            then.status(200)
                .header("content-type", "application/json")
                .header("x-rate-limit-limit", "600")
                .header("x-rate-limit-remaining", "599")
                .header("x-rate-limit-reset", "1700000060")
                .json_body(
                    json!({"id": "00g1", "type": "OKTA_GROUP", "profile": {"name": "Engineering"}}),
                );
        })
        .await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-corp-trace", "abc123".parse().expect("header"));
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("reqwest client");
    let client = okta::Client::builder(config(&server))
        .http_client(http)
        .credentials(Arc::new(VaultToken))
        .build()
        .expect("client");

    let response = client
        .get_group()
        .group_id("00g1")
        .send()
        .await
        .expect("get_group");
    mock.assert_async().await;
    let rate = response.rate_limit().expect("rate limit state");
    assert_eq!((rate.limit, rate.remaining), (600, 599));
    assert_eq!(rate.reset, UNIX_EPOCH + Duration::from_secs(1_700_000_060));
    let group = response.into_inner();
    assert_eq!(
        group.profile.and_then(|p| p.name).as_deref(),
        Some("Engineering")
    );
}

/// Records every call, like the Python README's custom cache example.
#[derive(Debug, Default)]
struct RecordingCache {
    entries: Mutex<HashMap<String, CachedResponse>>,
    calls: Mutex<Vec<String>>,
}

impl RecordingCache {
    fn record(&self, call: String) {
        self.calls.lock().expect("lock").push(call);
    }
}

impl Cache for RecordingCache {
    fn get(&self, key: &str) -> Option<CachedResponse> {
        self.record(format!("get {key}"));
        self.entries.lock().expect("lock").get(key).cloned()
    }
    fn put(&self, key: &str, value: CachedResponse) {
        self.record(format!("put {key}"));
        self.entries
            .lock()
            .expect("lock")
            .insert(key.to_owned(), value);
    }
    fn delete(&self, key: &str) {
        self.record(format!("delete {key}"));
        self.entries.lock().expect("lock").remove(key);
    }
    fn contains(&self, key: &str) -> bool {
        self.entries.lock().expect("lock").contains_key(key)
    }
    fn clear(&self) {
        self.entries.lock().expect("lock").clear();
    }
    fn evict_where(&self, evict: &dyn Fn(&str) -> bool) {
        let mut entries = self.entries.lock().expect("lock");
        let gone: Vec<String> = entries.keys().filter(|k| evict(k)).cloned().collect();
        for key in gone {
            self.record(format!("evict {key}"));
            entries.remove(&key);
        }
    }
}

#[tokio::test]
async fn a_custom_cache_serves_repeated_gets_and_is_evicted_by_writes() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/users/00u1");
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({"id": "00u1", "status": "ACTIVE"}));
        })
        .await;
    let deactivate = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/users/00u1/lifecycle/deactivate");
            then.status(200);
        })
        .await;
    let cache = Arc::new(RecordingCache::default());
    let mut config = config(&server);
    config.cache = CacheConfig {
        enabled: true,
        ..CacheConfig::default()
    };
    let client = okta::Client::builder(config)
        .cache(cache.clone())
        .build()
        .expect("client");

    for _ in 0..2 {
        let user = client
            .get_user()
            .id("00u1")
            .send()
            .await
            .expect("get_user")
            .into_inner();
        assert_eq!(user.id.as_deref(), Some("00u1"));
    }
    assert_eq!(
        get.calls_async().await,
        1,
        "the second GET is answered from the cache"
    );

    client
        .deactivate_user()
        .id("00u1")
        .send()
        .await
        .expect("deactivate");
    deactivate.assert_async().await;
    client.get_user().id("00u1").send().await.expect("get_user");
    assert_eq!(get.calls_async().await, 2, "the write evicted the user");

    let calls = cache.calls.lock().expect("lock").clone();
    let user_url = format!("{}/api/v1/users/00u1", server.base_url());
    // Keys are the URL plus the principal (never the token itself).
    let stored = |verb: &str| {
        calls
            .iter()
            .any(|c| c.starts_with(&format!("{verb} {user_url}#principal=")))
    };
    assert!(stored("put"), "{calls:?}");
    assert!(stored("evict"), "{calls:?}");
}
