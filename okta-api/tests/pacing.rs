//! Rate-limit pacing end to end, against a loopback server that counts:
//! no call lost under a rate limit with pacing off, no `429` and near the
//! least possible time with pacing on, the concurrent-request limit handled
//! by a cap instead of a minute's sleep, and the learned state reported.
//!
//! The short scenarios use windows of 1–2 s so each test takes a few
//! seconds; the full-size ones (a bucket of 50 per 5 s) are
//! `#[ignore]`d: `cargo test -p okta-api --test pacing -- --ignored`.
//! Every bound is derived from the server's window math
//! ([`RateLimitedServer::minimum_wall`]).

mod common;

use std::time::{Duration, SystemTime};

use common::rate_limited::{Limits, RateLimitedServer};
use common::*;
use futures::StreamExt;
use httpmock::prelude::*;
use okta_api::{Page, Runtime};
use reqwest::Method;

/// `calls` GETs of one bucket, at most `concurrency` at once.
struct Scenario {
    name: &'static str,
    limit: u64,
    window_secs: u64,
    calls: u64,
    concurrency: usize,
    /// `rateLimit.maxCapacity`; `None` = pacing off.
    max_capacity: Option<u8>,
}

const SHORT: &[Scenario] = &[
    Scenario {
        name: "pacing off",
        limit: 20,
        window_secs: 2,
        calls: 60,
        concurrency: 8,
        max_capacity: None,
    },
    Scenario {
        name: "pacing at 100 %",
        limit: 20,
        window_secs: 2,
        calls: 60,
        concurrency: 8,
        max_capacity: Some(100),
    },
    Scenario {
        name: "pacing at 50 %",
        limit: 20,
        window_secs: 2,
        calls: 30,
        concurrency: 8,
        max_capacity: Some(50),
    },
];

/// The targets: 200 GETs at concurrency 8 against 50 per 5 s.
const FULL: &[Scenario] = &[
    Scenario {
        name: "full size, pacing off",
        limit: 50,
        window_secs: 5,
        calls: 200,
        concurrency: 8,
        max_capacity: None,
    },
    Scenario {
        name: "full size, pacing at 100 %",
        limit: 50,
        window_secs: 5,
        calls: 200,
        concurrency: 8,
        max_capacity: Some(100),
    },
];

/// A runtime for `server` on the system clock (the server's windows are on
/// it too), with the default retry policy (`maxRetries` 2, jitter included).
fn runtime_for(base_url: &str, max_capacity: Option<u8>) -> Runtime {
    let mut config = config_for(base_url);
    config.rate_limit_max_capacity = max_capacity;
    Runtime::builder(config).build().unwrap()
}

/// The requests admitted per window.
fn per_window(s: &Scenario) -> u64 {
    match s.max_capacity {
        Some(p) => (s.limit * u64::from(p) / 100).max(1),
        None => s.limit,
    }
}

