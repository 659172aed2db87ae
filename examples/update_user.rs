//! Update a user: change one profile attribute and send the profile back.
//!
//! ```text
//! cargo run --example update_user -- <user id or login>
//! ```
//!
//! `update_user` is Okta's partial update (`POST /api/v1/users/{id}`): the attributes
//! sent are changed, the others kept. `replace_user` (`PUT`) replaces the whole profile.
//!
//! Python → Rust: the reference wraps the profile in `models.User({'profile': ..})`; the
//! request body here is `UpdateUserRequest`. Attributes the SDK does not model (custom
//! ones) travel along in the profile's `extra` map.

use std::io::Write;

use okta::models::UpdateUserRequest;

/// Sets the nick name of user `id` to `Oktanaut` and prints the value Okta returns.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
    id: &str,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let user = client.get_user().id(id).send().await?.into_inner();

    let mut profile = user.profile.unwrap_or_default();
    profile.nick_name = Some("Oktanaut".into());
    let update = UpdateUserRequest {
        profile: Some(profile),
        ..Default::default()
    };
    let updated = client
        .update_user()
        .id(id)
        .body(update)
        .send()
        .await?
        .into_inner();

    let nick_name = updated
        .profile
        .and_then(|p| p.nick_name)
        .unwrap_or_default();
    writeln!(out, "nickName: {nick_name}")?;
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
        (None, None) => return Err("usage: update_user <user id or login>".into()),
    };
    run(&org.client, &mut std::io::stdout(), &id).await
}
