//! Credentials: the authorization mode, the token it needs (SSWS, Bearer) or
//! the client id, scopes and private key (PrivateKey). The loader has already
//! read a private key file; this decides whether its problems matter.

use std::path::PathBuf;

use super::{how_to_set, Checker};
use crate::error::{ConfigIssue, ConfigSource};
use crate::loader::ResolvedKey;
use crate::settings::{defaults, keys};
use crate::{AuthorizationMode, Secret};

const GET_TOKEN: &str = "https://bit.ly/get-okta-api-token";
const FIND_APP: &str = "https://bit.ly/finding-okta-app-credentials";

/// The checked credential settings.
pub(super) struct Credentials {
    pub mode: AuthorizationMode,
    pub token: Option<Secret>,
    pub client_id: Option<String>,
    pub scopes: Vec<String>,
    pub private_key: Option<Secret>,
    pub kid: Option<String>,
    /// The file the private key was read from, for the provenance report.
    pub key_file: Option<PathBuf>,
}

/// Checks the credentials; `None` when the mode is unusable.
pub(super) fn check(
    c: &mut Checker<'_>,
    private_key: Option<Result<ResolvedKey, ConfigIssue>>,
) -> Option<Credentials> {
    let mode = match c.str(keys::AUTHORIZATION_MODE) {
        None if c.is_set(keys::AUTHORIZATION_MODE) => None,
        None => Some(defaults::AUTHORIZATION_MODE),
        Some((text, source)) => match AuthorizationMode::parse(text) {
            Some(mode) => Some(mode),
            None => {
                let source = source.clone();
                let message = format!(
                    "`{text}` is not an authorization mode. Use one of SSWS (API token), \
                     Bearer (access token) or PrivateKey (OAuth 2.0 service application)."
                );
                c.issue(Some(source), keys::AUTHORIZATION_MODE, message);
                None
            }
        },
    };
    let mode_source = c
        .source(keys::AUTHORIZATION_MODE)
        .unwrap_or(ConfigSource::Default);
    match mode {
        Some(AuthorizationMode::Ssws) => check_token(c, false),
        Some(AuthorizationMode::Bearer) => check_token(c, true),
        Some(AuthorizationMode::PrivateKey) => check_private_key_mode(c, &mode_source),
        None => {}
    }
    let key = match private_key {
        Some(Ok(key)) => Some(key),
        Some(Err(issue)) if mode == Some(AuthorizationMode::PrivateKey) => {
            c.issues.push(issue);
            None
        }
        Some(Err(_)) => {
            // The key is unused in this mode: a bad one is only worth a note.
            tracing::warn!(
                "ignoring an unusable okta.client.privateKey: authorizationMode is not PrivateKey"
            );
            None
        }
        None => None,
    };
    let (private_key, key_file) = key.map_or((None, None), |k| (Some(k.text), k.file));
    Some(Credentials {
        mode: mode?,
        token: c.str(keys::TOKEN).map(|(t, _)| Secret::new(t)),
        client_id: c.str(keys::CLIENT_ID).map(|(s, _)| s.to_owned()),
        scopes: c
            .list(keys::SCOPES)
            .map(<[String]>::to_vec)
            .unwrap_or_default(),
        private_key,
        kid: c.str(keys::KID).map(|(s, _)| s.to_owned()),
        key_file,
    })
}

fn check_token(c: &mut Checker<'_>, bearer: bool) {
    let key = keys::TOKEN;
    match c.str(key) {
        None if c.is_set(key) => {}
        None if bearer => c.issue(
            None,
            key,
            format!(
                "Your access token is missing: authorizationMode Bearer sends a token you \
                 obtained elsewhere. {} Or use authorizationMode PrivateKey to let the SDK \
                 obtain tokens.",
                how_to_set(key)
            ),
        ),
        None => c.issue(
            None,
            key,
            format!(
                "Your Okta API token is missing. You can generate one in the Okta Admin \
                 Console; follow these instructions: {GET_TOKEN}. {}",
                how_to_set(key)
            ),
        ),
        Some((token, source)) if token.contains("{apiToken}") => {
            let source = source.clone();
            c.issue(
                Some(source),
                key,
                format!(
                    "Replace {{apiToken}} with your Okta API token. You can generate one in \
                     the Okta Admin Console; follow these instructions: {GET_TOKEN}."
                ),
            )
        }
        Some(_) => {}
    }
}

fn check_private_key_mode(c: &mut Checker<'_>, mode_source: &ConfigSource) {
    let why = format!("authorizationMode PrivateKey (from {mode_source})");
    match c.str(keys::CLIENT_ID) {
        None if c.is_set(keys::CLIENT_ID) => {}
        None => c.issue(
            None,
            keys::CLIENT_ID,
            format!(
                "Your client ID is missing; {why} needs the client ID of your Okta service \
                 application. You can copy it from the application's General tab in the \
                 Admin Console; follow these instructions to find it: {FIND_APP}. {}",
                how_to_set(keys::CLIENT_ID)
            ),
        ),
        Some((id, source)) if id.contains("{clientId}") => {
            let source = source.clone();
            c.issue(
                Some(source),
                keys::CLIENT_ID,
                format!(
                    "Replace {{clientId}} with the client ID of your Okta service \
                     application; follow these instructions to find it: {FIND_APP}."
                ),
            )
        }
        Some(_) => {}
    }
    if !c.is_set(keys::SCOPES) {
        c.issue(
            None,
            keys::SCOPES,
            format!(
                "No scopes are set; {why} needs at least one scope granted to your service \
                 application, e.g. okta.users.read. {} (A YAML list, or comma-separated in \
                 the environment variable.)",
                how_to_set(keys::SCOPES)
            ),
        );
    }
    if !c.is_set(keys::PRIVATE_KEY) {
        c.issue(
            None,
            keys::PRIVATE_KEY,
            format!(
                "No private key is set; {why} needs the private key whose public key is \
                 registered on your service application: PEM text, JWK JSON, or the path of \
                 a file holding either. {}",
                how_to_set(keys::PRIVATE_KEY)
            ),
        );
    }
}
