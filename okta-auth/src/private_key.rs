//! OAuth 2.0 client credentials with a `private_key_jwt` client assertion,
//! optionally with DPoP-bound access tokens.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use futures::future::BoxFuture;
use okta_config::{OktaConfig, Secret};
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION};
use reqwest::{StatusCode, Url};
use serde_json::{json, Map, Value};

use crate::clock::{unix_seconds, Clock, SystemClock};
use crate::dpop::{self, Dpop, DPOP};
use crate::jws::{random_jti, JwsKey};
use crate::key::parse_private_key;
use crate::static_token::auth_header;
use crate::{AuthError, CredentialSource, RejectionAdvice};

/// `client_assertion_type` for a JWT client assertion (RFC 7523).
const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// Lifetime of a client assertion; Okta accepts at most one hour.
const ASSERTION_LIFETIME: Duration = Duration::from_secs(5 * 60);
/// Longest token lifetime believed: a larger `expires_in` is clamped to it, so
/// the token is renewed at least daily and no time computation overflows.
const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);
/// Bound of a token request when no request timeout is configured.
const DEFAULT_TOKEN_TIMEOUT: Duration = Duration::from_secs(30);
/// How many times a token request is resent after a `429`, `503`, `504` or a
/// transport failure.
const MAX_TOKEN_RETRIES: u32 = 2;
/// First backoff of a token request retry; doubles with each retry.
const TOKEN_BACKOFF: Duration = Duration::from_millis(100);
/// How many times a token request is resent after a `use_dpop_nonce` error.
const MAX_NONCE_RETRIES: usize = 2;

/// OAuth 2.0 client credentials (`private_key_jwt`) for Okta's org
/// authorization server.
///
/// On first use it signs a client assertion with the configured private key
/// (RS256 for RSA, ES256 for EC P-256), posts it to
/// `{orgUrl}/oauth2/v1/token`, and caches the access token it gets back. The
/// token is renewed `renewal_offset` before it expires (or halfway through
/// its lifetime, if that comes first); concurrent callers wait for a single
/// token request. A `401` from the API drops the cached token so the retry
/// gets a new one.
///
/// With DPoP enabled (RFC 9449) an ephemeral P-256 key is generated when the
/// source is built, every token request and API call carries a `DPoP` proof,
/// and server nonces (`use_dpop_nonce`) are learned and replayed.
///
/// A token endpoint error is returned as [`AuthError::TokenEndpoint`]. A
/// token request changes nothing on the server, so it is retried (at most
/// twice, with a fresh client assertion) after `429` (waiting for the
/// rate-limit reset), `503`, `504` or a transport failure, and after DPoP
/// nonce challenges (at most two). Everything, the wait for another caller's
/// renewal included, is bounded by the request timeout (default 30 s);
/// past it the call fails with [`AuthError::TokenTimeout`], so a hung token
/// endpoint never blocks callers for longer.
///
/// Built without [`PrivateKeyJwtBuilder::http_client`], it uses its own
/// client that follows no redirect (the assertion and the `DPoP` proof are
/// never re-posted elsewhere). When several requests are rejected with `401` at the same
/// time, each rejection drops the cached token, so a few extra token requests
/// may follow.
///
/// `Debug` shows the client id, endpoint and scopes, never the key or tokens.
///
/// ```no_run
/// # async fn demo() -> Result<(), okta_auth::AuthError> {
/// use okta_auth::{CredentialSource, PrivateKeyJwt};
/// use okta_config::Secret;
///
/// let pem = std::fs::read_to_string("key.pem").expect("key file");
/// let source = PrivateKeyJwt::builder(
///     "https://dev-123.okta.com".parse().unwrap(),
///     "0oa1234567890abcdef",
///     Secret::new(pem),
/// )
/// .scopes(["okta.users.read"])
/// .build()?;
///
/// let mut request = reqwest::Request::new(
///     reqwest::Method::GET,
///     "https://dev-123.okta.com/api/v1/users".parse().unwrap(),
/// );
/// source.authorize(&mut request).await?;
/// # Ok(())
/// # }
/// ```
pub struct PrivateKeyJwt {
    http: reqwest::Client,
    token_url: Url,
    client_id: String,
    scope: String,
    key: JwsKey,
    kid: Option<String>,
    renewal_offset: Duration,
    request_timeout: Duration,
    clock: Arc<dyn Clock>,
    dpop: Option<Dpop>,
    token: tokio::sync::Mutex<Option<Arc<CachedToken>>>,
}

