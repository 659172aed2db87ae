//! Secrets (API token, private key, access token, client assertion, DPoP
//! proof) never show up in Debug output, error messages or log lines.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::*;
use httpmock::prelude::*;
use okta_auth::{
    credentials_from_config, BearerToken, CredentialSource, PrivateKeyJwt, PrivateKeyJwtBuilder,
    SswsToken,
};
use okta_config::{AuthorizationMode, OktaConfig, Secret};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde_json::Value;

const API_TOKEN: &str = "00SswsSecretApiTokenValue0123456789";
const ACCESS_TOKEN: &str = "eyAccessTokenSecretValue-9876543210";

/// A tracing writer that appends to a shared buffer.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Buffer {
    type Writer = Buffer;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// Pieces of the private keys that must never be printed: every base64 line
/// of the PEM bodies and every private JWK member.
fn key_fragments() -> Vec<String> {
    let mut fragments = Vec::new();
    for pem in [RSA_PKCS8_PEM, RSA_PKCS1_PEM, EC_PKCS8_PEM, EC_SEC1_PEM] {
        fragments.extend(
            pem.lines()
                .filter(|l| !l.starts_with("-----") && l.len() > 16)
                .map(str::to_owned),
        );
    }
    for jwk in [RSA_JWK, EC_JWK] {
        let jwk: Value = serde_json::from_str(jwk).unwrap();
        for member in ["d", "p", "q", "dp", "dq", "qi"] {
            if let Some(v) = jwk.get(member).and_then(Value::as_str) {
                fragments.push(v.to_owned());
                fragments.push(v[..20].to_owned());
            }
        }
    }
    assert!(fragments.len() > 20);
    fragments
}

fn assert_clean(what: &str, text: &str, secrets: &[String]) {
    for secret in secrets {
        assert!(
            !text.contains(secret.as_str()),
            "{what} leaks a secret fragment ({} chars)",
            secret.len()
        );
    }
}

#[test]
fn debug_output_of_sources_hides_tokens_and_keys() {
    let secrets: Vec<String> = key_fragments()
        .into_iter()
        .chain([API_TOKEN.to_owned()])
        .collect();

    let mut config = OktaConfig::for_org("https://dev-1.example.test".parse().unwrap());
    config.token = Some(Secret::new(API_TOKEN));
    let ssws = credentials_from_config(&config, http()).unwrap();
    let text = format!("{ssws:?} {ssws:#?}");
    assert!(text.contains("SswsToken"));
    assert_clean("SSWS Debug", &text, &secrets);
    let direct = SswsToken::new(&Secret::new(API_TOKEN)).unwrap();
    assert_clean("SSWS Debug", &format!("{direct:?}"), &secrets);

    config.authorization_mode = AuthorizationMode::Bearer;
    let bearer = credentials_from_config(&config, http()).unwrap();
    assert_clean("Bearer Debug", &format!("{bearer:?} {bearer:#?}"), &secrets);
    let direct = BearerToken::new(&Secret::new(API_TOKEN)).unwrap();
    assert_clean("Bearer Debug", &format!("{direct:?}"), &secrets);

    config.authorization_mode = AuthorizationMode::PrivateKey;
    config.client_id = Some(CLIENT_ID.into());
    config.scopes = vec!["okta.users.read".into()];
    config.dpop_enabled = true;
    for key in [
        RSA_PKCS8_PEM,
        RSA_PKCS1_PEM,
        RSA_JWK,
        EC_PKCS8_PEM,
        EC_SEC1_PEM,
        EC_JWK,
    ] {
        config.private_key = Some(Secret::new(key));
        let builder = PrivateKeyJwtBuilder::from_config(&config).unwrap();
        assert_clean(
            "builder Debug",
            &format!("{builder:?} {builder:#?}"),
            &secrets,
        );
        let source = builder.build().unwrap();
        let text = format!("{source:?} {source:#?}");
        assert!(text.contains(CLIENT_ID));
        assert_clean("PrivateKeyJwt Debug", &text, &secrets);
    }
}

