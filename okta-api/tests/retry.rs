//! Retry behaviour: 429 waits, limits, timeouts, headers, idempotency.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::*;
use httpmock::prelude::*;
use okta_api::retry::{classify, AttemptOutcome, Retryable};
use okta_api::{Error, RetryPolicy};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn reset_at(secs_after_start: u64) -> String {
    (START_SECS + secs_after_start).to_string()
}

/// With the three rate-limit headers and a `Date`, the wait ends at the
/// reset on the server's clock (the `Date` agreeing with the local clock):
/// exactly 30 s, not the classifier's `reset − Date + 1 s` fallback.
#[tokio::test]
async fn waits_until_the_reset_on_the_servers_clock() {
    let server = MockServer::start_async().await;
    let limited = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/users/u1")
                .header_missing("x-okta-retry-count");
            then.status(429)
                .header("date", http_date(0))
                .header("x-rate-limit-limit", "600")
                .header("x-rate-limit-remaining", "0")
                .header("x-rate-limit-reset", reset_at(30))
                .header("x-okta-request-id", "req-1");
        })
        .await;
    let ok = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/users/u1")
                .header("x-okta-retry-count", "1");
            then.status(200).json_body(serde_json::json!({"id": "u1"}));
        })
        .await;
    let (rt, clock, _) = runtime(&server);
    let resp = get(&rt, "/api/v1/users/u1").await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(30)]);
    limited.assert_calls_async(1).await;
    ok.assert_calls_async(1).await;
}

#[tokio::test]
async fn repeated_reset_headers_use_the_earliest() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/r").header_missing("x-okta-retry-count");
            then.status(429)
                .header("date", http_date(0))
                .header("x-rate-limit-reset", reset_at(50))
                .header("x-rate-limit-reset", reset_at(10));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/r").header("x-okta-retry-count", "1");
            then.status(204);
        })
        .await;
    let (rt, clock, _) = runtime(&server);
    get(&rt, "/r").await.unwrap();
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(11)]);
}

#[tokio::test]
async fn jitter_is_added_but_bounded() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/r").header_missing("x-okta-retry-count");
            then.status(429)
                .header("date", http_date(0))
                .header("x-rate-limit-reset", reset_at(5));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/r").header("x-okta-retry-count", "1");
            then.status(200).body("{}");
        })
        .await;
    let clock = FakeClock::new();
    let rt = builder(&server, &clock)
        .retry_policy(RetryPolicy::with_max_retries(2).jitter(Duration::from_millis(500)))
        .build()
        .unwrap();
    get(&rt, "/r").await.unwrap();
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 1);
    assert!(sleeps[0] >= Duration::from_secs(6));
    assert!(sleeps[0] <= Duration::from_millis(6500));
}

#[tokio::test]
async fn max_retries_then_rate_limited_error_with_state() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/api/v1/groups");
            then.status(429)
                .header("date", http_date(0))
                .header("x-rate-limit-limit", "100")
                .header("x-rate-limit-remaining", "0")
                .header("x-rate-limit-reset", reset_at(2))
                .header("x-okta-request-id", "req-429")
                .json_body(okta_error(
                    "E0000047",
                    "API call exceeded rate limit due to too many requests.",
                ));
        })
        .await;
    let (rt, clock, creds) = runtime(&server);
    let err = get(&rt, "/api/v1/groups").await.unwrap_err();
    mock.assert_calls_async(3).await;
    assert_eq!(clock.sleeps().len(), 2);
    assert_eq!(creds.authorize_calls(), 3);
    assert!(err.is_rate_limited());
    assert_eq!(err.okta_error_code(), Some("E0000047"));
    assert_eq!(err.request_id(), Some("req-429"));
    let state = err.rate_limit().expect("rate-limit state");
    assert_eq!((state.limit, state.remaining), (100, 0));
    assert_eq!(state.reset_epoch_seconds(), START_SECS + 2);
}