/// An access token ready to be put on requests.
struct CachedToken {
    /// `Bearer <token>` or `DPoP <token>`, marked sensitive.
    header: HeaderValue,
    /// The raw token, for the DPoP `ath` claim.
    access_token: Secret,
    /// Whether the token is DPoP-bound (every request needs a proof).
    dpop_bound: bool,
    /// When to fetch a new one; `None` when the server gave no lifetime.
    renew_at: Option<SystemTime>,
}

impl CachedToken {
    fn is_fresh(&self, now: SystemTime) -> bool {
        self.renew_at.is_none_or(|at| now < at)
    }
}

impl fmt::Debug for PrivateKeyJwt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKeyJwt")
            .field("token_url", &self.token_url.as_str())
            .field("client_id", &self.client_id)
            .field("scope", &self.scope)
            .field("alg", &self.key.alg())
            .field("kid", &self.kid)
            .field("renewal_offset", &self.renewal_offset)
            .field("request_timeout", &self.request_timeout)
            .field("dpop", &self.dpop.is_some())
            .field("clock", &self.clock)
            .finish_non_exhaustive()
    }
}

/// Builds a [`PrivateKeyJwt`]; see [`PrivateKeyJwt::builder`] and
/// [`PrivateKeyJwtBuilder::from_config`].
#[derive(Debug)]
#[must_use]
pub struct PrivateKeyJwtBuilder {
    org_url: Url,
    client_id: String,
    private_key: Secret,
    scopes: Vec<String>,
    kid: Option<String>,
    renewal_offset: Duration,
    request_timeout: Duration,
    dpop: bool,
    allow_http: bool,
    http: Option<reqwest::Client>,
    clock: Arc<dyn Clock>,
}

impl PrivateKeyJwtBuilder {
    /// A builder with the PrivateKey settings of `config`: org URL, client
    /// id, private key, scopes, kid, renewal offset, request timeout, DPoP
    /// and the https check. Fails when the client id or private key is missing.
    pub fn from_config(config: &OktaConfig) -> Result<Self, AuthError> {
        let client_id = config
            .client_id
            .clone()
            .filter(|id| !id.trim().is_empty())
            .ok_or_else(|| {
                AuthError::Config(
                    "authorization mode PrivateKey needs a client id (okta.client.clientId)".into(),
                )
            })?;
        let private_key = config.private_key.clone().ok_or_else(|| {
            AuthError::Config(
                "authorization mode PrivateKey needs a private key (okta.client.privateKey)".into(),
            )
        })?;
        let mut builder = PrivateKeyJwt::builder(config.org_url.clone(), client_id, private_key)
            .scopes(config.scopes.iter().cloned())
            .renewal_offset(config.oauth_token_renewal_offset)
            .dpop(config.dpop_enabled)
            .allow_insecure_http(config.disable_https_check);
        if let Some(kid) = &config.kid {
            builder = builder.kid(kid.clone());
        }
        if let Some(timeout) = config.request_timeout.filter(|t| !t.is_zero()) {
            builder = builder.request_timeout(timeout);
        }
        Ok(builder)
    }

    /// The scopes to request (joined with spaces). At least one is required.
    pub fn scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// The key id put in the client assertion header, overriding a `kid`
    /// found in a JWK.
    pub fn kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// How long before expiry the access token is renewed. Default
    /// [`okta_config::defaults::OAUTH_TOKEN_RENEWAL_OFFSET`] (the
    /// `oauthTokenRenewalOffset` setting's default).
    pub fn renewal_offset(mut self, offset: Duration) -> Self {
        self.renewal_offset = offset;
        self
    }

    /// Bound of obtaining a token: the token request with its retries, and
    /// the wait for another caller's renewal. Default: the configured
    /// `requestTimeout`, else 30 s.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// Whether to use DPoP-bound tokens (RFC 9449). Default off.
    pub fn dpop(mut self, enabled: bool) -> Self {
        self.dpop = enabled;
        self
    }

