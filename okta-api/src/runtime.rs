//! The runtime every call goes through: the operation layer.
//!
//! [`Runtime::execute_with`] opens the call's span, drops the generator's
//! `api-version` header, checks the origin ([`crate::origin`]), and hands the
//! request to the cache layer ([`crate::cache_layer`]) when caching is on,
//! which in turn (or directly) runs the attempt loop ([`crate::attempt`]).
//! This module imports neither pages nor raw requests: those are built on top
//! of it.

use std::fmt;
use std::sync::Arc;

use okta_auth::CredentialSource;
use okta_config::OktaConfig;
use tracing::field::Empty;
use tracing::Instrument;
use url::Url;

use crate::attempt::Attempts;
use crate::cache::Cache;
use crate::cache_layer::CacheLayer;
use crate::error::Result;
use crate::origin::OrgOrigin;
use crate::pacing::{BucketState, Pacer};
use crate::retry::{Idempotency, RetryPolicy};
use okta_auth::Clock;

/// Header added by generated clients; removed before sending.
const API_VERSION_HEADER: &str = "api-version";

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
    inner: Arc<Parts>,
}

/// What a runtime is made of; assembled by
/// [`RuntimeBuilder`](crate::RuntimeBuilder).
pub(crate) struct Parts {
    pub(crate) config: OktaConfig,
    pub(crate) http: reqwest::Client,
    pub(crate) credentials: Option<Arc<dyn CredentialSource>>,
    pub(crate) cache: Option<CacheLayer>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) retry: RetryPolicy,
    pub(crate) origin: OrgOrigin,
    /// Rate-limit state and pacing, shared by every clone and task.
    pub(crate) pacer: Pacer,
}

impl fmt::Debug for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Runtime")
            .field("base_url", &self.inner.origin.base_url())
            .field("credentials", &self.inner.credentials.is_some())
            .field("cache", &self.inner.cache.is_some())
            .field("retry", &self.inner.retry)
            .field("rate_limit_max_capacity", &self.inner.pacer.share())
            .finish_non_exhaustive()
    }
}

impl Runtime {
    /// The runtime made of `parts`.
    pub(crate) fn from_parts(parts: Parts) -> Runtime {
        Runtime {
            inner: Arc::new(parts),
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
        self.inner.origin.base_url()
    }

    /// The response cache, when caching is on.
    pub fn cache(&self) -> Option<&Arc<dyn Cache>> {
        self.inner.cache.as_ref().map(CacheLayer::cache)
    }

    /// The clock.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.inner.clock
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// What the runtime has learned about each Okta rate-limit bucket it has
    /// called (limit, remaining, reset, requests in flight and their cap),
    /// sorted by bucket. Plain data: a snapshot, shared by every clone.
    pub fn rate_limits(&self) -> Vec<BucketState> {
        self.inner.pacer.snapshot(self.inner.clock.now())
    }

    /// The share of each rate-limit bucket this runtime uses, in percent
    /// (`rateLimit.maxCapacity`); `None` when pacing is off.
    pub fn rate_limit_max_capacity(&self) -> Option<u8> {
        self.inner.pacer.share()
    }

    /// Resolves `path_or_url` against the org URL; fails on another origin.
    pub(crate) fn resolve(&self, path_or_url: &str) -> Result<Url> {
        self.inner.origin.resolve(path_or_url)
    }

    /// Resolves `path_or_url` against the org URL without checking its origin.
    pub(crate) fn resolve_unchecked(&self, path_or_url: &str) -> Option<Url> {
        self.inner.origin.resolve_unchecked(path_or_url)
    }

    /// Fails with [`Error::ForeignOrigin`](crate::Error::ForeignOrigin) unless
    /// `url` is on the org's origin.
    pub fn check_origin(&self, url: &Url) -> Result<()> {
        self.inner.origin.check(url)
    }

    /// Sends `request` for `operation`: answers from the cache when possible,
    /// authorizes each attempt, retries per the policy within the request
    /// timeout, traces the call and maps error statuses to
    /// [`Error::Api`](crate::Error::Api).
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
        let inner = &*self.inner;
        let attempts = Attempts {
            http: &inner.http,
            credentials: inner.credentials.as_ref(),
            clock: inner.clock.as_ref(),
            retry: &inner.retry,
            origin: &inner.origin,
            pacer: &inner.pacer,
            request_timeout: inner.config.request_timeout,
        };
        let attempts = &attempts;
        let send = move |request: reqwest::Request| async move {
            let method = request.method().clone();
            attempts
                .send(request, operation, &method, options.idempotency)
                .await
        };
        match &inner.cache {
            Some(layer) => {
                layer
                    .execute(request, operation, inner.credentials.as_ref(), send)
                    .await
            }
            None => send(request).await,
        }
    }
}
