//! Who is calling `/api/v1`: the org's API token (every scope), or an access
//! token from the token endpoint, presented as `Bearer` or DPoP-bound, whose
//! scopes must include the one each operation needs.

use hyper::Method;
use serde_json::{json, Value};

use super::Ctx;
use crate::errors;
use crate::jwt;
use crate::time::unix_seconds;
use crate::wire::{Reply, Req};

/// How far a DPoP proof's `iat` may be from the fake's clock, in seconds.
pub(crate) const DPOP_IAT_WINDOW_SECS: u64 = 300;

/// The scope an operation on `rest` (the path after `/api/v1`) needs.
/// `.manage` also grants reads, as in Okta.
pub(crate) fn required_scope(method: &Method, rest: &[&str]) -> &'static str {
    let read = matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
    let pick = |r: &'static str, w: &'static str| if read { r } else { w };
    match rest {
        ["users", _, "factors", ..] => pick("okta.factors.read", "okta.factors.manage"),
        ["users", ..] => pick("okta.users.read", "okta.users.manage"),
        ["groups", ..] => pick("okta.groups.read", "okta.groups.manage"),
        ["apps", ..] => pick("okta.apps.read", "okta.apps.manage"),
        ["logs", ..] => "okta.logs.read",
        _ => pick("okta.orgs.read", "okta.orgs.manage"),
    }
}

/// Checks the credentials and the scope; returns the System Log actor.
pub(crate) fn authorize(ctx: &mut Ctx, req: &Req, rest: &[&str]) -> Result<Value, Reply> {
    let Some(authorization) = req.header("authorization") else {
        return Err(errors::invalid_token("Bearer"));
    };
    let (scheme, credential) = authorization
        .split_once(' ')
        .map(|(s, c)| (s.trim(), c.trim()))
        .unwrap_or((authorization, ""));
    if scheme.eq_ignore_ascii_case("SSWS") {
        return if credential == ctx.api_token && !credential.is_empty() {
            Ok(json!({
                "id": "00u-fake-admin",
                "type": "User",
                "alternateId": "admin@fake-org.invalid",
                "displayName": "Fake Org Admin",
                "detailEntry": null,
            }))
        } else {
            Err(errors::invalid_token("SSWS"))
        };
    }
    let dpop = scheme.eq_ignore_ascii_case("DPoP");
    if !dpop && !scheme.eq_ignore_ascii_case("Bearer") {
        return Err(errors::invalid_token("Bearer"));
    }
    let shown = if dpop { "DPoP" } else { "Bearer" };
    let now = unix_seconds(ctx.now);
    let Some(token) = ctx.st.tokens.get(credential) else {
        return Err(errors::invalid_token(shown));
    };
    if unix_seconds(token.expires) <= now {
        return Err(errors::invalid_token(shown));
    }
    let (client_id, scopes, jkt) = (
        token.client_id.clone(),
        token.scopes.clone(),
        token.jkt.clone(),
    );
    match (dpop, jkt) {
        // A DPoP-bound token presented as a Bearer token is refused.
        (false, Some(_)) | (true, None) => return Err(errors::invalid_token(shown)),
        (true, Some(jkt)) => {
            let url = ctx.href(&req.path);
            if let Err(why) = check_resource_proof(ctx, req, &url, credential, &jkt, now) {
                tracing::debug!(reason = %why, "fake org: DPoP proof refused");
                return Err(errors::invalid_token("DPoP").header(
                    hyper::header::WWW_AUTHENTICATE,
                    &format!("DPoP error=\"invalid_dpop_proof\", error_description=\"{why}\""),
                ));
            }
            if let Some(challenge) = resource_nonce_challenge(ctx, req, &client_id) {
                return Err(challenge);
            }
        }
        (false, None) => {}
    }
    let needed = required_scope(&req.method, rest);
    let manage = needed.replace(".read", ".manage");
    if !scopes.iter().any(|s| s == needed || *s == manage) {
        let resource = format!("/api/v1/{}", rest.join("/"));
        return Err(errors::missing_scope(shown, needed, &resource));
    }
    Ok(json!({
        "id": client_id,
        "type": "PublicClientApp",
        "alternateId": client_id,
        "displayName": client_id,
        "detailEntry": null,
    }))
}

