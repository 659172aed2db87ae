//! Create a group.
//!
//! ```text
//! cargo run --example create_group [-- <name>]
//! ```
//!
//! Python → Rust: the reference builds `models.Group({'profile': models.GroupProfile(..)})`
//! and calls `create_group`; the spec now names the operation `add_group` (the 2.x name
//! `create_group` is a deprecated alias) and its body `AddGroupBody`, whose profile is
//! an `OktaUserGroupProfile` (a group of Okta users, the kind an API call can create).

use std::io::Write;

use okta::models::{AddGroupBody, OktaUserGroupProfile};

/// Creates the group `name`; prints and returns its id.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
    name: &str,
) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let body = AddGroupBody {
        profile: Some(OktaUserGroupProfile {
            name: Some(name.into()),
            description: Some("Created by the create_group example".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let group = client.add_group().body(body).send().await?.into_inner();
    let id = group.id.unwrap_or_default();
    writeln!(out, "created group {name}")?;
    Ok(id)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    let name = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "Group-Test".into());
    let id = run(&org.client, &mut std::io::stdout(), &name).await?;
    println!("id {id}");
    Ok(())
}
