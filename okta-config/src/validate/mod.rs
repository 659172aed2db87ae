//! Checks the merged values and builds the [`OktaConfig`], collecting every
//! problem. One module per concern: `org_url`, `credentials`, `proxy`,
//! `numbers` (timeouts, retries, cache lifetimes: the table's bounds).

mod credentials;
mod numbers;
mod org_url;
mod proxy;

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{ConfigError, ConfigIssue, ConfigSource};
use crate::loader::ResolvedKey;
use crate::provenance::{self, LoadedConfig};
use crate::settings::{self, defaults, keys};
use crate::values::Typed;
use crate::{CacheConfig, OktaConfig};

/// Every readable value, with its source.
pub(crate) type Found = BTreeMap<&'static str, (Typed, ConfigSource)>;

/// How to set a missing value, naming every kind of source.
fn how_to_set(key: &str) -> String {
    format!(
        "Set {key} in ~/.okta/okta.yaml or ./okta.yaml, set the {} environment variable, \
         or pass `{}` explicitly.",
        settings::primary_env(key),
        settings::short_key(key)
    )
}

/// The values being checked and the problems found so far.
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

    fn int(&self, key: &str) -> Option<(i128, &ConfigSource)> {
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
}

/// Validates everything, returning every problem at once. `private_key` is
/// the loader's reading of `privateKey`, when it is set.
pub(crate) fn build(
    found: Found,
    invalid: &BTreeSet<&'static str>,
    private_key: Option<Result<ResolvedKey, ConfigIssue>>,
    issues: Vec<ConfigIssue>,
) -> Result<LoadedConfig, ConfigError> {
    let mut c = Checker {
        found: &found,
        invalid,
        issues,
    };

    let disable_https_check = c
        .bool(keys::DISABLE_HTTPS_CHECK)
        .unwrap_or(defaults::DISABLE_HTTPS_CHECK);
    let org_url = org_url::check(&mut c, disable_https_check);
    let credentials = credentials::check(&mut c, private_key);
    let numbers = numbers::check(&mut c);
    let proxy = proxy::check(&mut c);

    let (Some(org_url), Some(credentials), Some(numbers)) = (org_url, credentials, numbers) else {
        return Err(ConfigError::new(c.issues));
    };
    if !c.issues.is_empty() {
        return Err(ConfigError::new(c.issues));
    }
    let key_file = credentials.key_file;
    let config = OktaConfig {
        org_url,
        authorization_mode: credentials.mode,
        token: credentials.token,
        client_id: credentials.client_id,
        scopes: credentials.scopes,
        private_key: credentials.private_key,
        kid: credentials.kid,
        connection_timeout: numbers.connection_timeout,
        request_timeout: numbers.request_timeout,
        proxy,
        max_retries: numbers.max_retries,
        rate_limit_max_capacity: numbers.max_capacity,
        user_agent: c.str(keys::USER_AGENT).map(|(s, _)| s.to_owned()),
        cache: CacheConfig {
            enabled: c
                .bool(keys::CACHE_ENABLED)
                .unwrap_or(defaults::CACHE_ENABLED),
            default_ttl: numbers.cache_ttl,
            default_tti: numbers.cache_tti,
        },
        oauth_token_renewal_offset: numbers.renewal_offset,
        dpop_enabled: c.bool(keys::DPOP_ENABLED).unwrap_or(defaults::DPOP_ENABLED),
        disable_https_check,
    };
    if config.disable_https_check {
        tracing::warn!("okta.testing.disableHttpsCheck is on: http:// org URLs are allowed");
    }
    let provenance = provenance::report(&found, key_file.as_deref());
    Ok(LoadedConfig::new(config, provenance))
}
