//! The JSON Schema of okta.yaml.

use okta_config::{environment_variables, okta_yaml_schema};
use serde_json::Value;

/// Follows `$ref`s and `anyOf` (used for optional values) to the schema with
/// `properties`.
fn object_schema<'a>(root: &'a Value, schema: &'a Value) -> Option<&'a Value> {
    if schema.get("properties").is_some() {
        return Some(schema);
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next()?;
        return object_schema(root, root.get("$defs")?.get(name)?);
    }
    for list in ["anyOf", "oneOf", "allOf"] {
        if let Some(items) = schema.get(list).and_then(Value::as_array) {
            if let Some(found) = items.iter().find_map(|s| object_schema(root, s)) {
                return Some(found);
            }
        }
    }
    None
}

fn lookup<'a>(root: &'a Value, key: &str) -> Option<&'a Value> {
    let mut current = root;
    for part in key.split('.') {
        current = object_schema(root, current)?.get("properties")?.get(part)?;
    }
    Some(current)
}

#[test]
fn schema_mentions_the_documented_keys() {
    let schema = okta_yaml_schema();
    let text = schema.to_string();
    for word in [
        "orgUrl",
        "token",
        "authorizationMode",
        "clientId",
        "scopes",
        "privateKey",
        "kid",
        "connectionTimeout",
        "requestTimeout",
        "proxy",
        "rateLimit",
        "maxRetries",
        "maxCapacity",
        "userAgent",
        "cache",
        "defaultTtl",
        "defaultTti",
        "oauthTokenRenewalOffset",
        "dpopEnabled",
        "disableHttpsCheck",
        "SSWS",
        "Bearer",
        "PrivateKey",
    ] {
        assert!(text.contains(&format!("\"{word}\"")), "schema lacks {word}");
    }
    assert_eq!(schema["title"], "okta.yaml");
    assert!(schema["$schema"]
        .as_str()
        .is_some_and(|s| s.contains("json-schema.org")));
}

#[test]
fn every_loaded_key_is_in_the_schema_with_a_description() {
    let schema = okta_yaml_schema();
    for (_, key) in environment_variables() {
        let node = lookup(&schema, key).unwrap_or_else(|| panic!("{key} is not in the schema"));
        let described = node
            .get("description")
            .and_then(Value::as_str)
            .is_some_and(|d| !d.is_empty());
        assert!(described, "{key} has no description: {node}");
    }
}

#[test]
fn proxy_port_range_is_in_the_schema() {
    let schema = okta_yaml_schema();
    let port = lookup(&schema, "okta.client.proxy.port").unwrap();
    assert_eq!(port["maximum"], 65535, "{port}");
    assert_eq!(port["minimum"], 1, "{port}");
}
