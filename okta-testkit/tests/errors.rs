//! Okta's error bodies and the headers every response carries:
//! `X-Okta-Request-Id` (also the body's `errorId`), `Date`, rate limits.

mod common;

use common::raw;
use okta_testkit::FakeOrg;
use reqwest::Method;
use serde_json::json;

/// (method, URL, authorization, body, status, errorCode)
type Case = (
    Method,
    String,
    Option<String>,
    Option<serde_json::Value>,
    u16,
    &'static str,
);

#[tokio::test]
async fn error_bodies_have_okta_shape_and_status() {
    let org = FakeOrg::builder()
        .rate_limit(100, 60)
        .start()
        .await
        .unwrap();
    let ssws = format!("SSWS {}", org.api_token());
    let url = |p: &str| format!("{}{p}", org.url());
    let cases: Vec<Case> = vec![
        (
            Method::GET,
            url("/api/v1/users/00unope"),
            Some(ssws.clone()),
            None,
            404,
            "E0000007",
        ),
        (
            Method::GET,
            url("/api/v1/groups/00gnope"),
            Some(ssws.clone()),
            None,
            404,
            "E0000007",
        ),
        (
            Method::POST,
            url("/api/v1/users"),
            Some(ssws.clone()),
            Some(json!({"profile": {}})),
            400,
            "E0000001",
        ),
        (
            Method::GET,
            url("/api/v1/users"),
            None,
            None,
            401,
            "E0000011",
        ),
        (
            Method::GET,
            url("/api/v1/users"),
            Some("SSWS wrong".into()),
            None,
            401,
            "E0000011",
        ),
        (
            Method::GET,
            url("/api/v1/users"),
            Some("Bearer never-issued".into()),
            None,
            401,
            "E0000011",
        ),
        (
            Method::PATCH,
            url("/api/v1/users"),
            Some(ssws.clone()),
            None,
            405,
            "E0000022",
        ),
    ];
    for (method, url, auth, body, status, code) in cases {
        let answer = raw(method.clone(), &url, auth.as_deref(), body).await;
        assert_eq!(answer.status, status, "{method} {url}");
        let body = &answer.body;
        assert_eq!(body["errorCode"], code, "{method} {url}");
        assert_eq!(body["errorLink"], code);
        assert!(body["errorSummary"].as_str().is_some_and(|s| !s.is_empty()));
        assert!(body["errorCauses"].is_array());
        let request_id = answer.headers["x-okta-request-id"].to_str().unwrap();
        assert_eq!(body["errorId"], request_id, "errorId is the request id");
    }
    // Validation errors carry one cause per problem.
    let answer = raw(
        Method::POST,
        &url("/api/v1/users"),
        Some(&ssws),
        Some(json!({"profile": {"login": "x@y.z"}})),
    )
    .await;
    let causes: Vec<&str> = answer.body["errorCauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["errorSummary"].as_str().unwrap())
        .collect();
    assert_eq!(causes.len(), 3, "{causes:?}");
    assert!(answer.body["errorSummary"]
        .as_str()
        .unwrap()
        .starts_with("Api validation failed"));
    // An unauthenticated request says how to authenticate.
    let answer = raw(Method::GET, &url("/api/v1/users"), None, None).await;
    assert!(answer.headers.contains_key("www-authenticate"));
}

#[tokio::test]
async fn every_response_has_request_id_date_and_rate_limit_headers() {
    let org = FakeOrg::start().await.unwrap();
    let ssws = format!("SSWS {}", org.api_token());
    let mut ids = std::collections::HashSet::new();
    for (path, status) in [
        ("/api/v1/users", 200),
        ("/api/v1/users/00unope", 404),
        ("/nothing/here", 404),
        ("/oauth2/v1/token", 405),
    ] {
        let answer = raw(
            Method::GET,
            &format!("{}{path}", org.url()),
            Some(&ssws),
            None,
        )
        .await;
        assert_eq!(answer.status, status, "{path}");
        let id = answer.headers["x-okta-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(!id.is_empty());
        assert!(ids.insert(id), "request ids are unique");
        let date = answer.headers["date"].to_str().unwrap();
        assert!(date.ends_with(" GMT"), "{date}");
        for header in [
            "x-rate-limit-limit",
            "x-rate-limit-remaining",
            "x-rate-limit-reset",
        ] {
            let value = answer.headers[header].to_str().unwrap();
            assert!(value.parse::<u64>().is_ok(), "{path} {header}: {value}");
        }
    }
}

#[tokio::test]
async fn the_sdk_surfaces_code_request_id_and_causes() {
    let org = FakeOrg::start().await.unwrap();
    let client = org.client();
    let error = client.get_user().id("00unope").send().await.unwrap_err();
    assert_eq!(error.okta_error_code(), Some("E0000007"));
    let request_id = error.request_id().expect("request id").to_owned();
    let api = error.api().unwrap();
    assert_eq!(api.error_id.as_deref(), Some(request_id.as_str()));
    assert_eq!(error.operation(), Some("getUser"));
    assert!(error.error_summary().unwrap().contains("00unope"));
}

#[tokio::test]
async fn odd_bodies_get_okta_errors_never_a_dropped_connection() {
    let org = FakeOrg::start().await.unwrap();
    let ssws = format!("SSWS {}", org.api_token());
    let user =
        org.seed_user(json!({"profile": {"login": "ada@example.com"}, "credentials": "odd"}));
    let group = org.seed_group(json!({"profile": {"name": "Eng"}}));
    let paths = [
        (Method::POST, "/api/v1/users".to_owned()),
        (Method::POST, format!("/api/v1/users/{user}")),
        (Method::PUT, format!("/api/v1/users/{user}")),
        (Method::POST, "/api/v1/groups".to_owned()),
        (Method::PUT, format!("/api/v1/groups/{group}")),
        (Method::POST, "/api/v1/apps".to_owned()),
        (Method::POST, format!("/api/v1/users/{user}/factors")),
    ];
    let bodies = [
        "not json",
        "[1, 2]",
        "\"text\"",
        r#"{"profile": "text"}"#,
        r#"{"profile": {"login": 7, "name": [], "email": null}}"#,
        r#"{"label": 5, "signOnMode": {"x": 1}, "settings": "s"}"#,
        r#"{"factorType": 3, "profile": []}"#,
        r#"{"credentials": {"password": {"value": "pw1234567"}}, "profile": null}"#,
    ];
    for (method, path) in &paths {
        for body in bodies {
            let response = common::http()
                .request(method.clone(), format!("{}{path}", org.url()))
                .header("authorization", &ssws)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{method} {path} {body}: {e}"));
            let status = response.status().as_u16();
            let text = response.text().await.unwrap();
            let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            // Either a validation error or, for a body that happens to be
            // acceptable (a partial update changing nothing), success.
            assert!(
                (status == 400 && json["errorCode"] == "E0000001") || status == 200,
                "{method} {path} {body}: {status} {text}"
            );
        }
    }
    // The org still answers.
    let answer = raw(
        Method::GET,
        &format!("{}/api/v1/users/{user}", org.url()),
        Some(&ssws),
        None,
    )
    .await;
    assert_eq!(answer.status, 200);
}
