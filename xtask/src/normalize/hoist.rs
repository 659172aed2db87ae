//! F12/F2: inline enums and inline object schemas become named component schemas, so that
//! every enum and struct has a name the SDK can refer to (and replace with an open enum).
//!
//! Naming: a property `p` of schema `Owner` → `OwnerP`; array items and map values of a
//! property use the property's name; a parameter `p` of operation `op` → `OpP`; an inline
//! request body → `OpBody`, an inline response → `OpResponse`. An existing schema of the
//! same name is reused only if identical; otherwise a number is appended.

use std::collections::VecDeque;

use serde_json::{json, Map, Value};

use crate::walk::{pascal_case, METHODS};

/// Counts reported by [`hoist_inline`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct HoistCounts {
    pub enums: usize,
    pub objects: usize,
    pub reused: usize,
    pub renamed: usize,
}

/// Keys that describe an enum's values and move to the hoisted schema. Everything else
/// (`readOnly`, `default`, other vendor keys) stays next to the `$ref`.
const ENUM_KEYS: [&str; 6] = [
    "type",
    "enum",
    "format",
    "nullable",
    "x-okta-known-values",
    "x-okta-extensible",
];

/// Keys that describe the use of an inline object rather than the object; they stay next to
/// the `$ref`.
const USE_KEYS: [&str; 3] = ["readOnly", "writeOnly", "default"];

struct Hoister<'a> {
    schemas: &'a mut Map<String, Value>,
    queue: VecDeque<String>,
    counts: HoistCounts,
}

impl Hoister<'_> {
    fn register(&mut self, base: &str, schema: Value, is_enum: bool) -> String {
        let mut n = 1;
        loop {
            let candidate = if n == 1 {
                base.to_string()
            } else {
                format!("{base}{n}")
            };
            match self.schemas.get(&candidate) {
                None => {
                    self.schemas.insert(candidate.clone(), schema);
                    if is_enum {
                        self.counts.enums += 1;
                    } else {
                        self.counts.objects += 1;
                        self.queue.push_back(candidate.clone());
                    }
                    if n > 1 {
                        self.counts.renamed += 1;
                    }
                    return candidate;
                }
                Some(existing) if *existing == schema => {
                    self.counts.reused += 1;
                    return candidate;
                }
                Some(_) => n += 1,
            }
        }
    }

    /// Handles a schema slot that may itself be hoisted under `name`.
    fn slot(&mut self, slot: &mut Value, name: &str) {
        let Some(obj) = slot.as_object_mut() else {
            return;
        };
        if obj.contains_key("$ref") {
            return;
        }
        if obj.contains_key("enum") {
            let mut hoisted = Map::new();
            for key in ENUM_KEYS {
                if let Some(v) = obj.remove(key) {
                    hoisted.insert(key.into(), v);
                }
            }
            if !hoisted.contains_key("type")
                && hoisted["enum"]
                    .as_array()
                    .is_some_and(|e| e.iter().all(Value::is_string))
            {
                hoisted.insert("type".into(), json!("string"));
            }
            let final_name = self.register(name, Value::Object(hoisted), true);
            obj.insert(
                "$ref".into(),
                json!(format!("#/components/schemas/{final_name}")),
            );
            return;
        }
        // Objects, and unions (`oneOf`/`anyOf`, with or without a discriminator), so that
        // the SDK's models and progenitor agree on one named type.
        if ["properties", "oneOf", "anyOf"]
            .iter()
            .any(|k| obj.contains_key(*k))
        {
            let mut kept = Map::new();
            for key in USE_KEYS {
                if let Some(v) = obj.remove(key) {
                    kept.insert(key.into(), v);
                }
            }
            let hoisted = std::mem::take(obj);
            let final_name = self.register(name, Value::Object(hoisted), false);
            *obj = kept;
            obj.insert(
                "$ref".into(),
                json!(format!("#/components/schemas/{final_name}")),
            );
            return;
        }
        self.children(slot, name, name);
    }

    /// Handles the children of a schema that keeps its place: properties are named
    /// `{owner}{Prop}`, items `{item_name}`, map values `{owner}Value`, composition
    /// members `{owner}Variant{n}`.
    fn children(&mut self, schema: &mut Value, owner: &str, item_name: &str) {
        let Some(obj) = schema.as_object_mut() else {
            return;
        };
        if let Some(props) = obj.get_mut("properties").and_then(Value::as_object_mut) {
            let mut names: Vec<String> = props.keys().cloned().collect();
            names.sort();
            for prop in names {
                let name = format!("{owner}{}", pascal_case(&prop));
                if let Some(child) = props.get_mut(&prop) {
                    self.slot(child, &name);
                }
            }
        }
        if let Some(items) = obj.get_mut("items") {
            self.slot(items, item_name);
        }
        if let Some(ap) = obj.get_mut("additionalProperties") {
            if ap.is_object() {
                self.slot(ap, &format!("{owner}Value"));
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(members) = obj.get_mut(key).and_then(Value::as_array_mut) {
                for (i, m) in members.iter_mut().enumerate() {
                    self.slot(m, &format!("{owner}Variant{}", i + 1));
                }
            }
        }
    }
}

