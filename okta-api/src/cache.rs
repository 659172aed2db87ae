//! Response cache (off by default).
//!
//! Rules:
//! * Only `GET` responses with a 2xx status, no query string and a JSON
//!   object body (a single resource, not a list) are stored. The key is the
//!   URL without fragment followed by `#principal=<identity>`, the
//!   credential source's [`cache_identity`](okta_auth::CredentialSource::cache_identity)
//!   (a hash, never a token): two principals never share an entry. A cached
//!   entry is answered without a request.
//! * Any other method evicts the whole resource subtree it touches, for every
//!   principal: a request to `/api/v1/<collection>/…` evicts every key under
//!   `/api/v1/<collection>` (so `POST /api/v1/users/00u1/lifecycle/deactivate`
//!   also evicts `/api/v1/users/alice@example.com` and
//!   `/api/v1/users/00u1/factors/…`); another path evicts the subtree of its
//!   first segment.
//! * A `GET` whose request started before a write to the same subtree
//!   completed is not stored (a generation counter per subtree, per runtime).
//! * [`MemoryCache`] holds at most [`MemoryCache::max_entries`] entries
//!   (default 1000), dropping the least recently used.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use url::Url;

use okta_auth::{Clock, SystemClock};

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
    /// Whether a fresh entry exists for `key`. The runtime never calls it
    /// (it is for inspecting a cache, e.g. in tests); the default asks
    /// [`Cache::get`], which may count as a read for time to idle.
    fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
    /// Removes every entry; the runtime calls it through the default
    /// [`Cache::evict_where`].
    fn clear(&self);
    /// Removes every entry whose key `evict` accepts; the runtime calls it
    /// after a write with a predicate matching the written subtree. The
    /// default removes every entry ([`Cache::clear`]), which is always safe;
    /// override it to keep unrelated entries.
    fn evict_where(&self, evict: &dyn Fn(&str) -> bool) {
        let _ = evict;
        self.clear();
    }
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
    max_entries: usize,
    entries: Mutex<HashMap<String, Entry>>,
}

/// Default bound of a [`MemoryCache`], in entries.
pub const DEFAULT_MAX_ENTRIES: usize = 1000;

impl fmt::Debug for MemoryCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryCache")
            .field("ttl", &self.ttl)
            .field("tti", &self.tti)
            .field("max_entries", &self.max_entries)
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
            max_entries: DEFAULT_MAX_ENTRIES,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// Bounds the cache to `max` entries (at least one); when full, storing
    /// drops the least recently used entry. Default [`DEFAULT_MAX_ENTRIES`].
    pub fn max_entries(mut self, max: usize) -> Self {
        self.max_entries = max.max(1);
        self
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
        while entries.len() >= self.max_entries && !entries.contains_key(key) {
            let oldest = entries
                .iter()
                .min_by_key(|(_, e)| e.last_access)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(oldest) => entries.remove(&oldest),
                None => break,
            };
        }
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

    fn evict_where(&self, evict: &dyn Fn(&str) -> bool) {
        self.lock().retain(|key, _| !evict(key));
    }
}

/// The URL part of a cache key: the URL without its fragment.
pub fn cache_key(url: &Url) -> String {
    let mut url = url.clone();
    url.set_fragment(None);
    url.to_string()
}

/// The cache key of `url` for the principal `identity`:
/// `<url without fragment>#principal=<identity>`.
pub fn principal_cache_key(url: &Url, identity: &str) -> String {
    format!("{}#principal={identity}", cache_key(url))
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

/// The resource subtree a request to `url` touches, as a URL without query
/// or fragment: `/api/v1/<collection>` for a path under `/api/v<N>/`, else
/// the path's first segment (the root for `/`).
pub fn subtree_of(url: &Url) -> String {
    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    let depth = match segments.as_slice() {
        ["api", version, _, ..] if version.starts_with('v') => 3,
        [] => 0,
        _ => 1,
    };
    let mut base = url.clone();
    base.set_query(None);
    base.set_fragment(None);
    base.set_path(&format!("/{}", segments[..depth].join("/")));
    base.to_string().trim_end_matches('/').to_owned()
}

/// Whether the cache key `key` lies in `subtree` (as [`subtree_of`] gives it):
/// its URL is the subtree itself or below it, for any principal.
pub fn key_in_subtree(key: &str, subtree: &str) -> bool {
    let url = key.split('#').next().unwrap_or(key);
    match url.strip_prefix(subtree) {
        Some(rest) => rest.is_empty() || rest.starts_with('/'),
        None => false,
    }
}

#[cfg(test)]
mod default_method_tests {
    use super::*;

    /// A cache implementing only the required methods.
    #[derive(Debug, Default)]
    struct Minimal(Mutex<HashMap<String, CachedResponse>>);

    impl Cache for Minimal {
        fn get(&self, key: &str) -> Option<CachedResponse> {
            self.0.lock().ok()?.get(key).cloned()
        }
        fn put(&self, key: &str, value: CachedResponse) {
            if let Ok(mut map) = self.0.lock() {
                map.insert(key.to_owned(), value);
            }
        }
        fn delete(&self, key: &str) {
            if let Ok(mut map) = self.0.lock() {
                map.remove(key);
            }
        }
        fn clear(&self) {
            if let Ok(mut map) = self.0.lock() {
                map.clear();
            }
        }
    }

    #[test]
    fn provided_methods_work_on_the_required_ones() {
        let cache = Minimal::default();
        let value = CachedResponse {
            status: StatusCode::OK,
            headers: Default::default(),
            body: bytes::Bytes::from_static(b"{}"),
        };
        cache.put("a", value.clone());
        cache.put("b", value);
        assert!(cache.contains("a"));
        assert!(!cache.contains("c"));
        // The default eviction is the safe one: everything goes.
        cache.evict_where(&|key| key == "a");
        assert!(!cache.contains("a"));
        assert!(!cache.contains("b"));
    }
}
