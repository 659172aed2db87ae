//! Call other API endpoints: any path of the org, through the client's authentication,
//! retries, rate-limit handling and typed errors.
//!
//! ```text
//! cargo run --example raw_requests [-- <user id>]
//! ```
//!
//! Every operation of Okta's management spec already has a method; this is for the
//! rest (an endpoint newer than the SDK, an undocumented one).
//!
//! Python → Rust: `get_request_executor().create_request(..)` and `.execute(request,
//! models.User)` are one builder, `client.request(Method, path)`, finished by
//! `send_empty()` (no body wanted), `send_json::<T>()` (a typed body: a model, your own
//! struct, or `serde_json::Value`), `send_bytes()` or `paginate::<T>()` (a listing).

use std::io::Write;

use reqwest::Method;

/// Activates user `user_id` without an answer body, then reads it as a typed `User`.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
    user_id: &str,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    // Without a typed answer. The path is relative to the org URL; put values into
    // paths with care (the generated methods encode them for you).
    client
        .request(
            Method::POST,
            &format!("/api/v1/users/{user_id}/lifecycle/activate"),
        )
        .query(&[("sendEmail", "false")])
        .send_empty()
        .await?;
    writeln!(out, "POST /api/v1/users/{user_id}/lifecycle/activate: done")?;

    // With a typed answer: the model the generated `get_user` returns.
    let user: okta::models::User = client
        .request(Method::GET, &format!("/api/v1/users/{user_id}"))
        .send_json()
        .await?;
    // A user activated without a password is PROVISIONED until it sets one.
    let status = user.status.map(|s| s.to_string()).unwrap_or_default();
    writeln!(out, "GET /api/v1/users/{user_id}: {status}")?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    // The user named on the command line; on the fake org, a seeded STAGED user.
    let user_id = match (std::env::args().nth(1), &org.fake) {
        (Some(id), _) => id,
        (None, Some(fake)) => fake.seed_user(serde_json::json!({
            "status": "STAGED", "profile": {"login": "john.doe@example.com"}
        })),
        (None, None) => return Err("usage: raw_requests <user id>".into()),
    };
    run(&org.client, &mut std::io::stdout(), &user_id).await
}