#[tokio::test]
async fn max_retries_from_config_is_honoured() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/x");
            then.status(429)
                .header("date", http_date(0))
                .header("x-rate-limit-reset", reset_at(1));
        })
        .await;
    let clock = FakeClock::new();
    let mut config = config_for(&server.base_url());
    config.max_retries = 0;
    let rt = okta_api::Runtime::builder(config)
        .clock(clock.clone())
        .build()
        .unwrap();
    let err = get(&rt, "/x").await.unwrap_err();
    assert!(err.is_rate_limited());
    mock.assert_calls_async(1).await;
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn request_timeout_stops_before_a_wait_that_would_overrun_it() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/slow");
            then.status(429)
                .header("date", http_date(0))
                .header("x-rate-limit-reset", reset_at(30));
        })
        .await;
    let clock = FakeClock::new();
    let mut config = config_for(&server.base_url());
    config.request_timeout = Some(Duration::from_secs(10));
    let rt = builder_with(config, &clock).build().unwrap();
    let err = get(&rt, "/slow").await.unwrap_err();
    // A reset beyond the budget ends the call with the rate-limit error.
    assert!(err.is_rate_limited(), "{err:?}");
    assert!(err.to_string().contains("test.get"));
    mock.assert_calls_async(1).await;
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn request_timeout_counts_earlier_waits() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/slow");
            then.status(429)
                .header("date", http_date(0))
                .header("x-rate-limit-reset", reset_at(5));
        })
        .await;
    let clock = FakeClock::new();
    let mut config = config_for(&server.base_url());
    config.request_timeout = Some(Duration::from_secs(10));
    config.max_retries = 5;
    let rt = builder_with(config, &clock).build().unwrap();
    let err = get(&rt, "/slow").await.unwrap_err();
    assert!(err.is_rate_limited(), "{err:?}");
    // One 6 s wait fits in 10 s; a second would not.
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(6)]);
    mock.assert_calls_async(2).await;
}

#[tokio::test]
async fn retried_request_carries_retry_headers_and_fresh_auth() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/h")
                .header("authorization", "SSWS token-1")
                .header_missing("x-okta-retry-for");
            then.status(429)
                .header("date", http_date(0))
                .header("x-rate-limit-reset", reset_at(0))
                .header("x-okta-request-id", "first-id");
        })
        .await;
    let retried = server
        .mock_async(|when, then| {
            when.path("/h")
                .header("authorization", "SSWS token-2")
                .header("x-okta-retry-for", "first-id")
                .header("x-okta-retry-count", "1");
            then.status(200).body("{}");
        })
        .await;
    let (rt, clock, creds) = runtime(&server);
    get(&rt, "/h").await.unwrap();
    retried.assert_calls_async(1).await;
    assert_eq!(creds.authorize_calls(), 2);
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(1)]);
}

#[tokio::test]
async fn missing_reset_falls_back_to_exponential_backoff() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/b");
            then.status(429);
        })
        .await;
    let (rt, clock, _) = runtime(&server);
    let err = get(&rt, "/b").await.unwrap_err();
    assert!(err.is_rate_limited());
    mock.assert_calls_async(3).await;
    assert_eq!(
        clock.sleeps(),
        vec![Duration::from_secs(1), Duration::from_secs(2)]
    );
}

#[tokio::test]
async fn post_is_not_resent_on_503_but_get_is() {
    let server = MockServer::start_async().await;
    let post = server
        .mock_async(|when, then| {
            when.method(POST).path("/api/v1/users");
            then.status(503).body("unavailable");
        })
        .await;
    let get_first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/users")
                .header_missing("x-okta-retry-count");
            then.status(503);
        })
        .await;
    let get_retry = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/users")
                .header("x-okta-retry-count", "1");
            then.status(200).body("[]");
        })
        .await;
    let (rt, clock, _) = runtime(&server);
    let err = rt
        .request(Method::POST, "/api/v1/users")
        .json(&serde_json::json!({"profile": {}}))
        .send_empty()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    post.assert_calls_async(1).await;
    assert!(clock.sleeps().is_empty());

    get(&rt, "/api/v1/users").await.unwrap();
    get_first.assert_calls_async(1).await;
    get_retry.assert_calls_async(1).await;
}

#[tokio::test]
async fn post_is_resent_after_429() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/p")
                .header_missing("x-okta-retry-count");
            then.status(429)
                .header("date", http_date(0))
                .header("x-rate-limit-reset", reset_at(3));
        })
        .await;
    let retried = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/p")
                .header("x-okta-retry-count", "1")
                .json_body(serde_json::json!({"a": 1}));
            then.status(200).body("{}");
        })
        .await;
    let (rt, clock, _) = runtime(&server);
    rt.request(Method::POST, "/p")
        .json(&serde_json::json!({"a": 1}))
        .send_empty()
        .await
        .unwrap();
    retried.assert_calls_async(1).await;
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(4)]);
}

