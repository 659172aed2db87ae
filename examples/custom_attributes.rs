//! Get and set custom attributes: the reference's full example. Create two users, one
//! with the custom attribute `customAttr`, list the users and print their names and the
//! attribute. Output:
//!
//! ```text
//! John Smith
//! custom value
//! Neo Anderson
//! User has no customAttr
//! ```
//!
//! On a real org, `customAttr` must first be added to the user profile (Okta's profile
//! editor), and the two users (`jsmith@matrix.com`, `nanderson@matrix.com`) must not exist
//! yet; the example deletes them again at the end.
//!
//! Python → Rust: Python reads `user.profile.custom_attr` as an attribute; in Rust a
//! profile's custom attributes live in its `extra` map and are read and written through
//! the `okta::Attributes` trait: `profile.attribute::<T>("customAttr")` (`None` when
//! absent, `Some(Err(..))` when it is not a `T`) and `profile.set_attribute(..)`.

use std::io::Write;

use futures::TryStreamExt;
use okta::models::{CreateUserRequest, PasswordCredential, UserCredentialsWritable, UserProfile};
use okta::Attributes;

/// The logins this example creates.
pub const LOGINS: [&str; 2] = ["jsmith@matrix.com", "nanderson@matrix.com"];

/// A create-user request with a password (the reference's dictionary body, typed).
fn new_user(first: &str, last: &str, login: &str) -> CreateUserRequest {
    CreateUserRequest {
        profile: Some(UserProfile {
            first_name: Some(first.into()),
            last_name: Some(last.into()),
            email: Some(login.into()),
            login: Some(login.into()),
            ..Default::default()
        }),
        credentials: Some(UserCredentialsWritable {
            password: Some(PasswordCredential {
                value: Some("Knock*knock*neo*111".into()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// Creates the two users, lists the users and prints each one's name and `customAttr`.
/// Returns the ids of the two users it created.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
) -> Result<Vec<String>, Box<dyn std::error::Error + Send + Sync>> {
    // Create a user with a custom attribute.
    let mut john = new_user("John", "Smith", LOGINS[0]);
    if let Some(profile) = john.profile.as_mut() {
        profile.set_attribute("customAttr", "custom value")?;
    }
    let john = client.create_user().body(john).send().await?.into_inner();

    // Create a user without it.
    let neo = new_user("Neo", "Anderson", LOGINS[1]);
    let neo = client.create_user().body(neo).send().await?.into_inner();

    let mut users = client.list_users().stream();
    while let Some(user) = users.try_next().await? {
        let profile = user.profile.unwrap_or_default();
        // The reference removed the org's other users from its output; so do we.
        if !LOGINS.contains(&profile.login.as_deref().unwrap_or_default()) {
            continue;
        }
        writeln!(
            out,
            "{} {}",
            profile.first_name.as_deref().unwrap_or_default(),
            profile.last_name.as_deref().unwrap_or_default()
        )?;
        match profile.attribute::<String>("customAttr") {
            Some(Ok(value)) => writeln!(out, "{value}")?,
            _ => writeln!(out, "User has no customAttr")?,
        }
    }
    Ok([john.id, neo.id].into_iter().flatten().collect())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    let created = run(&org.client, &mut std::io::stdout()).await?;
    // Leave the org as we found it: a user is deleted in two steps (see remove_user.rs).
    for id in created {
        org.client.deactivate_user().id(&id).send().await?;
        org.client.delete_user().id(&id).send().await?;
    }
    Ok(())
}
