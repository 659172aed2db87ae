//! OpenAPI 3 composition, as Okta's current spec uses it.
//!
//! - R14: `$ref`s to `#/components/{parameters,requestBodies,responses}` are replaced by
//!   what they point at, so every later rule (and progenitor) sees plain operations; the
//!   referenced components and `components.examples` are dropped, and so is `x-webhooks`
//!   (requests Okta sends to *your* hooks, not operations; their schemas stay).
//! - R15 (`allOf`): inheritance (`allOf: [{$ref: Base}, {properties…}]`) is flattened into
//!   one object schema with every ancestor's properties and `required`; the first referenced
//!   member is recorded as `x-okta-rs-parent`. A discriminator is never
//!   inherited (the child is a subtype, not a union). An `allOf` left with one `$ref` after
//!   prose was stripped (`[{$ref: X}, {description: …}]`) becomes that `$ref`.
//! - R16 (`oneOf`/`anyOf` without a discriminator over objects): one object schema with the
//!   union of the members' properties, every one optional; nothing a member sends is lost
//!   (unknown keys are kept anyway), and users get typed fields instead of a JSON value.
//! - R18 (parameters that are a `oneOf`/`anyOf` of strings, such as a role type or a role
//!   id): `type: string`, the members kept as `x-okta-rs-one-of`; a path or query value is
//!   text either way, and a generated union there would have no `Display`.
//! - R17 (`pattern`, `minLength`, `maxLength`): moved to `x-okta-rs-…`, so progenitor's type generator does not
//!   emit validating newtypes for parameters (a changed pattern upstream must never break a
//!   build or reject a value the server accepts); the fact stays in the spec.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::walk::for_each_schema_mut;

const SCHEMAS: &str = "#/components/schemas/";

/// Counts of [`flatten_all_of`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct AllOfCounts {
    /// `allOf`s reduced to a single `$ref`.
    pub unwrapped: usize,
    /// `allOf`s merged into one object schema.
    pub flattened: usize,
}

/// R14: inlines references to shared parameters, request bodies and responses; returns
/// how many references were replaced.
pub fn inline_component_refs(doc: &mut Value) -> usize {
    let mut shared: BTreeMap<String, Value> = BTreeMap::new();
    if let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) {
        for kind in ["parameters", "requestBodies", "responses"] {
            if let Some(Value::Object(items)) = components.remove(kind) {
                for (name, item) in items {
                    shared.insert(format!("#/components/{kind}/{name}"), item);
                }
            }
        }
        components.remove("examples");
    }
    if let Some(root) = doc.as_object_mut() {
        root.remove("x-webhooks");
    }
    if shared.is_empty() {
        return 0;
    }
    let mut count = 0;
    if let Some(paths) = doc.get_mut("paths") {
        replace_refs(paths, &shared, &mut count, 0);
    }
    count
}

fn replace_refs(v: &mut Value, shared: &BTreeMap<String, Value>, count: &mut usize, depth: u8) {
    if depth > 8 {
        return;
    }
    match v {
        Value::Object(obj) => {
            let target = obj
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| shared.get(r));
            if let Some(target) = target {
                *v = target.clone();
                *count += 1;
                replace_refs(v, shared, count, depth + 1);
                return;
            }
            for (_, child) in obj.iter_mut() {
                replace_refs(child, shared, count, depth);
            }
        }
        Value::Array(items) => {
            for child in items {
                replace_refs(child, shared, count, depth);
            }
        }
        _ => {}
    }
}

/// Keys that shape a schema's values (everything else is documentation or a vendor fact).
fn is_structural(key: &str) -> bool {
    matches!(
        key,
        "$ref"
            | "type"
            | "properties"
            | "items"
            | "additionalProperties"
            | "allOf"
            | "oneOf"
            | "anyOf"
            | "enum"
            | "discriminator"
            | "format"
            | "required"
    )
}

fn is_empty_member(member: &Value) -> bool {
    member
        .as_object()
        .is_none_or(|m| !m.keys().any(|k| is_structural(k)))
}

