//! `/api/v1/users/{id}/factors`: the supported catalog, enrolment of SMS,
//! call, email, TOTP and security-question factors, activation and
//! verification. Codes are not sent anywhere: the fake keeps the code each
//! factor expects, and tests read it with `FakeOrg::factor_passcode`.

use hyper::StatusCode;
use serde_json::{json, Map, Value};

use super::users::user_target;
use super::{target, Ctx};
use crate::errors;
use crate::wire::{Reply, Req};

/// One factor kind: `factorType`, `provider`, the id prefix Okta uses, the
/// profile attributes enrolment needs, and whether it works with codes.
struct Kind {
    factor_type: &'static str,
    provider: &'static str,
    prefix: &'static str,
    required: &'static [&'static str],
    passcode: bool,
}

/// The one table of factors the fake can enrol.
const KINDS: &[Kind] = &[
    Kind {
        factor_type: "sms",
        provider: "OKTA",
        prefix: "sms",
        required: &["phoneNumber"],
        passcode: true,
    },
    Kind {
        factor_type: "call",
        provider: "OKTA",
        prefix: "clf",
        required: &["phoneNumber"],
        passcode: true,
    },
    Kind {
        factor_type: "email",
        provider: "OKTA",
        prefix: "emf",
        required: &["email"],
        passcode: true,
    },
    Kind {
        factor_type: "token:software:totp",
        provider: "OKTA",
        prefix: "ost",
        required: &[],
        passcode: true,
    },
    Kind {
        factor_type: "token:software:totp",
        provider: "GOOGLE",
        prefix: "uft",
        required: &[],
        passcode: true,
    },
    Kind {
        factor_type: "question",
        provider: "OKTA",
        prefix: "ufs",
        required: &["question", "answer"],
        passcode: false,
    },
];

/// The security questions (`GET …/factors/questions`): key and text.
const QUESTIONS: &[(&str, &str)] = &[
    (
        "disliked_food",
        "What is the food you least liked as a child?",
    ),
    (
        "name_of_first_plush_toy",
        "What is the name of your first stuffed animal?",
    ),
    (
        "first_award",
        "What did you earn your first medal or award for?",
    ),
    (
        "favorite_security_question",
        "What is your favorite security question?",
    ),
    (
        "favorite_toy",
        "What is the toy/stuffed animal you liked the most as a kid?",
    ),
];

/// Shortest answer Okta accepts for a security question.
const MIN_ANSWER_LEN: usize = 4;

fn user_id(ctx: &Ctx, id: &str) -> Result<String, Reply> {
    ctx.st
        .find_user(id)
        .ok_or_else(|| errors::not_found(id, "User"))
}

fn factor_or_404(ctx: &Ctx, uid: &str, fid: &str) -> Result<Value, Reply> {
    ctx.st
        .factors
        .get(uid)
        .and_then(|f| f.get(fid))
        .cloned()
        .ok_or_else(|| errors::not_found(fid, "UserFactor"))
}

fn factor_links(ctx: &Ctx, uid: &str, fid: &str, status: &str) -> Value {
    let base = ctx.href(&format!("/api/v1/users/{uid}/factors/{fid}"));
    let mut links = json!({
        "self": { "href": base, "hints": { "allow": ["GET", "DELETE"] } },
        "user": { "href": ctx.href(&format!("/api/v1/users/{uid}")), "hints": { "allow": ["GET"] } },
    });
    if status == "PENDING_ACTIVATION" {
        links["activate"] =
            json!({ "href": format!("{base}/lifecycle/activate"), "hints": { "allow": ["POST"] } });
    } else {
        links["verify"] =
            json!({ "href": format!("{base}/verify"), "hints": { "allow": ["POST"] } });
    }
    links
}

fn invalid_passcode() -> Reply {
    errors::okta_error(
        StatusCode::FORBIDDEN,
        "E0000068",
        "Invalid Passcode/Answer",
        &["Your passcode doesn't match our records. Please try again."],
    )
}

