//! The token request: exact form fields, and a client assertion that verifies
//! with the public key and carries the required claims, for every key form.

mod common;

use std::collections::HashSet;

use common::*;
use httpmock::prelude::*;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use okta_auth::{AuthError, CredentialSource, PrivateKeyJwt};
use okta_config::Secret;
use serde_json::Value;

/// Runs one token request with `key` and returns the form pairs sent.
async fn token_request_form(key: &str, kid: Option<&str>) -> (Vec<(String, String)>, Seen, String) {
    let server = MockServer::start_async().await;
    let recorder = Recorder::default();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(TOKEN_PATH)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json")
                .is_true(recorder.matcher());
            then.status(200)
                .json_body(token_body("at-1", "Bearer", 3600));
        })
        .await;
    let mut config = config(&server, key);
    config.kid = kid.map(str::to_owned);
    let source = source(&config, manual_clock());
    let mut request = api_request(&server, reqwest::Method::GET);
    source.authorize(&mut request).await.expect("authorize");
    assert_eq!(
        header(&request, "authorization").as_deref(),
        Some("Bearer at-1")
    );
    mock.assert_calls_async(1).await;
    let seen = recorder.requests();
    assert_eq!(seen.len(), 1);
    let pairs = form_pairs(&seen[0].body);
    (
        pairs,
        seen[0].clone(),
        format!("{}{}", server.base_url(), TOKEN_PATH),
    )
}

fn assertion_of(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == "client_assertion")
        .map(|(_, v)| v.clone())
        .expect("client_assertion")
}

fn check_form(pairs: &[(String, String)]) {
    let names: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        [
            "client_assertion",
            "client_assertion_type",
            "grant_type",
            "scope"
        ],
        "exactly these form fields, each once"
    );
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap()
    };
    assert_eq!(get("grant_type"), "client_credentials");
    assert_eq!(get("scope"), "okta.users.read okta.groups.manage");
    assert_eq!(
        get("client_assertion_type"),
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    );
}

/// Verifies the assertion's signature with `key` and checks its claims.
fn check_assertion(
    assertion: &str,
    alg: Algorithm,
    key: &DecodingKey,
    aud: &str,
    kid: Option<&str>,
) {
    let header = jwt_part(assertion, 0);
    assert_eq!(header["alg"], format!("{alg:?}"));
    assert_eq!(header.get("kid").and_then(Value::as_str), kid);

    let mut validation = Validation::new(alg);
    validation.set_audience(&[aud]);
    validation.set_issuer(&[CLIENT_ID]);
    validation.sub = Some(CLIENT_ID.to_owned());
    // The manual clock stands in the past; expiry is checked by hand below.
    validation.validate_exp = false;
    validation.required_spec_claims = HashSet::from(["exp".into(), "iat".into()]);
    let data = jsonwebtoken::decode::<Value>(assertion, key, &validation)
        .expect("assertion verifies with the public key");
    let claims = data.claims;
    assert_eq!(claims["iss"], CLIENT_ID);
    assert_eq!(claims["sub"], CLIENT_ID);
    assert_eq!(claims["aud"], aud);
    let iat = claims["iat"].as_u64().unwrap();
    let exp = claims["exp"].as_u64().unwrap();
    assert_eq!(iat, START, "iat comes from the injected clock");
    assert!(exp > iat && exp - iat <= 3600, "exp within one hour of iat");
    assert!(claims["jti"].as_str().is_some_and(|j| j.len() >= 16));
}

fn rsa_key() -> DecodingKey {
    DecodingKey::from_rsa_pem(RSA_PUBLIC_PEM.as_bytes()).unwrap()
}

fn ec_key() -> DecodingKey {
    DecodingKey::from_ec_pem(EC_PUBLIC_PEM.as_bytes()).unwrap()
}

#[tokio::test]
async fn rsa_pkcs8_pem_from_the_reference_readme() {
    let (pairs, seen, aud) = token_request_form(RSA_PKCS8_PEM, None).await;
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.path, TOKEN_PATH);
    assert!(seen.dpop.is_none(), "no DPoP header unless enabled");
    check_form(&pairs);
    check_assertion(
        &assertion_of(&pairs),
        Algorithm::RS256,
        &rsa_key(),
        &aud,
        None,
    );
}

#[tokio::test]
async fn rsa_pkcs1_pem_with_configured_kid() {
    let (pairs, _, aud) = token_request_form(RSA_PKCS1_PEM, Some("kid-from-config")).await;
    check_form(&pairs);
    check_assertion(
        &assertion_of(&pairs),
        Algorithm::RS256,
        &rsa_key(),
        &aud,
        Some("kid-from-config"),
    );
}

#[tokio::test]
async fn rsa_jwk_from_the_reference_readme_uses_its_kid() {
    let (pairs, _, aud) = token_request_form(RSA_JWK, None).await;
    check_form(&pairs);
    check_assertion(
        &assertion_of(&pairs),
        Algorithm::RS256,
        &rsa_key(),
        &aud,
        Some("test"),
    );
}

