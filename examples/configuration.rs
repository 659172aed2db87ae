//! Configuration: the same org configured three ways (values in code, an `okta.yaml`
//! file, environment variables), each telling where its settings came from.
//!
//! ```text
//! cargo run --example configuration
//! ```
//!
//! `okta::Client::new()` reads every source, lowest precedence first: defaults,
//! `~/.okta/okta.yaml`, `./okta.yaml`, `OKTA_CLIENT_*` variables; explicit values win
//! over all. Only one source is needed. This example uses `ConfigLoader` to read one
//! source at a time (a given directory, a given map of variables), so it changes neither
//! your files nor the process environment. On a real org it needs an API token (SSWS
//! mode), which it copies into each source.
//!
//! Python → Rust: `OktaClient({'orgUrl': .., 'token': ..})` is
//! `OktaConfig::builder().org_url(..).token(..).build()` (or
//! `ConfigLoader::new().explicit_json(json!({..}))` for the dictionary shape), and
//! `OktaClient()` is `Client::new()`. Every problem is reported at once, naming its
//! source and the fix, and a secret is never printed.

use std::io::Write;

use okta::config::{ConfigLoader, LoadedConfig, OktaConfig};

/// Lists one user with a client of `loaded`, and prints where its org URL and token came from.
async fn check(
    out: &mut impl Write,
    how: &str,
    loaded: LoadedConfig,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let provenance = loaded.provenance();
    let source = |key: &str| {
        provenance
            .source_of(key)
            .map(|s| s.to_string())
            .unwrap_or_default()
    };
    let url_from = source("okta.client.orgUrl");
    let token_from = source("okta.client.token");
    let client = okta::Client::from_config(loaded.into_config())?;
    client.list_users().limit(1).send_page().await?;
    writeln!(
        out,
        "{how}: ok (orgUrl from {url_from}, token from {token_from})"
    )?;
    Ok(())
}

/// Configures a client for the org of `client` (its URL and API token) from code, from an
/// `okta.yaml` in a scratch directory and from environment variables, and lists a user
/// with each.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org_url = client
        .config()
        .org_url
        .as_str()
        .trim_end_matches('/')
        .to_owned();
    let token = client
        .config()
        .token
        .as_ref()
        .ok_or("this example needs an API token (SSWS)")?;
    let token = token.expose().to_owned();
    // Only for the fake org, which speaks plain http on loopback.
    let testing = client.config().disable_https_check;

    // 1. Values in code. `builder.build()` is the configuration of these values alone;
    // `builder.load()` layers them over the files and the environment. Through a loader,
    // the provenance comes along.
    let values = OktaConfig::builder()
        .org_url(&org_url)
        .token(token.as_str())
        .disable_https_check(testing);
    let loaded = ConfigLoader::isolated()
        .explicit_builder(values)
        .load_with_provenance()?;
    check(out, "code", loaded).await?;

    // 2. An `okta.yaml` file (here in a scratch directory rather than `./` or `~/.okta/`).
    let dir =
        std::env::temp_dir().join(format!("okta-configuration-example-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let yaml = format!(
        "okta:\n  client:\n    orgUrl: \"{org_url}\"\n    token: \"{token}\"\n    rateLimit:\n      maxRetries: 4\n  testing:\n    disableHttpsCheck: {testing}\n"
    );
    std::fs::write(dir.join("okta.yaml"), yaml)?;
    let loaded = ConfigLoader::isolated()
        .current_dir(&dir)
        .load_with_provenance();
    std::fs::remove_dir_all(&dir)?;
    check(out, "okta.yaml", loaded?).await?;

    // 3. Environment variables (here a map instead of the process environment).
    let loaded = ConfigLoader::isolated()
        .env([
            ("OKTA_CLIENT_ORGURL", org_url.clone()),
            ("OKTA_CLIENT_TOKEN", token.clone()),
            ("OKTA_TESTING_DISABLE_HTTPS_CHECK", testing.to_string()),
        ])
        .load_with_provenance()?;
    check(out, "environment", loaded).await?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    run(&org.client, &mut std::io::stdout()).await
}
