//! Defect 4 (okta-api part): no body value reaches an error's or the cache's
//! `Display`/`Debug`.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use httpmock::prelude::*;
use okta_api::{Cache, CachedResponse, Error, MemoryCache};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};

const SECRET: &str = "SECRET-activation-7f3a";

fn assert_clean(err: &Error) {
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(!shown.contains("424242"), "{shown}");
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Token {
    #[serde(rename = "activationToken")]
    activation_token: u32,
}

#[tokio::test]
async fn invalid_type_error_hides_the_value_and_the_excerpt_is_masked() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/api/v1/users/00u1/lifecycle/activate");
            then.status(200).body(format!(
                r#"{{"activationUrl":"https://o/x?token={SECRET}","passCode":424242,"activationToken":"{SECRET}"}}"#
            ));
        })
        .await;
    let (rt, _, _) = runtime(&server);
    let err = rt
        .request(Method::POST, "/api/v1/users/00u1/lifecycle/activate")
        .send_json::<Token>()
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(decode.path.as_deref(), Some("activationToken"));
    assert!(
        decode.message.contains("expected u32"),
        "{}",
        decode.message
    );
    assert!(decode.line > 0 && decode.column > 0);
    let excerpt = decode.excerpt.as_deref().unwrap();
    assert!(excerpt.contains(r#""activationToken":"***""#), "{excerpt}");
    assert_clean(&err);
}

#[tokio::test]
async fn syntax_error_excerpt_is_masked() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/api/v1/sessions");
            then.status(200)
                .body(format!(r#"{{"sessionToken":"{SECRET}","n":424242,"x": }}"#));
        })
        .await;
    let (rt, _, _) = runtime(&server);
    let err = rt
        .request(Method::POST, "/api/v1/sessions")
        .send_json::<serde_json::Value>()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_clean(&err);
}

#[tokio::test]
async fn progenitor_payload_error_is_masked() {
    let body = bytes::Bytes::from(format!(r#"{{"activationToken":"{SECRET}"}}"#));
    let parse_err = serde_json::from_slice::<Token>(&body).unwrap_err();
    let err: Error = progenitor_client::Error::<()>::InvalidResponsePayload(body, parse_err).into();
    assert!(matches!(err, Error::Decode(_)));
    assert_clean(&err);
}

#[tokio::test]
async fn json_error_body_that_is_not_an_okta_error_is_masked() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/api/v1/authn");
            then.status(400)
                .body(format!(r#"{{"stateToken":"{SECRET}","status":"BAD"}}"#));
        })
        .await;
    let (rt, _, _) = runtime(&server);
    let err = rt
        .request(Method::POST, "/api/v1/authn")
        .send_empty()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST));
    let excerpt = err.api().unwrap().body_excerpt.clone().unwrap();
    assert!(excerpt.contains("stateToken"), "{excerpt}");
    assert_clean(&err);
}

#[test]
fn cache_debug_never_shows_bodies_or_header_values() {
    let mut headers = HeaderMap::new();
    headers.insert("x-secret", HeaderValue::from_static(SECRET));
    let cached = CachedResponse {
        status: StatusCode::OK,
        headers,
        body: bytes::Bytes::from(format!(r#"{{"activationToken":"{SECRET}"}}"#)),
    };
    let shown = format!("{cached:?}");
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(shown.contains("x-secret"), "{shown}");

    let cache = Arc::new(MemoryCache::new(
        Duration::from_secs(60),
        Duration::from_secs(60),
    ));
    cache.put(&format!("https://o/api/v1/users/{SECRET}"), cached);
    let shown = format!("{cache:?}");
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(shown.contains("entries: 1"), "{shown}");
}
