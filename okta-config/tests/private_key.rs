//! `privateKey`: PEM text, JWK JSON, or a path to a file holding either.

mod common;

use common::{Sandbox, FAKE_PEM};
use okta_config::ConfigSource;
use serde_json::json;

const JWK: &str = r#"{"kty":"RSA","kid":"k1","n":"AQAB-fake","e":"AQAB","d":"fake"}"#;

fn yaml(private_key_line: &str) -> String {
    format!(
        "okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    authorizationMode: PrivateKey\n    clientId: 0oa1\n    scopes:\n      - okta.users.read\n{private_key_line}"
    )
}

#[test]
fn pem_text_in_yaml() {
    let sandbox = Sandbox::new();
    let indented: String = FAKE_PEM.lines().map(|l| format!("      {l}\n")).collect();
    sandbox.write_home(&yaml(&format!("    privateKey: |\n{indented}")));
    let config = sandbox.loader().load().unwrap();
    assert_eq!(config.private_key.unwrap().expose(), FAKE_PEM);
}

#[test]
fn jwk_json_in_env() {
    let sandbox = Sandbox::new();
    sandbox.write_home(&yaml(""));
    let config = sandbox
        .loader()
        .env([("OKTA_CLIENT_PRIVATE_KEY", JWK)])
        .load()
        .unwrap();
    assert_eq!(config.private_key.unwrap().expose(), JWK);
}

#[test]
fn relative_path_is_read_from_the_working_directory() {
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.cwd.join("keys")).unwrap();
    std::fs::write(sandbox.cwd.join("keys/key.pem"), FAKE_PEM).unwrap();
    sandbox.write_home(&yaml("    privateKey: keys/key.pem\n"));
    let loaded = sandbox.loader().load_with_provenance().unwrap();
    assert_eq!(
        loaded.config().private_key.as_ref().unwrap().expose(),
        FAKE_PEM
    );
    let entry = loaded.provenance().get("okta.client.privateKey").unwrap();
    assert_eq!(entry.source(), &ConfigSource::File(sandbox.home_file()));
    let read_from = sandbox.cwd.join("keys/key.pem");
    assert_eq!(
        entry.value(),
        format!("**** (read from {})", read_from.display())
    );
}

#[test]
fn tilde_and_absolute_paths() {
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.home.join(".okta/key.json"), JWK).unwrap();
    sandbox.write_home(&yaml("    privateKey: ~/.okta/key.json\n"));
    let config = sandbox.loader().load().unwrap();
    assert_eq!(config.private_key.unwrap().expose(), JWK);

    let absolute = sandbox.home.join(".okta/key.json");
    let config = sandbox
        .loader()
        .explicit_json(json!({ "privateKey": absolute.display().to_string() }))
        .load()
        .unwrap();
    assert_eq!(config.private_key.unwrap().expose(), JWK);
}

#[test]
fn unreadable_path_names_the_path() {
    let sandbox = Sandbox::new();
    sandbox.write_home(&yaml("    privateKey: /no/such/dir/key.pem\n"));
    let err = sandbox.loader().load().unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains(&format!(
            "{}: okta.client.privateKey: could not read the private key file /no/such/dir/key.pem",
            sandbox.home_file().display()
        )),
        "{text}"
    );
}

#[test]
fn file_without_a_key_is_an_error() {
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.cwd.join("notes.txt"), "hello").unwrap();
    sandbox.write_cwd(&yaml("    privateKey: notes.txt\n"));
    let err = sandbox.loader().load().unwrap_err();
    assert!(
        err.to_string()
            .contains("holds neither a PEM key nor a JWK"),
        "{err}"
    );
    assert!(err.to_string().contains("notes.txt"), "{err}");
}

#[test]
fn broken_pem_and_jwk_are_errors() {
    for (value, expected) in [
        ("-----BEGIN PRIVATE KEY-----\nabc\n", "no `-----END"),
        ("{\"kty\": \"RSA\",", "not a valid JWK"),
        ("{\"n\": \"x\"}", "no `kty` member"),
    ] {
        let sandbox = Sandbox::new();
        sandbox.write_home(&yaml(""));
        let err = sandbox
            .loader()
            .env([("OKTA_CLIENT_PRIVATEKEY", value)])
            .load()
            .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("environment variable OKTA_CLIENT_PRIVATEKEY (okta.client.privateKey)"),
            "{text}"
        );
        assert!(text.contains(expected), "{value:?}: {text}");
    }
}

