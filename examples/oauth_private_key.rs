//! OAuth 2.0 with a private key: a service app signs a client assertion with its private
//! key (`private_key_jwt`), the SDK exchanges it for a scoped access token, caches the
//! token and renews it before it expires. No API token is involved.
//!
//! ```text
//! cargo run --example oauth_private_key
//! ```
//!
//! On the fake org, the example registers a service app with the public half of
//! `examples/keys/example-rsa.*` (test material only) and signs in with the private key,
//! once as PEM and once as JWK. On a real org, set `OKTA_CLIENT_AUTHORIZATIONMODE=PrivateKey`,
//! `OKTA_CLIENT_CLIENTID`, `OKTA_CLIENT_SCOPES=okta.users.read` and
//! `OKTA_CLIENT_PRIVATEKEY` (the key, or the path of a file holding it); the example uses
//! them.
//!
//! Python → Rust: the reference's dictionary (`authorizationMode`, `clientId`, `scopes`,
//! `privateKey`) is accepted as is by `ConfigLoader::explicit_json`; the key may be PEM
//! (PKCS#1 or PKCS#8, RSA or EC P-256) or JWK text.

use std::io::Write;

use okta::config::ConfigLoader;

/// The example key in PEM (PKCS#8) form.
pub const PRIVATE_KEY_PEM: &str = include_str!("keys/example-rsa.pem");
/// The same key as a JWK.
pub const PRIVATE_KEY_JWK: &str = include_str!("keys/example-rsa.jwk.json");

/// The public half of a private RSA JWK: what the service app registers with Okta.
pub fn public_jwk(private_jwk: &str) -> Result<serde_json::Value, serde_json::Error> {
    let mut jwk: serde_json::Value = serde_json::from_str(private_jwk)?;
    if let Some(members) = jwk.as_object_mut() {
        for private in ["d", "p", "q", "dp", "dq", "qi"] {
            members.remove(private);
        }
    }
    Ok(jwk)
}

/// Builds a client for the org of `client` that authenticates as service app `client_id`
/// with `private_key` (PEM or JWK text), and lists users with it.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
    client_id: &str,
    private_key: &str,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let config = ConfigLoader::isolated()
        .explicit_json(serde_json::json!({
            "orgUrl": client.config().org_url.as_str(),
            "authorizationMode": "PrivateKey",
            "clientId": client_id,
            "scopes": ["okta.users.read"],
            "privateKey": private_key,
            // Only for the fake org, which speaks plain http on loopback.
            "testing": {"disableHttpsCheck": client.config().disable_https_check},
        }))
        .load()?;
    let service = okta::Client::from_config(config)?;

    // The first call fetches an access token; later ones reuse it until it nears expiry.
    let users = service.list_users().limit(200).send_page().await?;
    writeln!(out, "listed {} users as {client_id}", users.items().len())?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    let mut stdout = std::io::stdout();
    match &org.fake {
        Some(fake) => {
            fake.register_oauth_client(
                "0oa-example-service",
                public_jwk(PRIVATE_KEY_JWK)?,
                &["okta.users.read"],
            );
            run(
                &org.client,
                &mut stdout,
                "0oa-example-service",
                PRIVATE_KEY_PEM,
            )
            .await?;
            run(
                &org.client,
                &mut stdout,
                "0oa-example-service",
                PRIVATE_KEY_JWK,
            )
            .await?;
        }
        None => {
            // A real org: the configured service app and key.
            let config = org.client.config();
            let client_id = config.client_id.clone().ok_or("set OKTA_CLIENT_CLIENTID")?;
            let key = config
                .private_key
                .as_ref()
                .ok_or("set OKTA_CLIENT_PRIVATEKEY")?;
            run(&org.client, &mut stdout, &client_id, key.expose()).await?;
        }
    }
    Ok(())
}
