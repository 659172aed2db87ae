//! Removes prose (descriptions, summaries, examples, titles, external docs, contact
//! details) so that `spec/` holds structural facts only.
//!
//! Keys are only removed where they are keywords. Inside maps whose keys are names
//! (`properties`, `paths`, `responses`, `content`, `mapping`, …) a key such as
//! `description` or `title` is a property name and stays. Values of `default`, `enum` and
//! similar data keywords are never entered.

use serde_json::{json, Map, Value};

/// Keyword keys that carry prose.
pub const PROSE_KEYS: [&str; 10] = [
    "description",
    "summary",
    "example",
    "examples",
    "title",
    "externalDocs",
    "termsOfService",
    "x-enumDescriptions",
    "x-enumDescription",
    "x-displayName",
];

/// Keys whose value is a map from names to objects (the names are not keywords).
const NAME_MAPS: [&str; 14] = [
    "properties",
    "patternProperties",
    "definitions",
    "schemas",
    "paths",
    "responses",
    "content",
    "mapping",
    "securitySchemes",
    "securityDefinitions",
    "headers",
    "encoding",
    "variables",
    "requestBodies",
];

/// Keys whose values are data, not schema or document structure.
const DATA_KEYS: [&str; 4] = ["default", "enum", "const", "x-okta-known-values"];

/// Strips prose from the whole document. `info` keeps `title`, `version` and `license`
/// (OpenAPI requires the first two). Every response keeps an empty `description` (OpenAPI 3
/// requires one). Returns the number of keys removed.
pub fn strip_prose(doc: &mut Value) -> usize {
    let mut removed = 0;
    if let Some(root) = doc.as_object_mut() {
        for key in ["externalDocs", "contact"] {
            removed += usize::from(root.remove(key).is_some());
        }
        if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
            let before = info.len();
            info.retain(|k, _| k == "title" || k == "version" || k == "license");
            removed += before - info.len();
        }
    }
    if let Some(root) = doc.as_object_mut() {
        for (k, v) in root.iter_mut() {
            if k == "info" {
                continue;
            }
            removed += strip_value(v, NAME_MAPS.contains(&k.as_str()));
        }
    }
    empty_response_descriptions(doc);
    removed
}

fn strip_value(v: &mut Value, is_name_map: bool) -> usize {
    let mut removed = 0;
    match v {
        Value::Object(map) => {
            if !is_name_map {
                for key in PROSE_KEYS {
                    removed += usize::from(map.remove(key).is_some());
                }
            }
            for (k, child) in map.iter_mut() {
                if !is_name_map && DATA_KEYS.contains(&k.as_str()) {
                    continue;
                }
                // OAuth 2.0 flows map each scope to a sentence: the names are the facts.
                if !is_name_map && k == "scopes" {
                    if let Some(scopes) = child.as_object_mut() {
                        for (_, text) in scopes.iter_mut() {
                            if text.as_str().is_some_and(|t| !t.is_empty()) {
                                *text = Value::String(String::new());
                                removed += 1;
                            }
                        }
                        continue;
                    }
                }
                let child_is_name_map = !is_name_map && NAME_MAPS.contains(&k.as_str());
                removed += strip_value(child, child_is_name_map);
            }
        }
        Value::Array(arr) => {
            for item in arr {
                removed += strip_value(item, false);
            }
        }
        _ => {}
    }
    removed
}

fn set_empty_description(responses: &mut Map<String, Value>) {
    for (code, r) in responses.iter_mut() {
        if code.starts_with("x-") {
            continue;
        }
        if let Some(r) = r.as_object_mut() {
            if !r.contains_key("$ref") {
                r.insert("description".into(), json!(""));
            }
        }
    }
}

fn empty_response_descriptions(doc: &mut Value) {
    fn op_responses(op: &mut Value) {
        if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
            set_empty_description(responses);
        }
        if let Some(variants) = op
            .get_mut("x-okta-multi-operation")
            .and_then(Value::as_array_mut)
        {
            for variant in variants {
                op_responses(variant);
            }
        }
    }
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (_, item) in paths.iter_mut() {
            if let Some(item) = item.as_object_mut() {
                for method in crate::walk::METHODS {
                    if let Some(op) = item.get_mut(method) {
                        op_responses(op);
                    }
                }
            }
        }
    }
    if let Some(responses) = doc
        .pointer_mut("/components/responses")
        .and_then(Value::as_object_mut)
    {
        set_empty_description(responses);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_keywords_but_not_property_names() {
        let mut doc = json!({
            "info": {"title": "Okta API", "version": "1", "description": "d", "contact": {"name": "x"}},
            "externalDocs": {"url": "u"},
            "paths": {"/x": {"get": {
                "summary": "s", "description": "d",
                "parameters": [{"name": "q", "in": "query", "description": "d", "schema": {"type": "string", "example": "e"}}],
                "responses": {"200": {"description": "Success"}},
                "x-okta-multi-operation": [{"operationId": "a", "description": "d"}]
            }}},
            "components": {"schemas": {
                "description": {"type": "object", "title": "T", "properties": {
                    "description": {"type": "string", "description": "d"},
                    "title": {"type": "string"},
                    "properties": {"type": "object", "properties": {"summary": {"type": "string"}}}
                }, "default": {"description": "data stays"}}
            }}
        });
        let removed = strip_prose(&mut doc);
        assert_eq!(
            doc,
            json!({
                "info": {"title": "Okta API", "version": "1"},
                "paths": {"/x": {"get": {
                    "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                    "responses": {"200": {"description": ""}},
                    "x-okta-multi-operation": [{"operationId": "a"}]
                }}},
                "components": {"schemas": {
                    "description": {"type": "object", "properties": {
                        "description": {"type": "string"},
                        "title": {"type": "string"},
                        "properties": {"type": "object", "properties": {"summary": {"type": "string"}}}
                    }, "default": {"description": "data stays"}}
                }}
            })
        );
        // description+contact in info, externalDocs, summary, description, param description,
        // example, title, property description, multi-op description (response description is
        // replaced by an empty one, not counted)
        assert_eq!(removed, 11);
    }

    #[test]
    fn vendor_prose_and_scope_sentences_go() {
        let mut doc = json!({
            "tags": [{"name": "User", "x-displayName": "Users"}],
            "components": {
                "securitySchemes": {"oauth2": {"type": "oauth2", "flows": {"authorizationCode": {
                    "scopes": {"okta.users.read": "Allows the app to read users"}}}}},
                "schemas": {"S": {"type": "string", "enum": ["A"],
                    "x-enumDescriptions": {"A": "The first"}, "x-okta-known-values": ["A"]}}
            }
        });
        assert_eq!(strip_prose(&mut doc), 3);
        assert_eq!(
            doc,
            json!({
                "tags": [{"name": "User"}],
                "components": {
                    "securitySchemes": {"oauth2": {"type": "oauth2", "flows": {"authorizationCode": {
                        "scopes": {"okta.users.read": ""}}}}},
                    "schemas": {"S": {"type": "string", "enum": ["A"], "x-okta-known-values": ["A"]}}
                }
            })
        );
    }
}
