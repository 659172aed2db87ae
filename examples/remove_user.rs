//! Remove a user: deactivate, then delete.
//!
//! ```text
//! cargo run --example remove_user -- <user id or login>
//! ```
//!
//! Okta deletes a user in two steps: the first call deactivates it (status
//! `DEPROVISIONED`), a call on a deactivated user deletes it for good. This SDK names the
//! steps: `deactivate_user`, then `delete_user` (a `delete_user` on an active user only
//! deactivates it, as Okta's `DELETE` does).
//!
//! Python → Rust: the reference calls `deactivate_or_delete_user` twice; that 2.x name
//! still compiles, as a deprecated alias of `delete_user`.

use std::io::Write;

/// Deactivates and deletes user `id`, printing each step, then checks it is gone.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
    id: &str,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    client.deactivate_user().id(id).send().await?;
    let user = client.get_user().id(id).send().await?.into_inner();
    let status = user.status.map(|s| s.to_string()).unwrap_or_default();
    writeln!(out, "deactivated: {status}")?;

    client.delete_user().id(id).send().await?;
    writeln!(out, "deleted")?;

    // Reading it now fails with Okta's "not found" error, E0000007.
    match client.get_user().id(id).send().await {
        Err(error) if error.okta_error_code() == Some("E0000007") => {
            writeln!(out, "gone: E0000007")?
        }
        Err(error) => return Err(error.into()),
        Ok(_) => writeln!(out, "still there")?,
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    // The user named on the command line; on the fake org, a seeded one.
    let id = match (std::env::args().nth(1), &org.fake) {
        (Some(id), _) => id,
        (None, Some(fake)) => fake.seed_user(serde_json::json!({
            "profile": {"firstName": "John", "lastName": "Doe", "login": "john.doe@example.com"}
        })),
        (None, None) => return Err("usage: remove_user <user id or login>".into()),
    };
    run(&org.client, &mut std::io::stdout(), &id).await
}
