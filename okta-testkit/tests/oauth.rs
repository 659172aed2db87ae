//! OAuth 2.0: the token endpoint verifies `private_key_jwt` client
//! assertions (signature, `aud`, `exp`, `jti` replay, `iss`/`sub`) and DPoP
//! proofs; API requests need the scope of each operation. The SDK's real
//! private-key mode (RSA and EC keys, with and without DPoP) runs end to end.

mod common;

use std::time::{SystemTime, UNIX_EPOCH};

use common::{create_user, http, new_user};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use okta_testkit::{FakeOrg, OAuthClient};
use serde_json::{json, Value};

// The SDK's test keys (okta-auth/tests/data/README.md).
const RSA_PEM: &str = include_str!("../../okta-auth/tests/data/rsa_pkcs8.pem");
const RSA_JWK: &str = include_str!("../../okta-auth/tests/data/rsa.jwk.json");
const EC_PEM: &str = include_str!("../../okta-auth/tests/data/ec_pkcs8.pem");
const EC_JWK: &str = include_str!("../../okta-auth/tests/data/ec.jwk.json");

const CLIENT: &str = "0oa-service-client";
const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

fn jwk(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn unique() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    format!("jti-{}-{}", now(), N.fetch_add(1, Ordering::Relaxed))
}

/// A client assertion for `org`, with `change` applied to the claims.
fn assertion(
    org: &FakeOrg,
    key: &EncodingKey,
    alg: Algorithm,
    change: impl FnOnce(&mut Value),
) -> String {
    let mut claims = json!({
        "iss": CLIENT,
        "sub": CLIENT,
        "aud": format!("{}/oauth2/v1/token", org.url()),
        "iat": now(),
        "exp": now() + 300,
        "jti": unique(),
    });
    change(&mut claims);
    jsonwebtoken::encode(&Header::new(alg), &claims, key).unwrap()
}

fn rsa_key() -> EncodingKey {
    EncodingKey::from_rsa_pem(RSA_PEM.as_bytes()).unwrap()
}

fn ec_key() -> EncodingKey {
    EncodingKey::from_ec_pem(EC_PEM.as_bytes()).unwrap()
}

/// A DPoP proof signed with the EC test key for `method` and `url`.
fn dpop_proof(method: &str, url: &str, access_token: Option<&str>) -> String {
    let mut header = Header::new(Algorithm::ES256);
    header.typ = Some("dpop+jwt".into());
    let public = jwk(EC_JWK);
    header.jwk = Some(
        serde_json::from_value(
            json!({"kty": "EC", "crv": "P-256", "x": public["x"], "y": public["y"]}),
        )
        .unwrap(),
    );
    let mut claims = json!({"jti": unique(), "htm": method, "htu": url, "iat": now()});
    if let Some(token) = access_token {
        use base64::Engine as _;
        use sha2::Digest as _;
        let hash = sha2::Sha256::digest(token.as_bytes());
        claims["ath"] = json!(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(hash));
    }
    jsonwebtoken::encode(&header, &claims, &ec_key()).unwrap()
}

