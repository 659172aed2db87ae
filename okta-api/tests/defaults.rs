//! okta-api takes its defaults from okta-config's settings table: a change to
//! the table shows here, and a literal that drifts from it fails.

use okta_api::{RetryPolicy, Runtime};
use okta_config::{defaults, OktaConfig};

#[test]
fn a_runtime_left_at_its_defaults_retries_as_the_settings_say() {
    assert_eq!(RetryPolicy::default().max_retries, defaults::MAX_RETRIES);
    let config = OktaConfig::for_org("https://dev-1.okta.com".parse().unwrap());
    assert_eq!(config.max_retries, defaults::MAX_RETRIES);
    let runtime = Runtime::builder(config).build().unwrap();
    assert_eq!(runtime.retry_policy(), &RetryPolicy::default());
}

#[test]
fn the_org_url_rule_is_okta_configs() {
    for (org, disable) in [
        ("https://dev-1.okta.com", false),
        ("http://127.0.0.1:1", false),
        ("http://127.0.0.1:1", true),
        ("ftp://dev-1.okta.com", true),
    ] {
        let mut config = OktaConfig::for_org(org.parse().unwrap());
        config.disable_https_check = disable;
        let url = config.org_url.clone();
        assert_eq!(
            Runtime::builder(config).build().is_ok(),
            okta_config::is_allowed_scheme(&url, disable),
            "{org} with disable_https_check = {disable}"
        );
    }
}