    /// Allows an `http://` token endpoint (`okta.testing.disableHttpsCheck`).
    /// For tests against a local server only.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// The HTTP client for token requests, already configured with proxy and
    /// timeouts; its redirect policy is then the caller's responsibility.
    /// Default: a client with reqwest's defaults except that it follows no
    /// redirect.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The clock used for JWT timestamps and token expiry. Default
    /// [`SystemClock`].
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Parses the key, checks the settings and (with DPoP) generates the
    /// ephemeral key pair. No request is sent yet.
    pub fn build(self) -> Result<PrivateKeyJwt, AuthError> {
        let token_url = token_endpoint(&self.org_url)?;
        if !okta_config::is_allowed_scheme(&token_url, self.allow_http) {
            return Err(AuthError::Config(format!(
                "refusing to send credentials to the {}:// token endpoint \
                 {token_url}; use https (okta.testing.disableHttpsCheck allows \
                 http for tests)",
                token_url.scheme()
            )));
        }
        if token_url.scheme() != "https" {
            tracing::warn!(
                token_url = %token_url,
                "https check disabled: the client assertion is sent over plain http"
            );
        }
        if self.client_id.trim().is_empty() {
            return Err(AuthError::Config("the client id is empty".into()));
        }
        let scopes: Vec<&str> = self
            .scopes
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        if scopes.is_empty() {
            return Err(AuthError::Config(
                "authorization mode PrivateKey needs at least one scope (okta.client.scopes)"
                    .into(),
            ));
        }
        let parsed = parse_private_key(self.private_key.expose())?;
        let kid = self.kid.or(parsed.kid);
        let dpop = self.dpop.then(Dpop::generate);
        tracing::debug!(
            token_url = %token_url,
            client_id = %self.client_id,
            alg = parsed.key.alg(),
            dpop = dpop.is_some(),
            "OAuth 2.0 private_key_jwt credentials ready"
        );
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| {
                    AuthError::Config(format!("cannot build the HTTP client: {}", e.without_url()))
                })?,
        };
        Ok(PrivateKeyJwt {
            http,
            token_url,
            client_id: self.client_id,
            scope: scopes.join(" "),
            key: parsed.key,
            kid,
            renewal_offset: self.renewal_offset,
            request_timeout: self.request_timeout,
            clock: self.clock,
            dpop,
            token: tokio::sync::Mutex::new(None),
        })
    }
}

/// `{orgUrl}/oauth2/v1/token`.
fn token_endpoint(org_url: &Url) -> Result<Url, AuthError> {
    let base = org_url.as_str().trim_end_matches('/');
    format!("{base}/oauth2/v1/token")
        .parse()
        .map_err(|e| AuthError::Config(format!("cannot build the token endpoint URL: {e}")))
}

impl PrivateKeyJwt {
    /// A builder for `client_id` at the org `org_url`, signing with
    /// `private_key` (PEM — PKCS#1, PKCS#8 or SEC1 — or JWK text).
    pub fn builder(
        org_url: Url,
        client_id: impl Into<String>,
        private_key: Secret,
    ) -> PrivateKeyJwtBuilder {
        PrivateKeyJwtBuilder {
            org_url,
            client_id: client_id.into(),
            private_key,
            scopes: Vec::new(),
            kid: None,
            renewal_offset: okta_config::defaults::OAUTH_TOKEN_RENEWAL_OFFSET,
            request_timeout: DEFAULT_TOKEN_TIMEOUT,
            dpop: false,
            allow_http: false,
            http: None,
            clock: Arc::new(SystemClock),
        }
    }

    /// Builds the source from the PrivateKey settings of `config`, sending
    /// token requests with `http`.
    pub fn from_config(config: &OktaConfig, http: reqwest::Client) -> Result<Self, AuthError> {
        PrivateKeyJwtBuilder::from_config(config)?
            .http_client(http)
            .build()
    }

    /// The token endpoint, `{orgUrl}/oauth2/v1/token`.
    pub fn token_endpoint(&self) -> &Url {
        &self.token_url
    }

