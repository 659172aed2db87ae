//! Generated operations against a loopback Okta: requests, typed responses,
//! typed errors on every status, paging.
// Uses operations and models of several API areas: built with every area (`full`).
#![cfg(feature = "full")]

mod common;

use futures::TryStreamExt;
use httpmock::Method::{GET, POST};
use httpmock::MockServer;
use okta::models::{Application, UserGetSingleton, UserStatus};
use okta::ResponseExt;
use serde_json::json;

fn user_json(id: &str, login: &str) -> serde_json::Value {
    json!({
        "id": id,
        "status": "ACTIVE",
        "created": "2021-06-14T14:45:46.000Z",
        "lastLogin": null,
        "profile": {"login": login, "firstName": "Ada", "lastName": "Lovelace", "costCenter": "R&D-7"},
        "_links": {"self": {"href": format!("https://example.okta.com/api/v1/users/{id}")}}
    })
}

#[tokio::test]
async fn get_user_sends_the_token_and_decodes_the_model() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/users/00u1")
                .header("authorization", format!("SSWS {}", common::TOKEN))
                .header_missing("api-version");
            then.status(200)
                .header("content-type", "application/json")
                .header("x-okta-request-id", "req-get-user")
                .json_body(user_json("00u1", "ada@example.com"));
        })
        .await;
    let client = common::client(&server);

    let response = client.get_user().id("00u1").send().await.expect("get_user");
    assert_eq!(response.request_id().as_deref(), Some("req-get-user"));
    let user: UserGetSingleton = response.into_inner();
    mock.assert_async().await;
    assert_eq!(user.id.as_deref(), Some("00u1"));
    assert_eq!(user.status, Some(UserStatus::Active));
    let profile = user.profile.expect("profile");
    assert_eq!(profile.login.as_deref(), Some("ada@example.com"));
    assert_eq!(profile.cost_center.as_deref(), Some("R&D-7"));
}

#[tokio::test]
async fn create_user_posts_the_model_as_json() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/users")
                .query_param("activate", "false")
                .json_body(json!({
                    "profile": {"login": "grace@example.com", "email": "grace@example.com", "employeeId": 42},
                    "credentials": {"password": {"value": "Sup3r-s3cret!"}}
                }));
            then.status(200)
                .header("content-type", "application/json")
                .json_body(user_json("00u2", "grace@example.com"));
        })
        .await;
    let client = common::client(&server);

    let mut profile = okta::models::UserProfile {
        login: Some("grace@example.com".into()),
        email: Some("grace@example.com".into()),
        ..Default::default()
    };
    okta::Attributes::set_attribute(&mut profile, "employeeId", 42).expect("attribute");
    let body = okta::models::CreateUserRequest {
        profile: Some(profile),
        credentials: Some(okta::models::UserCredentialsWritable {
            password: Some(okta::models::PasswordCredential {
                value: Some("Sup3r-s3cret!".into()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    };
    let user = client
        .create_user()
        .activate(false)
        .body(body)
        .send()
        .await
        .expect("create_user")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(user.id.as_deref(), Some("00u2"));
}

/// `(status, body, content type)` → what the typed error must carry.
#[tokio::test]
async fn every_error_status_becomes_a_typed_error() {
    let cases: [(u16, &str, &str, Option<&str>); 6] = [
        (
            400,
            r#"{"errorCode":"E0000001","errorSummary":"Api validation failed: login","errorLink":"E0000001","errorId":"oae1","errorCauses":[{"errorSummary":"login: An object with this field already exists"}]}"#,
            "application/json",
            Some("E0000001"),
        ),
        (
            401,
            r#"{"errorCode":"E0000011","errorSummary":"Invalid token provided","errorLink":"E0000011","errorId":"oae2","errorCauses":[]}"#,
            "application/json",
            Some("E0000011"),
        ),
        (
            403,
            r#"{"errorCode":"E0000006","errorSummary":"You do not have permission","errorLink":"E0000006","errorId":"oae3","errorCauses":[]}"#,
            "application/json",
            Some("E0000006"),
        ),
        (
            404,
            r#"{"errorCode":"E0000007","errorSummary":"Not found: Resource not found: 00u404 (User)","errorLink":"E0000007","errorId":"oae4","errorCauses":[]}"#,
            "application/json",
            Some("E0000007"),
        ),
        (
            500,
            r#"{"errorCode":"E0000009","errorSummary":"Internal Server Error","errorLink":"E0000009","errorId":"oae5","errorCauses":[]}"#,
            "application/json",
            Some("E0000009"),
        ),
        (
            502,
            "<html><body><h1>502 Bad Gateway</h1></body></html>",
            "text/html",
            None,
        ),
    ];
    for (status, body, content_type, code) in cases {
        let server = MockServer::start_async().await;
        server
            .mock_async(|when, then| {
                when.method(GET).path("/api/v1/users/00u404");
                then.status(status)
                    .header("content-type", content_type)
                    .header("x-okta-request-id", format!("req-{status}"))
                    .body(body);
            })
            .await;
        let client = common::client(&server);
        let error: okta::Error = client
            .get_user()
            .id("00u404")
            .send()
            .await
            .expect_err("an error status");
        assert_eq!(
            error.status().map(|s| s.as_u16()),
            Some(status),
            "{status}: {error}"
        );
        assert_eq!(error.okta_error_code(), code, "{status}");
        assert_eq!(
            error.request_id(),
            Some(format!("req-{status}").as_str()),
            "{status}"
        );
        if status == 400 {
            let api = error.api().expect("api error");
            assert_eq!(api.error_causes.len(), 1);
            assert!(
                error.to_string().contains("Api validation failed"),
                "{error}"
            );
        }
    }
}

#[tokio::test]
async fn a_question_mark_converts_generated_errors() {
    async fn fetch(client: &okta::Client) -> okta::Result<UserGetSingleton> {
        Ok(client.get_user().id("gone").send().await?.into_inner())
    }
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/users/gone");
            then.status(404)
                .header("content-type", "application/json")
                .body(r#"{"errorCode":"E0000007","errorSummary":"Not found","errorCauses":[]}"#);
        })
        .await;
    let error = fetch(&common::client(&server)).await.expect_err("404");
    assert_eq!(error.okta_error_code(), Some("E0000007"));
}

#[tokio::test]
async fn list_operations_page_through_link_headers() {
    let server = MockServer::start_async().await;
    let base = server.base_url();
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/users")
                .query_param("limit", "2")
                .query_param_missing("after");
            then.status(200)
                .header("content-type", "application/json")
                .header(
                    "link",
                    format!("<{base}/api/v1/users?limit=2>; rel=\"self\""),
                )
                .header(
                    "link",
                    format!("<{base}/api/v1/users?after=00u2&limit=2>; rel=\"next\""),
                )
                .json_body(json!([
                    user_json("00u1", "a@example.com"),
                    user_json("00u2", "b@example.com")
                ]));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/users")
                .query_param("after", "00u2");
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!([user_json("00u3", "c@example.com")]));
        })
        .await;
    let client = common::client(&server);

    // The Python SDK's has_next()/next() walk: page by page, each the same request sent
    // again with the next cursor.
    let page = client
        .list_users()
        .limit(2)
        .send_page()
        .await
        .expect("first page");
    assert_eq!(page.items().len(), 2);
    assert!(page.has_next());
    assert_eq!(page.next_cursor(), Some("00u2"));
    let mut pages = client.list_users().limit(2).pages();
    let first_again = pages.try_next().await.expect("page 1").expect("a page 1");
    assert_eq!(first_again.items().len(), 2);
    let next = pages.try_next().await.expect("page 2").expect("a page 2");
    assert_eq!(next.items()[0].id.as_deref(), Some("00u3"));
    assert!(!next.has_next());
    assert!(pages.try_next().await.expect("end").is_none());

    // The whole list as a stream.
    let ids: Vec<String> = client
        .list_users()
        .limit(2)
        .stream()
        .map_ok(|u| u.id.unwrap_or_default())
        .try_collect()
        .await
        .expect("stream");
    assert_eq!(ids, ["00u1", "00u2", "00u3"]);
    assert_eq!(first.calls_async().await, 3);
    assert_eq!(second.calls_async().await, 2);
}

