//! Checks the merged values and builds the [`OktaConfig`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{ConfigError, ConfigIssue, ConfigSource};
use crate::provenance::{LoadedConfig, Provenance, ProvenanceEntry};
use crate::settings::{self, keys, SETTINGS};
use crate::values::Typed;
use crate::{AuthorizationMode, CacheConfig, OktaConfig, ProxyConfig, Secret};

const FIND_DOMAIN: &str = "https://bit.ly/finding-okta-domain";
const GET_TOKEN: &str = "https://bit.ly/get-okta-api-token";
const FIND_APP: &str = "https://bit.ly/finding-okta-app-credentials";

/// Directories used to resolve a private key path.
pub(crate) struct Context {
    pub home: Option<PathBuf>,
    pub cwd: Option<PathBuf>,
}

type Found = BTreeMap<&'static str, (Typed, ConfigSource)>;

/// How to set a missing value, naming every kind of source.
fn how_to_set(key: &str) -> String {
    format!(
        "Set {key} in ~/.okta/okta.yaml or ./okta.yaml, set the {} environment variable, \
         or pass `{}` explicitly.",
        settings::primary_env(key),
        settings::short_key(key)
    )
}

struct Checker<'a> {
    found: &'a Found,
    invalid: &'a BTreeSet<&'static str>,
    issues: Vec<ConfigIssue>,
}

impl Checker<'_> {
    /// Whether `key` is set, readable or not: a value already reported as
    /// unreadable is not also reported as missing.
    fn is_set(&self, key: &str) -> bool {
        self.found.contains_key(key) || self.invalid.contains(key)
    }

    fn source(&self, key: &str) -> Option<ConfigSource> {
        self.found.get(key).map(|(_, s)| s.clone())
    }

    fn str(&self, key: &str) -> Option<(&str, &ConfigSource)> {
        match self.found.get(key) {
            Some((Typed::Str(s), src)) => Some((s.as_str(), src)),
            _ => None,
        }
    }

    fn int(&self, key: &str) -> Option<(i64, &ConfigSource)> {
        match self.found.get(key) {
            Some((Typed::Int(i), src)) => Some((*i, src)),
            _ => None,
        }
    }

    fn bool(&self, key: &str) -> Option<bool> {
        match self.found.get(key) {
            Some((Typed::Bool(b), _)) => Some(*b),
            _ => None,
        }
    }

    fn list(&self, key: &str) -> Option<&[String]> {
        match self.found.get(key) {
            Some((Typed::List(l), _)) => Some(l.as_slice()),
            _ => None,
        }
    }

    fn issue(&mut self, source: Option<ConfigSource>, key: &str, message: impl Into<String>) {
        self.issues.push(ConfigIssue::new(source, key, message));
    }

    /// A non-negative whole number of `unit`s, or `None` after an issue.
    fn non_negative(&mut self, key: &str, unit: &str, example: i64) -> Option<u64> {
        let (value, source) = self.int(key)?;
        if value < 0 {
            let source = source.clone();
            self.issue(
                Some(source),
                key,
                format!(
                    "{} must not be negative (found {value}). Use a number of {unit}, e.g. {example}.",
                    settings::short_key(key)
                ),
            );
            return None;
        }
        u64::try_from(value).ok()
    }
}

