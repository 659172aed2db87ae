//! `/api/v1/apps`: applications, polymorphic by `signOnMode`, with their
//! lifecycle and user and group assignments.

use std::time::SystemTime;

use serde_json::{json, Map, Value};

use super::users::user_target;
use super::{target, Ctx};
use crate::errors;
use crate::filter;
use crate::paging;
use crate::state::{Collection, State};
use crate::wire::{Reply, Req};

/// One sign-on mode the fake accepts: the `name` Okta gives an app of that
/// mode when the request names none (`None`: a custom app, named from its
/// label), and the settings a request must give.
struct Mode {
    sign_on_mode: &'static str,
    default_name: Option<&'static str>,
    required: &'static [&'static str],
}

/// The one table of sign-on modes.
const MODES: &[Mode] = &[
    Mode {
        sign_on_mode: "BOOKMARK",
        default_name: Some("bookmark"),
        required: &["/settings/app/url"],
    },
    Mode {
        sign_on_mode: "AUTO_LOGIN",
        default_name: None,
        required: &["/settings/signOn/loginUrl"],
    },
    Mode {
        sign_on_mode: "BASIC_AUTH",
        default_name: Some("template_basic_auth"),
        required: &["/settings/app/url", "/settings/app/authURL"],
    },
    Mode {
        sign_on_mode: "BROWSER_PLUGIN",
        default_name: Some("template_swa"),
        required: &["/settings/app/url"],
    },
    Mode {
        sign_on_mode: "SECURE_PASSWORD_STORE",
        default_name: Some("template_sps"),
        required: &["/settings/app/url"],
    },
    Mode {
        sign_on_mode: "SAML_2_0",
        default_name: None,
        required: &["/settings/signOn/ssoAcsUrl", "/settings/signOn/audience"],
    },
    Mode {
        sign_on_mode: "OPENID_CONNECT",
        default_name: Some("oidc_client"),
        required: &["/settings/oauthClient/grant_types"],
    },
    Mode {
        sign_on_mode: "WS_FEDERATION",
        default_name: Some("template_wsfed"),
        required: &["/settings/app/realm"],
    },
];

fn app_target(app: &Value) -> Value {
    let text = |k: &str| app[k].as_str().unwrap_or_default();
    target("AppInstance", text("id"), text("name"), text("label"))
}

fn app_or_404(ctx: &Ctx, id: &str) -> Result<Value, Reply> {
    ctx.st
        .apps
        .get(id)
        .cloned()
        .ok_or_else(|| errors::not_found(id, "AppInstance"))
}

/// What is wrong with an app body; `mode` is its table entry when valid.
fn problems(body: &Map<String, Value>) -> (Option<&'static Mode>, Vec<String>) {
    let value = Value::Object(body.clone());
    let mut causes = Vec::new();
    if body
        .get("label")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        causes.push("label: The field cannot be left blank".to_owned());
    }
    let mode = body.get("signOnMode").and_then(Value::as_str);
    let entry = mode.and_then(|m| MODES.iter().find(|e| e.sign_on_mode == m));
    match (mode, entry) {
        (None, _) => causes.push("signOnMode: The field cannot be left blank".to_owned()),
        (Some(m), None) => causes.push(format!("signOnMode: {m} is not supported by the fake org")),
        (_, Some(entry)) => {
            for path in entry.required {
                if value.pointer(path).is_none_or(Value::is_null) {
                    let field = path.rsplit('/').next().unwrap_or(path);
                    causes.push(format!("{field}: The field cannot be left blank"));
                }
            }
        }
    }
    (entry, causes)
}

fn validation(causes: &[String]) -> Reply {
    let refs: Vec<&str> = causes.iter().map(String::as_str).collect();
    let fields: Vec<&str> = causes.iter().filter_map(|c| c.split(':').next()).collect();
    errors::validation(&fields.join(", "), &refs)
}

fn app_links(origin: &str, id: &str, name: &str, status: &str) -> Value {
    let base = format!("{origin}/api/v1/apps/{id}");
    let lifecycle = if status == "ACTIVE" {
        "deactivate"
    } else {
        "activate"
    };
    let mut links = json!({
        "self": { "href": base },
        "users": { "href": format!("{base}/users") },
        "groups": { "href": format!("{base}/groups") },
        "appLinks": [{
            "name": "login",
            "href": format!("{origin}/home/{name}/{id}/login"),
            "type": "text/html",
        }],
        "logo": [{
            "name": "medium",
            "href": format!("{origin}/assets/img/logos/default.png"),
            "type": "image/png",
        }],
    });
    links[lifecycle] = json!({ "href": format!("{base}/lifecycle/{lifecycle}") });
    links
}

