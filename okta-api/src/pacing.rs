//! Rate-limit pacing: what the runtime learns from Okta's rate-limit headers
//! and how it holds requests back before sending them.
//!
//! Every response's `X-Rate-Limit-Limit/Remaining/Reset` update the state of
//! its bucket ([`buckets`]); its `Date` updates the estimate of the server's
//! clock. Before each attempt the attempt loop asks [`Pacer::admit`] for a
//! turn:
//!
//! * a bucket the server reported exhausted (`remaining` 0, or a `429`) holds
//!   every request for it until the window resets — so one `429` makes the
//!   others wait instead of spending their retries, and all of them are let
//!   go at the same instant;
//! * with `rateLimit.maxCapacity` set, a bucket also holds requests once this
//!   client has used that share of its limit in the current window (counting
//!   its own requests still in flight);
//! * a `429` for the concurrent-request limit (capacity left in the window,
//!   or a reset beyond the window's) caps the bucket's requests in flight
//!   instead of waiting for its far reset. The cap starts just below what
//!   was in flight when the refused request was sent (erring low: a cap too
//!   high costs more refusals, and each costs a retry), rises by one after
//!   as many answers as it allows, and ends at the reset the `429` named.
//!
//! The state belongs to the runtime, so every clone and task of a client
//! shares it. Waits for a reset go through the runtime's [`Clock`]; waits
//! for a request in flight to finish wait for it (with a short recheck).

mod buckets;

use std::collections::HashMap;
use std::pin::pin;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use okta_auth::Clock;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use tokio::sync::Notify;

use crate::rate_limit::{date_of, RateLimit};
use crate::retry::{random_up_to, RetryPolicy, Retryable};

pub(crate) use buckets::bucket_of;

/// How long a concurrency cap lasts when the `429` named no usable reset.
const CAP_FALLBACK: Duration = Duration::from_secs(60);
/// How often a request waiting for another one to finish rechecks the state
/// (a safety net: finishing requests wake the waiters).
const RECHECK: Duration = Duration::from_millis(100);
/// Buckets kept before idle ones are forgotten (the per-operation fallback
/// could otherwise grow with every new path shape).
const MAX_BUCKETS: usize = 512;
/// The resolution of `Date`, in nanoseconds.
const DATE_RESOLUTION: i128 = 1_000_000_000;

/// What the runtime has learned about one Okta rate-limit bucket; see
/// [`Runtime::rate_limits`](crate::Runtime::rate_limits).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct BucketState {
    /// The bucket: an endpoint group of Okta's rate-limit tables (e.g.
    /// `/api/v1/users/{id}`), or `METHOD /path/{id}/…` for an operation
    /// outside them.
    pub bucket: String,
    /// Requests allowed per window (`X-Rate-Limit-Limit`).
    pub limit: u64,
    /// Requests left in the current window, the least any response of the
    /// window reported; the whole limit once the window has reset.
    pub remaining: u64,
    /// The end of the latest window seen (`X-Rate-Limit-Reset`, the server's
    /// clock).
    pub reset: SystemTime,
    /// Requests of this client in flight for the bucket now.
    pub in_flight: u32,
    /// The most requests allowed in flight, after a concurrent-request
    /// `429`; `None` when there is no such cap.
    pub in_flight_cap: Option<u32>,
}

/// The state shared by every request of a runtime.
#[derive(Debug)]
pub(crate) struct Pacer {
    /// `rateLimit.maxCapacity`: the share (percent) of each bucket this
    /// client may use; `None` = only hold back what the server refused.
    share: Option<u8>,
    /// Bound of the one random delay added to each window's reset when
    /// pacing is off (see [`Window::jitter`]).
    jitter: Duration,
    state: Mutex<State>,
    changed: Notify,
}

#[derive(Debug, Default)]
struct State {
    skew: Skew,
    buckets: HashMap<String, Bucket>,
}

/// What the responses' `Date`s tell about the server's clock minus the
/// local one, in nanoseconds: bounds, narrowed by every response.
///
/// A response stamped `Date: D` was stamped at a server time in `[D, D+1 s)`
/// between its local send and receipt, so the skew is at least `D − receipt`
/// and less than `D + 1 s − send`; a window `429` with reset `R` was stamped
/// before `R`, so the skew is also less than `R − send`.
#[derive(Debug, Default, Clone, Copy)]
struct Skew {
    /// The largest lower bound seen.
    low: Option<i128>,
    /// The smallest upper bound seen (exclusive).
    high: Option<i128>,
}

