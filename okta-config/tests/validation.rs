//! One case per validation rule. Each case asserts that some issue names the
//! right source (file path, environment variable, explicit or none), the
//! right key, and carries the fix.

mod common;

use common::Sandbox;
use okta_config::ConfigError;
use serde_json::{json, Value};

const HOME_OK: &str = "okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    token: t0k\n";

struct Case {
    name: &'static str,
    home: Option<&'static str>,
    cwd: Option<&'static str>,
    env: &'static [(&'static str, &'static str)],
    explicit: Option<Value>,
    /// `home`, `cwd`, `env:NAME`, `explicit` or `none`.
    source: &'static str,
    key: &'static str,
    fragments: &'static [&'static str],
}

fn case(name: &'static str) -> Case {
    Case {
        name,
        home: None,
        cwd: None,
        env: &[],
        explicit: None,
        source: "none",
        key: "",
        fragments: &[],
    }
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            home: Some("okta:\n  client:\n    token: t0k\n"),
            key: "okta.client.orgUrl",
            fragments: &[
                "Your Okta URL is missing",
                "https://bit.ly/finding-okta-domain",
                "OKTA_CLIENT_ORG_URL",
                "~/.okta/okta.yaml",
            ],
            ..case("org_url_missing")
        },
        Case {
            home: Some("okta:\n  client:\n    orgUrl: http://dev-1.okta.com\n    token: t0k\n"),
            source: "home",
            key: "okta.client.orgUrl",
            fragments: &["must start with https://", "http://dev-1.okta.com", "disableHttpsCheck"],
            ..case("org_url_not_https")
        },
        Case {
            cwd: Some("okta:\n  client:\n    orgUrl: https://{yourOktaDomain}\n    token: t0k\n"),
            source: "cwd",
            key: "okta.client.orgUrl",
            fragments: &["Replace {yourOktaDomain}", "bit.ly/finding-okta-domain"],
            ..case("org_url_placeholder")
        },
        Case {
            env: &[("OKTA_CLIENT_ORGURL", "https://dev-1-admin.okta.com"), ("OKTA_CLIENT_TOKEN", "t")],
            source: "env:OKTA_CLIENT_ORGURL",
            key: "okta.client.orgUrl",
            fragments: &["Admin Console", "-admin", "Use https://dev-1.okta.com"],
            ..case("org_url_admin_okta_com")
        },
        Case {
            explicit: Some(json!({"orgUrl": "https://dev-1-admin.oktapreview.com", "token": "t"})),
            source: "explicit",
            key: "okta.client.orgUrl",
            fragments: &["-admin", "Use https://dev-1.oktapreview.com"],
            ..case("org_url_admin_oktapreview")
        },
        Case {
            home: Some("okta:\n  client:\n    orgUrl: https://acme-admin.okta-emea.com/\n    token: t\n"),
            source: "home",
            key: "okta.client.orgUrl",
            fragments: &["-admin", "Use https://acme.okta-emea.com"],
            ..case("org_url_admin_okta_emea")
        },
        Case {
            home: Some("okta:\n  client:\n    orgUrl: https://Dev-7-Admin.okta.com:443/api\n    token: t\n"),
            source: "home",
            key: "okta.client.orgUrl",
            fragments: &["-admin", "Use https://Dev-7.okta.com"],
            ..case("org_url_admin_with_port_and_path")
        },
        Case {
            home: Some("okta:\n  client:\n    orgUrl: https://dev-1.okta.com.com/\n    token: t\n"),
            source: "home",
            key: "okta.client.orgUrl",
            fragments: &["typo", ".com.com"],
            ..case("org_url_com_com_trailing_slash")
        },
        Case {
            env: &[("OKTA_CLIENT_ORG_URL", "https://dev-1.okta.com.com"), ("OKTA_CLIENT_TOKEN", "t")],
            source: "env:OKTA_CLIENT_ORG_URL",
            key: "okta.client.orgUrl",
            fragments: &["typo", ".com.com", "Remove the extra"],
            ..case("org_url_com_com")
        },
        Case {
            explicit: Some(json!({"orgUrl": "https://https://dev-1.okta.com", "token": "t"})),
            source: "explicit",
            key: "okta.client.orgUrl",
            fragments: &["typo", "`://` more than once"],
            ..case("org_url_double_scheme")
        },
        Case {
            home: Some("okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n"),
            key: "okta.client.token",
            fragments: &["API token is missing", "bit.ly/get-okta-api-token", "OKTA_CLIENT_TOKEN"],
            ..case("token_missing_ssws")
        },
        Case {
            home: Some("okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    token: \"{apiToken}\"\n"),
            source: "home",
            key: "okta.client.token",
            fragments: &["Replace {apiToken}", "bit.ly/get-okta-api-token"],
            ..case("token_placeholder")
        },
        Case {
            home: Some("okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n"),
            env: &[("OKTA_CLIENT_AUTHORIZATIONMODE", "Bearer")],
            key: "okta.client.token",
            fragments: &["access token is missing", "OKTA_CLIENT_TOKEN"],
            ..case("token_missing_bearer")
        },
        Case {
            home: Some(HOME_OK),
            env: &[("OKTA_CLIENT_AUTHORIZATION_MODE", "Basic")],
            source: "env:OKTA_CLIENT_AUTHORIZATION_MODE",
            key: "okta.client.authorizationMode",
            fragments: &["`Basic` is not an authorization mode", "SSWS", "Bearer", "PrivateKey"],
            ..case("authorization_mode_unknown")
        },
        Case {
            home: Some(
                "okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    authorizationMode: PrivateKey\n    scopes: [okta.users.read]\n    privateKey: \"-----BEGIN PRIVATE KEY-----\\nx\\n-----END PRIVATE KEY-----\"\n",
            ),
            key: "okta.client.clientId",
            fragments: &["client ID is missing", "authorizationMode PrivateKey (from", "OKTA_CLIENT_CLIENT_ID"],
            ..case("private_key_mode_without_client_id")
        },
        Case {
            cwd: Some(
                "okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    authorizationMode: PrivateKey\n    clientId: \"{clientId}\"\n    scopes: [okta.users.read]\n    privateKey: \"-----BEGIN PRIVATE KEY-----\\nx\\n-----END PRIVATE KEY-----\"\n",
            ),
            source: "cwd",
            key: "okta.client.clientId",
            fragments: &["Replace {clientId}", "bit.ly/finding-okta-app-credentials"],
            ..case("private_key_mode_client_id_placeholder")
        },
        Case {
            explicit: Some(json!({
                "orgUrl": "https://dev-1.okta.com",
                "authorizationMode": "PrivateKey",
                "clientId": "0oa1",
                "privateKey": "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----"
            })),
            key: "okta.client.scopes",
            fragments: &["No scopes are set", "authorizationMode PrivateKey (from explicit configuration)", "OKTA_CLIENT_SCOPES"],
            ..case("private_key_mode_without_scopes")
        },
        Case {
            env: &[
                ("OKTA_CLIENT_ORG_URL", "https://dev-1.okta.com"),
                ("OKTA_CLIENT_AUTHORIZATION_MODE", "PrivateKey"),
                ("OKTA_CLIENT_CLIENT_ID", "0oa1"),
                ("OKTA_CLIENT_SCOPES", "okta.users.read"),
            ],
            key: "okta.client.privateKey",
            fragments: &["No private key is set", "PEM text, JWK JSON", "OKTA_CLIENT_PRIVATE_KEY"],
            ..case("private_key_mode_without_private_key")
        },
        Case {
            home: Some("okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    token: t\n    proxy:\n      host: proxy.local\n"),
            source: "home",
            key: "okta.client.proxy.host",
            fragments: &["okta.client.proxy.port is not", "Set the proxy port"],
            ..case("proxy_host_without_port")
        },
        Case {
            home: Some(HOME_OK),
            env: &[("OKTA_CLIENT_PROXY_PORT", "8080")],
            source: "env:OKTA_CLIENT_PROXY_PORT",
            key: "okta.client.proxy.port",
            fragments: &["okta.client.proxy.host is not", "Set the proxy host"],
            ..case("proxy_port_without_host")
        },
        Case {
            home: Some(HOME_OK),
            cwd: Some("okta:\n  client:\n    proxy:\n      host: proxy.local\n      port: 70000\n"),
            source: "cwd",
            key: "okta.client.proxy.port",
            fragments: &["proxy.port must be at most 65535 (found 70000)", "1-65535"],
            ..case("proxy_port_too_large")
        },
        Case {
            home: Some(HOME_OK),
            env: &[("OKTA_CLIENT_PROXY_HOST", "proxy.local"), ("OKTA_CLIENT_PROXY_PORT", "0")],
            source: "env:OKTA_CLIENT_PROXY_PORT",
            key: "okta.client.proxy.port",
            fragments: &["proxy.port must be at least 1 (found 0)"],
            ..case("proxy_port_zero")
        },
        Case {
            home: Some(HOME_OK),
            explicit: Some(json!({"proxy": {"host": "p", "port": 3128, "username": "u"}})),
            source: "explicit",
            key: "okta.client.proxy.username",
            fragments: &["okta.client.proxy.password is not", "Set the proxy password"],
            ..case("proxy_username_without_password")
        },
        Case {
            home: Some(HOME_OK),
            env: &[
                ("OKTA_CLIENT_PROXY_HOST", "p"),
                ("OKTA_CLIENT_PROXY_PORT", "3128"),
                ("OKTA_CLIENT_PROXY_PASSWORD", "pw"),
            ],
            source: "env:OKTA_CLIENT_PROXY_PASSWORD",
            key: "okta.client.proxy.password",
            fragments: &["okta.client.proxy.username is not"],
            ..case("proxy_password_without_username")
        },
        Case {
            home: Some("okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    token: t\n    connectionTimeout: -5\n"),
            source: "home",
            key: "okta.client.connectionTimeout",
            fragments: &["must not be negative (found -5)", "number of seconds"],
            ..case("connection_timeout_negative")
        },
        Case {
            home: Some("okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    token: t\n    connectionTimeout: 0\n"),
            source: "home",
            key: "okta.client.connectionTimeout",
            fragments: &["at least 1 second"],
            ..case("connection_timeout_zero")
        },
        Case {
            home: Some(HOME_OK),
            env: &[("OKTA_CLIENT_REQUEST_TIMEOUT", "-1")],
            source: "env:OKTA_CLIENT_REQUEST_TIMEOUT",
            key: "okta.client.requestTimeout",
            fragments: &["must not be negative (found -1)"],
            ..case("request_timeout_negative")
        },
        Case {
            home: Some(HOME_OK),
            explicit: Some(json!({"rateLimit": {"maxRetries": -2}})),
            source: "explicit",
            key: "okta.client.rateLimit.maxRetries",
            fragments: &["must not be negative (found -2)"],
            ..case("max_retries_negative")
        },
        Case {
            cwd: Some("okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    token: t\n    cache:\n      defaultTtl: -1\n"),
            source: "cwd",
            key: "okta.client.cache.defaultTtl",
            fragments: &["must not be negative"],
            ..case("cache_ttl_negative")
        },
        Case {
            home: Some(HOME_OK),
            env: &[("OKTA_CLIENT_OAUTH_TOKEN_RENEWAL_OFFSET", "-3")],
            source: "env:OKTA_CLIENT_OAUTH_TOKEN_RENEWAL_OFFSET",
            key: "okta.client.oauthTokenRenewalOffset",
            fragments: &["must not be negative", "minutes"],
            ..case("renewal_offset_negative")
        },
        Case {
            home: Some(HOME_OK),
            env: &[("OKTA_CLIENT_REQUEST_TIMEOUT", "1000000000000")],
            source: "env:OKTA_CLIENT_REQUEST_TIMEOUT",
            key: "okta.client.requestTimeout",
            fragments: &[
                "requestTimeout must be at most 86400 seconds (1 day) (found 1000000000000)",
                "Use a number of seconds from 0 to 86400; 0 means no bound",
            ],
            ..case("request_timeout_absurd")
        },
        Case {
            cwd: Some("okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    token: t\n    connectionTimeout: 18446744073709551615\n"),
            source: "cwd",
            key: "okta.client.connectionTimeout",
            fragments: &["must be at most 86400 seconds (1 day)", "e.g. 30"],
            ..case("connection_timeout_overflow")
        },
        Case {
            home: Some(HOME_OK),
            env: &[("OKTA_CLIENT_CONNECTION_TIMEOUT", "99999999999999999999999999999999999999999")],
            source: "env:OKTA_CLIENT_CONNECTION_TIMEOUT",
            key: "okta.client.connectionTimeout",
            fragments: &["far too large", "at most 86400 seconds"],
            ..case("connection_timeout_beyond_any_integer")
        },
        Case {
            home: Some(HOME_OK),
            explicit: Some(json!({"rateLimit": {"maxRetries": 5000}})),
            source: "explicit",
            key: "okta.client.rateLimit.maxRetries",
            fragments: &["rateLimit.maxRetries must be at most 100 retries (found 5000)", "e.g. 2"],
            ..case("max_retries_absurd")
        },
        Case {
            home: Some(HOME_OK),
            env: &[("OKTA_CLIENT_RATE_LIMIT_MAX_CAPACITY", "0")],
            source: "env:OKTA_CLIENT_RATE_LIMIT_MAX_CAPACITY",
            key: "okta.client.rateLimit.maxCapacity",
            fragments: &[
                "rateLimit.maxCapacity must be at least 1 % (found 0)",
                "Use a percentage from 1 to 100",
                "leave it unset for no pacing",
            ],
            ..case("max_capacity_zero")
        },
        Case {
            home: Some(HOME_OK),
            explicit: Some(json!({"rateLimit": {"maxCapacity": 150}})),
            source: "explicit",
            key: "okta.client.rateLimit.maxCapacity",
            fragments: &["rateLimit.maxCapacity must be at most 100 % (found 150)", "e.g. 80"],
            ..case("max_capacity_above_100")
        },
        Case {
            home: Some(HOME_OK),
            env: &[("OKTA_CLIENT_OAUTH_TOKEN_RENEWAL_OFFSET", "9223372036854775807")],
            source: "env:OKTA_CLIENT_OAUTH_TOKEN_RENEWAL_OFFSET",
            key: "okta.client.oauthTokenRenewalOffset",
            fragments: &["must be at most 1440 minutes (1 day)"],
            ..case("renewal_offset_overflow")
        },
        Case {
            home: Some("okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    token: t\n    cache:\n      defaultTti: 1e300\n"),
            source: "home",
            key: "okta.client.cache.defaultTti",
            fragments: &["far too large"],
            ..case("cache_tti_float_overflow")
        },
        Case {
            home: Some("okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n   token: [unclosed\n"),
            source: "home",
            key: "",
            fragments: &["not valid YAML", "line"],
            ..case("malformed_yaml")
        },
        Case {
            home: Some(HOME_OK),
            env: &[("OKTA_CLIENT_CONNECTIONTIMEOUT", "abc")],
            source: "env:OKTA_CLIENT_CONNECTIONTIMEOUT",
            key: "okta.client.connectionTimeout",
            fragments: &["`abc` is not a whole number", "Set OKTA_CLIENT_CONNECTIONTIMEOUT"],
            ..case("env_bad_number")
        },
        Case {
            home: Some(HOME_OK),
            env: &[("OKTA_CLIENT_CACHE_ENABLED", "maybe")],
            source: "env:OKTA_CLIENT_CACHE_ENABLED",
            key: "okta.client.cache.enabled",
            fragments: &["`maybe` is not a boolean", "true or false"],
            ..case("env_bad_boolean")
        },
        Case {
            home: Some("okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    token: t\n    proxy:\n      host: {proxy_host}\n      port: {proxy_port}\n"),
            source: "home",
            key: "okta.client.proxy.port",
            fragments: &["expected a whole number, found a mapping", "placeholder"],
            ..case("yaml_placeholder_is_a_mapping")
        },
        Case {
            cwd: Some("okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    token: t\n    rateLimit:\n      maxRetries: lots\n"),
            source: "cwd",
            key: "okta.client.rateLimit.maxRetries",
            fragments: &["expected a whole number, found the text `lots`"],
            ..case("yaml_wrong_type")
        },
        Case {
            home: Some("okta:\n  client: just-text\n"),
            source: "home",
            key: "okta.client",
            fragments: &["expected a mapping of settings"],
            ..case("yaml_section_not_a_mapping")
        },
        Case {
            home: Some(HOME_OK),
            explicit: Some(json!({"orgURL": "https://dev-1.okta.com"})),
            source: "explicit",
            key: "okta.client.orgURL",
            fragments: &["unknown setting", "Did you mean `orgUrl`?"],
            ..case("explicit_unknown_key")
        },
        Case {
            home: Some(HOME_OK),
            explicit: Some(json!(["orgUrl"])),
            source: "explicit",
            key: "",
            fragments: &["must be a map"],
            ..case("explicit_not_a_map")
        },
    ]
}

