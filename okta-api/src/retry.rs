//! When to retry (the classifier) and how much (the policy).
//!
//! The classifier looks at one attempt's outcome and says whether it may be
//! retried and after how long; the [`RetryPolicy`] bounds how many retries
//! happen, caps each wait and adds jitter. The runtime additionally stops when
//! the configured request timeout would be overrun.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use crate::rate_limit::{date_of, reset_of};

/// What one attempt produced, as the classifier sees it.
#[derive(Clone, Copy, Debug)]
pub enum AttemptOutcome<'a> {
    /// The server answered.
    Response {
        /// The response status.
        status: StatusCode,
        /// The response headers.
        headers: &'a HeaderMap,
    },
    /// No answer was received.
    TransportError {
        /// The connection could not be established, so the request never
        /// reached the server.
        connect: bool,
    },
}

/// The classifier's verdict on an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retryable {
    /// Do not retry.
    No,
    /// Retry after this wait (before cap and jitter).
    After(Duration),
    /// Retry after an exponential backoff chosen by the policy.
    Backoff,
}

/// Whether a request may be re-sent after an attempt that may have reached
/// the server.
///
/// Set per request with [`RequestOptions::idempotency`](crate::RequestOptions::idempotency)
/// (or [`RawRequest::idempotent`](crate::RawRequest::idempotent)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Idempotency {
    /// Decided by the method: only `GET`, `HEAD` and `OPTIONS` are re-sent
    /// (see [`is_resendable`]). The default.
    #[default]
    ByMethod,
    /// The caller asserts that applying the request twice has the same
    /// effect as applying it once (e.g. a `PUT` replacing a whole resource),
    /// so it is re-sent like a `GET`.
    Idempotent,
}

/// Whether `method` may be re-sent after an attempt that may have reached the
/// server: `GET`, `HEAD` and `OPTIONS` only.
///
/// `PUT` and `DELETE` are not: on Okta many of them are not idempotent (the
/// first `DELETE /api/v1/users/{id}` deactivates the user, the second deletes
/// it for good). Opt in per request with [`Idempotency::Idempotent`].
pub fn is_resendable(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Classifies an attempt of a request whose resend rule is decided by its
/// method ([`Idempotency::ByMethod`]); see [`classify_with`].
pub fn classify(method: &Method, outcome: AttemptOutcome<'_>) -> Retryable {
    classify_with(method, Idempotency::ByMethod, outcome)
}

/// Classifies an attempt. This is the one place the SDK decides what may be
/// re-sent.
///
/// * `429` is retried for every method (Okta did not process the request):
///   after `X-Rate-Limit-Reset − Date + 1 s` (the earliest reset if several
///   are given), or a backoff when either header is missing. (When the
///   response carries all three rate-limit headers the runtime's pacing
///   replaces this wait by the exact reset on the server's clock, or by a
///   backoff for the concurrent-request limit.)
/// * A connection that could not be established is retried with a backoff
///   for every method (nothing was sent).
/// * After anything else that may have reached the server, `503` and `504`
///   responses and transport failures once connected, only requests that are
///   [resendable](is_resendable) (`GET`, `HEAD`, `OPTIONS`) or marked
///   [`Idempotency::Idempotent`] are retried, with a backoff.
/// * Every other status is final. (Separately, the runtime re-authorizes and
///   re-sends once after a `401` when the credential source advises it: the
///   request was rejected unprocessed.)
pub fn classify_with(
    method: &Method,
    idempotency: Idempotency,
    outcome: AttemptOutcome<'_>,
) -> Retryable {
    let resendable = idempotency == Idempotency::Idempotent || is_resendable(method);
    match outcome {
        AttemptOutcome::Response { status, headers } => match status {
            StatusCode::TOO_MANY_REQUESTS => match (reset_of(headers), date_of(headers)) {
                (Some(reset), Some(date)) => Retryable::After(
                    reset
                        .duration_since(date)
                        .unwrap_or(Duration::ZERO)
                        .saturating_add(Duration::from_secs(1)),
                ),
                _ => Retryable::Backoff,
            },
            StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT if resendable => {
                Retryable::Backoff
            }
            _ => Retryable::No,
        },
        AttemptOutcome::TransportError { connect } => {
            if connect || resendable {
                Retryable::Backoff
            } else {
                Retryable::No
            }
        }
    }
}

/// How many retries happen and how long each wait may be.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Retries after the first attempt (`rateLimit.maxRetries`). Default
    /// [`okta_config::defaults::MAX_RETRIES`], the setting's default.
    pub max_retries: u32,
    /// Longest single wait. Default 65 s (Okta's windows last a minute, and
    /// the classifier adds one second of margin). A server-given wait longer
    /// than this ends the call with the rate-limit error instead of waiting.
    pub max_wait: Duration,
    /// Upper bound of the random extra added to each wait. Default 250 ms.
    pub jitter: Duration,
    /// First backoff when the server gave no reset time. Default 1 s; doubles
    /// with each retry.
    pub backoff_base: Duration,
    /// Longest backoff. Default 30 s.
    pub backoff_max: Duration,
}