impl Skew {
    fn narrow(&mut self, low: Option<i128>, high: Option<i128>) {
        let (old_low, old_high) = (self.low, self.high);
        self.low = max_opt(old_low, low);
        self.high = min_opt(old_high, high);
        if let (Some(l), Some(h)) = (self.low, self.high) {
            if l >= h {
                // Bounds that contradict each other: a clock was set. Start
                // again from this response.
                *self = Skew { low, high };
            }
        }
    }

    /// The skew to correct by: none while the local clock agrees with
    /// every `Date` seen (within their 1-s resolution); otherwise the lower
    /// bound, the correction that never moves a reset earlier than it is.
    fn estimate(self) -> Option<i128> {
        let agrees = self.low.is_none_or(|l| l <= 0) && self.high.is_none_or(|h| h > 0);
        if agrees {
            None
        } else {
            self.low.or(self.high.map(|h| h - DATE_RESOLUTION))
        }
    }
}

fn max_opt(a: Option<i128>, b: Option<i128>) -> Option<i128> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

fn min_opt(a: Option<i128>, b: Option<i128>) -> Option<i128> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[derive(Debug, Default)]
struct Bucket {
    limit: Option<u64>,
    /// The window believed to be running; `None` before the first response
    /// and once its reset has passed, until a response names the next one.
    current: Option<Window>,
    /// The latest reset seen (responses of older windows are stale).
    latest_reset: Option<SystemTime>,
    /// Requests sent while no window was known.
    sent_unknown: u64,
    in_flight: u32,
    cap: Option<Cap>,
}

#[derive(Debug)]
struct Window {
    /// The window's end, on the server's clock.
    reset: SystemTime,
    /// The least `remaining` any response of the window reported.
    remaining: u64,
    /// Requests this client sent in the window.
    sent: u64,
    /// Added to the reset when pacing is off, drawn once per window so that
    /// every waiting request of this client is let go at the same instant
    /// (a delay per request would let the first one awake use the window up
    /// before the others). Never negative: nothing is sent before the reset.
    jitter: Duration,
}

#[derive(Debug, Clone, Copy)]
struct Cap {
    most: u32,
    /// Local time the cap ends.
    until: SystemTime,
    /// Answers since the cap last changed; `most` of them raise it by one.
    answered: u32,
}

/// What a request should do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    Send,
    /// Wait until this local time (the bucket's reset).
    WaitUntil(SystemTime),
    /// Wait for a request in flight to finish (its answer frees a slot or
    /// names the new window).
    WaitForChange,
}

/// What a response taught about the request's retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pace {
    /// Nothing beyond the classifier's verdict.
    Nothing,
    /// The bucket is exhausted until this local time.
    RateLimited { until: SystemTime },
    /// A concurrent-request `429`: retry with a backoff under the new cap.
    Concurrency,
}

/// Waiting for a turn would overrun the request's deadline.
#[derive(Debug)]
pub(crate) struct Overrun;

/// A request's turn: recorded with its response, or released on drop.
pub(crate) struct Permit<'a> {
    pacer: &'a Pacer,
    bucket: &'a str,
    /// Local time the request was let go (its send is no earlier).
    sent_at: SystemTime,
    /// The bucket's requests in flight once this one was let go.
    in_flight_at_send: u32,
    done: bool,
}

impl Pacer {
    /// A pacer using `share` percent of each bucket (`None`: no pacing) and
    /// adding up to `jitter` to each window's reset when pacing is off.
    pub(crate) fn new(share: Option<u8>, jitter: Duration) -> Pacer {
        Pacer {
            share: share.map(|p| p.clamp(1, 100)),
            jitter,
            state: Mutex::new(State::default()),
            changed: Notify::new(),
        }
    }

