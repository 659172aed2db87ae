//! The constructors of [`Client`] (the generated client itself: its operations are its
//! own methods) and [`ClientBuilder`].

use std::sync::Arc;

use okta_api::{Cache, Clock, RawRequest, RetryPolicy, Runtime};
use okta_auth::CredentialSource;
use okta_config::OktaConfig;

use crate::generated::Client;
use crate::Error;

impl Client {
    /// Loads configuration from every source (`~/.okta/okta.yaml`,
    /// `./okta.yaml`, `OKTA_CLIENT_*` variables), like the Python SDK's
    /// `OktaClient()`, and builds a client.
    pub fn new() -> Result<Self, Error> {
        let config = OktaConfig::load()?;
        Self::from_config(config)
    }

    /// A client for an already loaded or built configuration.
    pub fn from_config(config: OktaConfig) -> Result<Self, Error> {
        Self::builder(config).build()
    }

    /// A builder for a client with a custom HTTP client, cache, credential
    /// source, clock or retry policy.
    pub fn builder(config: OktaConfig) -> ClientBuilder {
        ClientBuilder {
            runtime: Runtime::builder(config),
        }
    }

    /// A client on top of an existing runtime.
    pub fn from_runtime(runtime: Runtime) -> Self {
        Client {
            baseurl: runtime.base_url().to_owned(),
            client: runtime.http_client().clone(),
            inner: runtime,
        }
    }

    /// The runtime every request goes through.
    pub fn runtime(&self) -> &Runtime {
        &self.inner
    }

    /// The effective configuration.
    pub fn config(&self) -> &OktaConfig {
        self.runtime().config()
    }

    /// What the client has learned about each Okta rate-limit bucket it has
    /// called (see [`Runtime::rate_limits`]); shared by every clone.
    pub fn rate_limits(&self) -> Vec<okta_api::BucketState> {
        self.runtime().rate_limits()
    }

    /// A request to any endpoint of the org, with the same auth, retry,
    /// errors and tracing as generated operations (the Python SDK's
    /// "call other API endpoints").
    ///
    /// ```no_run
    /// # async fn run(client: okta::Client) -> Result<(), okta::Error> {
    /// let user: okta::models::User = client
    ///     .request(reqwest::Method::GET, "/api/v1/users/me")
    ///     .send_json()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn request(&self, method: reqwest::Method, path: &str) -> RawRequest {
        self.runtime().request(method, path)
    }
}

/// Builds a [`Client`]; see [`Client::builder`].
#[must_use]
pub struct ClientBuilder {
    runtime: okta_api::RuntimeBuilder,
}

impl ClientBuilder {
    /// Uses `client` for every request (token requests included) instead of
    /// one built from the configuration.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.runtime = self.runtime.http_client(client);
        self
    }

    /// Uses `cache` for responses (it is used even when the configuration
    /// leaves caching off).
    pub fn cache(mut self, cache: Arc<dyn Cache>) -> Self {
        self.runtime = self.runtime.cache(cache);
        self
    }

    /// Uses `credentials` instead of those the configuration describes.
    pub fn credentials(mut self, credentials: Arc<dyn CredentialSource>) -> Self {
        self.runtime = self.runtime.credentials(credentials);
        self
    }

    /// Uses `clock` for retry waits and cache expiry (tests).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.runtime = self.runtime.clock(clock);
        self
    }

    /// Uses `policy` for retries instead of the configured one.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.runtime = self.runtime.retry_policy(policy);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, Error> {
        Ok(Client::from_runtime(self.runtime.build()?))
    }
}
