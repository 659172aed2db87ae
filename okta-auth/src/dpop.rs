//! DPoP (RFC 9449): an ephemeral P-256 key and the proofs it signs.

use std::fmt;
use std::sync::Mutex;
use std::time::SystemTime;

use base64::Engine as _;
use rand_core::OsRng;
use reqwest::header::{HeaderMap, HeaderName, WWW_AUTHENTICATE};
use reqwest::{Method, Url};
use serde_json::{json, Map, Value};

use crate::clock::unix_seconds;
use crate::jws::{random_jti, sha256_b64url, JwsKey, B64URL};
use crate::AuthError;

/// The `DPoP` request header carrying a proof.
pub(crate) const DPOP: HeaderName = HeaderName::from_static("dpop");
/// The `DPoP-Nonce` response header carrying a server nonce.
pub(crate) const DPOP_NONCE: HeaderName = HeaderName::from_static("dpop-nonce");

/// The DPoP key pair of one credential source and the nonces servers gave it.
pub(crate) struct Dpop {
    key: JwsKey,
    public_jwk: Value,
    token_nonce: Mutex<Option<String>>,
    resource_nonce: Mutex<Option<String>>,
}

impl fmt::Debug for Dpop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dpop")
            .field("public_jwk", &self.public_jwk)
            .finish_non_exhaustive()
    }
}

impl Dpop {
    /// Generates a fresh ephemeral P-256 key pair.
    pub(crate) fn generate() -> Self {
        let signing = p256::ecdsa::SigningKey::random(&mut OsRng);
        let point = signing.verifying_key().to_encoded_point(false);
        let coordinate =
            |c: Option<&p256::FieldBytes>| c.map(|f| B64URL.encode(f)).unwrap_or_default();
        let public_jwk = json!({
            "kty": "EC",
            "crv": "P-256",
            "x": coordinate(point.x()),
            "y": coordinate(point.y()),
        });
        Dpop {
            key: JwsKey::Es256(signing),
            public_jwk,
            token_nonce: Mutex::new(None),
            resource_nonce: Mutex::new(None),
        }
    }

    /// A proof for a token request (no `ath`), with the token endpoint's
    /// nonce when one is known.
    pub(crate) fn token_proof(&self, url: &Url, now: SystemTime) -> Result<String, AuthError> {
        let nonce = lock(&self.token_nonce).clone();
        self.proof(&Method::POST, url, None, nonce.as_deref(), now)
    }

    /// A proof for a resource call bound to `access_token`, with the resource
    /// server's nonce when one is known.
    pub(crate) fn resource_proof(
        &self,
        method: &Method,
        url: &Url,
        access_token: &str,
        now: SystemTime,
    ) -> Result<String, AuthError> {
        let nonce = lock(&self.resource_nonce).clone();
        self.proof(method, url, Some(access_token), nonce.as_deref(), now)
    }

    pub(crate) fn set_token_nonce(&self, nonce: String) {
        *lock(&self.token_nonce) = Some(nonce);
    }

    pub(crate) fn set_resource_nonce(&self, nonce: String) {
        *lock(&self.resource_nonce) = Some(nonce);
    }

    fn proof(
        &self,
        method: &Method,
        url: &Url,
        access_token: Option<&str>,
        nonce: Option<&str>,
        now: SystemTime,
    ) -> Result<String, AuthError> {
        let mut header = Map::new();
        header.insert("typ".into(), Value::String("dpop+jwt".into()));
        header.insert("jwk".into(), self.public_jwk.clone());
        let mut claims = Map::new();
        claims.insert("jti".into(), Value::String(random_jti()));
        claims.insert("htm".into(), Value::String(method.as_str().to_owned()));
        claims.insert("htu".into(), Value::String(htu(url)));
        claims.insert("iat".into(), Value::from(unix_seconds(now)));
        if let Some(token) = access_token {
            claims.insert("ath".into(), Value::String(sha256_b64url(token.as_bytes())));
        }
        if let Some(nonce) = nonce {
            claims.insert("nonce".into(), Value::String(nonce.to_owned()));
        }
        self.key
            .sign_jwt(header, &Value::Object(claims), "DPoP proof")
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The `htu` of a request: its URL without query and fragment.
pub(crate) fn htu(url: &Url) -> String {
    let mut url = url.clone();
    url.set_query(None);
    url.set_fragment(None);
    url.into()
}

/// The `DPoP-Nonce` header value, if present and valid UTF-8.
pub(crate) fn nonce_header(headers: &HeaderMap) -> Option<String> {
    headers
        .get(DPOP_NONCE)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// Whether `WWW-Authenticate` carries a DPoP challenge with
/// `error="use_dpop_nonce"`.
pub(crate) fn is_nonce_challenge(headers: &HeaderMap) -> bool {
    headers
        .get_all(WWW_AUTHENTICATE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| {
            let lower = v.to_ascii_lowercase();
            let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
            lower.trim_start().starts_with("dpop")
                && (compact.contains("error=\"use_dpop_nonce\"")
                    || compact.contains("error=use_dpop_nonce"))
        })
}
