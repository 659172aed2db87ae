//! `okta.yaml` files: malformed or oddly shaped files give a clear error
//! naming the file, never a panic; absent files are fine.

mod common;

use common::Sandbox;

fn load_err(home_yaml: &str) -> (Sandbox, String) {
    let sandbox = Sandbox::new();
    sandbox.write_home(home_yaml);
    let err = sandbox
        .loader()
        .env([
            ("OKTA_CLIENT_ORG_URL", "https://dev-1.okta.com"),
            ("OKTA_CLIENT_TOKEN", "t"),
        ])
        .load()
        .expect_err("should fail");
    let text = err.to_string();
    (sandbox, text)
}

#[test]
fn malformed_yaml_names_the_file() {
    for yaml in [
        "okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n   token: x\n",
        "okta: [unclosed\n",
        "okta:\n\tclient: {}\n",
        "okta:\n  client:\n    orgUrl: \"unterminated\n",
        "okta: {client: {orgUrl: a: b}}\n",
    ] {
        let (sandbox, text) = load_err(yaml);
        let path = sandbox.home_file().display().to_string();
        assert!(
            text.contains(&format!("{path}: this okta.yaml is not valid YAML")),
            "{yaml:?} -> {text}"
        );
    }
}

#[test]
fn odd_shapes_are_errors_not_panics() {
    for (yaml, expected) in [
        ("- a\n- b\n", "expected a mapping with an `okta:` key"),
        ("just text\n", "expected a mapping with an `okta:` key"),
        ("okta: 5\n", "okta: expected a mapping of settings"),
        (
            "okta:\n  client: [1, 2]\n",
            "okta.client: expected a mapping of settings",
        ),
        (
            "okta:\n  client:\n    proxy: yes\n",
            "okta.client.proxy: expected a mapping of settings",
        ),
        (
            "okta:\n  client:\n    cache:\n      enabled: sometimes\n",
            "okta.client.cache.enabled: expected true or false",
        ),
        (
            "okta:\n  client:\n    connectionTimeout: 1.5\n",
            "okta.client.connectionTimeout: expected a whole number",
        ),
        (
            "okta:\n  client:\n    scopes: [1, 2]\n",
            "okta.client.scopes: expected a list of strings",
        ),
        (
            "okta:\n  client:\n    requestTimeout: 99999999999999999999999\n",
            "okta.client.requestTimeout",
        ),
    ] {
        let (_, text) = load_err(yaml);
        assert!(text.contains(expected), "{yaml:?} -> {text}");
    }
}

#[test]
fn invalid_utf8_file_is_reported() {
    let sandbox = Sandbox::new();
    std::fs::write(
        sandbox.cwd_file(),
        b"okta:\n  client:\n    token: \xff\xfe\n",
    )
    .unwrap();
    let err = sandbox.loader().load().unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains(&format!(
            "{}: could not read this okta.yaml",
            sandbox.cwd_file().display()
        )),
        "{text}"
    );
}

#[test]
fn empty_and_missing_files_are_fine() {
    let sandbox = Sandbox::new();
    sandbox.write_home("");
    sandbox.write_cwd("# only a comment\n");
    let config = sandbox
        .loader()
        .env([
            ("OKTA_CLIENT_ORG_URL", "https://dev-1.okta.com"),
            ("OKTA_CLIENT_TOKEN", "t"),
        ])
        .load()
        .expect("empty files are ignored");
    assert_eq!(config.org_url.host_str(), Some("dev-1.okta.com"));

    let nothing = Sandbox::new();
    std::fs::remove_dir_all(nothing.home.join(".okta")).unwrap();
    let err = nothing.loader().load().unwrap_err();
    assert!(
        err.to_string().contains("Your Okta URL is missing"),
        "{err}"
    );
}

#[test]
fn unknown_file_keys_are_ignored() {
    // Files are shared with other Okta SDKs, which have other keys.
    let sandbox = Sandbox::new();
    sandbox.write_home(
        "okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    token: t\n    cache:\n      caches:\n        users: {}\n  idx:\n    issuer: x\nother: 1\n",
    );
    sandbox.loader().load().expect("unknown keys ignored");
}

#[test]
fn the_same_file_is_read_once_when_cwd_is_home_okta() {
    let sandbox = Sandbox::new();
    sandbox.write_home("okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    token: t\n");
    let loaded = sandbox
        .loader()
        .current_dir(sandbox.home.join(".okta"))
        .load_with_provenance()
        .unwrap();
    assert_eq!(
        loaded.provenance().source_of("okta.client.orgUrl"),
        Some(&okta_config::ConfigSource::File(sandbox.home_file()))
    );
}