/// For a client registered with `dpop_nonce`, the `use_dpop_nonce`
/// challenge when the proof lacks the resource server's current nonce (with
/// a fresh one in `DPoP-Nonce`), as Okta's resource server sends it.
fn resource_nonce_challenge(ctx: &mut Ctx, req: &Req, client_id: &str) -> Option<Reply> {
    if !ctx.st.clients.get(client_id).is_some_and(|c| c.dpop_nonce) {
        return None;
    }
    let sent = req
        .header("dpop")
        .and_then(jwt::claims)
        .and_then(|c| c.get("nonce").and_then(Value::as_str).map(str::to_owned));
    if sent.is_some() && sent == ctx.st.resource_nonce {
        return None;
    }
    let nonce = ctx.st.ids.token();
    ctx.st.resource_nonce = Some(nonce.clone());
    Some(
        errors::invalid_token("DPoP")
            .header(
                hyper::header::WWW_AUTHENTICATE,
                "DPoP error=\"use_dpop_nonce\", error_description=\"Resource server requires nonce in DPoP proof\"",
            )
            .header(hyper::header::HeaderName::from_static("dpop-nonce"), &nonce),
    )
}

/// A resource request's DPoP proof: well-formed, signed by the bound key,
/// for this method and URL, for this access token (`ath`), fresh and unused.
fn check_resource_proof(
    ctx: &mut Ctx,
    req: &Req,
    url: &str,
    access_token: &str,
    jkt: &str,
    now: u64,
) -> Result<(), String> {
    let proof = req
        .header("dpop")
        .ok_or("the DPoP proof header is missing")?;
    let claims = verify_proof(proof, req.method.as_str(), url, now)?;
    let header = jwt::header(proof).unwrap_or_default();
    if jwt::thumbprint(&header["jwk"]).as_deref() != Some(jkt) {
        return Err("the proof's key is not the key the token is bound to".into());
    }
    if claims.get("ath").and_then(Value::as_str)
        != Some(jwt::sha256_b64url(access_token.as_bytes()).as_str())
    {
        return Err("the proof's ath does not match the access token".into());
    }
    remember_jti(ctx, &claims)
}

/// The checks every DPoP proof passes (RFC 9449 §4.3): `typ`, an embedded
/// public `jwk` that verifies the signature, `htm`, `htu`, a recent `iat`
/// and a `jti`. Returns the claims.
pub(crate) fn verify_proof(
    proof: &str,
    method: &str,
    url: &str,
    now: u64,
) -> Result<Value, String> {
    let header = jwt::header(proof).ok_or("the DPoP proof is not a JWT")?;
    if header.get("typ").and_then(Value::as_str) != Some("dpop+jwt") {
        return Err("the DPoP proof's typ is not dpop+jwt".into());
    }
    let jwk = header
        .get("jwk")
        .ok_or("the DPoP proof has no jwk header")?;
    if jwt::has_private_members(jwk) {
        return Err("the DPoP proof's jwk holds a private key".into());
    }
    let claims = jwt::verify(proof, jwk).map_err(|e| format!("DPoP proof: {e}"))?;
    if claims.get("htm").and_then(Value::as_str) != Some(method) {
        return Err("the DPoP proof's htm does not match the request method".into());
    }
    if claims.get("htu").and_then(Value::as_str) != Some(url) {
        return Err("the DPoP proof's htu does not match the request URL".into());
    }
    let iat = claims
        .get("iat")
        .and_then(Value::as_u64)
        .ok_or("the DPoP proof has no iat")?;
    if iat.abs_diff(now) > DPOP_IAT_WINDOW_SECS {
        return Err("the DPoP proof's iat is too far from the server's time".into());
    }
    if claims
        .get("jti")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        return Err("the DPoP proof has no jti".into());
    }
    Ok(claims)
}

/// Records a proof's `jti`, refusing one already seen.
pub(crate) fn remember_jti(ctx: &mut Ctx, claims: &Value) -> Result<(), String> {
    let jti = claims
        .get("jti")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !ctx.st.seen_jti.insert(format!("dpop:{jti}")) {
        return Err("the DPoP proof's jti was already used".into());
    }
    Ok(())
}
