//! Sorting component schemas into structs, enums, unions and aliases.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::naming;
use crate::types::{self, Ty};
use crate::Error;

/// One property of a struct.
#[derive(Clone, Debug)]
pub struct Field {
    /// The JSON key.
    pub wire: String,
    /// The Rust field name.
    pub rust: String,
    /// The value type (the field is `Option` of it).
    pub ty: Ty,
    /// Masked in `Debug` output.
    pub secret: bool,
}

/// One subtype of a discriminated union.
#[derive(Clone, Debug)]
pub struct Variant {
    /// The discriminator value.
    pub tag: String,
    /// The subtype's schema name.
    pub schema: String,
    /// The Rust variant name.
    pub rust: String,
}

/// A schema with a discriminator.
#[derive(Clone, Debug)]
pub struct Union {
    /// The discriminating property's JSON key.
    pub property: String,
    /// Known subtypes, by tag.
    pub variants: Vec<Variant>,
    /// Rust name of the struct holding the base schema's fields, used for
    /// unknown tags.
    pub base_rust: String,
    /// The base schema's fields.
    pub base_fields: Vec<Field>,
}

/// What a component schema becomes.
#[derive(Clone, Debug)]
pub enum Kind {
    /// A struct with these fields (plus `extra`).
    Struct(Vec<Field>),
    /// An open string enum with these values.
    Enum(Vec<String>),
    /// A discriminated union.
    Union(Union),
    /// A type alias.
    Alias(Ty),
}

/// A classified component schema.
#[derive(Clone, Debug)]
pub struct Schema {
    /// Name in the spec.
    pub name: String,
    /// Rust type name.
    pub rust_name: String,
    /// What it becomes.
    pub kind: Kind,
    /// `x-okta-extensible`: custom attributes expected in `extra`.
    pub extensible: bool,
}

/// Every component schema, classified.
#[derive(Clone, Debug)]
pub struct Catalog {
    /// By spec name.
    pub schemas: BTreeMap<String, Schema>,
}

impl Catalog {
    /// Classifies every schema of `components.schemas`.
    pub fn new(raw: &Map<String, Value>) -> Result<Self, Error> {
        let mut taken: BTreeSet<String> = BTreeSet::new();
        let mut rust_names = BTreeMap::new();
        for name in raw.keys() {
            let rust = if is_ident(name) {
                name.clone()
            } else {
                naming::pascal(name)
            };
            rust_names.insert(name.clone(), naming::unique(rust, &mut taken));
        }
        let mut schemas = BTreeMap::new();
        for (name, schema) in raw {
            let rust_name = rust_names[name].clone();
            let kind = classify(name, schema, raw, &rust_names, &mut taken)?;
            let extensible = schema
                .get("x-okta-extensible")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            schemas.insert(
                name.clone(),
                Schema {
                    name: name.clone(),
                    rust_name,
                    kind,
                    extensible,
                },
            );
        }
        Ok(Catalog { schemas })
    }

    /// Rust name of the schema called `name`; `serde_json::Value` for a
    /// dangling reference (never a build failure).
    pub fn rust_name(&self, name: &str) -> String {
        self.schemas
            .get(name)
            .map(|s| s.rust_name.clone())
            .unwrap_or_else(|| "serde_json::Value".into())
    }
}

fn is_ident(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

fn classify(
    name: &str,
    schema: &Value,
    all: &Map<String, Value>,
    rust_names: &BTreeMap<String, String>,
    taken: &mut BTreeSet<String>,
) -> Result<Kind, Error> {
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        if values.iter().all(Value::is_string) {
            let mut seen = BTreeSet::new();
            let values = values
                .iter()
                .filter_map(Value::as_str)
                .filter(|v| seen.insert(v.to_string()))
                .map(str::to_owned)
                .collect();
            return Ok(Kind::Enum(values));
        }
        return Ok(Kind::Alias(types::of(&strip_enum(schema))));
    }
    let props = schema.get("properties").and_then(Value::as_object);
    let is_object = schema.get("type").and_then(Value::as_str) == Some("object") || props.is_some();
    // A discriminator without a property name (Swagger 2.0 wrote it as a bare
    // string) or without a mapping says nothing about subtypes: a plain struct.
    let disc = schema
        .get("discriminator")
        .and_then(|d| Some((d, d.get("propertyName")?.as_str()?)));
    if let Some((disc, property)) = disc {
        let property = property.to_owned();
        let mut variant_names = BTreeSet::new();
        variant_names.insert("Unknown".to_owned());
        let mut variants = Vec::new();
        if let Some(mapping) = disc.get("mapping").and_then(Value::as_object) {
            for (tag, target) in mapping {
                let Some(target) = target
                    .as_str()
                    .and_then(|t| t.strip_prefix("#/components/schemas/"))
                else {
                    continue;
                };
                if target == name || !all.contains_key(target) {
                    continue;
                }
                variants.push(Variant {
                    tag: tag.clone(),
                    schema: target.to_owned(),
                    rust: naming::unique(naming::pascal(tag), &mut variant_names),
                });
            }
        }
        if !variants.is_empty() {
            let base_rust = naming::unique(format!("{}Base", rust_names[name]), taken);
            return Ok(Kind::Union(Union {
                property,
                variants,
                base_rust,
                base_fields: fields(props),
            }));
        }
    }
    if is_object {
        let typed_map = props.is_none_or(Map::is_empty) && matches!(types::of(schema), Ty::Map(_));
        if typed_map {
            return Ok(Kind::Alias(types::of(schema)));
        }
        return Ok(Kind::Struct(fields(props)));
    }
    Ok(Kind::Alias(types::of(schema)))
}

fn strip_enum(schema: &Value) -> Value {
    let mut s = schema.clone();
    if let Some(o) = s.as_object_mut() {
        o.remove("enum");
    }
    s
}

/// Struct fields for `properties`; `extra` is reserved for unknown keys.
fn fields(props: Option<&Map<String, Value>>) -> Vec<Field> {
    let mut taken = BTreeSet::from(["extra".to_owned()]);
    let Some(props) = props else {
        return Vec::new();
    };
    props
        .iter()
        .map(|(wire, schema)| {
            let ty = types::of(schema);
            let secret = is_secret(wire, schema);
            Field {
                wire: wire.clone(),
                rust: naming::unique(naming::snake(wire), &mut taken),
                ty,
                secret,
            }
        })
        .collect()
}

/// Properties whose values must never reach `Debug` output.
fn is_secret(wire: &str, schema: &Value) -> bool {
    if schema.get("format").and_then(Value::as_str) == Some("password") {
        return true;
    }
    let lower = wire.to_ascii_lowercase();
    let is_string = schema.get("type").and_then(Value::as_str) == Some("string");
    is_string
        && (lower.contains("secret")
            || lower.contains("password")
            || lower == "answer"
            || lower == "passcode"
            || lower == "privatekey"
            || lower == "token")
}
