//! List all applications.
//!
//! ```text
//! cargo run --example list_apps
//! ```
//!
//! Python → Rust: an application is `Application`, an enum with one variant per
//! `signOnMode` (`Application::Bookmark(..)`, `Application::BrowserPlugin(..)`,
//! `Application::OpenIdConnect(..)`, …); a sign-on mode newer than the SDK lands in
//! `Application::Unknown(..)` with every field kept, so a listing never fails on it.
//! `app.id()`, `app.label()`, `app.status()` read the fields every variant has.

use std::io::Write;

use futures::TryStreamExt;

/// Prints each application's label, sign-on mode and status, then how many there are.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut apps = client.list_applications().stream();
    let mut count = 0;
    while let Some(app) = apps.try_next().await? {
        count += 1;
        let mode = app
            .sign_on_mode()
            .map(|m| m.to_string())
            .unwrap_or_default();
        let status = app.status().map(|s| s.to_string()).unwrap_or_default();
        writeln!(
            out,
            "{} {mode} {status}",
            app.label().map(String::as_str).unwrap_or("-")
        )?;
    }
    writeln!(out, "applications: {count}")?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    run(&org.client, &mut std::io::stdout()).await
}
