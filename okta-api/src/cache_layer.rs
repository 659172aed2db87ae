//! The cache layer around the attempt loop: answers `GET`s from the
//! response [`Cache`], stores fresh successful answers, and evicts the
//! subtree a write may have changed.
//!
//! Keys name the principal (the credential source's identity), so two
//! runtimes with different credentials never share entries. A `GET` that
//! raced a write to its subtree is not stored: each subtree has a write
//! generation, and the answer is stored only when the generation did not move
//! while it was in flight.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex, MutexGuard};

use okta_auth::CredentialSource;
use reqwest::{Method, ResponseBuilderExt};
use url::Url;

use crate::cache::{self, Cache, CachedResponse};
use crate::error::{Error, Result};

/// A [`Cache`] with the runtime's bookkeeping: write generations and the
/// runtime's own identity for credentials that name none.
pub(crate) struct CacheLayer {
    cache: Arc<dyn Cache>,
    /// Write generation per resource subtree.
    generations: Mutex<HashMap<String, u64>>,
    /// Random id keying the cache when the credentials name no identity.
    instance_id: u64,
}

impl CacheLayer {
    /// The layer over `cache`.
    pub(crate) fn new(cache: Arc<dyn Cache>) -> CacheLayer {
        CacheLayer {
            cache,
            generations: Mutex::new(HashMap::new()),
            instance_id: random_id(),
        }
    }

    /// The cache itself.
    pub(crate) fn cache(&self) -> &Arc<dyn Cache> {
        &self.cache
    }

    /// Sends `request` with `send` (the attempt loop), answering from the
    /// cache and keeping it consistent as described in the module docs.
    pub(crate) async fn execute<F, Fut>(
        &self,
        request: reqwest::Request,
        operation: &str,
        credentials: Option<&Arc<dyn CredentialSource>>,
        send: F,
    ) -> Result<reqwest::Response>
    where
        F: FnOnce(reqwest::Request) -> Fut,
        Fut: Future<Output = Result<reqwest::Response>>,
    {
        let method = request.method().clone();
        let url = request.url().clone();
        let subtree = cache::subtree_of(&url);

        if method != Method::GET && method != Method::HEAD {
            let result = send(request).await;
            // Whatever the outcome, the write may have changed the subtree.
            let mut generations = self.generations();
            let generation = generations.entry(subtree.clone()).or_insert(0);
            *generation = generation.wrapping_add(1);
            self.cache
                .evict_where(&|key| cache::key_in_subtree(key, &subtree));
            drop(generations);
            return result;
        }

        let cacheable = method == Method::GET && cache::is_cacheable_url(&url);
        let key = cacheable.then(|| cache::principal_cache_key(&url, &self.identity(credentials)));
        if let Some(key) = &key {
            if let Some(hit) = self.cache.get(key) {
                tracing::Span::current().record("cache", "hit");
                tracing::Span::current().record("status", hit.status.as_u16());
                tracing::debug!("answered from cache");
                return Ok(cached_to_response(hit, url));
            }
            tracing::Span::current().record("cache", "miss");
        }
        let started_at = self.generations().get(&subtree).copied().unwrap_or(0);

        let result = send(request).await;
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
                        self.cache.put(
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

    /// The write generation of each resource subtree.
    fn generations(&self) -> MutexGuard<'_, HashMap<String, u64>> {
        self.generations
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The principal part of cache keys: the credential source's identity,
    /// else this runtime's own, or `anonymous` without credentials.
    fn identity(&self, credentials: Option<&Arc<dyn CredentialSource>>) -> String {
        match credentials {
            Some(credentials) => credentials
                .cache_identity()
                .unwrap_or_else(|| format!("instance:{:016x}", self.instance_id)),
            None => "anonymous".to_owned(),
        }
    }
}

/// A random 64-bit id.
fn random_id() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_usize(std::process::id() as usize);
    hasher.finish()
}

/// A cached (or just buffered) answer as a response for `url`.
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
