//! Defect 7 (runtime side): obtaining credentials, e.g. a token request to a
//! hung endpoint, is bounded by the request timeout.

mod common;

use std::time::Duration;

use common::*;
use httpmock::prelude::*;

/// Credentials whose `authorize` never completes (a hung token endpoint).
#[derive(Debug)]
struct HungCreds;

impl okta_auth::CredentialSource for HungCreds {
    fn authorize<'a>(
        &'a self,
        _request: &'a mut reqwest::Request,
    ) -> futures::future::BoxFuture<'a, Result<(), okta_auth::AuthError>> {
        Box::pin(futures::future::pending())
    }
}

#[tokio::test]
async fn obtaining_credentials_counts_against_the_request_timeout() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("{}");
        })
        .await;
    let clock = FakeClock::new();
    let mut config = config_for(&server.base_url());
    config.request_timeout = Some(Duration::from_millis(200));
    let rt = builder_with(config, &clock)
        .credentials(std::sync::Arc::new(HungCreds))
        .build()
        .unwrap();
    let err = get(&rt, "/api/v1/users/me").await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    mock.assert_calls_async(0).await;
}
