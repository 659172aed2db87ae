//! The part of the spec a build compiles: the operations of the enabled areas and the
//! schemas they reach (references, discriminator mappings and parents, transitively).

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::areas;

const SCHEMAS: &str = "#/components/schemas/";
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// What [`select`] kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// The reduced spec.
    pub spec: Value,
    /// Operations kept (generated and hand-written).
    pub operations: usize,
    /// Schemas kept.
    pub schemas: usize,
}

/// Keeps the operations (in `paths` and `x-okta-rs-handwritten`) whose area `enabled`
/// accepts, and the component schemas they reach. When no operation was left out, every
/// schema stays (hook payloads and other models no operation names are for users too).
pub fn select(spec: &Value, enabled: &dyn Fn(&str) -> bool) -> Selection {
    let spec_before = spec;
    let mut spec = spec.clone();
    let mut operations = 0;
    if let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) {
        for (_, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for method in METHODS {
                let keep = item
                    .get(method)
                    .map(|op| enabled(areas::area_of_operation(op)));
                match keep {
                    Some(true) => operations += 1,
                    Some(false) => {
                        item.remove(method);
                    }
                    None => {}
                }
            }
        }
        paths.retain(|_, item| {
            item.as_object()
                .is_some_and(|i| METHODS.iter().any(|m| i.contains_key(*m)))
        });
    }
    if let Some(Value::Array(handwritten)) = spec.get_mut("x-okta-rs-handwritten") {
        handwritten.retain(|op| enabled(areas::area_of_operation(op)));
        operations += handwritten.len();
    }

    let removed = operations < count_all(spec_before);
    let all = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut reached = BTreeSet::new();
    let mut queue = Vec::new();
    for root in ["paths", "x-okta-rs-handwritten"] {
        if let Some(v) = spec.get(root) {
            references(v, &mut queue);
        }
    }
    while let Some(name) = queue.pop() {
        if !reached.insert(name.clone()) {
            continue;
        }
        if let Some(schema) = all.get(&name) {
            references(schema, &mut queue);
        }
    }
    if let Some(schemas) = spec
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
        .filter(|_| removed)
    {
        schemas.retain(|name, _| reached.contains(name));
    }
    let schemas = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map_or(0, Map::len);
    Selection {
        spec,
        operations,
        schemas,
    }
}

/// Operations in `paths` and `x-okta-rs-handwritten`.
fn count_all(spec: &Value) -> usize {
    let generated: usize = spec
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|p| p.values())
        .map(|item| METHODS.iter().filter(|m| item.get(**m).is_some()).count())
        .sum();
    let handwritten = spec
        .get("x-okta-rs-handwritten")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    generated + handwritten
}

/// Pushes the name of every component schema `v` refers to.
fn references(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            if let Some(name) = s.strip_prefix(SCHEMAS) {
                out.push(name.to_owned());
            }
        }
        Value::Array(items) => items.iter().for_each(|i| references(i, out)),
        Value::Object(map) => map.values().for_each(|i| references(i, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec() -> Value {
        json!({
            "paths": {
                "/api/v1/users": {
                    "get": {"tags": ["User"], "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}}},
                    "post": {"tags": ["User"]}
                },
                "/api/v1/groups": {"get": {"tags": ["Group"], "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Group"}}}}}}},
                "/api/v1/apps": {"get": {"tags": ["Application"], "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Application"}}}}}}}
            },
            "x-okta-rs-handwritten": [{"operationId": "uploadApplicationLogo", "tags": ["Application"]}],
            "components": {"schemas": {
                "User": {"type": "object", "properties": {"profile": {"$ref": "#/components/schemas/UserProfile"}}},
                "UserProfile": {"type": "object"},
                "Group": {"type": "object"},
                "Application": {"type": "object", "discriminator": {"propertyName": "signOnMode", "mapping": {"BOOKMARK": "#/components/schemas/BookmarkApplication"}}},
                "BookmarkApplication": {"type": "object"},
                "Unused": {"type": "object"}
            }}
        })
    }

    #[test]
    fn keeps_enabled_areas_and_what_they_reach() {
        let only_users = select(&spec(), &|area| area == "users");
        assert_eq!(only_users.operations, 2);
        let names: Vec<&String> = only_users.spec["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(names, ["User", "UserProfile"]);
        assert!(only_users.spec["paths"].get("/api/v1/groups").is_none());
        assert_eq!(only_users.spec["x-okta-rs-handwritten"], json!([]));

        let apps = select(&spec(), &|area| area == "apps");
        assert_eq!((apps.operations, apps.schemas), (2, 2));
    }

    #[test]
    fn everything_enabled_keeps_every_operation() {
        let all = select(&spec(), &|_| true);
        assert_eq!(all.operations, 5);
        assert_eq!(all.spec, spec());
    }
}