    /// The JWS algorithm of client assertions: `RS256` or `ES256`.
    pub fn algorithm(&self) -> &'static str {
        self.key.alg()
    }

    /// Whether DPoP is in use.
    pub fn dpop_enabled(&self) -> bool {
        self.dpop.is_some()
    }

    /// Drops the cached access token; the next request fetches a new one.
    pub async fn invalidate(&self) {
        *self.token.lock().await = None;
    }

    /// The cached token if still fresh, otherwise a new one, within the
    /// request timeout (counted from this call, so a caller waiting for
    /// another one's renewal is bounded too).
    async fn current_token(&self) -> Result<Arc<CachedToken>, AuthError> {
        match tokio::time::timeout(self.request_timeout, self.current_token_unbounded()).await {
            Ok(result) => result,
            Err(_) => {
                tracing::warn!(
                    token_url = %self.token_url,
                    limit_ms = u64::try_from(self.request_timeout.as_millis()).unwrap_or(u64::MAX),
                    "token request timed out"
                );
                Err(AuthError::TokenTimeout {
                    url: self.token_url.to_string(),
                    limit: self.request_timeout,
                })
            }
        }
    }

    /// The cached token if still fresh, otherwise a new one. The lock is held
    /// while fetching so concurrent callers share one token request; the
    /// caller bounds the whole.
    async fn current_token_unbounded(&self) -> Result<Arc<CachedToken>, AuthError> {
        let mut cached = self.token.lock().await;
        if let Some(token) = cached.as_ref() {
            if token.is_fresh(self.clock.now()) {
                return Ok(Arc::clone(token));
            }
            tracing::debug!("access token is due for renewal");
        }
        *cached = None;
        let token = Arc::new(self.fetch_token().await?);
        *cached = Some(Arc::clone(&token));
        Ok(token)
    }

    fn client_assertion(&self, now: SystemTime) -> Result<String, AuthError> {
        let iat = unix_seconds(now);
        let claims = json!({
            "iss": self.client_id,
            "sub": self.client_id,
            "aud": self.token_url.as_str(),
            "iat": iat,
            "exp": iat.saturating_add(ASSERTION_LIFETIME.as_secs()),
            "jti": random_jti(),
        });
        let mut header = Map::new();
        header.insert("typ".into(), Value::String("JWT".into()));
        if let Some(kid) = &self.kid {
            header.insert("kid".into(), Value::String(kid.clone()));
        }
        self.key.sign_jwt(header, &claims, "client assertion")
    }

    async fn fetch_token(&self) -> Result<CachedToken, AuthError> {
        let mut nonce_retries = 0;
        let mut retries: u32 = 0;
        loop {
            let started = self.clock.now();
            let assertion = self.client_assertion(started)?;
            let form = [
                ("grant_type", "client_credentials"),
                ("scope", self.scope.as_str()),
                ("client_assertion_type", ASSERTION_TYPE),
                ("client_assertion", assertion.as_str()),
            ];
            let mut request = self
                .http
                .post(self.token_url.clone())
                .header(ACCEPT, "application/json")
                .form(&form);
            if let Some(dpop) = &self.dpop {
                let mut proof = HeaderValue::from_str(&dpop.token_proof(&self.token_url, started)?)
                    .map_err(|_| AuthError::Signing {
                        what: "DPoP proof",
                        reason: "not a valid header value".into(),
                    })?;
                proof.set_sensitive(true);
                request = request.header(DPOP, proof);
            }
            tracing::debug!(
                token_url = %self.token_url,
                client_id = %self.client_id,
                scope = %self.scope,
                dpop = self.dpop.is_some(),
                "requesting an access token"
            );
            let transport = |e: reqwest::Error| AuthError::Transport {
                url: self.token_url.to_string(),
                source: Arc::new(e.without_url()),
            };
            let response = match request.send().await {
                Ok(response) => response,
                Err(e) if retries < MAX_TOKEN_RETRIES => {
                    retries += 1;
                    let wait = backoff(retries);
                    tracing::debug!(
                        retry = retries,
                        connect = e.is_connect(),
                        "token request failed in transport; retrying"
                    );
                    tokio::time::sleep(wait).await;
                    continue;
                }
                Err(e) => return Err(transport(e)),
            };
            let status = response.status();
            let nonce = dpop::nonce_header(response.headers());
            let headers = response.headers().clone();
            let content_type = response
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("none")
                .to_owned();
            let body = response.bytes().await.map_err(transport)?;

            if status.is_success() {
                if let (Some(dpop), Some(nonce)) = (&self.dpop, nonce) {
                    dpop.set_token_nonce(nonce);
                }
                return self.parse_token(status, &body, started);
            }

            let error = parse_error(status, &body, &content_type);
            if let Some(wait) = self.retry_wait(status, &headers, retries) {
                retries += 1;
                tracing::debug!(
                    retry = retries,
                    status = status.as_u16(),
                    wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                    "token endpoint asked to retry"
                );
                tokio::time::sleep(wait).await;
                continue;
            }
            if let (Some(dpop), Some("use_dpop_nonce")) = (&self.dpop, error.oauth_error()) {
                if let Some(nonce) = nonce {
                    if nonce_retries < MAX_NONCE_RETRIES {
                        nonce_retries += 1;
                        tracing::debug!(
                            retry = nonce_retries,
                            "token endpoint asked for a DPoP nonce; retrying with it"
                        );
                        dpop.set_token_nonce(nonce);
                        continue;
                    }
                }
            }
            tracing::warn!(
                token_url = %self.token_url,
                status = status.as_u16(),
                error = error.oauth_error().unwrap_or("none"),
                "token request failed"
            );
            return Err(error);
        }
    }

    /// The wait before resending a token request answered `status`, or
    /// `None` when it is final: `429` waits for the rate-limit reset (a reset
    /// beyond the request timeout is final), `503`/`504` back off.
    fn retry_wait(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        retries: u32,
    ) -> Option<Duration> {
        if retries >= MAX_TOKEN_RETRIES {
            return None;
        }
        let wait = match status {
            StatusCode::TOO_MANY_REQUESTS => reset_wait(headers).unwrap_or(backoff(retries + 1)),
            StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT => backoff(retries + 1),
            _ => return None,
        };
        (wait < self.request_timeout).then_some(wait)
    }

    fn parse_token(
        &self,
        status: StatusCode,
        body: &[u8],
        started: SystemTime,
    ) -> Result<CachedToken, AuthError> {
        let bad = |reason: &str| AuthError::UnexpectedTokenResponse {
            status,
            reason: reason.to_owned(),
        };
        let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(body) else {
            return Err(bad("the body is not a JSON object"));
        };
        let access_token = match object.get("access_token") {
            Some(Value::String(t)) if !t.is_empty() => t.clone(),
            Some(_) => return Err(bad("`access_token` is not a non-empty string")),
            None => return Err(bad("missing `access_token`")),
        };
        let token_type = match object.get("token_type") {
            None | Some(Value::Null) => "Bearer",
            Some(Value::String(t)) => t.as_str(),
            Some(_) => return Err(bad("`token_type` is not a string")),
        };
        let dpop_bound = if token_type.eq_ignore_ascii_case("DPoP") {
            if self.dpop.is_none() {
                return Err(bad("a DPoP-bound token was issued but DPoP is not enabled"));
            }
            true
        } else if token_type.eq_ignore_ascii_case("Bearer") {
            if self.dpop.is_some() {
                tracing::warn!("DPoP is enabled but the server issued a Bearer token");
            }
            false
        } else {
            return Err(bad("unsupported `token_type` (expected Bearer or DPoP)"));
        };
        let expires_in = match object.get("expires_in") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => Some(
                n.as_u64()
                    .ok_or_else(|| bad("`expires_in` is not a non-negative integer"))?,
            ),
            Some(Value::String(s)) => Some(
                s.parse::<u64>()
                    .map_err(|_| bad("`expires_in` is not a non-negative integer"))?,
            ),
            Some(_) => return Err(bad("`expires_in` is not a number")),
        };
        let renew_at = expires_in.map(|secs| {
            let lifetime = Duration::from_secs(secs.min(MAX_TOKEN_LIFETIME.as_secs()));
            let margin = self.renewal_offset.min(lifetime / 2);
            let renew_in = lifetime.saturating_sub(margin);
            started.checked_add(renew_in).unwrap_or(started)
        });
        let scheme = if dpop_bound { "DPoP" } else { "Bearer" };
        let header = auth_header(scheme, &access_token, "access token")
            .map_err(|_| bad("the access token cannot be used in a header"))?;
        tracing::debug!(
            token_type = scheme,
            expires_in = ?expires_in,
            "obtained an access token"
        );
        Ok(CachedToken {
            header,
            access_token: Secret::new(access_token),
            dpop_bound,
            renew_at,
        })
    }
}

