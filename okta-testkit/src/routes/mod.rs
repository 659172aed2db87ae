//! The router: which handler answers a method and path, after the
//! credentials and scopes of `/api/v1` requests are checked.

use std::time::SystemTime;

use hyper::Method;
use percent_encoding::percent_decode_str;
use serde_json::{json, Value};

use crate::errors;
use crate::org::Settings;
use crate::state::State;
use crate::time;
use crate::wire::{Reply, Req};

pub(crate) mod apps;
mod auth;
mod factors;
mod groups;
mod logs;
mod oauth;
mod users;

/// What a handler works with: the locked state and the request's context.
pub(crate) struct Ctx<'a> {
    pub st: &'a mut State,
    pub origin: &'a str,
    pub api_token: &'a str,
    pub now: SystemTime,
    pub settings: &'a Settings,
}

impl Ctx<'_> {
    /// The current time in Okta's format.
    pub fn ts(&self) -> String {
        time::timestamp(self.now)
    }

    /// An absolute URL on the fake's origin.
    pub fn href(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// The page size of a list without `limit`: the builder's, or Okta's.
    pub fn default_limit(&self, okta_default: usize) -> usize {
        self.settings.page_limit_default.unwrap_or(okta_default)
    }

    /// Appends a System Log event for a successful write.
    pub fn log(&mut self, actor: &Value, event_type: &str, message: &str, targets: Vec<Value>) {
        let uuid = self.st.ids.token();
        let event = json!({
            "uuid": uuid,
            "published": self.ts(),
            "eventType": event_type,
            "version": "0",
            "displayMessage": message,
            "severity": "INFO",
            "legacyEventType": null,
            "actor": actor,
            "client": {
                "userAgent": null,
                "zone": "null",
                "device": "Unknown",
                "id": null,
                "ipAddress": "127.0.0.1",
                "geographicalContext": null,
            },
            "outcome": { "result": "SUCCESS", "reason": null },
            "target": targets,
            "transaction": { "type": "WEB", "id": self.st.ids.token(), "detail": {} },
            "debugContext": { "debugData": {} },
            "authenticationContext": {
                "authenticationStep": 0,
                "externalSessionId": null,
            },
            "securityContext": {},
            "request": { "ipChain": [] },
        });
        self.st.logs.put(&uuid, event);
    }
}

/// A log target for an object.
pub(crate) fn target(kind: &str, id: &str, alternate_id: &str, display_name: &str) -> Value {
    json!({
        "id": id,
        "type": kind,
        "alternateId": alternate_id,
        "displayName": display_name,
        "detailEntry": null,
    })
}

/// Answers one request.
pub(crate) fn handle(ctx: &mut Ctx, req: &Req) -> Reply {
    let decoded: Vec<String> = req
        .path
        .trim_matches('/')
        .split('/')
        .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
        .collect();
    let segments: Vec<&str> = decoded.iter().map(String::as_str).collect();
    match segments.as_slice() {
        ["oauth2", "v1", "token"] => {
            if req.method == Method::POST {
                oauth::token(ctx, req)
            } else {
                errors::method_not_allowed()
            }
        }
        ["api", "v1", rest @ ..] => {
            let actor = match auth::authorize(ctx, req, rest) {
                Ok(actor) => actor,
                Err(reply) => return reply,
            };
            api(ctx, req, rest, &actor)
        }
        _ => errors::not_found(&req.path, "Resource"),
    }
}

