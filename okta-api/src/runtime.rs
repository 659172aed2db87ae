//! The runtime every call goes through.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use okta_auth::{CredentialSource, RejectionAdvice};
use okta_config::{AuthorizationMode, OktaConfig};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, LOCATION};
use reqwest::{Method, ResponseBuilderExt, StatusCode};
use tracing::field::Empty;
use tracing::Instrument;
use url::Url;

use crate::cache::{self, Cache, CachedResponse, MemoryCache};
use crate::clock::{Clock, SystemClock};
use crate::error::{ApiError, Error, Result};
use crate::rate_limit::request_id_of;
use crate::request::RawRequest;
use crate::retry::{classify_with, AttemptOutcome, Idempotency, RetryPolicy, Retryable};

/// Header naming the request id of the response that caused a retry.
pub const RETRY_FOR_HEADER: &str = "x-okta-retry-for";
/// Header counting the resends of a request (1 on the first retry).
pub const RETRY_COUNT_HEADER: &str = "x-okta-retry-count";
/// Header added by generated clients; removed before sending.
const API_VERSION_HEADER: &str = "api-version";
/// Most redirects the default HTTP client follows (same origin only).
const MAX_REDIRECTS: usize = 10;

/// Per-request options of [`Runtime::execute_with`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestOptions {
    /// Whether the request may be re-sent after an attempt that may have
    /// reached the server (default: decided by the method, see
    /// [`retry::classify_with`](crate::retry::classify_with)).
    pub idempotency: Idempotency,
}

impl RequestOptions {
    /// The default options.
    pub fn new() -> Self {
        RequestOptions::default()
    }

    /// Sets the resend rule of the request.
    pub fn idempotency(mut self, idempotency: Idempotency) -> Self {
        self.idempotency = idempotency;
        self
    }
}

/// The client runtime: configuration, HTTP client, credentials, cache, retry
/// policy and clock. Every request of the SDK goes through
/// [`Runtime::execute`].
///
/// Cheap to clone (one `Arc`); `Send + Sync`, usable from many tasks at once.
#[derive(Clone)]
pub struct Runtime {
    inner: Arc<Inner>,
}

struct Inner {
    config: OktaConfig,
    http: reqwest::Client,
    credentials: Option<Arc<dyn CredentialSource>>,
    cache: Option<Arc<dyn Cache>>,
    clock: Arc<dyn Clock>,
    retry: RetryPolicy,
    base_url: String,
    origin: url::Origin,
    /// Write generation per resource subtree, for the cache.
    generations: Mutex<HashMap<String, u64>>,
    /// Random id keying the cache when the credentials name no identity.
    instance_id: u64,
}