fn ref_target(v: &Value) -> Option<&str> {
    v.get("$ref")?.as_str()?.strip_prefix(SCHEMAS)
}

/// The properties and `required` a schema contributes, its own `allOf` members and
/// referenced ancestors included (grand-parents first; a later definition of a property
/// deep-merges over an earlier one).
fn collect(
    schema: &Value,
    schemas: &Map<String, Value>,
    props: &mut Map<String, Value>,
    required: &mut BTreeSet<String>,
    stack: &mut Vec<String>,
) {
    if let Some(name) = ref_target(schema) {
        if stack.iter().any(|s| s == name) || stack.len() > 32 {
            return;
        }
        if let Some(target) = schemas.get(name) {
            stack.push(name.to_owned());
            collect(target, schemas, props, required, stack);
            stack.pop();
        }
        return;
    }
    if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
        for member in members {
            collect(member, schemas, props, required, stack);
        }
    }
    if let Some(own) = schema.get("properties").and_then(Value::as_object) {
        for (k, v) in own {
            let merged = match props.get(k) {
                Some(earlier) => super::inherit::deep_merge(earlier, v),
                None => v.clone(),
            };
            props.insert(k.clone(), merged);
        }
    }
    if let Some(req) = schema.get("required").and_then(Value::as_array) {
        required.extend(req.iter().filter_map(Value::as_str).map(str::to_owned));
    }
}

/// R15: flattens `allOf` everywhere (component schemas, properties, operation schemas).
pub fn flatten_all_of(doc: &mut Value) -> AllOfCounts {
    let mut counts = AllOfCounts::default();
    let snapshot = schemas_snapshot(doc);
    // Component schemas are marked for the visit so that the rule can tell a named
    // subtype from a property that refers to a union.
    mark_components(doc, true);
    for_each_schema_mut(doc, &mut |s| {
        let Some(Value::Array(members)) = s.get("allOf") else {
            return;
        };
        let kept: Vec<Value> = members
            .iter()
            .filter(|m| !is_empty_member(m))
            .cloned()
            .collect();
        let own_shape = s
            .keys()
            .any(|k| k != "allOf" && is_structural(k) && k != "type");
        // A subtype that adds nothing to a discriminated base (`allOf: [{$ref: Base}]`)
        // is still a subtype: it gets the base's fields, not an alias to the union.
        let subtype_of_union = match kept.as_slice() {
            [single] => {
                ref_target(single)
                    .and_then(|n| snapshot.get(n))
                    .is_some_and(|t| t.get("discriminator").is_some())
                    && s.contains_key(COMPONENT_MARK)
            }
            _ => false,
        };
        if let ([single], false, false) = (kept.as_slice(), own_shape, subtype_of_union) {
            if single.get("$ref").is_some() || !single.is_object() {
                s.remove("allOf");
                if let Some(obj) = single.as_object() {
                    for (k, v) in obj {
                        s.insert(k.clone(), v.clone());
                    }
                }
                counts.unwrapped += 1;
                return;
            }
        }
        // Members that are not objects (a string with a format, an enum reference) leave
        // nothing to merge: keep the first such member's shape.
        let object_like = kept.iter().all(|m| is_object_like(m, &snapshot));
        if !object_like {
            if let Some(first) = kept.first().and_then(Value::as_object).cloned() {
                s.remove("allOf");
                for (k, v) in first {
                    s.entry(k).or_insert(v);
                }
                counts.unwrapped += 1;
            }
            return;
        }
        let mut props = Map::new();
        let mut required = BTreeSet::new();
        let this = Value::Object(s.clone());
        collect(&this, &snapshot, &mut props, &mut required, &mut Vec::new());
        let parent = kept.iter().find_map(ref_target).map(str::to_owned);
        s.remove("allOf");
        s.insert("type".into(), json!("object"));
        s.insert("properties".into(), Value::Object(props));
        if !required.is_empty() {
            s.insert("required".into(), json!(required));
        }
        if let Some(parent) = parent {
            s.entry("x-okta-rs-parent")
                .or_insert_with(|| json!(format!("{SCHEMAS}{parent}")));
        }
        counts.flattened += 1;
    });
    mark_components(doc, false);
    counts
}

