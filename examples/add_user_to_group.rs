//! Add a user to a group.
//!
//! ```text
//! cargo run --example add_user_to_group -- <group id> <user id>
//! ```
//!
//! Python → Rust: the reference's `add_user_to_group(group.id, user.id)` is
//! `assign_user_to_group` in the current spec (the old name is a deprecated alias), with
//! named parameters instead of positional ones: `.group_id(..).user_id(..)`.

use std::io::Write;

use futures::TryStreamExt;

/// Adds user `user_id` to group `group_id`, then prints the group's members' logins.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
    group_id: &str,
    user_id: &str,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    client
        .assign_user_to_group()
        .group_id(group_id)
        .user_id(user_id)
        .send()
        .await?;

    // Adding a member twice is not an error (Okta answers 204 again).
    let mut members = client.list_group_users().group_id(group_id).stream();
    while let Some(member) = members.try_next().await? {
        let login = member.profile.and_then(|p| p.login).unwrap_or_default();
        writeln!(out, "member: {login}")?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    // The group and user named on the command line; on the fake org, seeded ones.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (group_id, user_id) = match (&args[..], &org.fake) {
        ([group, user, ..], _) => (group.clone(), user.clone()),
        ([], Some(fake)) => (
            fake.seed_group(serde_json::json!({"profile": {"name": "Engineering"}})),
            fake.seed_user(serde_json::json!({"profile": {"login": "john.doe@example.com"}})),
        ),
        _ => return Err("usage: add_user_to_group <group id> <user id>".into()),
    };
    run(&org.client, &mut std::io::stdout(), &group_id, &user_id).await
}
