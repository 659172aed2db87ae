//! The loops compared: the SDK, and raw reqwest loops decoding into
//! `serde_json::Value` and into a minimal 4-field struct.
//!
//! Every loop does the same work a caller needs: every user of the listing
//! (or every requested user) decoded, its id read. The raw loops are what a
//! careful hand-written client does: one shared `reqwest::Client`, the
//! `Authorization` header, the `Link` header followed, and after a `429` a
//! wait until the reset time the response names.

use std::hint::black_box;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures::StreamExt;
use reqwest::header::{HeaderMap, ACCEPT, AUTHORIZATION, LINK};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// The API token the loops send (the mock accepts any).
pub const TOKEN: &str = "00benchToken0000000000000000000000000000ab";

/// Which loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loop {
    /// `client.list_users().limit(..).stream()` / `client.get_user().id(..).send()`.
    Sdk,
    /// The SDK's requests to any endpoint, typed: `client.request(GET, ..)` with
    /// `.paginate::<User>()` and `Page::into_stream()` / `.send_json::<User>()`.
    SdkRaw,
    /// Raw reqwest into `serde_json::Value`.
    Value,
    /// Raw reqwest into a 4-field struct that skips everything else.
    Minimal,
}

impl Loop {
    /// Every loop, in the order rounds run them.
    pub const ALL: [Loop; 4] = [Loop::Sdk, Loop::SdkRaw, Loop::Value, Loop::Minimal];

    /// The name used on the command line and in tables.
    pub fn name(self) -> &'static str {
        match self {
            Loop::Sdk => "sdk",
            Loop::SdkRaw => "sdk-raw",
            Loop::Value => "value",
            Loop::Minimal => "minimal",
        }
    }

    /// The loop named `name`.
    pub fn parse(name: &str) -> Option<Loop> {
        Loop::ALL.into_iter().find(|l| l.name() == name)
    }
}

/// The minimal model: what a provisioning job might actually read.
#[derive(Deserialize)]
pub struct Minimal {
    /// `id`.
    pub id: String,
    /// `status`.
    pub status: String,
    /// `created`.
    pub created: String,
    /// `profile.login`.
    pub profile: MinimalProfile,
}

/// `profile` of [`Minimal`].
#[derive(Deserialize)]
pub struct MinimalProfile {
    /// `login`.
    pub login: String,
}

/// Reads an id so that decoding cannot be optimized away.
trait HasId {
    fn touch(&self);
}

impl HasId for Minimal {
    fn touch(&self) {
        black_box(self.id.as_str());
    }
}

impl HasId for Value {
    fn touch(&self) {
        black_box(self.get("id").and_then(Value::as_str));
    }
}

/// What a loop saw.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Users decoded (list) or calls that succeeded (get).
    pub ok: usize,
    /// Calls that failed for good.
    pub failed: usize,
    /// What the first failure of an SDK call said (raw loops report none).
    pub error: Option<String>,
}

impl Outcome {
    /// `ok` successes and no failure.
    pub fn clean(ok: usize) -> Outcome {
        Outcome {
            ok,
            ..Outcome::default()
        }
    }

    /// `ok` successes, then one failure saying `error` (if known).
    fn failed(ok: usize, error: Option<String>) -> Outcome {
        Outcome {
            ok,
            failed: 1,
            error,
        }
    }
}

/// The clients of one org: the SDK's and a plain reqwest client.
#[derive(Clone)]
pub struct Clients {
    /// The SDK client.
    pub sdk: okta::Client,
    /// A default reqwest client.
    pub raw: reqwest::Client,
    /// The org URL.
    pub base: String,
}

impl Clients {
    /// Clients for the org at `base`; the SDK's from `config` when given.
    pub fn new(base: &str, config: Option<okta_config::OktaConfig>) -> Result<Clients, String> {
        let config = match config {
            Some(config) => config,
            None => sdk_config(base)?,
        };
        Ok(Clients {
            sdk: okta::Client::from_config(config).map_err(|e| e.to_string())?,
            raw: reqwest::Client::new(),
            base: base.to_owned(),
        })
    }
}

/// The SDK configuration of every run: SSWS token, default retries.
pub fn sdk_config(base: &str) -> Result<okta_config::OktaConfig, String> {
    okta_config::OktaConfig::builder()
        .org_url(base)
        .token(TOKEN)
        .disable_https_check(true)
        .build()
        .map_err(|e| e.to_string())
}

/// Lists every user in pages of `limit`.
pub async fn list(clients: &Clients, which: Loop, limit: u32) -> Outcome {
    match which {
        Loop::Sdk => {
            let mut ok = 0;
            let mut users = clients.sdk.list_users().limit(limit as i32).stream();
            while let Some(user) = users.next().await {
                match user {
                    Ok(user) => {
                        black_box(user.id.as_deref());
                        ok += 1;
                    }
                    Err(e) => return Outcome::failed(ok, Some(e.to_string())),
                }
            }
            Outcome::clean(ok)
        }
        Loop::SdkRaw => {
            let first = clients
                .sdk
                .request(reqwest::Method::GET, "/api/v1/users")
                .query(&[("limit", limit)])
                .paginate::<okta::models::User>()
                .await;
            let first = match first {
                Ok(first) => first,
                Err(e) => return Outcome::failed(0, Some(e.to_string())),
            };
            let mut ok = 0;
            let mut users = first.into_stream();
            while let Some(user) = users.next().await {
                match user {
                    Ok(user) => {
                        black_box(user.id.as_deref());
                        ok += 1;
                    }
                    Err(e) => return Outcome::failed(ok, Some(e.to_string())),
                }
            }
            Outcome::clean(ok)
        }
        Loop::Value => raw_list::<Value>(clients, limit).await,
        Loop::Minimal => raw_list::<Minimal>(clients, limit).await,
    }
}

