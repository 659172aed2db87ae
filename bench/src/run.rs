//! One benchmark run: every scenario, loops interleaved round by round, and the
//! report as Markdown tables of medians and ratios.
//!
//! Timed loops run in this process against a mock on its own thread; the
//! process's CPU time minus the mock thread's is the client's. Peak memory
//! and start-up are measured in fresh child processes ([`crate::children`]).

use std::fmt::Write;
use std::time::{Duration, Instant, SystemTime};

use crate::children::{child, field};
use crate::loops::{self, Clients, Loop, Outcome};
use crate::measure::{self, median};
use crate::mock::{self, Bucket, MockOptions};
use crate::report::{label, machine, table, Sample};

/// The sizes of one run.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Timed rounds (each runs every loop once).
    pub rounds: usize,
    /// Users of the timed listing.
    pub list_users: usize,
    /// `get_user` calls of the timed get scenario.
    pub gets: usize,
    /// Calls in flight in the get scenario.
    pub concurrency: usize,
    /// Users of the two peak-memory listings (flat memory: the second is larger).
    pub rss_users: [usize; 2],
    /// Child processes per start-up figure.
    pub startups: usize,
    /// The rate-limit bucket of the rate-limited scenarios.
    pub bucket: Bucket,
    /// Pages of the rate-limited listing.
    pub limited_pages: usize,
    /// Calls of the rate-limited get scenario.
    pub limited_gets: usize,
    /// Calls in flight in the rate-limited get scenario.
    pub limited_concurrency: usize,
    /// Latency the mock adds to every answer of the timed scenarios.
    pub latency: Duration,
    /// Every n-th request of the timed scenarios answers `503` (0: never).
    pub fault_every: u64,
}

impl Plan {
    /// The full run the issue describes.
    pub fn full() -> Plan {
        Plan {
            rounds: 9,
            list_users: 20_000,
            gets: 5_000,
            concurrency: 32,
            rss_users: [20_000, 200_000],
            startups: 11,
            bucket: Bucket {
                requests: 50,
                window: Duration::from_secs(5),
            },
            limited_pages: 100,
            limited_gets: 200,
            limited_concurrency: 8,
            latency: Duration::ZERO,
            fault_every: 0,
        }
    }

    /// A smoke run of a few seconds.
    pub fn quick() -> Plan {
        Plan {
            rounds: 1,
            list_users: 2_000,
            gets: 500,
            concurrency: 32,
            rss_users: [2_000, 20_000],
            startups: 1,
            bucket: Bucket {
                requests: 10,
                window: Duration::from_secs(1),
            },
            limited_pages: 20,
            limited_gets: 30,
            limited_concurrency: 8,
            latency: Duration::ZERO,
            fault_every: 0,
        }
    }
}

/// The SDK configuration with client-side rate-limit pacing on, at the whole of each
/// bucket (`rateLimit.maxCapacity` = 100): the client waits for the reset instead of
/// drawing `429`s.
pub fn paced_config(base: &str) -> Result<okta_config::OktaConfig, String> {
    let mut config = loops::sdk_config(base)?;
    config.rate_limit_max_capacity = Some(100);
    Ok(config)
}

