//! The attempt loop: authorize each attempt, send it, classify the outcome,
//! wait and resend within the retry budget and the request timeout.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use okta_auth::{CredentialSource, RejectionAdvice};
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};

use crate::error::{ApiError, Error, Result};
use crate::origin::OrgOrigin;
use crate::pacing::{bucket_of, Pace, Pacer};
use crate::rate_limit::request_id_of;
use crate::retry::{classify_with, AttemptOutcome, Idempotency, RetryPolicy, Retryable};
use okta_auth::Clock;

/// Header naming the request id of the response that caused a retry.
pub const RETRY_FOR_HEADER: &str = "x-okta-retry-for";
/// Header counting the resends of a request (1 on the first retry).
pub const RETRY_COUNT_HEADER: &str = "x-okta-retry-count";

/// What the attempt loop sends with: borrowed from the runtime for one call.
pub(crate) struct Attempts<'a> {
    /// Sends each attempt.
    pub(crate) http: &'a reqwest::Client,
    /// Authorizes each attempt.
    pub(crate) credentials: Option<&'a Arc<dyn CredentialSource>>,
    /// Reads the time for the deadline and sleeps between attempts.
    pub(crate) clock: &'a dyn Clock,
    /// How many retries and how long each wait.
    pub(crate) retry: &'a RetryPolicy,
    /// Where redirects may point.
    pub(crate) origin: &'a OrgOrigin,
    /// Holds attempts back for the rate limits and learns from responses.
    pub(crate) pacer: &'a Pacer,
    /// Bound on the whole call (`None`: no bound).
    pub(crate) request_timeout: Option<Duration>,
}

/// The loop's state between attempts.
struct LoopState {
    template: Option<reqwest::Request>,
    retries: u32,
    resends: u32,
    reauthorized: bool,
    previous_id: Option<String>,
}

