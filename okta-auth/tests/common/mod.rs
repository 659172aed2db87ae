//! Helpers shared by the integration tests (each test file uses a subset).
#![allow(dead_code)]

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use httpmock::prelude::*;
use okta_auth::{ManualClock, PrivateKeyJwt};
use okta_config::{AuthorizationMode, OktaConfig, Secret};
use serde_json::Value;

pub const RSA_PKCS8_PEM: &str = include_str!("../data/rsa_pkcs8.pem");
pub const RSA_PKCS1_PEM: &str = include_str!("../data/rsa_pkcs1.pem");
pub const RSA_JWK: &str = include_str!("../data/rsa.jwk.json");
pub const RSA_PUBLIC_PEM: &str = include_str!("../data/rsa_public.pem");
pub const EC_PKCS8_PEM: &str = include_str!("../data/ec_pkcs8.pem");
pub const EC_SEC1_PEM: &str = include_str!("../data/ec_sec1.pem");
pub const EC_JWK: &str = include_str!("../data/ec.jwk.json");
pub const EC_PUBLIC_PEM: &str = include_str!("../data/ec_public.pem");

pub const CLIENT_ID: &str = "0oa-test-client";
pub const TOKEN_PATH: &str = "/oauth2/v1/token";
/// A fixed start time for manual clocks (2023-11-14T22:13:20Z).
pub const START: u64 = 1_700_000_000;

pub fn start_time() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(START)
}

pub fn manual_clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(start_time()))
}

/// A client that never goes through an environment proxy.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest client")
}

/// A PrivateKey configuration pointing at the mock server.
pub fn config(server: &MockServer, key: &str) -> OktaConfig {
    let mut config = OktaConfig::for_org(server.base_url().parse().expect("base url"));
    config.authorization_mode = AuthorizationMode::PrivateKey;
    config.client_id = Some(CLIENT_ID.to_owned());
    config.scopes = vec![
        "okta.users.read".to_owned(),
        "okta.groups.manage".to_owned(),
    ];
    config.private_key = Some(Secret::new(key));
    config.disable_https_check = true;
    config
}

/// A source built from `config` with `clock`.
pub fn source(config: &OktaConfig, clock: Arc<ManualClock>) -> PrivateKeyJwt {
    okta_auth::PrivateKeyJwtBuilder::from_config(config)
        .expect("builder")
        .http_client(http())
        .clock(clock)
        .build()
        .expect("source")
}

/// A request to the org's users endpoint.
pub fn api_request(server: &MockServer, method: reqwest::Method) -> reqwest::Request {
    reqwest::Request::new(
        method,
        format!("{}/api/v1/users?limit=2&after=x#frag", server.base_url())
            .parse()
            .expect("url"),
    )
}

pub fn header(request: &reqwest::Request, name: &str) -> Option<String> {
    request
        .headers()
        .get(name)
        .map(|v| v.to_str().expect("ascii header").to_owned())
}

/// The decoded JSON of part `index` (0 = header, 1 = claims) of a compact JWT.
pub fn jwt_part(jwt: &str, index: usize) -> Value {
    let part = jwt.split('.').nth(index).expect("jwt part");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).expect("base64url")).expect("json")
}

/// Parses an `application/x-www-form-urlencoded` body into ordered pairs.
pub fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body).into_owned().collect()
}

/// A successful token response.
pub fn token_body(token: &str, token_type: &str, expires_in: u64) -> Value {
    serde_json::json!({
        "token_type": token_type,
        "expires_in": expires_in,
        "access_token": token,
        "scope": "okta.users.read okta.groups.manage",
    })
}

/// One request as seen by the mock server.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub content_type: Option<String>,
    pub dpop: Option<String>,
    pub body: Vec<u8>,
}

/// Records the requests that reach a mock (via an always-true matcher).
///
/// httpmock may evaluate a matcher more than once per request, so entries are
/// de-duplicated by body and DPoP header (both carry a fresh `jti` per request).
#[derive(Clone, Default)]
pub struct Recorder(Arc<Mutex<Vec<Seen>>>);

impl Recorder {
    pub fn matcher(&self) -> impl Fn(&HttpMockRequest) -> bool + Send + Sync + 'static {
        let seen = self.0.clone();
        move |req: &HttpMockRequest| {
            let headers = req.headers();
            let get = |name: &str| {
                headers
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            };
            let entry = Seen {
                method: req.method().to_string(),
                path: req.uri().path().to_owned(),
                content_type: get("content-type"),
                dpop: get("dpop"),
                body: req.body().to_vec(),
            };
            let mut seen = seen.lock().unwrap();
            if !seen
                .iter()
                .any(|s| s.body == entry.body && s.dpop == entry.dpop)
            {
                seen.push(entry);
            }
            true
        }
    }

    pub fn requests(&self) -> Vec<Seen> {
        self.0.lock().unwrap().clone()
    }
}

/// The `nonce` claim of the DPoP proof in `req`, if any.
pub fn proof_nonce(req: &HttpMockRequest) -> Option<String> {
    let headers = req.headers();
    let proof = headers.get("dpop")?.to_str().ok()?;
    jwt_part(proof, 1)
        .get("nonce")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// Asserts that all strings in `values` are distinct.
pub fn assert_unique(values: &[String]) {
    let set: HashSet<&String> = values.iter().collect();
    assert_eq!(set.len(), values.len(), "values are not unique: {values:?}");
}
