//! `/api/v1/groups`: create, get, replace, delete, list and search,
//! memberships; and `/api/v1/users/{id}/groups`.

use serde_json::{json, Map, Value};

use super::users::user_target;
use super::{target, Ctx};
use crate::errors;
use crate::filter;
use crate::paging;
use crate::seed;
use crate::wire::{Reply, Req};

fn group_target(group: &Value) -> Value {
    let text = |p: &str| group.pointer(p).and_then(Value::as_str).unwrap_or_default();
    target(
        "UserGroup",
        text("/id"),
        text("/profile/name"),
        text("/profile/name"),
    )
}

fn group_or_404(ctx: &Ctx, id: &str) -> Result<Value, Reply> {
    ctx.st
        .groups
        .get(id)
        .cloned()
        .ok_or_else(|| errors::not_found(id, "UserGroup"))
}

/// `GET /api/v1/groups`: `q` (name prefix), `filter`, `search`.
pub(crate) fn list(ctx: &mut Ctx, req: &Req) -> Reply {
    let expr = match req.param("search").or(req.param("filter")) {
        Some(text) if !text.trim().is_empty() => match filter::parse(text) {
            Ok(expr) => Some(expr),
            Err(why) => return errors::validation("filter", &[&format!("filter: {why}")]),
        },
        _ => None,
    };
    let q = req.param("q").map(str::to_lowercase);
    let items: Vec<(u64, Value)> = ctx
        .st
        .groups
        .entries()
        .filter(|(_, g)| expr.as_ref().is_none_or(|e| e.matches(g)))
        .filter(|(_, g)| {
            q.as_ref().is_none_or(|q| {
                g["profile"]["name"]
                    .as_str()
                    .is_some_and(|n| n.to_lowercase().starts_with(q.as_str()))
            })
        })
        .map(|(seq, g)| (seq, with_stats(ctx, req, g)))
        .collect();
    paging::page(ctx, req, items, paging::GROUPS, None)
}

/// The group, with `_embedded.stats` when `expand=stats` asks for it.
fn with_stats(ctx: &Ctx, req: &Req, group: &Value) -> Value {
    let mut group = group.clone();
    if req.param("expand") == Some("stats") {
        let id = group["id"].as_str().unwrap_or_default().to_owned();
        let users = ctx.st.members.get(&id).map_or(0, |m| m.len());
        let apps = ctx
            .st
            .app_groups
            .values()
            .filter(|a| a.contains(&id))
            .count();
        group["_embedded"] = json!({
            "stats": {
                "usersCount": users,
                "appsCount": apps,
                "groupPushMappingsCount": 0,
                "hasAdminPrivilege": false,
            }
        });
    }
    group
}

