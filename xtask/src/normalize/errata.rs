//! R19: known errors of the upstream spec, each checked against what Okta's API sends.
//! Every entry is a fact about the wire, with the reason; a fix that no longer applies
//! (the schema or property is gone) counts zero and changes nothing.

use serde_json::{json, Value};

/// `(schema, property, replacement schema, why)`.
const PROPERTY_TYPES: &[(&str, &str, &str, &str)] = &[
    (
        "UserSchemaAttribute",
        "unique",
        "any",
        "declared boolean; Okta sends `\"UNIQUE_VALIDATED\"` or `\"NOT_UNIQUE\"`",
    ),
    (
        "GroupSchemaAttribute",
        "unique",
        "any",
        "declared boolean; Okta sends `\"UNIQUE_VALIDATED\"` or `\"NOT_UNIQUE\"`",
    ),
];

/// Applies every erratum; returns how many changed the document.
pub fn apply(doc: &mut Value) -> usize {
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return 0;
    };
    let mut count = 0;
    for (schema, property, replacement, _why) in PROPERTY_TYPES {
        let Some(slot) = schemas
            .get_mut(*schema)
            .and_then(|s| s.pointer_mut(&format!("/properties/{property}")))
        else {
            continue;
        };
        if *replacement == "any" {
            *slot = json!({"nullable": true});
            count += 1;
        }
    }
    // `_link` (singular) is a typo of `_links` on some resources: Okta sends `_links`.
    for (_, schema) in schemas.iter_mut() {
        let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
            continue;
        };
        if !props.contains_key("_links") {
            if let Some(links) = props.remove("_link") {
                props.insert("_links".into(), links);
                count += 1;
            }
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errata_fix_the_wire_shape() {
        let mut doc = json!({"components": {"schemas": {
            "UserSchemaAttribute": {"type": "object", "properties": {"unique": {"type": "boolean", "nullable": true}}},
            "ApiToken": {"type": "object", "properties": {"_link": {"type": "object"}, "id": {"type": "string"}}},
            "Both": {"type": "object", "properties": {"_link": {}, "_links": {}}}
        }}});
        assert_eq!(apply(&mut doc), 2);
        let s = &doc["components"]["schemas"];
        assert_eq!(
            s["UserSchemaAttribute"]["properties"]["unique"],
            json!({"nullable": true})
        );
        assert!(s["ApiToken"]["properties"].get("_link").is_none());
        assert!(s["ApiToken"]["properties"].get("_links").is_some());
        assert!(s["Both"]["properties"].get("_link").is_some());
        assert_eq!(apply(&mut json!({})), 0);
    }
}
