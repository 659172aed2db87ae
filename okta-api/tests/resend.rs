//! Defect 1: nothing that may have been applied is re-sent unless it is a
//! read or marked idempotent. Counts the requests at the server.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::*;
use httpmock::prelude::*;
use okta_api::retry::{classify_with, AttemptOutcome, Retryable};
use okta_api::{Error, Idempotency, RequestOptions};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A loopback server that reads each request and then closes the connection
/// without answering; counts the requests it read.
async fn dropping_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = vec![0u8; 8192];
            if socket.read(&mut buf).await.unwrap_or(0) > 0 {
                seen.fetch_add(1, Ordering::SeqCst);
            }
            let _ = socket.shutdown().await;
        }
    });
    (format!("http://{addr}"), count)
}

#[tokio::test]
async fn delete_answered_504_is_sent_once_and_may_have_been_applied() {
    let server = MockServer::start_async().await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE).path("/api/v1/users/00u1");
            then.status(504).header("x-okta-request-id", "req-504");
        })
        .await;
    let (rt, clock, _) = runtime(&server);
    let err = rt
        .request(Method::DELETE, "/api/v1/users/00u1")
        .send_empty()
        .await
        .unwrap_err();
    delete.assert_calls_async(1).await;
    assert!(clock.sleeps().is_empty());
    assert_eq!(err.status(), Some(StatusCode::GATEWAY_TIMEOUT));
    assert_eq!(err.request_id(), Some("req-504"));
    assert!(err.may_have_been_applied(), "{err:?}");
}

#[tokio::test]
async fn delete_on_a_dropped_connection_is_sent_once() {
    let (base, count) = dropping_server().await;
    let clock = FakeClock::new();
    let rt = builder_with(config_for(&base), &clock).build().unwrap();
    let err = rt
        .request(Method::DELETE, "/api/v1/users/00u1")
        .send_empty()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.may_have_been_applied(), "{err:?}");
    assert_eq!(count.load(Ordering::SeqCst), 1);
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn put_is_not_resent_after_503_unless_marked_idempotent() {
    let server = MockServer::start_async().await;
    let put = server
        .mock_async(|when, then| {
            when.method(PUT).path("/api/v1/groups/00g1");
            then.status(503);
        })
        .await;
    let (rt, clock, _) = runtime(&server);
    let err = rt
        .request(Method::PUT, "/api/v1/groups/00g1")
        .json(&serde_json::json!({"profile": {"name": "a"}}))
        .send_empty()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert!(err.may_have_been_applied());
    put.assert_calls_async(1).await;
    assert!(clock.sleeps().is_empty());

    // The caller's opt-in: resent like a GET, within max_retries (2).
    rt.request(Method::PUT, "/api/v1/groups/00g1")
        .json(&serde_json::json!({"profile": {"name": "a"}}))
        .idempotent()
        .send_empty()
        .await
        .unwrap_err();
    put.assert_calls_async(4).await;
    assert_eq!(clock.sleeps().len(), 2);
}

#[tokio::test]
async fn execute_with_idempotent_option_resends_a_delete_on_a_dropped_connection() {
    let (base, count) = dropping_server().await;
    let clock = FakeClock::new();
    let rt = builder_with(config_for(&base), &clock).build().unwrap();
    let url = format!("{base}/api/v1/groups/00g1/roles/r1")
        .parse()
        .unwrap();
    let req = reqwest::Request::new(Method::DELETE, url);
    let options = RequestOptions::new().idempotency(Idempotency::Idempotent);
    let err = rt
        .execute_with(req, "test.delete", options)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn post_answered_429_then_200_is_sent_twice() {
    let server = MockServer::start_async().await;
    let limited = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/users")
                .header_missing("x-okta-retry-count");
            then.status(429)
                .header("date", http_date(0))
                .header("x-rate-limit-reset", (START_SECS + 2).to_string());
        })
        .await;
    let created = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/users")
                .header("x-okta-retry-count", "1");
            then.status(200)
                .json_body(serde_json::json!({"id": "00u9"}));
        })
        .await;
    let (rt, clock, _) = runtime(&server);
    let user: serde_json::Value = rt
        .request(Method::POST, "/api/v1/users")
        .json(&serde_json::json!({"profile": {}}))
        .send_json()
        .await
        .unwrap();
    assert_eq!(user["id"], "00u9");
    limited.assert_calls_async(1).await;
    created.assert_calls_async(1).await;
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(3)]);
}

