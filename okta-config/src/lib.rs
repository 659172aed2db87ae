//! Configuration for the okta-rs SDK.
//!
//! Sources, lowest precedence first: built-in defaults, `~/.okta/okta.yaml`,
//! `./okta.yaml`, `OKTA_CLIENT_*` environment variables, explicit values.
//! A higher source overrides a lower one key by key.
//!
//! - [`OktaConfig::load`] reads every source;
//! - [`OktaConfig::builder`] sets explicit values: [`OktaConfigBuilder::build`]
//!   uses only them (and the defaults), [`OktaConfigBuilder::load`] layers
//!   them over the files and the environment;
//! - [`ConfigLoader`] does the same with replaceable home directory, working
//!   directory and environment, explicit maps
//!   ([`ConfigLoader::explicit_json`]), and a provenance report
//!   ([`ConfigLoader::load_with_provenance`]);
//! - [`okta_yaml_schema`] is the JSON Schema of `okta.yaml`;
//! - [`environment_variables`] lists every variable read, and
//!   [`settings_markdown_table`] renders the README's table of every setting
//!   (key, environment variables, default, allowed values);
//! - [`defaults`] and [`limits`] are each setting's default and largest
//!   accepted value, for the crates that build on a configuration;
//! - [`KeyText`] tells PEM text, JWK JSON and a key file's path apart, and
//!   [`is_allowed_scheme`] is the https rule for org URLs.
//!
//! One table (`settings.rs`) holds every setting's key, environment
//! variables, secrecy, default and bounds; the loader's defaults,
//! validation, [`OktaConfig::for_org`], the JSON Schema, [`defaults`],
//! [`limits`] and [`settings_markdown_table`] are all read from it.
//!
//! Environment variables use the names of the reference README
//! (`OKTA_CLIENT_ORG_URL`, `OKTA_CLIENT_CONNECTIONTIMEOUT`, ...) and the
//! spellings other Okta SDKs read (`OKTA_CLIENT_ORGURL`,
//! `OKTA_CLIENT_CONNECTION_TIMEOUT`, ...). Empty variables count as unset;
//! when two spellings of one setting are set, the one listed first by
//! [`environment_variables`] wins. `OKTA_CLIENT_SCOPES` is comma-separated;
//! booleans are `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`).
//!
//! `privateKey` is PEM text, JWK JSON, or the path of a file holding either;
//! a relative path is resolved against the working directory, `~/` against
//! the home directory, and the file is read while loading.
//!
//! Loading checks everything and reports every problem in one
//! [`ConfigError`], each naming where the value came from and how to fix it.
//! Numbers outside their bounds (e.g. a `requestTimeout` over a day) are
//! rejected, so no value from outside can overflow a duration later.
//! Secrets ([`Secret`]) never appear in `Debug`, `Display` or errors, and a
//! `privateKey` value that may be key material is never echoed (only its
//! source and length).
//!
//! # YAML parser
//!
//! `okta.yaml` is parsed with `serde_yaml` 0.9, which is deprecated upstream
//! (no further releases; no known advisory). figment's own YAML provider
//! uses the same crate, so it is not enabled: the loader parses the file
//! itself and converts the document in one function (`values::from_yaml`).
//! It is kept rather than replaced because `xtask` (the spec pipeline) uses
//! it too, so a second YAML stack would only add build time, and the forks
//! (`serde_norway`, `serde_yaml_ng`) or `yaml-rust2`/`saphyr` bring no fix
//! this crate needs. Switching is a change to that one function and the
//! loader's call to it; the odd-input tests (`tests/odd_inputs.rs`: huge
//! numbers, tags, aliases, deep nesting, several documents, invalid UTF-8)
//! pin the behaviour any replacement must keep.
//!
//! ```yaml
//! okta:
//!   client:
//!     orgUrl: "https://dev-123456.okta.com"
//!     token: "00aBcD..."
//! ```

#![deny(missing_docs)]

mod builder;
mod error;
mod https;
mod key_text;
mod loader;
mod provenance;
mod schema;
mod secret;
mod settings;
mod validate;
mod values;

pub use builder::OktaConfigBuilder;
pub use error::{ConfigError, ConfigIssue, ConfigSource};
pub use https::is_allowed_scheme;
pub use key_text::KeyText;
pub use loader::ConfigLoader;
pub use provenance::{LoadedConfig, Provenance, ProvenanceEntry};
pub use schema::okta_yaml_schema;
pub use secret::Secret;
pub use settings::{defaults, environment_variables, limits, settings_markdown_table};

use std::fmt;
use std::time::Duration;

/// How requests to the Okta org are authorized.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuthorizationMode {
    /// `Authorization: SSWS <API token>`.
    Ssws,
    /// `Authorization: Bearer <access token>` with a token obtained elsewhere.
    Bearer,
    /// OAuth 2.0 client credentials with a `private_key_jwt` client assertion.
    PrivateKey,
}

impl AuthorizationMode {
    /// The name used in `okta.yaml`: `SSWS`, `Bearer` or `PrivateKey`.
    pub const fn as_str(self) -> &'static str {
        match self {
            AuthorizationMode::Ssws => "SSWS",
            AuthorizationMode::Bearer => "Bearer",
            AuthorizationMode::PrivateKey => "PrivateKey",
        }
    }

    /// Reads a mode name, ignoring ASCII case.
    pub fn parse(name: &str) -> Option<Self> {
        [
            AuthorizationMode::Ssws,
            AuthorizationMode::Bearer,
            AuthorizationMode::PrivateKey,
        ]
        .into_iter()
        .find(|m| m.as_str().eq_ignore_ascii_case(name.trim()))
    }
}

