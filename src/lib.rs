//! okta-rs: the Rust SDK for the Okta Management API.

pub mod model_support;

/// Every schema of the Okta Management API, generated from `spec/`.
#[allow(clippy::all, missing_docs)]
pub mod models {
    include!(concat!(env!("OUT_DIR"), "/models.rs"));
}

mod generated;
mod pagination;

pub use generated::{builder, Client};
