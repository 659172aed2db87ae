//! Credentials that are a fixed token: SSWS API tokens and externally
//! obtained Bearer access tokens.

use std::fmt;

use futures::future::BoxFuture;
use okta_config::Secret;
use reqwest::header::{HeaderValue, AUTHORIZATION};

use crate::{AuthError, CredentialSource};

/// Builds a sensitive `Authorization` value `"{scheme} {token}"`, checking the
/// token is usable in a header without echoing it.
pub(crate) fn auth_header(scheme: &str, token: &str, what: &str) -> Result<HeaderValue, AuthError> {
    if token.trim().is_empty() {
        return Err(AuthError::Config(format!("the {what} is empty")));
    }
    let mut value = HeaderValue::from_str(&format!("{scheme} {token}")).map_err(|_| {
        AuthError::Config(format!(
            "the {what} contains characters that are not allowed in an HTTP header"
        ))
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// Defines a credential source that sends one fixed `Authorization` value.
macro_rules! static_token {
    ($(#[$doc:meta])* $name:ident, $scheme:literal, $what:literal) => {
        $(#[$doc])*
        ///
        /// `Debug` never shows the token.
        #[derive(Clone)]
        pub struct $name {
            header: HeaderValue,
        }

        impl $name {
            #[doc = concat!("Wraps the ", $what, ". Fails when it is empty or cannot be put in a header.")]
            pub fn new(token: &Secret) -> Result<Self, AuthError> {
                Ok($name {
                    header: auth_header($scheme, token.expose(), $what)?,
                })
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name)).field("token", &"****").finish()
            }
        }

        impl CredentialSource for $name {
            fn cache_identity(&self) -> Option<String> {
                Some(format!(
                    "{}:{}",
                    $scheme.to_ascii_lowercase(),
                    crate::identity_hash(self.header.as_bytes())
                ))
            }

            fn authorize<'a>(
                &'a self,
                request: &'a mut reqwest::Request,
            ) -> BoxFuture<'a, Result<(), AuthError>> {
                request
                    .headers_mut()
                    .insert(AUTHORIZATION, self.header.clone());
                Box::pin(async { Ok(()) })
            }
        }
    };
}

static_token!(
    /// An Okta API token sent as `Authorization: SSWS <token>`.
    SswsToken,
    "SSWS",
    "API token"
);

static_token!(
    /// An access token obtained elsewhere, sent as `Authorization: Bearer <token>`.
    ///
    /// The token is never renewed: when it expires, requests fail with `401`.
    BearerToken,
    "Bearer",
    "access token"
);
