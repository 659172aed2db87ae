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

/// An Okta API token sent as `Authorization: SSWS <token>`.
///
/// `Debug` never shows the token.
#[derive(Clone)]
pub struct SswsToken {
    header: HeaderValue,
}

impl SswsToken {
    /// Wraps an API token. Fails when the token is empty or cannot be put in
    /// a header.
    pub fn new(token: &Secret) -> Result<Self, AuthError> {
        Ok(SswsToken {
            header: auth_header("SSWS", token.expose(), "API token")?,
        })
    }
}

impl fmt::Debug for SswsToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SswsToken").field("token", &"****").finish()
    }
}

impl CredentialSource for SswsToken {
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

/// An access token obtained elsewhere, sent as `Authorization: Bearer <token>`.
///
/// The token is never renewed: when it expires, requests fail with `401`.
/// `Debug` never shows the token.
#[derive(Clone)]
pub struct BearerToken {
    header: HeaderValue,
}

impl BearerToken {
    /// Wraps an access token. Fails when the token is empty or cannot be put
    /// in a header.
    pub fn new(token: &Secret) -> Result<Self, AuthError> {
        Ok(BearerToken {
            header: auth_header("Bearer", token.expose(), "access token")?,
        })
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BearerToken")
            .field("token", &"****")
            .finish()
    }
}

impl CredentialSource for BearerToken {
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
