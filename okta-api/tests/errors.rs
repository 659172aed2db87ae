//! Error mapping: Okta error bodies, non-JSON bodies, progenitor round trips.

mod common;

use common::*;
use httpmock::prelude::*;
use okta_api::{error_response, Error};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

#[tokio::test]
async fn okta_error_bodies_fill_typed_fields() {
    let server = MockServer::start_async().await;
    let cases = [
        (400, "E0000001", "Api validation failed: login"),
        (401, "E0000011", "Invalid token provided"),
        (
            403,
            "E0000006",
            "You do not have permission to perform the requested action",
        ),
        (
            404,
            "E0000007",
            "Not found: Resource not found: nobody (User)",
        ),
        (
            429,
            "E0000047",
            "API call exceeded rate limit due to too many requests.",
        ),
        (500, "E0000009", "Internal Server Error"),
    ];
    for (status, code, summary) in cases {
        let path = format!("/api/v1/status/{status}");
        server
            .mock_async(|when, then| {
                when.path(path.as_str());
                then.status(status)
                    .header("x-okta-request-id", format!("req-{status}"))
                    .header("x-rate-limit-limit", "50")
                    .header("x-rate-limit-remaining", "7")
                    .header("x-rate-limit-reset", (START_SECS + 60).to_string())
                    .json_body(okta_error(code, summary));
            })
            .await;
    }
    let clock = FakeClock::new();
    let mut config = config_for(&server.base_url());
    config.max_retries = 0;
    let rt = builder_with(config, &clock).build().unwrap();
    for (status, code, summary) in cases {
        let err = get(&rt, &format!("/api/v1/status/{status}"))
            .await
            .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(err.okta_error_code(), Some(code));
        assert_eq!(err.error_summary(), Some(summary));
        let expected_id = format!("req-{status}");
        assert_eq!(err.request_id(), Some(expected_id.as_str()));
        assert_eq!(err.is_rate_limited(), status == 429);
        assert_eq!(err.rate_limit().map(|r| r.remaining), Some(7));
        let api = err.api().unwrap();
        assert_eq!(api.error_link.as_deref(), Some(code));
        assert_eq!(api.error_id.as_deref(), Some("oaeTESTID"));
        assert_eq!(api.error_causes[0].error_summary, "login: required");
        assert_eq!(api.operation.as_deref(), Some("test.get"));
        let text = err.to_string();
        assert!(text.contains(code) && text.contains(summary), "{text}");
        assert!(text.contains(&expected_id), "{text}");
    }
}

#[tokio::test]
async fn html_502_keeps_status_and_excerpt() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/gw");
            then.status(502).header("content-type", "text/html").body(
                "<html>\n  <head><title>502 Bad Gateway</title></head>\n<body>".to_owned()
                    + &"x".repeat(5000)
                    + "</body></html>",
            );
        })
        .await;
    let (rt, _, _) = runtime(&server);
    let err = get(&rt, "/gw").await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::BAD_GATEWAY));
    assert_eq!(err.okta_error_code(), None);
    let excerpt = err.api().unwrap().body_excerpt.clone().unwrap();
    assert!(
        excerpt.starts_with("<html> <head><title>502 Bad Gateway"),
        "{excerpt}"
    );
    assert!(excerpt.chars().count() <= 200);
    assert!(err.to_string().contains("502"));
}

#[tokio::test]
async fn messages_never_contain_the_token() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/secret");
            then.status(403).json_body(okta_error("E0000006", "denied"));
        })
        .await;
    let (rt, _, _) = runtime(&server);
    let err = get(&rt, "/secret").await.unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(!text.contains("token-1"), "{text}");
    assert!(
        !text.to_ascii_lowercase().contains("authorization"),
        "{text}"
    );
}

#[tokio::test]
async fn unexpected_response_round_trip_is_lossless() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/nf");
            then.status(404)
                .header("x-okta-request-id", "rid-404")
                .json_body(okta_error("E0000007", "Not found"));
        })
        .await;
    let (rt, _, _) = runtime(&server);
    let original = get(&rt, "/nf").await.unwrap_err();
    let synthetic = error_response(original.clone());
    assert_eq!(synthetic.status(), StatusCode::NOT_FOUND);
    let back: Error = progenitor_client::Error::<()>::UnexpectedResponse(synthetic).into();
    assert_eq!(back.api(), original.api());
    assert_eq!(back.request_id(), Some("rid-404"));
}

