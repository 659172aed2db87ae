//! List a user's groups.
//!
//! ```text
//! cargo run --example user_groups -- <user id or login>
//! ```
//!
//! Python → Rust: `client.list_user_groups(user.id)` becomes
//! `client.list_user_groups().id(..)`, a list builder like every other: `.stream()`
//! yields every group of every page.

use std::io::Write;

use futures::TryStreamExt;

/// Prints the name of every group user `user_id` belongs to.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
    user_id: &str,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut groups = client.list_user_groups().id(user_id).stream();
    while let Some(group) = groups.try_next().await? {
        let name = group.profile.and_then(|p| p.name).unwrap_or_default();
        writeln!(out, "{name}")?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    // The user named on the command line, or the org's first user.
    let user = match std::env::args().nth(1) {
        Some(user) => user,
        None => {
            let page = org.client.list_users().limit(1).send_page().await?;
            let first = page.into_items().into_iter().next().and_then(|u| u.id);
            first.ok_or("the org has no user")?
        }
    };
    run(&org.client, &mut std::io::stdout(), &user).await
}
