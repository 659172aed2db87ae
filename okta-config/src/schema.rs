//! The JSON Schema of `okta.yaml`.
//!
//! These types describe the file's shape and documentation only; every
//! `default`, `minimum` and `maximum` is written from the settings table
//! afterwards, and tests check that schema, table and validation agree.

// The types are never built or read: they exist for their derived schema.
#![allow(dead_code)]

use schemars::JsonSchema;
use serde_json::Value;

use crate::settings::{self, SETTINGS};

/// An `okta.yaml` file, read from `~/.okta/okta.yaml` and `./okta.yaml`.
#[derive(JsonSchema)]
#[schemars(title = "okta.yaml")]
struct OktaYaml {
    /// Settings of the Okta SDKs.
    okta: Option<OktaSection>,
}

/// The `okta` section.
#[derive(JsonSchema)]
struct OktaSection {
    /// Client settings.
    client: Option<ClientSection>,
    /// Settings for tests only.
    testing: Option<TestingSection>,
}

/// How requests are authorized.
#[derive(JsonSchema)]
enum AuthorizationModeName {
    /// `Authorization: SSWS <token>` with an API token.
    #[serde(rename = "SSWS")]
    Ssws,
    /// `Authorization: Bearer <token>` with an access token obtained elsewhere.
    Bearer,
    /// OAuth 2.0 client credentials signed with `privateKey`.
    PrivateKey,
}

/// The `okta.client` section.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
struct ClientSection {
    /// The org URL, e.g. `https://dev-123456.okta.com` (not the `-admin` address).
    org_url: Option<String>,
    /// API token (SSWS mode) or access token (Bearer mode). Secret.
    token: Option<String>,
    /// How requests are authorized.
    authorization_mode: Option<AuthorizationModeName>,
    /// OAuth 2.0 client id of the service application (PrivateKey mode).
    client_id: Option<String>,
    /// OAuth 2.0 scopes to request (PrivateKey mode); a list, or one
    /// comma-separated string.
    scopes: Option<Vec<String>>,
    /// Private key (PrivateKey mode): PEM text, JWK JSON, or the path of a
    /// file holding either. Secret.
    private_key: Option<String>,
    /// Key id put in the client assertion's header.
    kid: Option<String>,
    /// Connect timeout in seconds.
    connection_timeout: Option<u64>,
    /// Bound on a whole call in seconds, retries included; 0 means none.
    request_timeout: Option<u64>,
    /// HTTP(S) proxy for every request.
    proxy: Option<ProxySection>,
    /// Retry and pacing settings for Okta's rate limits.
    rate_limit: Option<RateLimitSection>,
    /// Extra text appended to the User-Agent header.
    user_agent: Option<String>,
    /// Response cache settings.
    cache: Option<CacheSection>,
    /// Minutes before expiry at which an OAuth access token is renewed.
    oauth_token_renewal_offset: Option<u64>,
    /// Whether DPoP-bound access tokens are used (PrivateKey mode).
    dpop_enabled: Option<bool>,
}

/// The `okta.client.proxy` section; host and port go together.
#[derive(JsonSchema)]
struct ProxySection {
    /// Proxy host name or address.
    host: Option<String>,
    /// Proxy port.
    port: Option<u16>,
    /// User name for proxy authentication; needs `password`.
    username: Option<String>,
    /// Password for proxy authentication. Secret.
    password: Option<String>,
}

/// The `okta.client.rateLimit` section.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
struct RateLimitSection {
    /// Retries after HTTP 429.
    max_retries: Option<u32>,
    /// Percentage of each Okta rate-limit bucket the client may use before
    /// it waits for the bucket to reset; unset means no pacing.
    max_capacity: Option<u8>,
}

/// The `okta.client.cache` section.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
struct CacheSection {
    /// Whether GET responses are cached.
    enabled: Option<bool>,
    /// Time to live of an entry in seconds.
    default_ttl: Option<u64>,
    /// Time to idle of an entry in seconds.
    default_tti: Option<u64>,
}

/// The `okta.testing` section.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
struct TestingSection {
    /// Allows `http://` org URLs, for tests against a local server only.
    disable_https_check: Option<bool>,
}

/// The JSON Schema (draft 2020-12) of `okta.yaml`, for editors and for
/// `cargo xtask config-schema`.
///
/// Each setting's `default`, `minimum` and `maximum` come from the settings
/// table, like the loader's defaults and validation's bounds.
pub fn okta_yaml_schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(OktaYaml).to_value();
    for setting in SETTINGS {
        let Some(pointer) = pointer_to(&schema, setting.key) else {
            tracing::debug!(key = setting.key, "setting missing from the schema types");
            continue;
        };
        let Some(Value::Object(node)) = schema.pointer_mut(&pointer) else {
            continue;
        };
        if let Some(default) = settings::default_json(setting) {
            node.insert("default".to_owned(), default);
        }
        if let Some(rule) = setting.int {
            node.insert("minimum".to_owned(), Value::from(rule.min));
            node.insert("maximum".to_owned(), Value::from(rule.max));
        }
    }
    schema
}

/// The JSON pointer of the schema node describing the dotted `key`,
/// following `$ref`s and the `anyOf` of optional values.
fn pointer_to(root: &Value, key: &str) -> Option<String> {
    let mut pointer = String::new();
    for part in key.split('.') {
        pointer = object_with_properties(root, pointer)?;
        pointer.push_str("/properties/");
        pointer.push_str(part);
        root.pointer(&pointer)?;
    }
    Some(pointer)
}

/// Follows `pointer` to the object schema that has `properties`.
fn object_with_properties(root: &Value, pointer: String) -> Option<String> {
    let node = root.pointer(&pointer)?;
    if node.get("properties").is_some() {
        return Some(pointer);
    }
    if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        return object_with_properties(root, reference.strip_prefix('#')?.to_owned());
    }
    let items = node.get("anyOf").and_then(Value::as_array)?;
    (0..items.len()).find_map(|i| object_with_properties(root, format!("{pointer}/anyOf/{i}")))
}
