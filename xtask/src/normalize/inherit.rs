//! F6 (`x-okta-parent` inheritance, flattened) and F7 (discriminators).

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{bail, Result};
use serde_json::{json, Map, Value};

const SCHEMA_PREFIX: &str = "#/components/schemas/";

type Flat = (Map<String, Value>, BTreeSet<String>);

/// Deep-merges `over` onto `base`: nested objects merge key by key, anything else (and any
/// object holding a `$ref`) replaces.
pub fn deep_merge(base: &Value, over: &Value) -> Value {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) if !o.contains_key("$ref") => {
            let mut out = b.clone();
            for (k, v) in o {
                let merged = match out.get(k) {
                    Some(existing) => deep_merge(existing, v),
                    None => v.clone(),
                };
                out.insert(k.clone(), merged);
            }
            Value::Object(out)
        }
        _ => over.clone(),
    }
}

fn parent_name(schema: &Value) -> Option<String> {
    schema
        .get("x-okta-parent")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix(SCHEMA_PREFIX))
        .map(str::to_string)
}

fn flatten_one(
    name: &str,
    schemas: &Map<String, Value>,
    memo: &mut BTreeMap<String, Flat>,
    stack: &mut Vec<String>,
) -> Result<Flat> {
    if let Some(done) = memo.get(name) {
        return Ok(done.clone());
    }
    if stack.iter().any(|s| s == name) {
        bail!("x-okta-parent cycle: {} -> {name}", stack.join(" -> "));
    }
    let Some(schema) = schemas.get(name) else {
        bail!("x-okta-parent refers to missing schema {name}");
    };
    stack.push(name.to_string());
    let (mut props, mut required) = match parent_name(schema) {
        Some(parent) => flatten_one(&parent, schemas, memo, stack)?,
        None => (Map::new(), BTreeSet::new()),
    };
    stack.pop();
    if let Some(own) = schema.get("properties").and_then(Value::as_object) {
        for (k, v) in own {
            let merged = match props.get(k) {
                Some(parent_prop) => deep_merge(parent_prop, v),
                None => v.clone(),
            };
            props.insert(k.clone(), merged);
        }
    }
    if let Some(req) = schema.get("required").and_then(Value::as_array) {
        required.extend(req.iter().filter_map(Value::as_str).map(str::to_string));
    }
    memo.insert(name.to_string(), (props.clone(), required.clone()));
    Ok((props, required))
}

/// F6: every schema with `x-okta-parent` gets its ancestors' properties (grand-parents
/// first; a child property deep-merges over the inherited one) and `required`, plus
/// `type: object`. `x-okta-parent` stays; no `allOf` is produced. Returns how many schemas
/// were flattened.
pub fn flatten_parents(doc: &mut Value) -> Result<usize> {
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return Ok(0);
    };
    let snapshot = schemas.clone();
    let mut memo = BTreeMap::new();
    let mut count = 0;
    for (name, schema) in schemas.iter_mut() {
        if parent_name(schema).is_none() {
            continue;
        }
        let (props, required) = flatten_one(name, &snapshot, &mut memo, &mut Vec::new())?;
        let Some(obj) = schema.as_object_mut() else {
            continue;
        };
        obj.insert("properties".into(), Value::Object(props));
        if !required.is_empty() {
            obj.insert("required".into(), json!(required));
        }
        obj.insert("type".into(), json!("object"));
        count += 1;
    }
    Ok(count)
}

/// F7: `x-openapi-v3-discriminator` becomes a standard `discriminator: {propertyName,
/// mapping}` on the same (base) schema. Returns how many were converted.
pub fn discriminators(doc: &mut Value) -> usize {
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return 0;
    };
    let mut count = 0;
    for (_, schema) in schemas.iter_mut() {
        let Some(obj) = schema.as_object_mut() else {
            continue;
        };
        let Some(ext) = obj.remove("x-openapi-v3-discriminator") else {
            continue;
        };
        let mut disc = Map::new();
        if let Some(p) = ext.get("propertyName") {
            disc.insert("propertyName".into(), p.clone());
        }
        if let Some(m) = ext.get("mapping") {
            disc.insert("mapping".into(), m.clone());
        }
        obj.insert("discriminator".into(), Value::Object(disc));
        count += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apps() -> Value {
        json!({"components": {"schemas": {
            "Application": {"type": "object", "required": ["label"], "properties": {
                "name": {"type": "string", "readOnly": true},
                "label": {"type": "string"},
                "settings": {"$ref": "#/components/schemas/ApplicationSettings"},
                "signOnMode": {"$ref": "#/components/schemas/ApplicationSignOnMode"}
            }, "x-openapi-v3-discriminator": {"propertyName": "signOnMode", "mapping": {
                "BROWSER_PLUGIN": "#/components/schemas/BrowserPluginApplication"}}},
            "BrowserPluginApplication": {"x-okta-parent": "#/components/schemas/Application",
                "properties": {"credentials": {"type": "object", "properties": {"a": {"type": "string"}}}},
                "x-openapi-v3-discriminator": {"propertyName": "name", "mapping": {
                    "template_swa": "#/components/schemas/SwaApplication"}}},
            "SwaApplication": {"x-okta-parent": "#/components/schemas/BrowserPluginApplication",
                "properties": {
                    "name": {"default": "template_swa"},
                    "settings": {"$ref": "#/components/schemas/SwaApplicationSettings"},
                    "credentials": {"properties": {"b": {"type": "string"}}}
                }}
        }}})
    }

    #[test]
    fn f6_flattens_through_grandparents() {
        let mut doc = apps();
        assert_eq!(flatten_parents(&mut doc).unwrap(), 2);
        let swa = &doc["components"]["schemas"]["SwaApplication"];
        assert_eq!(swa["type"], "object");
        assert_eq!(
            swa["x-okta-parent"],
            "#/components/schemas/BrowserPluginApplication"
        );
        assert_eq!(swa["required"], json!(["label"]));
        assert!(swa.get("allOf").is_none());
        let props = &swa["properties"];
        assert_eq!(
            props["name"],
            json!({"type": "string", "readOnly": true, "default": "template_swa"})
        );
        assert_eq!(
            props["settings"],
            json!({"$ref": "#/components/schemas/SwaApplicationSettings"})
        );
        assert_eq!(
            props["signOnMode"]["$ref"],
            "#/components/schemas/ApplicationSignOnMode"
        );
        assert_eq!(
            props["credentials"],
            json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}})
        );
        // The child does not inherit the parent's discriminator.
        assert!(swa.get("discriminator").is_none());
    }

    #[test]
    fn f7_nested_discriminators() {
        let mut doc = apps();
        flatten_parents(&mut doc).unwrap();
        assert_eq!(discriminators(&mut doc), 2);
        let s = &doc["components"]["schemas"];
        assert_eq!(
            s["Application"]["discriminator"]["propertyName"],
            "signOnMode"
        );
        assert_eq!(
            s["BrowserPluginApplication"]["discriminator"],
            json!({"propertyName": "name", "mapping": {"template_swa": "#/components/schemas/SwaApplication"}})
        );
        assert!(s["Application"].get("x-openapi-v3-discriminator").is_none());
    }

    #[test]
    fn cycles_are_errors() {
        let mut doc = json!({"components": {"schemas": {
            "A": {"x-okta-parent": "#/components/schemas/B"},
            "B": {"x-okta-parent": "#/components/schemas/A"}
        }}});
        assert!(flatten_parents(&mut doc).is_err());
    }
}
