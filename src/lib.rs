//! okta-rs: the Rust SDK for the Okta Management API.
//!
//! ```no_run
//! use futures::TryStreamExt;
//!
//! # async fn run() -> Result<(), okta::Error> {
//! // Configuration from ~/.okta/okta.yaml, ./okta.yaml and OKTA_CLIENT_* variables.
//! let client = okta::Client::new()?;
//! let mut users = client.list_users().limit(200).stream();
//! while let Some(user) = users.try_next().await? {
//!     let profile = user.profile.unwrap_or_default();
//!     tracing::info!(first = ?profile.first_name, last = ?profile.last_name);
//! }
//! # Ok(()) }
//! ```
//!
//! - [`Client`]: every operation of the API as a method (generated, grouped by API
//!   area), plus [`Client::request`] for anything else; [`operations`] lists their
//!   lifecycle and OAuth 2.0 scopes.
//! - [`models`]: every schema, open to values and fields the SDK does not know.
//! - [`Error`]: one error type for every call.
//! - [`config`], [`auth`], [`runtime`]: the crates the client is built from.
#![deny(missing_docs)]

mod client;
mod generated;
#[cfg(okta_handwritten)]
mod handwritten;
mod links;
pub mod model_support;
pub mod operations;
// Without a list operation (or a path parameter) among the enabled areas, these have no
// caller; build.rs says so.
#[cfg_attr(okta_no_list_operations, allow(dead_code))]
mod pagination;
#[cfg_attr(okta_no_path_parameters, allow(dead_code))]
mod path_segment;
mod response;
mod timestamp;

/// Every schema of the Okta Management API, generated from `spec/`.
///
/// Structs keep unknown keys in `extra` (see [`Attributes`]); enums keep
/// unknown values in `Unknown`; polymorphic schemas (`Application`,
/// `UserFactor`, `Policy`, `PolicyRule`, …) are enums of their subtypes.
#[allow(clippy::all, missing_docs)]
pub mod models {
    pub use crate::links::{Link, LinkRelation, Links};
    pub use crate::model_support::Attributes;
    include!(concat!(env!("OUT_DIR"), "/models.rs"));
}

pub use chrono;
pub use client::ClientBuilder;
pub use generated::{builder, Client};
#[cfg(okta_handwritten)]
pub use handwritten::{Certificate, Upload};
pub use model_support::Attributes;
pub use okta_api::Error;
pub use pagination::Page;
pub use progenitor_client::ResponseValue;
pub use response::ResponseExt;
pub use timestamp::Timestamp;

pub use okta_api as runtime;
pub use okta_auth as auth;
pub use okta_config as config;

/// The README's code blocks, compiled as doctests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