/// The backoff before token request retry number `retry` (1-based).
fn backoff(retry: u32) -> Duration {
    let factor = 1u32
        .checked_shl(retry.saturating_sub(1))
        .unwrap_or(u32::MAX);
    TOKEN_BACKOFF.saturating_mul(factor)
}

/// `X-Rate-Limit-Reset − Date + 1 s`, when both headers are readable.
fn reset_wait(headers: &HeaderMap) -> Option<Duration> {
    let reset = headers
        .get_all("x-rate-limit-reset")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|v| v.trim().parse::<u64>().ok())
        .min()?;
    let date = headers
        .get(reqwest::header::DATE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v.trim()).ok())?;
    let date_secs = date.duration_since(SystemTime::UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(
        reset.saturating_sub(date_secs).saturating_add(1),
    ))
}

/// Turns a non-2xx token endpoint response into an error.
fn parse_error(status: StatusCode, body: &[u8], content_type: &str) -> AuthError {
    if let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(body) {
        if let Some(Value::String(error)) = object.get("error") {
            let description = match object.get("error_description") {
                Some(Value::String(d)) => Some(d.clone()),
                _ => None,
            };
            return AuthError::TokenEndpoint {
                status,
                error: error.clone(),
                description,
            };
        }
    }
    AuthError::UnexpectedTokenResponse {
        status,
        reason: format!(
            "no OAuth 2.0 error in the response (content type {content_type}, {} bytes)",
            body.len()
        ),
    }
}