/// Posts a token request; returns status, body and the DPoP-Nonce header.
async fn token_request(
    org: &FakeOrg,
    assertion: &str,
    scope: &str,
    dpop: Option<String>,
) -> (u16, Value) {
    let mut request = http()
        .post(format!("{}/oauth2/v1/token", org.url()))
        .form(&[
            ("grant_type", "client_credentials"),
            ("scope", scope),
            ("client_assertion_type", ASSERTION_TYPE),
            ("client_assertion", assertion),
        ]);
    if let Some(proof) = dpop {
        request = request.header("dpop", proof);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn the_sdk_private_key_mode_works_end_to_end_with_rsa_and_ec() {
    for (key, public) in [(RSA_PEM, RSA_JWK), (EC_PEM, EC_JWK)] {
        let org = FakeOrg::start().await.unwrap();
        org.register_oauth_client(
            CLIENT,
            jwk(public),
            &["okta.users.read", "okta.users.manage"],
        );
        let config = org.private_key_config(CLIENT, key, &["okta.users.read", "okta.users.manage"]);
        let client = okta::Client::from_config(config).unwrap();
        let id = create_user(&client, "ada@example.com").await;
        let users = client.list_users().send().await.unwrap().into_inner();
        assert_eq!(users[0].id.as_deref(), Some(id.as_str()));
        let seen: Vec<(String, String, u16)> = org
            .requests()
            .iter()
            .map(|r| (r.method.clone(), r.path.clone(), r.status))
            .collect();
        assert_eq!(
            seen,
            [
                ("POST".into(), "/oauth2/v1/token".into(), 200),
                ("POST".into(), "/api/v1/users".into(), 200),
                ("GET".into(), "/api/v1/users".into(), 200),
            ],
            "one token, reused"
        );
        // The log names the OAuth client as the actor.
        let create = org
            .log_events()
            .into_iter()
            .find(|e| e["eventType"] == "user.lifecycle.create")
            .unwrap();
        assert_eq!(create["actor"]["id"], CLIENT);
    }
}

#[tokio::test]
async fn rejected_client_assertions() {
    let org = FakeOrg::start().await.unwrap();
    org.register_oauth_client(CLIENT, jwk(RSA_JWK), &["okta.users.read"]);
    // (case, assertion)
    let cases: Vec<(&str, String)> = vec![
        (
            "wrong key",
            assertion(&org, &ec_key(), Algorithm::ES256, |_| {}),
        ),
        (
            "expired",
            assertion(&org, &rsa_key(), Algorithm::RS256, |c| {
                c["iat"] = json!(now() - 600);
                c["exp"] = json!(now() - 300);
            }),
        ),
        (
            "wrong audience",
            assertion(&org, &rsa_key(), Algorithm::RS256, |c| {
                c["aud"] = json!("https://other.example/oauth2/v1/token")
            }),
        ),
        (
            "issuer is not the client",
            assertion(&org, &rsa_key(), Algorithm::RS256, |c| {
                c["iss"] = json!("someone-else")
            }),
        ),
        (
            "unknown client",
            assertion(&org, &rsa_key(), Algorithm::RS256, |c| {
                c["iss"] = json!("0oa-unknown");
                c["sub"] = json!("0oa-unknown");
            }),
        ),
        (
            "lifetime over an hour",
            assertion(&org, &rsa_key(), Algorithm::RS256, |c| {
                c["exp"] = json!(now() + 7200)
            }),
        ),
        (
            "no jti",
            assertion(&org, &rsa_key(), Algorithm::RS256, |c| {
                c.as_object_mut().unwrap().remove("jti");
            }),
        ),
        ("not a JWT", "not.a.jwt".to_owned()),
    ];
    for (case, assertion) in cases {
        let (status, body) = token_request(&org, &assertion, "okta.users.read", None).await;
        assert_eq!(status, 401, "{case}: {body}");
        assert_eq!(body["error"], "invalid_client", "{case}");
    }
    // Replay: the same assertion works once.
    let once = assertion(&org, &rsa_key(), Algorithm::RS256, |_| {});
    let (status, body) = token_request(&org, &once, "okta.users.read", None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["scope"], "okta.users.read");
    let (status, body) = token_request(&org, &once, "okta.users.read", None).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client")),
        "replayed jti: {body}"
    );
    assert!(body["error_description"].as_str().unwrap().contains("jti"));
}

#[tokio::test]
async fn scopes_are_granted_up_to_the_registration_and_enforced_per_operation() {
    let org = FakeOrg::start().await.unwrap();
    org.register_oauth_client(
        CLIENT,
        jwk(RSA_JWK),
        &["okta.users.read", "okta.groups.read"],
    );

    // Asking for a scope the client does not have fails at the token endpoint.
    let (status, body) = token_request(
        &org,
        &assertion(&org, &rsa_key(), Algorithm::RS256, |_| {}),
        "okta.users.manage",
        None,
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_scope"))
    );
    let greedy =
        okta::Client::from_config(org.private_key_config(CLIENT, RSA_PEM, &["okta.users.manage"]))
            .unwrap();
    let error = greedy.list_users().send().await.unwrap_err();
    assert!(matches!(error, okta::Error::Auth(_)), "{error}");

    // A token with okta.users.read reads users but cannot create one or read logs.
    let reader =
        okta::Client::from_config(org.private_key_config(CLIENT, RSA_PEM, &["okta.users.read"]))
            .unwrap();
    reader.list_users().send().await.unwrap();
    let error = reader
        .create_user()
        .body(new_user("ada@example.com"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(403));
    assert_eq!(error.okta_error_code(), Some("E0000006"));
    assert!(org.users().is_empty(), "nothing was created");
    let error = reader.list_log_events().send().await.unwrap_err();
    assert_eq!(error.okta_error_code(), Some("E0000006"));

    // The challenge names the missing scope.
    let (_, token) = token_request(
        &org,
        &assertion(&org, &rsa_key(), Algorithm::RS256, |_| {}),
        "okta.users.read",
        None,
    )
    .await;
    let response = http()
        .post(format!("{}/api/v1/groups", org.url()))
        .bearer_auth(token["access_token"].as_str().unwrap())
        .json(&json!({"profile": {"name": "x"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    let challenge = response.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        challenge.contains("insufficient_scope") && challenge.contains("okta.groups.manage"),
        "{challenge}"
    );
}

#[tokio::test]
async fn the_sdk_dpop_mode_works_and_learns_the_nonce() {
    // (require DPoP, require nonces, token endpoint statuses, API statuses):
    // with nonces, the first token request and the first API call are each
    // challenged once; the SDK learns both nonces and keeps using them.
    let cases: [(bool, bool, &[u16], &[u16]); 3] = [
        (false, false, &[200], &[200, 200]),
        (true, false, &[200], &[200, 200]),
        (true, true, &[400, 200], &[401, 200, 200]),
    ];
    for (require, nonce, token_statuses, api_statuses) in cases {
        let org = FakeOrg::start().await.unwrap();
        org.add_oauth_client(
            OAuthClient::new(CLIENT, jwk(EC_JWK))
                .scopes(&["okta.users.read"])
                .require_dpop(require)
                .dpop_nonce(nonce),
        );
        let mut config = org.private_key_config(CLIENT, EC_PEM, &["okta.users.read"]);
        config.dpop_enabled = true;
        let client = okta::Client::from_config(config).unwrap();
        client.list_users().send().await.unwrap();
        client.list_users().send().await.unwrap();
        let tokens: Vec<u16> = org
            .requests()
            .iter()
            .filter(|r| r.path == "/oauth2/v1/token")
            .map(|r| r.status)
            .collect();
        assert_eq!(tokens, token_statuses, "require {require} nonce {nonce}");
        let api: Vec<u16> = org
            .requests()
            .iter()
            .filter(|r| r.path == "/api/v1/users")
            .map(|r| r.status)
            .collect();
        assert_eq!(api, api_statuses, "require {require} nonce {nonce}");
    }
}

#[tokio::test]
async fn a_client_that_requires_dpop_refuses_plain_token_requests() {
    let org = FakeOrg::start().await.unwrap();
    org.add_oauth_client(
        OAuthClient::new(CLIENT, jwk(RSA_JWK))
            .scopes(&["okta.users.read"])
            .require_dpop(true),
    );
    let client =
        okta::Client::from_config(org.private_key_config(CLIENT, RSA_PEM, &["okta.users.read"]))
            .unwrap();
    let error = client.list_users().send().await.unwrap_err();
    assert!(error.to_string().contains("invalid_dpop_proof"), "{error}");
}

#[tokio::test]
async fn dpop_bound_tokens_need_a_matching_fresh_proof() {
    let org = FakeOrg::start().await.unwrap();
    org.register_oauth_client(CLIENT, jwk(RSA_JWK), &["okta.users.read"]);
    let token_url = format!("{}/oauth2/v1/token", org.url());
    let users_url = format!("{}/api/v1/users", org.url());

    // A proof for another URL is refused at the token endpoint.
    let (status, body) = token_request(
        &org,
        &assertion(&org, &rsa_key(), Algorithm::RS256, |_| {}),
        "okta.users.read",
        Some(dpop_proof("POST", &users_url, None)),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_dpop_proof")),
        "{body}"
    );

    let (status, body) = token_request(
        &org,
        &assertion(&org, &rsa_key(), Algorithm::RS256, |_| {}),
        "okta.users.read",
        Some(dpop_proof("POST", &token_url, None)),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "DPoP");
    let token = body["access_token"].as_str().unwrap().to_owned();

    let fresh = dpop_proof("GET", &users_url, Some(&token));
    // (authorization, proof, expected status)
    let cases: Vec<(String, Option<String>, u16)> = vec![
        (format!("Bearer {token}"), None, 401),
        (format!("DPoP {token}"), None, 401),
        (
            format!("DPoP {token}"),
            Some(dpop_proof("GET", &users_url, Some("another-token"))),
            401,
        ),
        (
            format!("DPoP {token}"),
            Some(dpop_proof("POST", &users_url, Some(&token))),
            401,
        ),
        (format!("DPoP {token}"), Some(fresh.clone()), 200),
        (format!("DPoP {token}"), Some(fresh), 401),
    ];
    for (i, (authorization, proof, expected)) in cases.into_iter().enumerate() {
        let mut request = http()
            .get(&users_url)
            .header("authorization", authorization);
        if let Some(proof) = proof {
            request = request.header("dpop", proof);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), expected, "case {i}");
    }
}
