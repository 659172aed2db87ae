//! Discriminated unions: one variant per known subtype plus `Unknown`.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::classify::{Catalog, Kind, Schema, Union};
use crate::cycles::Boxed;
use crate::{emit_struct, types, SUPPORT};

/// Emits the union for `schema`, and its base-fields struct.
pub fn emit(out: &mut String, catalog: &Catalog, schema: &Schema, union: &Union, boxed: &Boxed) {
    let name = &schema.name;
    let rust_name = &schema.rust_name;
    let base = &union.base_rust;
    let prop = &union.property;
    let variant_ty = |tag: &str, target: &str| {
        let inner = catalog.rust_name(target);
        if boxed.contains(&(name.clone(), format!("variant:{tag}"))) {
            format!("Box<{inner}>")
        } else {
            inner
        }
    };

    let _ = writeln!(out, "/// The `{name}` schema: one variant per subtype, chosen by `{prop}`.\n///\n/// A `{prop}` this SDK version does not know (or none) decodes to\n/// [`{rust_name}::Unknown`], which keeps every field.\n#[derive(Clone, Debug, PartialEq)]\n#[non_exhaustive]\npub enum {rust_name} {{");
    for v in &union.variants {
        let _ = writeln!(
            out,
            "    /// `{prop}` = `{}`.\n    {}({}),",
            v.tag,
            v.rust,
            variant_ty(&v.tag, &v.schema)
        );
    }
    let _ = writeln!(
        out,
        "    /// Any other `{prop}`.\n    Unknown({base}),\n}}\n"
    );

    emit_struct::emit(out, catalog, schema, base, boxed);

    // Serialize: the variant's own encoding, with its tag added when the
    // variant leaves the discriminator unset (built in code, not decoded).
    let _ = writeln!(out, "impl serde::Serialize for {rust_name} {{\n    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {{\n        match self {{");
    for v in &union.variants {
        let tagged = format!(
            "{SUPPORT}::serialize_with_tag(v, serializer, {prop:?}, {:?})",
            v.tag
        );
        let tag_field = access(catalog, &v.schema, prop, boxed);
        let body = if tag_field == "None" {
            tagged
        } else {
            format!("if {tag_field}.is_some() {{ v.serialize(serializer) }} else {{ {tagged} }}")
        };
        let _ = writeln!(out, "            Self::{}(v) => {body},", v.rust);
    }
    let _ = writeln!(
        out,
        "            Self::Unknown(v) => v.serialize(serializer),\n        }}\n    }}\n}}\n"
    );

    // Deserialize: keep the object's raw text, scan it for the tag, decode the
    // subtype from the text. Cheaper than buffering a JSON map: the scan
    // allocates nothing and the subtype decodes with its own visitor.
    let _ = writeln!(out, "impl<'de> serde::Deserialize<'de> for {rust_name} {{\n    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {{\n        let raw = <Box<serde_json::value::RawValue> as serde::Deserialize>::deserialize(deserializer)?;\n        let raw = raw.get();\n        let decoded = match {SUPPORT}::read_tag(raw, {prop:?}) {{");
    for v in &union.variants {
        let _ = writeln!(
            out,
            "            Ok(Some(tag)) if tag == {:?} => serde_json::from_str(raw).map(Self::{}),",
            v.tag, v.rust
        );
    }
    let _ = writeln!(out, "            Ok(_) => serde_json::from_str(raw).map(Self::Unknown),\n            Err(error) => Err(error),\n        }};\n        decoded.map_err(<D::Error as serde::de::Error>::custom)\n    }}\n}}\n");

    // Conversions from every subtype, nested ones included.
    let _ = writeln!(out, "impl From<{base}> for {rust_name} {{\n    fn from(value: {base}) -> Self {{\n        Self::Unknown(value)\n    }}\n}}\n");
    // A subtype reachable under two tags (SAML_1_1 and SAML_2_0 both map to
    // SamlApplication) gets no `From`: the conversion would have to guess.
    let all = descendants(catalog, name, boxed);
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for (target, _) in &all {
        *count.entry(target.as_str()).or_default() += 1;
    }
    for (target, wrap) in &all {
        if count[target.as_str()] > 1 || target == name {
            continue;
        }
        let _ = writeln!(out, "impl From<{0}> for {rust_name} {{\n    fn from(value: {0}) -> Self {{\n        {1}\n    }}\n}}\n", catalog.rust_name(target), wrap.replace("{}", "value"));
    }

    // Accessors for base fields every subtype shares with the same type.
    let shared = accessors(catalog, name);
    if !shared.is_empty() {
        let _ = writeln!(out, "impl {rust_name} {{");
        for (wire, (method, ty)) in &shared {
            let _ = writeln!(out, "    /// `{wire}`, whichever the subtype.\n    pub fn {method}(&self) -> Option<&{ty}> {{\n        match self {{");
            for v in &union.variants {
                let _ = writeln!(
                    out,
                    "            Self::{}(v) => {},",
                    v.rust,
                    access(catalog, &v.schema, wire, boxed)
                );
            }
            let _ = writeln!(
                out,
                "            Self::Unknown(v) => {},\n        }}\n    }}",
                field_access(&union.base_fields, name, wire, boxed)
            );
        }
        let _ = writeln!(out, "}}\n");
    }
}

