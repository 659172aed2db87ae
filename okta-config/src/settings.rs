//! The table of every setting: its `okta.yaml` key, its value type, whether it
//! is a secret, the environment variables that set it, its default and its
//! bounds.
//!
//! Everything else derives from this table: the loader's default layer,
//! validation's bounds and messages, [`OktaConfig::for_org`](crate::OktaConfig::for_org),
//! the JSON Schema's `default`/`minimum`/`maximum`, the public [`defaults`] and
//! [`limits`] constants, and [`settings_markdown_table`].

use std::time::Duration;

use crate::AuthorizationMode;

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
    pub const MAX_CAPACITY: &str = "okta.client.rateLimit.maxCapacity";
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

/// What a whole-number setting counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    /// Seconds.
    Seconds,
    /// Minutes.
    Minutes,
    /// Retries.
    Retries,
    /// A TCP port.
    Port,
    /// A percentage.
    Percent,
}

impl Unit {
    /// The unit's name for a count of `n`: `1 second`, `30 seconds`, `8080`.
    pub(crate) fn count(self, n: i128) -> String {
        let (one, many) = match self {
            Unit::Seconds => ("second", "seconds"),
            Unit::Minutes => ("minute", "minutes"),
            Unit::Retries => ("retry", "retries"),
            Unit::Port => return n.to_string(),
            Unit::Percent => return format!("{n} %"),
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }

    /// The plural name, for "a number of …".
    pub(crate) fn plural(self) -> &'static str {
        match self {
            Unit::Seconds => "seconds",
            Unit::Minutes => "minutes",
            Unit::Retries => "retries",
            Unit::Port => "port",
            Unit::Percent => "percent",
        }
    }

    /// The duration of `n` of this unit (`None` for units that are not time).
    pub(crate) fn duration(self, n: u64) -> Option<Duration> {
        match self {
            Unit::Seconds => Some(Duration::from_secs(n)),
            Unit::Minutes => n.checked_mul(60).map(Duration::from_secs),
            Unit::Retries | Unit::Port | Unit::Percent => None,
        }
    }
}

/// The allowed values of a whole-number setting.
#[derive(Clone, Copy, Debug)]
pub(crate) struct IntRule {
    /// Smallest allowed value.
    pub min: i64,
    /// Largest allowed value (keeps every derived duration far from overflow).
    pub max: i64,
    /// What the number counts.
    pub unit: Unit,
    /// What `0` means, when it is special (e.g. "no bound").
    pub zero_means: Option<&'static str>,
    /// A sensible value to suggest in messages.
    pub example: i64,
}

/// A setting's built-in default, in `okta.yaml` units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DefaultValue {
    /// No default: unset unless a source sets it.
    None,
    /// Text.
    Str(&'static str),
    /// A whole number.
    Int(i64),
    /// A boolean.
    Bool(bool),
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
    /// The built-in default.
    pub default: DefaultValue,
    /// Bounds of a whole number ([`Kind::Int`] only).
    pub int: Option<IntRule>,
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
        default: DefaultValue::None,
        int: None,
    }
}

impl Setting {
    const fn default(mut self, default: DefaultValue) -> Self {
        self.default = default;
        self
    }

    /// Bounds; messages suggest the default (or `min`) unless
    /// [`example`](Self::example) says otherwise.
    const fn range(mut self, min: i64, max: i64, unit: Unit) -> Self {
        let example = match self.default {
            DefaultValue::Int(n) => n,
            _ => min,
        };
        self.int = Some(IntRule {
            min,
            max,
            unit,
            zero_means: None,
            example,
        });
        self
    }

    const fn example(mut self, example: i64) -> Self {
        if let Some(rule) = &mut self.int {
            rule.example = example;
        }
        self
    }

    const fn zero_means(mut self, meaning: &'static str) -> Self {
        if let Some(rule) = &mut self.int {
            rule.zero_means = Some(meaning);
        }
        self
    }
}

