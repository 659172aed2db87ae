//! Unit tests of the pacing decision, on explicit times (no clock, no
//! network).

use super::*;

use okta_auth::ManualClock;
use reqwest::header::HeaderValue;

const T0: u64 = 1_700_000_000;
const MAX_WAIT: Duration = Duration::from_secs(65);

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

fn at_ms(ms: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(ms)
}

/// Okta's headers: `limit`, `remaining`, reset `reset` s and `Date` `date` s
/// after `T0`.
fn okta_headers(limit: u64, remaining: u64, reset: u64, date: u64) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert("x-rate-limit-limit", HeaderValue::from(limit));
    h.insert("x-rate-limit-remaining", HeaderValue::from(remaining));
    h.insert("x-rate-limit-reset", HeaderValue::from(T0 + reset));
    h.insert(
        "date",
        HeaderValue::from_str(&httpdate::fmt_http_date(at(T0 + date))).unwrap(),
    );
    h
}

const OK: StatusCode = StatusCode::OK;
const LIMITED: StatusCode = StatusCode::TOO_MANY_REQUESTS;

/// Records a response on `bucket` as if it had been let go at `now`.
fn answer(bucket: &mut Bucket, now: SystemTime, status: StatusCode, headers: &HeaderMap) -> Pace {
    let in_flight = bucket.in_flight;
    bucket.record(now, None, status, headers, Duration::ZERO, in_flight)
}

#[test]
fn allowance_is_the_share_rounded_down_but_at_least_one() {
    for (limit, percent, allowed) in [
        (100, 100, 100),
        (100, 80, 80),
        (10, 55, 5),
        (3, 10, 1),
        (0, 50, 1),
        (u64::MAX, 100, u64::MAX),
        (u64::MAX, 1, u64::MAX / 100),
    ] {
        assert_eq!(allowance(limit, percent), allowed, "{limit} at {percent} %");
    }
}

#[test]
fn an_unknown_bucket_sends_and_an_exhausted_one_waits_for_its_reset() {
    let mut b = Bucket::default();
    assert_eq!(b.decide(at(T0), None, None), Decision::Send);
    assert_eq!(b.in_flight, 1);
    assert_eq!(
        answer(&mut b, at(T0), OK, &okta_headers(10, 0, 5, 0)),
        Pace::Nothing
    );
    assert_eq!(b.in_flight, 0);
    // Reported exhausted: held until the reset, whatever the share.
    for share in [None, Some(100), Some(10)] {
        assert_eq!(
            b.decide(at(T0 + 1), None, share),
            Decision::WaitUntil(at(T0 + 5)),
            "{share:?}"
        );
    }
    // At the reset the next window starts.
    assert_eq!(b.decide(at(T0 + 5), None, None), Decision::Send);
}

#[test]
fn without_pacing_only_the_servers_count_holds_requests_back() {
    let mut b = Bucket::default();
    b.decide(at(T0), None, None);
    answer(&mut b, at(T0), OK, &okta_headers(10, 9, 5, 0));
    // Ten more than the server has left go out: only a reported exhaustion
    // (or a 429) stops them.
    for _ in 0..12 {
        assert_eq!(b.decide(at(T0), None, None), Decision::Send);
    }
}

#[test]
fn with_pacing_the_share_counts_requests_in_flight() {
    let mut b = Bucket::default();
    b.decide(at(T0), None, Some(50));
    answer(&mut b, at(T0), OK, &okta_headers(10, 9, 5, 0));
    // The server counted 1; four more make 5 of 10 (50 %), none answered.
    for _ in 0..4 {
        assert_eq!(b.decide(at(T0 + 1), None, Some(50)), Decision::Send);
    }
    assert_eq!(b.in_flight, 4);
    assert_eq!(
        b.decide(at(T0 + 1), None, Some(50)),
        Decision::WaitUntil(at(T0 + 5))
    );
    // Other clients' use counts too: the server reports 8 used.
    let mut b = Bucket::default();
    b.decide(at(T0), None, Some(50));
    answer(&mut b, at(T0), OK, &okta_headers(10, 2, 5, 0));
    assert_eq!(
        b.decide(at(T0), None, Some(50)),
        Decision::WaitUntil(at(T0 + 5))
    );
}