/// The `/api/v1` routes (`rest` is the path after `/api/v1`).
fn api(ctx: &mut Ctx, req: &Req, rest: &[&str], actor: &Value) -> Reply {
    let m = &req.method;
    match rest {
        ["users"] if m == Method::GET => users::list(ctx, req),
        ["users"] if m == Method::POST => users::create(ctx, req, actor),
        ["users", id] if m == Method::GET => users::get(ctx, id),
        ["users", id] if m == Method::POST => users::update(ctx, req, actor, id, false),
        ["users", id] if m == Method::PUT => users::update(ctx, req, actor, id, true),
        ["users", id] if m == Method::DELETE => users::delete(ctx, actor, id),
        ["users", id, "lifecycle", op] if m == Method::POST => {
            users::lifecycle(ctx, req, actor, id, op)
        }
        ["users", id, "groups"] if m == Method::GET => groups::of_user(ctx, req, id),
        ["users", id, "factors"] if m == Method::GET => factors::list(ctx, id),
        ["users", id, "factors"] if m == Method::POST => factors::enroll(ctx, req, actor, id),
        ["users", id, "factors", "catalog"] if m == Method::GET => factors::catalog(ctx, id),
        ["users", id, "factors", "questions"] if m == Method::GET => factors::questions(ctx, id),
        ["users", id, "factors", fid] if m == Method::GET => factors::get(ctx, id, fid),
        ["users", id, "factors", fid] if m == Method::DELETE => {
            factors::unenroll(ctx, actor, id, fid)
        }
        ["users", id, "factors", fid, "lifecycle", "activate"] if m == Method::POST => {
            factors::activate(ctx, req, actor, id, fid)
        }
        ["users", id, "factors", fid, "verify"] if m == Method::POST => {
            factors::verify(ctx, req, actor, id, fid)
        }
        ["groups"] if m == Method::GET => groups::list(ctx, req),
        ["groups"] if m == Method::POST => groups::create(ctx, req, actor),
        ["groups", id] if m == Method::GET => groups::get(ctx, id),
        ["groups", id] if m == Method::PUT => groups::replace(ctx, req, actor, id),
        ["groups", id] if m == Method::DELETE => groups::delete(ctx, actor, id),
        ["groups", id, "users"] if m == Method::GET => groups::members(ctx, req, id),
        ["groups", gid, "users", uid] if m == Method::PUT => {
            groups::add_member(ctx, actor, gid, uid)
        }
        ["groups", gid, "users", uid] if m == Method::DELETE => {
            groups::remove_member(ctx, actor, gid, uid)
        }
        ["apps"] if m == Method::GET => apps::list(ctx, req),
        ["apps"] if m == Method::POST => apps::create(ctx, req, actor),
        ["apps", id] if m == Method::GET => apps::get(ctx, id),
        ["apps", id] if m == Method::PUT => apps::replace(ctx, req, actor, id),
        ["apps", id] if m == Method::DELETE => apps::delete(ctx, actor, id),
        ["apps", id, "lifecycle", op] if m == Method::POST => apps::lifecycle(ctx, actor, id, op),
        ["apps", id, "users"] if m == Method::GET => apps::list_users(ctx, req, id),
        ["apps", id, "users"] if m == Method::POST => apps::assign_user(ctx, req, actor, id, None),
        ["apps", id, "users", uid] if m == Method::GET => apps::get_user(ctx, id, uid),
        ["apps", id, "users", uid] if m == Method::POST => {
            apps::assign_user(ctx, req, actor, id, Some(uid))
        }
        ["apps", id, "users", uid] if m == Method::DELETE => {
            apps::unassign_user(ctx, actor, id, uid)
        }
        ["apps", id, "groups"] if m == Method::GET => apps::list_groups(ctx, req, id),
        ["apps", id, "groups", gid] if m == Method::GET => apps::get_group(ctx, id, gid),
        ["apps", id, "groups", gid] if m == Method::PUT => {
            apps::assign_group(ctx, req, actor, id, gid)
        }
        ["apps", id, "groups", gid] if m == Method::DELETE => {
            apps::unassign_group(ctx, actor, id, gid)
        }
        ["logs"] if m == Method::GET => logs::list(ctx, req),
        _ if known_collection(rest) => errors::method_not_allowed_or_missing(rest),
        _ => errors::not_found(&req.path, "Resource"),
    }
}

/// Whether the path is under a collection the fake serves (then an unknown
/// method or sub-path is `405`/`404` in Okta's shape).
fn known_collection(rest: &[&str]) -> bool {
    matches!(rest.first(), Some(&("users" | "groups" | "apps" | "logs")))
}