impl fmt::Debug for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Runtime")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &self.inner.credentials.is_some())
            .field("cache", &self.inner.cache.is_some())
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Runtime`]; see [`Runtime::builder`].
#[must_use]
pub struct RuntimeBuilder {
    config: OktaConfig,
    http: Option<reqwest::Client>,
    credentials: Option<Arc<dyn CredentialSource>>,
    cache: Option<Arc<dyn Cache>>,
    clock: Option<Arc<dyn Clock>>,
    retry: Option<RetryPolicy>,
}

impl fmt::Debug for RuntimeBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RuntimeBuilder")
            .field("org_url", &self.config.org_url.as_str())
            .finish_non_exhaustive()
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
    /// [`okta_auth::credentials_from_config`] (sharing this runtime's HTTP
    /// client); a configuration with no token in SSWS or Bearer mode sends
    /// requests without credentials.
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

    /// Uses `clock` for waits, deadlines and cache expiry (tests inject a fake).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Overrides the retry policy (by default built from `max_retries`).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Builds the runtime. Fails on a plain `http` org URL unless
    /// `disable_https_check` is set, or when the HTTP client cannot be built.
    pub fn build(self) -> Result<Runtime> {
        let config = self.config;
        let org = &config.org_url;
        match org.scheme() {
            "https" => {}
            "http" if config.disable_https_check => {}
            "http" => {
                return Err(Error::Config(
                    "the org URL must use https (set disable_https_check only for tests)".into(),
                ))
            }
            other => {
                return Err(Error::Config(format!(
                    "unsupported org URL scheme `{other}`"
                )))
            }
        }
        if org.host_str().is_none() {
            return Err(Error::Config("the org URL has no host".into()));
        }
        let http = match self.http {
            Some(http) => http,
            None => default_client(&config)?,
        };
        let credentials = match self.credentials {
            Some(credentials) => Some(credentials),
            None => default_credentials(&config, &http)?,
        };
        let clock = self.clock.unwrap_or_else(|| Arc::new(SystemClock));
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
        let base_url = org.as_str().trim_end_matches('/').to_owned();
        let origin = org.origin();
        Ok(Runtime {
            inner: Arc::new(Inner {
                config,
                http,
                credentials,
                cache,
                clock,
                retry,
                base_url,
                origin,
                generations: Mutex::new(HashMap::new()),
                instance_id: random_id(),
            }),
        })
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

fn default_client(config: &OktaConfig) -> Result<reqwest::Client> {
    let policy = reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else if same_origin {
            attempt.follow()
        } else {
            attempt.stop()
        }
    });
    let builder = reqwest::Client::builder();
    // With both TLS features on, rustls (the default) wins.
    #[cfg(feature = "rustls")]
    let builder = builder.tls_backend_rustls();
    #[cfg(all(feature = "native-tls", not(feature = "rustls")))]
    let builder = builder.tls_backend_native();
    let mut builder = builder
        .gzip(true)
        .connect_timeout(config.connection_timeout)
        .redirect(policy)
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

fn default_credentials(
    config: &OktaConfig,
    http: &reqwest::Client,
) -> Result<Option<Arc<dyn CredentialSource>>> {
    if config.token.is_none() && config.authorization_mode != AuthorizationMode::PrivateKey {
        tracing::debug!("no token configured: requests are sent without credentials");
        return Ok(None);
    }
    okta_auth::credentials_from_config(config, http.clone())
        .map(Some)
        .map_err(Error::auth)
}

fn origin_string(origin: &url::Origin) -> String {
    origin.ascii_serialization()
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
        }
    }

    /// The configuration.
    pub fn config(&self) -> &OktaConfig {
        &self.inner.config
    }

    /// The HTTP client.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// The org URL without trailing slash, e.g. `https://dev-1.okta.com`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The response cache, when caching is on.
    pub fn cache(&self) -> Option<&Arc<dyn Cache>> {
        self.inner.cache.as_ref()
    }

    /// The clock.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.inner.clock
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// A request to any endpoint of the org ("call other API endpoints").
    /// `path` is relative to the org URL (`/api/v1/users/{id}`) or a full URL
    /// of the org.
    pub fn request(&self, method: Method, path: &str) -> RawRequest {
        RawRequest::new(self.clone(), method, path)
    }

    /// Resolves `path_or_url` against the org URL; fails on another origin.
    pub(crate) fn resolve(&self, path_or_url: &str) -> Result<Url> {
        let url = self.join(path_or_url)?;
        self.check_origin(&url)?;
        Ok(url)
    }

    /// Resolves `path_or_url` against the org URL without checking its origin.
    pub(crate) fn resolve_unchecked(&self, path_or_url: &str) -> Option<Url> {
        self.join(path_or_url).ok()
    }

    /// An absolute URL as it is; a path appended to the org URL.
    fn join(&self, path_or_url: &str) -> Result<Url> {
        match Url::parse(path_or_url) {
            Ok(url) => Ok(url),
            Err(url::ParseError::RelativeUrlWithoutBase) => {
                let sep = if path_or_url.starts_with('/') {
                    ""
                } else {
                    "/"
                };
                Url::parse(&format!("{}{sep}{path_or_url}", self.base_url()))
                    .map_err(|e| Error::InvalidRequest(format!("invalid path: {e}")))
            }
            Err(e) => Err(Error::InvalidRequest(format!("invalid URL: {e}"))),
        }
    }

    /// Fails with [`Error::ForeignOrigin`] unless `url` is on the org's origin.
    pub fn check_origin(&self, url: &Url) -> Result<()> {
        let origin = url.origin();
        if origin == self.inner.origin {
            Ok(())
        } else {
            Err(Error::ForeignOrigin {
                origin: origin_string(&origin),
                expected: origin_string(&self.inner.origin),
            })
        }
    }

    /// Sends `request` for `operation`: answers from the cache when possible,
    /// authorizes each attempt, retries per the policy within the request
    /// timeout, traces the call and maps error statuses to [`Error::Api`].
    ///
    /// `Ok` is always a 2xx or 3xx response.
    pub async fn execute(
        &self,
        request: reqwest::Request,
        operation: &str,
    ) -> Result<reqwest::Response> {
        self.execute_with(request, operation, RequestOptions::default())
            .await
    }

    /// Like [`Runtime::execute`], with per-request `options` (e.g. marking a
    /// `PUT` as safe to re-send).
    pub async fn execute_with(
        &self,
        request: reqwest::Request,
        operation: &str,
        options: RequestOptions,
    ) -> Result<reqwest::Response> {
        let span = tracing::info_span!(
            "okta.request",
            operation = %operation,
            method = %request.method(),
            path = %request.url().path(),
            status = Empty,
            attempt = Empty,
            wait_ms = Empty,
            request_id = Empty,
            cache = Empty,
        );
        self.execute_inner(request, operation, options)
            .instrument(span)
            .await
    }

    async fn execute_inner(
        &self,
        mut request: reqwest::Request,
        operation: &str,
        options: RequestOptions,
    ) -> Result<reqwest::Response> {
        request.headers_mut().remove(API_VERSION_HEADER);
        self.check_origin(request.url())?;
        let method = request.method().clone();
        let url = request.url().clone();
        let cache = self.inner.cache.as_ref();
        let Some(cache) = cache else {
            return self
                .send_with_retries(request, operation, &method, options)
                .await;
        };
        let subtree = cache::subtree_of(&url);

        if method != Method::GET && method != Method::HEAD {
            let result = self
                .send_with_retries(request, operation, &method, options)
                .await;
            // Whatever the outcome, the write may have changed the subtree.
            let mut generations = self.generations();
            let generation = generations.entry(subtree.clone()).or_insert(0);
            *generation = generation.wrapping_add(1);
            cache.evict_where(&|key| cache::key_in_subtree(key, &subtree));
            drop(generations);
            return result;
        }

        let cacheable = method == Method::GET && cache::is_cacheable_url(&url);
        let key = cacheable.then(|| cache::principal_cache_key(&url, &self.cache_identity()));
        if let Some(key) = &key {
            if let Some(hit) = cache.get(key) {
                tracing::Span::current().record("cache", "hit");
                tracing::Span::current().record("status", hit.status.as_u16());
                tracing::debug!("answered from cache");
                return Ok(cached_to_response(hit, url));
            }
            tracing::Span::current().record("cache", "miss");
        }
        let started_at = self.generations().get(&subtree).copied().unwrap_or(0);

        let result = self
            .send_with_retries(request, operation, &method, options)
            .await;
        let Some(key) = key else { return result };
        match result {
            Ok(resp) if resp.status().is_success() => {
                let status = resp.status();
                let headers = resp.headers().clone();
                let body = resp
                    .bytes()
                    .await
                    .map_err(|e| Error::from_reqwest(operation, e))?;
                if cache::is_cacheable_response(status, &body) {
                    let generations = self.generations();
                    let now = generations.get(&subtree).copied().unwrap_or(0);
                    if now == started_at {
                        cache.put(
                            &key,
                            CachedResponse {
                                status,
                                headers: headers.clone(),
                                body: body.clone(),
                            },
                        );
                    } else {
                        tracing::debug!("a write to the resource completed meanwhile: not cached");
                    }
                    drop(generations);
                }
                Ok(cached_to_response(
                    CachedResponse {
                        status,
                        headers,
                        body,
                    },
                    url,
                ))
            }
            other => other,
        }
    }

    /// The write generation of each resource subtree (see [`cache`]).
    fn generations(&self) -> std::sync::MutexGuard<'_, HashMap<String, u64>> {
        self.inner
            .generations
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The principal part of cache keys: the credential source's identity,
    /// else this runtime's own, or `anonymous` without credentials.
    fn cache_identity(&self) -> String {
        match &self.inner.credentials {
            Some(credentials) => credentials
                .cache_identity()
                .unwrap_or_else(|| format!("instance:{:016x}", self.inner.instance_id)),
            None => "anonymous".to_owned(),
        }
    }

    async fn send_with_retries(
        &self,
        request: reqwest::Request,
        operation: &str,
        method: &Method,
        options: RequestOptions,
    ) -> Result<reqwest::Response> {
        let inner = &*self.inner;
        let limit = inner.config.request_timeout;
        // A limit too large to add to the current time is no limit.
        let deadline = limit.and_then(|t| inner.clock.now().checked_add(t));
        let timeout = || Error::Timeout {
            operation: operation.to_owned(),
            limit,
        };
        let mut template = Some(request);
        let mut retries: u32 = 0;
        let mut resends: u32 = 0;
        let mut reauthorized = false;
        let mut previous_id: Option<String> = None;
        let span = tracing::Span::current();

        loop {
            let Some(mut req) = next_attempt(&mut template) else {
                return Err(Error::InvalidRequest(
                    "the request body cannot be re-sent".into(),
                ));
            };
            span.record("attempt", resends + 1);
            if resends > 0 {
                if let Some(id) = previous_id
                    .as_deref()
                    .and_then(|v| HeaderValue::from_str(v).ok())
                {
                    req.headers_mut()
                        .insert(HeaderName::from_static(RETRY_FOR_HEADER), id);
                }
                req.headers_mut().insert(
                    HeaderName::from_static(RETRY_COUNT_HEADER),
                    HeaderValue::from(resends),
                );
            }
            if let Some(creds) = &inner.credentials {
                // Obtaining credentials (a token request) counts against the
                // request timeout too.
                let left = deadline.map(|deadline| {
                    deadline
                        .duration_since(inner.clock.now())
                        .unwrap_or(Duration::ZERO)
                });
                match left {
                    Some(left) => tokio::time::timeout(left, creds.authorize(&mut req))
                        .await
                        .map_err(|_| timeout())?
                        .map_err(Error::auth)?,
                    None => creds.authorize(&mut req).await.map_err(Error::auth)?,
                }
            }
            if let Some(deadline) = deadline {
                let left = deadline
                    .duration_since(inner.clock.now())
                    .unwrap_or(Duration::ZERO);
                if left.is_zero() {
                    return Err(timeout());
                }
                let t = req.timeout_mut();
                *t = Some(t.map_or(left, |own| own.min(left)));
            }

            let outcome = inner.http.execute(req).await;
            let (verdict, error) = match outcome {
                Ok(resp) => {
                    let status = resp.status();
                    let request_id = request_id_of(resp.headers());
                    span.record("status", status.as_u16());
                    if let Some(id) = &request_id {
                        span.record("request_id", id.as_str());
                    }
                    tracing::debug!(status = status.as_u16(), "response received");
                    if status.is_success() || status.is_redirection() {
                        if status.is_redirection() {
                            self.check_redirect(&resp)?;
                        }
                        return Ok(resp);
                    }
                    if status == StatusCode::UNAUTHORIZED && !reauthorized {
                        if let Some(creds) = &inner.credentials {
                            let advice = creds
                                .on_rejected(status, resp.headers())
                                .await
                                .map_err(Error::auth)?;
                            if advice == RejectionAdvice::RetryOnce && template.is_some() {
                                reauthorized = true;
                                resends += 1;
                                previous_id = request_id;
                                tracing::debug!("credentials refreshed; resending once");
                                continue;
                            }
                        }
                    }
                    let verdict = classify_with(
                        method,
                        options.idempotency,
                        AttemptOutcome::Response {
                            status,
                            headers: resp.headers(),
                        },
                    );
                    let headers = resp.headers().clone();
                    let body = resp.bytes().await.unwrap_or_default();
                    let api = ApiError::from_parts(status, &headers, &body, Some(operation));
                    previous_id = request_id;
                    (verdict, Error::Api(Box::new(api)))
                }
                Err(e) => {
                    if e.is_timeout() {
                        return Err(timeout());
                    }
                    let verdict = classify_with(
                        method,
                        options.idempotency,
                        AttemptOutcome::TransportError {
                            connect: e.is_connect(),
                        },
                    );
                    tracing::debug!(connect = e.is_connect(), "transport error");
                    previous_id = None;
                    (verdict, Error::from_reqwest(operation, e))
                }
            };

            let wait = match inner.retry.wait_before(verdict, retries + 1) {
                Some(wait) if template.is_some() && verdict != Retryable::No => wait,
                _ => return Err(error),
            };
            if let Some(deadline) = deadline {
                let overruns = inner
                    .clock
                    .now()
                    .checked_add(wait)
                    .is_none_or(|end| end >= deadline);
                if overruns {
                    tracing::warn!(
                        wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                        "retry wait would overrun the request timeout"
                    );
                    // A rate limit that resets too late is the answer itself.
                    return Err(if error.is_rate_limited() {
                        error
                    } else {
                        timeout()
                    });
                }
            }
            let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
            span.record("wait_ms", wait_ms);
            tracing::warn!(
                wait_ms,
                retry = retries + 1,
                status = error.status().map(|s| s.as_u16()),
                "retrying"
            );
            inner.clock.sleep(wait).await;
            retries += 1;
            resends += 1;
        }
    }

    fn check_redirect(&self, resp: &reqwest::Response) -> Result<()> {
        let Some(location) = resp.headers().get(LOCATION).and_then(|v| v.to_str().ok()) else {
            return Ok(());
        };
        match resp.url().join(location) {
            Ok(target) => self.check_origin(&target),
            Err(_) => Ok(()),
        }
    }

    /// Sends a `GET` for `url` and returns the status, headers and body of a
    /// successful answer.
    pub(crate) async fn get_bytes(
        &self,
        url: Url,
        operation: &str,
    ) -> Result<(StatusCode, HeaderMap, Bytes)> {
        let mut req = reqwest::Request::new(Method::GET, url);
        req.headers_mut().insert(
            reqwest::header::ACCEPT,
            HeaderValue::from_static("application/json"),
        );
        let resp = self.execute(req, operation).await?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = resp
            .bytes()
            .await
            .map_err(|e| Error::from_reqwest(operation, e))?;
        Ok((status, headers, body))
    }

    /// Resumes a listing from a saved next-page URL (see
    /// [`Page::next_url`](crate::Page::next_url)): fetches that page.
    pub async fn resume_pages<T: serde::de::DeserializeOwned>(
        &self,
        next_url: &str,
    ) -> Result<crate::Page<T>> {
        let url = self.resolve(next_url)?;
        crate::Page::fetch(self, url, "paginate".into(), Default::default()).await
    }
}

/// A random 64-bit id.
fn random_id() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_usize(std::process::id() as usize);
    hasher.finish()
}

fn next_attempt(template: &mut Option<reqwest::Request>) -> Option<reqwest::Request> {
    match template.as_ref().and_then(|t| t.try_clone()) {
        Some(copy) => Some(copy),
        None => template.take(),
    }
}

fn cached_to_response(cached: CachedResponse, url: Url) -> reqwest::Response {
    let mut builder = http::Response::builder().status(cached.status).url(url);
    if let Some(headers) = builder.headers_mut() {
        *headers = cached.headers;
    }
    match builder.body(cached.body.clone()) {
        Ok(resp) => reqwest::Response::from(resp),
        Err(_) => {
            let mut resp = http::Response::new(cached.body);
            *resp.status_mut() = cached.status;
            reqwest::Response::from(resp)
        }
    }
}
