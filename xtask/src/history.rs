//! Operations of earlier pinned releases (`spec/history/<version>.json`: operationId,
//! method, path) against the current spec: what was renamed, whose path parameters
//! changed name, and what is gone. The result is recorded in `x-okta-rs-previous` (the
//! build emits deprecated aliases from it) and rendered as `MIGRATING.md`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::{json, Value};

use crate::walk;

/// What replaces an operation that has no counterpart in the current spec (same method
/// and path). Our words; kept short.
const REPLACEMENTS: &[(&str, &str)] = &[
    (
        "createSession",
        "no operation creates a session any more: sign the user in through Okta's \
         Authentication or Identity Engine APIs, then use `get_session`, `refresh_session` and \
         `revoke_session`",
    ),
    (
        "updateOrgLogo",
        "`upload_brand_theme_logo` (the org logo is the logo of the default brand's theme)",
    ),
];

/// One operation of an earlier release.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviousOp {
    pub operation_id: String,
    pub method: String,
    pub path: String,
}

/// An earlier release's operations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Previous {
    pub version: String,
    pub operations: Vec<PreviousOp>,
}

/// Reads every `*.json` of `dir` (sorted by file name); none when `dir` does not exist.
pub fn read_dir(dir: &Path) -> Result<Vec<Previous>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        let v: Value =
            serde_json::from_str(&text).with_context(|| format!("parsing {}", file.display()))?;
        let field = |o: &Value, k: &str| o.get(k).and_then(Value::as_str).map(str::to_owned);
        let version = field(&v, "version")
            .with_context(|| format!("{}: missing `version`", file.display()))?;
        let operations = v
            .get("operations")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|o| {
                Some(PreviousOp {
                    operation_id: field(o, "operationId")?,
                    method: field(o, "method")?.to_ascii_uppercase(),
                    path: field(o, "path")?,
                })
            })
            .collect();
        out.push(Previous {
            version,
            operations,
        });
    }
    Ok(out)
}

/// `(METHOD, path with every parameter as {} and no query)`.
fn shape(method: &str, path: &str) -> (String, String) {
    let path = path.split('?').next().unwrap_or(path);
    let mut out = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    (method.to_ascii_uppercase(), out)
}

fn path_params(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|s| s.split('}').next())
        .collect()
}

/// Counts of [`annotate`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct HistoryCounts {
    pub renamed: usize,
    pub parameters_renamed: usize,
    pub removed: usize,
}

/// Records, in `x-okta-rs-previous`, every operation of `previous` releases that was
/// renamed, whose path parameters changed name, or that is gone.
pub fn annotate(doc: &mut Value, previous: &[Previous]) -> HistoryCounts {
    let mut current: BTreeMap<(String, String), (String, String)> = BTreeMap::new();
    for (path, method, op) in walk::operations(doc) {
        if let Some(id) = op.get("operationId").and_then(Value::as_str) {
            current.insert(shape(&method, &path), (id.to_owned(), path.clone()));
        }
    }
    for op in doc
        .get("x-okta-rs-handwritten")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let field = |k: &str| op.get(k).and_then(Value::as_str).unwrap_or_default();
        current.insert(
            shape(field("method"), field("path")),
            (field("operationId").to_owned(), field("path").to_owned()),
        );
    }
    let mut counts = HistoryCounts::default();
    let mut records = Vec::new();
    for release in previous {
        for old in &release.operations {
            let record = match current.get(&shape(&old.method, &old.path)) {
                Some((now, now_path)) => {
                    let params: Vec<Value> = path_params(&old.path)
                        .into_iter()
                        .zip(path_params(now_path))
                        .filter(|(a, b)| a != b)
                        .map(|(a, b)| json!([a, b]))
                        .collect();
                    if *now == old.operation_id && params.is_empty() {
                        continue;
                    }
                    counts.renamed += usize::from(*now != old.operation_id);
                    counts.parameters_renamed += usize::from(!params.is_empty());
                    json!({"now": now, "parameters": params})
                }
                None => {
                    counts.removed += 1;
                    let replacement = REPLACEMENTS
                        .iter()
                        .find(|(id, _)| *id == old.operation_id)
                        .map(|(_, r)| *r);
                    json!({"now": null, "replacement": replacement})
                }
            };
            let mut record = record;
            if let Some(obj) = record.as_object_mut() {
                obj.insert("release".into(), json!(release.version));
                obj.insert("operationId".into(), json!(old.operation_id));
                obj.insert("method".into(), json!(old.method));
                obj.insert("path".into(), json!(old.path));
            }
            records.push(record);
        }
    }
    if let Some(root) = doc.as_object_mut() {
        root.insert("x-okta-rs-previous".into(), Value::Array(records));
    }
    counts
}

fn snake(id: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = id.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev_lower = i > 0 && !chars[i - 1].is_ascii_uppercase();
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            let prev_upper = i > 0 && chars[i - 1].is_ascii_uppercase();
            if i > 0 && (prev_lower || (prev_upper && next_lower)) {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(*c);
        }
    }
    out
}

