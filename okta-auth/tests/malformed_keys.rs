//! Malformed or unsupported private keys give a clear `InvalidPrivateKey`
//! error naming the format and the problem, never a panic.

mod common;

use common::*;
use okta_auth::{AuthError, KeyFormat, PrivateKeyJwt};
use okta_config::Secret;
use serde_json::Value;

fn build(key: &str) -> Result<PrivateKeyJwt, AuthError> {
    PrivateKeyJwt::builder(
        "https://dev-1.example.test".parse().unwrap(),
        CLIENT_ID,
        Secret::new(key),
    )
    .scopes(["okta.users.read"])
    .http_client(http())
    .build()
}

#[track_caller]
fn expect_key_error(key: &str, format: KeyFormat, words: &[&str]) {
    match build(key) {
        Err(AuthError::InvalidPrivateKey {
            format: got,
            reason,
        }) => {
            assert_eq!(got, format, "format for {reason}");
            let message = build(key).unwrap_err().to_string();
            assert!(
                message.contains(&format.to_string()),
                "message names the format: {message}"
            );
            for word in words {
                assert!(
                    reason.contains(word),
                    "reason {reason:?} should mention {word:?}"
                );
            }
        }
        Err(other) => panic!("expected InvalidPrivateKey, got {other:?}"),
        Ok(_) => panic!("expected an error"),
    }
}