/// A key the visit of [`flatten_all_of`] sees on component schemas only.
const COMPONENT_MARK: &str = "x-okta-rs-component";

fn mark_components(doc: &mut Value, on: bool) {
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for (_, schema) in schemas.iter_mut() {
        if let Some(obj) = schema.as_object_mut() {
            if on {
                obj.insert(COMPONENT_MARK.into(), Value::Bool(true));
            } else {
                obj.remove(COMPONENT_MARK);
            }
        }
    }
}

/// A copy of `components.schemas`, read while the visit rewrites the document.
fn schemas_snapshot(doc: &Value) -> Map<String, Value> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// Whether `member` is a string (a string enum included), following references.
fn is_string_like(member: &Value, schemas: &Map<String, Value>) -> bool {
    through_refs(member, schemas)
        .get("type")
        .and_then(Value::as_str)
        == Some("string")
}

/// The schema a chain of `$ref`s from `member` ends at (bounded, so a cycle ends too).
fn through_refs<'a>(member: &'a Value, schemas: &'a Map<String, Value>) -> &'a Value {
    let mut current = member;
    for _ in 0..16 {
        match ref_target(current).and_then(|n| schemas.get(n)) {
            Some(next) => current = next,
            None => break,
        }
    }
    current
}

/// R18: parameter schemas that are a `oneOf`/`anyOf` of strings become `type: string`.
pub fn string_parameter_unions(doc: &mut Value) -> usize {
    let snapshot = schemas_snapshot(doc);
    let mut count = 0;
    let mut fix = |param: &mut Value| {
        let Some(schema) = param.get_mut("schema").and_then(Value::as_object_mut) else {
            return;
        };
        for key in ["oneOf", "anyOf"] {
            let all_strings = schema
                .get(key)
                .and_then(Value::as_array)
                .is_some_and(|m| !m.is_empty() && m.iter().all(|m| is_string_like(m, &snapshot)));
            if all_strings {
                if let Some(members) = schema.remove(key) {
                    schema.insert("x-okta-rs-one-of".into(), members);
                    schema.insert("type".into(), json!("string"));
                    count += 1;
                }
            }
        }
    };
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return 0;
    };
    for (_, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (key, value) in item.iter_mut() {
            let params = if key == "parameters" {
                value.as_array_mut()
            } else {
                value.get_mut("parameters").and_then(Value::as_array_mut)
            };
            for p in params.into_iter().flatten() {
                fix(p);
            }
        }
    }
    count
}

/// Whether `member` describes a JSON object (following references).
fn is_object_like(member: &Value, schemas: &Map<String, Value>) -> bool {
    let Some(obj) = through_refs(member, schemas).as_object() else {
        return false;
    };
    if obj.contains_key("enum") {
        return false;
    }
    match obj.get("type").and_then(Value::as_str) {
        Some("object") => true,
        Some(_) => false,
        None => {
            obj.contains_key("properties")
                || obj.contains_key("allOf")
                || obj.contains_key("required")
                || obj.is_empty()
        }
    }
}

/// R16: merges `oneOf`/`anyOf` schemas that have no discriminator and whose members are
/// all objects into one object schema; returns how many were merged.
pub fn merge_untagged_unions(doc: &mut Value) -> usize {
    let snapshot = schemas_snapshot(doc);
    let mut count = 0;
    for_each_schema_mut(doc, &mut |s| {
        if s.contains_key("discriminator") {
            return;
        }
        for key in ["oneOf", "anyOf"] {
            let Some(Value::Array(members)) = s.get(key) else {
                continue;
            };
            if members.is_empty() || !members.iter().all(|m| is_object_like(m, &snapshot)) {
                continue;
            }
            let mut props = Map::new();
            let mut ignored_required = BTreeSet::new();
            let members = members.clone();
            for member in &members {
                collect(
                    member,
                    &snapshot,
                    &mut props,
                    &mut ignored_required,
                    &mut Vec::new(),
                );
            }
            s.remove(key);
            s.insert("type".into(), json!("object"));
            let own = s
                .entry("properties")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(own) = own.as_object_mut() {
                for (k, v) in props {
                    own.entry(k).or_insert(v);
                }
            }
            count += 1;
        }
    });
    count
}

