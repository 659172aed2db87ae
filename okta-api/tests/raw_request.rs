//! Raw requests to endpoints without a generated method.

mod common;

use common::*;
use futures::StreamExt;
use httpmock::prelude::*;
use okta_api::Page;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Deserialize, PartialEq)]
struct User {
    id: String,
    status: String,
}

#[tokio::test]
async fn get_typed() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/users/00u1")
                .query_param("expand", "groups")
                .header("accept", "application/json")
                .header("authorization", "SSWS token-1")
                .header("x-custom", "yes");
            then.status(200)
                .json_body(json!({"id": "00u1", "status": "ACTIVE", "extra": 1}));
        })
        .await;
    let (rt, _, _) = runtime(&server);
    let user: User = rt
        .request(Method::GET, "/api/v1/users/00u1")
        .query(&[("expand", "groups")])
        .header("x-custom", "yes")
        .send_json()
        .await
        .unwrap();
    assert_eq!(
        user,
        User {
            id: "00u1".into(),
            status: "ACTIVE".into()
        }
    );
    mock.assert_calls_async(1).await;
}

#[derive(Serialize)]
struct Activate {
    #[serde(rename = "sendEmail")]
    send_email: bool,
}

#[tokio::test]
async fn post_with_body_and_empty_answer() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/users/00u1/lifecycle/activate")
                .header("content-type", "application/json")
                .json_body(json!({"sendEmail": false}));
            then.status(200).json_body(json!({}));
        })
        .await;
    let (rt, _, _) = runtime(&server);
    rt.request(Method::POST, "/api/v1/users/00u1/lifecycle/activate")
        .json(&Activate { send_email: false })
        .send_empty()
        .await
        .unwrap();
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn send_bytes_returns_the_body() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(PUT).path("/api/v1/things/1");
            then.status(200).body("raw-bytes");
        })
        .await;
    let (rt, _, _) = runtime(&server);
    let body = rt
        .request(Method::PUT, "api/v1/things/1")
        .send_bytes()
        .await
        .unwrap();
    assert_eq!(&body[..], b"raw-bytes");
}

#[tokio::test]
async fn paginated_raw_list() {
    let server = MockServer::start_async().await;
    let next = format!(
        "<{}/api/v1/groups?after=g2&limit=2>; rel=\"next\"",
        server.base_url()
    );
    server
        .mock_async(|when, then| {
            when.path("/api/v1/groups").query_param_missing("after");
            then.status(200)
                .header("link", next.as_str())
                .json_body(json!([{"id": "g1", "status": "A"}, {"id": "g2", "status": "A"}]));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/api/v1/groups").query_param("after", "g2");
            then.status(200)
                .json_body(json!([{"id": "g3", "status": "A"}]));
        })
        .await;
    let (rt, _, creds) = runtime(&server);
    let page: Page<User> = rt
        .request(Method::GET, "/api/v1/groups")
        .query(&[("limit", 2)])
        .paginate()
        .await
        .unwrap();
    assert!(page.has_next());
    let ids: Vec<String> = page.into_stream().map(|r| r.unwrap().id).collect().await;
    assert_eq!(ids, vec!["g1", "g2", "g3"]);
    assert_eq!(creds.authorize_calls(), 2);
}

#[tokio::test]
async fn absolute_url_of_another_origin_is_refused() {
    let server = MockServer::start_async().await;
    let (rt, _, creds) = runtime(&server);
    let err = rt
        .request(Method::GET, "https://elsewhere.example/api/v1/users")
        .send_empty()
        .await
        .unwrap_err();
    assert!(matches!(err, okta_api::Error::ForeignOrigin { .. }));
    assert_eq!(creds.authorize_calls(), 0);
}