async fn run(s: &Scenario) {
    let server = RateLimitedServer::start(Limits::window(s.limit, s.window_secs)).await;
    let rt = runtime_for(server.base_url(), s.max_capacity);
    let results: Vec<bool> = futures::stream::iter(0..s.calls)
        .map(|i| {
            let rt = rt.clone();
            async move { get(&rt, &format!("/api/v1/users/00u{i}x")).await.is_ok() }
        })
        .buffer_unordered(s.concurrency)
        .collect()
        .await;
    let end = SystemTime::now();
    let stats = server.stats();
    let succeeded = results.iter().filter(|ok| **ok).count() as u64;
    let wall = end
        .duration_since(stats.first_arrival.unwrap())
        .unwrap_or_default();
    let minimum = server.minimum_wall(s.calls, per_window(s));
    let windows = s.calls.div_ceil(per_window(s));
    // One line per scenario for the record (`--nocapture`).
    eprintln!(
        "{}: {succeeded}/{} succeeded, {} 429s, wall {:.3} s, minimum {:.3} s ({:.3}x)",
        s.name,
        s.calls,
        stats.rate_limited,
        wall.as_secs_f64(),
        minimum.as_secs_f64(),
        wall.as_secs_f64() / minimum.as_secs_f64()
    );

    assert_eq!(succeeded, s.calls, "{}: every call succeeds", s.name);
    assert_eq!(stats.ok as u64, s.calls, "{}: no call sent twice", s.name);
    match s.max_capacity {
        Some(_) => {
            assert_eq!(stats.rate_limited, 0, "{}: pacing sends no 429", s.name);
            let bound = minimum.mul_f64(1.05);
            assert!(
                wall <= bound,
                "{}: {wall:?} over 1.05 x the minimum {minimum:?}",
                s.name
            );
        }
        None => {
            // Once a bucket is known exhausted, only the calls already in
            // flight can be refused: at most `concurrency` per window.
            let most = s.concurrency as u64 * windows;
            assert!(
                stats.rate_limited as u64 <= most,
                "{}: {} 429s, more than {most}",
                s.name,
                stats.rate_limited
            );
        }
    }
    let buckets = rt.rate_limits();
    let bucket = buckets
        .iter()
        .find(|b| b.bucket == "/api/v1/users/{id}")
        .unwrap_or_else(|| panic!("{}: no state for the bucket: {buckets:?}", s.name));
    assert_eq!(bucket.limit, s.limit);
    assert_eq!(bucket.in_flight, 0);
    assert_eq!(bucket.in_flight_cap, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn short_windows_lose_no_call_and_pacing_sends_no_429() {
    for scenario in SHORT {
        run(scenario).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "full size (about a minute): run with --ignored"]
async fn full_size_targets() {
    for scenario in FULL {
        run(scenario).await;
    }
}

/// Lists `pages` pages (one request each, in sequence) with pacing on.
async fn list_pages(limit: u64, window_secs: u64, pages: usize) {
    let mut limits = Limits::window(limit, window_secs);
    limits.pages = pages;
    let server = RateLimitedServer::start(limits).await;
    let rt = runtime_for(server.base_url(), Some(100));
    let first: Page<serde_json::Value> = rt
        .request(Method::GET, "/api/v1/users/pages")
        .paginate()
        .await
        .unwrap();
    let items: Vec<_> = first.into_stream().collect().await;
    let end = SystemTime::now();
    let stats = server.stats();
    let wall = end
        .duration_since(stats.first_arrival.unwrap())
        .unwrap_or_default();
    let minimum = server.minimum_wall(pages as u64, limit);
    eprintln!(
        "listing {pages} pages at {limit}/{window_secs} s: {} 429s, wall {:.3} s, minimum {:.3} s (+{:.3} s)",
        stats.rate_limited,
        wall.as_secs_f64(),
        minimum.as_secs_f64(),
        wall.as_secs_f64() - minimum.as_secs_f64()
    );
    assert_eq!(items.len(), pages);
    assert!(items.iter().all(Result::is_ok));
    assert_eq!(stats.ok, pages);
    assert_eq!(stats.rate_limited, 0);
    assert!(
        wall <= minimum + Duration::from_millis(250),
        "{wall:?} more than 0.25 s over the minimum {minimum:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listing_pages_with_pacing_is_within_a_quarter_second_of_the_minimum() {
    list_pages(10, 1, 30).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "full size (about 5 s): run with --ignored"]
async fn listing_100_pages_full_size() {
    list_pages(50, 5, 100).await;
}

/// The concurrency 429 names a reset this far ahead.
const CONCURRENCY_RESET: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_concurrent_request_limit_caps_requests_in_flight_instead_of_sleeping() {
    let most = 3;
    let calls = 24;
    let mut limits = Limits::window(10_000, 60);
    limits.concurrency = Some(most);
    limits.hold = Duration::from_millis(100);
    let server = RateLimitedServer::start(limits).await;
    let rt = runtime_for(server.base_url(), None);
    let results: Vec<bool> = futures::stream::iter(0..calls)
        .map(|i| {
            let rt = rt.clone();
            async move { get(&rt, &format!("/api/v1/groups/00g{i}x")).await.is_ok() }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    let stats = server.stats();
    let wall = SystemTime::now()
        .duration_since(stats.first_arrival.unwrap())
        .unwrap_or_default();
    eprintln!(
        "concurrency limit {most}: {} concurrency 429s, wall {:.3} s",
        stats.concurrency_limited,
        wall.as_secs_f64()
    );
    assert!(results.iter().all(|ok| *ok), "{results:?}");
    assert_eq!(stats.ok, calls);
    assert!(stats.concurrency_limited >= 1, "the limit was reached");
    // Nobody waited for the reset the concurrency 429s named.
    assert!(wall < CONCURRENCY_RESET / 4, "{wall:?}");
    let state = rt
        .rate_limits()
        .into_iter()
        .find(|b| b.bucket == "/api/v1/groups/{id}")
        .expect("bucket state");
    let cap = state
        .in_flight_cap
        .expect("a cap after the concurrency 429s");
    // Below the 8 callers: the refusals lowered it (answers since may have
    // raised it again by a few).
    assert!((1..8).contains(&cap), "cap {cap}");
}

#[tokio::test]
async fn a_429_holds_the_bucket_s_other_requests_until_the_reset() {
    let server = MockServer::start_async().await;
    let limited = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/users/00u1x");
            then.status(429)
                .header("date", http_date(0))
                .header("x-rate-limit-limit", "600")
                .header("x-rate-limit-remaining", "0")
                .header("x-rate-limit-reset", (START_SECS + 10).to_string())
                .json_body(okta_error("E0000047", "API call exceeded rate limit"));
        })
        .await;
    let other = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/users/00u2x");
            then.status(200)
                .header("date", http_date(10))
                .header("x-rate-limit-limit", "600")
                .header("x-rate-limit-remaining", "599")
                .header("x-rate-limit-reset", (START_SECS + 70).to_string())
                .json_body(serde_json::json!({"id": "00u2x"}));
        })
        .await;
    let clock = FakeClock::new();
    let mut config = config_for(&server.base_url());
    config.max_retries = 0;
    let rt = builder_with(config, &clock).build().unwrap();
    let err = get(&rt, "/api/v1/users/00u1x").await.unwrap_err();
    assert!(err.is_rate_limited());
    assert!(clock.sleeps().is_empty(), "no retry budget: no wait");

    // Another user, same bucket: held until the reset, then sent once.
    get(&rt, "/api/v1/users/00u2x").await.unwrap();
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(10)]);
    limited.assert_calls_async(1).await;
    other.assert_calls_async(1).await;

    // The next window as the server reported it.
    let state = rt.rate_limits();
    assert_eq!(state.len(), 1, "{state:?}");
    assert_eq!(state[0].bucket, "/api/v1/users/{id}");
    assert_eq!((state[0].limit, state[0].remaining), (600, 599));
    assert_eq!(
        state[0].reset,
        SystemTime::UNIX_EPOCH + Duration::from_secs(START_SECS + 70)
    );
}