#[tokio::test]
async fn an_application_with_an_unknown_sign_on_mode_still_decodes() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/apps");
            then.status(200).header("content-type", "application/json").json_body(json!([
                {"id": "0oa1", "name": "bookmark", "label": "Wiki", "signOnMode": "BOOKMARK", "status": "ACTIVE",
                 "settings": {"app": {"requestIntegration": false, "url": "https://wiki.example.com"}}},
                {"id": "0oa2", "name": "future_app", "label": "Future", "signOnMode": "QUANTUM_SSO", "status": "ACTIVE",
                 "quantum": {"entangled": true}}
            ]));
        })
        .await;
    let apps = common::client(&server)
        .list_applications()
        .send()
        .await
        .expect("list_applications")
        .into_inner();
    assert!(matches!(apps[0], Application::Bookmark(_)), "{:?}", apps[0]);
    match &apps[1] {
        Application::Unknown(base) => {
            assert_eq!(base.label.as_deref(), Some("Future"));
            assert_eq!(base.extra.get("quantum"), Some(&json!({"entangled": true})));
        }
        other => panic!("expected Unknown, got {other:?}"),
    }
    assert_eq!(apps[1].label().map(String::as_str), Some("Future"));
}

#[test]
fn the_client_is_send_sync_and_clone() {
    fn assert_shareable<T: Send + Sync + Clone + 'static>() {}
    assert_shareable::<okta::Client>();
}

#[tokio::test]
async fn a_list_that_does_not_decode_names_the_operation_and_the_json_path() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/groups");
            then.status(200)
                .header("content-type", "application/json")
                .body(r#"[{"id": "00g1", "profile": {"name": "A"}}, {"id": 42}]"#);
        })
        .await;
    let error = common::client(&server)
        .list_groups()
        .send_page()
        .await
        .expect_err("id 42 is not a string");
    let message = error.to_string();
    assert!(message.starts_with("listGroups: "), "{message}");
    assert!(message.contains("[1].id"), "{message}");
}

/// Okta answers some operations with a `2xx` the spec does not declare (`verifyFactor` is
/// declared `200`, a push challenge answers `201`): still a success, decoded like the
/// declared one.
#[tokio::test]
async fn an_undeclared_success_status_is_a_success() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/users/00u1/factors/mfa1/verify");
            then.status(201)
                .header("content-type", "application/json")
                .json_body(
                    json!({"factorResult": "WAITING", "expiresAt": "2026-12-01T18:00:00.000Z"}),
                );
        })
        .await;
    let client = common::client(&server);
    let response = client
        .verify_factor()
        .user_id("00u1")
        .factor_id("mfa1")
        .body(okta::models::UserFactorVerifyRequest::default())
        .send()
        .await
        .expect("a 201 is a success");
    mock.assert_async().await;
    assert_eq!(response.status().as_u16(), 201);
    let result = serde_json::to_value(response.into_inner()).expect("encode");
    assert_eq!(result["factorResult"], "WAITING", "{result}");
}
