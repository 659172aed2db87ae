//! The one error type of the SDK.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use okta_auth::AuthError;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::{Deserialize, Serialize};

use crate::mask::{mask_json, mask_message};
use crate::rate_limit::{request_id_of, RateLimit};

/// Operation name of errors converted from the generated client, which does
/// not say which operation failed.
const UNNAMED_OPERATION: &str = "request";

/// Status of the synthetic response that carries a non-HTTP error.
pub const SYNTHETIC_ERROR_STATUS: u16 = 599;

/// Longest body excerpt kept in an error, in characters.
const EXCERPT_CHARS: usize = 200;
/// Response headers never copied into an error.
const DROPPED_HEADERS: &[&str] = &[
    "set-cookie",
    "authorization",
    "content-length",
    "content-encoding",
    "transfer-encoding",
    "connection",
];

/// Result alias using the SDK [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong with a call to the Okta API.
///
/// Cheap to clone; messages never contain credentials.
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status (4xx or 5xx).
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The request could not be sent or the response could not be read.
    #[error("{operation}: transport error: {message}")]
    Transport {
        /// The operation being called.
        operation: String,
        /// What went wrong (never includes a URL query or credentials).
        message: String,
        /// The underlying HTTP client error, when available.
        #[source]
        source: Option<Arc<reqwest::Error>>,
    },
    /// The call did not complete within the configured request timeout.
    #[error("{operation}: the call did not complete within the request timeout{}", fmt_limit(.limit))]
    Timeout {
        /// The operation being called.
        operation: String,
        /// The configured bound, when one applied.
        limit: Option<Duration>,
    },
    /// The runtime cannot be built or used with this configuration.
    #[error("configuration error: {0}")]
    Config(String),
    /// The configuration could not be loaded: every problem, each naming its source
    /// (file and key, environment variable or explicit value) and the fix.
    #[error(transparent)]
    InvalidConfig(okta_config::ConfigError),
    /// Credentials could not be produced.
    #[error("authentication failed: {0}")]
    Auth(#[source] Arc<AuthError>),
    /// A response body did not have the expected shape.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// A request (a next page, a redirect) would leave the org's origin; it
    /// was not sent.
    #[error("refusing to send a request to {origin}: it is not the org's origin {expected}")]
    ForeignOrigin {
        /// The origin that was refused (`scheme://host[:port]`).
        origin: String,
        /// The org's origin.
        expected: String,
    },
    /// The request could not be built.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// A successful response could not be used: e.g. a malformed or
    /// non-ASCII `Link` header, which would otherwise end a listing early.
    #[error("{operation}: unusable response: {message}")]
    InvalidResponse {
        /// The operation being called.
        operation: String,
        /// What is wrong (never a header or body value).
        message: String,
    },
}

fn fmt_limit(limit: &Option<Duration>) -> String {
    match limit {
        Some(limit) => format!(" ({limit:?})"),
        None => String::new(),
    }
}

impl Error {
    /// The operation that failed (the spec's operationId for generated and hand-written
    /// operations, the name given with `RawRequest::operation` for raw requests), when
    /// the error concerns one.
    pub fn operation(&self) -> Option<&str> {
        match self {
            Error::Api(api) => api.operation.as_deref(),
            Error::Transport { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::InvalidResponse { operation, .. } => Some(operation),
            Error::Decode(decode) => decode.operation.as_deref(),
            Error::Config(_)
            | Error::InvalidConfig(_)
            | Error::Auth(_)
            | Error::ForeignOrigin { .. }
            | Error::InvalidRequest(_) => None,
        }
    }

    /// The HTTP status of an API error.
    pub fn status(&self) -> Option<StatusCode> {
        self.api().map(|api| api.status)
    }

    /// The API error, when this is one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// Okta's `errorCode` (e.g. `E0000007`).
    pub fn okta_error_code(&self) -> Option<&str> {
        self.api().and_then(|api| api.error_code.as_deref())
    }

    /// Okta's `errorSummary`.
    pub fn error_summary(&self) -> Option<&str> {
        self.api().and_then(|api| api.error_summary.as_deref())
    }

    /// The `X-Okta-Request-Id` of the failed response.
    pub fn request_id(&self) -> Option<&str> {
        self.api().and_then(|api| api.request_id.as_deref())
    }

    /// Whether the API answered `429 Too Many Requests`.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// The rate-limit state reported with the failed response.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.api().and_then(|api| api.rate_limit)
    }