#[test]
fn a_new_window_counts_what_was_sent_before_its_reset_was_known() {
    let mut b = Bucket::default();
    b.decide(at(T0), None, Some(50));
    answer(&mut b, at(T0), OK, &okta_headers(10, 0, 5, 0));
    // After the reset: 5 of the last known limit go out, then the rest
    // wait for an answer naming the new window.
    for _ in 0..5 {
        assert_eq!(b.decide(at(T0 + 5), None, Some(50)), Decision::Send);
    }
    assert_eq!(
        b.decide(at(T0 + 5), None, Some(50)),
        Decision::WaitForChange
    );
    // The answer: the new window, the 5 sent counted against it.
    answer(&mut b, at(T0 + 5), OK, &okta_headers(10, 9, 10, 5));
    assert_eq!(
        b.decide(at(T0 + 6), None, Some(50)),
        Decision::WaitUntil(at(T0 + 10))
    );
}

#[test]
fn requests_that_got_no_answer_do_not_hold_the_others_forever() {
    let mut b = Bucket::default();
    b.decide(at(T0), None, Some(50));
    answer(&mut b, at(T0), OK, &okta_headers(10, 0, 5, 0));
    for _ in 0..5 {
        b.decide(at(T0 + 5), None, Some(50));
    }
    assert_eq!(
        b.decide(at(T0 + 5), None, Some(50)),
        Decision::WaitForChange
    );
    // All five failed without an answer (their permits were released).
    b.in_flight = 0;
    assert_eq!(b.decide(at(T0 + 5), None, Some(50)), Decision::Send);
}

#[test]
fn answers_of_an_earlier_window_are_stale() {
    let mut b = Bucket::default();
    b.decide(at(T0), None, None);
    answer(&mut b, at(T0), OK, &okta_headers(10, 5, 10, 0));
    // A late answer of the window before says it was exhausted: ignored.
    b.decide(at(T0), None, None);
    answer(&mut b, at(T0), OK, &okta_headers(10, 0, 5, 0));
    assert_eq!(b.decide(at(T0 + 1), None, None), Decision::Send);
    // A straggler of a window that has ended does not reopen it.
    let mut b = Bucket::default();
    b.decide(at(T0), None, None);
    answer(&mut b, at(T0), OK, &okta_headers(10, 3, 5, 0));
    assert_eq!(b.decide(at(T0 + 5), None, None), Decision::Send);
    answer(&mut b, at(T0 + 5), OK, &okta_headers(10, 0, 5, 4));
    assert_eq!(b.decide(at(T0 + 5), None, None), Decision::Send);
}

#[test]
fn a_window_429_names_the_reset_to_wait_for() {
    let mut b = Bucket::default();
    b.decide(at(T0), None, None);
    answer(&mut b, at(T0), OK, &okta_headers(10, 4, 5, 0));
    b.decide(at(T0), None, None);
    // Another client used the window up: remaining 0, same reset.
    let pace = answer(&mut b, at(T0 + 1), LIMITED, &okta_headers(10, 0, 5, 1));
    assert_eq!(pace, Pace::RateLimited { until: at(T0 + 5) });
    assert_eq!(b.cap.map(|c| c.most), None, "not the concurrency limit");
    assert_eq!(
        b.decide(at(T0 + 2), None, None),
        Decision::WaitUntil(at(T0 + 5))
    );
}

#[test]
fn a_concurrency_429_caps_requests_in_flight_until_its_reset() {
    let mut b = Bucket::default();
    for _ in 0..4 {
        assert_eq!(b.decide(at(T0), None, None), Decision::Send);
    }
    // Refused with capacity left in the window, reset a minute ahead.
    let pace = answer(&mut b, at(T0), LIMITED, &okta_headers(100, 97, 60, 0));
    assert_eq!(pace, Pace::Concurrency);
    assert_eq!(b.cap.map(|c| c.most), Some(3));
    // Three still in flight: the fourth waits for one of them, not a minute.
    assert_eq!(b.decide(at(T0), None, None), Decision::WaitForChange);
    answer(&mut b, at(T0), OK, &okta_headers(100, 96, 60, 0));
    assert_eq!(b.decide(at(T0), None, None), Decision::Send);
    assert_eq!(b.decide(at(T0 + 1), None, None), Decision::WaitForChange);
    // The window itself is untouched by the refusal.
    assert_eq!(b.current.as_ref().map(|w| w.remaining), Some(96));
    // Three answers at cap 3 raise it to 4.
    answer(&mut b, at(T0 + 1), OK, &okta_headers(100, 95, 60, 1));
    answer(&mut b, at(T0 + 1), OK, &okta_headers(100, 94, 60, 1));
    assert_eq!(b.cap.map(|c| c.most), Some(4));
    // The cap ends at the reset the 429 named.
    assert_eq!(b.decide(at(T0 + 60), None, None), Decision::Send);
    assert!(b.cap.is_none());
}