fn check(case: &Case) -> Result<(), String> {
    let mut sandbox = Sandbox::new();
    if let Some(y) = case.home {
        sandbox.write_home(y);
    }
    if let Some(y) = case.cwd {
        sandbox.write_cwd(y);
    }
    for (k, v) in case.env {
        sandbox.set_env(k, v);
    }
    let mut loader = sandbox.loader();
    if let Some(e) = &case.explicit {
        loader = loader.explicit_json(e.clone());
    }
    let err: ConfigError = match loader.load() {
        Ok(_) => return Err("loaded without error".into()),
        Err(e) => e,
    };
    let text = err.to_string();
    let matching = err.issues().iter().find(|issue| {
        let label = issue
            .source()
            .map_or("none".to_owned(), |s| sandbox.label(s));
        label == case.source && issue.key() == case.key
    });
    let Some(issue) = matching else {
        return Err(format!(
            "no issue from {} about `{}` in:\n{text}",
            case.source, case.key
        ));
    };
    let shown = issue.to_string();
    for fragment in case.fragments {
        if !shown.contains(fragment) {
            return Err(format!("issue lacks `{fragment}`: {shown}"));
        }
    }
    // The error's text names the source and the key.
    let expected_prefix = match case.source {
        "home" => format!("{}: {}", sandbox.home_file().display(), case.key),
        "cwd" => format!("{}: {}", sandbox.cwd_file().display(), case.key),
        "explicit" => "explicit configuration".to_owned(),
        "none" => format!("{}: ", case.key),
        env => format!(
            "environment variable {} ({})",
            env.trim_start_matches("env:"),
            case.key
        ),
    };
    if !text.contains(expected_prefix.trim_end_matches(": ")) {
        return Err(format!("error text lacks `{expected_prefix}`:\n{text}"));
    }
    Ok(())
}

