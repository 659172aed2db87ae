//! `/api/v1/users`: create, get, list (filter, `q`, `search`), partial and
//! full updates, the lifecycle operations, and delete-after-deactivate.

use hyper::StatusCode;
use serde_json::{json, Map, Value};

use super::{target, Ctx};
use crate::errors;
use crate::filter;
use crate::paging;
use crate::seed;
use crate::wire::{Reply, Req};

/// The profile attributes the default user type requires.
const REQUIRED_PROFILE: [&str; 4] = ["login", "email", "firstName", "lastName"];

/// The System Log target of a user.
pub(crate) fn user_target(user: &Value) -> Value {
    let text = |p: &str| user.pointer(p).and_then(Value::as_str).unwrap_or_default();
    let name = format!(
        "{} {}",
        text("/profile/firstName"),
        text("/profile/lastName")
    );
    target("User", text("/id"), text("/profile/login"), name.trim())
}

fn user_or_404(ctx: &Ctx, id_or_login: &str) -> Result<String, Reply> {
    ctx.st
        .find_user(id_or_login)
        .ok_or_else(|| errors::not_found(id_or_login, "User"))
}

/// `GET /api/v1/users/{idOrLogin}`.
pub(crate) fn get(ctx: &mut Ctx, id_or_login: &str) -> Reply {
    match user_or_404(ctx, id_or_login) {
        Ok(id) => Reply::ok(ctx.st.users.get(&id).cloned().unwrap_or_default()),
        Err(reply) => reply,
    }
}

/// `GET /api/v1/users`: without `filter` or `search`, `DEPROVISIONED` users
/// are left out, as Okta does.
pub(crate) fn list(ctx: &mut Ctx, req: &Req) -> Reply {
    let expr = match req.param("search").or(req.param("filter")) {
        Some(text) if !text.trim().is_empty() => match filter::parse(text) {
            Ok(expr) => Some(expr),
            Err(why) => {
                let which = if req.param("search").is_some() {
                    "search"
                } else {
                    "filter"
                };
                return errors::validation(which, &[&format!("{which}: {why}")]);
            }
        },
        _ => None,
    };
    let q = req.param("q").map(str::to_lowercase);
    let items: Vec<(u64, Value)> = ctx
        .st
        .users
        .entries()
        .filter(|(_, u)| match &expr {
            Some(expr) => expr.matches(u),
            None => u["status"] != "DEPROVISIONED",
        })
        .filter(|(_, u)| match &q {
            Some(q) => ["firstName", "lastName", "email", "login"].iter().any(|k| {
                u["profile"][k]
                    .as_str()
                    .is_some_and(|v| v.to_lowercase().starts_with(q.as_str()))
            }),
            None => true,
        })
        .map(|(seq, u)| (seq, u.clone()))
        .collect();
    paging::page(ctx, req, items, paging::USERS, None)
}

/// Problems with a profile: required attributes missing, login taken.
/// `required` says which required attributes to check (a partial update
/// checks only those it sets).
fn profile_problems(
    ctx: &Ctx,
    profile: &Map<String, Value>,
    own_id: Option<&str>,
    required: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let mut causes = Vec::new();
    for key in REQUIRED_PROFILE.into_iter().filter(|k| required(k)) {
        if profile
            .get(key)
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            causes.push(format!("{key}: The field cannot be left blank"));
        }
    }
    if let Some(login) = profile.get("login").and_then(Value::as_str) {
        if let Some(existing) = ctx.st.find_user(login) {
            if Some(existing.as_str()) != own_id {
                causes.push(
                    "login: An object with this field already exists in the current organization"
                        .to_owned(),
                );
            }
        }
    }
    causes
}

fn validation_error(causes: &[String]) -> Reply {
    let fields: Vec<&str> = causes.iter().filter_map(|c| c.split(':').next()).collect();
    let refs: Vec<&str> = causes.iter().map(String::as_str).collect();
    errors::validation(&fields.join(", "), &refs)
}