/// Hoists inline enums, inline objects with `properties` and inline unions into
/// `components.schemas`.
pub fn hoist_inline(doc: &mut Value) -> HoistCounts {
    let mut schemas = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
        .map(std::mem::take)
        .unwrap_or_default();
    let mut names: Vec<String> = schemas.keys().cloned().collect();
    names.sort();
    let mut h = Hoister {
        schemas: &mut schemas,
        queue: names.into(),
        counts: HoistCounts::default(),
    };
    while let Some(name) = h.queue.pop_front() {
        let Some(mut schema) = h.schemas.get(&name).cloned() else {
            continue;
        };
        h.children(&mut schema, &name, &format!("{name}Item"));
        h.schemas.insert(name, schema);
    }

    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        let mut keys: Vec<String> = paths.keys().cloned().collect();
        keys.sort();
        for path in keys {
            let Some(item) = paths.get_mut(&path).and_then(Value::as_object_mut) else {
                continue;
            };
            if let Some(params) = item.get_mut("parameters").and_then(Value::as_array_mut) {
                let prefix = pascal_case(&path);
                for p in params {
                    param_slot(&mut h, p, &prefix);
                }
            }
            for method in METHODS {
                let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else {
                    continue;
                };
                let op_name = pascal_case(
                    op.get("operationId")
                        .and_then(Value::as_str)
                        .unwrap_or(method),
                );
                if let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) {
                    for p in params {
                        param_slot(&mut h, p, &op_name);
                    }
                }
                if let Some(content) = op
                    .get_mut("requestBody")
                    .and_then(|b| b.get_mut("content"))
                    .and_then(Value::as_object_mut)
                {
                    for (_, mt) in content.iter_mut() {
                        if let Some(s) = mt.get_mut("schema") {
                            h.slot(s, &format!("{op_name}Body"));
                        }
                    }
                }
                if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
                    for (_, r) in responses.iter_mut() {
                        if let Some(content) = r.get_mut("content").and_then(Value::as_object_mut) {
                            for (_, mt) in content.iter_mut() {
                                if let Some(s) = mt.get_mut("schema") {
                                    h.slot(s, &format!("{op_name}Response"));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    // Objects hoisted from operations may hold inline children of their own.
    while let Some(name) = h.queue.pop_front() {
        let Some(mut schema) = h.schemas.get(&name).cloned() else {
            continue;
        };
        h.children(&mut schema, &name, &format!("{name}Item"));
        h.schemas.insert(name, schema);
    }
    let counts = h.counts;
    if let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) {
        components.insert("schemas".into(), Value::Object(schemas));
    } else if let Some(root) = doc.as_object_mut() {
        root.insert("components".into(), json!({ "schemas": schemas }));
    }
    counts
}

fn param_slot(h: &mut Hoister<'_>, p: &mut Value, prefix: &str) {
    let name = format!(
        "{prefix}{}",
        pascal_case(p.get("name").and_then(Value::as_str).unwrap_or("param"))
    );
    if let Some(s) = p.get_mut("schema") {
        h.slot(s, &name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hoists_property_items_and_parameter_enums() {
        let mut doc = json!({
            "paths": {"/apps": {"get": {"operationId": "listApps", "parameters": [
                {"name": "filter_mode", "in": "query", "schema": {"type": "string", "enum": ["a", "b"], "default": "a"}}
            ], "responses": {}}}},
            "components": {"schemas": {
                "App": {"type": "object", "properties": {
                    "status": {"type": "string", "enum": ["ACTIVE", "INACTIVE"], "readOnly": true, "default": "ACTIVE"},
                    "types": {"type": "array", "items": {"type": "string", "enum": ["X"]}},
                    "settings": {"type": "object", "readOnly": true, "properties": {
                        "mode": {"enum": ["m1"]}
                    }}
                }},
                "AppTypes": {"type": "string", "enum": ["X"]},
                "AppStatus": {"type": "string", "enum": ["OTHER"]}
            }}
        });
        let counts = hoist_inline(&mut doc);
        let s = &doc["components"]["schemas"];
        assert_eq!(
            s["App"]["properties"]["status"],
            json!({"$ref": "#/components/schemas/AppStatus2", "readOnly": true, "default": "ACTIVE"})
        );
        assert_eq!(
            s["AppStatus2"],
            json!({"type": "string", "enum": ["ACTIVE", "INACTIVE"]})
        );
        assert_eq!(
            s["App"]["properties"]["types"]["items"],
            json!({"$ref": "#/components/schemas/AppTypes"})
        );
        assert_eq!(
            s["App"]["properties"]["settings"],
            json!({"$ref": "#/components/schemas/AppSettings", "readOnly": true})
        );
        assert_eq!(
            s["AppSettings"]["properties"]["mode"],
            json!({"$ref": "#/components/schemas/AppSettingsMode"})
        );
        assert_eq!(
            s["AppSettingsMode"],
            json!({"type": "string", "enum": ["m1"]})
        );
        assert_eq!(
            doc["paths"]["/apps"]["get"]["parameters"][0]["schema"],
            json!({"$ref": "#/components/schemas/ListAppsFilterMode", "default": "a"})
        );
        assert_eq!(
            s["ListAppsFilterMode"],
            json!({"type": "string", "enum": ["a", "b"]})
        );
        assert_eq!(
            counts,
            HoistCounts {
                enums: 3,
                objects: 1,
                reused: 1,
                renamed: 1
            }
        );
    }

    #[test]
    fn hoists_inline_bodies_and_variants() {
        let mut doc = json!({
            "paths": {"/x": {"post": {"operationId": "makeX",
                "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"a": {"type": "string"}}}}}},
                "responses": {"200": {"description": "", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object", "properties": {}}}}}}}
            }}},
            "components": {"schemas": {"U": {"oneOf": [{"$ref": "#/components/schemas/B"}, {"type": "object", "properties": {"k": {"type": "string"}}}]}, "B": {"type": "object"}}}
        });
        let counts = hoist_inline(&mut doc);
        let op = &doc["paths"]["/x"]["post"];
        assert_eq!(
            op["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/MakeXBody"
        );
        assert_eq!(
            op["responses"]["200"]["content"]["application/json"]["schema"]["items"]["$ref"],
            "#/components/schemas/MakeXResponse"
        );
        assert_eq!(
            doc["components"]["schemas"]["U"]["oneOf"][1]["$ref"],
            "#/components/schemas/UVariant2"
        );
        assert_eq!(counts.objects, 3);
    }
}
