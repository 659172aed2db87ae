//! Credentials for the okta-rs SDK.
//!
//! A [`CredentialSource`] puts the `Authorization` (and, with DPoP, the
//! `DPoP`) header on every outgoing request. The runtime in `okta-api` calls it
//! once per attempt, so a retried request always carries fresh credentials.
//!
//! Built-in sources, chosen from the configuration by
//! [`credentials_from_config`]:
//!
//! | `authorizationMode` | source | header |
//! | --- | --- | --- |
//! | `SSWS` | [`SswsToken`] | `Authorization: SSWS <API token>` |
//! | `Bearer` | [`BearerToken`] | `Authorization: Bearer <access token>` |
//! | `PrivateKey` | [`PrivateKeyJwt`] | `Authorization: Bearer <token>`, or `DPoP <token>` plus `DPoP: <proof>` |
//!
//! Secrets (API tokens, private keys, access tokens, client assertions) never
//! appear in `Debug` output, error messages or log events. Logging goes
//! through [`tracing`].
//!
//! Time is read through a [`Clock`]: [`SystemClock`] by default, a
//! [`ManualClock`] in tests (see [`PrivateKeyJwtBuilder::clock`] and
//! [`credentials_from_config_with_clock`]), so token expiry and renewal can
//! be tested without sleeping. It is the SDK's only clock trait: `okta-api`
//! re-exports it and passes the runtime's clock down.
//!
//! Your own source (a vault, a token broker) only has to implement
//! [`CredentialSource`]; its documentation has a complete example.

#![deny(missing_docs)]

mod clock;
mod credential;
mod dpop;
mod error;
mod jws;
mod key;
mod private_key;
mod static_token;

use std::sync::Arc;

use okta_config::{AuthorizationMode, OktaConfig};

pub use clock::{Clock, ManualClock, SystemClock};
pub use credential::{CredentialSource, RejectionAdvice};
pub use error::{AuthError, KeyFormat};
pub use private_key::{PrivateKeyJwt, PrivateKeyJwtBuilder};
pub use static_token::{BearerToken, SswsToken};

/// A short, non-reversible identity for `data` (base64url of the first 16
/// bytes of its SHA-256), for [`CredentialSource::cache_identity`].
pub fn identity_hash(data: &[u8]) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(data);
    jws::B64URL.encode(digest.get(..16).unwrap_or_default())
}

/// Builds the credential source that `config.authorization_mode` asks for.
///
/// `http` is used for OAuth 2.0 token requests; pass the client the SDK
/// already configured (proxy, timeouts), so those settings apply to token
/// requests too. An `http://` org URL is refused for token requests unless
/// `disable_https_check` is set.
///
/// ```
/// use okta_auth::credentials_from_config;
/// use okta_config::{OktaConfig, Secret};
///
/// let mut config = OktaConfig::for_org("https://dev-123.okta.com".parse().unwrap());
/// config.token = Some(Secret::new("00abc"));
/// let source = credentials_from_config(&config, reqwest::Client::new()).unwrap();
/// assert!(!format!("{source:?}").contains("00abc"));
/// ```
pub fn credentials_from_config(
    config: &OktaConfig,
    http: reqwest::Client,
) -> Result<Arc<dyn CredentialSource>, AuthError> {
    credentials_from_config_with_clock(config, http, Arc::new(SystemClock))
}

/// Like [`credentials_from_config`], reading the time from `clock` (JWT
/// timestamps and token expiry of [`PrivateKeyJwt`]; the static tokens read
/// no time). The runtime in `okta-api` passes its own clock here.
pub fn credentials_from_config_with_clock(
    config: &OktaConfig,
    http: reqwest::Client,
    clock: Arc<dyn Clock>,
) -> Result<Arc<dyn CredentialSource>, AuthError> {
    let missing_token = |mode: &str, what: &str| {
        AuthError::Config(format!(
            "authorization mode {mode} needs {what} (okta.client.token)"
        ))
    };
    tracing::debug!(mode = ?config.authorization_mode, "building the credential source");
    Ok(match config.authorization_mode {
        AuthorizationMode::Ssws => {
            let token = config
                .token
                .as_ref()
                .ok_or_else(|| missing_token("SSWS", "an API token"))?;
            Arc::new(SswsToken::new(token)?)
        }
        AuthorizationMode::Bearer => {
            let token = config
                .token
                .as_ref()
                .ok_or_else(|| missing_token("Bearer", "an access token"))?;
            Arc::new(BearerToken::new(token)?)
        }
        AuthorizationMode::PrivateKey => Arc::new(
            PrivateKeyJwtBuilder::from_config(config)?
                .http_client(http)
                .clock(clock)
                .build()?,
        ),
    })
}