    /// Whether the call ran out of time.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// Whether the failed call may nevertheless have been applied by the
    /// server, so that sending it again could apply it twice.
    ///
    /// * `true` for a `5xx` answer (the server may have acted before failing),
    ///   a transport failure after the connection was established (the
    ///   request may have been received), a timeout, and a response that was
    ///   received but could not be read or decoded.
    /// * `false` for a `4xx` answer (including `429`: Okta refused the
    ///   request), a failure to connect, and errors raised before anything
    ///   was sent (configuration, credentials, invalid request, foreign
    ///   origin).
    ///
    /// The runtime never re-sends a request that may have been applied unless
    /// it is `GET`, `HEAD`, `OPTIONS` or marked
    /// [`Idempotency::Idempotent`](crate::Idempotency::Idempotent); see
    /// [`retry::classify_with`](crate::retry::classify_with).
    pub fn may_have_been_applied(&self) -> bool {
        match self {
            Error::Api(api) => api.status.is_server_error(),
            Error::Transport { source, .. } => !source.as_ref().is_some_and(|e| e.is_connect()),
            Error::Timeout { .. } | Error::Decode(_) | Error::InvalidResponse { .. } => true,
            Error::Config(_)
            | Error::InvalidConfig(_)
            | Error::Auth(_)
            | Error::ForeignOrigin { .. }
            | Error::InvalidRequest(_) => false,
        }
    }

    /// Names `operation` on an error that names none yet: decode and transport
    /// errors converted from the generated client, which does not tell which
    /// operation failed.
    pub fn with_operation(mut self, name: &str) -> Error {
        match &mut self {
            Error::Decode(decode) if decode.operation.is_none() => {
                decode.operation = Some(name.to_owned());
            }
            Error::Transport { operation, .. } | Error::Timeout { operation, .. }
                if operation == UNNAMED_OPERATION =>
            {
                *operation = name.to_owned();
            }
            _ => {}
        }
        self
    }

    pub(crate) fn from_reqwest(operation: &str, err: reqwest::Error) -> Error {
        if err.is_timeout() {
            return Error::Timeout {
                operation: operation.to_owned(),
                limit: None,
            };
        }
        let err = err.without_url();
        let mut message = err.to_string();
        let mut source = std::error::Error::source(&err);
        while let Some(inner) = source {
            message.push_str(": ");
            message.push_str(&inner.to_string());
            source = inner.source();
        }
        Error::Transport {
            operation: operation.to_owned(),
            message,
            source: Some(Arc::new(err)),
        }
    }

    pub(crate) fn auth(err: AuthError) -> Error {
        Error::Auth(Arc::new(err))
    }
}

/// A cause listed in an Okta error body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorCause {
    /// The cause's `errorSummary`.
    #[serde(rename = "errorSummary", default)]
    pub error_summary: String,
}

/// An error status returned by the Okta API.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// The operation that failed, when known.
    pub operation: Option<String>,
    /// `errorCode` (or OAuth `error`).
    pub error_code: Option<String>,
    /// `errorSummary` (or OAuth `error_description`).
    pub error_summary: Option<String>,
    /// `errorLink`.
    pub error_link: Option<String>,
    /// `errorId`.
    pub error_id: Option<String>,
    /// `errorCauses`.
    pub error_causes: Vec<ErrorCause>,
    /// `X-Okta-Request-Id` of the response.
    pub request_id: Option<String>,
    /// Rate-limit state of the response.
    pub rate_limit: Option<RateLimit>,
    /// A short excerpt of a body that was not an Okta error document; the
    /// values of a JSON body are masked (see [`DecodeError::excerpt`]).
    pub body_excerpt: Option<String>,
    headers: HeaderMap,
}

#[derive(Deserialize, Default)]
struct OktaErrorBody {
    #[serde(rename = "errorCode")]
    error_code: Option<String>,
    #[serde(rename = "errorSummary")]
    error_summary: Option<String>,
    #[serde(rename = "errorLink")]
    error_link: Option<String>,
    #[serde(rename = "errorId")]
    error_id: Option<String>,
    #[serde(rename = "errorCauses", default)]
    error_causes: Vec<ErrorCause>,
    error: Option<String>,
    error_description: Option<String>,
}

