//! Create a SWA (Secure Web Authentication) application: Okta's browser plugin fills in
//! the login form of a site that has no federation.
//!
//! ```text
//! cargo run --example create_swa_app
//! ```
//!
//! Python → Rust: the reference's `models.SwaApplication` is, in the current spec, a
//! `BrowserPluginApplication` (sign-on mode `BROWSER_PLUGIN`) with the template name
//! `template_swa`; `Application::from(..)` wraps it in the polymorphic `Application`
//! the operation takes, which writes the discriminator (`signOnMode: BROWSER_PLUGIN`).

use std::io::Write;

use okta::models::{
    Application, BrowserPluginApplication, BrowserPluginApplicationName, SwaApplicationSettings,
    SwaApplicationSettingsApplication,
};

/// Creates a SWA app labelled `label`; prints and returns its id.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
    label: &str,
) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let login_form = SwaApplicationSettingsApplication {
        button_field: Some("btn-login".into()),
        password_field: Some("txt-box-password".into()),
        username_field: Some("txt-box-username".into()),
        url: Some("https://example.com/login.html".into()),
        login_url_regex: Some("^https://example.com/login.html$".into()),
        ..Default::default()
    };
    let swa = BrowserPluginApplication {
        label: Some(label.into()),
        name: Some(BrowserPluginApplicationName::TemplateSwa),
        settings: Some(SwaApplicationSettings {
            app: Some(login_form),
            ..Default::default()
        }),
        ..Default::default()
    };
    let app = client
        .create_application()
        .body(Application::from(swa))
        .send()
        .await?
        .into_inner();

    let mode = app
        .sign_on_mode()
        .map(|m| m.to_string())
        .unwrap_or_default();
    let status = app.status().map(|s| s.to_string()).unwrap_or_default();
    writeln!(out, "created {label}: {mode} {status}")?;
    Ok(app.id().cloned().unwrap_or_default())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    let id = run(&org.client, &mut std::io::stdout(), "SWA Test App").await?;
    println!("id {id}");
    Ok(())
}
