//! Access token caching, renewal, single-flight and invalidation, and how
//! token endpoint failures surface.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use httpmock::prelude::*;
use okta_auth::{AuthError, CredentialSource, RejectionAdvice};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

async fn authorize(source: &dyn CredentialSource, server: &MockServer) -> reqwest::Request {
    let mut request = api_request(server, reqwest::Method::GET);
    source.authorize(&mut request).await.expect("authorize");
    request
}

#[tokio::test]
async fn two_authorize_calls_share_one_token_request() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(TOKEN_PATH);
            then.status(200)
                .json_body(token_body("at-cached", "Bearer", 3600));
        })
        .await;
    let source = source(&config(&server, RSA_PKCS8_PEM), manual_clock());
    let first = authorize(&source, &server).await;
    let second = authorize(&source, &server).await;
    assert_eq!(
        header(&first, "authorization").as_deref(),
        Some("Bearer at-cached")
    );
    assert_eq!(
        header(&second, "authorization").as_deref(),
        Some("Bearer at-cached")
    );
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn token_is_renewed_renewal_offset_before_expiry() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(TOKEN_PATH);
            then.status(200).json_body(token_body("at", "Bearer", 3600));
        })
        .await;
    let clock = manual_clock();
    let mut config = config(&server, EC_PKCS8_PEM);
    config.oauth_token_renewal_offset = Duration::from_secs(300);
    let source = source(&config, clock.clone());

    authorize(&source, &server).await;
    assert_eq!(mock.calls_async().await, 1);

    // 3600 s lifetime − 300 s offset: still fresh one second before 3300 s.
    clock.advance(Duration::from_secs(3299));
    authorize(&source, &server).await;
    assert_eq!(
        mock.calls_async().await,
        1,
        "still cached before the renewal point"
    );

    clock.advance(Duration::from_secs(1));
    authorize(&source, &server).await;
    assert_eq!(mock.calls_async().await, 2, "renewed at expiry − offset");

    // The renewed token's clock starts at its own request time.
    clock.advance(Duration::from_secs(3299));
    authorize(&source, &server).await;
    assert_eq!(mock.calls_async().await, 2);
    clock.advance(Duration::from_secs(1));
    authorize(&source, &server).await;
    assert_eq!(mock.calls_async().await, 3);
}

#[tokio::test]
async fn custom_renewal_offset_is_honoured() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(TOKEN_PATH);
            then.status(200).json_body(token_body("at", "Bearer", 3600));
        })
        .await;
    let clock = manual_clock();
    let mut config = config(&server, EC_PKCS8_PEM);
    config.oauth_token_renewal_offset = Duration::from_secs(60);
    let source = source(&config, clock.clone());
    authorize(&source, &server).await;
    clock.advance(Duration::from_secs(3539));
    authorize(&source, &server).await;
    assert_eq!(mock.calls_async().await, 1);
    clock.advance(Duration::from_secs(1));
    authorize(&source, &server).await;
    assert_eq!(mock.calls_async().await, 2);
}

#[tokio::test]
async fn short_lived_token_is_renewed_halfway_rather_than_every_call() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(TOKEN_PATH);
            then.status(200).json_body(token_body("at", "Bearer", 120));
        })
        .await;
    let clock = manual_clock();
    // Default offset (5 min) is longer than the 2 min lifetime.
    let source = source(&config(&server, EC_PKCS8_PEM), clock.clone());
    authorize(&source, &server).await;
    authorize(&source, &server).await;
    assert_eq!(mock.calls_async().await, 1);
    clock.advance(Duration::from_secs(60));
    authorize(&source, &server).await;
    assert_eq!(mock.calls_async().await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_callers_cause_exactly_one_token_request() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(TOKEN_PATH);
            then.status(200)
                .delay(Duration::from_millis(300))
                .json_body(token_body("at-shared", "Bearer", 3600));
        })
        .await;
    let source = Arc::new(source(&config(&server, RSA_PKCS8_PEM), manual_clock()));
    let base = server.base_url();
    let barrier = Arc::new(tokio::sync::Barrier::new(50));
    let tasks: Vec<_> = (0..50)
        .map(|i| {
            let source = source.clone();
            let barrier = barrier.clone();
            let url = format!("{base}/api/v1/users/{i}");
            tokio::spawn(async move {
                barrier.wait().await;
                let mut request = reqwest::Request::new(reqwest::Method::GET, url.parse().unwrap());
                source.authorize(&mut request).await.expect("authorize");
                header(&request, "authorization")
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().as_deref(), Some("Bearer at-shared"));
    }
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn rejection_with_401_drops_the_token_and_advises_one_retry() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(TOKEN_PATH);
            then.status(200).json_body(token_body("at", "Bearer", 3600));
        })
        .await;
    let source = source(&config(&server, RSA_PKCS8_PEM), manual_clock());
    authorize(&source, &server).await;
    assert_eq!(mock.calls_async().await, 1);

    // 403 (e.g. missing scope): a new token would not help.
    let advice = source
        .on_rejected(StatusCode::FORBIDDEN, &HeaderMap::new())
        .await
        .unwrap();
    assert_eq!(advice, RejectionAdvice::GiveUp);
    authorize(&source, &server).await;
    assert_eq!(mock.calls_async().await, 1, "403 keeps the token");

    let advice = source
        .on_rejected(StatusCode::UNAUTHORIZED, &HeaderMap::new())
        .await
        .unwrap();
    assert_eq!(advice, RejectionAdvice::RetryOnce);
    authorize(&source, &server).await;
    assert_eq!(mock.calls_async().await, 2, "401 forces a new token");
}

