//! Loading (JSON or YAML, detected by content) and canonical, byte-stable JSON output.

use anyhow::{bail, Context, Result};
use serde_json::{Map, Value};

/// Parses a document that is either JSON or YAML. The format is detected from the first
/// non-blank character: `{` or `[` means JSON, anything else is read as YAML.
pub fn load_document(bytes: &[u8]) -> Result<Value> {
    let text = std::str::from_utf8(bytes).context("spec file is not UTF-8")?;
    let text = text.trim_start_matches('\u{feff}');
    let first = text.trim_start().chars().next();
    match first {
        None => bail!("spec file is empty"),
        Some('{') | Some('[') => serde_json::from_str(text).context("parsing spec as JSON"),
        Some(_) => {
            let yaml: serde_yaml::Value =
                serde_yaml::from_str(text).context("parsing spec as YAML")?;
            yaml_to_json(yaml)
        }
    }
}

fn yaml_key(key: serde_yaml::Value) -> Result<String> {
    Ok(match key {
        serde_yaml::Value::String(s) => s,
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Null => "null".to_string(),
        serde_yaml::Value::Tagged(t) => return yaml_key(t.value),
        other => bail!("unsupported YAML mapping key: {other:?}"),
    })
}

fn yaml_to_json(value: serde_yaml::Value) -> Result<Value> {
    Ok(match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map(Value::Number)
                    .with_context(|| format!("YAML number {f} has no JSON form"))?
            }
        }
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(seq) => Value::Array(
            seq.into_iter()
                .map(yaml_to_json)
                .collect::<Result<Vec<_>>>()?,
        ),
        serde_yaml::Value::Mapping(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                out.insert(yaml_key(k)?, yaml_to_json(v)?);
            }
            Value::Object(out)
        }
        serde_yaml::Value::Tagged(t) => yaml_to_json(t.value)?,
    })
}

/// Pretty JSON (two-space indent) with object keys sorted byte-wise at every level and a
/// trailing newline. Sorting is done here, so the output does not depend on which `Map`
/// implementation serde_json was compiled with.
pub fn to_canonical_pretty(value: &Value) -> String {
    let mut out = String::new();
    write_value(value, 0, &mut out);
    out.push('\n');
    out
}

fn indent(level: usize, out: &mut String) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

fn write_value(value: &Value, level: usize, out: &mut String) {
    match value {
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(arr) if arr.is_empty() => out.push_str("[]"),
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push_str("{\n");
            for (i, key) in keys.iter().enumerate() {
                indent(level + 1, out);
                out.push_str(&Value::String((*key).clone()).to_string());
                out.push_str(": ");
                write_value(&map[key.as_str()], level + 1, out);
                if i + 1 < keys.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            indent(level, out);
            out.push('}');
        }
        Value::Array(arr) => {
            out.push_str("[\n");
            for (i, item) in arr.iter().enumerate() {
                indent(level + 1, out);
                write_value(item, level + 1, out);
                if i + 1 < arr.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            indent(level, out);
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn detects_json_and_yaml() {
        let j = load_document(br#" {"a": 1}"#).unwrap();
        assert_eq!(j, json!({"a": 1}));
        let y = load_document(b"openapi: 3.0.3\nresponses:\n  200:\n    x: [1, true]\n").unwrap();
        assert_eq!(
            y,
            json!({"openapi": "3.0.3", "responses": {"200": {"x": [1, true]}}})
        );
    }

    #[test]
    fn canonical_output_sorts_keys() {
        let v = json!({"b": [1, {"z": null, "a": "x"}], "a": {}, "c": []});
        assert_eq!(
            to_canonical_pretty(&v),
            "{\n  \"a\": {},\n  \"b\": [\n    1,\n    {\n      \"a\": \"x\",\n      \"z\": null\n    }\n  ],\n  \"c\": []\n}\n"
        );
    }
}