#[test]
fn every_rule_reports_source_key_and_fix() {
    let cases = cases();
    assert!(cases.len() >= 30);
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| check(c).err().map(|e| format!("{}: {e}", c.name)))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn all_problems_are_reported_at_once() {
    let sandbox = Sandbox::new();
    sandbox.write_home(
        "okta:\n  client:\n    orgUrl: http://dev-1-admin.okta.com.com\n    authorizationMode: PrivateKey\n    connectionTimeout: -1\n    proxy:\n      host: p\n      username: u\n",
    );
    let err = sandbox
        .loader()
        .env([("OKTA_CLIENT_REQUESTTIMEOUT", "soon")])
        .load()
        .unwrap_err();
    let keys: Vec<&str> = err.issues().iter().map(|i| i.key()).collect();
    for key in [
        "okta.client.orgUrl",
        "okta.client.clientId",
        "okta.client.scopes",
        "okta.client.privateKey",
        "okta.client.connectionTimeout",
        "okta.client.requestTimeout",
        "okta.client.proxy.host",
        "okta.client.proxy.username",
    ] {
        assert!(keys.contains(&key), "missing {key} in {keys:?}");
    }
    // not https, .com.com, and -admin are separate problems of one value
    assert!(keys.iter().filter(|k| **k == "okta.client.orgUrl").count() >= 2);
    let text = err.to_string();
    assert!(text.starts_with(&format!(
        "invalid Okta configuration ({} problems):",
        err.issues().len()
    )));
    assert_eq!(text.lines().count(), err.issues().len() + 1, "{text}");
}

