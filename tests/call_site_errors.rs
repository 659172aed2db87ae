//! One error type at the call site: a failing generated call, hand-written call and raw
//! request all give `okta::Error` naming the operation, with the status, the Okta error
//! code and the request id. (A failing page 3 of a stream: `tests/paging.rs`.)
// Uses operations and models of several API areas: built with every area (`full`).
#![cfg(feature = "full")]

mod common;

use httpmock::Method::{GET, POST};
use httpmock::MockServer;
use serde_json::json;

async fn failing(server: &MockServer, method: httpmock::Method, path: &str, status: u16) {
    server
        .mock_async(|when, then| {
            when.method(method).path(path);
            then.status(status)
                .header("content-type", "application/json")
                .header("x-okta-request-id", "req-42")
                .json_body(json!({
                    "errorCode": "E0000007",
                    "errorSummary": "Not found: Resource not found: nobody (User)",
                    "errorLink": "E0000007",
                    "errorId": "oaeXYZ",
                    "errorCauses": []
                }));
        })
        .await;
}

fn assert_typed(error: &okta::Error, operation: &str, status: u16) {
    assert_eq!(error.operation(), Some(operation), "{error}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(status), "{error}");
    assert_eq!(error.okta_error_code(), Some("E0000007"), "{error}");
    assert_eq!(error.request_id(), Some("req-42"), "{error}");
    let shown = error.to_string();
    assert!(shown.contains(operation), "{shown}");
    assert!(!shown.contains("599"), "no synthetic status: {shown}");
}

#[tokio::test]
async fn generated_hand_written_and_raw_calls_fail_with_one_error_type() {
    let server = MockServer::start_async().await;
    failing(&server, GET, "/api/v1/users/nobody", 404).await;
    failing(&server, POST, "/api/v1/apps/0oa404/logo", 404).await;
    failing(&server, GET, "/api/v1/custom/thing", 404).await;
    let client = common::client(&server);

    // `?` works directly in a function returning `okta::Result`.
    async fn get(client: &okta::Client) -> okta::Result<okta::models::UserGetSingleton> {
        Ok(client.get_user().id("nobody").send().await?.into_inner())
    }
    let error: okta::Error = get(&client).await.expect_err("404");
    assert_typed(&error, "getUser", 404);

    let error = client
        .upload_application_logo()
        .app_id("0oa404")
        .file(okta::Upload::new("l.png", "image/png", vec![1u8]))
        .send()
        .await
        .expect_err("404");
    assert_typed(&error, "uploadApplicationLogo", 404);

    let error = client
        .request(reqwest::Method::GET, "/api/v1/custom/thing")
        .operation("getCustomThing")
        .send_json::<serde_json::Value>()
        .await
        .expect_err("404");
    assert_typed(&error, "getCustomThing", 404);
}

#[tokio::test]
async fn a_body_that_does_not_decode_names_the_operation() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/users/00u1");
            then.status(200)
                .header("content-type", "application/json")
                .body(r#"{"id": 42, "profile": {"login": "sup3r-s3cret-value"}}"#);
        })
        .await;
    let error = common::client(&server)
        .get_user()
        .id("00u1")
        .send()
        .await
        .expect_err("id is not a string");
    assert_eq!(error.operation(), Some("getUser"), "{error}");
    assert!(matches!(error, okta::Error::Decode(_)), "{error:?}");
    assert!(!format!("{error} {error:?}").contains("sup3r-s3cret-value"));
}
