//! Pages of a list: `limit`, opaque `after` cursors (sequence numbers of the
//! underlying collection) and `Link` headers with absolute URLs on the
//! fake's origin.

use hyper::header::LINK;
use serde_json::Value;

use crate::errors;
use crate::routes::Ctx;
use crate::wire::{Reply, Req};

/// The page sizes of one kind of list: Okta's default and maximum.
#[derive(Clone, Copy)]
pub(crate) struct Limits {
    pub default: usize,
    pub max: usize,
}

/// Users: default and maximum 200.
pub(crate) const USERS: Limits = Limits {
    default: 200,
    max: 200,
};
/// Groups: default 10,000.
pub(crate) const GROUPS: Limits = Limits {
    default: 10_000,
    max: 10_000,
};
/// Apps: default 20, maximum 200.
pub(crate) const APPS: Limits = Limits {
    default: 20,
    max: 200,
};
/// App user and group assignments: default 50, maximum 500.
pub(crate) const ASSIGNMENTS: Limits = Limits {
    default: 50,
    max: 500,
};
/// System Log events: default 100, maximum 1,000.
pub(crate) const LOGS: Limits = Limits {
    default: 100,
    max: 1_000,
};

/// Reads `limit` and `after`; a malformed value is a validation error.
pub(crate) fn params(ctx: &Ctx, req: &Req, limits: Limits) -> Result<(usize, Option<u64>), Reply> {
    let limit = match req.param("limit") {
        None | Some("") => ctx.default_limit(limits.default).min(limits.max),
        Some(text) => match text.parse::<usize>() {
            Ok(0) | Err(_) => {
                return Err(errors::validation(
                    "limit",
                    &["limit: must be a positive integer"],
                ))
            }
            Ok(n) => n.min(limits.max),
        },
    };
    let after = match req.param("after") {
        None | Some("") => None,
        Some(text) => match text.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                return Err(errors::validation(
                    "after",
                    &["after: not a cursor this org issued"],
                ))
            }
        },
    };
    Ok((limit, after))
}

/// One page of `items` (cursor, object; in cursor order) with its `Link`
/// header: `self` always, `next` when more items follow, or always in a
/// polling query (the System Log's `since` without `until` never ends):
/// `polling` is then the cursor of the newest object, where the next poll
/// continues when this page is empty.
pub(crate) fn page(
    ctx: &Ctx,
    req: &Req,
    items: Vec<(u64, Value)>,
    limits: Limits,
    polling: Option<u64>,
) -> Reply {
    let (limit, after) = match params(ctx, req, limits) {
        Ok(p) => p,
        Err(reply) => return reply,
    };
    let mut rest = items
        .into_iter()
        .filter(|(seq, _)| after.is_none_or(|a| *seq > a))
        .peekable();
    let mut page = Vec::new();
    let mut last = after;
    while page.len() < limit {
        match rest.next() {
            Some((seq, value)) => {
                last = Some(seq);
                page.push(value);
            }
            None => break,
        }
    }
    let more = rest.peek().is_some();
    let mut reply = Reply::ok(Value::Array(page));
    reply = reply.header(
        LINK,
        &format!("<{}>; rel=\"self\"", url(ctx, req, None, limit)),
    );
    if more || polling.is_some() {
        let cursor = last.or(polling).map(|c| c.to_string()).unwrap_or_default();
        reply = reply.header(
            LINK,
            &format!("<{}>; rel=\"next\"", url(ctx, req, Some(&cursor), limit)),
        );
    }
    reply
}

/// The request's URL on the fake's origin with `after` replaced (or kept).
fn url(ctx: &Ctx, req: &Req, after: Option<&str>, limit: usize) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    let mut wrote_limit = false;
    for (k, v) in &req.query {
        match k.as_str() {
            "after" if after.is_some() => {}
            "limit" => {
                wrote_limit = true;
                query.append_pair(k, v);
            }
            _ => {
                query.append_pair(k, v);
            }
        }
    }
    if after.is_some() && !wrote_limit {
        query.append_pair("limit", &limit.to_string());
    }
    if let Some(after) = after.filter(|a| !a.is_empty()) {
        query.append_pair("after", after);
    }
    let query = query.finish();
    if query.is_empty() {
        ctx.href(&req.path)
    } else {
        format!("{}?{query}", ctx.href(&req.path))
    }
}