fn jwk_with(base: &str, edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> String {
    let mut value: Value = serde_json::from_str(base).unwrap();
    edit(value.as_object_mut().unwrap());
    value.to_string()
}

#[test]
fn not_a_key_at_all() {
    expect_key_error("", KeyFormat::Unknown, &["empty"]);
    expect_key_error("   \n  ", KeyFormat::Unknown, &["empty"]);
    expect_key_error(
        "/etc/okta/key.pem",
        KeyFormat::Unknown,
        &["PEM", "JSON Web Key"],
    );
    expect_key_error("[1, 2, 3]", KeyFormat::Unknown, &["PEM"]);
}

#[test]
fn malformed_pem() {
    expect_key_error(
        "-----BEGIN PRIVATE KEY-----\nnot*base64!\n-----END PRIVATE KEY-----\n",
        KeyFormat::Pem,
        &["base64"],
    );
    expect_key_error(
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        KeyFormat::Pem,
        &["PKCS#8"],
    );
    expect_key_error(
        "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n",
        KeyFormat::Pem,
        &["PKCS#1"],
    );
    expect_key_error(
        "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n",
        KeyFormat::Pem,
        &["SEC1"],
    );
    let truncated = &RSA_PKCS8_PEM[..RSA_PKCS8_PEM.len() - 40];
    expect_key_error(truncated, KeyFormat::Pem, &["END PRIVATE KEY"]);
    expect_key_error("-----BEGIN PRIVATE KEY", KeyFormat::Pem, &["BEGIN"]);
    expect_key_error(
        "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n",
        KeyFormat::Pem,
        &["PKCS#8"],
    );
    // PKCS#8 DER under a PKCS#1 label.
    let mislabeled = RSA_PKCS8_PEM.replace("PRIVATE KEY", "RSA PRIVATE KEY");
    expect_key_error(&mislabeled, KeyFormat::Pem, &["PKCS#1"]);
}

#[test]
fn pem_that_is_not_a_usable_private_key() {
    expect_key_error(
        RSA_PUBLIC_PEM,
        KeyFormat::Pem,
        &["PUBLIC KEY", "no private key"],
    );
    expect_key_error(
        include_str!("data/ec_encrypted.pem"),
        KeyFormat::Pem,
        &["encrypted"],
    );
    expect_key_error(
        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n",
        KeyFormat::Pem,
        &["encrypted"],
    );
    expect_key_error(
        include_str!("data/unsupported_ed25519.pem"),
        KeyFormat::Pem,
        &["not supported", "1.3.101.112"],
    );
    expect_key_error(
        include_str!("data/unsupported_ec_p384.pem"),
        KeyFormat::Pem,
        &["not supported", "P-256"],
    );
    expect_key_error(
        include_str!("data/weak_rsa1024.pem"),
        KeyFormat::Pem,
        &["1024 bits", "2048"],
    );
}

#[test]
fn pem_with_parameters_block_and_crlf_is_accepted() {
    let with_params = format!(
        "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n{EC_SEC1_PEM}"
    );
    assert_eq!(build(&with_params).unwrap().algorithm(), "ES256");
    let crlf = RSA_PKCS1_PEM.replace('\n', "\r\n");
    assert_eq!(build(&crlf).unwrap().algorithm(), "RS256");
}

#[test]
fn malformed_jwk() {
    expect_key_error(
        "{\"kty\": \"RSA\",",
        KeyFormat::Jwk,
        &["not valid JSON", "line"],
    );
    expect_key_error(
        &jwk_with(RSA_JWK, |o| {
            o.remove("kty");
        }),
        KeyFormat::Jwk,
        &["kty"],
    );
    expect_key_error(
        &jwk_with(RSA_JWK, |o| {
            o.insert("kty".into(), "oct".into());
        }),
        KeyFormat::Jwk,
        &["oct", "not supported"],
    );
    expect_key_error(
        &jwk_with(RSA_JWK, |o| {
            for m in ["d", "p", "q", "dp", "dq", "qi"] {
                o.remove(m);
            }
        }),
        KeyFormat::Jwk,
        &["`d`", "public key"],
    );
    expect_key_error(
        &jwk_with(RSA_JWK, |o| {
            o.insert("d".into(), "***not base64***".into());
        }),
        KeyFormat::Jwk,
        &["`d`", "base64url"],
    );
    expect_key_error(
        &jwk_with(RSA_JWK, |o| {
            o.insert("n".into(), 42.into());
        }),
        KeyFormat::Jwk,
        &["`n`", "string"],
    );
    expect_key_error(
        &jwk_with(RSA_JWK, |o| {
            let d = o["d"].as_str().unwrap();
            let altered = format!("{}{}", if d.starts_with('A') { "B" } else { "A" }, &d[1..]);
            o.insert("d".into(), altered.into());
        }),
        KeyFormat::Jwk,
        &["inconsistent"],
    );
    expect_key_error(
        &jwk_with(RSA_JWK, |o| {
            o.remove("q");
        }),
        KeyFormat::Jwk,
        &["`p` and `q`"],
    );
    expect_key_error(
        &jwk_with(EC_JWK, |o| {
            o.insert("crv".into(), "P-384".into());
        }),
        KeyFormat::Jwk,
        &["P-384", "only P-256"],
    );
    expect_key_error(
        &jwk_with(EC_JWK, |o| {
            o.insert("d".into(), "AAAA".into());
        }),
        KeyFormat::Jwk,
        &["32 bytes"],
    );
    expect_key_error(
        &jwk_with(EC_JWK, |o| {
            o.insert("d".into(), "A".repeat(43).into());
        }),
        KeyFormat::Jwk,
        &["`d`", "P-256"],
    );
    expect_key_error(
        &jwk_with(EC_JWK, |o| {
            let x = o["y"].clone();
            o.insert("x".into(), x);
        }),
        KeyFormat::Jwk,
        &["do not match"],
    );
    let two = format!("{{\"keys\": [{RSA_JWK}, {EC_JWK}]}}");
    expect_key_error(&two, KeyFormat::Jwk, &["exactly one", "2"]);
}

#[test]
fn jwk_variants_that_are_accepted() {
    let set = format!("{{\"keys\": [{EC_JWK}]}}");
    assert_eq!(build(&set).unwrap().algorithm(), "ES256");
    // Without the CRT primes, they are recovered from n, e and d.
    let without_primes = jwk_with(RSA_JWK, |o| {
        for m in ["p", "q", "dp", "dq", "qi"] {
            o.remove(m);
        }
    });
    assert_eq!(build(&without_primes).unwrap().algorithm(), "RS256");
}

#[test]
fn damaged_keys_never_panic() {
    for key in [
        RSA_PKCS8_PEM,
        RSA_PKCS1_PEM,
        RSA_JWK,
        EC_PKCS8_PEM,
        EC_SEC1_PEM,
        EC_JWK,
    ] {
        assert!(build(key).is_ok());
        // Every truncation is rejected.
        for end in (0..key.trim_end().len() - 1).step_by(23) {
            assert!(build(&key[..end]).is_err(), "truncated at {end}");
        }
        // Replacing characters must not panic, whatever the outcome.
        for position in (0..key.len()).step_by(31) {
            let mut bytes = key.as_bytes().to_vec();
            bytes[position] = if bytes[position] == b'A' { b'B' } else { b'A' };
            let damaged = String::from_utf8(bytes).unwrap();
            let _ = build(&damaged);
        }
    }
}

#[test]
fn config_errors_propagate_from_credentials_from_config() {
    let mut config =
        okta_config::OktaConfig::for_org("https://dev-1.example.test".parse().unwrap());
    config.authorization_mode = okta_config::AuthorizationMode::PrivateKey;
    config.client_id = Some(CLIENT_ID.into());
    config.scopes = vec!["okta.users.read".into()];
    config.private_key = Some(Secret::new("{\"kty\": \"EC\", \"crv\": \"P-256\"}"));
    let err = okta_auth::credentials_from_config(&config, http()).unwrap_err();
    assert!(
        matches!(
            err,
            AuthError::InvalidPrivateKey {
                format: KeyFormat::Jwk,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("`d`"), "{err}");
}