/// Fills Okta's defaults into an app body: credentials, settings, visibility,
/// accessibility, features.
fn complete(app: &mut Map<String, Value>, mode: &Mode, id: &str) {
    let defaults = [
        ("features", json!([])),
        (
            "accessibility",
            json!({ "selfService": false, "errorRedirectUrl": null, "loginRedirectUrl": null }),
        ),
        (
            "visibility",
            json!({ "autoSubmitToolbar": false, "hide": { "iOS": false, "web": false }, "appLinks": { "login": true } }),
        ),
        ("credentials", json!({})),
        ("settings", json!({})),
    ];
    for (k, v) in defaults {
        app.entry(k).or_insert(v);
    }
    if let Some(Value::Object(credentials)) = app.get_mut("credentials") {
        credentials
            .entry("userNameTemplate")
            .or_insert(json!({ "template": "${source.login}", "type": "BUILT_IN" }));
        credentials.entry("signing").or_insert(json!({}));
        if matches!(
            mode.sign_on_mode,
            "BASIC_AUTH" | "BROWSER_PLUGIN" | "AUTO_LOGIN" | "SECURE_PASSWORD_STORE"
        ) {
            credentials
                .entry("scheme")
                .or_insert(json!("EDIT_USERNAME_AND_PASSWORD"));
        }
        if mode.sign_on_mode == "OPENID_CONNECT" {
            credentials.entry("oauthClient").or_insert(json!({
                "autoKeyRotation": true,
                "client_id": id,
                "token_endpoint_auth_method": "client_secret_basic",
                "pkce_required": false,
            }));
        }
    }
    if let Some(Value::Object(settings)) = app.get_mut("settings") {
        settings.entry("app").or_insert(json!({}));
        settings
            .entry("notes")
            .or_insert(json!({ "admin": null, "enduser": null }));
        settings.entry("notifications").or_insert(json!({
            "vpn": { "network": { "connection": "DISABLED" }, "message": null, "helpUrl": null }
        }));
    }
}

/// A custom app's name: the label's letters and digits, lowercased, `_1`.
fn custom_name(label: &str) -> String {
    let stem: String = label
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    format!("fakeorg_{}_1", if stem.is_empty() { "app" } else { &stem })
}

/// Completes a valid app body (id, name, status, timestamps, `_links`,
/// Okta's defaults) and stores it.
fn store(
    st: &mut State,
    origin: &str,
    now: SystemTime,
    mut body: Map<String, Value>,
    mode: &Mode,
    status: &str,
) -> Value {
    let id = match body.get("id").and_then(Value::as_str) {
        Some(id) if !id.is_empty() => id.to_owned(),
        _ => st.ids.next("0oa"),
    };
    let ts = crate::time::timestamp(now);
    let name = match body.get("name").and_then(Value::as_str) {
        Some(n) if !n.is_empty() => n.to_owned(),
        _ => mode.default_name.map_or_else(
            || custom_name(body["label"].as_str().unwrap_or_default()),
            str::to_owned,
        ),
    };
    complete(&mut body, mode, &id);
    body.insert("id".into(), json!(id));
    body.insert("name".into(), json!(name));
    body.insert("status".into(), json!(status));
    body.entry("created").or_insert(json!(ts));
    body.entry("lastUpdated").or_insert(json!(ts));
    body.insert("_links".into(), app_links(origin, &id, &name, status));
    let app = Value::Object(body);
    st.apps.put(&id, app.clone());
    app
}

/// Stores an app for a test (no log event): the body must name a supported
/// `signOnMode` and carry its required settings; `status` defaults to `ACTIVE`.
pub(crate) fn seed(
    st: &mut State,
    origin: &str,
    now: SystemTime,
    app: Value,
) -> Result<String, String> {
    let Value::Object(body) = app else {
        return Err("an app must be a JSON object".into());
    };
    let (mode, causes) = problems(&body);
    let mode = match mode {
        Some(mode) if causes.is_empty() => mode,
        _ => return Err(causes.join("; ")),
    };
    let status = match body.get("status").and_then(Value::as_str) {
        Some("INACTIVE") => "INACTIVE",
        _ => "ACTIVE",
    };
    let app = store(st, origin, now, body, mode, status);
    Ok(app["id"].as_str().unwrap_or_default().to_owned())
}

