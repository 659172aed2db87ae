//! `cargo xtask config-schema`: writes `okta-config/okta.yaml.schema.json` from
//! `okta_config::okta_yaml_schema()`.

use std::path::Path;

use anyhow::{Context, Result};

/// Relative to the workspace root.
pub const SCHEMA_PATH: &str = "okta-config/okta.yaml.schema.json";

/// The file's contents: canonical JSON (sorted keys, trailing newline).
pub fn render() -> String {
    xtask::json::to_canonical_pretty(&okta_config::okta_yaml_schema())
}

/// Writes the schema, or with `check` compares it and returns `false` when it differs.
pub fn run(root: &Path, check: bool) -> Result<bool> {
    let path = root.join(SCHEMA_PATH);
    let expected = render();
    if check {
        let actual = std::fs::read_to_string(&path).ok();
        if actual.as_deref() == Some(expected.as_str()) {
            eprintln!("{} is up to date", path.display());
            return Ok(true);
        }
        let state = if actual.is_some() {
            "is out of date"
        } else {
            "does not exist"
        };
        eprintln!(
            "error: {} {state}; run `cargo xtask config-schema`",
            path.display()
        );
        return Ok(false);
    }
    std::fs::write(&path, expected).with_context(|| format!("writing {}", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(true)
}

#[cfg(test)]
mod tests {
    #[test]
    fn schema_renders_as_an_object() {
        let text = super::render();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(v.is_object());
        assert!(text.ends_with("}\n"));
    }
}
