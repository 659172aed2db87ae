//! Errors: every failed call returns a typed `okta::Error`, printed here the way the
//! reference prints its `OktaAPIException`.
//!
//! ```text
//! cargo run --example errors
//! ```
//!
//! Output (the `errorId` and request id differ per call):
//!
//! ```text
//! {'errorCode': 'E0000011', 'errorSummary': 'Invalid token provided', 'errorLink': 'E0000011', 'errorId': 'oae…', 'errorCauses': []}
//! ```
//!
//! Python → Rust: the Python SDK returns `(value, resp, err)` and raises only with
//! `raiseException: True`; here every call returns `Result<T, okta::Error>`, always.
//! An answer with an error status is `Error::Api`, with the fields of Okta's error body
//! (`error.okta_error_code()`, `error.error_summary()`, `error.api()` for `errorLink`,
//! `errorId`, `errorCauses`), the status and the request id for Okta support. Other
//! variants are transport failures, timeouts, configuration and credential problems and
//! decode errors; `error.may_have_been_applied()` tells whether a failed write may have
//! reached Okta.

use std::io::Write;

use okta::config::{AuthorizationMode, Secret};

/// Lists users with a bad API token and prints the error like the reference; then reads a
/// user that does not exist and prints the error's `Display` and its parts.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    // The same org, with a token Okta does not know.
    let mut config = client.config().clone();
    config.authorization_mode = AuthorizationMode::Ssws;
    config.token = Some(Secret::new("bad_token"));
    let bad = okta::Client::from_config(config)?;

    match bad.list_users().send().await {
        Ok(users) => writeln!(out, "{} users?", users.len())?,
        Err(error) => match error.api() {
            // The error body, as the reference prints it.
            Some(api) => {
                let causes: Vec<String> = api
                    .error_causes
                    .iter()
                    .map(|c| format!("{{'errorSummary': '{}'}}", c.error_summary))
                    .collect();
                writeln!(
                    out,
                    "{{'errorCode': '{}', 'errorSummary': '{}', 'errorLink': '{}', 'errorId': '{}', 'errorCauses': [{}]}}",
                    api.error_code.as_deref().unwrap_or_default(),
                    api.error_summary.as_deref().unwrap_or_default(),
                    api.error_link.as_deref().unwrap_or_default(),
                    api.error_id.as_deref().unwrap_or_default(),
                    causes.join(", "),
                )?;
            }
            // Not an answer from Okta (transport, timeout, ...): its message.
            None => writeln!(out, "{error}")?,
        },
    }

    // `Display` names the operation, the status, the code, the summary and the request id.
    let error = match client
        .get_user()
        .id("no-such-user@example.com")
        .send()
        .await
    {
        Ok(_) => return Err("a user called no-such-user@example.com exists".into()),
        Err(error) => error,
    };
    writeln!(out, "{error}")?;
    writeln!(
        out,
        "status {}, code {}, operation {}, may have been applied: {}",
        error.status().map(|s| s.as_u16()).unwrap_or_default(),
        error.okta_error_code().unwrap_or("-"),
        error.operation().unwrap_or("-"),
        error.may_have_been_applied(),
    )?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    run(&org.client, &mut std::io::stdout()).await
}