impl ApiError {
    /// Builds an API error from a response's status, headers and body.
    ///
    /// An Okta error document (`errorCode`, `errorSummary`…) or an OAuth error
    /// (`error`, `error_description`) fills the typed fields; any other body is
    /// kept as a short excerpt.
    pub fn from_parts(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        operation: Option<&str>,
    ) -> ApiError {
        let mut api = ApiError {
            status,
            operation: operation.map(str::to_owned),
            error_code: None,
            error_summary: None,
            error_link: None,
            error_id: None,
            error_causes: Vec::new(),
            request_id: request_id_of(headers),
            rate_limit: RateLimit::from_headers(headers),
            body_excerpt: None,
            headers: filter_headers(headers),
        };
        let parsed = serde_json::from_slice::<OktaErrorBody>(body)
            .ok()
            .filter(|b| b.error_code.is_some() || b.error_summary.is_some() || b.error.is_some());
        match parsed {
            Some(b) => {
                api.error_code = b.error_code.or(b.error);
                api.error_summary = b.error_summary.or(b.error_description);
                api.error_link = b.error_link;
                api.error_id = b.error_id;
                api.error_causes = b.error_causes;
            }
            None => api.body_excerpt = error_body_excerpt(body),
        }
        api
    }

    /// The response headers (cookies and hop-by-hop headers removed).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(op) = &self.operation {
            write!(f, "{op}: ")?;
        }
        write!(f, "HTTP {}", self.status)?;
        if let Some(code) = &self.error_code {
            write!(f, " [{code}]")?;
        }
        if let Some(summary) = &self.error_summary {
            write!(f, ": {summary}")?;
        } else if let Some(excerpt) = &self.body_excerpt {
            write!(f, ": {excerpt}")?;
        }
        if !self.error_causes.is_empty() {
            let causes: Vec<&str> = self
                .error_causes
                .iter()
                .map(|c| c.error_summary.as_str())
                .collect();
            write!(f, " (causes: {})", causes.join("; "))?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// A response body that did not decode into the expected type.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// The operation whose response failed to decode, when known.
    pub operation: Option<String>,
    /// JSON path of the offending value (e.g. `[2].profile.login`), when known.
    pub path: Option<String>,
    /// What the decoder reported, without the input values it may quote
    /// (e.g. `invalid type: string, expected u32`).
    pub message: String,
    /// Line of the offending input (1-based; 0 when unknown).
    pub line: usize,
    /// Column of the offending input (1-based; 0 when unknown).
    pub column: usize,
    /// A short excerpt of the body around the offending input, with every
    /// value masked (keys and structure only: `{"token":"***","n":#}`), so
    /// that no secret a body carries reaches a log.
    pub excerpt: Option<String>,
}