#[tokio::test]
async fn a_documented_error_response_keeps_status_and_request_id() {
    // Only reachable with a spec that documents error bodies (the normalized
    // one does not): status and headers are all progenitor keeps.
    let mut headers = HeaderMap::new();
    headers.insert("x-okta-request-id", "rid-400".parse().unwrap());
    let rv = progenitor_client::ResponseValue::new(
        serde_json::json!({"errorCode": "E0000001"}),
        StatusCode::BAD_REQUEST,
        headers,
    );
    let back: Error = progenitor_client::Error::ErrorResponse(rv).into();
    assert_eq!(back.status(), Some(StatusCode::BAD_REQUEST));
    assert_eq!(back.request_id(), Some("rid-400"));
}

#[tokio::test]
async fn non_http_errors_travel_with_status_599() {
    let err = Error::ForeignOrigin {
        origin: "https://evil.example".into(),
        expected: "https://org.example".into(),
    };
    let synthetic = error_response(err);
    assert_eq!(synthetic.status().as_u16(), 599);
    let back: Error = progenitor_client::Error::<()>::UnexpectedResponse(synthetic).into();
    assert!(matches!(back, Error::ForeignOrigin { .. }));
}

#[tokio::test]
async fn invalid_payload_becomes_decode_error_with_path() {
    let body = bytes::Bytes::from_static(br#"[{"id":"a","n":1},{"id":"b","n":"two"}]"#);
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        n: u32,
    }
    let parse_err = serde_json::from_slice::<Vec<Item>>(&body).unwrap_err();
    let back: Error =
        progenitor_client::Error::<()>::InvalidResponsePayload(body, parse_err).into();
    let Error::Decode(decode) = &back else {
        panic!("expected a decode error, got {back:?}");
    };
    assert_eq!(decode.path.as_deref(), Some("[1].n"));
    assert_eq!(decode.operation, None);
    let named = back.clone().with_operation("listItems");
    assert!(named.to_string().starts_with("listItems: "), "{named}");
    assert_eq!(decode.line, 1);
    let excerpt = decode.excerpt.as_deref().unwrap();
    assert!(excerpt.contains(r#""n":"***""#), "{excerpt}");
    assert!(!back.to_string().contains("two"), "{back}");
}

#[tokio::test]
async fn raw_decode_error_names_operation_and_path() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/api/v1/users/u1");
            then.status(200)
                .json_body(serde_json::json!({"id": "u1", "profile": {"login": 5}}));
        })
        .await;
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Profile {
        login: String,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct User {
        id: String,
        profile: Profile,
    }
    let (rt, _, _) = runtime(&server);
    let err = rt
        .request(Method::GET, "/api/v1/users/u1")
        .operation("getUser")
        .send_json::<User>()
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(decode.operation.as_deref(), Some("getUser"));
    assert_eq!(decode.path.as_deref(), Some("profile.login"));
    assert!(err.to_string().contains("getUser"));
}

#[test]
fn decode_json_reports_the_path_only_a_failure_pays_for() {
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Item {
        id: String,
        n: u32,
    }
    // (body, JSON path of the failure or None for a success, text the message names)
    let cases: [(&str, Option<Option<&str>>, &str); 5] = [
        (r#"[{"id":"a","n":1}]"#, None, ""),
        (
            r#"[{"id":"a","n":1},{"id":"b","n":"two"}]"#,
            Some(Some("[1].n")),
            "invalid type",
        ),
        (
            r#"[{"id":"a","n":1},{"n":2}]"#,
            Some(Some("[1]")),
            "missing field `id`",
        ),
        (r#"[{"id":"a","n":1}] x"#, Some(None), "trailing characters"),
        (r#"[{"id":"a","n":1},"#, Some(None), "EOF"),
    ];
    for (body, failure, message) in cases {
        let result = okta_api::decode_json::<Vec<Item>>("listItems", body.as_bytes());
        match (failure, result) {
            (None, Ok(items)) => assert_eq!(
                items,
                vec![Item {
                    id: "a".into(),
                    n: 1
                }]
            ),
            (Some(path), Err(Error::Decode(decode))) => {
                assert_eq!(decode.path.as_deref(), path, "{body}");
                assert_eq!(decode.operation.as_deref(), Some("listItems"));
                assert!(
                    decode.message.contains(message),
                    "{body}: {}",
                    decode.message
                );
                assert!(!decode.to_string().contains("two"), "{decode}");
            }
            (expected, got) => panic!("{body}: expected {expected:?}, got {got:?}"),
        }
    }
}

#[test]
fn communication_and_request_errors_map() {
    let back: Error = progenitor_client::Error::<()>::InvalidRequest("bad id".into()).into();
    assert!(matches!(back, Error::InvalidRequest(ref m) if m == "bad id"));
    let auth: Error = okta_auth::AuthError::Config("no token".into()).into();
    assert!(matches!(auth, Error::Auth(_)));
}
