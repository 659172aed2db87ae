//! Environment variables: every documented spelling is read, values are
//! typed, a bad value is an error naming the variable.

mod common;

use common::Sandbox;
use okta_config::environment_variables;

const HOME_OK: &str = "okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    token: t\n";

#[test]
fn every_documented_name_is_read() {
    let names: Vec<&str> = environment_variables().map(|(v, _)| v).collect();
    for name in [
        // the reference README's list
        "OKTA_CLIENT_ORG_URL",
        "OKTA_CLIENT_TOKEN",
        "OKTA_CLIENT_AUTHORIZATION_MODE",
        "OKTA_CLIENT_CLIENT_ID",
        "OKTA_CLIENT_SCOPES",
        "OKTA_CLIENT_PRIVATE_KEY",
        "OKTA_CLIENT_USER_AGENT",
        "OKTA_CLIENT_CONNECTIONTIMEOUT",
        "OKTA_CLIENT_REQUESTTIMEOUT",
        "OKTA_CLIENT_CACHE_ENABLED",
        "OKTA_CLIENT_CACHE_DEFAULT_TTI",
        "OKTA_CLIENT_CACHE_DEFAULT_TTL",
        "OKTA_CLIENT_PROXY_PORT",
        "OKTA_CLIENT_PROXY_HOST",
        "OKTA_CLIENT_PROXY_USERNAME",
        "OKTA_CLIENT_PROXY_PASSWORD",
        "OKTA_CLIENT_RATE_LIMIT_MAX_RETRIES",
        "OKTA_TESTING_TESTING_DISABLE_HTTPS_CHECK",
        // settings the README does not list
        "OKTA_CLIENT_KID",
        "OKTA_CLIENT_OAUTH_TOKEN_RENEWAL_OFFSET",
        "OKTA_CLIENT_DPOP_ENABLED",
        "OKTA_CLIENT_RATE_LIMIT_MAX_CAPACITY",
        // spellings other Okta SDKs read
        "OKTA_CLIENT_ORGURL",
        "OKTA_CLIENT_AUTHORIZATIONMODE",
        "OKTA_CLIENT_CLIENTID",
        "OKTA_CLIENT_PRIVATEKEY",
        "OKTA_CLIENT_USERAGENT",
        "OKTA_CLIENT_CONNECTION_TIMEOUT",
        "OKTA_CLIENT_REQUEST_TIMEOUT",
        "OKTA_CLIENT_RATELIMIT_MAXRETRIES",
        "OKTA_CLIENT_CACHE_DEFAULTTTL",
        "OKTA_CLIENT_CACHE_DEFAULTTTI",
        "OKTA_CLIENT_OAUTHTOKENRENEWALOFFSET",
        "OKTA_CLIENT_DPOPENABLED",
        "OKTA_TESTING_TESTINGDISABLEHTTPSCHECK",
        "OKTA_TESTING_DISABLE_HTTPS_CHECK",
    ] {
        assert!(names.contains(&name), "{name} is not read");
    }
    // no name maps to two settings
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), names.len());
}

#[test]
fn every_variable_sets_its_key() {
    // Set each variable alone (with a value of the right type) and check the
    // provenance names it for its key.
    for (var, key) in environment_variables() {
        let value = match key {
            "okta.client.orgUrl" => "https://env.okta.com",
            "okta.client.authorizationMode" => "Bearer",
            k if k.ends_with("Timeout") || k.ends_with("Ttl") || k.ends_with("Tti") => "40",
            k if k.ends_with("maxRetries") || k.ends_with("Offset") => "3",
            k if k.ends_with("maxCapacity") => "80",
            "okta.client.proxy.port" => "3128",
            k if k.ends_with("enabled") || k.ends_with("Enabled") || k.ends_with("Check") => "true",
            _ => "text",
        };
        let sandbox = Sandbox::new();
        sandbox.write_home(HOME_OK);
        let result = sandbox.loader().env([(var, value)]).load_with_provenance();
        match result {
            Ok(loaded) => {
                let source = loaded.provenance().source_of(key).map(|s| sandbox.label(s));
                assert_eq!(
                    source.as_deref(),
                    Some(format!("env:{var}").as_str()),
                    "{var}"
                );
            }
            // proxy parts alone are incomplete: the error still names the variable
            Err(e) => assert!(e.to_string().contains(var), "{var}: {e}"),
        }
    }
}

#[test]
fn bad_numbers_name_the_variable() {
    for var in [
        "OKTA_CLIENT_CONNECTIONTIMEOUT",
        "OKTA_CLIENT_CONNECTION_TIMEOUT",
        "OKTA_CLIENT_REQUESTTIMEOUT",
        "OKTA_CLIENT_RATE_LIMIT_MAX_RETRIES",
        "OKTA_CLIENT_RATELIMIT_MAXRETRIES",
        "OKTA_CLIENT_CACHE_DEFAULT_TTL",
        "OKTA_CLIENT_CACHE_DEFAULTTTI",
        "OKTA_CLIENT_PROXY_PORT",
        "OKTA_CLIENT_OAUTH_TOKEN_RENEWAL_OFFSET",
    ] {
        let sandbox = Sandbox::new();
        sandbox.write_home(HOME_OK);
        let err = sandbox.loader().env([(var, "12s")]).load().unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains(&format!("environment variable {var} ("))
                && text.contains("`12s` is not a whole number"),
            "{var}: {text}"
        );
    }
}

#[test]
fn bad_booleans_name_the_variable() {
    for var in [
        "OKTA_CLIENT_CACHE_ENABLED",
        "OKTA_CLIENT_DPOPENABLED",
        "OKTA_TESTING_TESTING_DISABLE_HTTPS_CHECK",
    ] {
        let sandbox = Sandbox::new();
        sandbox.write_home(HOME_OK);
        let err = sandbox.loader().env([(var, "perhaps")]).load().unwrap_err();
        assert!(
            err.to_string()
                .contains(&format!("environment variable {var} (")),
            "{err}"
        );
        assert!(err.to_string().contains("not a boolean"), "{err}");
    }
}

#[test]
fn booleans_accept_common_spellings() {
    for (text, want) in [
        ("true", true),
        ("TRUE", true),
        ("1", true),
        ("yes", true),
        ("false", false),
        ("0", false),
        ("No", false),
    ] {
        let sandbox = Sandbox::new();
        sandbox.write_home(HOME_OK);
        let config = sandbox
            .loader()
            .env([("OKTA_CLIENT_CACHE_ENABLED", text)])
            .load()
            .unwrap();
        assert_eq!(config.cache.enabled, want, "{text}");
    }
}

#[test]
fn scopes_are_comma_separated() {
    let sandbox = Sandbox::new();
    sandbox.write_home(HOME_OK);
    let config = sandbox
        .loader()
        .env([(
            "OKTA_CLIENT_SCOPES",
            "okta.users.read,okta.groups.manage , okta.apps.read,",
        )])
        .load()
        .unwrap();
    assert_eq!(
        config.scopes,
        ["okta.users.read", "okta.groups.manage", "okta.apps.read"]
    );
}

#[test]
fn unrelated_and_lowercase_variables_are_ignored() {
    let sandbox = Sandbox::new();
    sandbox.write_home(HOME_OK);
    let loaded = sandbox
        .loader()
        .env([
            ("okta_client_org_url", "https://lower.okta.com"),
            ("OKTA_CLIENT_SOMETHING", "x"),
            ("HOME", "/nowhere"),
        ])
        .load_with_provenance()
        .unwrap();
    assert_eq!(loaded.config().org_url.as_str(), "https://dev-1.okta.com/");
}
