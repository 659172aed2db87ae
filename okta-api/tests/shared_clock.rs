//! One clock for the whole SDK: the clock given to `RuntimeBuilder::clock`
//! also drives the private-key JWT source the runtime builds from the
//! configuration (token timestamps and expiry).

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use httpmock::prelude::*;
use okta_api::{Clock, ManualClock, Runtime};
use okta_config::{AuthorizationMode, Secret};
use reqwest::Method;

const EC_PKCS8_PEM: &str = include_str!("../../okta-auth/tests/data/ec_pkcs8.pem");

fn private_key_config(server: &MockServer) -> okta_config::OktaConfig {
    let mut config = config_for(&server.base_url());
    config.authorization_mode = AuthorizationMode::PrivateKey;
    config.client_id = Some("0oa-test-client".to_owned());
    config.scopes = vec!["okta.users.read".to_owned()];
    config.private_key = Some(Secret::new(EC_PKCS8_PEM));
    config
}

#[tokio::test]
async fn the_runtime_clock_decides_when_the_token_is_renewed() {
    let server = MockServer::start_async().await;
    let token = server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/v1/token");
            then.status(200).json_body(serde_json::json!({
                "token_type": "Bearer",
                "expires_in": 3600,
                "access_token": "at-1",
                "scope": "okta.users.read",
            }));
        })
        .await;
    let users = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/users")
                .header("authorization", "Bearer at-1");
            then.status(200).json_body(serde_json::json!([]));
        })
        .await;
    let clock = FakeClock::new();
    let runtime = builder_with(private_key_config(&server), &clock)
        .build()
        .unwrap();

    runtime
        .request(Method::GET, "/api/v1/users")
        .send_empty()
        .await
        .unwrap();
    runtime
        .request(Method::GET, "/api/v1/users")
        .send_empty()
        .await
        .unwrap();
    assert_eq!(token.calls_async().await, 1, "the token is cached");

    // An hour on the runtime's clock (no real time): the token is due, so
    // the source asks for a new one. With a clock of its own it would not.
    clock.advance(Duration::from_secs(3600));
    runtime
        .request(Method::GET, "/api/v1/users")
        .send_empty()
        .await
        .unwrap();
    assert_eq!(
        token.calls_async().await,
        2,
        "renewed on the runtime's clock"
    );
    assert_eq!(users.calls_async().await, 3);
}

#[test]
fn okta_api_and_okta_auth_share_one_clock_trait() {
    // A clock made for okta-auth is a clock for okta-api: same trait.
    let manual: Arc<dyn okta_auth::Clock> = Arc::new(ManualClock::default());
    let as_api: Arc<dyn Clock> = manual.clone();
    let config = okta_config::OktaConfig::for_org("https://dev-1.okta.com".parse().unwrap());
    let runtime = Runtime::builder(config).clock(as_api).build().unwrap();
    assert_eq!(runtime.clock().now(), manual.now());
}

#[tokio::test]
async fn a_manual_clock_sleeps_by_moving_forward() {
    let clock = ManualClock::default();
    let before = clock.now();
    clock.sleep(Duration::from_secs(90)).await;
    assert_eq!(clock.now(), before + Duration::from_secs(90));
}