impl CredentialSource for PrivateKeyJwt {
    /// The client at its org and scopes (renewals keep the identity).
    fn cache_identity(&self) -> Option<String> {
        let principal = format!("{} {} {}", self.token_url, self.client_id, self.scope);
        Some(format!(
            "private-key:{}",
            crate::identity_hash(principal.as_bytes())
        ))
    }

    fn authorize<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), AuthError>> {
        Box::pin(async move {
            let token = self.current_token().await?;
            request
                .headers_mut()
                .insert(AUTHORIZATION, token.header.clone());
            match (&self.dpop, token.dpop_bound) {
                (Some(dpop), true) => {
                    let proof = dpop.resource_proof(
                        request.method(),
                        request.url(),
                        token.access_token.expose(),
                        self.clock.now(),
                    )?;
                    let mut proof =
                        HeaderValue::from_str(&proof).map_err(|_| AuthError::Signing {
                            what: "DPoP proof",
                            reason: "not a valid header value".into(),
                        })?;
                    proof.set_sensitive(true);
                    request.headers_mut().insert(DPOP, proof);
                }
                _ => {
                    request.headers_mut().remove(DPOP);
                }
            }
            Ok(())
        })
    }

    fn on_rejected<'a>(
        &'a self,
        status: StatusCode,
        headers: &'a HeaderMap,
    ) -> BoxFuture<'a, Result<RejectionAdvice, AuthError>> {
        Box::pin(async move {
            if let Some(dpop) = &self.dpop {
                let nonce = dpop::nonce_header(headers);
                if dpop::is_nonce_challenge(headers) {
                    return Ok(match nonce {
                        Some(nonce) => {
                            tracing::debug!("resource server asked for a DPoP nonce; retrying");
                            dpop.set_resource_nonce(nonce);
                            RejectionAdvice::RetryOnce
                        }
                        None => {
                            tracing::warn!("use_dpop_nonce challenge without a DPoP-Nonce header");
                            RejectionAdvice::GiveUp
                        }
                    });
                }
                if let Some(nonce) = nonce {
                    dpop.set_resource_nonce(nonce);
                }
            }
            if status == StatusCode::UNAUTHORIZED {
                tracing::debug!("request rejected with 401; dropping the cached access token");
                self.invalidate().await;
                Ok(RejectionAdvice::RetryOnce)
            } else {
                Ok(RejectionAdvice::GiveUp)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = include_str!("../tests/data/ec_pkcs8.pem");

    fn org() -> Url {
        "https://dev-1.okta.com".parse().expect("org URL")
    }

    #[test]
    fn the_renewal_offset_default_is_the_settings_default() {
        let builder = PrivateKeyJwt::builder(org(), "0oa1", Secret::new(KEY));
        assert_eq!(
            builder.renewal_offset,
            okta_config::defaults::OAUTH_TOKEN_RENEWAL_OFFSET
        );
        let mut config = OktaConfig::for_org(org());
        config.client_id = Some("0oa1".into());
        config.private_key = Some(Secret::new(KEY));
        let from_config = PrivateKeyJwtBuilder::from_config(&config).expect("builder");
        assert_eq!(from_config.renewal_offset, builder.renewal_offset);
    }

    #[test]
    fn the_token_endpoint_follows_the_one_https_rule() {
        for (org_url, allow_http) in [
            ("https://dev-1.okta.com", false),
            ("http://127.0.0.1:8080", false),
            ("http://127.0.0.1:8080", true),
        ] {
            let url: Url = org_url.parse().expect("org URL");
            let built = PrivateKeyJwt::builder(url.clone(), "0oa1", Secret::new(KEY))
                .scopes(["okta.users.read"])
                .allow_insecure_http(allow_http)
                .build();
            assert_eq!(
                built.is_ok(),
                okta_config::is_allowed_scheme(&url, allow_http),
                "{org_url} with allow_http = {allow_http}"
            );
        }
    }
}
