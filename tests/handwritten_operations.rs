//! The hand-written operations (multipart uploads, CSR publishes, the Security Event
//! Token and the merge-patch update) against a loopback Okta.
// Uses operations and models of several API areas: built with every area (`full`).
#![cfg(feature = "full")]

mod common;

use httpmock::Method::{PATCH, POST};
use httpmock::MockServer;
use okta::{Certificate, Upload};
use serde_json::json;

fn jwk() -> serde_json::Value {
    json!({"kty": "RSA", "kid": "key-1", "use": "sig", "e": "AQAB", "n": "abc", "x5c": ["MIIC..."],
           "created": "2021-06-14 14:45:46", "_links": {"self": {"href": "https://example.okta.com/api/v1/apps/0oa1/credentials/keys/key-1"}}})
}

#[tokio::test]
async fn uploads_send_one_multipart_file_part() {
    let server = MockServer::start_async().await;
    let app_logo = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/apps/0oa1/logo")
                .header_includes("content-type", "multipart/form-data; boundary=")
                .body_includes("name=\"file\"; filename=\"logo.png\"")
                .body_includes("Content-Type: image/png")
                .body_includes("PNG-BYTES");
            then.status(201);
        })
        .await;
    let theme = |image: &'static str| {
        let server = &server;
        async move {
            server
                .mock_async(move |when, then| {
                    when.method(POST)
                        .path(format!("/api/v1/brands/bnd1/themes/thm1/{image}"))
                        .body_includes("filename=\"img.svg\"");
                    then.status(201)
                        .header("content-type", "application/json")
                        .json_body(json!({"url": format!("https://cdn.example.com/{image}.svg")}));
                })
                .await
        }
    };
    let (logo, favicon, background) = (
        theme("logo").await,
        theme("favicon").await,
        theme("background-image").await,
    );
    let client = common::client(&server);
    let svg = || Upload::new("img.svg", "image/svg+xml", b"<svg/>".to_vec());

    let uploaded = client
        .upload_application_logo()
        .app_id("0oa1")
        .file(Upload::new("logo.png", "image/png", b"PNG-BYTES".to_vec()))
        .send()
        .await
        .expect("app logo");
    assert_eq!(uploaded.status(), 201);
    let urls = [
        client
            .upload_brand_theme_logo()
            .brand_id("bnd1")
            .theme_id("thm1")
            .file(svg())
            .send()
            .await,
        client
            .upload_brand_theme_favicon()
            .brand_id("bnd1")
            .theme_id("thm1")
            .file(svg())
            .send()
            .await,
        client
            .upload_brand_theme_background_image()
            .brand_id("bnd1")
            .theme_id("thm1")
            .file(svg())
            .send()
            .await,
    ]
    .map(|r| {
        r.expect("theme upload")
            .into_inner()
            .url
            .unwrap_or_default()
    });
    assert_eq!(
        urls,
        [
            "https://cdn.example.com/logo.svg",
            "https://cdn.example.com/favicon.svg",
            "https://cdn.example.com/background-image.svg"
        ]
    );
    for mock in [&app_logo, &logo, &favicon, &background] {
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn a_bad_media_type_or_a_missing_parameter_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(201);
        })
        .await;
    let client = common::client(&server);
    let error = client
        .upload_application_logo()
        .app_id("0oa1")
        .file(Upload::new("x", "not a media type", Vec::new()))
        .send()
        .await
        .expect_err("invalid media type");
    assert!(error.to_string().contains("not a media type"), "{error}");
    let error = client
        .upload_application_logo()
        .file(Upload::new("x.png", "image/png", Vec::new()))
        .send()
        .await
        .expect_err("no app id");
    assert!(error.to_string().contains("`appId` is required"), "{error}");
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn csr_publishes_send_the_certificate_content_type_and_decode_the_key() {
    let server = MockServer::start_async().await;
    let client = common::client(&server);
    // (owner segment, certificate kind, content type, body sent)
    let cases = [
        (
            "apps",
            Certificate::Cer,
            "application/x-x509-ca-cert",
            "CER",
        ),
        ("apps", Certificate::Der, "application/pkix-cert", "DER"),
        ("apps", Certificate::Pem, "application/x-pem-file", "PEM"),
        (
            "idps",
            Certificate::Cer,
            "application/x-x509-ca-cert",
            "IDP-CER",
        ),
        ("idps", Certificate::Der, "application/pkix-cert", "IDP-DER"),
        (
            "idps",
            Certificate::Pem,
            "application/x-pem-file",
            "IDP-PEM",
        ),
    ];
    for (owner, kind, content_type, body) in cases {
        let mock = server
            .mock_async(move |when, then| {
                when.method(POST)
                    .path(format!(
                        "/api/v1/{owner}/own1/credentials/csrs/csr1/lifecycle/publish"
                    ))
                    .header("content-type", content_type)
                    .body(body);
                then.status(201)
                    .header("content-type", "application/json")
                    .json_body(jwk());
            })
            .await;
        let kid = if owner == "apps" {
            let key = client
                .publish_csr_from_application()
                .app_id("own1")
                .csr_id("csr1")
                .certificate(kind, body.as_bytes().to_vec())
                .send()
                .await
                .expect("app publish")
                .into_inner();
            assert_eq!(key.created.as_deref(), Some("2021-06-14 14:45:46"));
            key.kid
        } else {
            client
                .publish_csr_for_identity_provider()
                .idp_id("own1")
                .idp_csr_id("csr1")
                .certificate(kind, body.as_bytes().to_vec())
                .send()
                .await
                .expect("idp publish")
                .into_inner()
                .kid
        };
        assert_eq!(kid.as_deref(), Some("key-1"), "{owner} {content_type}");
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn security_event_tokens_and_merge_patches_use_their_media_types() {
    let server = MockServer::start_async().await;
    let set = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/security/api/v1/security-events")
                .header("content-type", "application/secevent+jwt")
                .body("eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
            then.status(202);
        })
        .await;
    let patch = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/authenticators/aut1/aaguids/cb69481e-8ff7-4039-93ec-0a2729a154a8")
                .header("content-type", "application/merge-patch+json")
                .json_body(json!({"name": "Security key"}));
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({"aaguid": "cb69481e-8ff7-4039-93ec-0a2729a154a8", "name": "Security key", "newField": 1}));
        })
        .await;
    let client = common::client(&server);
    let accepted = client
        .publish_security_event_tokens()
        .token("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")
        .send()
        .await
        .expect("security event token");
    assert_eq!(accepted.status(), 202);
    let body: okta::models::CustomAAGUIDUpdateRequestObject =
        serde_json::from_value(json!({"name": "Security key"})).expect("request model");
    let updated = client
        .update_custom_aaguid()
        .authenticator_id("aut1")
        .aaguid("cb69481e-8ff7-4039-93ec-0a2729a154a8")
        .body(body)
        .send()
        .await
        .expect("merge patch")
        .into_inner();
    assert_eq!(updated.name.as_deref(), Some("Security key"));
    assert_eq!(updated.extra["newField"], 1);
    set.assert_async().await;
    patch.assert_async().await;
}

