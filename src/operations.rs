//! Facts about every operation this build compiles, from the spec: method, path, API
//! area, lifecycle and the OAuth 2.0 scopes it accepts.
//!
//! An app using private-key JWT can check at start-up that the scopes it requests cover
//! the operations it calls:
//!
//! ```
//! use okta::operations::{self, LIST_USERS};
//!
//! let granted = ["okta.users.read", "okta.groups.read"];
//! assert!(operations::missing_scopes(&granted, &[&LIST_USERS]).is_empty());
//! assert_eq!(LIST_USERS.method, "GET");
//! assert_eq!(operations::find("listUsers"), Some(&LIST_USERS));
//! ```

/// Release stage of an operation (`x-okta-lifecycle` in Okta's spec).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Lifecycle {
    /// Generally available.
    Ga,
    /// Generally available to some orgs.
    LimitedGa,
    /// Early access: enabled per org.
    Ea,
    /// Beta.
    Beta,
    /// A stage this SDK version does not name.
    Other(&'static str),
    /// The spec declares none.
    Undeclared,
}

/// One operation of the Okta Management API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Operation {
    /// The spec's operationId (`listUsers`).
    pub id: &'static str,
    /// The [`Client`](crate::Client) method (`list_users`).
    pub client_method: &'static str,
    /// HTTP method, upper case.
    pub method: &'static str,
    /// Path template (`/api/v1/users/{id}`).
    pub path: &'static str,
    /// The API area in Okta's reference (the spec's tag).
    pub tag: &'static str,
    /// The cargo feature of `okta` that compiles it.
    pub feature: &'static str,
    /// Release stage.
    pub lifecycle: Lifecycle,
    /// OAuth 2.0 scopes the operation accepts; any one of them suffices.
    pub scopes: &'static [&'static str],
    /// Whether an SSWS API token is accepted.
    pub api_token: bool,
    /// Whether it answers with a list that pages (`send_page()`, `stream()`).
    pub pages: bool,
}

include!(concat!(env!("OUT_DIR"), "/operations.rs"));

/// The operation with this operationId, if this build compiles it.
pub fn find(id: &str) -> Option<&'static Operation> {
    ALL.binary_search_by(|op| op.id.cmp(id))
        .ok()
        .and_then(|i| ALL.get(i))
}

/// The operationId of a client method (what the generated client reports to the
/// runtime is the method name).
pub(crate) fn id_of_method(method: &str) -> Option<&'static str> {
    BY_METHOD
        .binary_search_by(|(m, _)| (*m).cmp(method))
        .ok()
        .and_then(|i| BY_METHOD.get(i))
        .map(|(_, id)| *id)
}

/// The operations of `calls` whose scopes `granted` does not cover (an operation is
/// covered when any one of its scopes is granted; one that declares no scope always is).
pub fn missing_scopes<'a>(granted: &[&str], calls: &[&'a Operation]) -> Vec<&'a Operation> {
    calls
        .iter()
        .copied()
        .filter(|op| !op.scopes.is_empty() && !op.scopes.iter().any(|s| granted.contains(s)))
        .collect()
}
