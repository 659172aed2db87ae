//! The README's configuration table is generated from the settings table by
//! `okta_config::settings_markdown_table()`; `tests/data/configuration-table.md`
//! is its reviewed copy (regenerate with `OKTA_CONFIG_BLESS=1 cargo test -p
//! okta-config --test readme_table`).

use okta_config::{environment_variables, okta_yaml_schema, settings_markdown_table};
use serde_json::Value;

/// The cells of each body row.
fn rows(table: &str) -> Vec<Vec<String>> {
    table
        .lines()
        .skip(2)
        .map(|line| {
            line.trim()
                .trim_start_matches('|')
                .trim_end_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_owned())
                .collect()
        })
        .collect()
}

fn schema_default(key: &str) -> Option<Value> {
    let schema = okta_yaml_schema();
    let mut node = &schema;
    for part in key.split('.') {
        let mut object = node;
        loop {
            if object.get("properties").is_some() {
                break;
            }
            if let Some(r) = object.get("$ref").and_then(Value::as_str) {
                object = &schema["$defs"][r.rsplit('/').next()?];
            } else {
                object = object["anyOf"]
                    .as_array()?
                    .iter()
                    .find(|s| s.get("$ref").is_some())?;
            }
        }
        node = &object["properties"][part];
    }
    node.get("default").cloned()
}

#[test]
fn table_lists_every_key_with_its_variables_and_default() {
    let table = settings_markdown_table();
    let mut lines = table.lines();
    assert_eq!(
        lines.next(),
        Some("| `okta.yaml` key | Environment variables | Default | Values |")
    );
    assert_eq!(lines.next(), Some("| --- | --- | --- | --- |"));

    let rows = rows(&table);
    let mut keys: Vec<&str> = Vec::new();
    for (_, key) in environment_variables() {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    assert_eq!(rows.len(), keys.len(), "{table}");
    for (row, key) in rows.iter().zip(&keys) {
        assert_eq!(row.len(), 4, "{row:?}");
        assert_eq!(row[0], format!("`{key}`"));
        let vars: Vec<String> = environment_variables()
            .filter(|(_, k)| k == key)
            .map(|(v, _)| format!("`{v}`"))
            .collect();
        assert_eq!(row[1], vars.join(", "), "{key}");
        let default = match schema_default(key) {
            None => "none".to_owned(),
            Some(Value::String(s)) => format!("`{s}`"),
            Some(other) => format!("`{other}`"),
        };
        assert!(
            row[2] == default || row[2].starts_with(&format!("{default} (")),
            "{key}: README default {} but schema default {default}",
            row[2]
        );
    }
}

#[test]
fn table_matches_its_reviewed_copy() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/configuration-table.md");
    let table = settings_markdown_table();
    if std::env::var_os("OKTA_CONFIG_BLESS").is_some() {
        std::fs::write(&path, &table).unwrap();
    }
    let reviewed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        reviewed == table,
        "{} differs from settings_markdown_table(); rerun with OKTA_CONFIG_BLESS=1 and review:\n{table}",
        path.display()
    );
}
