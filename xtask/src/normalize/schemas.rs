//! Schema-level rules: F2 (enum type), F1 (defaults), F10 (any-value maps), F8/F9 (open
//! objects).

use serde_json::{json, Map, Value};

use crate::walk::for_each_schema_mut;

/// F2: string enums declared `type: object` become `type: string`.
pub fn enum_object_type(doc: &mut Value) -> usize {
    let mut changed = 0;
    for_each_schema_mut(doc, &mut |s| {
        let is_string_enum = s
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|e| !e.is_empty() && e.iter().all(|v| v.is_string() || v.is_null()));
        if is_string_enum && s.get("type").and_then(Value::as_str) == Some("object") {
            s.insert("type".into(), json!("string"));
            changed += 1;
        }
    });
    changed
}

fn resolve<'a>(
    schema: &'a Map<String, Value>,
    components: &'a Map<String, Value>,
) -> &'a Map<String, Value> {
    let mut current = schema;
    for _ in 0..16 {
        let Some(name) = current
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
        else {
            break;
        };
        match components.get(name).and_then(Value::as_object) {
            Some(next) => current = next,
            None => break,
        }
    }
    current
}

fn fits_type(ty: &str, v: &Value) -> bool {
    match ty {
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => true,
    }
}

/// Whether `default` is a valid value of `schema` (following a `$ref`).
pub fn default_fits(
    schema: &Map<String, Value>,
    default: &Value,
    components: &Map<String, Value>,
) -> bool {
    let target = resolve(schema, components);
    let nullable = schema.get("nullable") == Some(&Value::Bool(true))
        || target.get("nullable") == Some(&Value::Bool(true));
    if default.is_null() {
        return nullable;
    }
    let ty = schema
        .get("type")
        .or_else(|| target.get("type"))
        .and_then(Value::as_str);
    if let Some(ty) = ty {
        if !fits_type(ty, default) {
            return false;
        }
    }
    let enumeration = schema.get("enum").or_else(|| target.get("enum"));
    if let Some(values) = enumeration.and_then(Value::as_array) {
        if !values.contains(default) {
            return false;
        }
    }
    true
}

/// F1: a `default` that does not fit its schema's type (or enum) is removed.
pub fn invalid_defaults(doc: &mut Value) -> usize {
    let components = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut removed = 0;
    for_each_schema_mut(doc, &mut |s| {
        if let Some(d) = s.get("default").cloned() {
            if !default_fits(s, &d, &components) {
                s.remove("default");
                removed += 1;
            }
        }
    });
    removed
}

/// F10: `additionalProperties: {type: object}` → `additionalProperties: {}` (any JSON
/// value; `_links` entries can be arrays).
pub fn any_value_maps(doc: &mut Value) -> usize {
    let mut changed = 0;
    for_each_schema_mut(doc, &mut |s| {
        if s.get("additionalProperties") == Some(&json!({"type": "object"})) {
            s.insert("additionalProperties".into(), json!({}));
            changed += 1;
        }
    });
    changed
}

fn is_object_schema(s: &Map<String, Value>) -> bool {
    if s.contains_key("$ref") || s.contains_key("enum") {
        return false;
    }
    match s.get("type").and_then(Value::as_str) {
        Some("object") => true,
        Some(_) => false,
        None => s.contains_key("properties"),
    }
}

/// F8/F9: every object schema without `additionalProperties` (or with `true` or `false`)
/// gets `additionalProperties: {}` so unknown keys are kept; `x-okta-extensible` stays.
pub fn open_objects(doc: &mut Value) -> usize {
    let mut changed = 0;
    for_each_schema_mut(doc, &mut |s| {
        if !is_object_schema(s) {
            return;
        }
        match s.get("additionalProperties") {
            // `false` too: a server that adds a field must never break a response.
            None | Some(Value::Bool(_)) => {
                s.insert("additionalProperties".into(), json!({}));
                changed += 1;
            }
            _ => {}
        }
    });
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(schemas: Value) -> Value {
        json!({"paths": {}, "components": {"schemas": schemas}})
    }

    #[test]
    fn f2_enum_declared_object() {
        let mut d = doc(json!({"Push": {"type": "object", "enum": ["PUSH", "DONT_PUSH"]}}));
        assert_eq!(enum_object_type(&mut d), 1);
        assert_eq!(
            d["components"]["schemas"]["Push"],
            json!({"type": "string", "enum": ["PUSH", "DONT_PUSH"]})
        );
    }

    #[test]
    fn f1_mismatched_defaults() {
        let mut d = doc(json!({
            "C": {"type": "object", "properties": {
                "excludeAttributes": {"type": "array", "items": {"type": "string"}, "default": 1},
                "minLength": {"type": "integer", "default": 8},
                "status": {"$ref": "#/components/schemas/S", "default": "GONE"},
                "mode": {"$ref": "#/components/schemas/S", "default": "ACTIVE"}
            }},
            "S": {"type": "string", "enum": ["ACTIVE", "INACTIVE"]}
        }));
        assert_eq!(invalid_defaults(&mut d), 2);
        let props = &d["components"]["schemas"]["C"]["properties"];
        assert_eq!(
            props["excludeAttributes"],
            json!({"type": "array", "items": {"type": "string"}})
        );
        assert_eq!(props["minLength"]["default"], 8);
        assert!(props["status"].get("default").is_none());
        assert_eq!(props["mode"]["default"], "ACTIVE");
    }

    #[test]
    fn f10_links_any_value() {
        let mut d = doc(json!({"A": {"type": "object", "properties": {
            "_links": {"type": "object", "additionalProperties": {"type": "object"}},
            "flags": {"type": "object", "additionalProperties": {"type": "boolean"}}
        }}}));
        assert_eq!(any_value_maps(&mut d), 1);
        let props = &d["components"]["schemas"]["A"]["properties"];
        assert_eq!(props["_links"]["additionalProperties"], json!({}));
        assert_eq!(
            props["flags"]["additionalProperties"],
            json!({"type": "boolean"})
        );
    }

    #[test]
    fn f9_open_objects() {
        let mut d = doc(json!({
            "A": {"type": "object", "properties": {"x": {"type": "string"}, "o": {"properties": {}}}},
            "P": {"type": "object", "x-okta-extensible": true},
            "F": {"type": "object", "additionalProperties": false},
            "T": {"type": "object", "additionalProperties": true},
            "E": {"type": "string", "enum": ["a"]}
        }));
        assert_eq!(open_objects(&mut d), 5);
        let s = &d["components"]["schemas"];
        assert_eq!(s["A"]["additionalProperties"], json!({}));
        assert_eq!(s["A"]["properties"]["o"]["additionalProperties"], json!({}));
        assert_eq!(
            s["P"],
            json!({"type": "object", "x-okta-extensible": true, "additionalProperties": {}})
        );
        assert_eq!(s["F"]["additionalProperties"], json!({}));
        assert_eq!(s["T"]["additionalProperties"], json!({}));
        assert!(s["E"].get("additionalProperties").is_none());
    }
}
