//! `POST /oauth2/v1/token`: the client credentials grant with a
//! `private_key_jwt` client assertion, optionally DPoP-bound.

use std::time::Duration;

use hyper::StatusCode;
use serde_json::{json, Value};

use super::auth::{remember_jti, verify_proof};
use super::{target, Ctx};
use crate::errors;
use crate::jwt;
use crate::state::IssuedToken;
use crate::time::unix_seconds;
use crate::wire::{Reply, Req};

const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// Lifetime of issued access tokens (Okta's: one hour).
pub(crate) const TOKEN_LIFETIME: Duration = Duration::from_secs(3600);
/// Longest client assertion lifetime Okta accepts (`exp` − `iat`).
const MAX_ASSERTION_LIFETIME_SECS: u64 = 3600;

fn invalid_client(description: &str) -> Reply {
    errors::oauth(StatusCode::UNAUTHORIZED, "invalid_client", description)
}

fn invalid_dpop(description: &str) -> Reply {
    errors::oauth(StatusCode::BAD_REQUEST, "invalid_dpop_proof", description)
}

/// Answers a token request.
pub(crate) fn token(ctx: &mut Ctx, req: &Req) -> Reply {
    let form = req.form();
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    if field("grant_type") != Some("client_credentials") {
        return errors::oauth(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "The fake org supports the client_credentials grant only.",
        );
    }
    if field("client_assertion_type") != Some(ASSERTION_TYPE) {
        return invalid_client("client_assertion_type must be the JWT bearer assertion type.");
    }
    let Some(assertion) = field("client_assertion") else {
        return invalid_client("The client_assertion is missing.");
    };
    let now = unix_seconds(ctx.now);
    let token_url = ctx.href("/oauth2/v1/token");

    // The client: the assertion's `sub` (or `client_id` when sent).
    let unverified = jwt::claims(assertion).unwrap_or(Value::Null);
    let client_id = field("client_id")
        .map(str::to_owned)
        .or_else(|| {
            unverified
                .get("sub")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .unwrap_or_default();
    let Some(client) = ctx.st.clients.get(&client_id).cloned() else {
        return invalid_client("The client_id is not registered with the fake org.");
    };
    let claims = match jwt::verify(assertion, &client.public_jwk) {
        Ok(claims) => claims,
        Err(why) => return invalid_client(&format!("The client_assertion is invalid: {why}.")),
    };
    let text = |name: &str| claims.get(name).and_then(Value::as_str);
    if text("iss") != Some(client_id.as_str()) || text("sub") != Some(client_id.as_str()) {
        return invalid_client("The client_assertion's iss and sub must both be the client_id.");
    }
    if text("aud") != Some(token_url.as_str()) {
        return invalid_client("The audience [aud] claim of the client_assertion is invalid.");
    }
    let Some(exp) = claims.get("exp").and_then(Value::as_u64) else {
        return invalid_client("The client_assertion has no exp claim.");
    };
    if exp <= now {
        return invalid_client("The client_assertion has expired.");
    }
    let iat = claims.get("iat").and_then(Value::as_u64).unwrap_or(now);
    if exp.saturating_sub(iat) > MAX_ASSERTION_LIFETIME_SECS {
        return invalid_client("The client_assertion's exp is more than one hour after iat.");
    }
    let Some(jti) = text("jti").filter(|j| !j.is_empty()).map(str::to_owned) else {
        return invalid_client("The client_assertion has no jti claim.");
    };
    if ctx.st.seen_jti.contains(&format!("assertion:{jti}")) {
        return invalid_client("The client_assertion's jti has already been used.");
    }

    // Scopes: requested ⊆ registered.
    let requested: Vec<String> = field("scope")
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    if requested.is_empty() {
        return errors::oauth(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            "The 'scope' parameter must be provided.",
        );
    }
    if let Some(missing) = requested.iter().find(|s| !client.scopes.contains(s)) {
        return errors::oauth(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            &format!("The scope {missing} is not granted to this client."),
        );
    }

    // DPoP: verify the proof when there is one (or one is required).
    let jkt = match req.header("dpop") {
        None if client.require_dpop => {
            return invalid_dpop("The DPoP proof JWT header is missing.");
        }
        None => None,
        Some(proof) => {
            let proof_claims = match verify_proof(proof, "POST", &token_url, now) {
                Ok(c) => c,
                Err(why) => return invalid_dpop(&why),
            };
            if client.dpop_nonce {
                let expected = ctx.st.dpop_nonce.clone();
                let sent = proof_claims.get("nonce").and_then(Value::as_str);
                if expected.is_none() || sent != expected.as_deref() {
                    let nonce = ctx.st.ids.token();
                    ctx.st.dpop_nonce = Some(nonce.clone());
                    return errors::oauth(
                        StatusCode::BAD_REQUEST,
                        "use_dpop_nonce",
                        "Authorization server requires nonce in DPoP proof.",
                    )
                    .header(hyper::header::HeaderName::from_static("dpop-nonce"), &nonce);
                }
            }
            if let Err(why) = remember_jti(ctx, &proof_claims) {
                return invalid_dpop(&why);
            }
            let header = jwt::header(proof).unwrap_or_default();
            jwt::thumbprint(&header["jwk"])
        }
    };

    ctx.st.seen_jti.insert(format!("assertion:{jti}"));
    let access_token = format!("fake.{}{}", ctx.st.ids.token(), ctx.st.ids.token());
    let token_type = if jkt.is_some() { "DPoP" } else { "Bearer" };
    ctx.st.tokens.insert(
        access_token.clone(),
        IssuedToken {
            client_id: client_id.clone(),
            scopes: requested.clone(),
            jkt,
            expires: ctx.now + TOKEN_LIFETIME,
        },
    );
    let actor = target("PublicClientApp", &client_id, &client_id, &client_id);
    ctx.log(
        &actor,
        "app.oauth2.token.grant.access_token",
        "OAuth2 access token is granted",
        vec![target(
            "AccessToken",
            &client_id,
            token_type,
            "Access Token",
        )],
    );
    let mut reply = Reply::ok(json!({
        "token_type": token_type,
        "expires_in": TOKEN_LIFETIME.as_secs(),
        "access_token": access_token,
        "scope": requested.join(" "),
    }));
    if let Some(nonce) = ctx.st.dpop_nonce.clone().filter(|_| client.dpop_nonce) {
        reply = reply.header(hyper::header::HeaderName::from_static("dpop-nonce"), &nonce);
    }
    reply
}
