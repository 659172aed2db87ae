//! [`RuntimeBuilder`]: the pieces of a [`Runtime`], each from the
//! configuration unless given explicitly.

use std::fmt;
use std::sync::Arc;

use okta_auth::CredentialSource;
use okta_config::{AuthorizationMode, OktaConfig};

use crate::cache::{Cache, MemoryCache};
use crate::cache_layer::CacheLayer;
use crate::error::{Error, Result};
use crate::origin::{same_origin_redirects, OrgOrigin};
use crate::pacing::Pacer;
use crate::retry::RetryPolicy;
use crate::runtime::{Parts, Runtime};
use okta_auth::{Clock, SystemClock};

/// Builds a [`Runtime`]; see [`Runtime::builder`].
#[must_use]
pub struct RuntimeBuilder {
    config: OktaConfig,
    http: Option<reqwest::Client>,
    credentials: Option<Arc<dyn CredentialSource>>,
    cache: Option<Arc<dyn Cache>>,
    clock: Option<Arc<dyn Clock>>,
    retry: Option<RetryPolicy>,
    max_capacity: Option<Option<u8>>,
}

impl fmt::Debug for RuntimeBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RuntimeBuilder")
            .field("org_url", &self.config.org_url.as_str())
            .finish_non_exhaustive()
    }
}

impl Runtime {
    /// Starts building a runtime for `config`.
    pub fn builder(config: OktaConfig) -> RuntimeBuilder {
        RuntimeBuilder {
            config,
            http: None,
            credentials: None,
            cache: None,
            clock: None,
            retry: None,
            max_capacity: None,
        }
    }
}

impl RuntimeBuilder {
    /// Uses `client` instead of a client built from the configuration. Its
    /// redirect policy is then the caller's responsibility.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Authorizes every attempt with `credentials`. Without it, the source
    /// the configuration asks for is built with
    /// [`okta_auth::credentials_from_config_with_clock`] (sharing this
    /// runtime's HTTP client and clock); a configuration with no token in
    /// SSWS or Bearer mode sends requests without credentials.
    pub fn credentials(mut self, credentials: Arc<dyn CredentialSource>) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Uses `cache` as the response cache and turns caching on, whatever
    /// `cache.enabled` says.
    pub fn cache(mut self, cache: Arc<dyn Cache>) -> Self {
        self.cache = Some(cache);
        self
    }

    /// Uses `clock` for waits, deadlines, cache expiry and, in a credential
    /// source built from the configuration, token timestamps and expiry
    /// (tests inject a fake).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Overrides the retry policy (by default built from `max_retries`).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Overrides `rateLimit.maxCapacity`: the percentage (1 to 100) of each
    /// Okta rate-limit bucket the runtime may use before it holds requests
    /// until the bucket resets; `None` turns pacing off (requests are then
    /// only held once the server has reported a bucket exhausted).
    pub fn rate_limit_max_capacity(mut self, percent: Option<u8>) -> Self {
        self.max_capacity = Some(percent);
        self
    }

    /// Builds the runtime. Fails on an org URL
    /// [`okta_config::is_allowed_scheme`] refuses (plain `http` unless
    /// `disable_https_check` is set), on a
    /// [`rate_limit_max_capacity`](Self::rate_limit_max_capacity) outside 1 to
    /// 100, or when the HTTP client or the
    /// credential source cannot be built.
    pub fn build(self) -> Result<Runtime> {
        let config = self.config;
        let origin = OrgOrigin::new(&config.org_url, config.disable_https_check)?;
        let http = match self.http {
            Some(http) => http,
            None => default_client(&config)?,
        };
        let clock = self.clock.unwrap_or_else(|| Arc::new(SystemClock));
        let credentials = match self.credentials {
            Some(credentials) => Some(credentials),
            None => default_credentials(&config, &http, &clock)?,
        };
        let cache = self.cache.or_else(|| {
            config.cache.enabled.then(|| {
                Arc::new(MemoryCache::with_clock(
                    config.cache.default_ttl,
                    config.cache.default_tti,
                    clock.clone(),
                )) as Arc<dyn Cache>
            })
        });
        let retry = self
            .retry
            .unwrap_or_else(|| RetryPolicy::with_max_retries(config.max_retries));
        let max_capacity = self.max_capacity.unwrap_or(config.rate_limit_max_capacity);
        if let Some(percent) = max_capacity.filter(|p| !(1..=100).contains(p)) {
            return Err(Error::Config(format!(
                "rate_limit_max_capacity({percent}) is not a percentage of a rate-limit bucket: \
                 use 1 to 100, or None to turn pacing off"
            )));
        }
        let pacer = Pacer::new(max_capacity, retry.jitter);
        Ok(Runtime::from_parts(Parts {
            config,
            http,
            credentials,
            cache: cache.map(CacheLayer::new),
            clock,
            retry,
            origin,
            pacer,
        }))
    }
}

/// The default `User-Agent`: `okta-rs/<version> rust/<rustc> <os>/<arch>`
/// followed by the configured extra text.
pub fn user_agent(config: &OktaConfig) -> String {
    let mut ua = format!(
        "okta-rs/{} rust/{} {}/{}",
        env!("CARGO_PKG_VERSION"),
        option_env!("OKTA_API_RUSTC_VERSION").unwrap_or("unknown"),
        std::env::consts::OS,
        std::env::consts::ARCH,
    );
    if let Some(extra) = config.user_agent.as_deref().map(str::trim) {
        if !extra.is_empty() {
            ua.push(' ');
            ua.push_str(extra);
        }
    }
    ua
}

/// The HTTP client built from the configuration: TLS backend, gzip, connect
/// timeout, same-origin redirects, User-Agent and proxy.
fn default_client(config: &OktaConfig) -> Result<reqwest::Client> {
    let builder = reqwest::Client::builder();
    // With both TLS features on, rustls (the default) wins.
    #[cfg(feature = "rustls")]
    let builder = builder.tls_backend_rustls();
    #[cfg(all(feature = "native-tls", not(feature = "rustls")))]
    let builder = builder.tls_backend_native();
    let mut builder = builder
        .gzip(true)
        .connect_timeout(config.connection_timeout)
        .redirect(same_origin_redirects())
        .user_agent(user_agent(config));
    if let Some(proxy) = &config.proxy {
        let mut p = reqwest::Proxy::all(format!("http://{}:{}", proxy.host, proxy.port))
            .map_err(|_| Error::Config(format!("invalid proxy {}:{}", proxy.host, proxy.port)))?;
        if let Some(user) = &proxy.username {
            let password = proxy.password.as_ref().map(|p| p.expose()).unwrap_or("");
            p = p.basic_auth(user, password);
        }
        builder = builder.proxy(p);
    }
    builder
        .build()
        .map_err(|e| Error::Config(format!("cannot build the HTTP client: {}", e.without_url())))
}

/// The credential source the configuration asks for, sharing the runtime's
/// HTTP client and clock; `None` when there is nothing to authorize with.
fn default_credentials(
    config: &OktaConfig,
    http: &reqwest::Client,
    clock: &Arc<dyn Clock>,
) -> Result<Option<Arc<dyn CredentialSource>>> {
    if config.token.is_none() && config.authorization_mode != AuthorizationMode::PrivateKey {
        tracing::debug!("no token configured: requests are sent without credentials");
        return Ok(None);
    }
    okta_auth::credentials_from_config_with_clock(config, http.clone(), clock.clone())
        .map(Some)
        .map_err(Error::auth)
}
