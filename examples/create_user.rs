//! Create a user with a password.
//!
//! ```text
//! cargo run --example create_user [-- <login>]
//! ```
//!
//! Python → Rust: `models.PasswordCredential({...})`, `models.UserCredentials({...})`
//! and `models.CreateUserRequest({...})` are typed structs here; every field is an
//! `Option`, and `..Default::default()` leaves the rest out of the request.

use std::io::Write;

use okta::models::{CreateUserRequest, PasswordCredential, UserCredentialsWritable, UserProfile};

/// Creates an active user `login` with a password; prints and returns its id.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
    login: &str,
) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let password = PasswordCredential {
        // The org's password policy decides what is accepted.
        value: Some("Sup3r-s3cret-Passw0rd".into()),
        ..Default::default()
    };
    let credentials = UserCredentialsWritable {
        password: Some(password),
        ..Default::default()
    };
    let profile = UserProfile {
        first_name: Some("John".into()),
        last_name: Some("Doe".into()),
        email: Some(login.into()),
        login: Some(login.into()),
        ..Default::default()
    };
    let request = CreateUserRequest {
        credentials: Some(credentials),
        profile: Some(profile),
        ..Default::default()
    };
    // `activate(true)` (Okta's default) makes the user ACTIVE at once; `false` keeps it STAGED.
    let user = client
        .create_user()
        .activate(true)
        .body(request)
        .send()
        .await?
        .into_inner();
    let id = user.id.unwrap_or_default();
    let status = user.status.map(|s| s.to_string()).unwrap_or_default();
    writeln!(out, "created {login}: {status}")?;
    Ok(id)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    let login = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "john.doe@example.com".into());
    let id = run(&org.client, &mut std::io::stdout(), &login).await?;
    println!("id {id}");
    Ok(())
}
