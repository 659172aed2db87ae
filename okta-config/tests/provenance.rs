//! The provenance report: each effective setting and where it came from.

mod common;

use common::Sandbox;
use okta_config::ConfigSource;
use serde_json::json;

#[test]
fn report_lists_every_set_value_with_its_source() {
    let sandbox = Sandbox::new();
    sandbox.write_home(
        "okta:\n  client:\n    orgUrl: https://home.okta.com\n    token: secret-home\n",
    );
    sandbox.write_cwd("okta:\n  client:\n    userAgent: cwd-agent\n");
    let loaded = sandbox
        .loader()
        .env([("OKTA_CLIENT_RATELIMIT_MAXRETRIES", "5")])
        .explicit_json(json!({"kid": "k-explicit"}))
        .load_with_provenance()
        .unwrap();
    let p = loaded.provenance();
    assert_eq!(
        p.source_of("okta.client.orgUrl"),
        Some(&ConfigSource::File(sandbox.home_file()))
    );
    assert_eq!(
        p.source_of("okta.client.userAgent"),
        Some(&ConfigSource::File(sandbox.cwd_file()))
    );
    assert_eq!(
        p.source_of("okta.client.rateLimit.maxRetries"),
        Some(&ConfigSource::Env(
            "OKTA_CLIENT_RATELIMIT_MAXRETRIES".into()
        ))
    );
    assert_eq!(
        p.source_of("okta.client.kid"),
        Some(&ConfigSource::Explicit)
    );
    assert_eq!(
        p.source_of("okta.client.connectionTimeout"),
        Some(&ConfigSource::Default)
    );
    assert_eq!(p.source_of("okta.client.clientId"), None);
    assert_eq!(
        p.get("okta.client.rateLimit.maxRetries").unwrap().value(),
        "5"
    );

    let text = p.to_string();
    let home = sandbox.home_file().display().to_string();
    for line in [
        format!("okta.client.orgUrl = https://home.okta.com ({home})"),
        format!("okta.client.token = **** ({home})"),
        "okta.client.rateLimit.maxRetries = 5 (environment variable OKTA_CLIENT_RATELIMIT_MAXRETRIES)".to_owned(),
        "okta.client.kid = k-explicit (explicit configuration)".to_owned(),
        "okta.client.connectionTimeout = 30 (default)".to_owned(),
    ] {
        assert!(text.lines().any(|l| l == line), "missing `{line}` in:\n{text}");
    }
    assert!(!text.contains("secret-home"));
    // one line per entry, in settings order (orgUrl first)
    assert_eq!(text.lines().count(), p.entries().len());
    assert_eq!(p.entries()[0].key(), "okta.client.orgUrl");
}

#[test]
fn source_display() {
    assert_eq!(ConfigSource::Default.to_string(), "default");
    assert_eq!(ConfigSource::Explicit.to_string(), "explicit configuration");
    assert_eq!(
        ConfigSource::Env("OKTA_CLIENT_TOKEN".into()).to_string(),
        "environment variable OKTA_CLIENT_TOKEN"
    );
    assert_eq!(
        ConfigSource::File("/x/okta.yaml".into()).to_string(),
        "/x/okta.yaml"
    );
}

#[test]
fn later_explicit_layers_win() {
    let sandbox = Sandbox::new();
    let loaded = sandbox
        .loader()
        .explicit_json(json!({"orgUrl": "https://first.okta.com", "token": "a"}))
        .explicit_builder(okta_config::OktaConfig::builder().org_url("https://second.okta.com"))
        .load_with_provenance()
        .unwrap();
    assert_eq!(loaded.config().org_url.as_str(), "https://second.okta.com/");
    assert_eq!(
        loaded.provenance().source_of("okta.client.token"),
        Some(&ConfigSource::Explicit)
    );
    let (config, provenance) = loaded.into_parts();
    assert_eq!(config.token.unwrap().expose(), "a");
    assert!(provenance.get("okta.client.orgUrl").is_some());
}
