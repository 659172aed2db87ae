//! Compact JWS signing (RS256, ES256) and the helpers JWTs need.

use std::fmt;

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use p256::ecdsa::signature::Signer as _;
use rand_core::{OsRng, RngCore};
use rsa::signature::{RandomizedSigner as _, SignatureEncoding as _};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::AuthError;

/// base64url without padding, as JOSE requires; decoding accepts padding too.
pub(crate) const B64URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A private key able to sign JWTs.
#[derive(Clone)]
pub(crate) enum JwsKey {
    /// RSA key, signs RS256 (RSASSA-PKCS1-v1_5 with SHA-256).
    Rs256(Box<rsa::pkcs1v15::SigningKey<Sha256>>),
    /// EC P-256 key, signs ES256.
    Es256(p256::ecdsa::SigningKey),
}

impl fmt::Debug for JwsKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JwsKey({})", self.alg())
    }
}

impl JwsKey {
    /// The JWS `alg` this key signs with.
    pub(crate) fn alg(&self) -> &'static str {
        match self {
            JwsKey::Rs256(_) => "RS256",
            JwsKey::Es256(_) => "ES256",
        }
    }

    fn sign(&self, message: &[u8], what: &'static str) -> Result<Vec<u8>, AuthError> {
        let failed = |e: p256::ecdsa::signature::Error| AuthError::Signing {
            what,
            reason: e.to_string(),
        };
        match self {
            // Randomized signing: RSA blinding against timing side channels.
            JwsKey::Rs256(key) => Ok(key
                .try_sign_with_rng(&mut OsRng, message)
                .map_err(failed)?
                .to_vec()),
            JwsKey::Es256(key) => {
                let signature: p256::ecdsa::Signature = key.try_sign(message).map_err(failed)?;
                Ok(signature.to_bytes().to_vec())
            }
        }
    }

    /// Signs `claims` under `header` (whose `alg` is set here) and returns the
    /// compact serialization `header.payload.signature`.
    pub(crate) fn sign_jwt(
        &self,
        mut header: serde_json::Map<String, Value>,
        claims: &Value,
        what: &'static str,
    ) -> Result<String, AuthError> {
        header.insert("alg".into(), Value::String(self.alg().into()));
        let encode = |v: &Value| -> Result<String, AuthError> {
            let bytes = serde_json::to_vec(v).map_err(|e| AuthError::Signing {
                what,
                reason: format!("cannot serialize JSON: {e}"),
            })?;
            Ok(B64URL.encode(bytes))
        };
        let mut token = encode(&Value::Object(header))?;
        token.push('.');
        token.push_str(&encode(claims)?);
        let signature = self.sign(token.as_bytes(), what)?;
        token.push('.');
        token.push_str(&B64URL.encode(signature));
        Ok(token)
    }
}

/// A fresh, unpredictable JWT id (128 random bits, base64url).
pub(crate) fn random_jti() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    B64URL.encode(bytes)
}

/// base64url(SHA-256(`data`)), as used for the DPoP `ath` claim.
pub(crate) fn sha256_b64url(data: &[u8]) -> String {
    B64URL.encode(Sha256::digest(data))
}
