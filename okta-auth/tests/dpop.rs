//! DPoP (RFC 9449): proofs verified against their embedded key, and the
//! `use_dpop_nonce` round trips at the token endpoint and on API calls.

mod common;

use std::collections::HashSet;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use common::*;
use httpmock::prelude::*;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use okta_auth::{CredentialSource, PrivateKeyJwt, RejectionAdvice};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::StatusCode;
use serde_json::Value;
use sha2::{Digest, Sha256};

fn dpop_source(server: &MockServer) -> PrivateKeyJwt {
    let mut config = config(server, RSA_PKCS8_PEM);
    config.dpop_enabled = true;
    let source = source(&config, manual_clock());
    assert!(source.dpop_enabled());
    source
}

/// Verifies `proof` with the public key in its own header and returns
/// (header, claims).
fn verify_proof(proof: &str) -> (Value, Value) {
    let header = jwt_part(proof, 0);
    assert_eq!(header["typ"], "dpop+jwt");
    assert_eq!(header["alg"], "ES256");
    let jwk = &header["jwk"];
    assert_eq!(jwk["kty"], "EC");
    assert_eq!(jwk["crv"], "P-256");
    assert!(
        jwk.get("d").is_none(),
        "the proof must not carry the private key"
    );
    let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_value(jwk.clone()).expect("jwk");
    let key = DecodingKey::from_jwk(&jwk).expect("decoding key");
    let mut validation = Validation::new(Algorithm::ES256);
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.required_spec_claims = HashSet::new();
    let data = jsonwebtoken::decode::<Value>(proof, &key, &validation)
        .expect("proof verifies with its embedded jwk");
    let claims = data.claims;
    assert_eq!(claims["iat"].as_u64(), Some(START));
    assert!(claims["jti"].as_str().is_some_and(|j| j.len() >= 16));
    (header, claims)
}

fn dpop_token_mock<'a>(server: &'a MockServer, recorder: &Recorder) -> httpmock::Mock<'a> {
    server.mock(|when, then| {
        when.method(POST)
            .path(TOKEN_PATH)
            .header_exists("dpop")
            .is_true(recorder.matcher());
        then.status(200)
            .json_body(token_body("at-dpop", "DPoP", 3600));
    })
}

#[tokio::test]
async fn token_request_and_api_calls_carry_verifiable_proofs() {
    let server = MockServer::start_async().await;
    let recorder = Recorder::default();
    let mock = dpop_token_mock(&server, &recorder);
    let source = dpop_source(&server);

    let mut jtis = Vec::new();
    let mut keys = Vec::new();
    for method in [
        reqwest::Method::GET,
        reqwest::Method::POST,
        reqwest::Method::DELETE,
        reqwest::Method::GET,
    ] {
        let mut request = api_request(&server, method.clone());
        source.authorize(&mut request).await.unwrap();
        assert_eq!(
            header(&request, "authorization").as_deref(),
            Some("DPoP at-dpop")
        );
        let proof = header(&request, "dpop").expect("DPoP header on the API call");
        let (header, claims) = verify_proof(&proof);
        assert_eq!(claims["htm"], method.as_str());
        assert_eq!(
            claims["htu"],
            format!("{}/api/v1/users", server.base_url()),
            "htu has no query or fragment"
        );
        let expected_ath = URL_SAFE_NO_PAD.encode(Sha256::digest(b"at-dpop"));
        assert_eq!(claims["ath"], expected_ath);
        assert!(claims.get("nonce").is_none());
        jtis.push(claims["jti"].as_str().unwrap().to_owned());
        keys.push(header["jwk"].clone());
    }
    assert_eq!(mock.calls(), 1);

    let seen = recorder.requests();
    assert_eq!(seen.len(), 1);
    let token_proof = seen[0]
        .dpop
        .clone()
        .expect("DPoP header on the token request");
    let (token_header, token_claims) = verify_proof(&token_proof);
    assert_eq!(token_claims["htm"], "POST");
    assert_eq!(
        token_claims["htu"],
        format!("{}{}", server.base_url(), TOKEN_PATH)
    );
    assert!(
        token_claims.get("ath").is_none(),
        "no ath on the token request"
    );
    jtis.push(token_claims["jti"].as_str().unwrap().to_owned());
    keys.push(token_header["jwk"].clone());

    assert_unique(&jtis);
    assert!(
        keys.iter().all(|k| *k == keys[0]),
        "one ephemeral key for the token and all API calls"
    );
}

#[tokio::test]
async fn each_source_generates_its_own_ephemeral_key() {
    let server = MockServer::start_async().await;
    let recorder = Recorder::default();
    let _mock = dpop_token_mock(&server, &recorder);
    let mut jwks = Vec::new();
    for _ in 0..2 {
        let source = dpop_source(&server);
        let mut request = api_request(&server, reqwest::Method::GET);
        source.authorize(&mut request).await.unwrap();
        let (header, _) = verify_proof(&header(&request, "dpop").unwrap());
        jwks.push(header["jwk"].clone());
    }
    assert_ne!(jwks[0], jwks[1]);
}