#[tokio::test]
async fn the_servers_date_corrects_the_local_clock() {
    // The server's clock is 30 s ahead: its reset 40 s after its `Date` is
    // 40 s from now on the local clock, not 70.
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/logs")
                .header_missing("x-okta-retry-count");
            then.status(429)
                .header("date", http_date(30))
                .header("x-rate-limit-limit", "60")
                .header("x-rate-limit-remaining", "0")
                .header("x-rate-limit-reset", (START_SECS + 70).to_string());
        })
        .await;
    let ok = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/logs")
                .header("x-okta-retry-count", "1");
            then.status(200).json_body(serde_json::json!([]));
        })
        .await;
    let clock = FakeClock::new();
    let rt = builder(&server, &clock).build().unwrap();
    get(&rt, "/api/v1/logs").await.unwrap();
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(40)]);
    ok.assert_calls_async(1).await;
}

#[tokio::test]
async fn clones_share_one_state() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/apps");
            then.status(200)
                .header("date", http_date(0))
                .header("x-rate-limit-limit", "100")
                .header("x-rate-limit-remaining", "42")
                .header("x-rate-limit-reset", (START_SECS + 60).to_string())
                .json_body(serde_json::json!([]));
        })
        .await;
    let clock = FakeClock::new();
    let rt = builder(&server, &clock).build().unwrap();
    let clone = rt.clone();
    assert!(clone.rate_limits().is_empty(), "nothing learned yet");
    tokio::spawn(async move { get(&clone, "/api/v1/apps").await.map(|_| ()) })
        .await
        .unwrap()
        .unwrap();
    let state = rt.rate_limits();
    assert_eq!(state.len(), 1);
    assert_eq!(state[0].bucket, "/api/v1/apps");
    assert_eq!((state[0].limit, state[0].remaining), (100, 42));
}

#[test]
fn max_capacity_comes_from_the_configuration_or_the_builder() {
    let mut config = config_for("http://127.0.0.1:1");
    assert_eq!(
        Runtime::builder(config.clone())
            .build()
            .unwrap()
            .rate_limit_max_capacity(),
        None,
        "off by default"
    );
    config.rate_limit_max_capacity = Some(80);
    let from_config = Runtime::builder(config.clone()).build().unwrap();
    assert_eq!(from_config.rate_limit_max_capacity(), Some(80));
    let overridden = Runtime::builder(config.clone())
        .rate_limit_max_capacity(None)
        .build()
        .unwrap();
    assert_eq!(overridden.rate_limit_max_capacity(), None);
    for bad in [0u8, 101, 255] {
        let err = Runtime::builder(config.clone())
            .rate_limit_max_capacity(Some(bad))
            .build()
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(&format!("rate_limit_max_capacity({bad})")),
            "{err}"
        );
        assert!(err.contains("use 1 to 100"), "{err}");
    }
}
