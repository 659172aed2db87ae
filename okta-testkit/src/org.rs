//! The public handle: [`FakeOrg`], its builder, and what tests read back.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use okta::auth::{Clock, SystemClock};
use okta::config::{OktaConfig, Secret};
use serde_json::Value;
use tokio::sync::watch;

use crate::clients::OAuthClient;
use crate::seed;
use crate::server;
use crate::state::State;

/// Rate limit of every bucket when the builder sets none: requests per window.
pub(crate) const DEFAULT_RATE_LIMIT: u32 = 600;
/// Length of a rate-limit window when the builder sets none, in seconds.
pub(crate) const DEFAULT_RATE_WINDOW_SECS: u64 = 60;

/// How the fake behaves, fixed when it starts.
pub(crate) struct Settings {
    pub rate_limit: u32,
    pub window_secs: u64,
    pub latency: Duration,
    pub page_limit_default: Option<usize>,
    pub clock: Arc<dyn Clock>,
}

/// What the connection tasks share.
pub(crate) struct Shared {
    pub state: Mutex<State>,
    pub settings: Settings,
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub origin: String,
    pub api_token: String,
}

impl Shared {
    /// The state, even after a panic in another task (the fake's state is
    /// plain data; a half-done write is better than a second panic).
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One request the fake answered, for asserting what a client sent
/// (retries, paging, pacing).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, e.g. `/api/v1/users`.
    pub path: String,
    /// The raw query string, without `?` (empty when none).
    pub query: String,
    /// The status the fake answered.
    pub status: u16,
}

/// A stateful fake Okta org on loopback.
///
/// `FakeOrg` is a cheap handle (`Clone`); the server stops when the last
/// handle is dropped. Every method that reads or seeds state works on the
/// live state the server answers from.
///
/// ```no_run
/// # async fn run() -> std::io::Result<()> {
/// let org = okta_testkit::FakeOrg::start().await?;
/// let client = org.client();
/// # let _ = client; Ok(()) }
/// ```
#[derive(Clone)]
pub struct FakeOrg {
    inner: Arc<Inner>,
}

struct Inner {
    shared: Arc<Shared>,
    config: OktaConfig,
    client: okta::Client,
    /// Dropping the sender (with the last handle) stops the server.
    _stop: watch::Sender<()>,
}

impl std::fmt::Debug for FakeOrg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeOrg")
            .field("url", &self.inner.shared.origin)
            .finish_non_exhaustive()
    }
}

/// Options for a [`FakeOrg`]; see [`FakeOrg::builder`].
#[must_use]
pub struct FakeOrgBuilder {
    rate_limit: u32,
    window_secs: u64,
    latency: Duration,
    inject_429: u32,
    page_limit_default: Option<usize>,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for FakeOrgBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeOrgBuilder")
            .field("rate_limit", &self.rate_limit)
            .field("window_secs", &self.window_secs)
            .field("latency", &self.latency)
            .field("inject_429", &self.inject_429)
            .field("page_limit_default", &self.page_limit_default)
            .finish_non_exhaustive()
    }
}

impl FakeOrgBuilder {
    /// Each rate-limit bucket (one per API collection, e.g. `/api/v1/users`,
    /// and one for the token endpoint) allows `limit` requests per window of
    /// `window_secs` seconds; beyond it requests are answered `429`
    /// (`E0000047`). Default 600 per 60 s. `X-Rate-Limit-*` headers report
    /// the bucket on every response.
    pub fn rate_limit(mut self, limit: u32, window_secs: u64) -> Self {
        self.rate_limit = limit;
        self.window_secs = window_secs.max(1);
        self
    }

    /// Delays every response by `latency` (for testing timeouts and pacing).
    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    /// Answers the next `n` requests `429` (`E0000047`, with a reset one
    /// second after the response's `Date`) before doing anything else; more
    /// can be queued later with [`FakeOrg::inject_429`].
    pub fn inject_429(mut self, n: u32) -> Self {
        self.inject_429 = n;
        self
    }

    /// The page size of every list when the request gives no `limit`, instead
    /// of Okta's defaults (200 users, 10,000 groups, 20 apps, 100 log events).
    pub fn page_limit_default(mut self, limit: usize) -> Self {
        self.page_limit_default = Some(limit.max(1));
        self
    }