impl DecodeError {
    /// Builds a decode error from a `serde_json` error on `body`.
    pub fn from_json(
        operation: Option<&str>,
        path: Option<String>,
        err: &serde_json::Error,
        body: &[u8],
    ) -> DecodeError {
        let offset = byte_offset(body, err.line(), err.column());
        let (masked, at) = mask_json(body, offset);
        DecodeError {
            operation: operation.map(str::to_owned),
            path: path.filter(|p| !p.is_empty() && p != "."),
            message: mask_message(&err.to_string()),
            line: err.line(),
            column: err.column(),
            excerpt: excerpt(masked.as_bytes(), at.saturating_sub(EXCERPT_CHARS / 2)),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(op) = &self.operation {
            write!(f, "{op}: ")?;
        }
        f.write_str("could not decode the response")?;
        if let Some(path) = &self.path {
            write!(f, " at `{path}`")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(ex) = &self.excerpt {
            write!(f, " near `{ex}`")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// Decodes `body` (a JSON response of `operation`) as `T`; a failure is
/// [`Error::Decode`] with the JSON path of the offending value.
///
/// Decodes at full speed first: tracking the path costs time on every value
/// (two thirds more on pages of users, `cargo bench --bench decode`), so it is
/// only done after a failure, by decoding again with the path recorded.
/// Decoding is deterministic: the second run fails at the same value with the
/// same message.
pub fn decode_json<T: serde::de::DeserializeOwned>(operation: &str, body: &[u8]) -> Result<T> {
    match serde_json::from_slice(body) {
        Ok(value) => Ok(value),
        Err(fast) => Err(Error::Decode(Box::new(locate_decode_error::<T>(
            operation, body, &fast,
        )))),
    }
}

/// The decode error of `body` as `T` with its JSON path, from a second decode
/// that records it; `fast` without a path when the value itself decodes (what
/// failed was text after it).
fn locate_decode_error<T: serde::de::DeserializeOwned>(
    operation: &str,
    body: &[u8],
    fast: &serde_json::Error,
) -> DecodeError {
    let mut de = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(e) => {
            DecodeError::from_json(Some(operation), Some(e.path().to_string()), e.inner(), body)
        }
        Ok(_) => DecodeError::from_json(Some(operation), None, fast, body),
    }
}

fn byte_offset(body: &[u8], line: usize, column: usize) -> usize {
    if line == 0 {
        return 0;
    }
    let mut offset = 0;
    for (i, l) in body.split(|b| *b == b'\n').enumerate() {
        if i + 1 == line {
            return (offset + column.saturating_sub(1)).min(body.len());
        }
        offset += l.len() + 1;
    }
    body.len()
}

/// The excerpt of an error body that is not an Okta error document: a JSON
/// body with its values masked, other text (an HTML page from a proxy) as is.
fn error_body_excerpt(body: &[u8]) -> Option<String> {
    let json = body
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| matches!(b, b'{' | b'[' | b'"'));
    if json {
        excerpt(mask_json(body, 0).0.as_bytes(), 0)
    } else {
        excerpt(body, 0)
    }
}

/// A short, single-line excerpt of `body` starting near byte `from`.
fn excerpt(body: &[u8], from: usize) -> Option<String> {
    let text = String::from_utf8_lossy(body.get(from..).unwrap_or_default());
    let collapsed: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(EXCERPT_CHARS)
        .collect();
    (!collapsed.is_empty()).then_some(collapsed)
}

fn filter_headers(headers: &HeaderMap) -> HeaderMap {
    let mut out = HeaderMap::new();
    for (name, value) in headers {
        if !DROPPED_HEADERS.contains(&name.as_str()) {
            out.append(name.clone(), value.clone());
        }
    }
    out
}

/// The error carried in a synthetic response's extensions.
#[derive(Clone)]
struct CarriedError(Error);

/// Wraps `err` in a synthetic response, for progenitor's `exec` hook, which
/// may only return a `reqwest::Response`.
///
/// The status is the API status (or 599 for errors without one) and the error
/// travels in the response's extensions. The spec the generated client is
/// built from declares no error responses, so progenitor hands this response
/// back untouched as `Error::UnexpectedResponse`; convert back with
/// `Error::from(progenitor_client::Error)`.
pub fn error_response(err: Error) -> reqwest::Response {
    let status = err
        .status()
        .or_else(|| StatusCode::from_u16(SYNTHETIC_ERROR_STATUS).ok())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = match &err {
        Error::Api(api) => api.headers.clone(),
        _ => HeaderMap::new(),
    };
    let mut response = http::Response::new(Vec::new());
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response.extensions_mut().insert(CarriedError(err));
    reqwest::Response::from(response)
}

/// The error carried by a response built with [`error_response`].
pub fn carried_error(response: &reqwest::Response) -> Option<Error> {
    response
        .extensions()
        .get::<CarriedError>()
        .map(|CarriedError(err)| err.clone())
}

impl<E> From<progenitor_client::Error<E>> for Error {
    fn from(err: progenitor_client::Error<E>) -> Self {
        use progenitor_client::Error as P;
        match err {
            P::InvalidRequest(msg) => Error::InvalidRequest(msg),
            P::Custom(msg) => Error::InvalidRequest(msg),
            P::CommunicationError(e) | P::InvalidUpgrade(e) | P::ResponseBodyError(e) => {
                Error::from_reqwest(UNNAMED_OPERATION, e)
            }
            // Unreachable with the normalized spec (no documented error
            // responses); mapped from status and headers for other specs.
            P::ErrorResponse(rv) => Error::Api(Box::new(ApiError::from_parts(
                rv.status(),
                rv.headers(),
                &[],
                None,
            ))),
            P::InvalidResponsePayload(bytes, e) => Error::Decode(Box::new(DecodeError::from_json(
                None,
                crate::json_path::path_at(&bytes, e.line(), e.column()),
                &e,
                &bytes,
            ))),
            P::UnexpectedResponse(resp) => carried_error(&resp).unwrap_or_else(|| {
                Error::Api(Box::new(ApiError::from_parts(
                    resp.status(),
                    resp.headers(),
                    &[],
                    None,
                )))
            }),
        }
    }
}

impl From<okta_config::ConfigError> for Error {
    fn from(error: okta_config::ConfigError) -> Self {
        Error::InvalidConfig(error)
    }
}

impl From<AuthError> for Error {
    fn from(err: AuthError) -> Self {
        Error::auth(err)
    }
}
