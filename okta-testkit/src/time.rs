//! The fake's clock and the two time formats it writes: Okta's timestamps
//! (`2024-01-31T12:00:00.000Z`, which sort as text) and HTTP dates.

use std::time::{SystemTime, UNIX_EPOCH};

use okta::chrono::{DateTime, SecondsFormat, Utc};

/// `at` as a date, clamped to the range dates can show (a test clock may
/// stand anywhere; chrono's own conversion would panic outside its range).
fn date(at: SystemTime) -> DateTime<Utc> {
    let since = at.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = i64::try_from(since.as_secs()).unwrap_or(i64::MAX);
    DateTime::from_timestamp(secs, since.subsec_nanos()).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// `2024-01-31T12:00:00.000Z`.
pub(crate) fn timestamp(at: SystemTime) -> String {
    date(at).to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// An RFC 9110 date for the `Date` header.
pub(crate) fn http_date(at: SystemTime) -> String {
    date(at).format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// Whole seconds since the Unix epoch (0 before it).
pub(crate) fn unix_seconds(at: SystemTime) -> u64 {
    at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Parses an ISO 8601 timestamp as Okta accepts it in filters and `since`
/// (`Z` or an offset, with or without fractions) into the fake's own format,
/// so values compare as text.
pub(crate) fn normalize(text: &str) -> Option<String> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| {
        t.with_timezone(&Utc)
            .to_rfc3339_opts(SecondsFormat::Millis, true)
    })
}
