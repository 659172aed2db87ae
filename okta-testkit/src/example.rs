//! [`example_org`]: what examples run against — a real org when one is
//! configured, else a fresh fake org with a few demo users and groups.

use serde_json::json;

use crate::FakeOrg;

/// The environment variable that says a real org is configured (the other
/// configuration sources are then read as usual by [`okta::Client::new`]).
const ORG_URL_VARIABLES: [&str; 2] = ["OKTA_CLIENT_ORGURL", "OKTA_CLIENT_ORG_URL"];

/// The org an example runs against.
#[derive(Debug)]
#[non_exhaustive]
pub struct ExampleOrg {
    /// A client for the org.
    pub client: okta::Client,
    /// The fake org, when no real org is configured (keep it alive as long
    /// as the client is used).
    pub fake: Option<FakeOrg>,
    /// Why the fake org was chosen, for [`describe`](Self::describe).
    reason: Option<String>,
}

impl ExampleOrg {
    /// One line saying which org this is, for examples to print:
    /// `Okta org https://dev-1.okta.com (from configuration)` or
    /// `fake Okta org on loopback (http://127.0.0.1:PORT; ...)`.
    pub fn describe(&self) -> String {
        match &self.fake {
            None => format!(
                "Okta org {} (from configuration)",
                self.client.config().org_url.as_str().trim_end_matches('/')
            ),
            Some(fake) => format!(
                "fake Okta org on loopback ({}; {})",
                fake.url(),
                self.reason.as_deref().unwrap_or("no real org configured")
            ),
        }
    }
}

/// A real org when `OKTA_CLIENT_ORGURL` is set and [`okta::Client::new`]
/// succeeds with the usual configuration sources; otherwise a fake org
/// seeded with demo users and groups (needs a tokio runtime).
pub async fn example_org() -> Result<ExampleOrg, Box<dyn std::error::Error + Send + Sync>> {
    let configured = ORG_URL_VARIABLES
        .iter()
        .find(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()));
    let reason = match configured {
        None => format!("{} is not set", ORG_URL_VARIABLES[0]),
        Some(name) => match okta::Client::new() {
            Ok(client) => {
                return Ok(ExampleOrg {
                    client,
                    fake: None,
                    reason: None,
                })
            }
            Err(e) => {
                tracing::warn!(error = %e, "configured org unusable; using a fake org");
                format!("{name} is set but the configuration failed: {e}")
            }
        },
    };
    let fake = FakeOrg::start().await?;
    seed_demo(&fake);
    Ok(ExampleOrg {
        client: fake.client(),
        fake: Some(fake),
        reason: Some(reason),
    })
}

/// Demo content: three users (one staged), two groups with members, one bookmark app.
fn seed_demo(fake: &FakeOrg) {
    let people = [
        ("Ada", "Lovelace", "ACTIVE"),
        ("Grace", "Hopper", "ACTIVE"),
        ("Alan", "Turing", "STAGED"),
    ];
    let ids: Vec<String> = people
        .iter()
        .map(|(first, last, status)| {
            let login = format!(
                "{}.{}@example.com",
                first.to_lowercase(),
                last.to_lowercase()
            );
            fake.seed_user(json!({
                "status": status,
                "profile": {
                    "firstName": first,
                    "lastName": last,
                    "login": login,
                    "email": login,
                },
            }))
        })
        .collect();
    let engineering = fake.seed_group(json!({
        "profile": { "name": "Engineering", "description": "Builds things" }
    }));
    let everyone = fake.seed_group(json!({
        "profile": { "name": "Everyone (demo)", "description": "All demo users" }
    }));
    for id in &ids {
        fake.seed_membership(&everyone, id);
    }
    for id in ids.iter().take(2) {
        fake.seed_membership(&engineering, id);
    }
    // A demo app is optional content: a refusal is logged, not fatal.
    let app = fake.seed_app(json!({
        "name": "bookmark",
        "label": "Okta developer docs",
        "signOnMode": "BOOKMARK",
        "settings": { "app": { "url": "https://developer.okta.com/", "requestIntegration": false } },
    }));
    if let Err(why) = app {
        tracing::warn!(%why, "demo app not seeded");
    }
}
