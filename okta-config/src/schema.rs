//! The JSON Schema of `okta.yaml`.
//!
//! These types describe the file only; loading reads values through the
//! settings table, and a test checks that both list the same keys.

#![allow(dead_code)]

use schemars::JsonSchema;
use serde::Deserialize;

/// An `okta.yaml` file, read from `~/.okta/okta.yaml` and `./okta.yaml`.
#[derive(Deserialize, JsonSchema)]
#[schemars(title = "okta.yaml")]
struct OktaYaml {
    /// Settings of the Okta SDKs.
    okta: Option<OktaSection>,
}

/// The `okta` section.
#[derive(Deserialize, JsonSchema)]
struct OktaSection {
    /// Client settings.
    client: Option<ClientSection>,
    /// Settings for tests only.
    testing: Option<TestingSection>,
}

/// How requests are authorized.
#[derive(Deserialize, JsonSchema)]
enum AuthorizationModeName {
    /// `Authorization: SSWS <token>` with an API token (the default).
    #[serde(rename = "SSWS")]
    Ssws,
    /// `Authorization: Bearer <token>` with an access token obtained elsewhere.
    Bearer,
    /// OAuth 2.0 client credentials signed with `privateKey`.
    PrivateKey,
}

/// The `okta.client` section.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
struct ClientSection {
    /// The org URL, e.g. `https://dev-123456.okta.com` (not the `-admin` address).
    org_url: Option<String>,
    /// API token (SSWS mode) or access token (Bearer mode). Secret.
    token: Option<String>,
    /// How requests are authorized. Default `SSWS`.
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
    /// Connect timeout in seconds. Default 30.
    #[schemars(range(min = 1))]
    connection_timeout: Option<u64>,
    /// Bound on a whole call in seconds, retries included; 0 means none. Default 0.
    #[schemars(range(min = 0))]
    request_timeout: Option<u64>,
    /// HTTP(S) proxy for every request.
    proxy: Option<ProxySection>,
    /// Retry settings for HTTP 429 responses.
    rate_limit: Option<RateLimitSection>,
    /// Extra text appended to the User-Agent header.
    user_agent: Option<String>,
    /// Response cache settings.
    cache: Option<CacheSection>,
    /// Minutes before expiry at which an OAuth access token is renewed. Default 5.
    #[schemars(range(min = 0))]
    oauth_token_renewal_offset: Option<u64>,
    /// Whether DPoP-bound access tokens are used (PrivateKey mode). Default false.
    dpop_enabled: Option<bool>,
}

/// The `okta.client.proxy` section; host and port go together.
#[derive(Deserialize, JsonSchema)]
struct ProxySection {
    /// Proxy host name or address.
    host: Option<String>,
    /// Proxy port.
    #[schemars(range(min = 1, max = 65535))]
    port: Option<u16>,
    /// User name for proxy authentication; needs `password`.
    username: Option<String>,
    /// Password for proxy authentication. Secret.
    password: Option<String>,
}

/// The `okta.client.rateLimit` section.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
struct RateLimitSection {
    /// Retries after HTTP 429. Default 2.
    #[schemars(range(min = 0))]
    max_retries: Option<u32>,
}

/// The `okta.client.cache` section.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
struct CacheSection {
    /// Whether GET responses are cached. Default false.
    enabled: Option<bool>,
    /// Time to live of an entry in seconds. Default 300.
    #[schemars(range(min = 0))]
    default_ttl: Option<u64>,
    /// Time to idle of an entry in seconds. Default 300.
    #[schemars(range(min = 0))]
    default_tti: Option<u64>,
}

/// The `okta.testing` section.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
struct TestingSection {
    /// Allows `http://` org URLs, for tests against a local server only.
    disable_https_check: Option<bool>,
}

/// The JSON Schema (draft 2020-12) of `okta.yaml`, for editors and for
/// `cargo xtask config-schema`.
pub fn okta_yaml_schema() -> serde_json::Value {
    schemars::schema_for!(OktaYaml).to_value()
}
