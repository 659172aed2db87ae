//! Schema → Rust field type.

use serde_json::Value;

use crate::classify::Catalog;

/// The Rust type of a property value, before `Option` wrapping.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    /// `String` (any string format but date-times).
    String,
    /// A date-time: the support code's `Timestamp`, which keeps the exact text (real
    /// Okta responses carry date-times that are not strict RFC 3339) and parses on demand.
    Timestamp,
    /// `i64`.
    Integer,
    /// `serde_json::Number`: keeps `60` and `60.0` apart, so a value
    /// re-encodes as it arrived (`as_f64()` reads it).
    Number,
    /// `bool`.
    Bool,
    /// Any JSON value.
    Any,
    /// A JSON object of any values.
    AnyMap,
    /// A named component schema.
    Ref(String),
    /// `Vec<T>`.
    Array(Box<Ty>),
    /// `BTreeMap<String, T>`.
    Map(Box<Ty>),
    /// A resource's `_links` (HAL relations), typed by the support code.
    Links,
}

/// The Rust type for `schema`.
pub fn of(schema: &Value) -> Ty {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return match r.strip_prefix("#/components/schemas/") {
            Some(name) => Ty::Ref(name.to_owned()),
            None => Ty::Any,
        };
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        if all.len() == 1 {
            return of(&all[0]);
        }
        return Ty::Any;
    }
    if schema.get("oneOf").is_some() || schema.get("anyOf").is_some() {
        return Ty::Any;
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("string") if schema.get("format").and_then(Value::as_str) == Some("date-time") => {
            Ty::Timestamp
        }
        Some("string") => Ty::String,
        Some("integer") => Ty::Integer,
        Some("number") => Ty::Number,
        Some("boolean") => Ty::Bool,
        Some("array") => Ty::Array(Box::new(schema.get("items").map(of).unwrap_or(Ty::Any))),
        Some("object") | None => {
            let has_props = schema
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| !p.is_empty());
            if has_props {
                // An unnamed struct; the xtask hoists these, so this is a fallback.
                return Ty::Any;
            }
            match schema.get("additionalProperties") {
                Some(ap @ Value::Object(o)) if !o.is_empty() => match of(ap) {
                    Ty::Any | Ty::AnyMap => Ty::AnyMap,
                    inner => Ty::Map(Box::new(inner)),
                },
                _ if schema.get("type").is_some() => Ty::AnyMap,
                _ => Ty::Any,
            }
        }
        Some(_) => Ty::Any,
    }
}

/// Renders `ty` as Rust source, model names unqualified.
pub fn render(ty: &Ty, catalog: &Catalog) -> String {
    render_with(ty, catalog, "")
}

/// Renders `ty` as Rust source, model names behind `prefix` (`crate::models::`).
pub fn render_with(ty: &Ty, catalog: &Catalog, prefix: &str) -> String {
    let render = |ty: &Ty, catalog: &Catalog| render_with(ty, catalog, prefix);
    match ty {
        Ty::String => "String".into(),
        Ty::Timestamp => format!("{}::Timestamp", crate::SUPPORT),
        Ty::Integer => "i64".into(),
        Ty::Number => "serde_json::Number".into(),
        Ty::Bool => "bool".into(),
        Ty::Any => "serde_json::Value".into(),
        Ty::AnyMap => "serde_json::Map<String, serde_json::Value>".into(),
        Ty::Links => "crate::links::Links".into(),
        Ty::Ref(name) if catalog.schemas.contains_key(name) => {
            format!("{prefix}{}", catalog.rust_name(name))
        }
        Ty::Ref(_) => "serde_json::Value".into(),
        Ty::Array(inner) => format!("Vec<{}>", render(inner, catalog)),
        Ty::Map(inner) => format!(
            "std::collections::BTreeMap<String, {}>",
            render(inner, catalog)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn maps_schemas_to_types() {
        let cases = [
            (
                json!({"type": "string", "format": "date-time"}),
                Ty::Timestamp,
            ),
            (json!({"type": "string", "format": "uri"}), Ty::String),
            (json!({"type": "integer", "format": "int32"}), Ty::Integer),
            (
                json!({"$ref": "#/components/schemas/User"}),
                Ty::Ref("User".into()),
            ),
            (
                json!({"type": "array", "items": {"type": "string"}}),
                Ty::Array(Box::new(Ty::String)),
            ),
            (
                json!({"type": "object", "additionalProperties": {}}),
                Ty::AnyMap,
            ),
            (
                json!({"type": "object", "additionalProperties": {"type": "object"}}),
                Ty::AnyMap,
            ),
            (
                json!({"type": "object", "additionalProperties": {"type": "boolean"}}),
                Ty::Map(Box::new(Ty::Bool)),
            ),
            (json!({}), Ty::Any),
        ];
        for (schema, want) in cases {
            assert_eq!(of(&schema), want, "{schema}");
        }
    }
}