/// `GET /api/v1/users/{id}/factors`.
pub(crate) fn list(ctx: &mut Ctx, id: &str) -> Reply {
    let uid = match user_id(ctx, id) {
        Ok(u) => u,
        Err(reply) => return reply,
    };
    let factors: Vec<Value> = ctx
        .st
        .factors
        .get(&uid)
        .map(|f| f.values().cloned().collect())
        .unwrap_or_default();
    Reply::ok(Value::Array(factors))
}

/// `GET /api/v1/users/{id}/factors/catalog`: every kind, `ACTIVE` when enrolled.
pub(crate) fn catalog(ctx: &mut Ctx, id: &str) -> Reply {
    let uid = match user_id(ctx, id) {
        Ok(u) => u,
        Err(reply) => return reply,
    };
    let enrolled = ctx.st.factors.get(&uid);
    let entries: Vec<Value> = KINDS
        .iter()
        .map(|kind| {
            let status = enrolled
                .and_then(|f| {
                    f.values().find(|v| {
                        v["factorType"] == kind.factor_type && v["provider"] == kind.provider
                    })
                })
                .map_or("NOT_SETUP", |v| v["status"].as_str().unwrap_or("NOT_SETUP"));
            json!({
                "factorType": kind.factor_type,
                "provider": kind.provider,
                "vendorName": kind.provider,
                "status": status,
                "enrollment": "OPTIONAL",
                "_links": {
                    "enroll": {
                        "href": ctx.href(&format!("/api/v1/users/{uid}/factors")),
                        "hints": { "allow": ["POST"] },
                    }
                },
            })
        })
        .collect();
    Reply::ok(Value::Array(entries))
}

/// `GET /api/v1/users/{id}/factors/questions`.
pub(crate) fn questions(ctx: &mut Ctx, id: &str) -> Reply {
    if let Err(reply) = user_id(ctx, id) {
        return reply;
    }
    let list: Vec<Value> = QUESTIONS
        .iter()
        .map(|(q, text)| json!({ "question": q, "questionText": text }))
        .collect();
    Reply::ok(Value::Array(list))
}

/// `GET /api/v1/users/{id}/factors/{factorId}`.
pub(crate) fn get(ctx: &mut Ctx, id: &str, fid: &str) -> Reply {
    let uid = match user_id(ctx, id) {
        Ok(u) => u,
        Err(reply) => return reply,
    };
    match factor_or_404(ctx, &uid, fid) {
        Ok(f) => Reply::ok(f),
        Err(reply) => reply,
    }
}

