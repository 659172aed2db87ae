//! Rate limiting: the built-in retry of `429` answers, its settings, and the rate-limit
//! state Okta reports on every answer.
//!
//! ```text
//! cargo run --example rate_limiting
//! ```
//!
//! When an org exceeds a rate limit, Okta answers `429 Too Many Requests` with
//! `X-Rate-Limit-Reset` (when the window ends). The client waits until then (plus a
//! second, a little jitter) and resends, at most `rateLimit.maxRetries` times (default
//! 2), all within `requestTimeout` (default: no bound). A `429` is resent for every
//! method: Okta did not process the request.
//!
//! Python → Rust: the same two settings, `client.rateLimit.maxRetries` and
//! `client.requestTimeout`, in `okta.yaml`, as environment variables
//! (`OKTA_CLIENT_RATE_LIMIT_MAX_RETRIES`, `OKTA_CLIENT_REQUESTTIMEOUT`) or in code
//! (`OktaConfig` fields, as below). When the retries run out, the error is typed:
//! `error.is_rate_limited()` and `error.rate_limit()`.
//!
//! Beyond the reference: pacing. With `rateLimit.maxCapacity` (a percentage,
//! `OKTA_CLIENT_RATE_LIMIT_MAX_CAPACITY`) the client uses at most that share of each of
//! Okta's rate-limit buckets per window and waits for the reset instead of drawing `429`s,
//! leaving the rest of the org's budget to other programs. `client.rate_limits()` shows
//! what it has learned about each bucket.

use std::io::Write;
use std::time::Duration;

/// Builds a client with explicit retry settings for the same org, lists users with it and
/// prints the rate-limit state of the answer.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut config = client.config().clone();
    config.max_retries = 4;
    config.request_timeout = Some(Duration::from_secs(60));
    // Use at most 80 % of each rate-limit bucket (unset: no pacing).
    config.rate_limit_max_capacity = Some(80);
    let client = okta::Client::from_config(config)?;
    writeln!(
        out,
        "maxRetries {}, requestTimeout {:?}, maxCapacity {:?}",
        client.config().max_retries,
        client.config().request_timeout,
        client.config().rate_limit_max_capacity,
    )?;

    // Retried `429`s are invisible to the caller: this returns the successful answer.
    let users = client.list_users().limit(1).send_page().await?;
    writeln!(out, "listed {} user(s)", users.items().len())?;
    if let Some(limit) = users.rate_limit() {
        writeln!(
            out,
            "rate limit: {} of {} left in this window",
            limit.remaining, limit.limit
        )?;
    }
    // What the client has learned, bucket by bucket (shared by all its clones and tasks).
    for bucket in client.rate_limits() {
        writeln!(
            out,
            "bucket {}: {} of {} left",
            bucket.bucket, bucket.remaining, bucket.limit
        )?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    run(&org.client, &mut std::io::stdout()).await
}
