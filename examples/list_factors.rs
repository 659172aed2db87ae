//! List a user's enrolled factors, and the factors the user can enroll.
//!
//! ```text
//! cargo run --example list_factors [-- <user id>]
//! ```
//!
//! The reference's section "List a User's enrolled Factors" calls
//! `list_supported_factors`, which is the catalog of what the user *may* enroll; the
//! enrolled ones are `list_factors`. This example shows both.
//!
//! Python → Rust: a factor is `UserFactor`, an enum with one variant per `factorType`
//! (`UserFactor::Sms(..)`, `UserFactor::TokenSoftwareTotp(..)`, …, and `Unknown(..)` for
//! a type newer than the SDK); `factor.id()`, `factor.status()` read the shared fields.

use std::io::Write;

use futures::TryStreamExt;

fn text<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_else(|| "-".into())
}

/// Prints the user's enrolled factors, then the supported ones (type, provider, status).
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
    user_id: &str,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let enrolled: Vec<okta::models::UserFactor> = client
        .list_factors()
        .user_id(user_id)
        .stream()
        .try_collect()
        .await?;
    writeln!(out, "enrolled:")?;
    for factor in &enrolled {
        writeln!(
            out,
            "  {} {}",
            text(factor.factor_type()),
            text(factor.status())
        )?;
    }

    let supported: Vec<okta::models::UserFactorSupported> = client
        .list_supported_factors()
        .user_id(user_id)
        .stream()
        .try_collect()
        .await?;
    writeln!(out, "supported:")?;
    for factor in &supported {
        writeln!(
            out,
            "  {} {} {}",
            text(factor.factor_type.as_ref()),
            text(factor.provider.as_ref()),
            text(factor.status.as_ref())
        )?;
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