#[tokio::test]
async fn configured_kid_overrides_the_jwk_kid() {
    let (pairs, _, aud) = token_request_form(RSA_JWK, Some("override")).await;
    check_assertion(
        &assertion_of(&pairs),
        Algorithm::RS256,
        &rsa_key(),
        &aud,
        Some("override"),
    );
}

#[tokio::test]
async fn ec_p256_pkcs8_pem_signs_es256() {
    let (pairs, _, aud) = token_request_form(EC_PKCS8_PEM, None).await;
    check_form(&pairs);
    check_assertion(
        &assertion_of(&pairs),
        Algorithm::ES256,
        &ec_key(),
        &aud,
        None,
    );
}

#[tokio::test]
async fn ec_p256_sec1_pem_signs_es256() {
    let (pairs, _, aud) = token_request_form(EC_SEC1_PEM, Some("ec-kid")).await;
    check_form(&pairs);
    check_assertion(
        &assertion_of(&pairs),
        Algorithm::ES256,
        &ec_key(),
        &aud,
        Some("ec-kid"),
    );
}

#[tokio::test]
async fn ec_p256_jwk_signs_es256() {
    let (pairs, _, aud) = token_request_form(EC_JWK, None).await;
    check_form(&pairs);
    check_assertion(
        &assertion_of(&pairs),
        Algorithm::ES256,
        &ec_key(),
        &aud,
        Some("ec-test"),
    );
}

#[tokio::test]
async fn key_with_escaped_newlines_from_an_environment_variable() {
    let escaped = RSA_PKCS8_PEM.replace('\n', "\\n");
    let (pairs, _, aud) = token_request_form(&escaped, None).await;
    check_assertion(
        &assertion_of(&pairs),
        Algorithm::RS256,
        &rsa_key(),
        &aud,
        None,
    );
}

#[tokio::test]
async fn each_token_request_has_a_fresh_jti() {
    let server = MockServer::start_async().await;
    let recorder = Recorder::default();
    let _mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(TOKEN_PATH)
                .is_true(recorder.matcher());
            then.status(200).json_body(token_body("at", "Bearer", 3600));
        })
        .await;
    let source = source(&config(&server, RSA_PKCS8_PEM), manual_clock());
    for _ in 0..3 {
        source.invalidate().await;
        let mut request = api_request(&server, reqwest::Method::GET);
        source.authorize(&mut request).await.unwrap();
    }
    let jtis: Vec<String> = recorder
        .requests()
        .iter()
        .map(|s| {
            let assertion = assertion_of(&form_pairs(&s.body));
            jwt_part(&assertion, 1)["jti"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(jtis.len(), 3);
    assert_unique(&jtis);
}

#[test]
fn http_token_endpoint_is_refused_without_disable_https_check() {
    let mut config = okta_config::OktaConfig::for_org("http://dev-1.example.test".parse().unwrap());
    config.authorization_mode = okta_config::AuthorizationMode::PrivateKey;
    config.client_id = Some(CLIENT_ID.into());
    config.scopes = vec!["okta.users.read".into()];
    config.private_key = Some(Secret::new(RSA_PKCS8_PEM));
    let err = PrivateKeyJwt::from_config(&config, http()).unwrap_err();
    assert!(matches!(err, AuthError::Config(_)), "{err:?}");
    assert!(err.to_string().contains("https"), "{err}");

    config.disable_https_check = true;
    PrivateKeyJwt::from_config(&config, http()).expect("allowed when the check is disabled");

    config.org_url = "https://dev-1.example.test".parse().unwrap();
    config.disable_https_check = false;
    let source = PrivateKeyJwt::from_config(&config, http()).unwrap();
    assert_eq!(
        source.token_endpoint().as_str(),
        "https://dev-1.example.test/oauth2/v1/token"
    );
    assert_eq!(source.algorithm(), "RS256");
}

#[test]
fn private_key_mode_needs_client_id_key_and_scopes() {
    let base = || {
        let mut config =
            okta_config::OktaConfig::for_org("https://dev-1.example.test".parse().unwrap());
        config.authorization_mode = okta_config::AuthorizationMode::PrivateKey;
        config.client_id = Some(CLIENT_ID.into());
        config.scopes = vec!["okta.users.read".into()];
        config.private_key = Some(Secret::new(EC_PKCS8_PEM));
        config
    };
    let mut no_client = base();
    no_client.client_id = None;
    let mut no_key = base();
    no_key.private_key = None;
    let mut no_scopes = base();
    no_scopes.scopes.clear();
    for (config, word) in [
        (no_client, "client id"),
        (no_key, "private key"),
        (no_scopes, "scope"),
    ] {
        let err = okta_auth::credentials_from_config(&config, http()).unwrap_err();
        assert!(matches!(err, AuthError::Config(_)), "{err:?}");
        assert!(err.to_string().contains(word), "{err}");
    }
    okta_auth::credentials_from_config(&base(), http()).expect("complete config works");
}
