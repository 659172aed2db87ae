//! Response cache (off by default).
//!
//! Rules:
//! * Only `GET` responses with a 2xx status, no query string and a JSON
//!   object body (a single resource, not a list) are stored, keyed by the full
//!   request URL. A cached entry is answered without a request.
//! * Any other method sent to a URL evicts that URL and every ancestor
//!   resource, i.e. each prefix of its path: `POST
//!   /api/v1/users/abc/lifecycle/activate` evicts
//!   `/api/v1/users/abc/lifecycle/activate`, `/api/v1/users/abc/lifecycle`,
//!   `/api/v1/users/abc`, `/api/v1/users` and so on up to the root.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use url::Url;

use crate::clock::{Clock, SystemClock};

/// A stored response.
///
/// `Debug` shows the status, the header names and the body length, never the
/// body or header values (a cached user may carry one-time tokens).
#[derive(Clone)]
pub struct CachedResponse {
    /// The response status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The response body.
    pub body: Bytes,
}

impl fmt::Debug for CachedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.keys().map(|k| k.as_str()).collect();
        f.debug_struct("CachedResponse")
            .field("status", &self.status)
            .field("headers", &names)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// A response cache keyed by URL.
///
/// Implement it to plug in your own store; the runtime calls it only when
/// caching is enabled. Implementations must be cheap: they are called on the
/// request path.
pub trait Cache: Send + Sync + fmt::Debug {
    /// The entry for `key`, if present and fresh.
    fn get(&self, key: &str) -> Option<CachedResponse>;
    /// Stores `value` under `key`.
    fn put(&self, key: &str, value: CachedResponse);
    /// Removes the entry for `key`.
    fn delete(&self, key: &str);
    /// Whether a fresh entry exists for `key`.
    fn contains(&self, key: &str) -> bool;
    /// Removes every entry.
    fn clear(&self);
}

struct Entry {
    value: CachedResponse,
    created: SystemTime,
    last_access: SystemTime,
}

/// In-memory [`Cache`] with a time to live (since stored) and a time to idle
/// (since last read), both measured with the runtime's [`Clock`].
///
/// `Debug` shows the settings and the number of entries, never their keys or
/// bodies.
pub struct MemoryCache {
    ttl: Duration,
    tti: Duration,
    clock: Arc<dyn Clock>,
    entries: Mutex<HashMap<String, Entry>>,
}

impl fmt::Debug for MemoryCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryCache")
            .field("ttl", &self.ttl)
            .field("tti", &self.tti)
            .field("entries", &self.len())
            .finish_non_exhaustive()
    }
}

impl MemoryCache {
    /// A cache whose entries expire `ttl` after being stored or `tti` after
    /// their last read, whichever comes first.
    pub fn new(ttl: Duration, tti: Duration) -> Self {
        Self::with_clock(ttl, tti, Arc::new(SystemClock))
    }

    /// Like [`MemoryCache::new`] with an explicit clock.
    pub fn with_clock(ttl: Duration, tti: Duration, clock: Arc<dyn Clock>) -> Self {
        MemoryCache {
            ttl,
            tti,
            clock,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// Number of entries held (fresh or not yet purged).
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether the cache holds no entry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn fresh(&self, entry: &Entry, now: SystemTime) -> bool {
        let age = now.duration_since(entry.created).unwrap_or(Duration::ZERO);
        let idle = now
            .duration_since(entry.last_access)
            .unwrap_or(Duration::ZERO);
        age < self.ttl && idle < self.tti
    }
}

impl Cache for MemoryCache {
    fn get(&self, key: &str) -> Option<CachedResponse> {
        let now = self.clock.now();
        let mut entries = self.lock();
        let fresh = entries.get(key).map(|e| self.fresh(e, now))?;
        if !fresh {
            entries.remove(key);
            return None;
        }
        let entry = entries.get_mut(key)?;
        entry.last_access = now;
        Some(entry.value.clone())
    }

    fn put(&self, key: &str, value: CachedResponse) {
        let now = self.clock.now();
        let mut entries = self.lock();
        entries.retain(|_, e| self.fresh(e, now));
        entries.insert(
            key.to_owned(),
            Entry {
                value,
                created: now,
                last_access: now,
            },
        );
    }

    fn delete(&self, key: &str) {
        self.lock().remove(key);
    }

    fn contains(&self, key: &str) -> bool {
        let now = self.clock.now();
        self.lock().get(key).is_some_and(|e| self.fresh(e, now))
    }

    fn clear(&self) {
        self.lock().clear();
    }
}

/// The cache key of a URL: the URL without its fragment.
pub fn cache_key(url: &Url) -> String {
    let mut url = url.clone();
    url.set_fragment(None);
    url.to_string()
}

/// Whether a `GET` to `url` may be answered from or stored in the cache.
pub(crate) fn is_cacheable_url(url: &Url) -> bool {
    url.query().is_none()
}

/// Whether a response may be stored.
pub(crate) fn is_cacheable_response(status: StatusCode, body: &[u8]) -> bool {
    status.is_success()
        && body
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b == b'{')
}

/// The keys a non-`GET` request to `url` evicts: the URL itself and each
/// ancestor path, without query.
pub fn eviction_keys(url: &Url) -> Vec<String> {
    let mut base = url.clone();
    base.set_query(None);
    base.set_fragment(None);
    let segments: Vec<String> = url
        .path_segments()
        .map(|s| s.filter(|s| !s.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default();
    let mut keys = Vec::new();
    for n in (1..=segments.len()).rev() {
        let mut u = base.clone();
        u.set_path(&format!("/{}", segments[..n].join("/")));
        keys.push(cache_key(&u));
    }
    keys
}