#[tokio::test]
async fn no_secret_in_logs_errors_or_debug_during_a_full_flow() {
    let logs = Buffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(logs.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start_async().await;
    let recorder = Recorder::default();
    let token_mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(TOKEN_PATH)
                .is_true(recorder.matcher());
            then.status(200)
                .json_body(token_body(ACCESS_TOKEN, "DPoP", 3600));
        })
        .await;

    let mut cfg = config(&server, RSA_JWK);
    cfg.dpop_enabled = true;
    let source: Arc<dyn CredentialSource> = Arc::new(source(&cfg, manual_clock()));
    let mut request = api_request(&server, reqwest::Method::GET);
    source.authorize(&mut request).await.unwrap();
    let proof = header(&request, "dpop").unwrap();
    assert!(source
        .on_rejected(StatusCode::UNAUTHORIZED, &HeaderMap::new())
        .await
        .is_ok());
    source.authorize(&mut request).await.unwrap();
    assert_eq!(token_mock.calls_async().await, 2);
    let request_debug = format!("{request:?}");

    // Failures: token endpoint error, unusable token, malformed keys.
    let mut error_texts = Vec::new();
    let failing = MockServer::start_async().await;
    let _error_mock = failing
        .mock_async(|when, then| {
            when.method(POST).path(TOKEN_PATH);
            then.status(401).json_body(serde_json::json!({
                "error": "invalid_client",
                "error_description": "Invalid value for 'client_id' parameter."
            }));
        })
        .await;
    let failing_source = PrivateKeyJwt::from_config(&config(&failing, EC_JWK), http()).unwrap();
    let err = failing_source
        .authorize(&mut api_request(&failing, reqwest::Method::GET))
        .await
        .unwrap_err();
    error_texts.push(format!("{err} {err:?}"));
    for bad in [
        RSA_PKCS8_PEM.replace(
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCv3krdYg3z7h0H",
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCv3krdYg3z7h0I",
        ),
        RSA_JWK.replace("\"d\": \"R38U", "\"d\": 5, \"x\": \"R38U"),
        RSA_JWK.replace("\"kty\": \"RSA\",", ""),
        EC_JWK.replace("\"crv\": \"P-256\"", "\"crv\": \"P-384\""),
        RSA_PKCS1_PEM[..RSA_PKCS1_PEM.len() / 2].to_owned(),
    ] {
        let mut bad_cfg = cfg.clone();
        bad_cfg.private_key = Some(Secret::new(bad));
        let err = PrivateKeyJwt::from_config(&bad_cfg, http()).unwrap_err();
        error_texts.push(format!("{err} {err:?}"));
    }

    let logged = logs.text();
    assert!(
        logged.contains("requesting an access token"),
        "the subscriber captured the crate's events: {logged}"
    );
    assert!(logged.contains("token request failed"));

    let seen = recorder.requests();
    assert_eq!(seen.len(), 2);
    let mut secrets = key_fragments();
    secrets.push(ACCESS_TOKEN.to_owned());
    secrets.push(proof.clone());
    secrets.push(proof.rsplit('.').next().unwrap().to_owned());
    for s in &seen {
        let pairs = form_pairs(&s.body);
        let assertion = &pairs
            .iter()
            .find(|(k, _)| k == "client_assertion")
            .unwrap()
            .1;
        secrets.push(assertion.clone());
        secrets.push(assertion.rsplit('.').next().unwrap().to_owned());
        secrets.push(s.dpop.clone().unwrap());
    }

    assert_clean("log output", &logged, &secrets);
    assert_clean("request Debug", &request_debug, &secrets);
    assert_clean("source Debug", &format!("{source:?}"), &secrets);
    for text in &error_texts {
        assert_clean("error message", text, &secrets);
    }
}