#[test]
fn unused_bad_key_does_not_fail_ssws() {
    let sandbox = Sandbox::new();
    sandbox.write_home(
        "okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    token: t\n    privateKey: /no/such/key.pem\n",
    );
    let config = sandbox
        .loader()
        .load()
        .expect("the key is unused in SSWS mode");
    assert!(config.private_key.is_none());
}

/// A P-256 PKCS#8 key body on one line, as people paste it without its PEM
/// lines (not a real key).
const ONE_LINE_KEY: &str =
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgVcB/UNPxalR9zDYAjQIfakeFakeFakeFake+hRANCAAQ";

#[test]
fn a_one_line_base64_key_is_never_echoed() {
    let sandbox = Sandbox::new();
    sandbox.write_home(&yaml(&format!("    privateKey: {ONE_LINE_KEY}\n")));
    let from_file = sandbox.loader().load().unwrap_err();
    let from_env = sandbox
        .loader()
        .env([("OKTA_CLIENT_PRIVATE_KEY", ONE_LINE_KEY)])
        .load()
        .unwrap_err();
    let from_code = sandbox
        .loader()
        .explicit_json(json!({ "privateKey": ONE_LINE_KEY }))
        .load()
        .unwrap_err();
    for (err, source) in [
        (
            from_file,
            format!(
                "{}: okta.client.privateKey: ",
                sandbox.home_file().display()
            ),
        ),
        (
            from_env,
            "environment variable OKTA_CLIENT_PRIVATE_KEY (okta.client.privateKey): ".to_owned(),
        ),
        (
            from_code,
            "explicit configuration (okta.client.privateKey): ".to_owned(),
        ),
    ] {
        let text = format!("{err}\n{err:?}");
        // Not the key, nor any sizeable piece of it.
        for piece in ONE_LINE_KEY.as_bytes().chunks(12) {
            let piece = std::str::from_utf8(piece).unwrap();
            assert!(!text.contains(piece), "shows `{piece}`: {text}");
        }
        assert!(text.contains(&source), "names the source: {text}");
        assert!(
            text.contains(&format!(
                "the value ({} characters, not shown",
                ONE_LINE_KEY.len()
            )),
            "a masked hint: {text}"
        );
        assert!(
            text.contains("-----BEGIN PRIVATE KEY-----"),
            "the fix: {text}"
        );
    }
}

#[test]
fn key_material_inside_a_path_is_not_echoed_either() {
    let sandbox = Sandbox::new();
    let value = format!("/run/secrets/{ONE_LINE_KEY}");
    sandbox.write_home(&yaml(&format!("    privateKey: {value}\n")));
    let err = sandbox.loader().load().unwrap_err();
    assert!(!err.to_string().contains(&ONE_LINE_KEY[..16]), "{err}");
    assert!(
        err.to_string()
            .contains("no file of that name could be read"),
        "{err}"
    );
}

#[test]
fn multi_line_text_that_is_no_key_is_not_echoed() {
    let sandbox = Sandbox::new();
    sandbox.write_home(&yaml(""));
    let err = sandbox
        .loader()
        .env([(
            "OKTA_CLIENT_PRIVATE_KEY",
            "SEKRIT line one\nSEKRIT line two",
        )])
        .load()
        .unwrap_err();
    assert!(!err.to_string().contains("SEKRIT"), "{err}");
    assert!(
        err.to_string()
            .contains("is neither PEM text (`-----BEGIN ...`), JWK JSON"),
        "{err}"
    );
}

#[test]
fn a_huge_file_is_not_read_whole() {
    let sandbox = Sandbox::new();
    let big = sandbox.cwd.join("big.pem");
    let mut text = String::from("-----BEGIN PRIVATE KEY-----\n");
    text.push_str(&"A".repeat(2 * 1024 * 1024));
    text.push_str("\n-----END PRIVATE KEY-----\n");
    std::fs::write(&big, text).unwrap();
    sandbox.write_home(&yaml("    privateKey: big.pem\n"));
    let err = sandbox.loader().load().unwrap_err();
    assert!(err.to_string().contains("larger than 1 MiB"), "{err}");
    assert!(err.to_string().contains("big.pem"), "{err}");
}