impl fmt::Display for AuthorizationMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An HTTP(S) proxy for every request the SDK sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProxyConfig {
    /// Proxy host name or address.
    pub host: String,
    /// Proxy port (1–65535).
    pub port: u16,
    /// User name for proxy authentication.
    pub username: Option<String>,
    /// Password for proxy authentication.
    pub password: Option<Secret>,
}

/// Response cache settings (`okta.client.cache`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheConfig {
    /// Whether GET responses are cached. Default [`defaults::CACHE_ENABLED`].
    pub enabled: bool,
    /// Time to live of an entry (`defaultTtl`, seconds in YAML). Default
    /// [`defaults::CACHE_DEFAULT_TTL`].
    pub default_ttl: Duration,
    /// Time to idle of an entry (`defaultTti`, seconds in YAML). Default
    /// [`defaults::CACHE_DEFAULT_TTI`].
    pub default_tti: Duration,
}

impl Default for CacheConfig {
    fn default() -> Self {
        CacheConfig {
            enabled: defaults::CACHE_ENABLED,
            default_ttl: defaults::CACHE_DEFAULT_TTL,
            default_tti: defaults::CACHE_DEFAULT_TTI,
        }
    }
}

/// The validated, effective configuration of a client.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OktaConfig {
    /// The org URL, e.g. `https://dev-123.okta.com` (no trailing slash).
    pub org_url: url::Url,
    /// How requests are authorized.
    pub authorization_mode: AuthorizationMode,
    /// API token (SSWS) or access token (Bearer).
    pub token: Option<Secret>,
    /// OAuth 2.0 client id (PrivateKey mode).
    pub client_id: Option<String>,
    /// OAuth 2.0 scopes (PrivateKey mode).
    pub scopes: Vec<String>,
    /// PEM or JWK text of the private key (PrivateKey mode); a path in the
    /// source has already been read.
    pub private_key: Option<Secret>,
    /// Key id put in the client assertion's header.
    pub kid: Option<String>,
    /// Connect timeout. Default [`defaults::CONNECTION_TIMEOUT`], at most
    /// [`limits::MAX_CONNECTION_TIMEOUT`].
    pub connection_timeout: Duration,
    /// Bound on a whole call, retries and waits included. `None` (YAML `0`) = no
    /// bound, the default; at most [`limits::MAX_REQUEST_TIMEOUT`].
    pub request_timeout: Option<Duration>,
    /// Proxy for every request.
    pub proxy: Option<ProxyConfig>,
    /// Retries after HTTP 429 (`rateLimit.maxRetries`). Default
    /// [`defaults::MAX_RETRIES`], at most [`limits::MAX_RETRIES`].
    pub max_retries: u32,
    /// The share of each Okta rate-limit bucket the client may use, in
    /// percent (`rateLimit.maxCapacity`, 1 to
    /// [`limits::MAX_CAPACITY_PERCENT`]). `None`, the default, turns pacing
    /// off: requests are only held back once the server has reported a
    /// bucket exhausted.
    pub rate_limit_max_capacity: Option<u8>,
    /// Extra text appended to the User-Agent header.
    pub user_agent: Option<String>,
    /// Response cache settings.
    pub cache: CacheConfig,
    /// How long before expiry an OAuth access token is renewed. Default
    /// [`defaults::OAUTH_TOKEN_RENEWAL_OFFSET`].
    pub oauth_token_renewal_offset: Duration,
    /// Whether DPoP-bound access tokens are used (PrivateKey mode).
    pub dpop_enabled: bool,
    /// Allows `http://` org URLs (`okta.testing.disableHttpsCheck`); for tests only.
    pub disable_https_check: bool,
}

impl OktaConfig {
    /// Loads the configuration from every source (defaults,
    /// `~/.okta/okta.yaml`, `./okta.yaml`, the environment) and validates it.
    ///
    /// Same as `ConfigLoader::new().load()`.
    pub fn load() -> Result<OktaConfig, ConfigError> {
        ConfigLoader::new().load()
    }

    /// A builder for explicit values; see [`OktaConfigBuilder`].
    pub fn builder() -> OktaConfigBuilder {
        OktaConfigBuilder::new()
    }

    /// A configuration for `org_url` with every other setting at its default
    /// ([`defaults`]: SSWS mode, no token). Mostly useful in tests; real code loads
    /// configuration from its sources.
    pub fn for_org(org_url: url::Url) -> Self {
        OktaConfig {
            org_url,
            authorization_mode: defaults::AUTHORIZATION_MODE,
            token: None,
            client_id: None,
            scopes: Vec::new(),
            private_key: None,
            kid: None,
            connection_timeout: defaults::CONNECTION_TIMEOUT,
            request_timeout: defaults::REQUEST_TIMEOUT,
            proxy: None,
            max_retries: defaults::MAX_RETRIES,
            rate_limit_max_capacity: None,
            user_agent: None,
            cache: CacheConfig::default(),
            oauth_token_renewal_offset: defaults::OAUTH_TOKEN_RENEWAL_OFFSET,
            dpop_enabled: defaults::DPOP_ENABLED,
            disable_https_check: defaults::DISABLE_HTTPS_CHECK,
        }
    }
}