#[test]
fn a_429_with_a_reset_beyond_a_window_with_capacity_is_the_concurrency_limit() {
    let mut b = Bucket::default();
    b.decide(at(T0), None, None);
    b.decide(at(T0), None, None);
    answer(&mut b, at(T0), OK, &okta_headers(100, 50, 60, 0));
    let pace = answer(&mut b, at(T0), LIMITED, &okta_headers(100, 0, 120, 0));
    assert_eq!(pace, Pace::Concurrency);
    assert_eq!(b.current.as_ref().map(|w| w.reset), Some(at(T0 + 60)));
}

#[test]
fn the_server_clock_is_bounded_by_each_date() {
    // (send ms, receive ms, Date s): the local clock in ms after T0 = 0.
    struct Case {
        name: &'static str,
        samples: &'static [(u64, u64, u64)],
        skew_ms: Option<i128>,
    }
    let cases = [
        Case {
            name: "dates agreeing with the local clock: no correction",
            samples: &[(400, 410, 0), (900, 910, 0), (1_300, 1_310, 1)],
            skew_ms: None,
        },
        Case {
            name: "server 30 s ahead",
            samples: &[(0, 10, 30)],
            skew_ms: Some(29_990),
        },
        Case {
            name: "server 30 s ahead, narrowed by a later sample",
            samples: &[(0, 10, 30), (700, 710, 30), (2_100, 2_110, 32)],
            skew_ms: Some(29_990),
        },
        Case {
            name: "server 2.5 s behind",
            samples: &[(5_000, 5_010, 2), (5_600, 5_610, 3)],
            skew_ms: Some(-2_610),
        },
        Case {
            name: "the local clock was set back 60 s: start again",
            samples: &[(0, 10, 0), (0, 10, 60)],
            skew_ms: Some(59_990),
        },
    ];
    for case in cases {
        let mut skew = Skew::default();
        for (sent, received, date) in case.samples {
            let d = nanos(at(T0 + date));
            let sent = nanos(at_ms(T0 * 1000 + sent));
            let received = nanos(at_ms(T0 * 1000 + received));
            skew.narrow(Some(d - received), Some(d + DATE_RESOLUTION - sent));
        }
        assert_eq!(
            skew.estimate().map(|n| n / 1_000_000),
            case.skew_ms,
            "{}: {skew:?}",
            case.name
        );
    }
}

#[test]
fn a_429_after_the_local_reset_shows_the_local_clock_ahead() {
    let mut state = State::default();
    // Agreeing so far: no correction.
    state.learn_skew(
        at_ms(T0 * 1000 + 500),
        at_ms(T0 * 1000 + 510),
        OK,
        &okta_headers(10, 5, 5, 0),
    );
    assert_eq!(state.skew.estimate(), None);
    // Sent 100 ms after the local reset, refused for that window: the
    // server was still before its reset, so the local clock is ahead.
    state.learn_skew(
        at_ms((T0 + 5) * 1000 + 100),
        at_ms((T0 + 5) * 1000 + 110),
        LIMITED,
        &okta_headers(10, 0, 5, 4),
    );
    let skew = state.skew.estimate().expect("a correction");
    assert_eq!(skew / 1_000_000, -510);
    assert!(
        local(at(T0 + 5), Some(skew)) > at(T0 + 5),
        "the next reset waits longer"
    );
}

#[test]
fn the_skew_moves_the_reset_to_the_local_clock() {
    let skew = Some(30 * DATE_RESOLUTION);
    assert_eq!(local(at(T0 + 70), skew), at(T0 + 40));
    assert_eq!(local(at(T0 + 70), Some(-5 * DATE_RESOLUTION)), at(T0 + 75));
    assert_eq!(local(at(T0), None), at(T0));
    // Absurd skews saturate instead of overflowing.
    assert!(local(at(10), Some(i128::MAX)) <= at(10));
    assert!(local(at(10), Some(i128::MIN)) >= at(10));
}