#[test]
fn http_is_allowed_only_with_disable_https_check() {
    let sandbox = Sandbox::new();
    sandbox.write_cwd(
        "okta:\n  client:\n    orgUrl: http://localhost:8080\n    token: t\n  testing:\n    disableHttpsCheck: true\n",
    );
    let config = sandbox.loader().load().expect("http allowed");
    assert_eq!(config.org_url.as_str(), "http://localhost:8080/");
    assert!(config.disable_https_check);

    // Even with the check off, other schemes are still wrong.
    let err = sandbox
        .loader()
        .explicit_json(json!({"orgUrl": "ftp://localhost"}))
        .load()
        .unwrap_err();
    assert!(
        err.to_string().contains("must start with https://"),
        "{err}"
    );
}

#[test]
fn authorization_mode_is_case_insensitive() {
    let sandbox = Sandbox::new();
    sandbox.write_home(HOME_OK);
    let config = sandbox
        .loader()
        .env([("OKTA_CLIENT_AUTHORIZATION_MODE", "bearer")])
        .load()
        .unwrap();
    assert_eq!(
        config.authorization_mode,
        okta_config::AuthorizationMode::Bearer
    );
}

#[test]
fn request_timeout_zero_means_no_bound() {
    let sandbox = Sandbox::new();
    sandbox.write_home(HOME_OK);
    let config = sandbox
        .loader()
        .env([("OKTA_CLIENT_REQUESTTIMEOUT", "0")])
        .load()
        .unwrap();
    assert_eq!(config.request_timeout, None);
    let config = sandbox
        .loader()
        .env([("OKTA_CLIENT_REQUESTTIMEOUT", "90")])
        .load()
        .unwrap();
    assert_eq!(
        config.request_timeout,
        Some(std::time::Duration::from_secs(90))
    );
}

