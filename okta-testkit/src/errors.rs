//! Okta's error bodies: `errorCode`, `errorSummary`, `errorLink`, `errorId`,
//! `errorCauses`, each with the status Okta sends it with.

use hyper::header::WWW_AUTHENTICATE;
use hyper::StatusCode;
use serde_json::{json, Value};

use crate::wire::Reply;

/// An Okta error body with its status.
pub(crate) fn okta_error(status: StatusCode, code: &str, summary: &str, causes: &[&str]) -> Reply {
    let causes: Vec<Value> = causes
        .iter()
        .map(|c| json!({ "errorSummary": c }))
        .collect();
    Reply::json(
        status,
        json!({
            "errorCode": code,
            "errorSummary": summary,
            "errorLink": code,
            // Filled in by the server with the response's request id.
            "errorId": "",
            "errorCauses": causes,
        }),
    )
}

/// `E0000001`: validation failed, one cause per problem.
pub(crate) fn validation(summary: &str, causes: &[&str]) -> Reply {
    okta_error(
        StatusCode::BAD_REQUEST,
        "E0000001",
        &format!("Api validation failed: {summary}"),
        causes,
    )
}

/// `E0000007`: no such resource.
pub(crate) fn not_found(id: &str, kind: &str) -> Reply {
    okta_error(
        StatusCode::NOT_FOUND,
        "E0000007",
        &format!("Not found: Resource not found: {id} ({kind})"),
        &[],
    )
}

/// `E0000022`: the path exists but not for this method.
pub(crate) fn method_not_allowed() -> Reply {
    okta_error(
        StatusCode::METHOD_NOT_ALLOWED,
        "E0000022",
        "The endpoint does not support the provided HTTP method",
        &[],
    )
}

/// `E0000011`: missing, unknown or wrongly presented credentials.
pub(crate) fn invalid_token(scheme: &str) -> Reply {
    okta_error(
        StatusCode::UNAUTHORIZED,
        "E0000011",
        "Invalid token provided",
        &[],
    )
    .header(
        WWW_AUTHENTICATE,
        &format!("{scheme} realm=\"IDP\", error=\"invalid_token\", error_description=\"The access token is invalid.\""),
    )
}

/// `E0000006`: the access token lacks the scope the operation needs.
pub(crate) fn missing_scope(scheme: &str, scope: &str, resource: &str) -> Reply {
    okta_error(
        StatusCode::FORBIDDEN,
        "E0000006",
        "You do not have permission to perform the requested action",
        &[],
    )
    .header(
        WWW_AUTHENTICATE,
        &format!(
            "{scheme} realm=\"IDP\", scope=\"{scope}\", error=\"insufficient_scope\", error_description=\"The access token provided does not contain the required scopes.\", resource=\"{resource}\""
        ),
    )
}

/// `E0000047`: rate limit exceeded.
pub(crate) fn rate_limited() -> Reply {
    okta_error(
        StatusCode::TOO_MANY_REQUESTS,
        "E0000047",
        "API call exceeded rate limit due to too many requests.",
        &[],
    )
}

/// An OAuth 2.0 error of the token endpoint (`{"error", "error_description"}`).
pub(crate) fn oauth(status: StatusCode, error: &str, description: &str) -> Reply {
    Reply::json(
        status,
        json!({ "error": error, "error_description": description }),
    )
}

/// A path under a served collection that no route takes: `405` when the
/// same path takes other methods (one or two segments), else `404`.
pub(crate) fn method_not_allowed_or_missing(rest: &[&str]) -> Reply {
    if rest.len() <= 2 {
        method_not_allowed()
    } else {
        not_found(&rest.join("/"), "Resource")
    }
}