/// One day in seconds: the largest timeout or cache lifetime accepted.
const DAY_SECS: i64 = 24 * 60 * 60;

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
    )
    .default(DefaultValue::Str(AuthorizationMode::Ssws.as_str())),
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
    )
    .default(DefaultValue::Int(30))
    .range(1, DAY_SECS, Unit::Seconds),
    setting(
        keys::REQUEST_TIMEOUT,
        Kind::Int,
        false,
        &["OKTA_CLIENT_REQUESTTIMEOUT", "OKTA_CLIENT_REQUEST_TIMEOUT"],
    )
    .default(DefaultValue::Int(0))
    .range(0, DAY_SECS, Unit::Seconds)
    .example(60)
    .zero_means("no bound"),
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
    )
    .range(1, u16::MAX as i64, Unit::Port)
    .example(8080),
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
    )
    .default(DefaultValue::Int(2))
    .range(0, 100, Unit::Retries),
    // No default: unset means no pacing (only the server's answers slow the
    // client down).
    setting(
        keys::MAX_CAPACITY,
        Kind::Int,
        false,
        &[
            "OKTA_CLIENT_RATE_LIMIT_MAX_CAPACITY",
            "OKTA_CLIENT_RATELIMIT_MAXCAPACITY",
            "OKTA_CLIENT_RATELIMIT_MAX_CAPACITY",
        ],
    )
    .range(1, 100, Unit::Percent)
    .example(80),
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
    )
    .default(DefaultValue::Bool(false)),
    setting(
        keys::CACHE_DEFAULT_TTL,
        Kind::Int,
        false,
        &[
            "OKTA_CLIENT_CACHE_DEFAULT_TTL",
            "OKTA_CLIENT_CACHE_DEFAULTTTL",
        ],
    )
    .default(DefaultValue::Int(300))
    .range(0, DAY_SECS, Unit::Seconds),
    setting(
        keys::CACHE_DEFAULT_TTI,
        Kind::Int,
        false,
        &[
            "OKTA_CLIENT_CACHE_DEFAULT_TTI",
            "OKTA_CLIENT_CACHE_DEFAULTTTI",
        ],
    )
    .default(DefaultValue::Int(300))
    .range(0, DAY_SECS, Unit::Seconds),
    setting(
        keys::OAUTH_TOKEN_RENEWAL_OFFSET,
        Kind::Int,
        false,
        &[
            "OKTA_CLIENT_OAUTH_TOKEN_RENEWAL_OFFSET",
            "OKTA_CLIENT_OAUTHTOKENRENEWALOFFSET",
        ],
    )
    .default(DefaultValue::Int(5))
    .range(0, DAY_SECS / 60, Unit::Minutes),
    setting(
        keys::DPOP_ENABLED,
        Kind::Bool,
        false,
        &["OKTA_CLIENT_DPOP_ENABLED", "OKTA_CLIENT_DPOPENABLED"],
    )
    .default(DefaultValue::Bool(false)),
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
    )
    .default(DefaultValue::Bool(false)),
];

// Compile-time reads of the table, for the public constants below. A `panic!`
// here is a build error (the constants are evaluated while compiling), never
// a panic at run time.

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn row(key: &str) -> &'static Setting {
    let mut i = 0;
    while i < SETTINGS.len() {
        if same(SETTINGS[i].key, key) {
            return &SETTINGS[i];
        }
        i += 1;
    }
    panic!("no such setting in the table")
}

const fn int_default(key: &str) -> u64 {
    match row(key).default {
        DefaultValue::Int(n) if n >= 0 => n as u64,
        _ => panic!("the setting has no whole-number default"),
    }
}

const fn bool_default(key: &str) -> bool {
    match row(key).default {
        DefaultValue::Bool(b) => b,
        _ => panic!("the setting has no boolean default"),
    }
}

const fn int_max(key: &str) -> u64 {
    match row(key).int {
        Some(rule) if rule.max >= 0 => rule.max as u64,
        _ => panic!("the setting has no bounds"),
    }
}

