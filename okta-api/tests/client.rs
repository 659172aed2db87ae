//! Runtime construction, custom HTTP client and credentials, concurrency.

mod common;

use std::sync::Arc;

use common::*;
use httpmock::prelude::*;
use okta_api::{Error, Runtime};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::Method;

fn assert_send_sync_clone<T: Send + Sync + Clone + 'static>() {}

#[test]
fn runtime_is_send_sync_clone() {
    assert_send_sync_clone::<Runtime>();
    assert_send_sync_clone::<Error>();
}

#[test]
fn plain_http_is_refused_unless_allowed() {
    let config = okta_config::OktaConfig::for_org("http://dev-1.okta.example".parse().unwrap());
    let err = Runtime::builder(config.clone()).build().unwrap_err();
    assert!(matches!(err, Error::Config(_)));
    let mut allowed = config;
    allowed.disable_https_check = true;
    assert!(Runtime::builder(allowed).build().is_ok());
}

#[test]
fn base_url_has_no_trailing_slash() {
    let config = okta_config::OktaConfig::for_org("https://dev-1.okta.example/".parse().unwrap());
    let rt = Runtime::builder(config).build().unwrap();
    assert_eq!(rt.base_url(), "https://dev-1.okta.example");
    assert_eq!(rt.config().max_retries, 2);
}

#[tokio::test]
async fn default_client_sends_the_user_agent() {
    let server = MockServer::start_async().await;
    let mut config = config_for(&server.base_url());
    config.user_agent = Some("my-app/1.0".into());
    let expected = okta_api::user_agent(&config);
    assert!(expected.starts_with(&format!("okta-rs/{} rust/", env!("CARGO_PKG_VERSION"))));
    assert!(expected.ends_with(" my-app/1.0"));
    let mock = server
        .mock_async(|when, then| {
            when.path("/ua").header("user-agent", expected.as_str());
            then.status(200).body("{}");
        })
        .await;
    let rt = Runtime::builder(config).build().unwrap();
    get(&rt, "/ua").await.unwrap();
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn custom_http_client_and_credentials_are_used() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/c")
                .header("x-from-custom-client", "1")
                .header("authorization", "SSWS token-1");
            then.status(200).body("{}");
        })
        .await;
    let mut headers = HeaderMap::new();
    headers.insert("x-from-custom-client", HeaderValue::from_static("1"));
    let client = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let creds = CountingCreds::new();
    let rt = Runtime::builder(config_for(&server.base_url()))
        .http_client(client)
        .credentials(creds.clone())
        .build()
        .unwrap();
    get(&rt, "/c").await.unwrap();
    mock.assert_calls_async(1).await;
    assert_eq!(creds.authorize_calls(), 1);
}

#[tokio::test]
async fn api_version_header_is_removed() {
    let server = MockServer::start_async().await;
    let with = server
        .mock_async(|when, then| {
            when.path("/v").header_exists("api-version");
            then.status(500);
        })
        .await;
    let without = server
        .mock_async(|when, then| {
            when.path("/v").header_missing("api-version");
            then.status(200).body("{}");
        })
        .await;
    let (rt, _, _) = runtime(&server);
    let mut req =
        reqwest::Request::new(Method::GET, format!("{}/v", rt.base_url()).parse().unwrap());
    req.headers_mut()
        .insert("api-version", HeaderValue::from_static("2024.07.0"));
    rt.execute(req, "getV").await.unwrap();
    with.assert_calls_async(0).await;
    without.assert_calls_async(1).await;
}

#[tokio::test]
async fn redirect_to_another_origin_is_not_followed() {
    let server = MockServer::start_async().await;
    let foreign = MockServer::start_async().await;
    let foreign_mock = foreign
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("{}");
        })
        .await;
    let target = format!("{}/steal", foreign.base_url());
    server
        .mock_async(|when, then| {
            when.path("/moved");
            then.status(302).header("location", target.as_str());
        })
        .await;
    let rt = Runtime::builder(config_for(&server.base_url()))
        .credentials(CountingCreds::new())
        .build()
        .unwrap();
    let err = get(&rt, "/moved").await.unwrap_err();
    assert!(matches!(err, Error::ForeignOrigin { .. }), "{err:?}");
    foreign_mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn same_origin_redirect_is_followed() {
    let server = MockServer::start_async().await;
    let target = format!("{}/new", server.base_url());
    server
        .mock_async(|when, then| {
            when.path("/old");
            then.status(301).header("location", target.as_str());
        })
        .await;
    let new = server
        .mock_async(|when, then| {
            when.path("/new");
            then.status(200).body("{}");
        })
        .await;
    let rt = Runtime::builder(config_for(&server.base_url()))
        .build()
        .unwrap();
    let resp = get(&rt, "/old").await.unwrap();
    assert_eq!(resp.status(), 200);
    new.assert_calls_async(1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usable_from_many_tasks_at_once() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path_includes("/api/v1/users/");
            then.status(200).body("{}");
        })
        .await;
    let (rt, _, creds) = runtime(&server);
    let mut tasks = Vec::new();
    for i in 0..16 {
        let rt = rt.clone();
        tasks.push(tokio::spawn(async move {
            rt.request(Method::GET, &format!("/api/v1/users/u{i}"))
                .send_empty()
                .await
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    mock.assert_calls_async(16).await;
    assert_eq!(creds.authorize_calls(), 16);
    let _shared: Arc<Runtime> = Arc::new(rt);
}

#[allow(dead_code)]
fn futures_are_send(rt: Runtime, req: reqwest::Request, page: okta_api::Page<serde_json::Value>) {
    fn is_send<T: Send>(_: &T) {}
    is_send(&rt.execute(req, "op"));
    is_send(&page.next());
    is_send(&rt.resume_pages::<serde_json::Value>("/x"));
    is_send(
        &rt.request(Method::GET, "/x")
            .send_json::<serde_json::Value>(),
    );
    is_send(&page.into_stream());
}

#[tokio::test]
async fn credentials_come_from_the_config_by_default() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/t").header("authorization", "SSWS cfg-token");
            then.status(200).body("{}");
        })
        .await;
    let mut config = config_for(&server.base_url());
    config.token = Some(okta_config::Secret::new("cfg-token"));
    let rt = Runtime::builder(config).build().unwrap();
    assert!(!format!("{rt:?}").contains("cfg-token"));
    get(&rt, "/t").await.unwrap();
    mock.assert_calls_async(1).await;
}

#[derive(Debug)]
struct FailingCreds;

impl okta_auth::CredentialSource for FailingCreds {
    fn authorize<'a>(
        &'a self,
        _request: &'a mut reqwest::Request,
    ) -> futures::future::BoxFuture<'a, Result<(), okta_auth::AuthError>> {
        Box::pin(async { Err(okta_auth::AuthError::Config("no key available".into())) })
    }
}

#[tokio::test]
async fn credential_failure_is_an_auth_error_and_nothing_is_sent() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("{}");
        })
        .await;
    let rt = Runtime::builder(config_for(&server.base_url()))
        .credentials(Arc::new(FailingCreds))
        .build()
        .unwrap();
    let err = get(&rt, "/x").await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn slow_answer_is_bounded_by_the_request_timeout() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/slow");
            then.status(200)
                .body("{}")
                .delay(std::time::Duration::from_secs(5));
        })
        .await;
    let mut config = config_for(&server.base_url());
    config.request_timeout = Some(std::time::Duration::from_millis(30));
    let rt = Runtime::builder(config).build().unwrap();
    let started = std::time::Instant::now();
    let err = get(&rt, "/slow").await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
}
