//! A stateful fake Okta org for tests: an in-process HTTP server on
//! loopback that speaks Okta's wire API for users, groups, applications,
//! factors, the System Log and the OAuth 2.0 token endpoint, and hands back a
//! ready [`okta::Client`].
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let org = okta_testkit::FakeOrg::start().await?;
//! let id = org.seed_user(serde_json::json!({"profile": {"login": "ada@example.com"}}));
//! // Code under test talks to the org through `org.client()`…
//! let client = org.client();
//! # let _ = client;
//! // …and the test reads the org's state back.
//! assert_eq!(org.user("ada@example.com").unwrap()["id"], id.as_str());
//! # Ok(()) }
//! ```
//!
//! What it models:
//!
//! - **users**: create with or without a password and with custom profile
//!   attributes; get by id or login; list with `limit`/`after`, `filter`,
//!   `q` and `search`; partial (`POST`) and full (`PUT`) updates where an
//!   explicit `null` clears an attribute; the lifecycle operations; `DELETE`
//!   deactivates first and deletes the second time, as Okta does;
//! - **groups**: create, get, update, delete, list and search, members, a
//!   user's groups;
//! - **applications**, polymorphic by `signOnMode`, with lifecycle and user
//!   and group assignments;
//! - **factors**: the supported catalog, enrolment of SMS, call, email, TOTP
//!   and security-question factors, activation and verification with a pass
//!   code the test reads with [`FakeOrg::factor_passcode`];
//! - the **System Log**: one event per write, bounded and polling queries;
//! - paging with `Link` headers and opaque `after` cursors, Okta error
//!   bodies, `X-Okta-Request-Id`, `Date` and `X-Rate-Limit-*` headers on every
//!   response, rate limits, injected `429`s and latency
//!   ([`FakeOrgBuilder`]);
//! - **OAuth 2.0**: `POST /oauth2/v1/token` verifies `private_key_jwt` client
//!   assertions (signature against the key registered with
//!   [`FakeOrg::register_oauth_client`], `aud`, `exp`, `jti` replay) and DPoP
//!   proofs, and API requests with its access tokens need the scope of each
//!   operation (`okta.users.read`, `okta.users.manage`, ...).
//!
//! The server keeps plain JSON ([`serde_json::Value`]) state and never
//! uses the SDK's models, so it answers what the real API would whichever
//! features of `okta-sdk` are enabled. [`example_org`] picks a real org
//! when one is configured and a seeded fake one otherwise (for examples).

#![deny(missing_docs)]

mod clients;
mod errors;
mod example;
mod filter;
mod ids;
mod jwt;
mod limits;
mod org;
mod paging;
mod routes;
mod seed;
mod server;
mod state;
mod time;
mod wire;

pub use clients::OAuthClient;
pub use example::{example_org, ExampleOrg};
pub use org::{FakeOrg, FakeOrgBuilder, RecordedRequest};