/// Validates everything, returning every problem at once.
pub(crate) fn build(
    found: Found,
    invalid: &BTreeSet<&'static str>,
    context: &Context,
    issues: Vec<ConfigIssue>,
) -> Result<LoadedConfig, ConfigError> {
    let mut c = Checker {
        found: &found,
        invalid,
        issues,
    };

    let disable_https_check = c.bool(keys::DISABLE_HTTPS_CHECK).unwrap_or(false);
    let org_url = check_org_url(&mut c, disable_https_check);

    let mode = match c.str(keys::AUTHORIZATION_MODE) {
        None if c.is_set(keys::AUTHORIZATION_MODE) => None,
        None => Some(AuthorizationMode::Ssws),
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

    let token = c.str(keys::TOKEN).map(|(t, _)| Secret::new(t));
    match mode {
        Some(AuthorizationMode::Ssws) | Some(AuthorizationMode::Bearer) => {
            check_token(&mut c, mode == Some(AuthorizationMode::Bearer))
        }
        Some(AuthorizationMode::PrivateKey) => check_private_key_mode(&mut c, &mode_source),
        None => {}
    }

    let client_id = c.str(keys::CLIENT_ID).map(|(s, _)| s.to_owned());
    let scopes = c
        .list(keys::SCOPES)
        .map(<[String]>::to_vec)
        .unwrap_or_default();
    let kid = c.str(keys::KID).map(|(s, _)| s.to_owned());
    let private_key = {
        let before = c.issues.len();
        let key = resolve_private_key(&mut c, context);
        if mode != Some(AuthorizationMode::PrivateKey) && c.issues.len() > before {
            // The key is unused in this mode: a bad one is only worth a note.
            c.issues.truncate(before);
            tracing::warn!(
                "ignoring an unusable okta.client.privateKey: authorizationMode is not PrivateKey"
            );
        }
        key
    };

    let connection_timeout = match c.int(keys::CONNECTION_TIMEOUT) {
        Some((0, source)) => {
            let source = source.clone();
            c.issue(
                Some(source),
                keys::CONNECTION_TIMEOUT,
                "connectionTimeout must be at least 1 second (found 0). Use a number of \
                 seconds, e.g. 30.",
            );
            None
        }
        _ => c.non_negative(keys::CONNECTION_TIMEOUT, "seconds", 30),
    };
    let request_timeout = c.non_negative(keys::REQUEST_TIMEOUT, "seconds (0 = no limit)", 60);
    let max_retries = c
        .non_negative(keys::MAX_RETRIES, "retries", 2)
        .and_then(|n| {
            u32::try_from(n).ok().or_else(|| {
                let source = c.source(keys::MAX_RETRIES);
                c.issue(
                    source,
                    keys::MAX_RETRIES,
                    format!("maxRetries {n} is too large. Use a small number such as 2."),
                );
                None
            })
        });
    let ttl = c.non_negative(keys::CACHE_DEFAULT_TTL, "seconds", 300);
    let tti = c.non_negative(keys::CACHE_DEFAULT_TTI, "seconds", 300);
    let renewal = c
        .non_negative(keys::OAUTH_TOKEN_RENEWAL_OFFSET, "minutes", 5)
        .and_then(|minutes| {
            minutes.checked_mul(60).or_else(|| {
                let source = c.source(keys::OAUTH_TOKEN_RENEWAL_OFFSET);
                c.issue(
                    source,
                    keys::OAUTH_TOKEN_RENEWAL_OFFSET,
                    "the offset is too large. Use a number of minutes such as 5.",
                );
                None
            })
        });
    let proxy = check_proxy(&mut c);

    let config = match (org_url, mode) {
        (Some(org_url), Some(authorization_mode)) if c.issues.is_empty() => OktaConfig {
            org_url,
            authorization_mode,
            token,
            client_id,
            scopes,
            private_key: private_key.map(|(key, _)| key),
            kid,
            connection_timeout: Duration::from_secs(connection_timeout.unwrap_or(30)),
            request_timeout: match request_timeout.unwrap_or(0) {
                0 => None,
                s => Some(Duration::from_secs(s)),
            },
            proxy,
            max_retries: max_retries.unwrap_or(2),
            user_agent: c.str(keys::USER_AGENT).map(|(s, _)| s.to_owned()),
            cache: CacheConfig {
                enabled: c.bool(keys::CACHE_ENABLED).unwrap_or(false),
                default_ttl: Duration::from_secs(ttl.unwrap_or(300)),
                default_tti: Duration::from_secs(tti.unwrap_or(300)),
            },
            oauth_token_renewal_offset: Duration::from_secs(renewal.unwrap_or(300)),
            dpop_enabled: c.bool(keys::DPOP_ENABLED).unwrap_or(false),
            disable_https_check,
        },
        _ => return Err(ConfigError::new(c.issues)),
    };
    if config.disable_https_check {
        tracing::warn!("okta.testing.disableHttpsCheck is on: http:// org URLs are allowed");
    }

    let key_file = private_key_file(&found, context);
    let provenance = provenance(&found, key_file.as_deref());
    Ok(LoadedConfig::new(config, provenance))
}

fn check_org_url(c: &mut Checker<'_>, disable_https_check: bool) -> Option<url::Url> {
    let key = keys::ORG_URL;
    let Some((raw, source)) = c.str(key) else {
        if c.is_set(key) {
            return None;
        }
        c.issue(
            None,
            key,
            format!(
                "Your Okta URL is missing. You can copy your domain from the Okta Admin \
                 Console; follow these instructions to find it: {FIND_DOMAIN}. {}",
                how_to_set(key)
            ),
        );
        return None;
    };
    let source = source.clone();
    let raw = raw.to_owned();
    // Credentials in a URL are not shown.
    let shown = if raw.contains('@') {
        "(not shown)".to_owned()
    } else {
        format!("`{raw}`")
    };
    let before = c.issues.len();
    if raw.to_ascii_lowercase().contains("{youroktadomain}") {
        c.issue(
            Some(source),
            key,
            format!(
                "Replace {{yourOktaDomain}} with your Okta domain, e.g. \
                 https://dev-123456.okta.com. You can copy your domain from the Okta Admin \
                 Console; follow these instructions to find it: {FIND_DOMAIN}."
            ),
        );
        return None;
    }
    let lower = raw.to_ascii_lowercase();
    let https = lower.starts_with("https://");
    let http_allowed = disable_https_check && lower.starts_with("http://");
    if !https && !http_allowed {
        c.issue(
            Some(source.clone()),
            key,
            format!(
                "Your Okta URL must start with https:// (found {shown}). Use your org's \
                 https URL, e.g. https://dev-123456.okta.com; only tests against a local \
                 server may set okta.testing.disableHttpsCheck: true."
            ),
        );
    }
    if raw.matches("://").count() > 1 {
        c.issue(
            Some(source.clone()),
            key,
            format!(
                "It looks like there's a typo in your Okta URL {shown}: it contains `://` \
                 more than once. Write the scheme once, e.g. https://dev-123456.okta.com."
            ),
        );
    }
    // The host as written: after the scheme, up to a port, path, query or fragment.
    let after_scheme = raw.find("://").map_or(raw.as_str(), |i| &raw[i + 3..]);
    let host_end = after_scheme
        .find(['/', ':', '?', '#'])
        .unwrap_or(after_scheme.len());
    let host = &after_scheme[..host_end];
    let host_lower = host.to_ascii_lowercase();
    if host_lower.ends_with(".com.com") {
        c.issue(
            Some(source.clone()),
            key,
            format!(
                "It looks like there's a typo in your Okta URL {shown}: the domain ends in \
                 `.com.com`. Remove the extra `.com`."
            ),
        );
    }
    for admin in [
        "-admin.okta.com",
        "-admin.oktapreview.com",
        "-admin.okta-emea.com",
    ] {
        if host_lower.ends_with(admin) {
            let fixed = format!(
                "https://{}{}",
                &host[..host.len() - admin.len()],
                admin.trim_start_matches("-admin")
            );
            c.issue(
                Some(source.clone()),
                key,
                format!(
                    "Your Okta URL {shown} is the Admin Console's address; the API lives at \
                     the org's address without `-admin`. Use {fixed}."
                ),
            );
        }
    }
    if c.issues.len() > before {
        return None;
    }
    match url::Url::parse(&raw) {
        Ok(url) if !url.username().is_empty() || url.password().is_some() => {
            c.issue(
                Some(source),
                key,
                "Your Okta URL contains a user name or password (not shown). Remove them: \
                 the org URL is only the address, e.g. https://dev-123456.okta.com; \
                 credentials go in token or privateKey.",
            );
            None
        }
        Ok(url) if url.host_str().is_some_and(|h| !h.is_empty()) => Some(url),
        Ok(_) => {
            c.issue(
                Some(source),
                key,
                format!("Your Okta URL {shown} has no host. Use e.g. https://dev-123456.okta.com."),
            );
            None
        }
        Err(e) => {
            c.issue(
                Some(source),
                key,
                format!(
                    "Your Okta URL {shown} is not a valid URL ({e}). Use e.g. \
                     https://dev-123456.okta.com."
                ),
            );
            None
        }
    }
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

/// What a private key value looks like.
enum KeyText {
    Pem,
    Jwk,
    BadPem,
    BadJwk(String),
    Other,
}

fn classify_key(text: &str) -> KeyText {
    let t = text.trim();
    if t.starts_with("-----BEGIN") {
        if t.contains("-----END") {
            KeyText::Pem
        } else {
            KeyText::BadPem
        }
    } else if t.starts_with('{') {
        match serde_json::from_str::<serde_json::Value>(t) {
            Ok(serde_json::Value::Object(map)) if map.contains_key("kty") => KeyText::Jwk,
            Ok(_) => KeyText::BadJwk("it has no `kty` member".to_owned()),
            Err(e) => KeyText::BadJwk(e.to_string()),
        }
    } else {
        KeyText::Other
    }
}

/// Whether a value can be shown as a path without risking a secret.
fn looks_like_path(text: &str) -> bool {
    text.len() <= 512 && !text.contains(['\n', '\r'])
}

/// The absolute path a private key value names.
fn key_path(text: &str, context: &Context) -> PathBuf {
    let text = text.trim();
    let path = match (text.strip_prefix("~/"), &context.home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(text),
    };
    match &context.cwd {
        Some(cwd) if path.is_relative() => cwd.join(path),
        _ => path,
    }
}

/// The file a private key was read from, if it was.
fn private_key_file(found: &Found, context: &Context) -> Option<PathBuf> {
    match found.get(keys::PRIVATE_KEY) {
        Some((Typed::Str(text), _)) if matches!(classify_key(text), KeyText::Other) => {
            Some(key_path(text, context))
        }
        _ => None,
    }
}

/// The private key text (a path read), with the file it came from.
fn resolve_private_key(
    c: &mut Checker<'_>,
    context: &Context,
) -> Option<(Secret, Option<PathBuf>)> {
    let key = keys::PRIVATE_KEY;
    let (text, source) = c.str(key)?;
    let source = source.clone();
    let text = text.to_owned();
    match classify_key(&text) {
        KeyText::Pem | KeyText::Jwk => Some((Secret::new(text), None)),
        KeyText::BadPem => {
            c.issue(
                Some(source),
                key,
                "the value starts like a PEM key but has no `-----END ...-----` line. Paste \
                 the whole PEM block.",
            );
            None
        }
        KeyText::BadJwk(why) => {
            c.issue(
                Some(source),
                key,
                format!(
                    "the value starts like a JWK but is not a valid JWK ({why}). Paste the \
                     whole JSON key."
                ),
            );
            None
        }
        KeyText::Other if !looks_like_path(&text) => {
            c.issue(
                Some(source),
                key,
                "the value is neither PEM text (`-----BEGIN ...`), JWK JSON (`{...}`) nor \
                 the path of a file. Use one of these.",
            );
            None
        }
        KeyText::Other => {
            let path = key_path(&text, context);
            match std::fs::read_to_string(&path) {
                Ok(contents) => match classify_key(&contents) {
                    KeyText::Pem | KeyText::Jwk => Some((Secret::new(contents), Some(path))),
                    _ => {
                        c.issue(
                            Some(source),
                            key,
                            format!(
                                "the file {} holds neither a PEM key nor a JWK. Point \
                                 privateKey at the key file, or paste the key itself.",
                                path.display()
                            ),
                        );
                        None
                    }
                },
                Err(e) => {
                    c.issue(
                        Some(source),
                        key,
                        format!(
                            "could not read the private key file {} ({e}). privateKey must be \
                             PEM text, JWK JSON, or the path of a readable file holding either.",
                            path.display()
                        ),
                    );
                    None
                }
            }
        }
    }
}

fn check_proxy(c: &mut Checker<'_>) -> Option<ProxyConfig> {
    let host = c
        .str(keys::PROXY_HOST)
        .map(|(s, src)| (s.to_owned(), src.clone()));
    let port = c.int(keys::PROXY_PORT).map(|(p, src)| (p, src.clone()));
    let username = c
        .str(keys::PROXY_USERNAME)
        .map(|(s, src)| (s.to_owned(), src.clone()));
    let password = c
        .str(keys::PROXY_PASSWORD)
        .map(|(s, src)| (Secret::new(s), src.clone()));
    let before = c.issues.len();

    match (&host, &port) {
        (Some((_, src)), None) if !c.is_set(keys::PROXY_PORT) => c.issue(
            Some(src.clone()),
            keys::PROXY_HOST,
            "a proxy host is set but okta.client.proxy.port is not. Set the proxy port \
             (1-65535) too, or remove the proxy host.",
        ),
        (None, Some((_, src))) if !c.is_set(keys::PROXY_HOST) => c.issue(
            Some(src.clone()),
            keys::PROXY_PORT,
            "a proxy port is set but okta.client.proxy.host is not. Set the proxy host too, \
             or remove the proxy port.",
        ),
        _ => {}
    }
    let port_number = match &port {
        Some((p, src)) => match u16::try_from(*p) {
            Ok(n) if n >= 1 => Some(n),
            _ => {
                c.issue(
                    Some(src.clone()),
                    keys::PROXY_PORT,
                    format!(
                        "proxy port {p} is outside 1-65535. Use the port your proxy listens \
                         on, e.g. 8080."
                    ),
                );
                None
            }
        },
        None => None,
    };
    match (&username, &password) {
        (Some((_, src)), None) if !c.is_set(keys::PROXY_PASSWORD) => c.issue(
            Some(src.clone()),
            keys::PROXY_USERNAME,
            "a proxy username is set but okta.client.proxy.password is not. Set the proxy \
             password too, or remove the username.",
        ),
        (None, Some((_, src))) if !c.is_set(keys::PROXY_USERNAME) => c.issue(
            Some(src.clone()),
            keys::PROXY_PASSWORD,
            "a proxy password is set but okta.client.proxy.username is not. Set the proxy \
             username too, or remove the password.",
        ),
        _ => {}
    }
    if c.issues.len() > before {
        return None;
    }
    Some(ProxyConfig {
        host: host?.0,
        port: port_number?,
        username: username.map(|(u, _)| u),
        password: password.map(|(p, _)| p),
    })
}

/// Lists each effective value with its source, secrets masked.
fn provenance(found: &Found, key_file: Option<&Path>) -> Provenance {
    let mut entries = Vec::new();
    for setting in SETTINGS {
        let Some((value, source)) = found.get(setting.key) else {
            continue;
        };
        let mut shown = if setting.secret {
            "****".to_owned()
        } else {
            match value {
                Typed::Str(s) => s.clone(),
                Typed::Int(i) => i.to_string(),
                Typed::Bool(b) => b.to_string(),
                Typed::List(l) => l.join(","),
            }
        };
        if setting.key == keys::PRIVATE_KEY {
            if let Some(path) = key_file {
                shown.push_str(&format!(" (read from {})", path.display()));
            }
        }
        entries.push(ProvenanceEntry::new(setting.key, shown, source.clone()));
    }
    Provenance::new(entries)
}
