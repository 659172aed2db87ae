//! Extending the client: your own HTTP client, your own response cache, your own source
//! of credentials.
//!
//! ```text
//! cargo run --example extending
//! ```
//!
//! Python → Rust: the reference passes `httpClient`, `cacheManager` and
//! `requestExecutor` classes in the configuration dictionary. Here they are given to
//! `Client::builder(config)`: `.http_client(reqwest::Client)`, `.cache(Arc<dyn Cache>)`
//! and `.credentials(Arc<dyn CredentialSource>)`. There is no request executor to
//! replace: every call (generated or `client.request(..)`) goes through the same runtime
//! (credentials, retries, cache, errors); a credential source, a cache and the HTTP
//! client are its extension points.
//!
//! On a real org the credential-source part needs an API token (SSWS mode).

use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;
use okta::auth::{AuthError, CredentialSource};
use okta::runtime::{Cache, CachedResponse};
use reqwest::header::{HeaderValue, AUTHORIZATION};

/// A cache in a map, like the reference's `CacheImpl` (a real one would bound its size
/// and expire entries; `okta::runtime::MemoryCache` does both). It counts its hits.
#[derive(Debug, Default)]
pub struct MapCache {
    entries: Mutex<HashMap<String, CachedResponse>>,
    hits: AtomicUsize,
}

impl MapCache {
    /// How many reads were answered from the cache.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, CachedResponse>> {
        // A panic elsewhere cannot leave a map half-written; keep using it.
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Cache for MapCache {
    fn get(&self, key: &str) -> Option<CachedResponse> {
        let found = self.entries().get(key).cloned();
        if found.is_some() {
            self.hits.fetch_add(1, Ordering::Relaxed);
        }
        found
    }

    fn put(&self, key: &str, value: CachedResponse) {
        self.entries().insert(key.to_owned(), value);
    }

    fn delete(&self, key: &str) {
        self.entries().remove(key);
    }

    fn clear(&self) {
        self.entries().clear();
    }
}

/// An API token from your own secret store (here a closure), read when first needed.
pub struct StoredToken<F> {
    read: F,
    header: Mutex<Option<HeaderValue>>,
}

impl<F> StoredToken<F> {
    /// A source that reads the token with `read`.
    pub fn new(read: F) -> Self {
        StoredToken {
            read,
            header: Mutex::new(None),
        }
    }
}

// Never print the token.
impl<F> fmt::Debug for StoredToken<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StoredToken { .. }")
    }
}

impl<F> CredentialSource for StoredToken<F>
where
    F: Fn() -> String + Send + Sync,
{
    fn authorize<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), AuthError>> {
        Box::pin(async move {
            let mut header = self
                .header
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if header.is_none() {
                let mut value =
                    HeaderValue::from_str(&format!("SSWS {}", (self.read)())).map_err(|_| {
                        AuthError::other("the stored token is not a valid header value")
                    })?;
                // Marked sensitive: HTTP libraries leave it out of their debug output.
                value.set_sensitive(true);
                *header = Some(value);
            }
            if let Some(value) = header.clone() {
                request.headers_mut().insert(AUTHORIZATION, value);
            }
            Ok(())
        })
    }
}

/// Builds three clients for the org of `client`: one on a custom `reqwest` client, one
/// with [`MapCache`], one with [`StoredToken`]; reads user `user_id` with each.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
    user_id: &str,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let config = client.config().clone();

    // 1. Your HTTP client: timeouts, connection pool, TLS roots, a proxy. It is used for
    // every request, token requests included (the configuration's proxy and connection
    // timeout then do not apply: set them on the client).
    let http = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .pool_idle_timeout(Duration::from_secs(30))
        .build()?;
    let custom = okta::Client::builder(config.clone())
        .http_client(http)
        .build()?;
    let user = custom.get_user().id(user_id).send().await?.into_inner();
    let login = user.profile.and_then(|p| p.login).unwrap_or_default();
    writeln!(out, "custom HTTP client: {login}")?;

    // 2. Your cache: single resources read with GET are kept; a write to a collection
    // evicts what it may have changed.
    let cache = Arc::new(MapCache::default());
    let cached = okta::Client::builder(config.clone())
        .cache(cache.clone())
        .build()?;
    cached.get_user().id(user_id).send().await?;
    cached.get_user().id(user_id).send().await?; // answered from the cache
    writeln!(out, "custom cache: {} hit(s)", cache.hits())?;

    // 3. Your credentials (a vault, a token broker, a rotating token).
    let token = config
        .token
        .clone()
        .ok_or("this example needs an API token (SSWS)")?;
    let source = StoredToken::new(move || token.expose().to_owned());
    let stored = okta::Client::builder(config)
        .credentials(Arc::new(source))
        .build()?;
    stored.get_user().id(user_id).send().await?;
    writeln!(out, "custom credentials: ok")?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    // The user named on the command line, or the org's first user.
    let user = match std::env::args().nth(1) {
        Some(user) => user,
        None => {
            let page = org.client.list_users().limit(1).send_page().await?;
            let first = page.into_items().into_iter().next().and_then(|u| u.id);
            first.ok_or("the org has no user")?
        }
    };
    run(&org.client, &mut std::io::stdout(), &user).await
}
