//! Get an application by id.
//!
//! ```text
//! cargo run --example get_app [-- <app id>]
//! ```
//!
//! Python → Rust: `client.get_application(app.id)` is
//! `client.get_application().app_id(..)`; match on the variant to reach the fields of
//! one kind of application (see list_apps.rs).

use std::io::Write;

use okta::models::Application;

/// Reads application `app_id` and prints its label and what kind it is.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
    app_id: &str,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let app = client
        .get_application()
        .app_id(app_id)
        .send()
        .await?
        .into_inner();
    let label = app.label().cloned().unwrap_or_default();
    let kind = match &app {
        Application::BrowserPlugin(_) => "a browser plugin (SWA) app".to_owned(),
        Application::Bookmark(_) => "a bookmark app".to_owned(),
        Application::OpenidConnect(_) => "an OpenID Connect app".to_owned(),
        Application::Saml20(_) => "a SAML 2.0 app".to_owned(),
        other => format!(
            "a {} app",
            other
                .sign_on_mode()
                .map(|m| m.to_string())
                .unwrap_or_default()
        ),
    };
    writeln!(out, "{label}: {kind}")?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    // The app named on the command line, or the org's first one (the fake org has a
    // demo bookmark app).
    let app_id = match std::env::args().nth(1) {
        Some(id) => id,
        None => {
            let page = org.client.list_applications().limit(1).send_page().await?;
            let first = page.into_items().into_iter().next();
            first
                .and_then(|app| app.id().cloned())
                .ok_or("the org has no application")?
        }
    };
    run(&org.client, &mut std::io::stdout(), &app_id).await
}