/// `MIGRATING.md`, from `x-okta-rs-previous`.
pub fn migrating_md(doc: &Value) -> String {
    let records: Vec<&Value> = doc
        .get("x-okta-rs-previous")
        .and_then(Value::as_array)
        .map(|r| r.iter().collect())
        .unwrap_or_default();
    let mut by_release: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
    for r in &records {
        by_release
            .entry(r.get("release").and_then(Value::as_str).unwrap_or("?"))
            .or_default()
            .push(r);
    }
    let current = doc
        .pointer("/x-okta-rs-source/version")
        .and_then(Value::as_str)
        .unwrap_or("the pinned spec");
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Migrating\n\nWritten by `cargo xtask codegen` from `spec/history/`; do not edit.\n"
    );
    for (release, rows) in by_release {
        let field = |r: &Value, k: &str| r.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
        let renamed: Vec<&&Value> = rows
            .iter()
            .filter(|r| r.get("now").and_then(Value::as_str).is_some())
            .collect();
        let removed: Vec<&&Value> = rows.iter().filter(|r| r["now"].is_null()).collect();
        let _ = writeln!(
            out,
            "## From {release} to {current}\n\nCode written against {release} keeps compiling: every renamed method and \
             renamed path-parameter setter is still there, marked `#[deprecated]` with the new name \
             in its note, so the compiler tells you what to write. Hand-written operations \
             (uploads, certificate publishes) are builders now, like every other operation.\n"
        );
        let _ = writeln!(
            out,
            "### Renamed ({})\n\n| {release} | now | path parameters |\n| --- | --- | --- |",
            renamed.len()
        );
        for r in renamed {
            let params: Vec<String> = r
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|p| {
                    Some(format!(
                        "`.{}()` → `.{}()`",
                        snake(p.get(0)?.as_str()?),
                        snake(p.get(1)?.as_str()?)
                    ))
                })
                .collect();
            let old = snake(&field(r, "operationId"));
            let now = snake(&field(r, "now"));
            let name = if old == now {
                format!("`{old}` (same)")
            } else {
                format!("`{now}`")
            };
            let _ = writeln!(out, "| `{old}` | {name} | {} |", params.join(", "));
        }
        let _ = writeln!(
            out,
            "\n### Removed ({})\n\n| {release} | method and path | instead |\n| --- | --- | --- |",
            removed.len()
        );
        for r in removed {
            let instead = r
                .get("replacement")
                .and_then(Value::as_str)
                .unwrap_or("no replacement in the current API");
            let _ = writeln!(
                out,
                "| `{}` | `{} {}` | {instead} |",
                snake(&field(r, "operationId")),
                field(r, "method"),
                field(r, "path")
            );
        }
        let _ = writeln!(out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        json!({
            "paths": {
                "/api/v1/users/{id}": {"delete": {"operationId": "deleteUser"}, "get": {"operationId": "getUser"}},
                "/api/v1/groups": {"get": {"operationId": "listGroups"}}
            },
            "x-okta-rs-handwritten": [{"operationId": "uploadApplicationLogo", "method": "POST", "path": "/api/v1/apps/{appId}/logo"}],
            "x-okta-rs-source": {"version": "2026.06.3"}
        })
    }

    fn previous() -> Vec<Previous> {
        let op = |id: &str, method: &str, path: &str| PreviousOp {
            operation_id: id.into(),
            method: method.into(),
            path: path.into(),
        };
        vec![Previous {
            version: "2.15.0".into(),
            operations: vec![
                op("deactivateOrDeleteUser", "DELETE", "/api/v1/users/{userId}"),
                op("getUser", "GET", "/api/v1/users/{userId}"),
                op("listGroups", "GET", "/api/v1/groups"),
                op("uploadApplicationLogo", "POST", "/api/v1/apps/{appId}/logo"),
                op("updateOrgLogo", "POST", "/api/v1/org/logo"),
            ],
        }]
    }

    #[test]
    fn renames_parameter_renames_and_removals_are_recorded() {
        let mut d = doc();
        let counts = annotate(&mut d, &previous());
        assert_eq!(
            counts,
            HistoryCounts {
                renamed: 1,
                parameters_renamed: 2,
                removed: 1
            }
        );
        let records = d["x-okta-rs-previous"].as_array().unwrap();
        assert_eq!(records.len(), 3);
        assert_eq!(records[0]["operationId"], "deactivateOrDeleteUser");
        assert_eq!(records[0]["now"], "deleteUser");
        assert_eq!(records[0]["parameters"], json!([["userId", "id"]]));
        assert_eq!(records[1]["now"], "getUser");
        assert!(records[2]["now"].is_null());
        assert!(records[2]["replacement"]
            .as_str()
            .unwrap()
            .contains("upload_brand_theme_logo"));

        let md = migrating_md(&d);
        assert!(md.contains("## From 2.15.0 to 2026.06.3"), "{md}");
        assert!(
            md.contains("| `deactivate_or_delete_user` | `delete_user` | `.user_id()` → `.id()` |"),
            "{md}"
        );
        assert!(
            md.contains("| `get_user` | `get_user` (same) | `.user_id()` → `.id()` |"),
            "{md}"
        );
        assert!(
            md.contains("| `update_org_logo` | `POST /api/v1/org/logo` |"),
            "{md}"
        );
    }

    #[test]
    fn snake_case_like_the_generated_methods() {
        assert_eq!(snake("listUsers"), "list_users");
        assert_eq!(snake("updateCustomAAGUID"), "update_custom_aaguid");
        assert_eq!(snake("getOAuth2Claim"), "get_o_auth2_claim");
    }
}
