//! Generates the typed layer of the `okta` crate from `spec/okta-management.json`:
//!
//! - `models.rs`: every component schema, by `okta-codegen` (open enums,
//!   lossless structs, discriminated unions);
//! - `client.rs`: every operation, by progenitor (builder interface, merged
//!   tags), with the models above standing in for progenitor's own types and
//!   `okta_api::Runtime` as the client's inner type.
//!
//! The spec is used as it is: all normalization happens in `cargo xtask codegen`.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::{env, fs};

use heck::ToPascalCase;
use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};

/// The spec the crate is built from.
const SPEC: &str = "spec/okta-management.json";

/// Builds against another normalized spec (written by `cargo xtask codegen
/// --spec FILE --out DIR`) without touching `spec/`; CI uses it to prove a
/// regenerated spec builds.
const SPEC_OVERRIDE: &str = "OKTA_RS_SPEC";

/// Models the hand-written operations need; without them (a spec other than
/// Okta's) those operations are left out.
const HANDWRITTEN_MODELS: [&str; 5] = [
    "CustomAAGUIDResponseObject",
    "CustomAAGUIDUpdateRequestObject",
    "IdPKeyCredential",
    "ImageUploadResponse",
    "JsonWebKey",
];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-env-changed={SPEC_OVERRIDE}");
    println!("cargo::rerun-if-changed=build.rs");
    for area in okta_codegen::areas::features() {
        println!(
            "cargo::rerun-if-env-changed=CARGO_FEATURE_{}",
            area.to_ascii_uppercase().replace('-', "_")
        );
    }
    println!("cargo::rustc-check-cfg=cfg(okta_handwritten)");
    let spec_path = env::var(SPEC_OVERRIDE).unwrap_or_else(|_| SPEC.to_owned());
    println!("cargo::rerun-if-changed={spec_path}");
    let spec_path = spec_path.as_str();
    let out_dir = PathBuf::from(env::var("OUT_DIR")?);
    let text = fs::read_to_string(spec_path).map_err(|e| {
        format!("cannot read {spec_path}: {e}; run `cargo xtask codegen` to create it")
    })?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{spec_path} is not valid JSON: {e}"))?;
    let has_handwritten_models = HANDWRITTEN_MODELS.iter().all(|name| {
        value
            .pointer(&format!("/components/schemas/{name}"))
            .is_some()
    });
    if has_handwritten_models {
        println!("cargo::rustc-cfg=okta_handwritten");
    }

    // Only the operations of the enabled areas (cargo features), and the models they reach.
    let selection = okta_codegen::select::select(&value, &|area| feature_enabled(area));
    let mut value = selection.spec;
    let facts = okta_codegen::facts::operations(&value);
    write(
        &out_dir.join("operations.rs"),
        &okta_codegen::facts::table(&facts),
    )?;
    document_operations(&mut value, &facts);

    let models = okta_codegen::generate(&value).map_err(|e| format!("{spec_path}: {e}"))?;
    write(&out_dir.join("models.rs"), &models.code)?;

    let spec: openapiv3::OpenAPI = serde_json::from_value(value)
        .map_err(|e| format!("{spec_path} is not an OpenAPI 3.0 document: {e}"))?;
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_inner_type(quote::quote!(okta_api::Runtime))
        .with_hooks(HooksMode::Expected);
    for replacement in &models.replacements {
        let impls: Vec<TypeImpl> = if replacement.is_string_enum {
            vec![TypeImpl::Display, TypeImpl::FromStr]
        } else {
            Vec::new()
        };
        // progenitor looks replacements up by the Pascal-cased schema name.
        settings.with_replacement(
            replacement.schema.to_pascal_case(),
            &replacement.rust_path,
            impls.into_iter(),
        );
    }
    let tokens = Generator::new(&settings)
        .generate_tokens(&spec)
        .map_err(|e| format!("progenitor cannot generate the client from {spec_path}: {e}"))?;
    let mut file: syn::File = syn::parse2(tokens)?;
    add_paging(&mut file, &models.list_operations)?;
    // progenitor's `encode_path` leaves `.` alone, and a `..` segment would be removed by
    // URL parsing: every path parameter goes through the SDK's segment encoder instead.
    let client =
        prettyplease::unparse(&file).replace("encode_path(", "crate::path_segment::encode(");
    write(&out_dir.join("client.rs"), &client)?;
    Ok(())
}

/// Whether the cargo feature of API area `area` is enabled for this build.
fn feature_enabled(area: &str) -> bool {
    let var = format!(
        "CARGO_FEATURE_{}",
        area.to_ascii_uppercase().replace('-', "_")
    );
    env::var_os(var).is_some()
}

/// Gives every operation a description written from the spec's facts (progenitor turns
/// it into the method's rustdoc); upstream prose never reaches `spec/`.
fn document_operations(
    spec: &mut serde_json::Value,
    facts: &[okta_codegen::facts::OperationFacts],
) {
    let Some(paths) = spec.get_mut("paths").and_then(|p| p.as_object_mut()) else {
        return;
    };
    for fact in facts.iter().filter(|f| !f.handwritten) {
        let method = fact.method.to_ascii_lowercase();
        if let Some(op) = paths
            .get_mut(&fact.path)
            .and_then(|item| item.get_mut(&method))
            .and_then(|op| op.as_object_mut())
        {
            op.insert(
                "description".into(),
                serde_json::Value::String(okta_codegen::facts::doc(fact)),
            );
        }
    }
}

/// Adds `send_page()` and `stream()` to the builder of every list operation.
/// They live in a child module of progenitor's `builder` module because they
/// read the builder's private `client` field.
fn add_paging(
    file: &mut syn::File,
    lists: &[okta_codegen::ListOperation],
) -> Result<(), Box<dyn Error>> {
    let mut code = String::from("mod paged {\n    use super::*;\n");
    for list in lists {
        let builder = list.operation_id.to_pascal_case();
        let id = &list.operation_id;
        let item = &list.item_type;
        code.push_str(&format!(
            r#"
    impl<'a> {builder}<'a> {{
        /// Sends the request and returns the first page of the list. Walk on
        /// with `has_next()` / `next()`, or use [`Self::stream`].
        pub async fn send_page(self) -> Result<okta_api::Page<{item}>, okta_api::Error> {{
            let runtime = self.client.inner.clone();
            let response = self
                .send()
                .await
                .map_err(|e| okta_api::Error::from(e).with_operation("{id}"))?;
            Ok(crate::pagination::first_page(&runtime, "{id}", response))
        }}

        /// Every item of the list, fetched page by page as the stream is
        /// polled. An error ends the stream after being yielded.
        pub fn stream(
            self,
        ) -> impl futures::Stream<Item = Result<{item}, okta_api::Error>> + Send + 'a {{
            crate::pagination::stream(self.send_page())
        }}
    }}
"#
        ));
    }
    code.push_str("}\n");
    let paged: syn::Item = syn::parse_str(&code)?;
    for item in &mut file.items {
        if let syn::Item::Mod(module) = item {
            if module.ident == "builder" {
                if let Some((_, items)) = module.content.as_mut() {
                    items.push(paged);
                    return Ok(());
                }
            }
        }
    }
    Err("progenitor's output has no `builder` module to add paging to".into())
}

fn write(path: &Path, contents: &str) -> Result<(), Box<dyn Error>> {
    fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()).into())
}
