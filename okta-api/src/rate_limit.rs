//! Rate-limit state and other response-header helpers.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{HeaderMap, DATE};

/// Latest reset time kept, in seconds after the Unix epoch (about the year
/// 2514): a later `X-Rate-Limit-Reset` is clamped to it, so that no value a
/// server sends can overflow a time computation.
const MAX_RESET_SECS: u64 = 1 << 34;

/// Name of the header carrying Okta's request id.
pub const REQUEST_ID_HEADER: &str = "x-okta-request-id";
/// Name of the header carrying the request limit of the current window.
pub const RATE_LIMIT_LIMIT_HEADER: &str = "x-rate-limit-limit";
/// Name of the header carrying the requests left in the current window.
pub const RATE_LIMIT_REMAINING_HEADER: &str = "x-rate-limit-remaining";
/// Name of the header carrying the end of the current window (Unix seconds).
pub const RATE_LIMIT_RESET_HEADER: &str = "x-rate-limit-reset";

/// Rate-limit state reported by Okta on a response.
///
/// Read from the `X-Rate-Limit-Limit`, `X-Rate-Limit-Remaining` and
/// `X-Rate-Limit-Reset` headers. When a header is repeated (Okta may report
/// several limits that apply to one endpoint) the most restrictive value, the
/// smallest, is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RateLimit {
    /// Requests allowed in the current window.
    pub limit: u64,
    /// Requests left in the current window.
    pub remaining: u64,
    /// When the current window ends (a value beyond the year 2514 is clamped
    /// to it).
    pub reset: SystemTime,
}

impl RateLimit {
    /// Reads the rate-limit state from response headers; `None` unless all
    /// three headers are present and numeric.
    pub fn from_headers(headers: &HeaderMap) -> Option<RateLimit> {
        Some(RateLimit {
            limit: min_u64(headers, RATE_LIMIT_LIMIT_HEADER)?,
            remaining: min_u64(headers, RATE_LIMIT_REMAINING_HEADER)?,
            reset: reset_of(headers)?,
        })
    }

    /// The reset time as seconds since the Unix epoch.
    pub fn reset_epoch_seconds(&self) -> u64 {
        self.reset
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    }
}

/// The `X-Okta-Request-Id` of a response, if present.
pub fn request_id_of(headers: &HeaderMap) -> Option<String> {
    headers
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// The earliest `X-Rate-Limit-Reset` of a response (repeated headers and
/// comma-separated values are all considered), clamped to about the year 2514.
pub(crate) fn reset_of(headers: &HeaderMap) -> Option<SystemTime> {
    min_u64(headers, RATE_LIMIT_RESET_HEADER).map(|secs| {
        UNIX_EPOCH
            .checked_add(Duration::from_secs(secs.min(MAX_RESET_SECS)))
            .unwrap_or(UNIX_EPOCH)
    })
}

/// The `Date` of a response.
pub(crate) fn date_of(headers: &HeaderMap) -> Option<SystemTime> {
    headers
        .get(DATE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v.trim()).ok())
}

fn min_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|v| v.trim().parse::<u64>().ok())
        .min()
}
