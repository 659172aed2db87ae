//! `Debug` of the generated models never shows a secret (issue 9, defect 3).
//!
//! The checks are derived from the spec, not hand-picked: for every property
//! of every schema of `spec/okta-management.json` that the secrets table of
//! `okta_codegen::secrets` names, the model (of the areas this build enables)
//! is decoded from JSON holding a sentinel in that property, and its `Debug`
//! output must show `****` instead of the sentinel. Free-form properties
//! (`AppUser.profile`, …) must mask every key the table names, at any depth.

use okta_codegen::secrets;
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

/// What no `Debug` output may show.
const SENTINEL: &str = "SENTINEL-8c1f-leaked";

include!(concat!(env!("OUT_DIR"), "/model_dispatch.rs"));

/// Decodes `json` as `M` and formats it with `Debug`.
fn show<M: DeserializeOwned + std::fmt::Debug>(json: &str) -> Result<String, String> {
    serde_json::from_str::<M>(json)
        .map(|model| format!("{model:?}"))
        .map_err(|e| e.to_string())
}

fn schemas() -> Map<String, Value> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/spec/okta-management.json"
    ))
    .expect("spec");
    let spec: Value = serde_json::from_str(&text).expect("spec JSON");
    spec["components"]["schemas"]
        .as_object()
        .expect("components.schemas")
        .clone()
}

/// A value of `schema`'s type holding the sentinel where it can.
fn sentinel_for(schema: &Value) -> Value {
    match schema.get("type").and_then(Value::as_str) {
        Some("integer") | Some("number") => json!(424242),
        Some("boolean") => json!(true),
        Some("array") => json!([sentinel_for(&schema["items"])]),
        Some("object") => json!({ "k": SENTINEL }),
        _ => json!(SENTINEL),
    }
}

/// Whether `schema` is JSON of unknown shape (directly or through a
/// reference to a schema without properties, like `AppUserProfile`).
fn is_free_form(schema: &Value, schemas: &Map<String, Value>) -> bool {
    if let Some(target) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
    {
        return schemas.get(target).is_some_and(|t| {
            t.get("$ref").is_none() && t.get("discriminator").is_none() && is_free_form(t, schemas)
        });
    }
    if schema.get("enum").is_some() {
        return false;
    }
    match schema.get("type").and_then(Value::as_str) {
        None => schema.get("properties").is_none() && schema.get("items").is_none(),
        Some("object") => {
            schema.get("properties").is_none()
                && schema
                    .get("additionalProperties")
                    .is_none_or(|a| a.is_boolean() || a.as_object().is_some_and(|o| o.is_empty()))
        }
        Some("array") => is_free_form(&schema["items"], schemas),
        _ => false,
    }
}

/// A free-form value carrying the sentinel under every name of the table.
fn free_form_payload() -> Value {
    let mut inner = Map::new();
    for name in secrets::SECRET_FIELDS {
        inner.insert((*name).to_owned(), json!(SENTINEL));
    }
    inner.insert("login".into(), json!("visible@example.com"));
    json!({ "nested": [inner.clone()], "direct": inner })
}

