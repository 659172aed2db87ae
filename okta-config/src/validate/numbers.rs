//! Whole-number settings (timeouts, retries, the rate-limit share, cache
//! lifetimes, the renewal offset), each within the bounds of its row in the settings table.

use std::time::Duration;

use super::Checker;
use crate::settings::{self, defaults, keys, IntRule, Unit};
use crate::values;

/// The checked numbers, as the types of [`OktaConfig`](crate::OktaConfig).
pub(super) struct Numbers {
    pub connection_timeout: Duration,
    pub request_timeout: Option<Duration>,
    pub max_retries: u32,
    pub max_capacity: Option<u8>,
    pub cache_ttl: Duration,
    pub cache_tti: Duration,
    pub renewal_offset: Duration,
}

/// Checks every number; `None` when one of them was reported.
pub(super) fn check(c: &mut Checker<'_>) -> Option<Numbers> {
    let connection_timeout = duration(c, keys::CONNECTION_TIMEOUT, defaults::CONNECTION_TIMEOUT);
    let request_timeout = match bounded(c, keys::REQUEST_TIMEOUT) {
        Bounded::Unset => Some(defaults::REQUEST_TIMEOUT),
        Bounded::Value(0) => Some(None),
        Bounded::Value(secs) => Some(Some(Duration::from_secs(secs))),
        Bounded::Invalid => None,
    };
    let max_retries = match bounded(c, keys::MAX_RETRIES) {
        Bounded::Unset => Some(defaults::MAX_RETRIES),
        Bounded::Value(n) => u32::try_from(n).ok().or_else(|| {
            too_large(c, keys::MAX_RETRIES);
            None
        }),
        Bounded::Invalid => None,
    };
    // Unset: no pacing.
    let max_capacity = match bounded(c, keys::MAX_CAPACITY) {
        Bounded::Unset => Some(None),
        Bounded::Value(n) => u8::try_from(n).ok().map(Some).or_else(|| {
            too_large(c, keys::MAX_CAPACITY);
            None
        }),
        Bounded::Invalid => None,
    };
    let cache_ttl = duration(c, keys::CACHE_DEFAULT_TTL, defaults::CACHE_DEFAULT_TTL);
    let cache_tti = duration(c, keys::CACHE_DEFAULT_TTI, defaults::CACHE_DEFAULT_TTI);
    let renewal_offset = duration(
        c,
        keys::OAUTH_TOKEN_RENEWAL_OFFSET,
        defaults::OAUTH_TOKEN_RENEWAL_OFFSET,
    );
    Some(Numbers {
        connection_timeout: connection_timeout?,
        request_timeout: request_timeout?,
        max_retries: max_retries?,
        max_capacity: max_capacity?,
        cache_ttl: cache_ttl?,
        cache_tti: cache_tti?,
        renewal_offset: renewal_offset?,
    })
}

/// The proxy port, within its bounds.
pub(super) fn port(c: &mut Checker<'_>) -> Option<u16> {
    match bounded(c, keys::PROXY_PORT) {
        Bounded::Value(p) => u16::try_from(p).ok().or_else(|| {
            too_large(c, keys::PROXY_PORT);
            None
        }),
        Bounded::Unset | Bounded::Invalid => None,
    }
}

/// A number checked against its bounds.
enum Bounded {
    /// Not set (or unreadable, already reported).
    Unset,
    /// Within bounds.
    Value(u64),
    /// Out of bounds, reported.
    Invalid,
}

/// A duration setting in its table unit; `default` when unset.
fn duration(c: &mut Checker<'_>, key: &'static str, default: Duration) -> Option<Duration> {
    match bounded(c, key) {
        Bounded::Unset => Some(default),
        Bounded::Value(n) => {
            let unit = settings::setting_for(key)
                .and_then(|s| s.int)
                .map_or(Unit::Seconds, |r| r.unit);
            let d = unit.duration(n);
            if d.is_none() {
                too_large(c, key);
            }
            d
        }
        Bounded::Invalid => None,
    }
}

/// Reports a value the table's bounds let through but the target type
/// cannot hold (only if the table and the types disagree).
fn too_large(c: &mut Checker<'_>, key: &'static str) {
    let source = c.source(key);
    c.issue(source, key, values::too_big_message(key));
}

/// Reads `key` and checks it against the bounds of its table row.
fn bounded(c: &mut Checker<'_>, key: &'static str) -> Bounded {
    let Some((value, source)) = c.int(key) else {
        return Bounded::Unset;
    };
    let source = source.clone();
    let Some(rule) = settings::setting_for(key).and_then(|s| s.int) else {
        c.issue(
            Some(source),
            key,
            "this setting takes no number. Remove it.",
        );
        return Bounded::Invalid;
    };
    match out_of_bounds(key, value, &rule) {
        None => u64::try_from(value).map_or_else(
            |_| {
                too_large(c, key);
                Bounded::Invalid
            },
            Bounded::Value,
        ),
        Some(message) => {
            c.issue(Some(source), key, message);
            Bounded::Invalid
        }
    }
}

/// What is wrong with `value`, and the fix; `None` when it is within bounds.
pub(crate) fn out_of_bounds(key: &str, value: i128, rule: &IntRule) -> Option<String> {
    let (min, max) = (i128::from(rule.min), i128::from(rule.max));
    let name = settings::short_key(key);
    let problem = if value < 0 && min >= 0 {
        format!("{name} must not be negative (found {value}).")
    } else if value < min {
        format!(
            "{name} must be at least {} (found {value}).",
            rule.unit.count(min)
        )
    } else if value > max {
        format!(
            "{name} must be at most {}{} (found {value}).",
            rule.unit.count(max),
            in_days(rule.unit, rule.max)
        )
    } else {
        return None;
    };
    Some(format!("{problem} {}", advice(rule)))
}

/// " (1 day)" when `max` of `unit` is a whole number of days.
fn in_days(unit: Unit, max: i64) -> String {
    let secs = match unit {
        Unit::Seconds => max,
        Unit::Minutes => max.saturating_mul(60),
        Unit::Retries | Unit::Port | Unit::Percent => return String::new(),
    };
    match secs / 86_400 {
        n if n >= 1 && secs % 86_400 == 0 => {
            format!(" ({n} day{})", if n == 1 { "" } else { "s" })
        }
        _ => String::new(),
    }
}

/// How to fix an out-of-bounds value.
fn advice(rule: &IntRule) -> String {
    let zero = rule
        .zero_means
        .map(|m| format!("; 0 means {m}"))
        .unwrap_or_default();
    match rule.unit {
        Unit::Port => format!(
            "Use the port your proxy listens on ({}-{}), e.g. {}.",
            rule.min, rule.max, rule.example
        ),
        Unit::Percent => format!(
            "Use a percentage from {} to {}, e.g. {}, or leave it unset for no pacing.",
            rule.min, rule.max, rule.example
        ),
        unit => format!(
            "Use a number of {} from {} to {}{zero}, e.g. {}.",
            unit.plural(),
            rule.min,
            rule.max,
            rule.example
        ),
    }
}