/// `(schema, expression template)` for every subtype reachable from `union`,
/// the template wrapping `{}` into the union.
fn descendants(catalog: &Catalog, union: &str, boxed: &Boxed) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Some(Kind::Union(u)) = catalog.schemas.get(union).map(|s| &s.kind) else {
        return out;
    };
    for v in &u.variants {
        let is_boxed = boxed.contains(&(union.to_owned(), format!("variant:{}", v.tag)));
        let wrap = |inner: &str| {
            if is_boxed {
                format!("Self::{}(Box::new({inner}))", v.rust)
            } else {
                format!("Self::{}({inner})", v.rust)
            }
        };
        out.push((v.schema.clone(), wrap("{}")));
        for (nested, nested_wrap) in descendants(catalog, &v.schema, boxed) {
            let inner_union = catalog.rust_name(&v.schema);
            let inner = nested_wrap.replacen("Self::", &format!("{inner_union}::"), 1);
            out.push((nested, wrap(&inner)));
        }
    }
    out
}

/// Base fields of `name` readable the same way from every subtype: JSON key →
/// (method name, rendered type).
fn accessors(catalog: &Catalog, name: &str) -> BTreeMap<String, (String, String)> {
    let Some(schema) = catalog.schemas.get(name) else {
        return BTreeMap::new();
    };
    let render = |f: &crate::classify::Field| types::render(&f.ty, catalog);
    match &schema.kind {
        Kind::Struct(fields) => fields
            .iter()
            .map(|f| (f.wire.clone(), (f.rust.clone(), render(f))))
            .collect(),
        Kind::Union(u) => {
            let mut shared: BTreeMap<String, (String, String)> = u
                .base_fields
                .iter()
                .map(|f| (f.wire.clone(), (f.rust.clone(), render(f))))
                .collect();
            for v in &u.variants {
                let theirs = accessors(catalog, &v.schema);
                shared.retain(|wire, (_, ty)| theirs.get(wire).is_some_and(|(_, t)| t == ty));
            }
            shared
        }
        _ => BTreeMap::new(),
    }
}

/// Expression reading field `wire` of a subtype value `v` of schema `name`
/// as `Option<&T>`.
fn access(catalog: &Catalog, name: &str, wire: &str, boxed: &Boxed) -> String {
    match catalog.schemas.get(name).map(|s| &s.kind) {
        Some(Kind::Struct(fields)) => field_access(fields, name, wire, boxed),
        Some(Kind::Union(_)) => match accessors(catalog, name).get(wire) {
            Some((method, _)) => format!("v.{method}()"),
            None => "None".into(),
        },
        _ => "None".into(),
    }
}

fn field_access(
    fields: &[crate::classify::Field],
    owner: &str,
    wire: &str,
    boxed: &Boxed,
) -> String {
    match fields.iter().find(|f| f.wire == wire) {
        Some(f) if boxed.contains(&(owner.to_owned(), f.wire.clone())) => {
            format!("v.{}.as_deref()", f.rust)
        }
        Some(f) => format!("v.{}.as_ref()", f.rust),
        None => "None".into(),
    }
}
