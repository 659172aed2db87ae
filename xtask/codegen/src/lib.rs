//! Model generator for okta-rs.
//!
//! Reads the normalized spec that `cargo xtask codegen` writes to
//! `spec/okta-management.json` and emits Rust source for `okta::models`:
//!
//! - every object schema becomes a struct whose fields are all `Option` and
//!   which keeps unknown keys (and known keys that arrived as `null`) in an
//!   `extra` map, so a response never fails on a missing, `null` or new field
//!   and re-encodes unchanged;
//! - every string enum becomes an open enum with an `Unknown(String)` variant;
//! - every schema with a discriminator becomes an enum of its subtypes plus an
//!   `Unknown` fallback holding the base fields.
//!
//! (De)serialization is hand-rolled per type instead of `#[serde(flatten)]`,
//! which buffers every object and costs decode speed.
//!
//! The crate is used by the root crate's `build.rs`; it reads nothing but the
//! spec value it is given.

pub mod areas;
mod classify;
mod cycles;
mod emit_enum;
mod emit_struct;
mod emit_union;
pub mod facts;
pub mod naming;
pub mod secrets;
pub mod select;
mod types;

use classify::Kind;

/// A component schema replaced by a generated model, for progenitor's
/// `with_replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replacement {
    /// The schema's name in the spec.
    pub schema: String,
    /// The Rust path of the generated model (`crate::models::User`).
    pub rust_path: String,
    /// Whether the model is an open string enum (implements `Display` and `FromStr`).
    pub is_string_enum: bool,
}

/// The generated models.
#[derive(Clone, Debug)]
pub struct Models {
    /// Rust source of the items of `okta::models`.
    pub code: String,
    /// Every component schema and the model standing for it.
    pub replacements: Vec<Replacement>,
    /// The operations that answer with a list, sorted by operationId.
    pub list_operations: Vec<ListOperation>,
}

/// A `GET` operation answering with a JSON array: a list that pages with
/// `Link` headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListOperation {
    /// The spec's operationId.
    pub operation_id: String,
    /// Rust type of one item, models behind `crate::models::`.
    pub item_type: String,
    /// Whether it takes an `after` cursor (query parameter), so the next page is the same
    /// request with the next cursor.
    pub has_after: bool,
}

/// Every list operation of the spec, sorted by operationId.
fn list_operations(spec: &serde_json::Value, catalog: &classify::Catalog) -> Vec<ListOperation> {
    let empty = serde_json::Map::new();
    let mut out = Vec::new();
    let paths = spec
        .get("paths")
        .and_then(|p| p.as_object())
        .unwrap_or(&empty);
    for item in paths.values() {
        let Some(get) = item.get("get") else { continue };
        let Some(id) = get.get("operationId").and_then(|v| v.as_str()) else {
            continue;
        };
        let Some(responses) = get.get("responses").and_then(|r| r.as_object()) else {
            continue;
        };
        let schema = responses
            .iter()
            .filter(|(code, _)| code.starts_with('2'))
            .find_map(|(_, r)| r.pointer("/content/application~1json/schema"));
        if let Some(types::Ty::Array(element)) = schema.map(types::of) {
            let is_after = |p: &serde_json::Value| {
                p.get("name").and_then(|n| n.as_str()) == Some("after")
                    && p.get("in").and_then(|n| n.as_str()) == Some("query")
            };
            let has_after = [get.get("parameters"), item.get("parameters")]
                .into_iter()
                .flatten()
                .filter_map(|p| p.as_array())
                .flatten()
                .any(is_after);
            out.push(ListOperation {
                operation_id: id.to_owned(),
                item_type: types::render_with(&element, catalog, "crate::models::"),
                has_after,
            });
        }
    }
    out.sort_by(|a, b| a.operation_id.cmp(&b.operation_id));
    out
}

/// Why models could not be generated.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// Path of the hand-written support module the generated code calls into.
pub const SUPPORT: &str = "crate::model_support";

/// Generates the models for every schema under `components.schemas` of an
/// OpenAPI 3.0 document.
pub fn generate(spec: &serde_json::Value) -> Result<Models, Error> {
    let schemas = spec
        .pointer("/components/schemas")
        .and_then(|s| s.as_object())
        .ok_or_else(|| Error("the spec has no components.schemas object".into()))?;
    let catalog = classify::Catalog::new(schemas)?;
    let boxed = cycles::boxed_edges(&catalog);

    let mut code = secrets::emit();
    let mut replacements = Vec::new();
    for (name, schema) in &catalog.schemas {
        match &schema.kind {
            Kind::Struct(_) => {
                emit_struct::emit(&mut code, &catalog, schema, &schema.rust_name, &boxed);
            }
            Kind::Enum(values) => {
                emit_enum::emit(&mut code, &schema.rust_name, values);
            }
            Kind::Union(union) => {
                emit_union::emit(&mut code, &catalog, schema, union, &boxed);
            }
            Kind::Alias(ty) => {
                code.push_str(&format!(
                    "/// The `{name}` schema.\npub type {} = {};\n\n",
                    schema.rust_name,
                    types::render(ty, &catalog)
                ));
            }
        }
        replacements.push(Replacement {
            schema: name.clone(),
            rust_path: format!("crate::models::{}", schema.rust_name),
            is_string_enum: matches!(schema.kind, Kind::Enum(_)),
        });
    }
    Ok(Models {
        code,
        replacements,
        list_operations: list_operations(spec, &catalog),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_past_the_null_bitset_keep_their_nulls_in_extra() {
        let props: serde_json::Map<String, serde_json::Value> = (0..66)
            .map(|i| (format!("f{i:02}"), json!({"type": "string"})))
            .collect();
        let spec =
            json!({"components": {"schemas": {"Wide": {"type": "object", "properties": props}}}});
        let code = generate(&spec).expect("models").code;
        assert!(code.contains("\"f63\" => crate::model_support::read_field(&mut map, &mut out.f63, &mut out.null_fields, 63)"), "{code}");
        assert!(code.contains("\"f64\" => crate::model_support::read_field_null_in_extra(&mut map, &mut out.f64, &mut out.extra, \"f64\")"), "{code}");
    }

    #[test]
    fn every_schema_gets_a_replacement_and_lists_are_found() {
        let spec = json!({
            "paths": {"/pets": {"get": {"operationId": "listPets", "responses": {"200": {"content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}}}}}}}},
            "components": {"schemas": {
                "Pet": {"type": "object", "properties": {"kind": {"$ref": "#/components/schemas/Kind"}}},
                "Kind": {"type": "string", "enum": ["cat", "dog"]}
            }}
        });
        let models = generate(&spec).expect("models");
        let replaced: Vec<_> = models
            .replacements
            .iter()
            .map(|r| (r.schema.as_str(), r.is_string_enum))
            .collect();
        assert_eq!(replaced, [("Kind", true), ("Pet", false)]);
        assert_eq!(
            models.list_operations,
            [ListOperation {
                operation_id: "listPets".into(),
                item_type: "crate::models::Pet".into(),
                has_after: false,
            }]
        );
    }
}