    /// The clock the fake reads for timestamps, rate-limit windows, `Date`
    /// headers and JWT expiry (default: the system clock).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Binds `127.0.0.1` on a free port and starts serving on the current
    /// tokio runtime.
    pub async fn start(self) -> std::io::Result<FakeOrg> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(std::io::Error::other(
                "FakeOrg::start needs a tokio runtime (use #[tokio::test] or a tokio main)",
            ));
        }
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let origin = format!("http://{}", listener.local_addr()?);
        let mut state = State::new(self.inject_429);
        let api_token = format!("00{}", state.ids.token());
        let settings = Settings {
            rate_limit: self.rate_limit,
            window_secs: self.window_secs,
            latency: self.latency,
            page_limit_default: self.page_limit_default,
            clock: self.clock,
        };
        let config = ssws_config(&origin, &api_token)?;
        let client = okta::Client::from_config(config.clone()).map_err(std::io::Error::other)?;
        let shared = Arc::new(Shared {
            state: Mutex::new(state),
            settings,
            origin,
            api_token,
        });
        let (stop, stopped) = watch::channel(());
        tokio::spawn(server::serve(listener, shared.clone(), stopped));
        Ok(FakeOrg {
            inner: Arc::new(Inner {
                shared,
                config,
                client,
                _stop: stop,
            }),
        })
    }
}

/// An SSWS configuration for the fake at `origin`.
fn ssws_config(origin: &str, token: &str) -> std::io::Result<OktaConfig> {
    let url = origin
        .parse()
        .map_err(|e| std::io::Error::other(format!("fake org URL {origin}: {e}")))?;
    let mut config = OktaConfig::for_org(url);
    config.token = Some(Secret::new(token));
    config.disable_https_check = true;
    Ok(config)
}

impl FakeOrg {
    /// A fake org with default settings, serving on the current tokio runtime.
    pub async fn start() -> std::io::Result<FakeOrg> {
        FakeOrg::builder().start().await
    }

    /// Options: rate limits, latency, injected `429`s, page sizes, clock.
    pub fn builder() -> FakeOrgBuilder {
        FakeOrgBuilder {
            rate_limit: DEFAULT_RATE_LIMIT,
            window_secs: DEFAULT_RATE_WINDOW_SECS,
            latency: Duration::ZERO,
            inject_429: 0,
            page_limit_default: None,
            clock: Arc::new(SystemClock),
        }
    }

    fn shared(&self) -> &Shared {
        &self.inner.shared
    }

