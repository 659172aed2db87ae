//! Reading the client's private key from PEM or JWK text.
//!
//! Error messages name the format and what is wrong, and never contain any
//! part of the key text.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use rsa::pkcs1::DecodeRsaPrivateKey as _;
use rsa::pkcs8::{der::asn1::ObjectIdentifier, DecodePrivateKey as _, PrivateKeyInfo};
use rsa::traits::PublicKeyParts as _;
use rsa::{BigUint, RsaPrivateKey};
use serde_json::{Map, Value};
use sha2::Sha256;

use okta_config::KeyText;

use crate::error::KeyFormat;
use crate::jws::{JwsKey, B64URL};
use crate::AuthError;

const OID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const OID_EC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const OID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const MIN_RSA_BITS: usize = 2048;

/// A parsed private key and the key id found with it (JWK `kid`).
#[derive(Debug)]
pub(crate) struct ParsedKey {
    pub(crate) key: JwsKey,
    pub(crate) kid: Option<String>,
}

/// Parses PEM (PKCS#1, PKCS#8 or SEC1) or JWK text.
pub(crate) fn parse_private_key(text: &str) -> Result<ParsedKey, AuthError> {
    // Keys passed through environment variables often carry literal `\n`.
    let unescaped;
    let text = if !text.contains('\n') && text.contains("\\n") {
        unescaped = text.replace("\\r\\n", "\n").replace("\\n", "\n");
        unescaped.as_str()
    } else {
        text
    };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(AuthError::key(KeyFormat::Unknown, "the key text is empty"));
    }
    // The sniffer okta-config's loader uses; the parsers below give the
    // detailed reason when the text is malformed.
    match KeyText::sniff(trimmed) {
        KeyText::Jwk | KeyText::InvalidJwk(_) => parse_jwk(trimmed),
        KeyText::Pem | KeyText::TruncatedPem => parse_pem(trimmed),
        // PEM after other text, such as openssl's `Bag Attributes` lines.
        _ if trimmed.contains("-----BEGIN ") => parse_pem(trimmed),
        _ => Err(AuthError::key(
            KeyFormat::Unknown,
            "expected PEM text (-----BEGIN ...-----) or a JSON Web Key object; \
             a file path must be read before it is passed as the key",
        )),
    }
}

fn pem_err(reason: impl Into<String>) -> AuthError {
    AuthError::key(KeyFormat::Pem, reason)
}

fn jwk_err(reason: impl Into<String>) -> AuthError {
    AuthError::key(KeyFormat::Jwk, reason)
}

/// One `-----BEGIN label-----` … `-----END label-----` block.
struct PemBlock {
    label: String,
    der: Vec<u8>,
}

fn pem_blocks(text: &str) -> Result<Vec<PemBlock>, AuthError> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + "-----BEGIN ".len()..];
        let label_end = after
            .find("-----")
            .ok_or_else(|| pem_err("unterminated BEGIN line"))?;
        let label = after[..label_end].trim().to_owned();
        if label.contains('\n') {
            return Err(pem_err("unterminated BEGIN line"));
        }
        let body_and_rest = &after[label_end + 5..];
        let end_marker = format!("-----END {label}-----");
        let body_end = body_and_rest
            .find(&end_marker)
            .ok_or_else(|| pem_err(format!("missing `-----END {label}-----` line")))?;
        let body = &body_and_rest[..body_end];
        if body.lines().any(|l| l.contains(':')) {
            return Err(pem_err(format!(
                "the {label} block has headers (an encrypted key?); \
                 only unencrypted keys are supported"
            )));
        }
        let b64: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        let der = STANDARD
            .decode(b64.as_bytes())
            .map_err(|_| pem_err(format!("the {label} block is not valid base64")))?;
        blocks.push(PemBlock { label, der });
        rest = &body_and_rest[body_end + end_marker.len()..];
    }
    Ok(blocks)
}