#[tokio::test]
async fn get_answered_503_is_retried() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/users/00u1")
                .header_missing("x-okta-retry-count");
            then.status(503);
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/users/00u1")
                .header("x-okta-retry-count", "1");
            then.status(200)
                .json_body(serde_json::json!({"id": "00u1"}));
        })
        .await;
    let (rt, clock, _) = runtime(&server);
    get(&rt, "/api/v1/users/00u1").await.unwrap();
    first.assert_calls_async(1).await;
    second.assert_calls_async(1).await;
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(1)]);
}

#[tokio::test]
async fn delete_that_cannot_connect_is_retried_and_was_not_applied() {
    // A port nobody listens on: the connection is refused, nothing is sent.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let clock = FakeClock::new();
    let rt = builder_with(config_for(&format!("http://{addr}")), &clock)
        .build()
        .unwrap();
    let err = rt
        .request(Method::DELETE, "/api/v1/users/00u1")
        .send_empty()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(!err.may_have_been_applied(), "{err:?}");
    assert_eq!(
        clock.sleeps().len(),
        2,
        "two retries after refused connects"
    );
}

#[test]
fn classifier_table() {
    let headers = HeaderMap::new();
    let resp = |status| AttemptOutcome::Response {
        status,
        headers: &headers,
    };
    let sent = AttemptOutcome::TransportError { connect: false };
    let refused = AttemptOutcome::TransportError { connect: true };
    let by_method = Idempotency::ByMethod;
    let marked = Idempotency::Idempotent;
    let cases = [
        (
            Method::DELETE,
            by_method,
            resp(StatusCode::GATEWAY_TIMEOUT),
            Retryable::No,
        ),
        (
            Method::DELETE,
            by_method,
            resp(StatusCode::SERVICE_UNAVAILABLE),
            Retryable::No,
        ),
        (Method::DELETE, by_method, sent, Retryable::No),
        (
            Method::PUT,
            by_method,
            resp(StatusCode::SERVICE_UNAVAILABLE),
            Retryable::No,
        ),
        (Method::PUT, by_method, sent, Retryable::No),
        (Method::PATCH, by_method, sent, Retryable::No),
        (Method::POST, by_method, sent, Retryable::No),
        (
            Method::PUT,
            marked,
            resp(StatusCode::SERVICE_UNAVAILABLE),
            Retryable::Backoff,
        ),
        (Method::DELETE, marked, sent, Retryable::Backoff),
        (
            Method::GET,
            by_method,
            resp(StatusCode::GATEWAY_TIMEOUT),
            Retryable::Backoff,
        ),
        (Method::HEAD, by_method, sent, Retryable::Backoff),
        (Method::OPTIONS, by_method, sent, Retryable::Backoff),
        (Method::DELETE, by_method, refused, Retryable::Backoff),
        (Method::POST, by_method, refused, Retryable::Backoff),
        (
            Method::DELETE,
            by_method,
            resp(StatusCode::TOO_MANY_REQUESTS),
            Retryable::Backoff,
        ),
        (
            Method::GET,
            marked,
            resp(StatusCode::INTERNAL_SERVER_ERROR),
            Retryable::No,
        ),
    ];
    for (method, idempotency, outcome, expected) in cases {
        assert_eq!(
            classify_with(&method, idempotency, outcome),
            expected,
            "{method} {idempotency:?} {outcome:?}"
        );
    }
}