impl Default for RetryPolicy {
    /// The policy of a configuration left at its defaults: `max_retries` is
    /// `rateLimit.maxRetries`' default from the settings table; the waits are
    /// the runtime's own (they are no setting).
    fn default() -> Self {
        RetryPolicy {
            max_retries: okta_config::defaults::MAX_RETRIES,
            max_wait: Duration::from_secs(65),
            jitter: Duration::from_millis(250),
            backoff_base: Duration::from_secs(1),
            backoff_max: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The default policy with `max_retries` retries.
    pub fn with_max_retries(max_retries: u32) -> Self {
        RetryPolicy {
            max_retries,
            ..RetryPolicy::default()
        }
    }

    /// Sets the jitter bound (zero for deterministic waits).
    pub fn jitter(mut self, jitter: Duration) -> Self {
        self.jitter = jitter;
        self
    }

    /// Sets the longest single wait.
    pub fn max_wait(mut self, max_wait: Duration) -> Self {
        self.max_wait = max_wait;
        self
    }

    /// Sets the first backoff and the longest backoff.
    pub fn backoff(mut self, base: Duration, max: Duration) -> Self {
        self.backoff_base = base;
        self.backoff_max = max;
        self
    }

    /// The wait before retry number `retry` (1-based), or `None` when the
    /// verdict or the retry budget forbids another attempt, or when the
    /// server asks for a wait longer than `max_wait` (retrying sooner would
    /// only be refused again).
    pub fn wait_before(&self, verdict: Retryable, retry: u32) -> Option<Duration> {
        if retry == 0 || retry > self.max_retries {
            return None;
        }
        let base = match verdict {
            Retryable::No => return None,
            Retryable::After(wait) if wait > self.max_wait => return None,
            Retryable::After(wait) => wait,
            Retryable::Backoff => {
                let factor = 1u32
                    .checked_shl(retry.saturating_sub(1))
                    .unwrap_or(u32::MAX);
                self.backoff_base
                    .checked_mul(factor)
                    .unwrap_or(self.backoff_max)
                    .min(self.backoff_max)
            }
        };
        Some(
            base.min(self.max_wait)
                .saturating_add(random_up_to(self.jitter)),
        )
    }
}

/// A random duration from zero to `bound`.
pub(crate) fn random_up_to(bound: Duration) -> Duration {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = u64::try_from(bound.as_nanos()).unwrap_or(u64::MAX);
    if nanos == 0 {
        return Duration::ZERO;
    }
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    Duration::from_nanos(hasher.finish() % nanos.saturating_add(1))
}

#[cfg(test)]
mod default_tests {
    use super::*;

    #[test]
    fn the_default_retry_budget_is_the_settings_default() {
        assert_eq!(
            RetryPolicy::default().max_retries,
            okta_config::defaults::MAX_RETRIES
        );
        let config =
            okta_config::OktaConfig::for_org("https://dev-1.okta.com".parse().expect("url"));
        assert_eq!(
            RetryPolicy::with_max_retries(config.max_retries),
            RetryPolicy::default()
        );
    }
}
