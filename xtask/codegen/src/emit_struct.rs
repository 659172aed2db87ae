//! Structs: `Option` fields plus an `extra` map, hand-rolled serde.

use std::fmt::Write;

use crate::classify::{Catalog, Field, Kind, Schema};
use crate::cycles::Boxed;
use crate::types::{self, Ty};
use crate::SUPPORT;

/// `NullFields::CAPACITY` of the support module: fields past it keep their
/// `null`s in `extra`.
const NULL_FIELDS_CAPACITY: usize = 64;

/// Emits the struct for `schema` (or, for a union, its base fields) as `rust_name`.
pub fn emit(out: &mut String, catalog: &Catalog, schema: &Schema, rust_name: &str, boxed: &Boxed) {
    let fields: &[Field] = match &schema.kind {
        Kind::Struct(f) => f,
        Kind::Union(u) => &u.base_fields,
        _ => &[],
    };
    let name = &schema.name;
    let ty_of = |f: &Field| {
        let inner = types::render(&f.ty, catalog);
        if boxed.contains(&(name.clone(), f.wire.clone())) {
            format!("Box<{inner}>")
        } else {
            inner
        }
    };

    // Definition.
    let _ = writeln!(out, "/// The `{name}` schema.\n///\n/// Every field is optional; keys this SDK version does not model are kept in\n/// [`{rust_name}::extra`] and written back unchanged.");
    if schema.extensible {
        let _ = writeln!(out, "///\n/// Custom attributes live in `extra`: read them with\n/// [`Attributes::attribute`] and write them with [`Attributes::set_attribute`].");
    }
    let _ = writeln!(
        out,
        "#[derive(Clone, Default, PartialEq)]\npub struct {rust_name} {{"
    );
    for f in fields {
        let _ = writeln!(
            out,
            "    /// `{}`\n    pub {}: Option<{}>,",
            f.wire,
            f.rust,
            ty_of(f)
        );
    }
    let _ = writeln!(out, "    /// Keys not modelled by this SDK version; serialized as they are unless\n    /// the modelled field of the same key is written.\n    pub extra: serde_json::Map<String, serde_json::Value>,\n    /// Modelled fields that arrived as `null`; they are written back as `null`.\n    pub null_fields: {SUPPORT}::NullFields,\n}}\n");

    // Which modelled keys are written (so `extra` never duplicates them).
    let _ = writeln!(out, "impl {rust_name} {{\n    fn modelled_key_is_written(&self, key: &str) -> bool {{\n        match key {{");
    for (i, f) in fields.iter().enumerate() {
        let _ = writeln!(
            out,
            "            {:?} => self.{}.is_some() || self.null_fields.contains({i}),",
            f.wire, f.rust
        );
    }
    let _ = writeln!(out, "            _ => false,\n        }}\n    }}\n");
    // Explicit nulls: Okta clears a value sent as `null`, which is not the same as
    // leaving the key out.
    let _ = writeln!(out, "    /// Sends `key` as an explicit JSON `null` (Okta clears the value), which is not\n    /// the same as leaving it out: a modelled field is emptied and marked, any other\n    /// key (a custom attribute) is set to `null` in `extra`.\n    pub fn set_null(&mut self, key: &str) {{\n        match key {{");
    for (i, f) in fields.iter().enumerate() {
        let mark = if i < NULL_FIELDS_CAPACITY {
            format!("self.null_fields.set({i}, true)")
        } else {
            format!(
                "{{ self.extra.insert({:?}.to_owned(), serde_json::Value::Null); }}",
                f.wire
            )
        };
        let _ = writeln!(
            out,
            "            {:?} => {{ self.{} = None; {mark}; }}",
            f.wire, f.rust
        );
    }
    let _ = writeln!(out, "            _ => {{ self.extra.insert(key.to_owned(), serde_json::Value::Null); }}\n        }}\n    }}\n}}\n");

    // Attributes access.
    let _ = writeln!(out, "impl {SUPPORT}::Attributes for {rust_name} {{\n    fn extra(&self) -> &serde_json::Map<String, serde_json::Value> {{\n        &self.extra\n    }}\n    fn extra_mut(&mut self) -> &mut serde_json::Map<String, serde_json::Value> {{\n        &mut self.extra\n    }}\n}}\n");

    // Debug: set fields only, secrets masked.
    let _ = writeln!(out, "impl std::fmt::Debug for {rust_name} {{\n    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{\n        let mut d = f.debug_struct({rust_name:?});");
    for f in fields {
        if f.secret {
            let _ = writeln!(
                out,
                "        if self.{0}.is_some() {{ d.field({0:?}, &{SUPPORT}::Masked); }}",
                f.rust
            );
        } else if holds_free_form(&f.ty, catalog, &mut Vec::new()) {
            // A free-form value (`AppUser.profile`, say): its secret-looking keys are masked.
            let _ = writeln!(
                out,
                "        if let Some(v) = &self.{0} {{ d.field({0:?}, &{SUPPORT}::MaskedJson(v)); }}",
                f.rust
            );
        } else {
            let _ = writeln!(
                out,
                "        if let Some(v) = &self.{0} {{ d.field({0:?}, v); }}",
                f.rust
            );
        }
    }
    let _ = writeln!(out, "        if !self.extra.is_empty() {{ d.field(\"extra\", &{SUPPORT}::MaskedExtra(&self.extra)); }}\n        d.finish()\n    }}\n}}\n");

    // Serialize.
    let _ = writeln!(out, "impl serde::Serialize for {rust_name} {{\n    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {{\n        use serde::ser::SerializeMap;\n        let mut map = serializer.serialize_map(None)?;");
    for (i, f) in fields.iter().enumerate() {
        let _ = writeln!(
            out,
            "        match &self.{0} {{\n            Some(v) => map.serialize_entry({1:?}, v)?,\n            None if self.null_fields.contains({i}) => map.serialize_entry({1:?}, &())?,\n            None => {{}}\n        }}",
            f.rust, f.wire
        );
    }
    let _ = writeln!(out, "        for (k, v) in &self.extra {{\n            if !self.modelled_key_is_written(k) {{ map.serialize_entry(k, v)?; }}\n        }}\n        map.end()\n    }}\n}}\n");

    // Deserialize.
    let _ = writeln!(out, "impl<'de> serde::Deserialize<'de> for {rust_name} {{\n    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {{\n        struct Visitor;\n        impl<'de> serde::de::Visitor<'de> for Visitor {{\n            type Value = {rust_name};\n            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{\n                f.write_str(\"a {name} object\")\n            }}\n            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<{rust_name}, A::Error> {{\n                let mut out = {rust_name}::default();\n                while let Some(key) = map.next_key::<{SUPPORT}::Key<'de>>()? {{\n                    match key.as_str() {{");
    for (i, f) in fields.iter().enumerate() {
        if i < NULL_FIELDS_CAPACITY {
            let _ = writeln!(out, "                        {0:?} => {SUPPORT}::read_field(&mut map, &mut out.{1}, &mut out.null_fields, {i})?,", f.wire, f.rust);
        } else {
            let _ = writeln!(out, "                        {0:?} => {SUPPORT}::read_field_null_in_extra(&mut map, &mut out.{1}, &mut out.extra, {0:?})?,", f.wire, f.rust);
        }
    }
    let _ = writeln!(out, "                        _ => {SUPPORT}::read_extra(&mut map, key, &mut out.extra)?,\n                    }}\n                }}\n                Ok(out)\n            }}\n        }}\n        deserializer.deserialize_map(Visitor)\n    }}\n}}\n");
}

/// Whether a field of type `ty` holds JSON of unknown shape (at any depth of
/// arrays, maps and aliases: `OpenIdConnectApplicationSettingsClientKeysKeys`
/// is an alias of any JSON), whose `Debug` must mask secret-looking keys.
fn holds_free_form(ty: &Ty, catalog: &Catalog, seen: &mut Vec<String>) -> bool {
    match ty {
        Ty::Any | Ty::AnyMap => true,
        Ty::Array(inner) | Ty::Map(inner) => holds_free_form(inner, catalog, seen),
        Ty::Ref(name) if !seen.contains(name) => {
            seen.push(name.clone());
            match catalog.schemas.get(name).map(|s| &s.kind) {
                Some(Kind::Alias(inner)) => holds_free_form(inner, catalog, seen),
                // A dangling reference is rendered as `serde_json::Value`.
                None => true,
                Some(_) => false,
            }
        }
        _ => false,
    }
}