/// R17: every `pattern`, `minLength` and `maxLength` (component, property and parameter
/// schemas) becomes an `x-okta-rs-…` fact.
pub fn patterns_as_facts(doc: &mut Value) -> usize {
    let mut count = 0;
    for_each_schema_mut(doc, &mut |s| {
        for (key, fact) in [
            ("pattern", "x-okta-rs-pattern"),
            ("minLength", "x-okta-rs-min-length"),
            ("maxLength", "x-okta-rs-max-length"),
        ] {
            if let Some(p) = s.remove(key) {
                s.insert(fact.into(), p);
                count += 1;
            }
        }
    });
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(schemas: Value) -> Value {
        json!({"paths": {}, "components": {"schemas": schemas}})
    }

    #[test]
    fn r14_shared_parameters_and_responses_are_inlined() {
        let mut d = json!({
            "x-webhooks": {"hook": {"post": {"responses": {"403": {"$ref": "#/components/responses/NotFound"}}}}},
            "paths": {"/u/{id}": {"get": {
                "parameters": [{"$ref": "#/components/parameters/pathId"}],
                "responses": {"404": {"$ref": "#/components/responses/NotFound"}}
            }}},
            "components": {
                "parameters": {"pathId": {"name": "id", "in": "path", "schema": {"type": "string"}}},
                "responses": {"NotFound": {"description": ""}},
                "examples": {"e": {}},
                "schemas": {}
            }
        });
        assert_eq!(inline_component_refs(&mut d), 2);
        let op = &d["paths"]["/u/{id}"]["get"];
        assert_eq!(op["parameters"][0]["name"], "id");
        assert_eq!(op["responses"]["404"], json!({"description": ""}));
        assert_eq!(d["components"], json!({"schemas": {}}));
        assert!(d.get("x-webhooks").is_none());
    }

    #[test]
    fn r15_inheritance_is_flattened_without_the_discriminator() {
        let mut d = doc(json!({
            "Factor": {"type": "object", "required": ["factorType"],
                "properties": {"id": {"type": "string"}, "factorType": {"type": "string"}},
                "discriminator": {"propertyName": "factorType", "mapping": {"sms": "#/components/schemas/Sms"}}},
            "Sms": {"allOf": [{"$ref": "#/components/schemas/Factor"},
                {"type": "object", "properties": {"profile": {"$ref": "#/components/schemas/P"},
                    "factorType": {"x-okta-known-values": ["sms"]}}}]},
            "Push": {"allOf": [{"$ref": "#/components/schemas/Sms"}, {"properties": {"extra": {"type": "boolean"}}}]},
            "P": {"type": "object", "properties": {"phoneNumber": {"type": "string"}}}
        }));
        let counts = flatten_all_of(&mut d);
        assert_eq!(counts.flattened, 2);
        let s = &d["components"]["schemas"];
        let sms = &s["Sms"];
        assert_eq!(sms["type"], "object");
        assert_eq!(sms["x-okta-rs-parent"], "#/components/schemas/Factor");
        assert_eq!(sms["required"], json!(["factorType"]));
        assert!(sms.get("discriminator").is_none());
        assert!(sms.get("allOf").is_none());
        assert_eq!(
            sms["properties"]["factorType"],
            json!({"type": "string", "x-okta-known-values": ["sms"]})
        );
        let push: Vec<&String> = s["Push"]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(push, ["extra", "factorType", "id", "profile"]);
    }

    #[test]
    fn r15_a_ref_with_prose_becomes_the_ref() {
        let mut d = doc(json!({"A": {"type": "object", "properties": {
            "status": {"allOf": [{"$ref": "#/components/schemas/S"}, {}], "readOnly": true},
            "when": {"allOf": [{"type": "string", "format": "date-time"}, {}]}
        }}, "S": {"type": "string", "enum": ["X"]}}));
        let counts = flatten_all_of(&mut d);
        assert_eq!(counts.unwrapped, 2);
        let props = &d["components"]["schemas"]["A"]["properties"];
        assert_eq!(
            props["status"],
            json!({"$ref": "#/components/schemas/S", "readOnly": true})
        );
        assert_eq!(
            props["when"],
            json!({"type": "string", "format": "date-time"})
        );
    }

    #[test]
    fn r15_an_empty_subtype_of_a_union_keeps_the_base_fields() {
        let mut d = doc(json!({
            "Base": {"type": "object", "properties": {"key": {"type": "string"}},
                "discriminator": {"propertyName": "key", "mapping": {"otp": "#/components/schemas/Otp"}}},
            "Otp": {"allOf": [{"$ref": "#/components/schemas/Base"}]},
            "Holder": {"type": "object", "properties": {"b": {"allOf": [{"$ref": "#/components/schemas/Base"}]}}}
        }));
        let counts = flatten_all_of(&mut d);
        assert_eq!((counts.flattened, counts.unwrapped), (1, 1));
        let s = &d["components"]["schemas"];
        assert_eq!(s["Otp"]["properties"], json!({"key": {"type": "string"}}));
        assert!(s["Otp"].get("discriminator").is_none());
        assert_eq!(
            s["Holder"]["properties"]["b"],
            json!({"$ref": "#/components/schemas/Base"})
        );
        assert!(s["Otp"].get(COMPONENT_MARK).is_none());
    }

    #[test]
    fn r18_string_parameter_unions() {
        let mut d = json!({"paths": {"/roles/{roleRef}": {
            "parameters": [{"name": "roleRef", "in": "path", "schema": {"oneOf": [
                {"$ref": "#/components/schemas/RoleType"}, {"type": "string"}]}}],
            "get": {"parameters": [{"name": "o", "in": "query", "schema": {"oneOf": [
                {"type": "string"}, {"type": "integer"}]}}]}
        }}, "components": {"schemas": {"RoleType": {"type": "string", "enum": ["SUPER_ADMIN"]}}}});
        assert_eq!(string_parameter_unions(&mut d), 1);
        let schema = &d["paths"]["/roles/{roleRef}"]["parameters"][0]["schema"];
        assert_eq!(schema["type"], "string");
        assert!(schema.get("oneOf").is_none());
        assert_eq!(
            schema["x-okta-rs-one-of"][0]["$ref"],
            "#/components/schemas/RoleType"
        );
        assert!(
            d["paths"]["/roles/{roleRef}"]["get"]["parameters"][0]["schema"]
                .get("oneOf")
                .is_some()
        );
    }

    #[test]
    fn r16_untagged_unions_of_objects_merge() {
        let mut d = doc(json!({
            "GroupProfile": {"anyOf": [{"$ref": "#/components/schemas/OktaP"}, {"$ref": "#/components/schemas/AdP"}]},
            "OktaP": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
            "AdP": {"type": "object", "properties": {"dn": {"type": "string"}, "name": {"type": "string"}}},
            "Either": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
        }));
        assert_eq!(merge_untagged_unions(&mut d), 1);
        let s = &d["components"]["schemas"];
        let keys: Vec<&String> = s["GroupProfile"]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(keys, ["dn", "name"]);
        assert!(s["GroupProfile"].get("required").is_none());
        assert!(s["Either"].get("oneOf").is_some());
    }

    #[test]
    fn r17_patterns_become_facts() {
        let mut d = json!({"paths": {"/x/{id}": {"get": {"parameters": [
            {"name": "id", "in": "path", "schema": {"type": "string", "pattern": "^[a-z]+$"}}
        ]}}}, "components": {"schemas": {"L": {"type": "string", "pattern": ".+@.+"}}}});
        assert_eq!(patterns_as_facts(&mut d), 2);
        assert_eq!(
            d["components"]["schemas"]["L"]["x-okta-rs-pattern"],
            ".+@.+"
        );
        assert!(d["paths"]["/x/{id}"]["get"]["parameters"][0]["schema"]
            .get("pattern")
            .is_none());
    }
}