fn name_problems(ctx: &Ctx, body: &Map<String, Value>, own_id: Option<&str>) -> Vec<String> {
    let name = body
        .get("profile")
        .and_then(|p| p.get("name"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    if name.is_empty() {
        return vec!["name: The field cannot be left blank".into()];
    }
    let taken = ctx
        .st
        .groups
        .values()
        .any(|g| g["profile"]["name"].as_str() == Some(name) && g["id"].as_str() != own_id);
    if taken {
        return vec![
            "name: An object with this field already exists in the current organization".into(),
        ];
    }
    Vec::new()
}

/// `POST /api/v1/groups`.
pub(crate) fn create(ctx: &mut Ctx, req: &Req, actor: &Value) -> Reply {
    let body = match req.json_object() {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let causes = name_problems(ctx, &body, None);
    if !causes.is_empty() {
        let refs: Vec<&str> = causes.iter().map(String::as_str).collect();
        return errors::validation("name", &refs);
    }
    let group = json!({ "profile": body.get("profile").cloned().unwrap_or(json!({})) });
    let id = seed::group(ctx.st, ctx.origin, ctx.now, group);
    let group = ctx.st.groups.get(&id).cloned().unwrap_or_default();
    ctx.log(
        actor,
        "group.lifecycle.create",
        "Create okta group",
        vec![group_target(&group)],
    );
    Reply::ok(group)
}

/// `GET /api/v1/groups/{id}`.
pub(crate) fn get(ctx: &mut Ctx, id: &str) -> Reply {
    match group_or_404(ctx, id) {
        Ok(g) => Reply::ok(g),
        Err(reply) => reply,
    }
}

/// `PUT /api/v1/groups/{id}`: replaces the profile of an `OKTA_GROUP`.
pub(crate) fn replace(ctx: &mut Ctx, req: &Req, actor: &Value, id: &str) -> Reply {
    let group = match group_or_404(ctx, id) {
        Ok(g) => g,
        Err(reply) => return reply,
    };
    if group["type"] != "OKTA_GROUP" {
        return errors::okta_error(
            hyper::StatusCode::BAD_REQUEST,
            "E0000060",
            "Unsupported operation: only groups of type OKTA_GROUP can be modified.",
            &[],
        );
    }
    let body = match req.json_object() {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let causes = name_problems(ctx, &body, Some(id));
    if !causes.is_empty() {
        let refs: Vec<&str> = causes.iter().map(String::as_str).collect();
        return errors::validation("name", &refs);
    }
    let ts = ctx.ts();
    let Some(group) = ctx.st.groups.get_mut(id) else {
        return errors::not_found(id, "UserGroup");
    };
    group["profile"] = body.get("profile").cloned().unwrap_or(json!({}));
    group["lastUpdated"] = json!(ts);
    let group = group.clone();
    ctx.log(
        actor,
        "group.profile.update",
        "Update group profile",
        vec![group_target(&group)],
    );
    Reply::ok(group)
}

/// `DELETE /api/v1/groups/{id}`.
pub(crate) fn delete(ctx: &mut Ctx, actor: &Value, id: &str) -> Reply {
    let group = match group_or_404(ctx, id) {
        Ok(g) => g,
        Err(reply) => return reply,
    };
    ctx.st.groups.remove(id);
    ctx.st.members.remove(id);
    for assignments in ctx.st.app_groups.values_mut() {
        assignments.remove(id);
    }
    ctx.log(
        actor,
        "group.lifecycle.delete",
        "Delete okta group",
        vec![group_target(&group)],
    );
    Reply::no_content()
}

/// `GET /api/v1/groups/{id}/users`: the members, in user order.
pub(crate) fn members(ctx: &mut Ctx, req: &Req, id: &str) -> Reply {
    if let Err(reply) = group_or_404(ctx, id) {
        return reply;
    }
    let members = ctx.st.members.get(id);
    let items: Vec<(u64, Value)> = ctx
        .st
        .users
        .entries()
        .filter(|(_, u)| {
            members.is_some_and(|m| u["id"].as_str().is_some_and(|uid| m.contains(uid)))
        })
        .map(|(seq, u)| (seq, u.clone()))
        .collect();
    paging::page(ctx, req, items, paging::USERS, None)
}

/// `GET /api/v1/users/{id}/groups`: the user's groups, in group order.
pub(crate) fn of_user(ctx: &mut Ctx, req: &Req, id: &str) -> Reply {
    let Some(uid) = ctx.st.find_user(id) else {
        return errors::not_found(id, "User");
    };
    let items: Vec<(u64, Value)> = ctx
        .st
        .groups
        .entries()
        .filter(|(_, g)| {
            g["id"]
                .as_str()
                .and_then(|gid| ctx.st.members.get(gid))
                .is_some_and(|m| m.contains(&uid))
        })
        .map(|(seq, g)| (seq, g.clone()))
        .collect();
    paging::page(ctx, req, items, paging::GROUPS, None)
}

fn membership_targets(ctx: &Ctx, gid: &str, uid: &str) -> Result<Vec<Value>, Reply> {
    let group = group_or_404(ctx, gid)?;
    let user = ctx
        .st
        .users
        .get(uid)
        .ok_or_else(|| errors::not_found(uid, "User"))?;
    Ok(vec![user_target(user), group_target(&group)])
}

fn touch_membership(ctx: &mut Ctx, gid: &str) {
    let ts = ctx.ts();
    if let Some(group) = ctx.st.groups.get_mut(gid) {
        group["lastMembershipUpdated"] = json!(ts);
    }
}

/// `PUT /api/v1/groups/{groupId}/users/{userId}`.
pub(crate) fn add_member(ctx: &mut Ctx, actor: &Value, gid: &str, uid: &str) -> Reply {
    let targets = match membership_targets(ctx, gid, uid) {
        Ok(t) => t,
        Err(reply) => return reply,
    };
    if ctx
        .st
        .members
        .entry(gid.to_owned())
        .or_default()
        .insert(uid.to_owned())
    {
        touch_membership(ctx, gid);
        ctx.log(
            actor,
            "group.user_membership.add",
            "Add user to group membership",
            targets,
        );
    }
    Reply::no_content()
}

/// `DELETE /api/v1/groups/{groupId}/users/{userId}`.
pub(crate) fn remove_member(ctx: &mut Ctx, actor: &Value, gid: &str, uid: &str) -> Reply {
    let targets = match membership_targets(ctx, gid, uid) {
        Ok(t) => t,
        Err(reply) => return reply,
    };
    if ctx.st.members.get_mut(gid).is_some_and(|m| m.remove(uid)) {
        touch_membership(ctx, gid);
        ctx.log(
            actor,
            "group.user_membership.remove",
            "Remove user from group membership",
            targets,
        );
    }
    Reply::no_content()
}