const fn mode_default() -> AuthorizationMode {
    match row(keys::AUTHORIZATION_MODE).default {
        DefaultValue::Str(name) if same(name, AuthorizationMode::Ssws.as_str()) => {
            AuthorizationMode::Ssws
        }
        DefaultValue::Str(name) if same(name, AuthorizationMode::Bearer.as_str()) => {
            AuthorizationMode::Bearer
        }
        DefaultValue::Str(name) if same(name, AuthorizationMode::PrivateKey.as_str()) => {
            AuthorizationMode::PrivateKey
        }
        _ => panic!("the default authorization mode is not a mode name"),
    }
}

/// The built-in default of every setting that has one, read from the
/// settings table (the only place the values are written; the README's
/// table, [`settings_markdown_table`](crate::settings_markdown_table), lists
/// them).
///
/// Other crates derive their own defaults from these, e.g. a retry policy's
/// retry count from [`MAX_RETRIES`](defaults::MAX_RETRIES).
pub mod defaults {
    use std::time::Duration;

    use super::{bool_default, int_default, keys, mode_default};
    use crate::AuthorizationMode;

    /// `authorizationMode`'s default.
    pub const AUTHORIZATION_MODE: AuthorizationMode = mode_default();
    /// `connectionTimeout`'s default.
    pub const CONNECTION_TIMEOUT: Duration =
        Duration::from_secs(int_default(keys::CONNECTION_TIMEOUT));
    /// `requestTimeout`'s default (`None`, written `0` in `okta.yaml`: no bound).
    pub const REQUEST_TIMEOUT: Option<Duration> = match int_default(keys::REQUEST_TIMEOUT) {
        0 => None,
        secs => Some(Duration::from_secs(secs)),
    };
    /// `rateLimit.maxRetries`'s default: retries after HTTP 429.
    pub const MAX_RETRIES: u32 = int_default(keys::MAX_RETRIES) as u32;
    /// `cache.enabled`'s default.
    pub const CACHE_ENABLED: bool = bool_default(keys::CACHE_ENABLED);
    /// `cache.defaultTtl`'s default.
    pub const CACHE_DEFAULT_TTL: Duration =
        Duration::from_secs(int_default(keys::CACHE_DEFAULT_TTL));
    /// `cache.defaultTti`'s default.
    pub const CACHE_DEFAULT_TTI: Duration =
        Duration::from_secs(int_default(keys::CACHE_DEFAULT_TTI));
    /// `oauthTokenRenewalOffset`'s default.
    pub const OAUTH_TOKEN_RENEWAL_OFFSET: Duration =
        Duration::from_secs(int_default(keys::OAUTH_TOKEN_RENEWAL_OFFSET) * 60);
    /// `dpopEnabled`'s default.
    pub const DPOP_ENABLED: bool = bool_default(keys::DPOP_ENABLED);
    /// `testing.disableHttpsCheck`'s default (off: only `https://` org URLs).
    pub const DISABLE_HTTPS_CHECK: bool = bool_default(keys::DISABLE_HTTPS_CHECK);
}

/// The largest values validation accepts, read from the settings table.
///
/// Anything larger is rejected while loading, so code using a loaded
/// [`OktaConfig`](crate::OktaConfig) can add these durations to an `Instant`
/// without overflow.
pub mod limits {
    use std::time::Duration;

    use super::{int_max, keys};

    /// Largest `connectionTimeout`.
    pub const MAX_CONNECTION_TIMEOUT: Duration =
        Duration::from_secs(int_max(keys::CONNECTION_TIMEOUT));
    /// Largest `requestTimeout`.
    pub const MAX_REQUEST_TIMEOUT: Duration = Duration::from_secs(int_max(keys::REQUEST_TIMEOUT));
    /// Largest `rateLimit.maxRetries`.
    pub const MAX_RETRIES: u32 = int_max(keys::MAX_RETRIES) as u32;
    /// Largest `rateLimit.maxCapacity` (a percentage of each rate-limit bucket).
    pub const MAX_CAPACITY_PERCENT: u8 = int_max(keys::MAX_CAPACITY) as u8;
    /// Largest `cache.defaultTtl` and `cache.defaultTti`.
    pub const MAX_CACHE_LIFETIME: Duration = Duration::from_secs(int_max(keys::CACHE_DEFAULT_TTL));
    /// Largest `oauthTokenRenewalOffset`.
    pub const MAX_OAUTH_TOKEN_RENEWAL_OFFSET: Duration =
        Duration::from_secs(int_max(keys::OAUTH_TOKEN_RENEWAL_OFFSET) * 60);
}

