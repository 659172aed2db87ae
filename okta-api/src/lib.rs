//! Client runtime for the okta-rs SDK.
//!
//! Every call, generated or raw, goes through [`Runtime::execute`], which
//!
//! * answers `GET`s from the response [`Cache`] when caching is on, and evicts
//!   entries a write may have changed;
//! * authorizes each attempt with the configured
//!   [`CredentialSource`](okta_auth::CredentialSource);
//! * retries `429` (every method) after the server's reset time and failures
//!   to connect (every method) with a backoff; after `503`/`504` or a
//!   connection lost once the request was sent, only `GET`, `HEAD` and
//!   `OPTIONS` (or a request marked [`Idempotency::Idempotent`]) are re-sent;
//!   all within `max_retries` and the request timeout (see [`retry`]);
//! * learns each Okta rate-limit bucket's limit, remaining and reset from
//!   every response and holds requests back before sending them: until the
//!   reset once a bucket is exhausted, within `rateLimit.maxCapacity` of each
//!   bucket when pacing is on, under a cap of requests in flight after a
//!   concurrent-request `429` ([`Runtime::rate_limits`] reports the state);
//! * records a tracing span per call (never headers or bodies);
//! * maps error statuses to [`Error::Api`].
//!
//! The generated client in the `okta` crate calls [`Runtime::execute`] from
//! its `exec` hook and carries errors back through [`error_response`] and
//! `From<progenitor_client::Error<E>> for Error`.
//!
//! Lists are read with [`Page`]; endpoints without a generated method are
//! called with [`Runtime::request`].
//!
//! ```no_run
//! # async fn demo() -> Result<(), okta_api::Error> {
//! use futures::StreamExt;
//! use okta_api::{Page, Runtime};
//! use okta_config::OktaConfig;
//! use reqwest::Method;
//!
//! let config = OktaConfig::for_org("https://dev-123.okta.com".parse().unwrap());
//! let runtime = Runtime::builder(config).build()?;
//!
//! // An endpoint without a generated method.
//! runtime
//!     .request(Method::POST, "/api/v1/users/00u1/lifecycle/activate")
//!     .query(&[("sendEmail", "false")])
//!     .send_empty()
//!     .await?;
//!
//! // Every user, one page in memory at a time.
//! let first: Page<serde_json::Value> = runtime
//!     .request(Method::GET, "/api/v1/users")
//!     .query(&[("limit", "200")])
//!     .paginate()
//!     .await?;
//! let mut users = first.into_stream();
//! let mut logins = Vec::new();
//! while let Some(user) = users.next().await {
//!     logins.push(user?["profile"]["login"].clone());
//! }
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod attempt;
mod builder;
pub mod cache;
mod cache_layer;
mod error;
mod json_path;
mod mask;
mod origin;
mod pacing;
mod page;
mod rate_limit;
mod request;
pub mod retry;
mod runtime;

pub use attempt::{RETRY_COUNT_HEADER, RETRY_FOR_HEADER};
pub use builder::{user_agent, RuntimeBuilder};
pub use cache::{Cache, CachedResponse, MemoryCache};
pub use error::{
    carried_error, decode_json, error_response, ApiError, DecodeError, Error, ErrorCause, Result,
    SYNTHETIC_ERROR_STATUS,
};
pub use okta_auth::{Clock, ManualClock, SystemClock};
pub use pacing::BucketState;
pub use page::{parse_links, try_parse_links, Page};
pub use rate_limit::{
    request_id_of, RateLimit, RATE_LIMIT_LIMIT_HEADER, RATE_LIMIT_REMAINING_HEADER,
    RATE_LIMIT_RESET_HEADER, REQUEST_ID_HEADER,
};
pub use request::RawRequest;
pub use retry::{Idempotency, RetryPolicy};
pub use runtime::{RequestOptions, Runtime};
