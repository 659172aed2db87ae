//! Data-driven precedence tests: each folder under `tests/data/precedence/`
//! holds optional `home.yaml`, `cwd.yaml`, `env` (KEY=VALUE lines) and
//! `explicit.json`, and `expected.json` with:
//!
//! - `values`: effective values (flattened `okta.yaml` keys, okta.yaml units);
//! - `sources`: where each value came from (`default`, `home`, `cwd`,
//!   `env:NAME`, `explicit`);
//! - `unset` (optional): keys that must have no value.

mod common;

use std::fs;
use std::path::Path;

use common::{data_dir, flatten, parse_env_file, Sandbox};
use serde_json::Value;

fn run_case(dir: &Path) -> Result<(), String> {
    let mut sandbox = Sandbox::new();
    if let Ok(yaml) = fs::read_to_string(dir.join("home.yaml")) {
        sandbox.write_home(&yaml);
    }
    if let Ok(yaml) = fs::read_to_string(dir.join("cwd.yaml")) {
        sandbox.write_cwd(&yaml);
    }
    if let Ok(text) = fs::read_to_string(dir.join("env")) {
        for (k, v) in parse_env_file(&text) {
            sandbox.set_env(&k, &v);
        }
    }
    let mut loader = sandbox.loader();
    if let Ok(text) = fs::read_to_string(dir.join("explicit.json")) {
        let json: Value = serde_json::from_str(&text).map_err(|e| format!("explicit.json: {e}"))?;
        loader = loader.explicit_json(json);
    }
    let expected: Value = serde_json::from_str(
        &fs::read_to_string(dir.join("expected.json"))
            .map_err(|e| format!("expected.json: {e}"))?,
    )
    .map_err(|e| format!("expected.json: {e}"))?;

    let loaded = loader
        .load_with_provenance()
        .map_err(|e| format!("load failed: {e}"))?;
    let actual = flatten(loaded.config());
    let mut problems = Vec::new();

    let values = expected["values"]
        .as_object()
        .ok_or("expected.json has no `values`")?;
    for (key, want) in values {
        match actual.get(key) {
            Some(got) if got == want => {}
            Some(got) => problems.push(format!("{key}: expected {want}, got {got}")),
            None => problems.push(format!("{key}: not a known key")),
        }
    }
    if let Some(sources) = expected["sources"].as_object() {
        for (key, want) in sources {
            let got = loaded
                .provenance()
                .source_of(key)
                .map(|s| sandbox.label(s))
                .unwrap_or_else(|| "<unset>".into());
            if want.as_str() != Some(got.as_str()) {
                problems.push(format!("source of {key}: expected {want}, got {got}"));
            }
        }
    }
    if let Some(unset) = expected["unset"].as_array() {
        for key in unset.iter().filter_map(Value::as_str) {
            if let Some(entry) = loaded.provenance().get(key) {
                problems.push(format!(
                    "{key}: expected unset, came from {}",
                    entry.source()
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n    "))
    }
}

#[test]
fn precedence_cases() {
    let root = data_dir().join("precedence");
    let mut dirs: Vec<_> = fs::read_dir(&root)
        .expect("tests/data/precedence")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(
        dirs.len() >= 12,
        "expected at least 12 precedence cases, found {}",
        dirs.len()
    );

    let failures: Vec<String> = dirs
        .iter()
        .filter_map(|dir| {
            run_case(dir).err().map(|e| {
                format!(
                    "{}:\n    {e}",
                    dir.file_name().unwrap_or_default().to_string_lossy()
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} precedence cases failed:\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n")
    );
}
