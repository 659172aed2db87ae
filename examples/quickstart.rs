//! Getting started: list the org's users and print their first and last names.
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! With no org configured this runs on a fake org on loopback (`okta-testkit`); with
//! `OKTA_CLIENT_ORGURL` and a credential (`OKTA_CLIENT_TOKEN`, or `okta.yaml`) it reads
//! that org. The first line printed says which.
//!
//! Python → Rust: `users, resp, err = await okta_client.list_users()` returns a tuple
//! to inspect; here every call returns a `Result`, and `?` hands an error up.

use std::io::Write;

use futures::TryStreamExt;

/// Prints `first last` for every user of the org.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    // `stream()` yields every user of every page; the SDK follows the
    // `Link: rel="next"` headers and keeps one page in memory.
    let mut users = client.list_users().stream();
    while let Some(user) = users.try_next().await? {
        // Every field of a model is an `Option`: Okta may leave any of them out.
        let profile = user.profile.unwrap_or_default();
        writeln!(
            out,
            "{} {}",
            profile.first_name.unwrap_or_default(),
            profile.last_name.unwrap_or_default()
        )?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    // The client: from `~/.okta/okta.yaml`, `./okta.yaml` and `OKTA_CLIENT_*` when an org
    // is configured (`okta::Client::new()`), otherwise the fake org's.
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    run(&org.client, &mut std::io::stdout()).await
}
