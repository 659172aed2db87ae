//! Rate limits: one counter per bucket and window, the `X-Rate-Limit-*`
//! values of every response, and injected `429`s.

use std::time::SystemTime;

use crate::errors;
use crate::org::Settings;
use crate::state::{State, Window};
use crate::time::unix_seconds;
use crate::wire::Reply;

/// The values of `X-Rate-Limit-Limit`, `-Remaining` and `-Reset`.
pub(crate) struct RateHeaders {
    pub limit: u32,
    pub remaining: u32,
    /// Unix seconds at which the window resets.
    pub reset: u64,
}

/// The bucket of a path: its API collection (`/api/v1/users`, ...), as
/// Okta's limits are per endpoint family; everything else is one bucket per
/// first segment (`/oauth2`).
pub(crate) fn bucket(path: &str) -> String {
    let mut segments = path.trim_start_matches('/').split('/');
    match (segments.next(), segments.next(), segments.next()) {
        (Some("api"), Some(version), Some(collection)) => format!("/api/{version}/{collection}"),
        (Some(first), _, _) => format!("/{first}"),
        _ => "/".to_owned(),
    }
}

/// Counts one request against `bucket` and says whether it is refused: an
/// injected `429` first, then the window's limit.
pub(crate) fn count(
    state: &mut State,
    settings: &Settings,
    bucket: &str,
    now: SystemTime,
) -> (RateHeaders, Option<Reply>) {
    let secs = unix_seconds(now);
    let start = secs - secs % settings.window_secs;
    let window = state
        .windows
        .entry(bucket.to_owned())
        .or_insert(Window { start, used: 0 });
    if window.start != start {
        *window = Window { start, used: 0 };
    }
    let reset = start + settings.window_secs;
    if state.inject_429 > 0 {
        state.inject_429 -= 1;
        // Reset one second after `Date`, so clients wait as briefly as a
        // real rate limit can make them.
        let headers = RateHeaders {
            limit: settings.rate_limit,
            remaining: 0,
            reset: secs + 1,
        };
        return (headers, Some(errors::rate_limited()));
    }
    if window.used >= settings.rate_limit {
        let headers = RateHeaders {
            limit: settings.rate_limit,
            remaining: 0,
            reset,
        };
        return (headers, Some(errors::rate_limited()));
    }
    window.used += 1;
    let headers = RateHeaders {
        limit: settings.rate_limit,
        remaining: settings.rate_limit - window.used,
        reset,
    };
    (headers, None)
}
