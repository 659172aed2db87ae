//! Request id and rate-limit state of successful responses.

use okta_api::RateLimit;
use progenitor_client::ResponseValue;

/// Okta's per-response metadata on a generated operation's [`ResponseValue`].
pub trait ResponseExt {
    /// The `X-Okta-Request-Id` header: quote it to Okta support.
    fn request_id(&self) -> Option<String>;

    /// The rate-limit state the response reported (limit, remaining, reset).
    fn rate_limit(&self) -> Option<RateLimit>;
}

impl<T> ResponseExt for ResponseValue<T> {
    fn request_id(&self) -> Option<String> {
        okta_api::request_id_of(self.headers())
    }

    fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(self.headers())
    }
}

/// A generated operation's success (`build.rs` points every generated operation here): the
/// body of `response` decoded as `T`, with its status and headers.
///
/// Like progenitor's `ResponseValue::from_response`, but the headers are moved out of the
/// response instead of copied (a copy per call was measurable on small answers): the body is
/// read and decompressed without them, as the decoder was chosen when the response was made.
// A feature set (or test spec) with no JSON-answering operation leaves it unused.
#[allow(dead_code)]
pub(crate) async fn decode_response<T: serde::de::DeserializeOwned, E>(
    mut response: reqwest::Response,
) -> Result<ResponseValue<T>, progenitor_client::Error<E>> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let body = response
        .bytes()
        .await
        .map_err(progenitor_client::Error::ResponseBodyError)?;
    let inner = serde_json::from_slice(&body)
        .map_err(|e| progenitor_client::Error::InvalidResponsePayload(body, e))?;
    Ok(ResponseValue::new(inner, status, headers))
}

/// Status, headers and body of `response`, read whole; a failure to read names
/// `operation` (never the URL).
pub(crate) async fn read_whole(
    operation: &str,
    response: reqwest::Response,
) -> Result<
    (
        reqwest::StatusCode,
        reqwest::header::HeaderMap,
        bytes::Bytes,
    ),
    okta_api::Error,
> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .bytes()
        .await
        .map_err(|e| okta_api::Error::Transport {
            operation: operation.to_owned(),
            message: e.without_url().to_string(),
            source: None,
        })?;
    Ok((status, headers, body))
}
