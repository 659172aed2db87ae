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
