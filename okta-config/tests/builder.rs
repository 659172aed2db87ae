//! `OktaConfig::builder()`: explicit values set in code.

mod common;

use std::time::Duration;

use common::{Sandbox, FAKE_PEM};
use okta_config::{AuthorizationMode, CacheConfig, ConfigSource, OktaConfig, ProxyConfig};

#[test]
fn build_uses_only_explicit_values_and_defaults() {
    let config = OktaConfig::builder()
        .org_url("https://dev-1.okta.com")
        .token("t")
        .build()
        .unwrap();
    let mut expected = OktaConfig::for_org("https://dev-1.okta.com".parse().unwrap());
    expected.token = Some("t".into());
    assert_eq!(config, expected, "defaults must match OktaConfig::for_org");
}

#[test]
fn build_without_org_url_fails() {
    let err = OktaConfig::builder().token("t").build().unwrap_err();
    assert_eq!(err.issues().len(), 1, "{err}");
    assert_eq!(err.issues()[0].key(), "okta.client.orgUrl");
}

#[test]
fn every_setter_reaches_the_config() {
    let config = OktaConfig::builder()
        .org_url("http://localhost:1234")
        .disable_https_check(true)
        .authorization_mode(AuthorizationMode::PrivateKey)
        .client_id("0oa1")
        .scopes(["okta.users.read", "okta.apps.read"])
        .private_key(FAKE_PEM)
        .kid("kid-9")
        .connection_timeout(Duration::from_secs(12))
        .request_timeout(Duration::from_millis(2500))
        .proxy(ProxyConfig {
            host: "proxy.local".into(),
            port: 3128,
            username: Some("u".into()),
            password: Some("p".into()),
        })
        .max_retries(6)
        .rate_limit_max_capacity(75)
        .user_agent("my-app/1.0")
        .cache(CacheConfig {
            enabled: true,
            default_ttl: Duration::from_secs(60),
            default_tti: Duration::from_secs(30),
        })
        .oauth_token_renewal_offset(Duration::from_secs(90))
        .dpop_enabled(true)
        .build()
        .unwrap();
    assert_eq!(config.org_url.as_str(), "http://localhost:1234/");
    assert!(config.disable_https_check);
    assert_eq!(config.authorization_mode, AuthorizationMode::PrivateKey);
    assert_eq!(config.client_id.as_deref(), Some("0oa1"));
    assert_eq!(config.scopes, ["okta.users.read", "okta.apps.read"]);
    assert_eq!(config.private_key.as_ref().unwrap().expose(), FAKE_PEM);
    assert_eq!(config.kid.as_deref(), Some("kid-9"));
    assert_eq!(config.connection_timeout, Duration::from_secs(12));
    // rounded up to whole seconds
    assert_eq!(config.request_timeout, Some(Duration::from_secs(3)));
    let proxy = config.proxy.as_ref().unwrap();
    assert_eq!((proxy.host.as_str(), proxy.port), ("proxy.local", 3128));
    assert_eq!(proxy.username.as_deref(), Some("u"));
    assert_eq!(proxy.password.as_ref().unwrap().expose(), "p");
    assert_eq!(config.max_retries, 6);
    assert_eq!(config.rate_limit_max_capacity, Some(75));
    assert_eq!(config.user_agent.as_deref(), Some("my-app/1.0"));
    assert!(config.cache.enabled);
    assert_eq!(config.cache.default_ttl, Duration::from_secs(60));
    assert_eq!(config.cache.default_tti, Duration::from_secs(30));
    // whole minutes, rounded up
    assert_eq!(config.oauth_token_renewal_offset, Duration::from_secs(120));
    assert!(config.dpop_enabled);
}

#[test]
fn builder_layers_over_files_and_env_through_the_loader() {
    let sandbox = Sandbox::new();
    sandbox.write_home("okta:\n  client:\n    orgUrl: https://home.okta.com\n    token: home-token\n    userAgent: home-agent\n");
    let loaded = sandbox
        .loader()
        .env([("OKTA_CLIENT_USER_AGENT", "env-agent")])
        .explicit_builder(OktaConfig::builder().token("code-token"))
        .load_with_provenance()
        .unwrap();
    let config = loaded.config();
    assert_eq!(config.org_url.as_str(), "https://home.okta.com/");
    assert_eq!(config.token.as_ref().unwrap().expose(), "code-token");
    assert_eq!(config.user_agent.as_deref(), Some("env-agent"));
    assert_eq!(
        loaded.provenance().source_of("okta.client.token"),
        Some(&ConfigSource::Explicit)
    );
}

#[test]
fn builder_errors_name_explicit_configuration() {
    let err = OktaConfig::builder()
        .org_url("https://dev-1-admin.okta.com")
        .token("t")
        .build()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("explicit configuration (okta.client.orgUrl)"),
        "{err}"
    );
}

#[test]
fn authorization_mode_names() {
    for mode in [
        AuthorizationMode::Ssws,
        AuthorizationMode::Bearer,
        AuthorizationMode::PrivateKey,
    ] {
        assert_eq!(AuthorizationMode::parse(mode.as_str()), Some(mode));
        assert_eq!(mode.to_string(), mode.as_str());
    }
    assert_eq!(AuthorizationMode::parse("private_key"), None);
}
