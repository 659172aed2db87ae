//! Explicit values set in code.

use std::time::Duration;

use serde_json::{json, Map, Value};

use crate::{AuthorizationMode, CacheConfig, ConfigError, ConfigLoader, OktaConfig, ProxyConfig};
use crate::{LoadedConfig, Secret};

/// Configuration values set in code, the highest-precedence source.
///
/// Only the values you set are explicit; every other setting comes from
/// lower sources. Two ways to finish:
///
/// - [`build`](Self::build) uses only these values and the built-in defaults
///   (no files, no environment);
/// - [`load`](Self::load) layers these values on top of `~/.okta/okta.yaml`,
///   `./okta.yaml` and the environment, like the other SDKs' constructor
///   dictionaries.
///
/// To combine them with a custom [`ConfigLoader`], pass the builder to
/// [`ConfigLoader::explicit_builder`].
///
/// Durations are written to the configuration in whole seconds (whole
/// minutes for the token renewal offset), rounded up.
///
/// ```
/// use okta_config::{AuthorizationMode, OktaConfig};
///
/// let config = OktaConfig::builder()
///     .org_url("https://dev-123456.okta.com")
///     .authorization_mode(AuthorizationMode::PrivateKey)
///     .client_id("0oa1example")
///     .scopes(["okta.users.read"])
///     .private_key("-----BEGIN PRIVATE KEY-----\nMIIB...\n-----END PRIVATE KEY-----\n")
///     .build()
///     .unwrap();
/// assert_eq!(config.client_id.as_deref(), Some("0oa1example"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OktaConfigBuilder {
    org_url: Option<String>,
    token: Option<Secret>,
    authorization_mode: Option<AuthorizationMode>,
    client_id: Option<String>,
    scopes: Option<Vec<String>>,
    private_key: Option<Secret>,
    kid: Option<String>,
    connection_timeout: Option<Duration>,
    request_timeout: Option<Duration>,
    proxy: Option<ProxyConfig>,
    max_retries: Option<u32>,
    rate_limit_max_capacity: Option<u8>,
    user_agent: Option<String>,
    cache: Option<CacheConfig>,
    oauth_token_renewal_offset: Option<Duration>,
    dpop_enabled: Option<bool>,
    disable_https_check: Option<bool>,
}

impl OktaConfigBuilder {
    /// A builder with no explicit values.
    pub fn new() -> Self {
        Self::default()
    }

    /// `orgUrl`: the org URL, e.g. `https://dev-123456.okta.com`.
    pub fn org_url(mut self, url: impl Into<String>) -> Self {
        self.org_url = Some(url.into());
        self
    }

    /// `token`: the API token (SSWS) or access token (Bearer).
    pub fn token(mut self, token: impl Into<Secret>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// `authorizationMode`.
    pub fn authorization_mode(mut self, mode: AuthorizationMode) -> Self {
        self.authorization_mode = Some(mode);
        self
    }

    /// `clientId`: the OAuth 2.0 client id (PrivateKey mode).
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    /// `scopes`: the OAuth 2.0 scopes to request (PrivateKey mode).
    pub fn scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.scopes = Some(scopes.into_iter().map(Into::into).collect());
        self
    }

    /// `privateKey`: PEM text, JWK JSON, or the path of a file holding either.
    pub fn private_key(mut self, key: impl Into<Secret>) -> Self {
        self.private_key = Some(key.into());
        self
    }

    /// `kid`: the key id put in the client assertion's header.
    pub fn kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// `connectionTimeout`.
    pub fn connection_timeout(mut self, timeout: Duration) -> Self {
        self.connection_timeout = Some(timeout);
        self
    }