fn parse_pem(text: &str) -> Result<ParsedKey, AuthError> {
    let blocks = pem_blocks(text)?;
    let mut seen = Vec::new();
    for block in &blocks {
        let key = match block.label.as_str() {
            "RSA PRIVATE KEY" => rsa_key(
                RsaPrivateKey::from_pkcs1_der(&block.der)
                    .map_err(|e| pem_err(format!("malformed PKCS#1 RSA private key: {e}")))?,
                KeyFormat::Pem,
            )?,
            "PRIVATE KEY" => pkcs8_key(&block.der)?,
            "EC PRIVATE KEY" => JwsKey::Es256(p256::ecdsa::SigningKey::from(
                p256::SecretKey::from_sec1_der(&block.der).map_err(|_| {
                    pem_err(
                        "malformed SEC1 EC private key, or a curve other than P-256 \
                         (only P-256 is supported)",
                    )
                })?,
            )),
            "ENCRYPTED PRIVATE KEY" => {
                return Err(pem_err(
                    "encrypted PKCS#8 keys are not supported; decrypt the key first",
                ))
            }
            "EC PARAMETERS" => {
                seen.push(block.label.clone());
                continue;
            }
            other => {
                seen.push(other.to_owned());
                continue;
            }
        };
        return Ok(ParsedKey { key, kid: None });
    }
    if seen.is_empty() {
        Err(pem_err("no PEM block found"))
    } else {
        Err(pem_err(format!(
            "no private key block found (found: {}); expected `RSA PRIVATE KEY`, \
             `PRIVATE KEY` or `EC PRIVATE KEY`",
            seen.join(", ")
        )))
    }
}

fn pkcs8_key(der: &[u8]) -> Result<JwsKey, AuthError> {
    let info = PrivateKeyInfo::try_from(der)
        .map_err(|e| pem_err(format!("malformed PKCS#8 private key: {e}")))?;
    let oid = info.algorithm.oid;
    if oid == OID_RSA {
        let key = RsaPrivateKey::from_pkcs8_der(der)
            .map_err(|e| pem_err(format!("malformed PKCS#8 RSA private key: {e}")))?;
        rsa_key(key, KeyFormat::Pem)
    } else if oid == OID_EC {
        match info.algorithm.parameters_oid() {
            Ok(curve) if curve == OID_P256 => {}
            Ok(curve) => {
                return Err(pem_err(format!(
                    "EC curve {curve} is not supported (only P-256)"
                )))
            }
            Err(_) => return Err(pem_err("PKCS#8 EC private key without a named curve")),
        }
        let key = p256::SecretKey::from_pkcs8_der(der)
            .map_err(|e| pem_err(format!("malformed PKCS#8 EC P-256 private key: {e}")))?;
        Ok(JwsKey::Es256(key.into()))
    } else {
        Err(pem_err(format!(
            "PKCS#8 key algorithm {oid} is not supported (expected RSA or EC P-256)"
        )))
    }
}

fn rsa_key(key: RsaPrivateKey, format: KeyFormat) -> Result<JwsKey, AuthError> {
    let bits = key.size() * 8;
    if bits < MIN_RSA_BITS {
        return Err(AuthError::key(
            format,
            format!("RSA key is {bits} bits; at least {MIN_RSA_BITS} are required"),
        ));
    }
    key.validate()
        .map_err(|e| AuthError::key(format, format!("inconsistent RSA key: {e}")))?;
    Ok(JwsKey::Rs256(Box::new(
        rsa::pkcs1v15::SigningKey::<Sha256>::new(key),
    )))
}

fn parse_jwk(text: &str) -> Result<ParsedKey, AuthError> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        // serde_json messages may quote input; report only where it failed.
        jwk_err(format!(
            "not valid JSON (syntax error at line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    let Value::Object(mut object) = value else {
        return Err(jwk_err("expected a JSON object"));
    };
    // A JWK set holding exactly one key is accepted too.
    if let Some(keys) = object.remove("keys") {
        match keys {
            Value::Array(mut keys) if keys.len() == 1 => match keys.pop() {
                Some(Value::Object(inner)) => object = inner,
                _ => return Err(jwk_err("the `keys` entry is not a JSON object")),
            },
            Value::Array(keys) => {
                return Err(jwk_err(format!(
                    "a JWK set must hold exactly one key to be used, it holds {}",
                    keys.len()
                )))
            }
            _ => return Err(jwk_err("`keys` must be an array")),
        }
    }
    let kid = match object.get("kid") {
        None | Some(Value::Null) => None,
        Some(Value::String(kid)) => Some(kid.clone()),
        Some(_) => return Err(jwk_err("member `kid` must be a string")),
    };
    let kty = string_member(&object, "kty")?.ok_or_else(|| jwk_err("missing member `kty`"))?;
    let key = match kty {
        "RSA" => rsa_jwk(&object)?,
        "EC" => ec_jwk(&object)?,
        other => {
            return Err(jwk_err(format!(
                "key type `{other}` is not supported (expected RSA or EC)"
            )))
        }
    };
    Ok(ParsedKey { key, kid })
}

