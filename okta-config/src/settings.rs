//! The table of every setting: its `okta.yaml` key, its value type, whether it
//! is a secret, and the environment variables that set it.

/// Keys of `okta.yaml`, as dotted paths.
pub(crate) mod keys {
    pub const ORG_URL: &str = "okta.client.orgUrl";
    pub const TOKEN: &str = "okta.client.token";
    pub const AUTHORIZATION_MODE: &str = "okta.client.authorizationMode";
    pub const CLIENT_ID: &str = "okta.client.clientId";
    pub const SCOPES: &str = "okta.client.scopes";
    pub const PRIVATE_KEY: &str = "okta.client.privateKey";
    pub const KID: &str = "okta.client.kid";
    pub const CONNECTION_TIMEOUT: &str = "okta.client.connectionTimeout";
    pub const REQUEST_TIMEOUT: &str = "okta.client.requestTimeout";
    pub const PROXY_HOST: &str = "okta.client.proxy.host";
    pub const PROXY_PORT: &str = "okta.client.proxy.port";
    pub const PROXY_USERNAME: &str = "okta.client.proxy.username";
    pub const PROXY_PASSWORD: &str = "okta.client.proxy.password";
    pub const MAX_RETRIES: &str = "okta.client.rateLimit.maxRetries";
    pub const USER_AGENT: &str = "okta.client.userAgent";
    pub const CACHE_ENABLED: &str = "okta.client.cache.enabled";
    pub const CACHE_DEFAULT_TTL: &str = "okta.client.cache.defaultTtl";
    pub const CACHE_DEFAULT_TTI: &str = "okta.client.cache.defaultTti";
    pub const OAUTH_TOKEN_RENEWAL_OFFSET: &str = "okta.client.oauthTokenRenewalOffset";
    pub const DPOP_ENABLED: &str = "okta.client.dpopEnabled";
    pub const DISABLE_HTTPS_CHECK: &str = "okta.testing.disableHttpsCheck";
}

/// The sections (non-leaf keys) of `okta.yaml`; each must be a mapping.
pub(crate) const SECTIONS: &[&str] = &[
    "okta",
    "okta.client",
    "okta.client.proxy",
    "okta.client.rateLimit",
    "okta.client.cache",
    "okta.testing",
];

/// The type a setting's value has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Text.
    Str,
    /// A whole number (may be negative in the source; validation rejects that).
    Int,
    /// `true` or `false`.
    Bool,
    /// A list of strings; a single string is split on commas and whitespace.
    List,
}

/// One setting of `okta.yaml`.
#[derive(Debug)]
pub(crate) struct Setting {
    /// Dotted path in `okta.yaml`.
    pub key: &'static str,
    /// Value type.
    pub kind: Kind,
    /// Whether the value must never be shown.
    pub secret: bool,
    /// Environment variables that set it. When several are set, the first one
    /// listed here wins.
    pub env: &'static [&'static str],
}

const fn setting(
    key: &'static str,
    kind: Kind,
    secret: bool,
    env: &'static [&'static str],
) -> Setting {
    Setting {
        key,
        kind,
        secret,
        env,
    }
}