#[tokio::test]
async fn nonce_round_trip_at_the_token_endpoint() {
    let server = MockServer::start_async().await;
    let challenge = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(TOKEN_PATH)
                .is_true(|req: &HttpMockRequest| proof_nonce(req).is_none());
            then.status(400)
                .header("DPoP-Nonce", "server-nonce-1")
                .json_body(serde_json::json!({
                    "error": "use_dpop_nonce",
                    "error_description": "Authorization server requires nonce in DPoP proof."
                }));
        })
        .await;
    let with_nonce = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(TOKEN_PATH)
                .is_true(|req: &HttpMockRequest| {
                    proof_nonce(req).as_deref() == Some("server-nonce-1")
                });
            then.status(200)
                .json_body(token_body("at-dpop", "DPoP", 3600));
        })
        .await;
    let source = dpop_source(&server);
    let mut request = api_request(&server, reqwest::Method::GET);
    source
        .authorize(&mut request)
        .await
        .expect("nonce retry succeeds");
    assert_eq!(
        header(&request, "authorization").as_deref(),
        Some("DPoP at-dpop")
    );
    assert_eq!(challenge.calls_async().await, 1);
    assert_eq!(with_nonce.calls_async().await, 1);

    // The nonce is remembered for the next token request.
    source.invalidate().await;
    source.authorize(&mut request).await.unwrap();
    assert_eq!(challenge.calls_async().await, 1);
    assert_eq!(with_nonce.calls_async().await, 2);
}

#[tokio::test]
async fn at_most_two_nonce_retries_at_the_token_endpoint() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(TOKEN_PATH);
            then.status(400)
                .header("DPoP-Nonce", "always-new")
                .json_body(serde_json::json!({"error": "use_dpop_nonce"}));
        })
        .await;
    let source = dpop_source(&server);
    let mut request = api_request(&server, reqwest::Method::GET);
    let err = source.authorize(&mut request).await.unwrap_err();
    assert_eq!(err.oauth_error(), Some("use_dpop_nonce"));
    assert_eq!(
        mock.calls_async().await,
        3,
        "first try plus two nonce retries"
    );
}

#[tokio::test]
async fn nonce_challenge_on_an_api_call() {
    let server = MockServer::start_async().await;
    let recorder = Recorder::default();
    let mock = dpop_token_mock(&server, &recorder);
    let source = dpop_source(&server);

    let mut request = api_request(&server, reqwest::Method::GET);
    source.authorize(&mut request).await.unwrap();
    let (_, claims) = verify_proof(&header(&request, "dpop").unwrap());
    assert!(claims.get("nonce").is_none());

    // The resource server answers 401 with a nonce challenge.
    let mut headers = HeaderMap::new();
    headers.insert(
        "www-authenticate",
        HeaderValue::from_static(
            "DPoP error=\"use_dpop_nonce\", error_description=\"Resource server requires nonce in DPoP proof\"",
        ),
    );
    headers.insert("dpop-nonce", HeaderValue::from_static("rs-nonce-7"));
    let advice = source
        .on_rejected(StatusCode::UNAUTHORIZED, &headers)
        .await
        .unwrap();
    assert_eq!(advice, RejectionAdvice::RetryOnce);

    // The runtime re-authorizes: same token, proof now carries the nonce.
    let mut retry = api_request(&server, reqwest::Method::GET);
    source.authorize(&mut retry).await.unwrap();
    let (_, claims) = verify_proof(&header(&retry, "dpop").unwrap());
    assert_eq!(claims["nonce"], "rs-nonce-7");
    assert_eq!(
        header(&retry, "authorization").as_deref(),
        Some("DPoP at-dpop")
    );
    assert_eq!(mock.calls(), 1, "a nonce challenge does not drop the token");

    // A challenge without a DPoP-Nonce header cannot be answered.
    let mut headers = HeaderMap::new();
    headers.insert(
        "www-authenticate",
        HeaderValue::from_static("DPoP error=\"use_dpop_nonce\""),
    );
    let advice = source
        .on_rejected(StatusCode::UNAUTHORIZED, &headers)
        .await
        .unwrap();
    assert_eq!(advice, RejectionAdvice::GiveUp);
}

#[tokio::test]
async fn bearer_token_from_a_dpop_source_gets_no_proof() {
    let server = MockServer::start_async().await;
    let _mock = server
        .mock_async(|when, then| {
            when.method(POST).path(TOKEN_PATH);
            then.status(200)
                .json_body(token_body("at-plain", "Bearer", 3600));
        })
        .await;
    let source = dpop_source(&server);
    let mut request = api_request(&server, reqwest::Method::GET);
    source.authorize(&mut request).await.unwrap();
    assert_eq!(
        header(&request, "authorization").as_deref(),
        Some("Bearer at-plain")
    );
    assert!(header(&request, "dpop").is_none());
}