/// A loopback server that drops the first `drop_first` connections after
/// reading the request, then answers `200 {}`; counts connections.
async fn flaky_server(drop_first: usize) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let mut buf = vec![0u8; 8192];
            let _ = socket.read(&mut buf).await;
            if n < drop_first {
                drop(socket);
                continue;
            }
            let _ = socket
                .write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}",
                )
                .await;
            let _ = socket.shutdown().await;
        }
    });
    (format!("http://{addr}"), count)
}

#[tokio::test]
async fn dropped_connection_resends_get_but_not_post() {
    let (base, count) = flaky_server(1).await;
    let clock = FakeClock::new();
    let rt = builder_with(config_for(&base), &clock).build().unwrap();
    let err = rt
        .request(Method::POST, "/api/v1/users")
        .json(&serde_json::json!({}))
        .send_empty()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(count.load(Ordering::SeqCst), 1);

    let (base, count) = flaky_server(1).await;
    let rt = builder_with(config_for(&base), &clock).build().unwrap();
    let body = rt
        .request(Method::GET, "/api/v1/users/x")
        .send_bytes()
        .await
        .unwrap();
    assert_eq!(&body[..], b"{}");
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn rejected_401_reauthorizes_and_resends_once() {
    let server = MockServer::start_async().await;
    let rejected = server
        .mock_async(|when, then| {
            when.path("/me").header("authorization", "SSWS token-1");
            then.status(401)
                .json_body(okta_error("E0000011", "Invalid token provided"));
        })
        .await;
    let ok = server
        .mock_async(|when, then| {
            when.path("/me").header("authorization", "SSWS token-2");
            then.status(200).body("{}");
        })
        .await;
    let clock = FakeClock::new();
    let creds = CountingCreds::retrying();
    let rt = builder(&server, &clock)
        .credentials(creds.clone())
        .build()
        .unwrap();
    get(&rt, "/me").await.unwrap();
    rejected.assert_calls_async(1).await;
    ok.assert_calls_async(1).await;
    assert_eq!(creds.authorize_calls(), 2);
    assert_eq!(creds.rejected.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn rejected_401_gives_up_when_advised() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/me");
            then.status(401)
                .json_body(okta_error("E0000011", "Invalid token provided"));
        })
        .await;
    let (rt, _, creds) = runtime(&server);
    let err = get(&rt, "/me").await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    mock.assert_calls_async(1).await;
    assert_eq!(creds.rejected.load(Ordering::SeqCst), 1);
}

#[test]
fn classifier_separates_methods_and_statuses() {
    let headers = HeaderMap::new();
    let resp = |status| AttemptOutcome::Response {
        status,
        headers: &headers,
    };
    assert_eq!(
        classify(&Method::POST, resp(StatusCode::TOO_MANY_REQUESTS)),
        Retryable::Backoff
    );
    assert_eq!(
        classify(&Method::POST, resp(StatusCode::SERVICE_UNAVAILABLE)),
        Retryable::No
    );
    assert_eq!(
        classify(&Method::DELETE, resp(StatusCode::GATEWAY_TIMEOUT)),
        Retryable::No
    );
    assert_eq!(
        classify(&Method::GET, resp(StatusCode::GATEWAY_TIMEOUT)),
        Retryable::Backoff
    );
    assert_eq!(
        classify(&Method::GET, resp(StatusCode::INTERNAL_SERVER_ERROR)),
        Retryable::No
    );
    assert_eq!(
        classify(
            &Method::POST,
            AttemptOutcome::TransportError { connect: false }
        ),
        Retryable::No
    );
    assert_eq!(
        classify(
            &Method::POST,
            AttemptOutcome::TransportError { connect: true }
        ),
        Retryable::Backoff
    );
    let policy = RetryPolicy::with_max_retries(2).jitter(Duration::ZERO);
    assert_eq!(
        policy.wait_before(Retryable::After(Duration::from_secs(500)), 1),
        None,
        "a server wait beyond max_wait is not shortened"
    );
    assert_eq!(
        policy.wait_before(Retryable::After(Duration::from_secs(61)), 1),
        Some(Duration::from_secs(61))
    );
    assert_eq!(policy.wait_before(Retryable::Backoff, 3), None);
}
