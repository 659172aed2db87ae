//! List all users.
//!
//! ```text
//! cargo run --example list_users
//! ```
//!
//! Python → Rust: `users, resp, err = await client.list_users()` returns the first page
//! (and `resp` to fetch the next ones); `client.list_users().stream()` is every user of
//! every page, and `.send()` is the first page alone (see pagination.rs).

use std::io::Write;

use futures::TryStreamExt;

/// Prints the login and status of every user, then how many there are.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let users: Vec<okta::models::User> = client.list_users().stream().try_collect().await?;
    for user in &users {
        let login = user.profile.as_ref().and_then(|p| p.login.as_deref());
        // Statuses are open enums: a status newer than the SDK is `Unknown("…")`, not an error.
        let status = user.status.as_ref().map(ToString::to_string);
        writeln!(
            out,
            "{} {}",
            login.unwrap_or("-"),
            status.unwrap_or_default()
        )?;
    }
    writeln!(out, "{} users", users.len())?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    run(&org.client, &mut std::io::stdout()).await
}
