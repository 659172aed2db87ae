//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod rate_limited;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures::future::BoxFuture;
use httpmock::MockServer;
use okta_api::{Clock, Runtime, RuntimeBuilder};
use okta_auth::{AuthError, CredentialSource, RejectionAdvice};
use okta_config::OktaConfig;
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use reqwest::StatusCode;

/// A clock whose sleeps return at once, advancing its time and recording the
/// wait.
#[derive(Debug)]
pub struct FakeClock {
    now: Mutex<SystemTime>,
    sleeps: Mutex<Vec<Duration>>,
}

/// The fake clock's start: 2023-11-14T22:13:20Z.
pub const START_SECS: u64 = 1_700_000_000;

impl FakeClock {
    pub fn new() -> Arc<FakeClock> {
        Arc::new(FakeClock {
            now: Mutex::new(UNIX_EPOCH + Duration::from_secs(START_SECS)),
            sleeps: Mutex::new(Vec::new()),
        })
    }

    pub fn advance(&self, by: Duration) {
        *self.now.lock().unwrap() += by;
    }

    pub fn sleeps(&self) -> Vec<Duration> {
        self.sleeps.lock().unwrap().clone()
    }
}

impl Clock for FakeClock {
    fn now(&self) -> SystemTime {
        *self.now.lock().unwrap()
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.sleeps.lock().unwrap().push(duration);
        self.advance(duration);
        Box::pin(async {})
    }
}

/// Credentials that count `authorize` calls and put the count in the token.
#[derive(Debug, Default)]
pub struct CountingCreds {
    pub authorized: AtomicUsize,
    pub rejected: AtomicUsize,
    pub retry_once: bool,
}

impl CountingCreds {
    pub fn new() -> Arc<CountingCreds> {
        Arc::new(CountingCreds::default())
    }

    pub fn retrying() -> Arc<CountingCreds> {
        Arc::new(CountingCreds {
            retry_once: true,
            ..CountingCreds::default()
        })
    }

    pub fn authorize_calls(&self) -> usize {
        self.authorized.load(Ordering::SeqCst)
    }
}

impl CredentialSource for CountingCreds {
    fn authorize<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), AuthError>> {
        let n = self.authorized.fetch_add(1, Ordering::SeqCst) + 1;
        Box::pin(async move {
            let value = HeaderValue::from_str(&format!("SSWS token-{n}"))
                .map_err(|e| AuthError::Config(e.to_string()))?;
            request.headers_mut().insert(AUTHORIZATION, value);
            Ok(())
        })
    }

    fn on_rejected<'a>(
        &'a self,
        _status: StatusCode,
        _headers: &'a HeaderMap,
    ) -> BoxFuture<'a, Result<RejectionAdvice, AuthError>> {
        self.rejected.fetch_add(1, Ordering::SeqCst);
        let advice = if self.retry_once {
            RejectionAdvice::RetryOnce
        } else {
            RejectionAdvice::GiveUp
        };
        Box::pin(async move { Ok(advice) })
    }
}

/// A configuration for the mock server's plain-http origin.
pub fn config_for(base_url: &str) -> OktaConfig {
    let mut config = OktaConfig::for_org(url::Url::parse(base_url).unwrap());
    config.disable_https_check = true;
    config
}

/// A builder for `server` with a fake clock and zero jitter.
pub fn builder(server: &MockServer, clock: &Arc<FakeClock>) -> RuntimeBuilder {
    builder_with(config_for(&server.base_url()), clock)
}

pub fn builder_with(config: OktaConfig, clock: &Arc<FakeClock>) -> RuntimeBuilder {
    let policy = okta_api::RetryPolicy::with_max_retries(config.max_retries).jitter(Duration::ZERO);
    Runtime::builder(config)
        .clock(clock.clone())
        .retry_policy(policy)
}

/// A runtime for `server` with counting credentials.
pub fn runtime(server: &MockServer) -> (Runtime, Arc<FakeClock>, Arc<CountingCreds>) {
    let clock = FakeClock::new();
    let creds = CountingCreds::new();
    let rt = builder(server, &clock)
        .credentials(creds.clone())
        .build()
        .unwrap();
    (rt, clock, creds)
}

/// An HTTP date `secs` seconds after the fake clock's start.
pub fn http_date(secs_after_start: u64) -> String {
    httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(START_SECS + secs_after_start))
}

/// An Okta error document.
pub fn okta_error(code: &str, summary: &str) -> serde_json::Value {
    serde_json::json!({
        "errorCode": code,
        "errorSummary": summary,
        "errorLink": code,
        "errorId": "oaeTESTID",
        "errorCauses": [{"errorSummary": "login: required"}]
    })
}

pub async fn get(rt: &Runtime, path: &str) -> Result<reqwest::Response, okta_api::Error> {
    let url = format!("{}{}", rt.base_url(), path);
    let req = reqwest::Request::new(reqwest::Method::GET, url.parse().unwrap());
    rt.execute(req, "test.get").await
}