#[tokio::test]
async fn token_endpoint_error_is_typed_and_not_retried() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(TOKEN_PATH);
            then.status(401).json_body(serde_json::json!({
                "error": "invalid_client",
                "error_description": "The client_assertion signature is invalid."
            }));
        })
        .await;
    let source = source(&config(&server, RSA_PKCS8_PEM), manual_clock());
    let mut request = api_request(&server, reqwest::Method::GET);
    let err = source.authorize(&mut request).await.unwrap_err();
    match &err {
        AuthError::TokenEndpoint {
            status,
            error,
            description,
        } => {
            assert_eq!(*status, StatusCode::UNAUTHORIZED);
            assert_eq!(error, "invalid_client");
            assert_eq!(
                description.as_deref(),
                Some("The client_assertion signature is invalid.")
            );
        }
        other => panic!("expected TokenEndpoint, got {other:?}"),
    }
    assert_eq!(err.oauth_error(), Some("invalid_client"));
    assert!(err.to_string().contains("invalid_client"));
    assert!(request.headers().get("authorization").is_none());
    assert_eq!(
        mock.calls_async().await,
        1,
        "the token POST is never retried"
    );

    // The failure is not cached: the next call tries again (once).
    let mut request = api_request(&server, reqwest::Method::GET);
    assert!(source.authorize(&mut request).await.is_err());
    assert_eq!(mock.calls_async().await, 2);
}

#[tokio::test]
async fn bad_request_with_use_dpop_nonce_is_not_retried_without_dpop() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(TOKEN_PATH);
            then.status(400)
                .header("DPoP-Nonce", "n-1")
                .json_body(serde_json::json!({"error": "use_dpop_nonce"}));
        })
        .await;
    let source = source(&config(&server, RSA_PKCS8_PEM), manual_clock());
    let mut request = api_request(&server, reqwest::Method::GET);
    let err = source.authorize(&mut request).await.unwrap_err();
    assert_eq!(err.oauth_error(), Some("use_dpop_nonce"));
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn non_oauth_error_bodies_and_bad_success_bodies_are_reported() {
    let server = MockServer::start_async().await;
    let html = server
        .mock_async(|when, then| {
            when.method(POST).path(TOKEN_PATH);
            then.status(502)
                .header("content-type", "text/html")
                .body("<html>bad gateway</html>");
        })
        .await;
    let source = source(&config(&server, RSA_PKCS8_PEM), manual_clock());
    let mut request = api_request(&server, reqwest::Method::GET);
    let err = source.authorize(&mut request).await.unwrap_err();
    assert!(
        matches!(err, AuthError::UnexpectedTokenResponse { status, .. } if status == StatusCode::BAD_GATEWAY),
        "{err:?}"
    );
    html.delete_async().await;

    let _missing = server
        .mock_async(|when, then| {
            when.method(POST).path(TOKEN_PATH);
            then.status(200)
                .json_body(serde_json::json!({"token_type": "Bearer", "expires_in": 3600}));
        })
        .await;
    let err = source.authorize(&mut request).await.unwrap_err();
    assert!(
        matches!(&err, AuthError::UnexpectedTokenResponse { reason, .. } if reason.contains("access_token")),
        "{err:?}"
    );
}

#[tokio::test]
async fn unreachable_token_endpoint_is_a_transport_error() {
    // Bind then drop a listener to get a loopback port nobody listens on.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let mut config =
        okta_config::OktaConfig::for_org(format!("http://127.0.0.1:{port}").parse().unwrap());
    config.authorization_mode = okta_config::AuthorizationMode::PrivateKey;
    config.client_id = Some(CLIENT_ID.into());
    config.scopes = vec!["okta.users.read".into()];
    config.private_key = Some(okta_config::Secret::new(EC_PKCS8_PEM));
    config.disable_https_check = true;
    let source = okta_auth::credentials_from_config(&config, http()).unwrap();
    let mut request = reqwest::Request::new(
        reqwest::Method::GET,
        format!("http://127.0.0.1:{port}/api/v1/users")
            .parse()
            .unwrap(),
    );
    let err = source.authorize(&mut request).await.unwrap_err();
    let copy = err.clone();
    assert!(matches!(copy, AuthError::Transport { .. }), "{copy:?}");
    assert!(std::error::Error::source(&err).is_some());
}
