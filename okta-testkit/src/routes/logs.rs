//! `GET /api/v1/logs`: the System Log. A bounded query (`until` given)
//! pages to its end; a polling query (`since` without `until`, or neither)
//! always has a `next` link, through which new events arrive later.

use serde_json::Value;

use super::Ctx;
use crate::errors;
use crate::filter;
use crate::paging;
use crate::time;
use crate::wire::{Reply, Req};

/// `GET /api/v1/logs?since=&until=&filter=&q=&sortOrder=&limit=&after=`.
pub(crate) fn list(ctx: &mut Ctx, req: &Req) -> Reply {
    let bound = |name: &str| -> Result<Option<String>, Reply> {
        match req.param(name) {
            None | Some("") => Ok(None),
            Some(text) => time::normalize(text).map(Some).ok_or_else(|| {
                errors::validation(name, &[&format!("{name}: not an ISO 8601 timestamp")])
            }),
        }
    };
    let (since, until) = match (bound("since"), bound("until")) {
        (Ok(s), Ok(u)) => (s, u),
        (Err(reply), _) | (_, Err(reply)) => return reply,
    };
    let expr = match req.param("filter") {
        Some(text) if !text.trim().is_empty() => match filter::parse(text) {
            Ok(expr) => Some(expr),
            Err(why) => return errors::validation("filter", &[&format!("filter: {why}")]),
        },
        _ => None,
    };
    let q: Vec<String> = req
        .param("q")
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let descending = req.param("sortOrder") == Some("DESCENDING");
    let mut items: Vec<(u64, Value)> = ctx
        .st
        .logs
        .entries()
        .filter(|(_, e)| {
            let published = e["published"].as_str().unwrap_or_default();
            since.as_deref().is_none_or(|s| published >= s)
                && until.as_deref().is_none_or(|u| published < u)
        })
        .filter(|(_, e)| expr.as_ref().is_none_or(|x| x.matches(e)))
        .filter(|(_, e)| {
            let text = e.to_string().to_lowercase();
            q.iter().all(|word| text.contains(word.as_str()))
        })
        .map(|(seq, e)| (seq, e.clone()))
        .collect();
    let polling = until.is_none() && !descending;
    if descending {
        // Cursors of a descending query count down: reverse the sequence.
        items.reverse();
        items = items
            .into_iter()
            .map(|(seq, e)| (u64::MAX - seq, e))
            .collect();
    }
    let newest = ctx
        .st
        .logs
        .entries()
        .last()
        .map(|(seq, _)| seq)
        .unwrap_or(0);
    paging::page(ctx, req, items, paging::LOGS, polling.then_some(newest))
}
