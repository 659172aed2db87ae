//! Complete objects from partial ones: the defaults Okta fills in for users
//! and groups (ids, status, timestamps, `type`, `credentials.provider`,
//! `_links`), shared by the API's create routes and the test-facing seeding.

use std::time::SystemTime;

use serde_json::{json, Map, Value};

use crate::state::State;
use crate::time;

/// The id of the org's default user type (one per fake org is enough).
pub(crate) const DEFAULT_USER_TYPE: &str = "oty1fakedefault0000";

/// The `_links` of a user in `status`: `self`, `type`, and the lifecycle
/// operations that status allows.
pub(crate) fn user_links(origin: &str, id: &str, status: &str) -> Value {
    let base = format!("{origin}/api/v1/users/{id}");
    let mut links = Map::new();
    links.insert("self".into(), json!({ "href": base }));
    links.insert(
        "type".into(),
        json!({ "href": format!("{origin}/api/v1/meta/types/user/{DEFAULT_USER_TYPE}") }),
    );
    let ops: &[&str] = match status {
        "STAGED" | "DEPROVISIONED" => &["activate"],
        "PROVISIONED" => &["reactivate", "deactivate"],
        "ACTIVE" | "PASSWORD_EXPIRED" | "RECOVERY" => &["suspend", "deactivate", "expirePassword"],
        "SUSPENDED" => &["unsuspend", "deactivate"],
        "LOCKED_OUT" => &["unlock", "deactivate"],
        _ => &["deactivate"],
    };
    for op in ops {
        let path = match *op {
            "expirePassword" => "expire_password",
            other => other,
        };
        links.insert(
            (*op).into(),
            json!({ "href": format!("{base}/lifecycle/{path}"), "method": "POST" }),
        );
    }
    Value::Object(links)
}

/// Fills in a user's missing members and stores it; returns the id.
pub(crate) fn user(state: &mut State, origin: &str, now: SystemTime, user: Value) -> String {
    let mut user = match user {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    let id = match user.get("id").and_then(Value::as_str) {
        Some(id) if !id.is_empty() => id.to_owned(),
        _ => state.ids.next("00u"),
    };
    let ts = time::timestamp(now);
    let status = user
        .get("status")
        .and_then(Value::as_str)
        .unwrap_or("ACTIVE")
        .to_owned();
    let mut defaults = vec![
        ("id", json!(id)),
        ("status", json!(status)),
        ("created", json!(ts)),
        (
            "activated",
            if status == "STAGED" {
                Value::Null
            } else {
                json!(ts)
            },
        ),
        ("statusChanged", json!(ts)),
        ("lastLogin", Value::Null),
        ("lastUpdated", json!(ts)),
        ("passwordChanged", Value::Null),
        ("type", json!({ "id": DEFAULT_USER_TYPE })),
        ("profile", json!({})),
        ("credentials", json!({})),
    ];
    for (key, value) in defaults.drain(..) {
        user.entry(key).or_insert(value);
    }
    if let Some(Value::Object(credentials)) = user.get_mut("credentials") {
        credentials
            .entry("provider")
            .or_insert(json!({ "type": "OKTA", "name": "OKTA" }));
    }
    if let Some(Value::Object(profile)) = user.get_mut("profile") {
        if let Some(login) = profile.get("login").cloned() {
            profile.entry("email").or_insert(login);
        }
    }
    user.insert("_links".into(), user_links(origin, &id, &status));
    state.users.put(&id, Value::Object(user));
    id
}

/// The `_links` of a group.
pub(crate) fn group_links(origin: &str, id: &str) -> Value {
    let base = format!("{origin}/api/v1/groups/{id}");
    json!({
        "self": { "href": base },
        "users": { "href": format!("{base}/users") },
        "apps": { "href": format!("{base}/apps") },
        "logo": [
            { "name": "medium", "href": format!("{origin}/assets/img/logos/groups/okta-medium.png"), "type": "image/png" },
            { "name": "large", "href": format!("{origin}/assets/img/logos/groups/okta-large.png"), "type": "image/png" }
        ],
    })
}

/// Fills in a group's missing members and stores it; returns the id.
pub(crate) fn group(state: &mut State, origin: &str, now: SystemTime, group: Value) -> String {
    let mut group = match group {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    let id = match group.get("id").and_then(Value::as_str) {
        Some(id) if !id.is_empty() => id.to_owned(),
        _ => state.ids.next("00g"),
    };
    let ts = time::timestamp(now);
    let defaults = [
        ("id", json!(id)),
        ("created", json!(ts)),
        ("lastUpdated", json!(ts)),
        ("lastMembershipUpdated", json!(ts)),
        ("objectClass", json!(["okta:user_group"])),
        ("type", json!("OKTA_GROUP")),
        ("profile", json!({ "name": id, "description": null })),
    ];
    for (key, value) in defaults {
        group.entry(key).or_insert(value);
    }
    group.insert("_links".into(), group_links(origin, &id));
    state.groups.put(&id, Value::Object(group));
    id
}
