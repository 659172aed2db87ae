//! SSWS and Bearer sources, and how `credentials_from_config` picks a source.

mod common;

use common::http;
use okta_auth::{
    credentials_from_config, AuthError, BearerToken, CredentialSource, RejectionAdvice, SswsToken,
};
use okta_config::{AuthorizationMode, OktaConfig, Secret};
use reqwest::header::{HeaderMap, AUTHORIZATION};
use reqwest::StatusCode;

fn request() -> reqwest::Request {
    reqwest::Request::new(
        reqwest::Method::GET,
        "https://dev-1.example.test/api/v1/users".parse().unwrap(),
    )
}

fn config(mode: AuthorizationMode, token: Option<&str>) -> OktaConfig {
    let mut config = OktaConfig::for_org("https://dev-1.example.test".parse().unwrap());
    config.authorization_mode = mode;
    config.token = token.map(Secret::new);
    config
}

#[tokio::test]
async fn ssws_sets_the_ssws_authorization_header() {
    let source =
        credentials_from_config(&config(AuthorizationMode::Ssws, Some("00abcDEF")), http())
            .unwrap();
    let mut request = request();
    source.authorize(&mut request).await.unwrap();
    let value = &request.headers()[AUTHORIZATION];
    assert_eq!(value.to_str().unwrap(), "SSWS 00abcDEF");
    assert!(value.is_sensitive());
    assert!(format!("{source:?}").contains("SswsToken"));

    // Authorizing twice replaces, never duplicates, the header.
    source.authorize(&mut request).await.unwrap();
    assert_eq!(request.headers().get_all(AUTHORIZATION).iter().count(), 1);

    // A static token cannot be refreshed: the runtime gives up on 401.
    let advice = source
        .on_rejected(StatusCode::UNAUTHORIZED, &HeaderMap::new())
        .await
        .unwrap();
    assert_eq!(advice, RejectionAdvice::GiveUp);
}

#[tokio::test]
async fn bearer_sets_the_bearer_authorization_header() {
    let source =
        credentials_from_config(&config(AuthorizationMode::Bearer, Some("eyJ.x.y")), http())
            .unwrap();
    let mut request = request();
    source.authorize(&mut request).await.unwrap();
    let value = &request.headers()[AUTHORIZATION];
    assert_eq!(value.to_str().unwrap(), "Bearer eyJ.x.y");
    assert!(value.is_sensitive());
    assert!(format!("{source:?}").contains("BearerToken"));
}

#[tokio::test]
async fn direct_constructors_match_the_config_path() {
    let mut request = request();
    SswsToken::new(&Secret::new("t1"))
        .unwrap()
        .authorize(&mut request)
        .await
        .unwrap();
    assert_eq!(request.headers()[AUTHORIZATION], "SSWS t1");
    BearerToken::new(&Secret::new("t2"))
        .unwrap()
        .authorize(&mut request)
        .await
        .unwrap();
    assert_eq!(request.headers()[AUTHORIZATION], "Bearer t2");
}

#[test]
fn missing_or_unusable_tokens_are_config_errors() {
    for mode in [AuthorizationMode::Ssws, AuthorizationMode::Bearer] {
        let err = credentials_from_config(&config(mode, None), http()).unwrap_err();
        assert!(matches!(err, AuthError::Config(_)), "{err:?}");
        assert!(err.to_string().contains("okta.client.token"), "{err}");

        let err = credentials_from_config(&config(mode, Some("  ")), http()).unwrap_err();
        assert!(err.to_string().contains("empty"), "{err}");

        let err =
            credentials_from_config(&config(mode, Some("abc\ndef-secret")), http()).unwrap_err();
        assert!(matches!(err, AuthError::Config(_)), "{err:?}");
        assert!(!err.to_string().contains("def-secret"), "{err}");
    }
}

#[test]
fn auth_error_is_clone_and_send_sync() {
    fn check<T: Clone + Send + Sync + std::error::Error + 'static>() {}
    check::<AuthError>();
    let custom =
        AuthError::other_with_source("vault unavailable", std::io::Error::other("timeout"));
    let copy = custom.clone();
    assert_eq!(copy.to_string(), "vault unavailable");
    assert!(std::error::Error::source(&copy).is_some());
}