    /// The share of each bucket the client may use, in percent.
    pub(crate) fn share(&self) -> Option<u8> {
        self.share
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere while holding the lock leaves consistent data:
        // every update is a plain assignment.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits for `bucket`'s turn: until its window resets when it is used
    /// up, or until a request in flight finishes when its cap is reached.
    /// Fails at once when the reset is at or after `deadline`. A reset
    /// further away than `max_wait` (the retry policy's longest wait) is not
    /// waited for: the request goes, and the server's answer decides, as it
    /// would for a retry.
    pub(crate) async fn admit<'a>(
        &'a self,
        bucket: &'a str,
        clock: &dyn Clock,
        deadline: Option<SystemTime>,
        max_wait: Duration,
    ) -> Result<Permit<'a>, Overrun> {
        loop {
            // Registered before reading the state, so that a change between
            // the reading and the wait is not missed.
            let mut changed = pin!(self.changed.notified());
            changed.as_mut().enable();
            let now = clock.now();
            let (decision, in_flight) = {
                let mut state = self.lock();
                let skew = state.skew.estimate();
                let bucket = state.bucket(bucket);
                let mut decision = bucket.decide(now, skew, self.share);
                if matches!(decision, Decision::WaitUntil(until) if until > later(now, max_wait)) {
                    bucket.send_anyway();
                    decision = Decision::Send;
                }
                (decision, bucket.in_flight)
            };
            match decision {
                Decision::Send => {
                    return Ok(Permit {
                        pacer: self,
                        bucket,
                        sent_at: now,
                        in_flight_at_send: in_flight,
                        done: false,
                    })
                }
                Decision::WaitUntil(until) => {
                    if deadline.is_some_and(|d| until >= d) {
                        return Err(Overrun);
                    }
                    let wait = until.duration_since(now).unwrap_or(Duration::ZERO);
                    tracing::info!(
                        bucket,
                        wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                        "rate-limit pacing: waiting for the bucket's window to reset"
                    );
                    clock.sleep(wait).await;
                }
                Decision::WaitForChange => {
                    if deadline.is_some_and(|d| now >= d) {
                        return Err(Overrun);
                    }
                    tracing::debug!(bucket, "rate-limit pacing: waiting for a request in flight");
                    let left = deadline
                        .and_then(|d| d.duration_since(now).ok())
                        .unwrap_or(RECHECK);
                    let recheck = pin!(tokio::time::sleep(RECHECK.min(left)));
                    futures::future::select(changed, recheck).await;
                }
            }
        }
    }

    /// The learned state of every bucket, sorted by name.
    pub(crate) fn snapshot(&self, now: SystemTime) -> Vec<BucketState> {
        let state = self.lock();
        let skew = state.skew.estimate();
        let mut out: Vec<BucketState> = state
            .buckets
            .iter()
            .filter_map(|(name, b)| {
                let limit = b.limit?;
                let live = b
                    .current
                    .as_ref()
                    .filter(|w| now < later(local(w.reset, skew), w.jitter));
                Some(BucketState {
                    bucket: name.clone(),
                    limit,
                    remaining: live.map_or(limit, |w| w.remaining),
                    reset: b.latest_reset.unwrap_or(UNIX_EPOCH),
                    in_flight: b.in_flight,
                    in_flight_cap: b.cap.filter(|c| now < c.until).map(|c| c.most),
                })
            })
            .collect();
        out.sort_by(|a, b| a.bucket.cmp(&b.bucket));
        out
    }
}

impl State {
    fn bucket(&mut self, name: &str) -> &mut Bucket {
        if !self.buckets.contains_key(name) && self.buckets.len() >= MAX_BUCKETS {
            self.buckets
                .retain(|_, b| b.in_flight > 0 || b.cap.is_some());
        }
        self.buckets.entry(name.to_owned()).or_default()
    }

    /// Learns the server's clock from a response's `Date` (and a window
    /// `429`'s reset), for a request let go at `sent` and answered at `now`.
    fn learn_skew(
        &mut self,
        sent: SystemTime,
        now: SystemTime,
        status: StatusCode,
        headers: &HeaderMap,
    ) {
        let (low, mut high) = match date_of(headers) {
            Some(date) => (
                Some(nanos(date) - nanos(now)),
                Some(nanos(date) + DATE_RESOLUTION - nanos(sent)),
            ),
            None => (None, None),
        };
        if status == StatusCode::TOO_MANY_REQUESTS {
            if let Some(rl) = RateLimit::from_headers(headers).filter(|rl| rl.remaining == 0) {
                high = min_opt(high, Some(nanos(rl.reset) - nanos(sent)));
            }
        }
        self.skew.narrow(low, high);
    }
}

