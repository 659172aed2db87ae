//! Secrets (token, private key, proxy password) never show in Debug,
//! Display, provenance or error text.

mod common;

use common::Sandbox;
use okta_config::{OktaConfig, ProxyConfig, Secret};
use serde_json::json;

const TOKEN: &str = "SEKRIT-TOKEN-0123456789";
const PROXY_PASSWORD: &str = "SEKRIT-PROXY-PASSWORD";
const KEY_BODY: &str = "SEKRITKEYBODYAAAAAAAAAAAAAAAAAAAAAA";

fn pem() -> String {
    format!("-----BEGIN PRIVATE KEY-----\n{KEY_BODY}\n-----END PRIVATE KEY-----\n")
}

fn assert_clean(what: &str, text: &str) {
    for secret in [TOKEN, PROXY_PASSWORD, KEY_BODY] {
        assert!(!text.contains(secret), "{what} shows a secret:\n{text}");
    }
}

#[test]
fn secret_type_masks_debug_and_display() {
    let s = Secret::new(TOKEN);
    assert_eq!(format!("{s}"), "****");
    assert_eq!(format!("{s:?}"), "Secret(****)");
    assert_eq!(s.expose(), TOKEN);
}

#[test]
fn loaded_config_provenance_and_loader_hide_secrets() {
    let sandbox = Sandbox::new();
    sandbox.write_home(&format!(
        "okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    token: {TOKEN}\n    proxy:\n      host: p\n      port: 3128\n      username: u\n      password: {PROXY_PASSWORD}\n"
    ));
    let loader = sandbox
        .loader()
        .explicit_json(json!({ "privateKey": pem(), "token": TOKEN }));
    assert_clean("ConfigLoader Debug", &format!("{loader:?}"));
    let loaded = loader.load_with_provenance().expect("valid");
    // the values are there...
    assert_eq!(loaded.config().token.as_ref().unwrap().expose(), TOKEN);
    assert!(loaded
        .config()
        .private_key
        .as_ref()
        .unwrap()
        .expose()
        .contains(KEY_BODY));
    // ...but never shown
    assert_clean("OktaConfig Debug", &format!("{:?}", loaded.config()));
    assert_clean(
        "OktaConfig Debug (pretty)",
        &format!("{:#?}", loaded.config()),
    );
    assert_clean("LoadedConfig Debug", &format!("{loaded:?}"));
    assert_clean("Provenance Display", &loaded.provenance().to_string());
    assert_clean("Provenance Debug", &format!("{:?}", loaded.provenance()));
    let token = loaded.provenance().get("okta.client.token").unwrap();
    assert_eq!(token.value(), "****");
    let password = loaded
        .provenance()
        .get("okta.client.proxy.password")
        .unwrap();
    assert_eq!(password.value(), "****");
}

#[test]
fn builder_debug_hides_secrets() {
    let builder = OktaConfig::builder()
        .org_url("https://dev-1.okta.com")
        .token(TOKEN)
        .private_key(pem())
        .proxy(ProxyConfig {
            host: "p".into(),
            port: 1,
            username: Some("u".into()),
            password: Some(PROXY_PASSWORD.into()),
        });
    assert_clean("builder Debug", &format!("{builder:?}"));
    let config = builder.build().unwrap();
    assert_clean("built OktaConfig Debug", &format!("{config:?}"));
}

#[test]
fn errors_never_show_secrets() {
    let sandbox = Sandbox::new();
    // malformed YAML around a secret
    sandbox.write_home(&format!(
        "okta:\n  client:\n    token: {TOKEN}\n   proxy: [\"{PROXY_PASSWORD}\"\n"
    ));
    // a secret of the wrong type, a secret under an unknown key, a bad key
    // that is not a path (long, multi-line), a secret in a bad mode
    sandbox.write_cwd(&format!(
        "okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    authorizationMode: PrivateKey\n    token: [{TOKEN}]\n    proxy:\n      password: {{ {PROXY_PASSWORD}: 1 }}\n"
    ));
    let long_junk = format!("{KEY_BODY}\n{KEY_BODY}\n");
    let err = sandbox
        .loader()
        .env([("OKTA_CLIENT_PROXY_PASSWORD", PROXY_PASSWORD)])
        .explicit_json(json!({
            "tokn": TOKEN,
            "privateKey": long_junk,
            "kid": { "nested": TOKEN },
        }))
        .load()
        .unwrap_err();
    assert!(err.issues().len() >= 4, "{err}");
    assert_clean("ConfigError Display", &err.to_string());
    assert_clean("ConfigError Debug", &format!("{err:?}"));
    for issue in err.issues() {
        assert_clean("ConfigIssue Display", &issue.to_string());
    }
    let text = err.to_string();
    assert!(
        text.contains("okta.client.tokn: unknown setting")
            || text.contains("(okta.client.tokn): unknown setting"),
        "{text}"
    );
    assert!(
        text.contains("okta.client.token: expected text, found a list"),
        "{text}"
    );
    assert!(text.contains("neither PEM text"), "{text}");
}

#[test]
fn secret_with_wrong_scalar_type_is_not_echoed() {
    let sandbox = Sandbox::new();
    sandbox.write_home(
        "okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    token: 123456789987654321\n",
    );
    let err = sandbox.loader().load().unwrap_err();
    let text = err.to_string();
    assert!(!text.contains("123456789987654321"), "{text}");
    assert!(text.contains("not shown"), "{text}");
}