/// Every setting, in the order provenance reports list them.
pub(crate) const SETTINGS: &[Setting] = &[
    setting(
        keys::ORG_URL,
        Kind::Str,
        false,
        &["OKTA_CLIENT_ORG_URL", "OKTA_CLIENT_ORGURL"],
    ),
    setting(
        keys::AUTHORIZATION_MODE,
        Kind::Str,
        false,
        &[
            "OKTA_CLIENT_AUTHORIZATION_MODE",
            "OKTA_CLIENT_AUTHORIZATIONMODE",
        ],
    ),
    setting(keys::TOKEN, Kind::Str, true, &["OKTA_CLIENT_TOKEN"]),
    setting(
        keys::CLIENT_ID,
        Kind::Str,
        false,
        &["OKTA_CLIENT_CLIENT_ID", "OKTA_CLIENT_CLIENTID"],
    ),
    setting(keys::SCOPES, Kind::List, false, &["OKTA_CLIENT_SCOPES"]),
    setting(
        keys::PRIVATE_KEY,
        Kind::Str,
        true,
        &["OKTA_CLIENT_PRIVATE_KEY", "OKTA_CLIENT_PRIVATEKEY"],
    ),
    setting(keys::KID, Kind::Str, false, &["OKTA_CLIENT_KID"]),
    setting(
        keys::CONNECTION_TIMEOUT,
        Kind::Int,
        false,
        &[
            "OKTA_CLIENT_CONNECTIONTIMEOUT",
            "OKTA_CLIENT_CONNECTION_TIMEOUT",
        ],
    ),
    setting(
        keys::REQUEST_TIMEOUT,
        Kind::Int,
        false,
        &["OKTA_CLIENT_REQUESTTIMEOUT", "OKTA_CLIENT_REQUEST_TIMEOUT"],
    ),
    setting(
        keys::PROXY_HOST,
        Kind::Str,
        false,
        &["OKTA_CLIENT_PROXY_HOST"],
    ),
    setting(
        keys::PROXY_PORT,
        Kind::Int,
        false,
        &["OKTA_CLIENT_PROXY_PORT"],
    ),
    setting(
        keys::PROXY_USERNAME,
        Kind::Str,
        false,
        &["OKTA_CLIENT_PROXY_USERNAME"],
    ),
    setting(
        keys::PROXY_PASSWORD,
        Kind::Str,
        true,
        &["OKTA_CLIENT_PROXY_PASSWORD"],
    ),
    setting(
        keys::MAX_RETRIES,
        Kind::Int,
        false,
        &[
            "OKTA_CLIENT_RATE_LIMIT_MAX_RETRIES",
            "OKTA_CLIENT_RATELIMIT_MAXRETRIES",
            "OKTA_CLIENT_RATELIMIT_MAX_RETRIES",
        ],
    ),
    setting(
        keys::USER_AGENT,
        Kind::Str,
        false,
        &["OKTA_CLIENT_USER_AGENT", "OKTA_CLIENT_USERAGENT"],
    ),
    setting(
        keys::CACHE_ENABLED,
        Kind::Bool,
        false,
        &["OKTA_CLIENT_CACHE_ENABLED"],
    ),
    setting(
        keys::CACHE_DEFAULT_TTL,
        Kind::Int,
        false,
        &[
            "OKTA_CLIENT_CACHE_DEFAULT_TTL",
            "OKTA_CLIENT_CACHE_DEFAULTTTL",
        ],
    ),
    setting(
        keys::CACHE_DEFAULT_TTI,
        Kind::Int,
        false,
        &[
            "OKTA_CLIENT_CACHE_DEFAULT_TTI",
            "OKTA_CLIENT_CACHE_DEFAULTTTI",
        ],
    ),
    setting(
        keys::OAUTH_TOKEN_RENEWAL_OFFSET,
        Kind::Int,
        false,
        &[
            "OKTA_CLIENT_OAUTH_TOKEN_RENEWAL_OFFSET",
            "OKTA_CLIENT_OAUTHTOKENRENEWALOFFSET",
        ],
    ),
    setting(
        keys::DPOP_ENABLED,
        Kind::Bool,
        false,
        &["OKTA_CLIENT_DPOP_ENABLED", "OKTA_CLIENT_DPOPENABLED"],
    ),
    setting(
        keys::DISABLE_HTTPS_CHECK,
        Kind::Bool,
        false,
        &[
            "OKTA_TESTING_TESTING_DISABLE_HTTPS_CHECK",
            "OKTA_TESTING_TESTINGDISABLEHTTPSCHECK",
            "OKTA_TESTING_DISABLE_HTTPS_CHECK",
            "OKTA_TESTING_DISABLEHTTPSCHECK",
        ],
    ),
];

/// The setting with dotted path `key`.
pub(crate) fn setting_for(key: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.key == key)
}

/// Whether the value at `key` must never be shown.
pub(crate) fn is_secret(key: &str) -> bool {
    setting_for(key).is_some_and(|s| s.secret)
}

/// The preferred environment variable for `key`, for messages that say how to
/// set a missing value.
pub(crate) fn primary_env(key: &str) -> &'static str {
    setting_for(key)
        .and_then(|s| s.env.first().copied())
        .unwrap_or("")
}

/// The key relative to `okta.client` (or `okta.testing`), as written in an
/// explicit map such as `{"orgUrl": ...}`.
pub(crate) fn short_key(key: &str) -> &str {
    key.strip_prefix("okta.client.")
        .or_else(|| key.strip_prefix("okta."))
        .unwrap_or(key)
}

/// Every environment variable the loader reads, with the `okta.yaml` key it
/// sets, in table order.
pub fn environment_variables() -> impl Iterator<Item = (&'static str, &'static str)> {
    SETTINGS
        .iter()
        .flat_map(|s| s.env.iter().map(move |var| (*var, s.key)))
}
