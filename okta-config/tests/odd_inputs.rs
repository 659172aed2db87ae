//! No panic on any YAML text, environment value or explicit value: a table
//! of odd inputs, each loaded for every setting it applies to. Every input
//! must give a configuration or a `ConfigError` whose issues all have a
//! message; secret values must never appear in the error text.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

use common::Sandbox;
use okta_config::{environment_variables, CacheConfig, ConfigLoader, OktaConfig};
use serde_json::{json, Value};

/// Marks values that stand for secrets: they must never be printed.
const MARK: &str = "ODDSECRETMARK";

fn keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = Vec::new();
    for (_, key) in environment_variables() {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

fn is_secret(key: &str) -> bool {
    key.ends_with(".token") || key.ends_with(".privateKey") || key.ends_with(".password")
}

/// Runs `load` and reports a panic or a malformed error as a failure.
fn check(
    what: &str,
    load: impl FnOnce() -> Result<OktaConfig, okta_config::ConfigError>,
) -> Option<String> {
    match catch_unwind(AssertUnwindSafe(load)) {
        Err(_) => Some(format!("{what}: panicked")),
        Ok(Ok(_)) => None,
        Ok(Err(err)) => {
            let text = format!("{err}\n{err:?}");
            if err.issues().is_empty() {
                Some(format!("{what}: an error without issues"))
            } else if err.issues().iter().any(|i| i.message().trim().is_empty()) {
                Some(format!("{what}: an issue without a message: {text}"))
            } else if text.contains(MARK) {
                Some(format!("{what}: a secret is shown: {text}"))
            } else {
                None
            }
        }
    }
}

/// Odd YAML scalars and structures, written as the value of a setting.
const YAML_VALUES: &[&str] = &[
    "",
    "~",
    "null",
    "''",
    "\"   \"",
    "0",
    "-0",
    "+5",
    "-1",
    "30.0",
    "30.5",
    "1e3",
    "1e400",
    "-1e400",
    ".inf",
    "-.inf",
    ".nan",
    "0x1F",
    "0o17",
    "1_000",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775809",
    "340282366920938463463374607431768211456",
    "99999999999999999999999999999999999999999999999999",
    "true",
    "no",
    "[]",
    "[30]",
    "[[[]]]",
    "{}",
    "{a: {b: {c: 1}}}",
    "[1, {a: b}, [c]]",
    "{placeholder}",
    "!!binary aGVsbG8=",
    "!custom 5",
    "!!int 5",
    "\"\\0\"",
    "\"\\u00e9\\u65e5\"",
    "\"-----BEGIN PRIVATE KEY-----\"",
    "\"{\\\"kty\\\": 1}\"",
];

/// Whole `okta.yaml` texts, several malformed.
fn yaml_files() -> Vec<String> {
    let mut files: Vec<String> = [
        "",
        "   \n\t\n",
        "# only a comment",
        "---",
        "--- 1\n--- 2\n",
        "okta",
        "[1, 2]",
        "okta: [1, 2]",
        "okta: {client: 5}",
        "okta:\n  client:\n    - a\n    - b\n",
        "okta:\n  client:\n    token: a\n    token: b\n",
        "okta:\n\tclient:\n\t\ttoken: x\n",
        "\u{feff}okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n",
        "okta:\n  client:\n    orgUrl: \"https://dev-1.okta.com\0\"\n",
        "? [a, b]\n: c\n",
        "1: 2\ntrue: false\n",
        "okta:\n  1: x\n  client:\n    ~: y\n",
        "okta: &a\n  client: *a\n",
        "okta:\n  client:\n    orgUrl: *undefined\n",
        "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f]\n",
        "okta: {client: {orgUrl: 'unterminated}}",
        "okta:\n  client:\n    orgUrl: \"\\x\"\n",
        "%YAML 9.9\n---\nokta: {}\n",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    files.push("[".repeat(100_000));
    files.push("{a: ".repeat(20_000));
    files.push("- ".repeat(20_000));
    files.push(format!(
        "okta:\n  client:\n    userAgent: {}\n",
        "x".repeat(1_000_000)
    ));
    files
}

/// The YAML file holding `value` at the dotted `key`.
fn yaml_at(key: &str, value: &str) -> String {
    let parts: Vec<&str> = key.split('.').collect();
    let mut text = String::new();
    for (depth, part) in parts.iter().enumerate() {
        text.push_str(&"  ".repeat(depth));
        text.push_str(part);
        text.push(':');
        if depth + 1 < parts.len() {
            text.push('\n');
        }
    }
    let value = if is_secret(key) && value.starts_with('"') {
        format!("\"{MARK}{}", &value[1..])
    } else {
        value.to_owned()
    };
    format!("{text} {value}\n")
}

#[test]
fn odd_yaml_never_panics() {
    let sandbox = Sandbox::new();
    let mut failures = Vec::new();
    for key in keys() {
        for value in YAML_VALUES {
            let yaml = yaml_at(key, value);
            sandbox.write_cwd(&yaml);
            failures.extend(check(&format!("{yaml:?}"), || sandbox.loader().load()));
        }
    }
    for yaml in yaml_files() {
        sandbox.write_cwd(&yaml);
        let shown: String = yaml.chars().take(60).collect();
        failures.extend(check(&format!("file {shown:?}"), || {
            sandbox.loader().load()
        }));
    }
    // Not UTF-8 at all.
    std::fs::write(
        sandbox.cwd_file(),
        b"okta:\n  client:\n    token: \xff\xfe\n",
    )
    .unwrap();
    failures.extend(check("non-UTF-8 file", || sandbox.loader().load()));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

const ENV_VALUES: &[&str] = &[
    "",
    " ",
    "\t\n",
    "0",
    "-0",
    "+5",
    "-1",
    " 30 ",
    "30.0",
    "1e3",
    "0x10",
    "9223372036854775808",
    "99999999999999999999999999999999999999999999999999",
    "-99999999999999999999999999999999999999999999999999",
    "∞",
    "NaN",
    "true",
    "yes",
    "{}",
    "[",
    "a,b,,c",
    ",,,",
    "\u{0}",
    "-----BEGIN",
    "{\"kty\"",
    "~/",
    "/",
    "..",
];

#[test]
fn odd_environment_values_never_panic() {
    let sandbox = Sandbox::new();
    sandbox.write_home("okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    token: t\n");
    let long = "y".repeat(100_000);
    let mut failures = Vec::new();
    for (var, key) in environment_variables() {
        for value in ENV_VALUES.iter().copied().chain([long.as_str()]) {
            let value = if is_secret(key) {
                format!("{MARK}{value}")
            } else {
                value.to_owned()
            };
            failures.extend(check(&format!("{var}={value:?}"), || {
                sandbox.loader().env([(var, value.as_str())]).load()
            }));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[cfg(unix)]
#[test]
fn non_unicode_environment_values_are_errors_of_their_variable() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;

    let sandbox = Sandbox::new();
    sandbox.write_home("okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    token: t\n");
    let mut failures = Vec::new();
    for (var, key) in environment_variables() {
        let value = OsString::from_vec(b"ODD\xff\xfeVALUE".to_vec());
        let result = catch_unwind(AssertUnwindSafe(|| {
            sandbox.loader().env_os([(var, value)]).load()
        }));
        match result {
            Err(_) => failures.push(format!("{var}: panicked")),
            Ok(Ok(_)) => failures.push(format!("{var}: a non-Unicode value was accepted")),
            Ok(Err(err)) => {
                let named = err.issues().iter().any(|i| {
                    i.key() == key
                        && i.source() == Some(&okta_config::ConfigSource::Env(var.to_owned()))
                        && i.message().contains("not valid Unicode")
                });
                if !named {
                    failures.push(format!("{var}: {err}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn odd_explicit_values_never_panic() {
    let values = [
        json!(null),
        json!(true),
        json!(1.5),
        json!(-0.0),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(1e308),
        json!([]),
        json!([[]]),
        json!({}),
        json!({"a": {"b": {}}}),
        json!(""),
        json!(format!("{MARK}text")),
        json!(format!("{MARK}\n{MARK}")),
    ];
    let mut failures = Vec::new();
    for key in keys() {
        for value in &values {
            let mut map = json!({"okta": {}});
            let parts: Vec<&str> = key.split('.').collect();
            let mut node = &mut map;
            for part in &parts[..parts.len() - 1] {
                if node.get(*part).is_none() {
                    node[*part] = json!({});
                }
                node = &mut node[*part];
            }
            node[parts[parts.len() - 1]] = value.clone();
            let shown = value.to_string();
            let shown = if shown.contains(MARK) && !is_secret(key) {
                // A non-secret may be echoed; only secrets are checked.
                continue;
            } else {
                shown
            };
            failures.extend(check(&format!("{key} = {shown}"), || {
                ConfigLoader::isolated().explicit_json(map).load()
            }));
        }
    }
    for top in [
        json!(null),
        json!(5),
        json!("okta"),
        json!([{"okta": {}}]),
        Value::Null,
    ] {
        failures.extend(check(&format!("explicit {top}"), || {
            ConfigLoader::isolated().explicit_json(top).load()
        }));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn huge_durations_from_the_builder_are_errors_not_panics() {
    let mut failures = Vec::new();
    for d in [
        Duration::MAX,
        Duration::from_secs(u64::MAX),
        Duration::new(u64::MAX - 1, 999_999_999),
    ] {
        let base = || {
            OktaConfig::builder()
                .org_url("https://dev-1.okta.com")
                .token(format!("{MARK}token"))
        };
        failures.extend(check("connection_timeout(MAX)", || {
            base().connection_timeout(d).build()
        }));
        failures.extend(check("request_timeout(MAX)", || {
            base().request_timeout(d).build()
        }));
        failures.extend(check("oauth_token_renewal_offset(MAX)", || {
            base().oauth_token_renewal_offset(d).build()
        }));
        failures.extend(check("cache(MAX)", || {
            base()
                .cache(CacheConfig {
                    enabled: true,
                    default_ttl: d,
                    default_tti: d,
                })
                .build()
        }));
        failures.extend(check("max_retries(u32::MAX)", || {
            base().max_retries(u32::MAX).build()
        }));
        let err = base().request_timeout(d).build().unwrap_err();
        assert!(
            err.to_string()
                .contains("explicit configuration (okta.client.requestTimeout)"),
            "{err}"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
