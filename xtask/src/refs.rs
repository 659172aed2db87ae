//! Reference checks: every local reference in the output must resolve.

use serde_json::Value;

/// Keys whose string values are references to other parts of the document.
const REF_KEYS: [&str; 4] = [
    "$ref",
    "x-okta-parent",
    "x-okta-rs-parent",
    "x-openapi-v3-schema-ref",
];

/// Every reference (`$ref`, `x-okta-parent`, `x-openapi-v3-schema-ref`, discriminator
/// mapping values), with where it was found.
pub fn collect_refs(doc: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    collect(doc, String::new(), &mut out);
    out
}

fn collect(v: &Value, at: String, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let here = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                if REF_KEYS.contains(&k.as_str()) {
                    if let Some(s) = child.as_str() {
                        out.push((here.clone(), s.to_string()));
                    }
                }
                if k == "mapping" {
                    if let Some(m) = child.as_object() {
                        for (mk, mv) in m {
                            if let Some(s) = mv.as_str() {
                                out.push((format!("{here}/{mk}"), s.to_string()));
                            }
                        }
                    }
                }
                collect(child, here, out);
            }
        }
        Value::Array(arr) => {
            for (i, item) in arr.iter().enumerate() {
                collect(item, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// References that do not resolve within the document, as `(location, reference)`.
pub fn unresolved_refs(doc: &Value) -> Vec<(String, String)> {
    collect_refs(doc)
        .into_iter()
        .filter(|(_, r)| match r.strip_prefix('#') {
            Some(pointer) => doc.pointer(pointer).is_none(),
            None => true,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_unresolved() {
        let doc = json!({"components": {"schemas": {
            "A": {"type": "object", "x-okta-parent": "#/components/schemas/B",
                  "discriminator": {"propertyName": "k", "mapping": {"x": "#/components/schemas/Gone"}}},
            "B": {"properties": {"a": {"$ref": "#/components/schemas/A"}}}
        }}});
        assert_eq!(collect_refs(&doc).len(), 3);
        assert_eq!(
            unresolved_refs(&doc),
            vec![(
                "/components/schemas/A/discriminator/mapping/x".to_string(),
                "#/components/schemas/Gone".to_string()
            )]
        );
    }
}