impl Attempts<'_> {
    /// Sends `request` until it succeeds (2xx or 3xx), fails for good, the
    /// retry budget is spent or the deadline passes. Records `attempt`,
    /// `status`, `request_id` and `wait_ms` on the current span.
    pub(crate) async fn send(
        &self,
        request: reqwest::Request,
        operation: &str,
        method: &Method,
        idempotency: Idempotency,
    ) -> Result<reqwest::Response> {
        let limit = self.request_timeout;
        // A limit too large to add to the current time is no limit.
        let deadline = limit.and_then(|t| self.clock.now().checked_add(t));
        let timeout = || Error::Timeout {
            operation: operation.to_owned(),
            limit,
        };
        let mut state = LoopState {
            template: Some(request),
            retries: 0,
            resends: 0,
            reauthorized: false,
            previous_id: None,
        };
        let span = tracing::Span::current();
        let bucket = bucket_of(method, request_url_path(&state));

        loop {
            let Some(mut req) = next_attempt(&mut state.template) else {
                return Err(Error::InvalidRequest(
                    "the request body cannot be re-sent".into(),
                ));
            };
            // Pacing: wait for the bucket's turn before authorizing (a
            // token obtained now is fresh when sent).
            let permit = self
                .pacer
                .admit(&bucket, self.clock, deadline, self.retry.max_wait)
                .await
                .map_err(|_| timeout())?;
            span.record("attempt", state.resends + 1);
            if state.resends > 0 {
                mark_resend(&mut req, state.previous_id.as_deref(), state.resends);
            }
            if let Some(creds) = self.credentials {
                // Obtaining credentials (a token request) counts against the
                // request timeout too.
                match self.time_left(deadline) {
                    Some(left) => tokio::time::timeout(left, creds.authorize(&mut req))
                        .await
                        .map_err(|_| timeout())?
                        .map_err(Error::auth)?,
                    None => creds.authorize(&mut req).await.map_err(Error::auth)?,
                }
            }
            if let Some(left) = self.time_left(deadline) {
                if left.is_zero() {
                    return Err(timeout());
                }
                let t = req.timeout_mut();
                *t = Some(t.map_or(left, |own| own.min(left)));
            }

            let outcome = self.http.execute(req).await;
            let pace = match &outcome {
                Ok(resp) => permit.record(self.clock.now(), resp.status(), resp.headers()),
                Err(_) => {
                    permit.release();
                    Pace::Nothing
                }
            };
            let (verdict, error) = match outcome {
                Ok(resp) => {
                    let status = resp.status();
                    let request_id = request_id_of(resp.headers());
                    span.record("status", status.as_u16());
                    if let Some(id) = &request_id {
                        span.record("request_id", id.as_str());
                    }
                    tracing::debug!(status = status.as_u16(), "response received");
                    if status.is_success() || status.is_redirection() {
                        if status.is_redirection() {
                            self.origin.check_redirect(&resp)?;
                        }
                        return Ok(resp);
                    }
                    if status == StatusCode::UNAUTHORIZED
                        && self.resend_after_401(&resp, &mut state).await?
                    {
                        state.previous_id = request_id;
                        tracing::debug!("credentials refreshed; resending once");
                        continue;
                    }
                    let verdict = classify_with(
                        method,
                        idempotency,
                        AttemptOutcome::Response {
                            status,
                            headers: resp.headers(),
                        },
                    );
                    let headers = resp.headers().clone();
                    let body = resp.bytes().await.unwrap_or_default();
                    let api = ApiError::from_parts(status, &headers, &body, Some(operation));
                    state.previous_id = request_id;
                    (verdict, Error::Api(Box::new(api)))
                }
                Err(e) => {
                    if e.is_timeout() {
                        return Err(timeout());
                    }
                    let verdict = classify_with(
                        method,
                        idempotency,
                        AttemptOutcome::TransportError {
                            connect: e.is_connect(),
                        },
                    );
                    tracing::debug!(connect = e.is_connect(), "transport error");
                    state.previous_id = None;
                    (verdict, Error::from_reqwest(operation, e))
                }
            };

            let planned =
                pace.wait_before(self.retry, verdict, state.retries + 1, self.clock.now());
            let wait = match planned {
                Some(wait) if state.template.is_some() && verdict != Retryable::No => wait,
                _ => return Err(error),
            };
            if let Some(deadline) = deadline {
                let overruns = self
                    .clock
                    .now()
                    .checked_add(wait)
                    .is_none_or(|end| end >= deadline);
                if overruns {
                    tracing::warn!(
                        wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                        "retry wait would overrun the request timeout"
                    );
                    // A rate limit that resets too late is the answer itself.
                    return Err(if error.is_rate_limited() {
                        error
                    } else {
                        timeout()
                    });
                }
            }
            let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
            span.record("wait_ms", wait_ms);
            tracing::warn!(
                wait_ms,
                retry = state.retries + 1,
                status = error.status().map(|s| s.as_u16()),
                "retrying"
            );
            self.clock.sleep(wait).await;
            state.retries += 1;
            state.resends += 1;
        }
    }

    /// The time left until `deadline` (zero once passed), `None` without one.
    fn time_left(&self, deadline: Option<SystemTime>) -> Option<Duration> {
        deadline.map(|deadline| {
            deadline
                .duration_since(self.clock.now())
                .unwrap_or(Duration::ZERO)
        })
    }

    /// After a `401`: whether the credential source advises one resend with
    /// fresh credentials (at most once per call, and only when the request
    /// can be re-sent). Marks the loop state when it does.
    async fn resend_after_401(
        &self,
        resp: &reqwest::Response,
        state: &mut LoopState,
    ) -> Result<bool> {
        if state.reauthorized {
            return Ok(false);
        }
        let Some(creds) = self.credentials else {
            return Ok(false);
        };
        let advice = creds
            .on_rejected(resp.status(), resp.headers())
            .await
            .map_err(Error::auth)?;
        if advice == RejectionAdvice::RetryOnce && state.template.is_some() {
            state.reauthorized = true;
            state.resends += 1;
            Ok(true)
        } else {
            Ok(false)
        }
    }
}

/// The path of the request the loop sends.
fn request_url_path(state: &LoopState) -> &str {
    state.template.as_ref().map_or("", |r| r.url().path())
}

/// Puts the resend headers on a resent attempt.
fn mark_resend(req: &mut reqwest::Request, previous_id: Option<&str>, resends: u32) {
    if let Some(id) = previous_id.and_then(|v| HeaderValue::from_str(v).ok()) {
        req.headers_mut()
            .insert(HeaderName::from_static(RETRY_FOR_HEADER), id);
    }
    req.headers_mut().insert(
        HeaderName::from_static(RETRY_COUNT_HEADER),
        HeaderValue::from(resends),
    );
}

/// A copy of the request for the next attempt; the request itself when its
/// body cannot be copied (then there is no further attempt).
fn next_attempt(template: &mut Option<reqwest::Request>) -> Option<reqwest::Request> {
    match template.as_ref().and_then(|t| t.try_clone()) {
        Some(copy) => Some(copy),
        None => template.take(),
    }
}
