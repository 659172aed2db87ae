//! Defect 7: token requests are bounded (a hung endpoint blocks no caller
//! past the bound), retried after 429/503, and a standalone source follows no
//! redirect.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::*;
use httpmock::prelude::*;
use okta_auth::{AuthError, CredentialSource, PrivateKeyJwt};
use okta_config::Secret;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// What the scripted server does with one request.
#[derive(Clone, Copy)]
enum Reply {
    /// Read the request and never answer (keep the connection open).
    Hang,
    /// Answer with this status and a small body.
    Status(u16),
    /// Answer 200 with a token.
    Token,
}

/// A loopback server that replies to the n-th request with `script[n]` (the
/// last entry repeats); counts the requests.
async fn scripted(script: Vec<Reply>) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            // Headers, then the form body (content-length).
            loop {
                match socket.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
                if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
                    let length = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(0);
                    if request.len() >= end + 4 + length {
                        break;
                    }
                }
            }
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let reply = script[n.min(script.len() - 1)];
            let (status, body) = match reply {
                Reply::Hang => {
                    held.push(socket);
                    continue;
                }
                Reply::Status(status) => {
                    (status, r#"{"error":"temporarily_unavailable"}"#.to_owned())
                }
                Reply::Token => (
                    200,
                    r#"{"token_type":"Bearer","expires_in":3600,"access_token":"at-ok"}"#
                        .to_owned(),
                ),
            };
            let response = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(response.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
    });
    (format!("http://{addr}"), count)
}

fn standalone(base: &str, timeout: Duration) -> PrivateKeyJwt {
    PrivateKeyJwt::builder(base.parse().unwrap(), CLIENT_ID, Secret::new(EC_PKCS8_PEM))
        .scopes(["okta.users.read"])
        .allow_insecure_http(true)
        .request_timeout(timeout)
        .http_client(http())
        .build()
        .unwrap()
}

fn user_request(base: &str) -> reqwest::Request {
    reqwest::Request::new(
        reqwest::Method::GET,
        format!("{base}/api/v1/users").parse().unwrap(),
    )
}

#[tokio::test]
async fn hung_token_endpoint_fails_every_caller_within_the_bound() {
    let (base, count) = scripted(vec![Reply::Hang]).await;
    let bound = Duration::from_millis(400);
    let source = Arc::new(standalone(&base, bound));
    let started = tokio::time::Instant::now();
    let first = {
        let source = source.clone();
        let base = base.clone();
        tokio::spawn(async move {
            let mut req = user_request(&base);
            let result = source.authorize(&mut req).await;
            (result, started.elapsed())
        })
    };
    let second = {
        let source = source.clone();
        let base = base.clone();
        tokio::spawn(async move {
            let mut req = user_request(&base);
            let result = source.authorize(&mut req).await;
            (result, started.elapsed())
        })
    };
    let tolerance = Duration::from_millis(1500);
    for handle in [first, second] {
        let (result, elapsed) = handle.await.unwrap();
        let err = result.expect_err("timed out");
        assert!(matches!(err, AuthError::TokenTimeout { .. }), "{err:?}");
        assert!(elapsed < bound + tolerance, "took {elapsed:?}");
    }
    assert!(count.load(Ordering::SeqCst) >= 1);
}

#[tokio::test]
async fn request_timeout_comes_from_the_configuration() {
    let (base, _) = scripted(vec![Reply::Hang]).await;
    let mut config = okta_config::OktaConfig::for_org(base.parse().unwrap());
    config.authorization_mode = okta_config::AuthorizationMode::PrivateKey;
    config.client_id = Some(CLIENT_ID.into());
    config.scopes = vec!["okta.users.read".into()];
    config.private_key = Some(Secret::new(EC_PKCS8_PEM));
    config.disable_https_check = true;
    config.request_timeout = Some(Duration::from_millis(300));
    let source = okta_auth::credentials_from_config(&config, http()).unwrap();
    let started = tokio::time::Instant::now();
    let mut req = user_request(&base);
    let err = source.authorize(&mut req).await.unwrap_err();
    assert!(matches!(err, AuthError::TokenTimeout { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn token_endpoint_503_and_429_are_retried() {
    for first in [503, 429] {
        let (base, count) = scripted(vec![Reply::Status(first), Reply::Token]).await;
        let source = standalone(&base, Duration::from_secs(10));
        let mut req = user_request(&base);
        source.authorize(&mut req).await.expect("retried");
        assert_eq!(
            header(&req, "authorization").as_deref(),
            Some("Bearer at-ok")
        );
        assert_eq!(count.load(Ordering::SeqCst), 2, "status {first}");
    }
}

#[tokio::test]
async fn token_endpoint_500_and_400_are_not_retried() {
    for status in [500, 400] {
        let (base, count) = scripted(vec![Reply::Status(status), Reply::Token]).await;
        let source = standalone(&base, Duration::from_secs(10));
        let mut req = user_request(&base);
        source.authorize(&mut req).await.expect_err("final");
        assert_eq!(count.load(Ordering::SeqCst), 1, "status {status}");
    }
}

#[tokio::test]
async fn standalone_source_follows_no_redirect() {
    let elsewhere = MockServer::start_async().await;
    let stolen = elsewhere
        .mock_async(|when, then| {
            when.any_request();
            then.status(200)
                .json_body(token_body("at-stolen", "Bearer", 3600));
        })
        .await;
    let server = MockServer::start_async().await;
    let target = format!("{}/oauth2/v1/token", elsewhere.base_url());
    let redirect = server
        .mock_async(|when, then| {
            when.method(POST).path(TOKEN_PATH);
            then.status(307).header("location", target.as_str());
        })
        .await;
    // No http_client: the source builds its own.
    let source = PrivateKeyJwt::builder(
        server.base_url().parse().unwrap(),
        CLIENT_ID,
        Secret::new(EC_PKCS8_PEM),
    )
    .scopes(["okta.users.read"])
    .allow_insecure_http(true)
    .build()
    .unwrap();
    let mut req = api_request(&server, reqwest::Method::GET);
    let err = source.authorize(&mut req).await.unwrap_err();
    assert!(
        matches!(err, AuthError::UnexpectedTokenResponse { status, .. } if status.as_u16() == 307),
        "{err:?}"
    );
    redirect.assert_calls_async(1).await;
    stolen.assert_calls_async(0).await;
}

#[tokio::test]
async fn duration_max_request_timeout_is_no_bound_and_no_panic() {
    let (base, count) = scripted(vec![Reply::Token]).await;
    let source = standalone(&base, Duration::MAX);
    let mut req = user_request(&base);
    source.authorize(&mut req).await.expect("token");
    assert_eq!(count.load(Ordering::SeqCst), 1);
}
