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
        for (tag, target) in subtypes(disc, schema) {
            let target = through_aliases(target, all);
            if target == name || !all.contains_key(&target) {
                continue;
            }
            variants.push(Variant {
                rust: naming::unique(naming::pascal(&tag), &mut variant_names),
                tag,
                schema: target,
            });
        }
        if !variants.is_empty() {
            let base_rust = naming::unique(format!("{}Base", rust_names[name]), taken);
            return Ok(Kind::Union(Union {
                property,
                variants,
                base_rust,
                base_fields: fields(name, props),
            }));
        }
    }
    if is_object {
        let typed_map = props.is_none_or(Map::is_empty) && matches!(types::of(schema), Ty::Map(_));
        if typed_map {
            return Ok(Kind::Alias(types::of(schema)));
        }
        return Ok(Kind::Struct(fields(name, props)));
    }
    Ok(Kind::Alias(types::of(schema)))
}

/// `(tag, schema name)` of every subtype: the explicit `mapping`, then the
/// `oneOf`/`anyOf` references it leaves out, tagged by schema name (OpenAPI's
/// implicit mapping).
fn subtypes(disc: &Value, schema: &Value) -> Vec<(String, String)> {
    let target_of = |r: &Value| {
        r.as_str()
            .and_then(|t| t.strip_prefix("#/components/schemas/"))
            .map(str::to_owned)
    };
    let mut out: Vec<(String, String)> = disc
        .get("mapping")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(tag, target)| Some((tag.clone(), target_of(target)?)))
        .collect();
    let listed = ["oneOf", "anyOf"]
        .iter()
        .filter_map(|k| schema.get(*k).and_then(Value::as_array))
        .flatten()
        .filter_map(|s| target_of(s.get("$ref")?));
    for target in listed {
        if !out.iter().any(|(_, t)| *t == target) {
            out.push((target.clone(), target));
        }
    }
    out
}

/// The schema a chain of `$ref`-only schemas ends at, so that subtypes sharing one model
/// under different names are one Rust type.
fn through_aliases(mut name: String, all: &Map<String, Value>) -> String {
    for _ in 0..16 {
        let next = all.get(&name).and_then(|s| {
            let obj = s.as_object()?;
            let target = obj
                .get("$ref")?
                .as_str()?
                .strip_prefix("#/components/schemas/")?;
            (!obj.contains_key("properties")).then(|| target.to_owned())
        });
        match next {
            Some(next) => name = next,
            None => break,
        }
    }
    name
}

fn strip_enum(schema: &Value) -> Value {
    let mut s = schema.clone();
    if let Some(o) = s.as_object_mut() {
        o.remove("enum");
    }
    s
}

/// Struct fields for the `properties` of schema `owner`; `extra` and
/// `null_fields` are reserved.
fn fields(owner: &str, props: Option<&Map<String, Value>>) -> Vec<Field> {
    let mut taken = BTreeSet::from(["extra".to_owned(), "null_fields".to_owned()]);
    let Some(props) = props else {
        return Vec::new();
    };
    props
        .iter()
        .map(|(wire, schema)| {
            // `_links` are HAL relations on every resource, typed by the support code
            // whatever the spec names (a relation may arrive as one link or a list);
            // `_embedded` holds whatever the request expanded. Neither may ever fail a
            // response, so neither takes the spec's (narrower) schema.
            let ty = match wire.as_str() {
                "_links" => Ty::Links,
                "_embedded" => Ty::AnyMap,
                _ => types::of(schema),
            };
            let secret = crate::secrets::is_secret_field(owner, wire, schema);
            Field {
                wire: wire.clone(),
                rust: naming::unique(naming::snake(wire), &mut taken),
                ty,
                secret,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn catalog(schemas: Value) -> Catalog {
        Catalog::new(schemas.as_object().unwrap()).unwrap()
    }

    #[test]
    fn explicit_and_implicit_mappings_become_variants() {
        let c = catalog(json!({
            "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
                    "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat"}}},
            "Cat": {"type": "object", "properties": {"kind": {"type": "string"}}},
            "Dog": {"type": "object", "properties": {"kind": {"type": "string"}}}
        }));
        let Kind::Union(u) = &c.schemas["Pet"].kind else {
            panic!("not a union")
        };
        let tags: Vec<_> = u
            .variants
            .iter()
            .map(|v| (v.tag.as_str(), v.schema.as_str(), v.rust.as_str()))
            .collect();
        assert_eq!(tags, [("cat", "Cat", "Cat"), ("Dog", "Dog", "Dog")]);
        assert_eq!(u.base_rust, "PetBase");
    }

    #[test]
    fn subtypes_named_through_aliases_are_one_type() {
        let c = catalog(json!({
            "Base": {"type": "object", "properties": {"key": {"type": "string"}},
                "discriminator": {"propertyName": "key", "mapping": {
                    "a": "#/components/schemas/KeyA", "b": "#/components/schemas/KeyB"}}},
            "KeyA": {"$ref": "#/components/schemas/Simple"},
            "KeyB": {"$ref": "#/components/schemas/Simple"},
            "Simple": {"type": "object", "properties": {"key": {"type": "string"}}}
        }));
        let Kind::Union(u) = &c.schemas["Base"].kind else {
            panic!("not a union")
        };
        let targets: Vec<_> = u.variants.iter().map(|v| v.schema.as_str()).collect();
        assert_eq!(targets, ["Simple", "Simple"]);
    }

    #[test]
    fn a_bare_string_discriminator_is_a_plain_struct() {
        let c = catalog(
            json!({"E": {"type": "object", "discriminator": "type", "properties": {"type": {"type": "string"}}}}),
        );
        assert!(matches!(c.schemas["E"].kind, Kind::Struct(ref f) if f.len() == 1));
    }

    #[test]
    fn enums_objects_maps_and_aliases() {
        let c = catalog(json!({
            "Status": {"type": "string", "enum": ["ACTIVE", "ACTIVE", "SUSPENDED"]},
            "Numbers": {"type": "integer", "enum": [1, 2]},
            "Flags": {"type": "object", "additionalProperties": {"type": "boolean"}},
            "Free": {"type": "object", "additionalProperties": {}},
            "Ids": {"type": "array", "items": {"type": "string"}}
        }));
        assert!(
            matches!(&c.schemas["Status"].kind, Kind::Enum(v) if v == &["ACTIVE", "SUSPENDED"])
        );
        assert!(matches!(
            c.schemas["Numbers"].kind,
            Kind::Alias(Ty::Integer)
        ));
        assert!(matches!(c.schemas["Flags"].kind, Kind::Alias(Ty::Map(_))));
        assert!(matches!(&c.schemas["Free"].kind, Kind::Struct(f) if f.is_empty()));
        assert!(matches!(c.schemas["Ids"].kind, Kind::Alias(Ty::Array(_))));
    }

    #[test]
    fn secrets_are_recognised() {
        let c = catalog(json!({"C": {"type": "object", "properties": {
            "value": {"type": "string", "format": "password"},
            "client_secret": {"type": "string"},
            "answer": {"type": "string"},
            "login": {"type": "string"}
        }}}));
        let Kind::Struct(fields) = &c.schemas["C"].kind else {
            panic!()
        };
        let secret: Vec<_> = fields
            .iter()
            .filter(|f| f.secret)
            .map(|f| f.wire.as_str())
            .collect();
        assert_eq!(secret, ["answer", "client_secret", "value"]);
    }
}