    /// `requestTimeout`: bound on a whole call; [`Duration::ZERO`] means none.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = Some(timeout);
        self
    }

    /// `proxy`.
    pub fn proxy(mut self, proxy: ProxyConfig) -> Self {
        self.proxy = Some(proxy);
        self
    }

    /// `rateLimit.maxRetries`.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// `rateLimit.maxCapacity`: the percentage (1 to 100) of each rate-limit
    /// bucket the client may use; pacing stays off unless set.
    pub fn rate_limit_max_capacity(mut self, percent: u8) -> Self {
        self.rate_limit_max_capacity = Some(percent);
        self
    }

    /// `userAgent`: extra text for the User-Agent header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// `cache`: all three cache settings.
    pub fn cache(mut self, cache: CacheConfig) -> Self {
        self.cache = Some(cache);
        self
    }

    /// `oauthTokenRenewalOffset` (whole minutes, rounded up).
    pub fn oauth_token_renewal_offset(mut self, offset: Duration) -> Self {
        self.oauth_token_renewal_offset = Some(offset);
        self
    }

    /// `dpopEnabled`.
    pub fn dpop_enabled(mut self, enabled: bool) -> Self {
        self.dpop_enabled = Some(enabled);
        self
    }

    /// `testing.disableHttpsCheck`: allow `http://` org URLs (tests only).
    pub fn disable_https_check(mut self, disable: bool) -> Self {
        self.disable_https_check = Some(disable);
        self
    }

    /// Validates these values over the built-in defaults only, ignoring
    /// files and the environment.
    pub fn build(self) -> Result<OktaConfig, ConfigError> {
        ConfigLoader::isolated().explicit_builder(self).load()
    }

    /// Layers these values over `~/.okta/okta.yaml`, `./okta.yaml` and the
    /// environment, then validates.
    pub fn load(self) -> Result<OktaConfig, ConfigError> {
        ConfigLoader::new().explicit_builder(self).load()
    }

    /// Like [`load`](Self::load), and reports where each value came from.
    pub fn load_with_provenance(self) -> Result<LoadedConfig, ConfigError> {
        ConfigLoader::new()
            .explicit_builder(self)
            .load_with_provenance()
    }

    /// The explicit values in the shape of a constructor map
    /// (`{"orgUrl": ..., "proxy": {...}, "testing": {...}}`).
    pub(crate) fn to_json(&self) -> Value {
        let mut client = Map::new();
        let mut put = |key: &str, value: Value| {
            client.insert(key.to_owned(), value);
        };
        if let Some(v) = &self.org_url {
            put("orgUrl", json!(v));
        }
        if let Some(v) = &self.token {
            put("token", json!(v.expose()));
        }
        if let Some(v) = self.authorization_mode {
            put("authorizationMode", json!(v.as_str()));
        }
        if let Some(v) = &self.client_id {
            put("clientId", json!(v));
        }
        if let Some(v) = &self.scopes {
            put("scopes", json!(v));
        }
        if let Some(v) = &self.private_key {
            put("privateKey", json!(v.expose()));
        }
        if let Some(v) = &self.kid {
            put("kid", json!(v));
        }
        if let Some(v) = self.connection_timeout {
            put("connectionTimeout", json!(secs_up(v)));
        }
        if let Some(v) = self.request_timeout {
            put("requestTimeout", json!(secs_up(v)));
        }
        if let Some(p) = &self.proxy {
            let mut proxy = Map::new();
            proxy.insert("host".into(), json!(p.host));
            proxy.insert("port".into(), json!(p.port));
            if let Some(u) = &p.username {
                proxy.insert("username".into(), json!(u));
            }
            if let Some(pw) = &p.password {
                proxy.insert("password".into(), json!(pw.expose()));
            }
            put("proxy", Value::Object(proxy));
        }
        let mut rate_limit = Map::new();
        if let Some(v) = self.max_retries {
            rate_limit.insert("maxRetries".into(), json!(v));
        }
        if let Some(v) = self.rate_limit_max_capacity {
            rate_limit.insert("maxCapacity".into(), json!(v));
        }
        if !rate_limit.is_empty() {
            put("rateLimit", Value::Object(rate_limit));
        }
        if let Some(v) = &self.user_agent {
            put("userAgent", json!(v));
        }
        if let Some(c) = &self.cache {
            put(
                "cache",
                json!({
                    "enabled": c.enabled,
                    "defaultTtl": secs_up(c.default_ttl),
                    "defaultTti": secs_up(c.default_tti),
                }),
            );
        }
        if let Some(v) = self.oauth_token_renewal_offset {
            put("oauthTokenRenewalOffset", json!(secs_up(v).div_ceil(60)));
        }
        if let Some(v) = self.dpop_enabled {
            put("dpopEnabled", json!(v));
        }
        if let Some(v) = self.disable_https_check {
            put("testing", json!({ "disableHttpsCheck": v }));
        }
        Value::Object(client)
    }
}

fn secs_up(d: Duration) -> u64 {
    d.as_secs().saturating_add(u64::from(d.subsec_nanos() > 0))
}