#[test]
fn odd_org_urls_are_errors_not_panics() {
    for url in [
        "https://",
        "://",
        "https://:443",
        "https://ü-admin.okta.com",
        "https://日本-admin.okta.com/",
        "https://a b.okta.com",
        "okta.com",
        "HTTPS://DEV-1.OKTA.COM.COM",
        "https://user:pw@dev-1.okta.com",
    ] {
        let sandbox = Sandbox::new();
        let result = sandbox
            .loader()
            .explicit_json(json!({"orgUrl": url, "token": "t"}))
            .load();
        if let Err(err) = &result {
            assert!(
                err.issues().iter().all(|i| i.key() == "okta.client.orgUrl"),
                "{url}: {err}"
            );
            assert!(!err.to_string().contains("user:pw"), "{url}: {err}");
        }
    }
    let sandbox = Sandbox::new();
    let err = sandbox
        .loader()
        .explicit_json(json!({"orgUrl": "https://user:pw@dev-1.okta.com", "token": "t"}))
        .load()
        .unwrap_err();
    assert!(
        err.to_string().contains("contains a user name or password"),
        "{err}"
    );
    assert!(!err.to_string().contains("pw@"), "{err}");

    // a Unicode admin host gets the fix too
    let sandbox = Sandbox::new();
    let err = sandbox
        .loader()
        .explicit_json(json!({"orgUrl": "https://日本-admin.okta.com", "token": "t"}))
        .load()
        .unwrap_err();
    assert!(
        err.to_string().contains("Use https://日本.okta.com"),
        "{err}"
    );
}
