//! JWS verification for client assertions and DPoP proofs (RS256 and ES256,
//! what the SDK and Okta use), and RFC 7638 JWK thumbprints.

use std::collections::HashSet;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// The decoded, unverified header of a compact JWS.
pub(crate) fn header(token: &str) -> Option<Value> {
    part(token, 0)
}

/// The decoded, unverified claims of a compact JWS.
pub(crate) fn claims(token: &str) -> Option<Value> {
    part(token, 1)
}

fn part(token: &str, index: usize) -> Option<Value> {
    let text = token.split('.').nth(index)?;
    let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Verifies `token`'s signature with the public members of `jwk` and
/// returns its claims. Only the signature is checked here; each caller
/// checks the claims it cares about against the fake's clock.
pub(crate) fn verify(token: &str, jwk: &Value) -> Result<Value, String> {
    let header = jsonwebtoken::decode_header(token).map_err(|_| "malformed JWT".to_owned())?;
    if !matches!(header.alg, Algorithm::RS256 | Algorithm::ES256) {
        return Err(format!("unsupported alg {:?}", header.alg));
    }
    let public = public_members(jwk).ok_or("the key is neither RSA nor EC P-256")?;
    let jwk: jsonwebtoken::jwk::Jwk =
        serde_json::from_value(public).map_err(|_| "the key is not a usable JWK".to_owned())?;
    let key = DecodingKey::from_jwk(&jwk).map_err(|_| "the key is not a usable JWK".to_owned())?;
    let mut validation = Validation::new(header.alg);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims = HashSet::new();
    jsonwebtoken::decode::<Value>(token, &key, &validation)
        .map(|data| data.claims)
        .map_err(|_| "signature verification failed".to_owned())
}

/// The public members of an RSA or EC P-256 JWK (private members dropped).
fn public_members(jwk: &Value) -> Option<Value> {
    let text = |k: &str| jwk.get(k).and_then(Value::as_str);
    match text("kty")? {
        "RSA" => Some(json!({ "kty": "RSA", "n": text("n")?, "e": text("e")? })),
        "EC" if text("crv")? == "P-256" => {
            Some(json!({ "kty": "EC", "crv": "P-256", "x": text("x")?, "y": text("y")? }))
        }
        _ => None,
    }
}

/// Whether a JWK carries private key members (never allowed in a DPoP proof).
pub(crate) fn has_private_members(jwk: &Value) -> bool {
    ["d", "p", "q", "dp", "dq", "qi"]
        .iter()
        .any(|k| jwk.get(k).is_some())
}

/// The RFC 7638 SHA-256 thumbprint of a public JWK, base64url.
pub(crate) fn thumbprint(jwk: &Value) -> Option<String> {
    let public = public_members(jwk)?;
    let text = |k: &str| public.get(k).and_then(Value::as_str).unwrap_or_default();
    // The canonical form: required members only, sorted, no whitespace. Written
    // out by hand so it does not depend on serde_json's map order feature. The
    // values are base64url, which needs no JSON escaping; others are refused.
    let safe = |v: &str| {
        v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    let canonical = if text("kty") == "RSA" {
        let (e, n) = (text("e"), text("n"));
        (safe(e) && safe(n)).then(|| format!(r#"{{"e":"{e}","kty":"RSA","n":"{n}"}}"#))?
    } else {
        let (x, y) = (text("x"), text("y"));
        (safe(x) && safe(y))
            .then(|| format!(r#"{{"crv":"P-256","kty":"EC","x":"{x}","y":"{y}"}}"#))?
    };
    Some(sha256_b64url(canonical.as_bytes()))
}

/// base64url(SHA-256(bytes)), as DPoP's `ath` and thumbprints use.
pub(crate) fn sha256_b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(bytes))
}