/// `POST /api/v1/users?activate=&provider=&nextLogin=`.
pub(crate) fn create(ctx: &mut Ctx, req: &Req, actor: &Value) -> Reply {
    let body = match req.json_object() {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let profile = match body.get("profile") {
        Some(Value::Object(p)) => p.clone(),
        _ => Map::new(),
    };
    let mut causes = profile_problems(ctx, &profile, None, &|_| true);
    let group_ids: Vec<String> = body
        .get("groupIds")
        .and_then(Value::as_array)
        .map(|ids| {
            ids.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    for gid in &group_ids {
        if !ctx.st.groups.contains(gid) {
            causes.push(format!("groupIds: group {gid} does not exist"));
        }
    }
    if !causes.is_empty() {
        return validation_error(&causes);
    }
    let activate = req.param("activate") != Some("false");
    let provider = req.param("provider") == Some("true");
    let credentials = body.get("credentials").cloned().unwrap_or(json!({}));
    let has_password = credentials
        .pointer("/password/value")
        .and_then(Value::as_str)
        .is_some()
        || credentials.pointer("/password/hash").is_some();
    let status = match (activate, provider, has_password) {
        (false, _, _) => "STAGED",
        (true, true, _) => "ACTIVE",
        (true, false, true) if req.param("nextLogin") == Some("changePassword") => {
            "PASSWORD_EXPIRED"
        }
        (true, false, true) => "ACTIVE",
        (true, false, false) => "PROVISIONED",
    };
    let ts = ctx.ts();
    // Credentials as Okta echoes them: never the password or the answer.
    let mut shown = Map::new();
    if has_password {
        shown.insert("password".into(), json!({}));
    }
    if let Some(question) = credentials.pointer("/recovery_question/question") {
        shown.insert("recovery_question".into(), json!({ "question": question }));
    }
    if let Some(email) = profile.get("email") {
        shown.insert(
            "emails".into(),
            json!([{ "value": email, "status": "VERIFIED", "type": "PRIMARY" }]),
        );
    }
    let provider_value = if provider {
        json!({ "type": "FEDERATION", "name": "FEDERATION" })
    } else {
        json!({ "type": "OKTA", "name": "OKTA" })
    };
    shown.insert("provider".into(), provider_value);
    let user = json!({
        "status": status,
        "created": ts,
        "activated": if status == "STAGED" { Value::Null } else { json!(ts) },
        "statusChanged": if status == "STAGED" { Value::Null } else { json!(ts) },
        "lastLogin": null,
        "lastUpdated": ts,
        "passwordChanged": if has_password { json!(ts) } else { Value::Null },
        "type": body.get("type").cloned().unwrap_or(json!({ "id": seed::DEFAULT_USER_TYPE })),
        "profile": profile,
        "credentials": shown,
    });
    let id = seed::user(ctx.st, ctx.origin, ctx.now, user);
    for gid in group_ids {
        ctx.st.members.entry(gid).or_default().insert(id.clone());
    }
    let user = ctx.st.users.get(&id).cloned().unwrap_or_default();
    ctx.log(
        actor,
        "user.lifecycle.create",
        "Create Okta user",
        vec![user_target(&user)],
    );
    if status != "STAGED" {
        ctx.log(
            actor,
            "user.lifecycle.activate",
            "Activate Okta user",
            vec![user_target(&user)],
        );
    }
    Reply::ok(user)
}

/// `POST /api/v1/users/{id}` (partial: given attributes change, an explicit
/// `null` clears one) and `PUT` (full: the profile is replaced).
pub(crate) fn update(ctx: &mut Ctx, req: &Req, actor: &Value, id: &str, full: bool) -> Reply {
    let id = match user_or_404(ctx, id) {
        Ok(id) => id,
        Err(reply) => return reply,
    };
    let body = match req.json_object() {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let Some(current) = ctx.st.users.get(&id).cloned() else {
        return errors::not_found(&id, "User");
    };
    let old_profile = current["profile"].as_object().cloned().unwrap_or_default();
    let given = match body.get("profile") {
        Some(Value::Object(p)) => Some(p.clone()),
        Some(Value::Null) | None => None,
        Some(_) => {
            return errors::validation("profile", &["profile: must be an object"]);
        }
    };
    let given_keys: Vec<String> = given
        .as_ref()
        .map(|g| g.keys().cloned().collect())
        .unwrap_or_default();
    let profile = match (full, given) {
        (true, Some(given)) => given,
        (true, None) => {
            return errors::validation("profile", &["profile: The field cannot be left blank"]);
        }
        (false, Some(given)) => {
            let mut merged = old_profile.clone();
            for (k, v) in given {
                merged.insert(k, v);
            }
            merged
        }
        (false, None) => old_profile.clone(),
    };
    let check = |key: &str| full || given_keys.iter().any(|k| k == key);
    let causes = profile_problems(ctx, &profile, Some(&id), &check);
    if !causes.is_empty() {
        return validation_error(&causes);
    }
    let ts = ctx.ts();
    let password_changed = body
        .get("credentials")
        .and_then(|c| c.pointer("/password/value"))
        .is_some();
    let Some(user) = ctx.st.users.get_mut(&id) else {
        return errors::not_found(&id, "User");
    };
    user["profile"] = Value::Object(profile);
    user["lastUpdated"] = json!(ts);
    if password_changed {
        user["passwordChanged"] = json!(ts);
        if let Some(credentials) = user.get_mut("credentials").and_then(Value::as_object_mut) {
            credentials.insert("password".into(), json!({}));
        }
    }
    let user = user.clone();
    ctx.log(
        actor,
        "user.account.update_profile",
        "Update user profile for Okta",
        vec![user_target(&user)],
    );
    Reply::ok(user)
}

/// Sets a user's status, `statusChanged`, `lastUpdated` and `_links`.
fn set_status(ctx: &mut Ctx, id: &str, status: &str) -> Value {
    let ts = ctx.ts();
    let links = seed::user_links(ctx.origin, id, status);
    let Some(user) = ctx.st.users.get_mut(id) else {
        return Value::Null;
    };
    if user["status"] != status {
        user["statusChanged"] = json!(ts);
    }
    if status == "ACTIVE" && user["activated"].is_null() {
        user["activated"] = json!(ts);
    }
    user["status"] = json!(status);
    user["lastUpdated"] = json!(ts);
    user["_links"] = links;
    user.clone()
}

/// `DELETE /api/v1/users/{id}`: deactivates a user that is not
/// `DEPROVISIONED`, deletes one that is.
pub(crate) fn delete(ctx: &mut Ctx, actor: &Value, id: &str) -> Reply {
    let id = match user_or_404(ctx, id) {
        Ok(id) => id,
        Err(reply) => return reply,
    };
    let status = ctx.st.users.get(&id).map(|u| u["status"].clone());
    if status.as_ref().and_then(Value::as_str) != Some("DEPROVISIONED") {
        let user = set_status(ctx, &id, "DEPROVISIONED");
        ctx.log(
            actor,
            "user.lifecycle.deactivate",
            "Deactivate Okta user",
            vec![user_target(&user)],
        );
        return Reply::no_content();
    }
    let user = ctx.st.users.remove(&id).unwrap_or_default();
    for members in ctx.st.members.values_mut() {
        members.remove(&id);
    }
    for assignments in ctx.st.app_users.values_mut() {
        assignments.remove(&id);
    }
    if let Some(factors) = ctx.st.factors.remove(&id) {
        for factor in factors.values() {
            if let Some(fid) = factor["id"].as_str() {
                ctx.st.passcodes.remove(fid);
                ctx.st.answers.remove(fid);
            }
        }
    }
    ctx.log(
        actor,
        "user.lifecycle.delete.completed",
        "Delete Okta user completed",
        vec![user_target(&user)],
    );
    Reply::no_content()
}

fn not_allowed(summary: &str) -> Reply {
    errors::okta_error(StatusCode::FORBIDDEN, "E0000016", summary, &[])
}

/// `POST /api/v1/users/{id}/lifecycle/{op}`.
pub(crate) fn lifecycle(ctx: &mut Ctx, req: &Req, actor: &Value, id: &str, op: &str) -> Reply {
    let id = match user_or_404(ctx, id) {
        Ok(id) => id,
        Err(reply) => return reply,
    };
    let Some(user) = ctx.st.users.get(&id) else {
        return errors::not_found(&id, "User");
    };
    let status = user["status"].as_str().unwrap_or_default().to_owned();
    let has_password = user.pointer("/credentials/password").is_some();
    let (next, event, message) = match op {
        "activate" => {
            if !matches!(status.as_str(), "STAGED" | "DEPROVISIONED") {
                return not_allowed("Activation failed because the user is already active");
            }
            let next = if has_password {
                "ACTIVE"
            } else {
                "PROVISIONED"
            };
            (next, "user.lifecycle.activate", "Activate Okta user")
        }
        "reactivate" => {
            if status != "PROVISIONED" {
                return not_allowed("This operation is not allowed in the user's current status.");
            }
            (
                "PROVISIONED",
                "user.lifecycle.reactivate",
                "Reactivate Okta user",
            )
        }
        "deactivate" => (
            "DEPROVISIONED",
            "user.lifecycle.deactivate",
            "Deactivate Okta user",
        ),
        "suspend" => {
            if status != "ACTIVE" {
                return errors::validation(
                    "status",
                    &["status: Cannot suspend a user that is not active"],
                );
            }
            ("SUSPENDED", "user.lifecycle.suspend", "Suspend Okta user")
        }
        "unsuspend" => {
            if status != "SUSPENDED" {
                return errors::validation(
                    "status",
                    &["status: Cannot unsuspend a user that is not suspended"],
                );
            }
            ("ACTIVE", "user.lifecycle.unsuspend", "Unsuspend Okta user")
        }
        "unlock" => {
            if status != "LOCKED_OUT" {
                return not_allowed("Unlock is not supported for this user.");
            }
            ("ACTIVE", "user.account.unlock", "Unlock Okta user")
        }
        "expire_password" => {
            if matches!(status.as_str(), "STAGED" | "DEPROVISIONED" | "PROVISIONED") {
                return not_allowed("This operation is not allowed in the user's current status.");
            }
            (
                "PASSWORD_EXPIRED",
                "user.password.expire",
                "Expire user password",
            )
        }
        _ => return errors::not_found(&req.path, "Resource"),
    };
    let user = set_status(ctx, &id, next);
    ctx.log(actor, event, message, vec![user_target(&user)]);
    match op {
        "activate" | "reactivate" if req.param("sendEmail") == Some("false") => {
            let token = ctx.st.ids.token();
            Reply::ok(json!({
                "activationUrl": ctx.href(&format!("/welcome/{token}")),
                "activationToken": token,
            }))
        }
        "expire_password" if req.param("tempPassword") == Some("true") => {
            Reply::ok(json!({ "tempPassword": ctx.st.ids.token()[..12].to_owned() }))
        }
        "expire_password" => Reply::ok(user),
        _ => Reply::ok(json!({})),
    }
}