/// `POST /api/v1/apps?activate=`.
pub(crate) fn create(ctx: &mut Ctx, req: &Req, actor: &Value) -> Reply {
    let mut body = match req.json_object() {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let (mode, causes) = problems(&body);
    let Some(mode) = mode.filter(|_| causes.is_empty()) else {
        return validation(&causes);
    };
    let status = if req.param("activate") == Some("false") {
        "INACTIVE"
    } else {
        "ACTIVE"
    };
    // The server assigns these, whatever the request says.
    for key in ["id", "status", "created", "lastUpdated", "_links"] {
        body.remove(key);
    }
    let app = store(ctx.st, ctx.origin, ctx.now, body, mode, status);
    ctx.log(
        actor,
        "application.lifecycle.create",
        "Add application",
        vec![app_target(&app)],
    );
    if status == "ACTIVE" {
        ctx.log(
            actor,
            "application.lifecycle.activate",
            "Activate application",
            vec![app_target(&app)],
        );
    }
    Reply::ok(app)
}

/// `GET /api/v1/apps/{id}`.
pub(crate) fn get(ctx: &mut Ctx, id: &str) -> Reply {
    match app_or_404(ctx, id) {
        Ok(app) => Reply::ok(app),
        Err(reply) => reply,
    }
}

/// `GET /api/v1/apps`: `q` (label or name prefix), `filter` (`status`,
/// `name`, `signOnMode`, `user.id`, `group.id`).
pub(crate) fn list(ctx: &mut Ctx, req: &Req) -> Reply {
    let expr = match req.param("filter") {
        Some(text) if !text.trim().is_empty() => match filter::parse(text) {
            Ok(expr) => Some(expr),
            Err(why) => return errors::validation("filter", &[&format!("filter: {why}")]),
        },
        _ => None,
    };
    let q = req.param("q").map(str::to_lowercase);
    let ids_of = |assignments: Option<&Collection>| -> Value {
        Value::Array(
            assignments
                .map(|a| a.values().map(|v| v["id"].clone()).collect())
                .unwrap_or_default(),
        )
    };
    let items: Vec<(u64, Value)> = ctx
        .st
        .apps
        .entries()
        .filter(|(_, app)| {
            let id = app["id"].as_str().unwrap_or_default();
            expr.as_ref().is_none_or(|e| {
                // The filter sees the assignments as `user.id` / `group.id`.
                let mut view = (*app).clone();
                view["user"] = json!({ "id": ids_of(ctx.st.app_users.get(id)) });
                view["group"] = json!({ "id": ids_of(ctx.st.app_groups.get(id)) });
                e.matches(&view)
            })
        })
        .filter(|(_, app)| {
            q.as_ref().is_none_or(|q| {
                ["label", "name"].iter().any(|k| {
                    app[k]
                        .as_str()
                        .is_some_and(|v| v.to_lowercase().starts_with(q.as_str()))
                })
            })
        })
        .map(|(seq, app)| (seq, app.clone()))
        .collect();
    paging::page(ctx, req, items, paging::APPS, None)
}

/// `PUT /api/v1/apps/{id}`: replaces the app's mutable members; `id`,
/// `name`, `signOnMode`, `status`, `created` stay.
pub(crate) fn replace(ctx: &mut Ctx, req: &Req, actor: &Value, id: &str) -> Reply {
    let current = match app_or_404(ctx, id) {
        Ok(app) => app,
        Err(reply) => return reply,
    };
    let mut body = match req.json_object() {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    body.entry("signOnMode")
        .or_insert(current["signOnMode"].clone());
    if body.get("signOnMode") != current.get("signOnMode") {
        return validation(&["signOnMode: The sign-on mode of an app cannot change".to_owned()]);
    }
    let (mode, causes) = problems(&body);
    let Some(mode) = mode.filter(|_| causes.is_empty()) else {
        return validation(&causes);
    };
    complete(&mut body, mode, id);
    for key in ["id", "name", "status", "created", "_links"] {
        body.insert(key.into(), current[key].clone());
    }
    body.insert("lastUpdated".into(), json!(ctx.ts()));
    let app = Value::Object(body);
    ctx.st.apps.put(id, app.clone());
    ctx.log(
        actor,
        "application.lifecycle.update",
        "Update application",
        vec![app_target(&app)],
    );
    Reply::ok(app)
}

/// `POST /api/v1/apps/{id}/lifecycle/{activate|deactivate}`.
pub(crate) fn lifecycle(ctx: &mut Ctx, actor: &Value, id: &str, op: &str) -> Reply {
    let app = match app_or_404(ctx, id) {
        Ok(app) => app,
        Err(reply) => return reply,
    };
    let (status, event, message) = match op {
        "activate" => (
            "ACTIVE",
            "application.lifecycle.activate",
            "Activate application",
        ),
        "deactivate" => (
            "INACTIVE",
            "application.lifecycle.deactivate",
            "Deactivate application",
        ),
        _ => return errors::not_found(op, "Resource"),
    };
    let ts = ctx.ts();
    let name = app["name"].as_str().unwrap_or_default().to_owned();
    let links = app_links(ctx.origin, id, &name, status);
    if let Some(app) = ctx.st.apps.get_mut(id) {
        app["status"] = json!(status);
        app["lastUpdated"] = json!(ts);
        app["_links"] = links;
    }
    ctx.log(actor, event, message, vec![app_target(&app)]);
    Reply::ok(json!({}))
}

/// `DELETE /api/v1/apps/{id}`: only an `INACTIVE` app, as in Okta.
pub(crate) fn delete(ctx: &mut Ctx, actor: &Value, id: &str) -> Reply {
    let app = match app_or_404(ctx, id) {
        Ok(app) => app,
        Err(reply) => return reply,
    };
    if app["status"] != "INACTIVE" {
        return errors::okta_error(
            hyper::StatusCode::FORBIDDEN,
            "E0000056",
            "Delete application forbidden.",
            &["Application must be deactivated before it can be deleted"],
        );
    }
    ctx.st.apps.remove(id);
    ctx.st.app_users.remove(id);
    ctx.st.app_groups.remove(id);
    ctx.log(
        actor,
        "application.lifecycle.delete",
        "Delete application",
        vec![app_target(&app)],
    );
    Reply::no_content()
}

/// `GET /api/v1/apps/{id}/users`.
pub(crate) fn list_users(ctx: &mut Ctx, req: &Req, id: &str) -> Reply {
    if let Err(reply) = app_or_404(ctx, id) {
        return reply;
    }
    let items = ctx
        .st
        .app_users
        .get(id)
        .map(|a| a.entries().map(|(s, v)| (s, v.clone())).collect())
        .unwrap_or_default();
    paging::page(ctx, req, items, paging::ASSIGNMENTS, None)
}

/// `GET /api/v1/apps/{id}/users/{userId}`.
pub(crate) fn get_user(ctx: &mut Ctx, id: &str, uid: &str) -> Reply {
    if let Err(reply) = app_or_404(ctx, id) {
        return reply;
    }
    match ctx.st.app_users.get(id).and_then(|a| a.get(uid)) {
        Some(assignment) => Reply::ok(assignment.clone()),
        None => errors::not_found(uid, "AppUser"),
    }
}

/// `POST /api/v1/apps/{id}/users` (assign; the body names the user) and
/// `POST /api/v1/apps/{id}/users/{userId}` (update an assignment).
pub(crate) fn assign_user(
    ctx: &mut Ctx,
    req: &Req,
    actor: &Value,
    id: &str,
    uid: Option<&str>,
) -> Reply {
    let app = match app_or_404(ctx, id) {
        Ok(app) => app,
        Err(reply) => return reply,
    };
    let body = match req.json_object() {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let uid = match uid.or(body.get("id").and_then(Value::as_str)) {
        Some(u) => u.to_owned(),
        None => return validation(&["id: The field cannot be left blank".to_owned()]),
    };
    let Some(user) = ctx.st.users.get(&uid).cloned() else {
        return errors::not_found(&uid, "User");
    };
    let existing = ctx.st.app_users.get(id).and_then(|a| a.get(&uid)).cloned();
    if req.path.ends_with(&format!("/users/{uid}")) && existing.is_none() {
        return errors::not_found(&uid, "AppUser");
    }
    let ts = ctx.ts();
    let login = user["profile"]["login"].clone();
    let user_name = body
        .get("credentials")
        .and_then(|c| c.get("userName"))
        .cloned()
        .or_else(|| {
            existing
                .as_ref()
                .map(|e| e["credentials"]["userName"].clone())
        })
        .unwrap_or(login);
    let profile = match (body.get("profile"), &existing) {
        (Some(p), _) => p.clone(),
        (None, Some(e)) => e["profile"].clone(),
        (None, None) => json!({}),
    };
    let created = existing
        .as_ref()
        .map_or(json!(ts), |e| e["created"].clone());
    let assignment = json!({
        "id": uid,
        "externalId": null,
        "created": created,
        "lastUpdated": ts,
        "scope": "USER",
        "status": "ACTIVE",
        "statusChanged": created,
        "passwordChanged": null,
        "syncState": "DISABLED",
        "credentials": { "userName": user_name },
        "profile": profile,
        "_links": {
            "app": { "href": ctx.href(&format!("/api/v1/apps/{id}")) },
            "user": { "href": ctx.href(&format!("/api/v1/users/{uid}")) },
        },
    });
    ctx.st
        .app_users
        .entry(id.to_owned())
        .or_default()
        .put(&uid, assignment.clone());
    let (event, message) = if existing.is_some() {
        (
            "application.user_membership.update",
            "Update user's application assignment",
        )
    } else {
        (
            "application.user_membership.add",
            "Add user to application membership",
        )
    };
    ctx.log(
        actor,
        event,
        message,
        vec![user_target(&user), app_target(&app)],
    );
    Reply::ok(assignment)
}

/// `DELETE /api/v1/apps/{id}/users/{userId}`.
pub(crate) fn unassign_user(ctx: &mut Ctx, actor: &Value, id: &str, uid: &str) -> Reply {
    let app = match app_or_404(ctx, id) {
        Ok(app) => app,
        Err(reply) => return reply,
    };
    if ctx
        .st
        .app_users
        .get_mut(id)
        .and_then(|a| a.remove(uid))
        .is_none()
    {
        return errors::not_found(uid, "AppUser");
    }
    let user = ctx.st.users.get(uid).map(user_target).unwrap_or_default();
    ctx.log(
        actor,
        "application.user_membership.remove",
        "Remove user from application membership",
        vec![user, app_target(&app)],
    );
    Reply::no_content()
}

/// `GET /api/v1/apps/{id}/groups`.
pub(crate) fn list_groups(ctx: &mut Ctx, req: &Req, id: &str) -> Reply {
    if let Err(reply) = app_or_404(ctx, id) {
        return reply;
    }
    let items = ctx
        .st
        .app_groups
        .get(id)
        .map(|a| a.entries().map(|(s, v)| (s, v.clone())).collect())
        .unwrap_or_default();
    paging::page(ctx, req, items, paging::ASSIGNMENTS, None)
}

/// `GET /api/v1/apps/{id}/groups/{groupId}`.
pub(crate) fn get_group(ctx: &mut Ctx, id: &str, gid: &str) -> Reply {
    if let Err(reply) = app_or_404(ctx, id) {
        return reply;
    }
    match ctx.st.app_groups.get(id).and_then(|a| a.get(gid)) {
        Some(assignment) => Reply::ok(assignment.clone()),
        None => errors::not_found(gid, "ApplicationGroupAssignment"),
    }
}

/// `PUT /api/v1/apps/{id}/groups/{groupId}`.
pub(crate) fn assign_group(ctx: &mut Ctx, req: &Req, actor: &Value, id: &str, gid: &str) -> Reply {
    let app = match app_or_404(ctx, id) {
        Ok(app) => app,
        Err(reply) => return reply,
    };
    let Some(group) = ctx.st.groups.get(gid).cloned() else {
        return errors::not_found(gid, "UserGroup");
    };
    let body = match req.json_object() {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let assignments = ctx.st.app_groups.entry(id.to_owned()).or_default();
    let priority = body
        .get("priority")
        .cloned()
        .unwrap_or_else(|| json!(assignments.len()));
    let assignment = json!({
        "id": gid,
        "lastUpdated": crate::time::timestamp(ctx.now),
        "priority": priority,
        "profile": body.get("profile").cloned().unwrap_or(json!({})),
        "_links": {
            "app": { "href": format!("{}/api/v1/apps/{id}", ctx.origin) },
            "group": { "href": format!("{}/api/v1/groups/{gid}", ctx.origin) },
        },
    });
    assignments.put(gid, assignment.clone());
    let group_target = target(
        "UserGroup",
        gid,
        group["profile"]["name"].as_str().unwrap_or_default(),
        group["profile"]["name"].as_str().unwrap_or_default(),
    );
    ctx.log(
        actor,
        "application.group_membership.add",
        "Add assigned group to application",
        vec![group_target, app_target(&app)],
    );
    Reply::ok(assignment)
}

/// `DELETE /api/v1/apps/{id}/groups/{groupId}`.
pub(crate) fn unassign_group(ctx: &mut Ctx, actor: &Value, id: &str, gid: &str) -> Reply {
    let app = match app_or_404(ctx, id) {
        Ok(app) => app,
        Err(reply) => return reply,
    };
    if ctx
        .st
        .app_groups
        .get_mut(id)
        .and_then(|a| a.remove(gid))
        .is_none()
    {
        return errors::not_found(gid, "ApplicationGroupAssignment");
    }
    ctx.log(
        actor,
        "application.group_membership.remove",
        "Remove assigned group from application",
        vec![target("UserGroup", gid, gid, gid), app_target(&app)],
    );
    Reply::no_content()
}