/// Runs `plan` and returns the report.
pub fn run(plan: &Plan) -> Result<String, String> {
    let runtime = loops::client_runtime()?;
    let mut out = String::new();
    let _ = writeln!(out, "{}", machine());

    // Start-up first, while nothing else runs.
    let _ = writeln!(
        out,
        "\n### Client start-up (config load + client build, fresh process)\n"
    );
    let _ = writeln!(
        out,
        "| what | median of {} processes (ms) | of which config load (ms) |\n| --- | ---: | ---: |",
        plan.startups
    );
    let mut times: [Vec<f64>; 3] = Default::default();
    for _ in 0..plan.startups {
        let line = child(&["startup", "sdk"])?;
        times[0].push(field(&line, "us")? / 1000.0);
        times[1].push(field(&line, "config_us")? / 1000.0);
        let line = child(&["startup", "raw"])?;
        times[2].push(field(&line, "us")? / 1000.0);
    }
    let _ = writeln!(
        out,
        "| okta: `OktaConfig::load()` + `Client::from_config` | {:.2} | {:.2} |",
        median(&times[0]),
        median(&times[1])
    );
    let _ = writeln!(
        out,
        "| raw: `reqwest::Client::new()` | {:.2} | – |",
        median(&times[2])
    );

    // Timed listing and gets.
    let org = mock::start(MockOptions {
        latency: plan.latency,
        fault_every: plan.fault_every,
        ..MockOptions::users(plan.list_users)
    })
    .map_err(|e| e.to_string())?;
    if !plan.latency.is_zero() || plan.fault_every > 0 {
        let _ = writeln!(
            out,
            "\nTimed scenarios: the mock adds {} ms to every answer; every n-th request answers 503, n = {} (0: never). The raw loops re-send a 503 at once, the SDK after its backoff.",
            plan.latency.as_millis(),
            plan.fault_every
        );
    }
    let clients = Clients::new(&org.base, None)?;
    let ids = loops::ids(plan.gets, plan.list_users);
    let limit = mock::PAGE_SIZE as u32;
    let faults = plan.fault_every > 0;
    let list = timed(&runtime, &clients, plan.rounds, faults, |c, l| {
        Box::pin(async move { loops::list(c, l, limit).await })
    })?;
    let title = format!(
        "List {} users in pages of {limit}, median of {} rounds",
        plan.list_users, plan.rounds
    );
    table(&mut out, &title, &list);
    let ids = &ids;
    let concurrency = plan.concurrency;
    let get = timed(&runtime, &clients, plan.rounds, faults, |c, l| {
        Box::pin(async move { loops::get(c, l, ids, concurrency).await })
    })?;
    let title = format!(
        "{} `get_user` calls at concurrency {concurrency}, median of {} rounds",
        plan.gets, plan.rounds
    );
    table(&mut out, &title, &get);

    // Peak memory, each in a fresh process.
    let _ = writeln!(
        out,
        "\n### Peak RSS of a listing (`VmHWM` of a fresh process)\n"
    );
    let _ = writeln!(
        out,
        "| loop | {} users (MB) | {} users (MB) |\n| --- | ---: | ---: |",
        plan.rss_users[0], plan.rss_users[1]
    );
    let small = org.base.clone();
    let large = mock::start(MockOptions::users(plan.rss_users[1])).map_err(|e| e.to_string())?;
    // The timed org serves the smaller listing too, unless it is slowed or failing.
    let small = if plan.rss_users[0] == plan.list_users && !faults && plan.latency.is_zero() {
        small
    } else {
        mock::start(MockOptions::users(plan.rss_users[0]))
            .map_err(|e| e.to_string())?
            .base
    };
    for which in Loop::ALL {
        let mut row = format!("| {} |", label(which));
        for (base, users) in [
            (&small, plan.rss_users[0]),
            (&large.base, plan.rss_users[1]),
        ] {
            let line = child(&["rss", base, which.name()])?;
            let seen = field(&line, "ok")? as usize;
            if seen != users {
                return Err(format!("{} saw {seen} of {users} users", which.name()));
            }
            let _ = write!(row, " {:.1} |", field(&line, "kib")? / 1024.0);
        }
        let _ = writeln!(out, "{row}");
    }

    limited(&runtime, plan, &mut out)?;
    Ok(out)
}

/// The rate-limited scenarios, each loop against a fresh bucket.
fn limited(runtime: &tokio::runtime::Runtime, plan: &Plan, out: &mut String) -> Result<(), String> {
    let bucket = plan.bucket;
    let _ = writeln!(
        out,
        "\n### Rate-limited ({} requests per {} s bucket on the mock)\n",
        bucket.requests,
        bucket.window.as_secs()
    );
    let _ = writeln!(
        out,
        "| scenario | loop | completed | 429s | wall (s) | over the minimum (s) | first failure |\n| --- | --- | ---: | ---: | ---: | ---: | --- |"
    );
    let users = plan.limited_pages * mock::PAGE_SIZE;
    let ids = loops::ids(plan.limited_gets, users);
    let variants: [(&str, Loop, bool); 3] = [
        ("okta, pacing off", Loop::Sdk, false),
        ("okta, pacing on", Loop::Sdk, true),
        ("raw → 4-field struct", Loop::Minimal, false),
    ];
    for scenario in ["list", "get"] {
        let (calls, name) = match scenario {
            "list" => (
                plan.limited_pages,
                format!("list {} pages", plan.limited_pages),
            ),
            _ => (
                plan.limited_gets,
                format!(
                    "{} gets at C={}",
                    plan.limited_gets, plan.limited_concurrency
                ),
            ),
        };
        let minimum = bucket.minimum(calls as u32);
        for (label, which, paced) in variants {
            let org = mock::start(MockOptions {
                bucket: Some(bucket),
                ..MockOptions::users(users)
            })
            .map_err(|e| e.to_string())?;
            let config = if paced {
                Some(paced_config(&org.base)?)
            } else {
                None
            };
            let clients = Clients::new(&org.base, config)?;
            // Start on the first window's edge, as the minimum assumes.
            if let Ok(wait) = org.window_start.duration_since(SystemTime::now()) {
                std::thread::sleep(wait);
            }
            let start = Instant::now();
            let outcome = runtime.block_on(async {
                match scenario {
                    "list" => loops::list(&clients, which, mock::PAGE_SIZE as u32).await,
                    _ => loops::get(&clients, which, &ids, plan.limited_concurrency).await,
                }
            });
            let wall = start.elapsed();
            let stats = runtime
                .block_on(mock::stats(&clients.raw, &org.base))
                .map_err(|e| e.to_string())?;
            let completed = match scenario {
                "list" => format!("{}/{} users", outcome.ok, users),
                _ => format!("{}/{}", outcome.ok, calls),
            };
            let over = wall.as_secs_f64() - minimum.as_secs_f64();
            let _ = writeln!(
                out,
                "| {name} | {label} | {completed} | {} | {:.2} | {over:+.2} | {} |",
                stats.throttled,
                wall.as_secs_f64(),
                outcome.error.as_deref().unwrap_or("–").replace('|', "\\|")
            );
        }
    }
    Ok(())
}