fn string_member<'a>(
    object: &'a Map<String, Value>,
    name: &str,
) -> Result<Option<&'a str>, AuthError> {
    match object.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(jwk_err(format!("member `{name}` must be a string"))),
    }
}

fn bytes_member(object: &Map<String, Value>, name: &str) -> Result<Option<Vec<u8>>, AuthError> {
    string_member(object, name)?
        .map(|s| {
            B64URL
                .decode(s.as_bytes())
                .map_err(|_| jwk_err(format!("member `{name}` is not valid base64url")))
        })
        .transpose()
}

fn required_bytes(
    object: &Map<String, Value>,
    name: &str,
    hint: &str,
) -> Result<Vec<u8>, AuthError> {
    bytes_member(object, name)?.ok_or_else(|| jwk_err(format!("missing member `{name}`{hint}")))
}

fn rsa_jwk(object: &Map<String, Value>) -> Result<JwsKey, AuthError> {
    let private_hint = " (a private key is needed, this looks like a public key)";
    let n = BigUint::from_bytes_be(&required_bytes(object, "n", "")?);
    let e = BigUint::from_bytes_be(&required_bytes(object, "e", "")?);
    let d = BigUint::from_bytes_be(&required_bytes(object, "d", private_hint)?);
    let primes = match (bytes_member(object, "p")?, bytes_member(object, "q")?) {
        (Some(p), Some(q)) => vec![BigUint::from_bytes_be(&p), BigUint::from_bytes_be(&q)],
        (None, None) => Vec::new(),
        _ => return Err(jwk_err("members `p` and `q` must be given together")),
    };
    let key = RsaPrivateKey::from_components(n, e, d, primes)
        .map_err(|e| jwk_err(format!("inconsistent RSA key: {e}")))?;
    rsa_key(key, KeyFormat::Jwk)
}

fn ec_jwk(object: &Map<String, Value>) -> Result<JwsKey, AuthError> {
    match string_member(object, "crv")? {
        Some("P-256") => {}
        Some(other) => {
            return Err(jwk_err(format!(
                "EC curve `{other}` is not supported (only P-256)"
            )))
        }
        None => return Err(jwk_err("missing member `crv`")),
    }
    let d = required_bytes(
        object,
        "d",
        " (a private key is needed, this looks like a public key)",
    )?;
    if d.len() != 32 {
        return Err(jwk_err(format!(
            "member `d` must be 32 bytes for P-256, it is {}",
            d.len()
        )));
    }
    let secret = p256::SecretKey::from_slice(&d)
        .map_err(|_| jwk_err("member `d` is not a valid P-256 private scalar"))?;
    // When the public coordinates are present they must match `d`.
    let x = bytes_member(object, "x")?;
    let y = bytes_member(object, "y")?;
    if let (Some(x), Some(y)) = (x, y) {
        use p256::elliptic_curve::sec1::ToEncodedPoint as _;
        let point = secret.public_key().to_encoded_point(false);
        if point.x().map(|v| &v[..]) != Some(x.as_slice())
            || point.y().map(|v| &v[..]) != Some(y.as_slice())
        {
            return Err(jwk_err("members `x`/`y` do not match the private key `d`"));
        }
    }
    Ok(JwsKey::Es256(secret.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EC_PKCS8_PEM: &str = include_str!("../tests/data/ec_pkcs8.pem");
    const EC_JWK: &str = include_str!("../tests/data/ec.jwk.json");

    #[test]
    fn what_the_loader_sniffs_as_a_key_parses_here() {
        for text in [EC_PKCS8_PEM, EC_JWK] {
            assert!(KeyText::sniff(text).is_key());
            assert!(parse_private_key(text).is_ok());
        }
    }

    #[test]
    fn pem_after_other_text_still_parses() {
        let with_bag = format!("Bag Attributes\n    friendlyName: okta\n{EC_PKCS8_PEM}");
        assert!(!KeyText::sniff(&with_bag).is_key());
        assert!(parse_private_key(&with_bag).is_ok());
    }

    #[test]
    fn a_path_is_refused_with_the_reason() {
        assert_eq!(KeyText::sniff("keys/okta.pem"), KeyText::Path);
        let err = parse_private_key("keys/okta.pem").expect_err("a path is no key");
        assert!(err.to_string().contains("file path"), "{err}");
    }
}
