//! Defect 2 (okta-auth part): any `expires_in` a token endpoint sends is
//! handled without panicking; huge lifetimes are clamped to a day.

mod common;

use std::time::Duration;

use common::*;
use httpmock::prelude::*;
use okta_auth::{AuthError, CredentialSource, ManualClock};

async fn token_with_expires_in(
    expires_in: serde_json::Value,
) -> (MockServer, Result<(), AuthError>) {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(TOKEN_PATH);
            then.status(200).json_body(serde_json::json!({
                "token_type": "Bearer",
                "access_token": "at-huge",
                "expires_in": expires_in,
            }));
        })
        .await;
    let source = source(&config(&server, EC_PKCS8_PEM), manual_clock());
    let mut request = api_request(&server, reqwest::Method::GET);
    let result = source.authorize(&mut request).await;
    (server, result)
}

#[tokio::test]
async fn u64_max_expires_in_is_clamped_to_a_day() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(TOKEN_PATH);
            then.status(200)
                .json_body(token_body("at-huge", "Bearer", u64::MAX));
        })
        .await;
    let clock = manual_clock();
    let source = source(&config(&server, EC_PKCS8_PEM), clock.clone());
    let mut request = api_request(&server, reqwest::Method::GET);
    source.authorize(&mut request).await.expect("authorize");
    assert_eq!(
        header(&request, "authorization").as_deref(),
        Some("Bearer at-huge")
    );
    clock.advance(Duration::from_secs(23 * 3600));
    source.authorize(&mut request).await.expect("authorize");
    assert_eq!(mock.calls_async().await, 1, "still fresh within a day");
    clock.advance(Duration::from_secs(3600));
    source.authorize(&mut request).await.expect("authorize");
    assert_eq!(mock.calls_async().await, 2, "renewed after a day at most");
}

#[tokio::test]
async fn float_and_negative_expires_in_are_errors_not_panics() {
    for value in [
        serde_json::json!(1e30),
        serde_json::json!(-1),
        serde_json::json!("-5"),
        serde_json::json!("1e30"),
    ] {
        let (_server, result) = token_with_expires_in(value.clone()).await;
        let err = result.expect_err("rejected");
        assert!(
            matches!(err, AuthError::UnexpectedTokenResponse { .. }),
            "{value}: {err:?}"
        );
        assert!(!err.to_string().contains("at-huge"));
    }
}

#[test]
fn manual_clock_does_not_overflow() {
    let clock = ManualClock::new(start_time());
    clock.advance(Duration::MAX);
    assert_eq!(okta_auth::Clock::now(&clock), start_time());
}