impl<'a> Permit<'a> {
    /// Records the response of the request (status and headers), frees its
    /// slot and wakes the waiting requests. Tells the attempt loop what the
    /// response means for a retry.
    pub(crate) fn record(
        mut self,
        now: SystemTime,
        status: StatusCode,
        headers: &HeaderMap,
    ) -> Pace {
        self.done = true;
        let pace = {
            let mut state = self.pacer.lock();
            state.learn_skew(self.sent_at, now, status, headers);
            let skew = state.skew.estimate();
            // Pacing counts its requests: no window needs spreading then.
            let jitter_bound = match self.pacer.share {
                Some(_) => Duration::ZERO,
                None => self.pacer.jitter,
            };
            state.bucket(self.bucket).record(
                now,
                skew,
                status,
                headers,
                jitter_bound,
                self.in_flight_at_send,
            )
        };
        self.pacer.changed.notify_waiters();
        pace
    }

    /// Frees the slot of a request that got no response.
    pub(crate) fn release(mut self) {
        self.free();
    }

    fn free(&mut self) {
        if !self.done {
            self.done = true;
            let mut state = self.pacer.lock();
            let bucket = state.bucket(self.bucket);
            bucket.in_flight = bucket.in_flight.saturating_sub(1);
            drop(state);
            self.pacer.changed.notify_waiters();
        }
    }
}

impl Drop for Permit<'_> {
    /// A cancelled call frees its slot too.
    fn drop(&mut self) {
        self.free();
    }
}

impl Bucket {
    /// Whether a request may be sent at local time `now`; counts it when so.
    fn decide(&mut self, now: SystemTime, skew: Option<i128>, share: Option<u8>) -> Decision {
        if self
            .current
            .as_ref()
            .is_some_and(|w| now >= later(local(w.reset, skew), w.jitter))
        {
            self.current = None;
            self.sent_unknown = 0;
        }
        if let Some(cap) = self.cap {
            if now >= cap.until {
                self.cap = None;
            } else if self.in_flight >= cap.most {
                return Decision::WaitForChange;
            }
        }
        let decision = match (&mut self.current, self.limit) {
            (Some(w), Some(limit)) => {
                let reported = limit.saturating_sub(w.remaining);
                let (used, allowed) = match share {
                    // The server's count misses this client's requests in
                    // flight; this client's count misses other clients'.
                    Some(p) => (reported.max(w.sent), allowance(limit, p)),
                    None => (reported, limit),
                };
                if used < allowed {
                    w.sent += 1;
                    Decision::Send
                } else {
                    Decision::WaitUntil(later(local(w.reset, skew), w.jitter))
                }
            }
            // A new window whose reset no answer has named yet: with pacing,
            // only the share of the last known limit goes out before then,
            // as long as a request in flight may still name it (requests
            // that got no answer must not hold the others forever).
            (_, Some(limit))
                if self.in_flight > 0
                    && share.is_some_and(|p| self.sent_unknown >= allowance(limit, p)) =>
            {
                Decision::WaitForChange
            }
            _ => {
                self.sent_unknown += 1;
                Decision::Send
            }
        };
        if decision == Decision::Send {
            self.in_flight += 1;
        }
        decision
    }

    /// Counts a request sent without waiting for the window it would wait
    /// for (see [`Pacer::admit`]).
    fn send_anyway(&mut self) {
        match &mut self.current {
            Some(w) => w.sent += 1,
            None => self.sent_unknown += 1,
        }
        self.in_flight += 1;
    }