    /// The org URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        self.shared().origin.clone()
    }

    /// The API token (`SSWS`) the fake accepts with every scope.
    pub fn api_token(&self) -> String {
        self.shared().api_token.clone()
    }

    /// A configuration for this org: its URL, the API token, and
    /// `testing.disableHttpsCheck` (the fake speaks plain HTTP). Change
    /// fields or pass it to [`okta::Client::builder`] for a custom client.
    pub fn config(&self) -> OktaConfig {
        self.inner.config.clone()
    }

    /// A ready client for this org (built from [`config`](Self::config)).
    pub fn client(&self) -> okta::Client {
        self.inner.client.clone()
    }

    /// A `PrivateKey` configuration for this org: `client_id` signs its
    /// client assertions with `private_key` (PEM or JWK text) and asks for
    /// `scopes`. Register the client's public key first
    /// ([`register_oauth_client`](Self::register_oauth_client)).
    pub fn private_key_config(
        &self,
        client_id: &str,
        private_key: &str,
        scopes: &[&str],
    ) -> OktaConfig {
        let mut config = self.config();
        config.token = None;
        config.authorization_mode = okta::config::AuthorizationMode::PrivateKey;
        config.client_id = Some(client_id.to_owned());
        config.private_key = Some(Secret::new(private_key));
        config.scopes = scopes.iter().map(|s| (*s).to_owned()).collect();
        config
    }

    /// Adds a user (a `User` object as Okta returns it; only `profile.login`
    /// is needed) and returns its id. Missing `id`, `status` (`ACTIVE`),
    /// timestamps, `type`, `credentials.provider` and `_links` are filled in;
    /// no System Log event is written.
    pub fn seed_user(&self, user: Value) -> String {
        let now = self.shared().settings.clock.now();
        let mut state = self.shared().lock();
        seed::user(&mut state, &self.shared().origin, now, user)
    }

    /// Adds a group (only `profile.name` is needed) and returns its id.
    pub fn seed_group(&self, group: Value) -> String {
        let now = self.shared().settings.clock.now();
        let mut state = self.shared().lock();
        seed::group(&mut state, &self.shared().origin, now, group)
    }

    /// Adds an application (`label`, `signOnMode` and the settings that mode
    /// requires, as for `createApplication`) and returns its id, or what is
    /// missing. Okta's defaults are filled in; no log event is written.
    pub fn seed_app(&self, app: Value) -> Result<String, String> {
        let now = self.shared().settings.clock.now();
        let mut state = self.shared().lock();
        crate::routes::apps::seed(&mut state, &self.shared().origin, now, app)
    }

    /// Makes the seeded user a member of the seeded group (no log event).
    /// Returns `false` when either does not exist.
    pub fn seed_membership(&self, group_id: &str, user_id: &str) -> bool {
        let mut state = self.shared().lock();
        if !state.groups.contains(group_id) || !state.users.contains(user_id) {
            return false;
        }
        state
            .members
            .entry(group_id.to_owned())
            .or_default()
            .insert(user_id.to_owned());
        true
    }

    /// The user with this id or login, as the API would return it.
    pub fn user(&self, id_or_login: &str) -> Option<Value> {
        let state = self.shared().lock();
        let id = state.find_user(id_or_login)?;
        state.users.get(&id).cloned()
    }

    /// Every user, in creation order.
    pub fn users(&self) -> Vec<Value> {
        self.shared().lock().users.values().cloned().collect()
    }

    /// Every group, in creation order.
    pub fn groups(&self) -> Vec<Value> {
        self.shared().lock().groups.values().cloned().collect()
    }

    /// The ids of a group's members (sorted).
    pub fn group_members(&self, group_id: &str) -> Vec<String> {
        let state = self.shared().lock();
        let mut ids: Vec<String> = state
            .members
            .get(group_id)
            .map(|m| m.iter().cloned().collect())
            .unwrap_or_default();
        ids.sort();
        ids
    }

    /// Every application, in creation order.
    pub fn apps(&self) -> Vec<Value> {
        self.shared().lock().apps.values().cloned().collect()
    }

    /// A user's enrolled factors.
    pub fn factors(&self, user_id: &str) -> Vec<Value> {
        let state = self.shared().lock();
        state
            .factors
            .get(user_id)
            .map(|f| f.values().cloned().collect())
            .unwrap_or_default()
    }

    /// The pass code that activates or verifies this factor now (SMS, call,
    /// email: the code "sent"; TOTP: the current code). `None` for an
    /// unknown factor or one without codes.
    pub fn factor_passcode(&self, user_id: &str, factor_id: &str) -> Option<String> {
        let state = self.shared().lock();
        state.factors.get(user_id)?.get(factor_id)?;
        state.passcodes.get(factor_id).cloned()
    }

    /// Every System Log event, oldest first.
    pub fn log_events(&self) -> Vec<Value> {
        self.shared().lock().logs.values().cloned().collect()
    }

    /// Registers an OAuth 2.0 service client: assertions signed by the key
    /// of `public_jwk` get access tokens for (a subset of) `scopes`.
    pub fn register_oauth_client(&self, client_id: &str, public_jwk: Value, scopes: &[&str]) {
        self.add_oauth_client(OAuthClient::new(client_id, public_jwk).scopes(scopes));
    }

    /// Registers an OAuth 2.0 service client with every option.
    pub fn add_oauth_client(&self, client: OAuthClient) {
        let mut state = self.shared().lock();
        state.clients.insert(client.client_id.clone(), client);
    }

    /// Queues `n` more `429` answers (see [`FakeOrgBuilder::inject_429`]).
    pub fn inject_429(&self, n: u32) {
        let mut state = self.shared().lock();
        state.inject_429 = state.inject_429.saturating_add(n);
    }

    /// Every request answered so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared().lock().requests.clone()
    }

    /// Forgets the recorded requests (state is kept).
    pub fn clear_requests(&self) {
        self.shared().lock().requests.clear();
    }
}