type LoopFuture<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Outcome> + 'a>>;

/// Runs every loop once untimed (connections, page cache), then `rounds`
/// interleaved timed rounds. Fails when the loops disagree on what they saw,
/// unless the mock injects faults (then failures are part of the result).
fn timed<'a, F>(
    runtime: &tokio::runtime::Runtime,
    clients: &'a Clients,
    rounds: usize,
    faults: bool,
    run: F,
) -> Result<Vec<(Loop, Vec<Sample>)>, String>
where
    F: Fn(&'a Clients, Loop) -> LoopFuture<'a>,
{
    let mut samples: Vec<(Loop, Vec<Sample>)> =
        Loop::ALL.iter().map(|l| (*l, Vec::new())).collect();
    let mut expected = None;
    for round in 0..=rounds {
        for (which, list) in &mut samples {
            let mock_before = mock_stats(runtime, clients)?;
            let cpu_before = measure::process_cpu();
            let start = Instant::now();
            let outcome = runtime.block_on(run(clients, *which));
            let wall = start.elapsed();
            let cpu = measure::process_cpu().saturating_sub(cpu_before);
            let mock_after = mock_stats(runtime, clients)?;
            let mock_cpu =
                Duration::from_micros(mock_after.cpu_us.saturating_sub(mock_before.cpu_us));
            // Without injected faults every loop must see the same users.
            let clean = outcome.failed == 0 && *expected.get_or_insert(outcome.ok) == outcome.ok;
            if !clean && !faults {
                return Err(format!(
                    "{}: {outcome:?}, expected {expected:?} ok",
                    which.name()
                ));
            }
            if round > 0 {
                list.push(Sample {
                    wall,
                    cpu: cpu.saturating_sub(mock_cpu),
                    mock_cpu,
                    connections: mock_after.connections - mock_before.connections,
                    outcome,
                });
            }
        }
    }
    Ok(samples)
}

fn mock_stats(runtime: &tokio::runtime::Runtime, clients: &Clients) -> Result<mock::Stats, String> {
    runtime
        .block_on(mock::stats(&clients.raw, &clients.base))
        .map_err(|e| e.to_string())
}

/// `profile <list|get> <loop> <times> [users]`: one scenario of the full plan
/// (on an org of `users` users, 20,000 by default), `times` times, for a
/// profiler (`perf record`) to watch.
pub fn profile(
    scenario: &str,
    which: &str,
    times: &str,
    users: Option<&str>,
) -> Result<String, String> {
    let which = Loop::parse(which).ok_or_else(|| format!("no loop `{which}`"))?;
    let count = |text: &str| {
        text.parse::<usize>()
            .map_err(|_| format!("not a count: `{text}`"))
    };
    let times = count(times)?;
    let plan = Plan::full();
    let users = users.map_or(Ok(plan.list_users), count)?;
    let org = mock::start(MockOptions::users(users)).map_err(|e| e.to_string())?;
    let clients = Clients::new(&org.base, None)?;
    let ids = loops::ids(plan.gets, users);
    let runtime = loops::client_runtime()?;
    let start = Instant::now();
    let mut ok = 0;
    for _ in 0..times {
        ok += runtime
            .block_on(async {
                match scenario {
                    "list" => loops::list(&clients, which, mock::PAGE_SIZE as u32).await,
                    _ => loops::get(&clients, which, &ids, plan.concurrency).await,
                }
            })
            .ok;
    }
    Ok(format!("ok={ok} ms={}", start.elapsed().as_millis()))
}
