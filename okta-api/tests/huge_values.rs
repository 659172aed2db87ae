//! Defect 2: no value from a server or a setting can overflow a time
//! computation; a reset beyond `max_wait` or the request budget ends the call
//! with the rate-limit error at once.

mod common;

use std::time::Duration;

use common::*;
use httpmock::prelude::*;
use okta_api::{Page, RetryPolicy};
use reqwest::{Method, StatusCode};

const HUGE: &str = "18446744073709551615"; // u64::MAX

#[tokio::test]
async fn u64_max_reset_on_429_ends_the_call_with_the_rate_limit_error() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/api/v1/users/00u1");
            then.status(429)
                .header("date", http_date(0))
                .header("x-rate-limit-limit", "600")
                .header("x-rate-limit-remaining", "0")
                .header("x-rate-limit-reset", HUGE);
        })
        .await;
    let (rt, clock, _) = runtime(&server);
    let err = get(&rt, "/api/v1/users/00u1").await.unwrap_err();
    assert!(err.is_rate_limited(), "{err:?}");
    assert!(!err.may_have_been_applied());
    mock.assert_calls_async(1).await;
    assert!(clock.sleeps().is_empty());
    let state = err.rate_limit().expect("rate-limit state");
    assert!(state.reset_epoch_seconds() > START_SECS);
}

#[tokio::test]
async fn u64_max_reset_on_other_responses_is_reported_without_panic() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/groups/00g1");
            then.status(500)
                .header("x-rate-limit-limit", "600")
                .header("x-rate-limit-remaining", "5")
                .header("x-rate-limit-reset", HUGE);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/groups");
            then.status(200)
                .header("x-rate-limit-limit", HUGE)
                .header("x-rate-limit-remaining", HUGE)
                .header("x-rate-limit-reset", HUGE)
                .body("[]");
        })
        .await;
    let (rt, _, _) = runtime(&server);
    let err = get(&rt, "/api/v1/groups/00g1").await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert!(err.rate_limit().is_some());
    let page: Page<serde_json::Value> = rt
        .request(Method::GET, "/api/v1/groups")
        .paginate()
        .await
        .unwrap();
    let state = page.rate_limit().expect("rate-limit state");
    assert_eq!(state.limit, u64::MAX);
}

#[tokio::test]
async fn reset_beyond_max_wait_is_not_waited_for() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/api/v1/users");
            then.status(429)
                .header("date", http_date(0))
                .header("x-rate-limit-reset", (START_SECS + 3600).to_string());
        })
        .await;
    let (rt, clock, _) = runtime(&server);
    let err = rt
        .request(Method::POST, "/api/v1/users")
        .json(&serde_json::json!({}))
        .send_empty()
        .await
        .unwrap_err();
    assert!(err.is_rate_limited());
    mock.assert_calls_async(1).await;
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn duration_max_max_wait_and_jitter_do_not_overflow() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.path("/x").header_missing("x-okta-retry-count");
            then.status(429)
                .header("date", http_date(0))
                .header("x-rate-limit-reset", (START_SECS + 4).to_string());
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.path("/x").header("x-okta-retry-count", "1");
            then.status(200).body("{}");
        })
        .await;
    let clock = FakeClock::new();
    let policy = RetryPolicy::with_max_retries(2)
        .max_wait(Duration::MAX)
        .jitter(Duration::ZERO)
        .backoff(Duration::MAX, Duration::MAX);
    let rt = builder(&server, &clock)
        .retry_policy(policy)
        .build()
        .unwrap();
    get(&rt, "/x").await.unwrap();
    first.assert_calls_async(1).await;
    second.assert_calls_async(1).await;
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(5)]);

    let policy = RetryPolicy::with_max_retries(1)
        .max_wait(Duration::MAX)
        .jitter(Duration::MAX);
    let wait = policy
        .wait_before(okta_api::retry::Retryable::After(Duration::MAX), 1)
        .expect("a wait");
    assert_eq!(wait, Duration::MAX);
}

#[tokio::test]
async fn duration_max_request_timeout_is_no_limit() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.path("/y").header_missing("x-okta-retry-count");
            then.status(503);
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.path("/y").header("x-okta-retry-count", "1");
            then.status(200).body("{}");
        })
        .await;
    let clock = FakeClock::new();
    let mut config = config_for(&server.base_url());
    config.request_timeout = Some(Duration::MAX);
    let rt = builder_with(config, &clock).build().unwrap();
    get(&rt, "/y").await.unwrap();
    first.assert_calls_async(1).await;
    second.assert_calls_async(1).await;
}

#[tokio::test]
async fn backoff_beyond_the_request_timeout_is_a_timeout() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/z");
            then.status(503);
        })
        .await;
    let clock = FakeClock::new();
    let mut config = config_for(&server.base_url());
    config.request_timeout = Some(Duration::from_millis(500));
    let rt = builder_with(config, &clock).build().unwrap();
    let err = get(&rt, "/z").await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    mock.assert_calls_async(1).await;
    assert!(clock.sleeps().is_empty());
}
