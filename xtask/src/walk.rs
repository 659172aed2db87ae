//! Small helpers to visit the parts of an OpenAPI 3.0 document.

use serde_json::{Map, Value};

/// HTTP methods that can hold an operation in an OpenAPI path item.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Calls `f(path, method, operation)` for every operation, in sorted path order.
pub fn for_each_operation_mut(
    doc: &mut Value,
    mut f: impl FnMut(&str, &str, &mut Map<String, Value>),
) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    let mut keys: Vec<String> = paths.keys().cloned().collect();
    keys.sort();
    for path in keys {
        let Some(item) = paths.get_mut(&path).and_then(Value::as_object_mut) else {
            continue;
        };
        for method in METHODS {
            if let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) {
                f(&path, method, op);
            }
        }
    }
}

/// Read-only variant of [`for_each_operation_mut`].
pub fn operations(doc: &Value) -> Vec<(String, String, &Map<String, Value>)> {
    let mut out = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        let mut keys: Vec<&String> = paths.keys().collect();
        keys.sort();
        for path in keys {
            if let Some(item) = paths[path.as_str()].as_object() {
                for method in METHODS {
                    if let Some(op) = item.get(method).and_then(Value::as_object) {
                        out.push((path.clone(), method.to_string(), op));
                    }
                }
            }
        }
    }
    out
}

/// Counts path+method operations in a document (Swagger 2.0 or OpenAPI 3).
pub fn count_operations(doc: &Value) -> usize {
    operations(doc).len()
}

/// Visits `schema` and every schema nested in it (properties, items, additionalProperties,
/// allOf/oneOf/anyOf members, not), parents before children.
pub fn visit_schema_mut(schema: &mut Value, f: &mut dyn FnMut(&mut Map<String, Value>)) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    f(obj);
    if let Some(props) = obj.get_mut("properties").and_then(Value::as_object_mut) {
        for (_, p) in props.iter_mut() {
            visit_schema_mut(p, f);
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child) = obj.get_mut(key) {
            if child.is_object() {
                visit_schema_mut(child, f);
            }
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(arr) = obj.get_mut(key).and_then(Value::as_array_mut) {
            for member in arr {
                visit_schema_mut(member, f);
            }
        }
    }
}

/// The top-level schemas reachable from operations: parameter schemas, request body schemas
/// and response schemas (and the same at path-item level).
pub fn operation_schema_roots_mut(op: &mut Map<String, Value>) -> Vec<&mut Value> {
    let mut roots = Vec::new();
    let (params, body, responses) = split_op(op);
    if let Some(params) = params {
        for p in params {
            if let Some(s) = p.get_mut("schema") {
                roots.push(s);
            }
        }
    }
    if let Some(body) = body {
        if let Some(content) = body.get_mut("content").and_then(Value::as_object_mut) {
            for (_, mt) in content.iter_mut() {
                if let Some(s) = mt.get_mut("schema") {
                    roots.push(s);
                }
            }
        }
    }
    if let Some(responses) = responses {
        for (_, r) in responses.iter_mut() {
            if let Some(content) = r.get_mut("content").and_then(Value::as_object_mut) {
                for (_, mt) in content.iter_mut() {
                    if let Some(s) = mt.get_mut("schema") {
                        roots.push(s);
                    }
                }
            }
        }
    }
    roots
}

type OpParts<'a> = (
    Option<&'a mut Vec<Value>>,
    Option<&'a mut Value>,
    Option<&'a mut Map<String, Value>>,
);

fn split_op(op: &mut Map<String, Value>) -> OpParts<'_> {
    let mut params = None;
    let mut body = None;
    let mut responses = None;
    for (k, v) in op.iter_mut() {
        match k.as_str() {
            "parameters" => params = v.as_array_mut(),
            "requestBody" => body = Some(v),
            "responses" => responses = v.as_object_mut(),
            _ => {}
        }
    }
    (params, body, responses)
}

/// Visits every schema in the document: component schemas and everything reachable from
/// operations and path-item parameters.
pub fn for_each_schema_mut(doc: &mut Value, f: &mut dyn FnMut(&mut Map<String, Value>)) {
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (_, s) in schemas.iter_mut() {
            visit_schema_mut(s, f);
        }
    }
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (_, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            if let Some(params) = item.get_mut("parameters").and_then(Value::as_array_mut) {
                for p in params {
                    if let Some(s) = p.get_mut("schema") {
                        visit_schema_mut(s, f);
                    }
                }
            }
            for method in METHODS {
                if let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) {
                    for root in operation_schema_roots_mut(op) {
                        visit_schema_mut(root, f);
                    }
                }
            }
        }
    }
}

/// `group_filter_type` → `GroupFilterType`, `issuerMode` → `IssuerMode`, `_links` → `Links`.
pub fn pascal_case(s: &str) -> String {
    let mut out = String::new();
    for part in s.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

/// The media type without parameters, lower-cased: `application/json; charset=utf-8` →
/// `application/json`.
pub fn media_type_essence(ct: &str) -> String {
    ct.split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The only request/response content type the generated client handles as typed JSON.
pub fn is_json_media_type(ct: &str) -> bool {
    media_type_essence(ct) == "application/json"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal() {
        assert_eq!(pascal_case("group_filter_type"), "GroupFilterType");
        assert_eq!(pascal_case("issuerMode"), "IssuerMode");
        assert_eq!(pascal_case("_links"), "Links");
        assert_eq!(pascal_case("token:software:totp"), "TokenSoftwareTotp");
    }

    #[test]
    fn json_media_types() {
        assert!(is_json_media_type("application/json; charset=utf-8"));
        assert!(!is_json_media_type("multipart/form-data"));
        assert!(!is_json_media_type("application/x-x509-ca-cert"));
    }
}
