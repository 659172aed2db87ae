//! Get a user, by id and by login.
//!
//! ```text
//! cargo run --example get_user [-- <user id or login>]
//! ```
//!
//! Python → Rust: `client.get_user(user.id)` becomes a builder,
//! `client.get_user().id(..).send()`; the path parameter `id` takes an id or a login
//! (the SDK encodes it into its path segment, so `@` and `/` are safe).

use std::io::Write;

/// Reads the user `id_or_login` twice, by its id and by its login, and prints both.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
    id_or_login: &str,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let user = client.get_user().id(id_or_login).send().await?.into_inner();
    let id = user.id.clone().unwrap_or_default();
    let login = user.profile.and_then(|p| p.login).unwrap_or_default();
    writeln!(out, "by id:    {id} {login}")?;

    // The same user, by login.
    let same = client.get_user().id(&login).send().await?.into_inner();
    let same_id = same.id.unwrap_or_default();
    writeln!(out, "by login: {same_id} {login}")?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    // The user named on the command line, or the org's first user.
    let wanted = match std::env::args().nth(1) {
        Some(wanted) => wanted,
        None => {
            let page = org.client.list_users().limit(1).send_page().await?;
            let first = page.into_items().into_iter().next().and_then(|u| u.id);
            first.ok_or("the org has no user")?
        }
    };
    run(&org.client, &mut std::io::stdout(), &wanted).await
}