#[test]
fn every_secret_field_of_every_model_is_masked() {
    let mut checked = Vec::new();
    let mut failures = Vec::new();
    for (name, schema) in &schemas() {
        let Some(props) = schema.get("properties").and_then(Value::as_object) else {
            continue;
        };
        for (wire, prop) in props {
            if !secrets::is_secret_field(name, wire, prop) {
                continue;
            }
            let json = json!({ wire: sentinel_for(prop) }).to_string();
            let Some(shown) = debug_of(name, &json) else {
                continue; // not in this build's areas
            };
            match shown {
                Ok(shown) if shown.contains(SENTINEL) || !shown.contains("****") => {
                    failures.push(format!("{name}.{wire}: {shown}"))
                }
                Ok(_) => checked.push(format!("{name}.{wire}")),
                Err(e) => failures.push(format!("{name}.{wire} does not decode {json}: {e}")),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "secrets shown by Debug:\n{}",
        failures.join("\n")
    );
    // The build enables at least the users area: the leaks are among the checks.
    // The leaks are among the checks whenever their model is built.
    for expected in [
        "UserActivationToken.activationToken",
        "UserActivationToken.activationUrl",
        "CreateSessionRequest.sessionToken",
        "UserFactorTokenVerify.nextPassCode",
        "ForgotPasswordResponse.resetPasswordUrl",
        "AuthenticatorKeyDuoProviderConfiguration.integrationKey",
        "EventHookChannelConfigHeader.value",
        "InlineHookChannelConfigHeaders.value",
    ] {
        let owner = expected.split('.').next().unwrap_or_default();
        if debug_of(owner, "{}").is_some() {
            assert!(
                checked.iter().any(|c| c == expected),
                "{expected} not checked: {checked:?}"
            );
        }
    }
    assert!(
        debug_of("UserActivationToken", "{}").is_some(),
        "the users area is built"
    );
}

#[test]
fn free_form_fields_mask_secret_keys_at_any_depth() {
    let payload = free_form_payload();
    let mut checked = Vec::new();
    let mut failures = Vec::new();
    let schemas = schemas();
    for (name, schema) in &schemas {
        let Some(props) = schema.get("properties").and_then(Value::as_object) else {
            continue;
        };
        for (wire, prop) in props {
            if !is_free_form(prop, &schemas) || secrets::is_secret_field(name, wire, prop) {
                continue;
            }
            let value = if prop.get("type").and_then(Value::as_str) == Some("array") {
                json!([payload])
            } else {
                payload.clone()
            };
            let json = json!({ wire: value }).to_string();
            let Some(shown) = debug_of(name, &json) else {
                continue;
            };
            match shown {
                Ok(shown) if shown.contains(SENTINEL) || !shown.contains("visible@example.com") => {
                    failures.push(format!("{name}.{wire}: {shown}"))
                }
                Ok(_) => checked.push(format!("{name}.{wire}")),
                // A schema whose "free-form" property is in fact typed (rejects the payload).
                Err(_) => {}
            }
        }
    }
    assert!(
        failures.is_empty(),
        "free-form secrets shown by Debug:\n{}",
        failures.join("\n")
    );
    if debug_of("AppUser", "{}").is_some() {
        assert!(
            checked.iter().any(|c| c == "AppUser.profile"),
            "{checked:?}"
        );
    }
}

#[test]
fn unknown_keys_are_masked_like_free_form_maps() {
    let json = free_form_payload()["direct"].to_string();
    let shown = debug_of("User", &json)
        .expect("the users area is built")
        .expect("decodes");
    assert!(!shown.contains(SENTINEL), "{shown}");
    assert!(shown.contains("visible@example.com"), "{shown}");
}

#[test]
fn the_runtime_rule_is_the_codegen_rule() {
    let mut names: Vec<String> = secrets::SECRET_FIELDS
        .iter()
        .map(|s| s.to_string())
        .collect();
    for schema in schemas().values() {
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            names.extend(props.keys().cloned());
        }
    }
    names.extend(
        [
            "tokenType",
            "X-Api-Key",
            "Authorization",
            "login",
            "PASS_CODE",
        ]
        .map(String::from),
    );
    for name in &names {
        assert_eq!(
            okta::model_support::looks_secret(name),
            secrets::is_secret_key(name),
            "{name}"
        );
    }
}

#[test]
fn the_value_owner_table_names_schemas_of_the_spec() {
    let schemas = schemas();
    for owner in secrets::SECRET_VALUE_OWNERS {
        let props = schemas
            .get(*owner)
            .and_then(|s| s.get("properties"))
            .unwrap_or_else(|| panic!("{owner} is not in the spec"));
        assert!(props.get("value").is_some(), "{owner} has no `value`");
    }
}