    /// Learns from a response of this bucket (received at local `now`).
    fn record(
        &mut self,
        now: SystemTime,
        skew: Option<i128>,
        status: StatusCode,
        headers: &HeaderMap,
        jitter_bound: Duration,
        in_flight_at_send: u32,
    ) -> Pace {
        self.in_flight = self.in_flight.saturating_sub(1);
        let Some(rl) = RateLimit::from_headers(headers) else {
            return Pace::Nothing;
        };
        let limited = status == StatusCode::TOO_MANY_REQUESTS;
        if limited && self.is_concurrency_limit(&rl, now, skew) {
            let until = Some(local(rl.reset, skew))
                .filter(|t| *t > now)
                .unwrap_or_else(|| later(now, CAP_FALLBACK));
            // Fewer than were in flight when this one was sent: the count
            // closest to what the server saw (later counts include requests
            // sent after it, earlier answers may have left since).
            let most = in_flight_at_send.saturating_sub(1).max(1);
            let most = self.cap.map_or(most, |c| c.most.min(most));
            self.cap = Some(Cap {
                most,
                until,
                answered: 0,
            });
            tracing::info!(
                in_flight_cap = most,
                "rate-limit pacing: concurrent-request limit; capping requests in flight"
            );
            return Pace::Concurrency;
        }
        if let Some(cap) = &mut self.cap {
            // Probing upwards: the first cap may be lower than the server's
            // limit.
            cap.answered += 1;
            if cap.answered >= cap.most {
                cap.most = cap.most.saturating_add(1);
                cap.answered = 0;
            }
        }
        self.limit = Some(rl.limit);
        let stale = self.latest_reset.is_some_and(|latest| rl.reset < latest);
        match &mut self.current {
            _ if stale => {}
            Some(w) if w.reset == rl.reset => w.remaining = w.remaining.min(rl.remaining),
            Some(w) => {
                // The server moved to a later window before this client's
                // clock did.
                *w = Window {
                    reset: rl.reset,
                    remaining: rl.remaining,
                    sent: 0,
                    jitter: random_up_to(jitter_bound),
                };
            }
            None => {
                let finished = self.latest_reset == Some(rl.reset) && now >= local(rl.reset, skew);
                if !finished {
                    self.current = Some(Window {
                        reset: rl.reset,
                        remaining: rl.remaining,
                        sent: self.sent_unknown,
                        jitter: random_up_to(jitter_bound),
                    });
                    self.sent_unknown = 0;
                }
            }
        }
        if self.latest_reset.is_none_or(|latest| rl.reset > latest) {
            self.latest_reset = Some(rl.reset);
        }
        if !limited {
            return Pace::Nothing;
        }
        match &mut self.current {
            Some(w) if w.reset == rl.reset => {
                w.remaining = 0;
                Pace::RateLimited {
                    until: later(local(w.reset, skew), w.jitter),
                }
            }
            _ => Pace::Nothing,
        }
    }

    /// A `429` that reports capacity left in its window, or names a reset
    /// beyond the window that has capacity left, is the concurrent-request
    /// limit, not the window's.
    fn is_concurrency_limit(&self, rl: &RateLimit, now: SystemTime, skew: Option<i128>) -> bool {
        rl.remaining > 0
            || self.current.as_ref().is_some_and(|w| {
                rl.reset > w.reset && w.remaining > 0 && now < local(w.reset, skew)
            })
    }
}

impl Pace {
    /// The wait before retry number `retry` after this response, within
    /// `policy`: the bucket's reset exactly (no jitter of the policy's: the
    /// window's own is already in it) after a window `429`, a backoff after
    /// a concurrency `429`, otherwise the classifier's verdict. `None` when
    /// no retry may follow.
    pub(crate) fn wait_before(
        self,
        policy: &RetryPolicy,
        verdict: Retryable,
        retry: u32,
        now: SystemTime,
    ) -> Option<Duration> {
        match (self, verdict) {
            (_, Retryable::No) => None,
            (Pace::RateLimited { until }, _) if until > now => {
                let exact = until.duration_since(now).unwrap_or(Duration::ZERO);
                policy
                    .wait_before(Retryable::After(exact), retry)
                    .map(|_| exact)
            }
            (Pace::Concurrency, _) => policy.wait_before(Retryable::Backoff, retry),
            _ => policy.wait_before(verdict, retry),
        }
    }
}

/// The requests allowed per window with `percent` of `limit` (at least one).
fn allowance(limit: u64, percent: u8) -> u64 {
    (u128::from(limit) * u128::from(percent) / 100)
        .try_into()
        .unwrap_or(limit)
        .max(1)
}

/// `t + d`, or `t` where that is beyond what the platform represents.
fn later(t: SystemTime, d: Duration) -> SystemTime {
    t.checked_add(d).unwrap_or(t)
}

/// Nanoseconds since the epoch (negative before it).
fn nanos(t: SystemTime) -> i128 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

/// The local time of the server's `t`, given the server-minus-local skew
/// (none known: the clocks agree).
fn local(t: SystemTime, skew: Option<i128>) -> SystemTime {
    let skew = skew.unwrap_or(0);
    let magnitude = Duration::from_nanos(u64::try_from(skew.unsigned_abs()).unwrap_or(u64::MAX));
    let shifted = if skew >= 0 {
        t.checked_sub(magnitude)
    } else {
        t.checked_add(magnitude)
    };
    shifted.unwrap_or(t)
}

#[cfg(test)]
mod tests;
