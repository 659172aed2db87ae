//! The hand-written operations (uploads, certificate publishes, the second
//! forgot-password variant) against a loopback Okta.

mod common;

use httpmock::Method::POST;
use httpmock::MockServer;
use okta::Upload;
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
    let org_logo = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/org/logo")
                .body_includes("ORG-LOGO");
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

    client
        .upload_application_logo(
            "0oa1",
            Upload::new("logo.png", "image/png", b"PNG-BYTES".to_vec()),
        )
        .await
        .expect("app logo");
    client
        .update_org_logo(Upload::new("org.png", "image/png", b"ORG-LOGO".to_vec()))
        .await
        .expect("org logo");
    let urls = [
        client.upload_brand_theme_logo("bnd1", "thm1", svg()).await,
        client
            .upload_brand_theme_favicon("bnd1", "thm1", svg())
            .await,
        client
            .upload_brand_theme_background_image("bnd1", "thm1", svg())
            .await,
    ]
    .map(|r| r.expect("theme upload").url.unwrap_or_default());
    assert_eq!(
        urls,
        [
            "https://cdn.example.com/logo.svg",
            "https://cdn.example.com/favicon.svg",
            "https://cdn.example.com/background-image.svg"
        ]
    );
    for mock in [&app_logo, &org_logo, &logo, &favicon, &background] {
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn a_bad_media_type_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(201);
        })
        .await;
    let error = common::client(&server)
        .upload_application_logo("0oa1", Upload::new("x", "not a media type", Vec::new()))
        .await
        .expect_err("invalid media type");
    assert!(error.to_string().contains("not a media type"), "{error}");
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn certificate_publishes_send_the_right_content_type_and_decode_the_key() {
    let server = MockServer::start_async().await;
    let client = common::client(&server);
    // (owner segment, content type, body sent)
    let cases = [
        ("apps", "application/x-x509-ca-cert", "BASE64-CER"),
        ("apps", "application/x-x509-ca-cert", "BINARY-CER"),
        ("apps", "application/pkix-cert", "BASE64-DER"),
        ("apps", "application/pkix-cert", "BINARY-DER"),
        ("apps", "application/x-pem-file", "BINARY-PEM"),
        ("idps", "application/x-x509-ca-cert", "IDP-BASE64-CER"),
        ("idps", "application/x-x509-ca-cert", "IDP-BINARY-CER"),
        ("idps", "application/pkix-cert", "IDP-BASE64-DER"),
        ("idps", "application/pkix-cert", "IDP-BINARY-DER"),
        ("idps", "application/x-pem-file", "IDP-BINARY-PEM"),
    ];
    let mut mocks = Vec::new();
    for (owner, content_type, body) in cases {
        mocks.push(
            server
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
                .await,
        );
    }
    let s = |v: &str| v.to_owned();
    let b = |v: &str| v.as_bytes().to_vec();
    let keys = vec![
        client
            .publish_cer_cert("own1", "csr1", s("BASE64-CER"))
            .await,
        client
            .publish_binary_cer_cert("own1", "csr1", b("BINARY-CER"))
            .await,
        client
            .publish_der_cert("own1", "csr1", s("BASE64-DER"))
            .await,
        client
            .publish_binary_der_cert("own1", "csr1", b("BINARY-DER"))
            .await,
        client
            .publish_binary_pem_cert("own1", "csr1", b("BINARY-PEM"))
            .await,
        client
            .publish_cer_cert_for_identity_provider("own1", "csr1", s("IDP-BASE64-CER"))
            .await,
        client
            .publish_binary_cer_cert_for_identity_provider("own1", "csr1", b("IDP-BINARY-CER"))
            .await,
        client
            .publish_der_cert_for_identity_provider("own1", "csr1", s("IDP-BASE64-DER"))
            .await,
        client
            .publish_binary_der_cert_for_identity_provider("own1", "csr1", b("IDP-BINARY-DER"))
            .await,
        client
            .publish_binary_pem_cert_for_identity_provider("own1", "csr1", b("IDP-BINARY-PEM"))
            .await,
    ];
    for (key, mock) in keys.into_iter().zip(&mocks) {
        let key = key.expect("publish");
        assert_eq!(key.kid.as_deref(), Some("key-1"));
        assert_eq!(key.created.as_deref(), Some("2021-06-14 14:45:46"));
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn forgot_password_set_new_password_posts_credentials() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/users/00u1/credentials/forgot_password")
                .query_param("sendEmail", "false")
                .json_body(json!({
                    "password": {"value": "N3w-passw0rd"},
                    "recovery_question": {"answer": "Annie Oakley"}
                }));
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({"resetPasswordUrl": "https://example.okta.com/reset/abc"}));
        })
        .await;
    let credentials = okta::models::UserCredentials {
        password: Some(okta::models::PasswordCredential {
            value: Some("N3w-passw0rd".into()),
            ..Default::default()
        }),
        recovery_question: Some(okta::models::RecoveryQuestionCredential {
            answer: Some("Annie Oakley".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let response = common::client(&server)
        .forgot_password_set_new_password("00u1", &credentials, Some(false))
        .await
        .expect("forgot password");
    mock.assert_async().await;
    assert_eq!(
        response.reset_password_url.as_deref(),
        Some("https://example.okta.com/reset/abc")
    );
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
        .upload_brand_theme_logo("b", "t", Upload::new("l.png", "image/png", vec![1u8]))
        .await
        .expect_err("url is not a string");
    let message = error.to_string();
    assert!(message.contains("uploadBrandThemeLogo"), "{message}");
    assert!(message.contains("url"), "{message}");
}
