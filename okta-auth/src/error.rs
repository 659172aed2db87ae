//! Authentication errors.

use std::fmt;
use std::sync::Arc;

use reqwest::StatusCode;

/// The form in which a private key was given, named in
/// [`AuthError::InvalidPrivateKey`] so the message says which parser failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyFormat {
    /// PEM text (`-----BEGIN ...-----`).
    Pem,
    /// JSON Web Key text (`{"kty": ...}`).
    Jwk,
    /// Text that is neither PEM nor JSON.
    Unknown,
}

impl fmt::Display for KeyFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyFormat::Pem => "PEM",
            KeyFormat::Jwk => "JWK",
            KeyFormat::Unknown => "unrecognized format",
        })
    }
}

/// Why credentials could not be produced.
///
/// Every variant is `Clone` (sources that are not are held in an [`Arc`]) so
/// the error can travel inside HTTP extensions. No variant ever carries secret
/// material: messages name the failing setting or field, never its value.
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The configuration cannot produce credentials (missing token, missing
    /// client id, an `http://` token endpoint, …).
    #[error("invalid credentials configuration: {0}")]
    Config(String),

    /// The private key (`okta.client.privateKey`) could not be used.
    #[error("invalid private key ({format}): {reason}")]
    InvalidPrivateKey {
        /// The form the key text was recognized as.
        format: KeyFormat,
        /// What is wrong with it (never the key material itself).
        reason: String,
    },

    /// The token endpoint answered with an OAuth 2.0 error response
    /// (`{"error": ..., "error_description": ...}`).
    #[error(
        "token endpoint returned {status}: {error}{}",
        description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default()
    )]
    TokenEndpoint {
        /// HTTP status of the response.
        status: StatusCode,
        /// The OAuth 2.0 `error` code, e.g. `invalid_client`.
        error: String,
        /// The `error_description`, when the server sent one.
        description: Option<String>,
    },

    /// The token endpoint answered with something that is neither a token
    /// nor an OAuth 2.0 error response.
    #[error("unexpected token endpoint response ({status}): {reason}")]
    UnexpectedTokenResponse {
        /// HTTP status of the response.
        status: StatusCode,
        /// What was wrong with it (the body itself is never included).
        reason: String,
    },

    /// The token request could not be sent or its response not read.
    #[error("token request to {url} failed: {source}")]
    Transport {
        /// The token endpoint URL.
        url: String,
        /// The underlying HTTP client error.
        #[source]
        source: Arc<reqwest::Error>,
    },

    /// The token request (with its retries, and the wait for another
    /// caller's renewal) did not complete within the bound; see
    /// [`PrivateKeyJwtBuilder::request_timeout`](crate::PrivateKeyJwtBuilder::request_timeout).
    #[error("token request to {url} did not complete within {limit:?}")]
    TokenTimeout {
        /// The token endpoint URL.
        url: String,
        /// The bound that was exceeded.
        limit: std::time::Duration,
    },

    /// A JWT (client assertion or DPoP proof) could not be created.
    #[error("could not sign {what}: {reason}")]
    Signing {
        /// What was being signed.
        what: &'static str,
        /// Why it failed.
        reason: String,
    },

    /// An error raised by a user-provided [`CredentialSource`](crate::CredentialSource).
    #[error("{message}")]
    Other {
        /// A description of the failure.
        message: String,
        /// The underlying error, if any.
        #[source]
        source: Option<Arc<dyn std::error::Error + Send + Sync>>,
    },
}

impl AuthError {
    /// An error for a custom credential source, with a message only.
    pub fn other(message: impl Into<String>) -> Self {
        AuthError::Other {
            message: message.into(),
            source: None,
        }
    }

    /// An error for a custom credential source, wrapping `source`.
    pub fn other_with_source(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        AuthError::Other {
            message: message.into(),
            source: Some(Arc::new(source)),
        }
    }

    /// The OAuth 2.0 error code when this is a [`AuthError::TokenEndpoint`]
    /// error.
    pub fn oauth_error(&self) -> Option<&str> {
        match self {
            AuthError::TokenEndpoint { error, .. } => Some(error),
            _ => None,
        }
    }

    pub(crate) fn key(format: KeyFormat, reason: impl Into<String>) -> Self {
        AuthError::InvalidPrivateKey {
            format,
            reason: reason.into(),
        }
    }
}