/// `POST /api/v1/users/{id}/factors?activate=`.
pub(crate) fn enroll(ctx: &mut Ctx, req: &Req, actor: &Value, id: &str) -> Reply {
    let uid = match user_id(ctx, id) {
        Ok(u) => u,
        Err(reply) => return reply,
    };
    let body = match req.json_object() {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let factor_type = body
        .get("factorType")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let provider = body
        .get("provider")
        .and_then(Value::as_str)
        .unwrap_or("OKTA");
    let Some(kind) = KINDS
        .iter()
        .find(|k| k.factor_type == factor_type && k.provider == provider)
    else {
        return errors::validation(
            "factorType",
            &[&format!(
                "factorType: {factor_type} from {provider} is not supported by the fake org"
            )],
        );
    };
    let duplicate = ctx.st.factors.get(&uid).is_some_and(|f| {
        f.values()
            .any(|v| v["factorType"] == kind.factor_type && v["provider"] == kind.provider)
    });
    if duplicate {
        return errors::okta_error(
            StatusCode::BAD_REQUEST,
            "E0000001",
            "Api validation failed: factorEnrollRequest",
            &["There is an existing verified factor of this type. Unenroll it first."],
        );
    }
    let profile = body
        .get("profile")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut causes: Vec<String> = kind
        .required
        .iter()
        .filter(|k| {
            profile
                .get(**k)
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
        })
        .map(|k| format!("{k}: The field cannot be left blank"))
        .collect();
    let mut shown: Map<String, Value> = profile.clone();
    if kind.factor_type == "question" {
        let question = profile
            .get("question")
            .and_then(Value::as_str)
            .unwrap_or_default();
        match QUESTIONS.iter().find(|(q, _)| *q == question) {
            Some((_, text)) => {
                shown.insert("questionText".into(), json!(text));
            }
            None if !question.is_empty() => {
                causes.push(format!("question: {question} is not a known question"))
            }
            None => {}
        }
        let answer = profile
            .get("answer")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !answer.is_empty() && answer.chars().count() < MIN_ANSWER_LEN {
            causes.push(format!(
                "answer: The security question answer must be at least {MIN_ANSWER_LEN} characters"
            ));
        }
        shown.remove("answer");
    }
    if kind.factor_type == "token:software:totp" {
        let login = ctx
            .st
            .users
            .get(&uid)
            .map_or(Value::Null, |u| u["profile"]["login"].clone());
        shown.insert("credentialId".into(), login);
    }
    if !causes.is_empty() {
        let refs: Vec<&str> = causes.iter().map(String::as_str).collect();
        return errors::validation("factorEnrollRequest", &refs);
    }
    let fid = ctx.st.ids.next(kind.prefix);
    let immediately = kind.factor_type == "question"
        || (req.param("activate") == Some("true")
            && matches!(kind.factor_type, "sms" | "call" | "email"));
    let status = if immediately {
        "ACTIVE"
    } else {
        "PENDING_ACTIVATION"
    };
    let ts = ctx.ts();
    let mut factor = json!({
        "id": fid,
        "factorType": kind.factor_type,
        "provider": kind.provider,
        "vendorName": kind.provider,
        "status": status,
        "created": ts,
        "lastUpdated": ts,
        "profile": shown,
        "_links": factor_links(ctx, &uid, &fid, status),
    });
    if kind.passcode {
        let code = ctx.st.ids.passcode();
        ctx.st.passcodes.insert(fid.clone(), code);
    }
    if let Some(answer) = profile.get("answer").and_then(Value::as_str) {
        ctx.st.answers.insert(fid.clone(), answer.to_lowercase());
    }
    let stored = factor.clone();
    if kind.factor_type == "token:software:totp" {
        // The shared secret of the activation payload; the fake's codes do
        // not derive from it (tests read them from the fake instead).
        let secret: String = ctx
            .st
            .ids
            .token()
            .chars()
            .filter(|c| c.is_ascii_uppercase())
            .take(16)
            .collect();
        factor["_embedded"] = json!({
            "activation": {
                "timeStep": 30,
                "sharedSecret": secret,
                "encoding": "base32",
                "keyLength": 6,
            }
        });
    }
    ctx.st
        .factors
        .entry(uid.clone())
        .or_default()
        .put(&fid, stored);
    let user = ctx.st.users.get(&uid).map(user_target).unwrap_or_default();
    ctx.log(
        actor,
        "system.mfa.factor.enroll",
        "Enroll factor",
        vec![
            user.clone(),
            target("Factor", &fid, kind.factor_type, kind.factor_type),
        ],
    );
    if immediately {
        ctx.log(
            actor,
            "user.mfa.factor.activate",
            "Activate factor",
            vec![user],
        );
    }
    Reply::ok(factor)
}

/// The submitted code matches the factor's current one (then a new code is
/// issued: codes are single-use).
fn consume_passcode(ctx: &mut Ctx, fid: &str, sent: Option<&str>) -> bool {
    let matches = match (ctx.st.passcodes.get(fid), sent) {
        (Some(expected), Some(sent)) => expected == sent,
        _ => false,
    };
    if matches {
        let next = ctx.st.ids.passcode();
        ctx.st.passcodes.insert(fid.to_owned(), next);
    }
    matches
}

/// The user id and factor `fid` of user `id`, when the factor is in `status`;
/// otherwise the answer Okta gives (404, or a validation error with `cause`).
fn factor_in_status(
    ctx: &Ctx,
    id: &str,
    fid: &str,
    status: &str,
    cause: &str,
) -> Result<(String, Value), Reply> {
    let uid = user_id(ctx, id)?;
    let factor = factor_or_404(ctx, &uid, fid)?;
    if factor["status"] != status {
        return Err(errors::okta_error(
            StatusCode::BAD_REQUEST,
            "E0000001",
            "Api validation failed: factor",
            &[cause],
        ));
    }
    Ok((uid, factor))
}

/// `POST /api/v1/users/{id}/factors/{factorId}/lifecycle/activate`.
pub(crate) fn activate(ctx: &mut Ctx, req: &Req, actor: &Value, id: &str, fid: &str) -> Reply {
    let (uid, _) = match factor_in_status(
        ctx,
        id,
        fid,
        "PENDING_ACTIVATION",
        "The factor is not pending activation.",
    ) {
        Ok(found) => found,
        Err(reply) => return reply,
    };
    let body = match req.json_object() {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    if !consume_passcode(ctx, fid, body.get("passCode").and_then(Value::as_str)) {
        return invalid_passcode();
    }
    let ts = ctx.ts();
    let links = factor_links(ctx, &uid, fid, "ACTIVE");
    let Some(stored) = ctx.st.factors.get_mut(&uid).and_then(|f| f.get_mut(fid)) else {
        return errors::not_found(fid, "UserFactor");
    };
    stored["status"] = json!("ACTIVE");
    stored["lastUpdated"] = json!(ts);
    stored["_links"] = links;
    let factor = stored.clone();
    let user = ctx.st.users.get(&uid).map(user_target).unwrap_or_default();
    ctx.log(
        actor,
        "user.mfa.factor.activate",
        "Activate factor",
        vec![user],
    );
    Reply::ok(factor)
}

/// `POST /api/v1/users/{id}/factors/{factorId}/verify`: with a `passCode`
/// (or `answer`) checks it; an SMS, call or email factor without one is
/// challenged (a new code is "sent").
pub(crate) fn verify(ctx: &mut Ctx, req: &Req, actor: &Value, id: &str, fid: &str) -> Reply {
    let (uid, factor) = match factor_in_status(ctx, id, fid, "ACTIVE", "The factor is not active.")
    {
        Ok(found) => found,
        Err(reply) => return reply,
    };
    let body = match req.json_object() {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let factor_type = factor["factorType"].as_str().unwrap_or_default().to_owned();
    let passcode = body.get("passCode").and_then(Value::as_str);
    let answer = body.get("answer").and_then(Value::as_str);
    let ok = if factor_type == "question" {
        answer.is_some_and(|a| {
            ctx.st
                .answers
                .get(fid)
                .is_some_and(|x| *x == a.to_lowercase())
        })
    } else if passcode.is_none() && matches!(factor_type.as_str(), "sms" | "call" | "email") {
        let code = ctx.st.ids.passcode();
        ctx.st.passcodes.insert(fid.to_owned(), code);
        return Reply::ok(json!({
            "factorResult": "CHALLENGE",
            "_links": { "verify": { "href": ctx.href(&format!("/api/v1/users/{uid}/factors/{fid}/verify")), "hints": { "allow": ["POST"] } } },
        }));
    } else {
        consume_passcode(ctx, fid, passcode)
    };
    if !ok {
        return invalid_passcode();
    }
    let user = ctx.st.users.get(&uid).map(user_target).unwrap_or_default();
    ctx.log(
        actor,
        "user.authentication.auth_via_mfa",
        "Authentication of user via MFA",
        vec![user, target("Factor", fid, &factor_type, &factor_type)],
    );
    Reply::ok(json!({ "factorResult": "SUCCESS" }))
}

/// `DELETE /api/v1/users/{id}/factors/{factorId}`.
pub(crate) fn unenroll(ctx: &mut Ctx, actor: &Value, id: &str, fid: &str) -> Reply {
    let uid = match user_id(ctx, id) {
        Ok(u) => u,
        Err(reply) => return reply,
    };
    if let Err(reply) = factor_or_404(ctx, &uid, fid) {
        return reply;
    }
    if let Some(f) = ctx.st.factors.get_mut(&uid) {
        f.remove(fid);
    }
    ctx.st.passcodes.remove(fid);
    ctx.st.answers.remove(fid);
    let user = ctx.st.users.get(&uid).map(user_target).unwrap_or_default();
    ctx.log(
        actor,
        "user.mfa.factor.deactivate",
        "Reset factor for user",
        vec![user],
    );
    Reply::no_content()
}