#[tokio::test]
async fn path_parameters_stay_in_their_segment() {
    let server = MockServer::start_async().await;
    let confined = server
        .mock_async(|when, then| {
            when.method(POST).path("/api/v1/apps/%252E%252E/logo");
            then.status(201);
        })
        .await;
    let escaped = server
        .mock_async(|when, then| {
            when.method(POST).path("/api/v1/logo");
            then.status(201);
        })
        .await;
    common::client(&server)
        .upload_application_logo()
        .app_id("..")
        .file(Upload::new("l.png", "image/png", vec![1u8]))
        .send()
        .await
        .expect("sent to the confined path");
    confined.assert_async().await;
    assert_eq!(escaped.calls_async().await, 0);
}

#[tokio::test]
async fn a_decode_failure_names_the_operation_and_path() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/api/v1/brands/b/themes/t/logo");
            then.status(201)
                .header("content-type", "application/json")
                .json_body(json!({"url": 42}));
        })
        .await;
    let error = common::client(&server)
        .upload_brand_theme_logo()
        .brand_id("b")
        .theme_id("t")
        .file(Upload::new("l.png", "image/png", vec![1u8]))
        .send()
        .await
        .expect_err("url is not a string");
    let message = error.to_string();
    assert!(message.contains("uploadBrandThemeLogo"), "{message}");
    assert!(message.contains("url"), "{message}");
}
