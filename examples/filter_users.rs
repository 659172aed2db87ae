//! Filter or search for users.
//!
//! ```text
//! cargo run --example filter_users
//! ```
//!
//! Okta has three ways to narrow a listing: `filter` (a few properties such as `status`
//! and `lastUpdated`, with `eq`/`gt`/`lt`), `search` (any profile property, `eq`, `sw`,
//! `and`/`or`; eventually consistent) and `q` (a prefix of first name, last name or
//! email).
//!
//! Python → Rust: the reference passes `{'filter': 'status eq "ACTIVE"'}` as a dictionary
//! of query parameters; here each parameter is a builder method named after it, and one
//! the operation does not take does not compile.

use std::io::Write;

use futures::TryStreamExt;
use okta::models::User;

fn login(user: &User) -> &str {
    user.profile
        .as_ref()
        .and_then(|p| p.login.as_deref())
        .unwrap_or("-")
}

/// Prints the logins of the active users, then of the users whose last name is `last_name`.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
    last_name: &str,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let active: Vec<User> = client
        .list_users()
        .filter(r#"status eq "ACTIVE""#)
        .stream()
        .try_collect()
        .await?;
    writeln!(out, "filter status eq \"ACTIVE\": {} users", active.len())?;
    for user in &active {
        writeln!(out, "  {}", login(user))?;
    }

    // A search expression; quote values with `"` (escape a `"` in the value as `\"`).
    let expression = format!(r#"profile.lastName eq "{last_name}""#);
    let found: Vec<User> = client
        .list_users()
        .search(&expression)
        .stream()
        .try_collect()
        .await?;
    writeln!(out, "search {expression}: {} users", found.len())?;
    for user in &found {
        writeln!(out, "  {}", login(user))?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    let last_name = std::env::args().nth(1).unwrap_or_else(|| "Lovelace".into());
    run(&org.client, &mut std::io::stdout(), &last_name).await
}
