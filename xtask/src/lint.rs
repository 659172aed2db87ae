//! Rule 13: constructs progenitor 0.15 cannot handle (it would panic or refuse), found per
//! operation on the final document. Reported, never a panic.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::normalize::operations::template_names;
use crate::walk::{is_json_media_type, media_type_essence, operations};

/// One problem: the operation (operationId, or `METHOD path`) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub operation: String,
    pub issue: String,
}

const BODY_TYPES: [&str; 5] = [
    "application/json",
    "application/octet-stream",
    "application/x-www-form-urlencoded",
    "text/plain",
    "text/x-markdown",
];

fn is_success(code: &str) -> bool {
    code.starts_with('2') || code == "default"
}

/// Checks the whole document.
pub fn lint(doc: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    let version = doc.get("openapi").and_then(Value::as_str).unwrap_or("");
    if !version.starts_with("3.0.") {
        findings.push(Finding {
            operation: "(document)".into(),
            issue: format!("OpenAPI version {version:?} is not 3.0.x"),
        });
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let path_items = doc.get("paths").and_then(Value::as_object);
    for (path, method, op) in operations(doc) {
        let name = op
            .get("operationId")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| format!("{} {path}", method.to_ascii_uppercase()));
        *seen.entry(name.clone()).or_default() += 1;
        let item_params = path_items
            .and_then(|p| p.get(&path))
            .and_then(|i| i.get("parameters"));
        for issue in lint_operation(&path, op, item_params) {
            findings.push(Finding {
                operation: name.clone(),
                issue,
            });
        }
    }
    for (name, n) in seen {
        if n > 1 {
            findings.push(Finding {
                operation: name,
                issue: format!("operationId used {n} times"),
            });
        }
    }
    findings.sort();
    findings
}

fn lint_operation(path: &str, op: &Map<String, Value>, item_params: Option<&Value>) -> Vec<String> {
    let mut issues = Vec::new();
    if op.get("operationId").and_then(Value::as_str).is_none() {
        issues.push("no operationId".to_string());
    }
    let mut params: Vec<&Value> = item_params
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    params.extend(
        op.get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten(),
    );
    let template: BTreeSet<String> = template_names(path).into_iter().collect();
    let mut declared = BTreeSet::new();
    for p in params {
        let pname = p.get("name").and_then(Value::as_str).unwrap_or("?");
        if p.get("$ref").is_some() {
            continue;
        }
        let location = p.get("in").and_then(Value::as_str).unwrap_or("?");
        if p.get("schema").is_none() {
            issues.push(format!("parameter `{pname}` has no schema"));
        }
        let style = p.get("style").and_then(Value::as_str);
        match location {
            "path" => {
                declared.insert(pname.to_string());
                if p.get("required") != Some(&Value::Bool(true)) {
                    issues.push(format!("path parameter `{pname}` is not required"));
                }
                if style.is_some_and(|s| s != "simple") {
                    issues.push(format!("path parameter `{pname}` has style {style:?}"));
                }
                if !template.contains(pname) {
                    issues.push(format!(
                        "path parameter `{pname}` is not in the path template"
                    ));
                }
            }
            "query" => {
                if style.is_some_and(|s| s != "form") {
                    issues.push(format!("query parameter `{pname}` has style {style:?}"));
                }
            }
            "header" => {}
            other => issues.push(format!("parameter `{pname}` in {other} is not supported")),
        }
    }
    for name in template.difference(&declared) {
        issues.push(format!("path template `{{{name}}}` has no parameter"));
    }
    if let Some(body) = op.get("requestBody") {
        let content = body.get("content").and_then(Value::as_object);
        let n = content.map_or(0, Map::len);
        if n > 1 {
            issues.push(format!("request body has {n} media types"));
        }
        for (ct, mt) in content.into_iter().flatten() {
            if !BODY_TYPES.contains(&media_type_essence(ct).as_str()) {
                issues.push(format!("request content type {ct} is not supported"));
            }
            if mt.get("schema").is_none() {
                issues.push(format!("request body {ct} has no schema"));
            }
            if mt
                .get("encoding")
                .is_some_and(|e| e.as_object().is_some_and(|m| !m.is_empty()))
            {
                issues.push(format!("request body {ct} has an encoding"));
            }
        }
    }
    let mut success_types = BTreeSet::new();
    for (code, r) in op
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let content = r.get("content").and_then(Value::as_object);
        let kind = match content {
            None => "none".to_string(),
            Some(c) if c.is_empty() => "none".to_string(),
            Some(c) => match c.iter().find(|(ct, _)| is_json_media_type(ct)) {
                Some((_, mt)) => {
                    if mt.get("schema").is_none() {
                        issues.push(format!("response {code} has JSON content without a schema"));
                    }
                    if mt.get("encoding").is_some() {
                        issues.push(format!("response {code} has an encoding"));
                    }
                    format!(
                        "json:{}",
                        mt.get("schema").map(Value::to_string).unwrap_or_default()
                    )
                }
                None => "raw".to_string(),
            },
        };
        if is_success(code) {
            success_types.insert(kind);
        }
    }
    if success_types.len() > 1 {
        issues.push(format!(
            "{} different success response types",
            success_types.len()
        ));
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reports_per_operation() {
        let doc = json!({"openapi": "3.0.3", "paths": {
            "/a/{id}": {"post": {"operationId": "a",
                "parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}}, {"name": "c", "in": "cookie", "schema": {}}],
                "requestBody": {"content": {"multipart/form-data": {"schema": {}}, "application/json": {"schema": {}}}},
                "responses": {"200": {"description": "", "content": {"application/json": {}}}, "201": {"description": ""}}}},
            "/b": {"get": {"operationId": "a", "responses": {}}}
        }});
        let issues: Vec<String> = lint(&doc)
            .into_iter()
            .map(|f| format!("{}: {}", f.operation, f.issue))
            .collect();
        assert_eq!(
            issues,
            vec![
                "a: 2 different success response types",
                "a: operationId used 2 times",
                "a: parameter `c` in cookie is not supported",
                "a: path parameter `id` is not required",
                "a: request body has 2 media types",
                "a: request content type multipart/form-data is not supported",
                "a: response 200 has JSON content without a schema",
            ]
        );
        let clean = json!({"openapi": "3.0.3", "paths": {"/x": {"get": {"operationId": "x", "responses": {"200": {"description": ""}}}}}});
        assert!(lint(&clean).is_empty());
        assert_eq!(lint(&json!({"openapi": "3.1.0", "paths": {}})).len(), 1);
    }
}