/// Gets every user of `ids`, `concurrency` calls in flight.
pub async fn get(clients: &Clients, which: Loop, ids: &[String], concurrency: usize) -> Outcome {
    // Per call: `Ok`, or the SDK's message (`None` from a raw loop).
    let results: Vec<Result<(), Option<String>>> = futures::stream::iter(ids)
        .map(|id| async move {
            match which {
                Loop::Sdk => match clients.sdk.get_user().id(id.as_str()).send().await {
                    Ok(user) => {
                        black_box(user.id.as_deref());
                        Ok(())
                    }
                    Err(e) => Err(Some(e.to_string())),
                },
                Loop::SdkRaw => match clients
                    .sdk
                    .request(reqwest::Method::GET, &format!("/api/v1/users/{id}"))
                    .send_json::<okta::models::User>()
                    .await
                {
                    Ok(user) => {
                        black_box(user.id.as_deref());
                        Ok(())
                    }
                    Err(e) => Err(Some(e.to_string())),
                },
                Loop::Value => raw_get::<Value>(clients, id)
                    .await
                    .then_some(())
                    .ok_or(None),
                Loop::Minimal => raw_get::<Minimal>(clients, id)
                    .await
                    .then_some(())
                    .ok_or(None),
            }
        })
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await;
    let ok = results.iter().filter(|r| r.is_ok()).count();
    Outcome {
        ok,
        failed: results.len() - ok,
        error: results.into_iter().find_map(|r| r.err().flatten()),
    }
}

/// How many times a raw loop sends one request before giving up.
const RAW_ATTEMPTS: u32 = 8;

async fn raw_list<T: DeserializeOwned + HasId>(clients: &Clients, limit: u32) -> Outcome {
    let mut url = format!("{}/api/v1/users?limit={limit}", clients.base);
    let mut ok = 0;
    loop {
        let Some((next, body)) = raw_send(clients, &url).await else {
            return Outcome::failed(ok, None);
        };
        let Ok(items) = serde_json::from_slice::<Vec<T>>(&body) else {
            return Outcome::failed(ok, None);
        };
        for item in &items {
            item.touch();
        }
        ok += items.len();
        match next {
            Some(next) => url = next,
            None => return Outcome::clean(ok),
        }
    }
}

async fn raw_get<T: DeserializeOwned + HasId>(clients: &Clients, id: &str) -> bool {
    let url = format!("{}/api/v1/users/{id}", clients.base);
    match raw_send(clients, &url).await {
        Some((_, body)) => match serde_json::from_slice::<T>(&body) {
            Ok(user) => {
                user.touch();
                true
            }
            Err(_) => false,
        },
        None => false,
    }
}

/// GETs `url`, waiting out `429`s and re-sending after a `503` (a GET may be
/// re-sent); the `next` link and the body of the success.
async fn raw_send(clients: &Clients, url: &str) -> Option<(Option<String>, bytes::Bytes)> {
    for _ in 0..RAW_ATTEMPTS {
        let response = clients
            .raw
            .get(url)
            .header(AUTHORIZATION, format!("SSWS {TOKEN}"))
            .header(ACCEPT, "application/json")
            .send()
            .await
            .ok()?;
        if response.status() == reqwest::StatusCode::TOO_MANY_REQUESTS {
            tokio::time::sleep(until_reset(response.headers())).await;
            continue;
        }
        if response.status() == reqwest::StatusCode::SERVICE_UNAVAILABLE {
            continue;
        }
        if !response.status().is_success() {
            return None;
        }
        let next = next_link(response.headers());
        let body = response.bytes().await.ok()?;
        return Some((next, body));
    }
    None
}

/// The wait until the `X-Rate-Limit-Reset` second, by the local clock (the
/// mock is on loopback: no clock skew to allow for).
fn until_reset(headers: &HeaderMap) -> Duration {
    let reset = headers
        .get("x-rate-limit-reset")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    match reset {
        Some(reset) => Duration::from_secs(reset).saturating_sub(now),
        None => Duration::from_secs(1),
    }
}

/// The `rel="next"` target of the `Link` headers.
pub fn next_link(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .find(|link| link.contains("rel=\"next\""))
        .and_then(|link| {
            let start = link.find('<')? + 1;
            let end = link.find('>')?;
            link.get(start..end).map(str::to_owned)
        })
}

/// Every id of users `0..count`.
pub fn ids(count: usize, users: usize) -> Vec<String> {
    (0..count)
        .map(|i| crate::data::user_id(i % users.max(1)))
        .collect()
}

/// The runtime every client loop runs on: tokio's default multi-threaded one.
pub fn client_runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())
}