#[test]
fn the_retry_wait_follows_what_the_response_taught() {
    let policy = RetryPolicy::with_max_retries(2).jitter(Duration::ZERO);
    let now = at(T0);
    let after = Retryable::After(Duration::from_secs(31));
    let cases = [
        (
            Pace::RateLimited { until: at(T0 + 30) },
            after,
            1,
            Some(Duration::from_secs(30)),
        ),
        // The reset already passed here: the classifier's own wait.
        (
            Pace::RateLimited { until: at(T0) },
            after,
            1,
            Some(Duration::from_secs(31)),
        ),
        // A reset too far away for the policy ends the call.
        (
            Pace::RateLimited {
                until: at(T0 + 3600),
            },
            after,
            1,
            None,
        ),
        (Pace::Concurrency, after, 1, Some(Duration::from_secs(1))),
        (Pace::Concurrency, after, 2, Some(Duration::from_secs(2))),
        (Pace::Concurrency, after, 3, None),
        (
            Pace::RateLimited { until: at(T0 + 30) },
            Retryable::No,
            1,
            None,
        ),
        (
            Pace::Nothing,
            Retryable::Backoff,
            1,
            Some(Duration::from_secs(1)),
        ),
    ];
    for (pace, verdict, retry, wait) in cases {
        assert_eq!(
            pace.wait_before(&policy, verdict, retry, now),
            wait,
            "{pace:?} {verdict:?} retry {retry}"
        );
    }
}

#[tokio::test]
async fn admit_sleeps_through_the_clock_and_respects_the_deadline() {
    let pacer = Pacer::new(None, Duration::ZERO);
    let clock = ManualClock::new(at(T0));
    let permit = pacer.admit("b", &clock, None, MAX_WAIT).await.unwrap();
    permit.record(at(T0), OK, &okta_headers(10, 0, 20, 0));
    // A deadline before the reset: no wait at all.
    assert!(pacer
        .admit("b", &clock, Some(at(T0 + 19)), MAX_WAIT)
        .await
        .is_err());
    assert_eq!(clock.now(), at(T0));
    let permit = pacer
        .admit("b", &clock, Some(at(T0 + 21)), MAX_WAIT)
        .await
        .unwrap();
    assert_eq!(clock.now(), at(T0 + 20), "slept until the reset");
    permit.release();
    let state = pacer.snapshot(clock.now());
    assert_eq!(state.len(), 1);
    assert_eq!(
        (
            state[0].bucket.as_str(),
            state[0].limit,
            state[0].remaining,
            state[0].in_flight
        ),
        ("b", 10, 10, 0),
        "the window has reset: the whole limit is left"
    );
}

#[tokio::test]
async fn a_reset_beyond_the_longest_wait_is_not_waited_for() {
    let pacer = Pacer::new(Some(100), Duration::ZERO);
    let clock = ManualClock::new(at(T0));
    let permit = pacer.admit("b", &clock, None, MAX_WAIT).await.unwrap();
    // An hourly bucket, used up.
    permit.record(at(T0), OK, &okta_headers(1000, 0, 3600, 0));
    let permit = pacer.admit("b", &clock, None, MAX_WAIT).await.unwrap();
    assert_eq!(
        clock.now(),
        at(T0),
        "sent at once: the server's 429 answers"
    );
    assert_eq!(pacer.snapshot(clock.now())[0].in_flight, 1);
    drop(permit);
    // Within the longest wait it is waited for.
    let permit = pacer
        .admit("b", &clock, None, Duration::from_secs(3600))
        .await
        .unwrap();
    assert_eq!(clock.now(), at(T0 + 3600));
    drop(permit);
}

#[tokio::test]
async fn a_dropped_permit_frees_its_slot() {
    let pacer = Pacer::new(Some(100), Duration::ZERO);
    let clock = ManualClock::new(at(T0));
    let first = pacer.admit("b", &clock, None, MAX_WAIT).await.unwrap();
    first.record(at(T0), OK, &okta_headers(10, 9, 60, 0));
    let in_flight = || pacer.lock().buckets["b"].in_flight;
    let permit = pacer.admit("b", &clock, None, MAX_WAIT).await.unwrap();
    assert_eq!(in_flight(), 1);
    drop(permit);
    assert_eq!(in_flight(), 0, "a cancelled call is no longer in flight");
}

#[test]
fn idle_buckets_are_forgotten_beyond_the_bound() {
    let mut state = State::default();
    for i in 0..MAX_BUCKETS + 10 {
        state.bucket(&format!("GET /x{i}"));
    }
    assert!(
        state.buckets.len() <= MAX_BUCKETS,
        "{}",
        state.buckets.len()
    );
    // One in flight is never forgotten.
    state.bucket("busy").in_flight = 1;
    for i in 0..MAX_BUCKETS + 10 {
        state.bucket(&format!("GET /y{i}"));
    }
    assert!(state.buckets.contains_key("busy"));
}