/// The setting with dotted path `key`.
pub(crate) fn setting_for(key: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.key == key)
}

/// Whether the value at `key` must never be shown. This is the crate's one
/// list of secret settings: the `secret` column of [`SETTINGS`].
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

/// The default as a JSON value (`None` when the setting has no default).
pub(crate) fn default_json(setting: &Setting) -> Option<serde_json::Value> {
    match setting.default {
        DefaultValue::None => None,
        DefaultValue::Str(s) => Some(serde_json::Value::from(s)),
        DefaultValue::Int(n) => Some(serde_json::Value::from(n)),
        DefaultValue::Bool(b) => Some(serde_json::Value::from(b)),
    }
}

/// The configuration table of the README, as Markdown: one row per setting
/// with its `okta.yaml` key, its environment variables (the first one listed
/// wins when several are set), its default and its allowed values.
///
/// Generated from the settings table, so the README can be checked against it.
pub fn settings_markdown_table() -> String {
    let mut out = String::from(
        "| `okta.yaml` key | Environment variables | Default | Values |\n\
         | --- | --- | --- | --- |\n",
    );
    for s in SETTINGS {
        let env = s
            .env
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let default = match s.default {
            DefaultValue::None => "none".to_owned(),
            DefaultValue::Str(v) => format!("`{v}`"),
            DefaultValue::Int(n) => match s.int.and_then(|r| r.zero_means.filter(|_| n == 0)) {
                Some(meaning) => format!("`{n}` ({meaning})"),
                None => format!("`{n}`"),
            },
            DefaultValue::Bool(b) => format!("`{b}`"),
        };
        let values = match (s.kind, s.int) {
            (Kind::Int, Some(rule)) => {
                let mut text = format!("{}–{} ({})", rule.min, rule.max, rule.unit.plural());
                if let Some(meaning) = rule.zero_means {
                    text.push_str(&format!("; 0 = {meaning}"));
                }
                text
            }
            (Kind::Int, None) => "a whole number".to_owned(),
            (Kind::Bool, _) => "`true` or `false`".to_owned(),
            (Kind::List, _) => "a list, or one comma-separated string".to_owned(),
            (Kind::Str, _) if s.key == keys::AUTHORIZATION_MODE => {
                "`SSWS`, `Bearer` or `PrivateKey`".to_owned()
            }
            (Kind::Str, _) if s.key == keys::PRIVATE_KEY => {
                "PEM text, JWK JSON, or the path of a file holding either (secret)".to_owned()
            }
            (Kind::Str, _) if s.secret => "text (secret)".to_owned(),
            (Kind::Str, _) => "text".to_owned(),
        };
        out.push_str(&format!("| `{}` | {env} | {default} | {values} |\n", s.key));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_consistent() {
        for s in SETTINGS {
            assert_eq!(s.kind == Kind::Int, s.int.is_some(), "{}: bounds", s.key);
            if let Some(rule) = s.int {
                assert!(rule.min <= rule.max, "{}", s.key);
                assert!((rule.min..=rule.max).contains(&rule.example), "{}", s.key);
                // Far from any overflow of a duration added to an Instant.
                assert!(rule.max <= DAY_SECS * 365, "{}", s.key);
            }
            match (s.default, s.kind) {
                (DefaultValue::None, _)
                | (DefaultValue::Str(_), Kind::Str)
                | (DefaultValue::Bool(_), Kind::Bool) => {}
                (DefaultValue::Int(n), Kind::Int) => {
                    let rule = s.int.unwrap();
                    assert!((rule.min..=rule.max).contains(&n), "{}: default", s.key);
                }
                (default, kind) => panic!("{}: default {default:?} for {kind:?}", s.key),
            }
            assert!(!s.secret || s.default == DefaultValue::None, "{}", s.key);
            assert!(!s.env.is_empty(), "{}", s.key);
        }
        assert!(AuthorizationMode::parse("SSWS") == Some(defaults::AUTHORIZATION_MODE));
    }
}
