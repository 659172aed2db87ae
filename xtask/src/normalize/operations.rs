//! Operation-level rules: F3 (multi-operations and operationIds), F5 (non-JSON request
//! bodies → hand-written), F4 (one success response), parameter shape (rule 4).

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use crate::walk::{for_each_operation_mut, is_json_media_type, media_type_essence, METHODS};

/// An operation taken out of `paths` because the generated client cannot express it.
#[derive(Debug, Clone, PartialEq)]
pub struct HandwrittenOp {
    pub operation_id: String,
    pub method: String,
    pub path: String,
    pub content_type: Option<String>,
    pub reason: String,
    /// The full (merged) operation, OpenAPI 3 form.
    pub op: Map<String, Value>,
}

impl HandwrittenOp {
    /// The structural record stored in `x-okta-rs-handwritten`.
    pub fn record(&self) -> Value {
        let mut rec = Map::new();
        rec.insert("operationId".into(), json!(self.operation_id));
        rec.insert("method".into(), json!(self.method.to_ascii_uppercase()));
        rec.insert("path".into(), json!(self.path));
        rec.insert("contentType".into(), json!(self.content_type));
        rec.insert("reason".into(), json!(self.reason));
        let params: Vec<Value> = self
            .op
            .get("parameters")
            .and_then(Value::as_array)
            .map(|ps| {
                ps.iter()
                    .map(|p| {
                        let mut out = Map::new();
                        for k in ["name", "in", "required", "schema"] {
                            if let Some(v) = p.get(k) {
                                out.insert(k.into(), v.clone());
                            }
                        }
                        Value::Object(out)
                    })
                    .collect()
            })
            .unwrap_or_default();
        rec.insert("parameters".into(), Value::Array(params));
        let body = self.op.get("requestBody").and_then(|b| {
            let (ct, mt) = b.get("content")?.as_object()?.iter().next()?;
            let mut out = Map::new();
            out.insert("contentType".into(), json!(ct));
            out.insert(
                "required".into(),
                b.get("required").cloned().unwrap_or(json!(false)),
            );
            if let Some(s) = mt.get("schema") {
                out.insert("schema".into(), s.clone());
            }
            if let Some(e) = self.op.get("encoding") {
                out.insert("encoding".into(), e.clone());
            }
            Some(Value::Object(out))
        });
        rec.insert("requestBody".into(), body.unwrap_or(Value::Null));
        let mut responses = self
            .op
            .get("responses")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        select_success_response(&mut responses);
        let response = responses.iter().next().map(|(code, r)| {
            let mut out = Map::new();
            out.insert("status".into(), json!(code));
            if let Some((ct, mt)) = r
                .get("content")
                .and_then(Value::as_object)
                .and_then(|c| c.iter().next())
            {
                out.insert("contentType".into(), json!(ct));
                if let Some(s) = mt.get("schema") {
                    out.insert("schema".into(), s.clone());
                }
            }
            Value::Object(out)
        });
        rec.insert("response".into(), response.unwrap_or(Value::Null));
        // Facts the SDK documents for every operation, hand-written ones included.
        for key in ["tags", "security", "x-okta-lifecycle"] {
            if let Some(v) = self.op.get(key) {
                rec.insert(key.into(), v.clone());
            }
        }
        Value::Object(rec)
    }
}

/// Request body content types of an operation (empty when it has no body).
pub fn request_content_types(op: &Map<String, Value>) -> Vec<String> {
    op.get("requestBody")
        .and_then(|b| b.get("content"))
        .and_then(Value::as_object)
        .map(|c| c.keys().cloned().collect())
        .unwrap_or_default()
}

fn has_only_json_body(op: &Map<String, Value>) -> bool {
    request_content_types(op)
        .iter()
        .all(|c| is_json_media_type(c))
}

const CERTIFICATE_TYPES: [&str; 3] = [
    "application/x-x509-ca-cert",
    "application/pkix-cert",
    "application/x-pem-file",
];

fn non_json_reason(content_types: &[String]) -> String {
    let ct = content_types.join(", ");
    if content_types
        .iter()
        .any(|c| media_type_essence(c) == "multipart/form-data")
    {
        format!("multipart/form-data upload ({ct}); the generated client sends JSON bodies only")
    } else if content_types
        .iter()
        .any(|c| CERTIFICATE_TYPES.contains(&media_type_essence(c).as_str()))
    {
        format!("certificate request body ({ct}), not JSON")
    } else {
        format!("non-JSON request body ({ct})")
    }
}

fn merge_variant(base: &Map<String, Value>, variant: &Map<String, Value>) -> Map<String, Value> {
    let mut merged = base.clone();
    merged.remove("x-okta-multi-operation");
    for (k, v) in variant {
        match k.as_str() {
            "parameters" => {
                let mut params: Vec<Value> = merged
                    .get("parameters")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                for p in v.as_array().into_iter().flatten() {
                    let key = (p.get("in").cloned(), p.get("name").cloned());
                    if let Some(existing) = params
                        .iter_mut()
                        .find(|e| (e.get("in").cloned(), e.get("name").cloned()) == key)
                    {
                        *existing = p.clone();
                    } else {
                        params.push(p.clone());
                    }
                }
                merged.insert("parameters".into(), Value::Array(params));
            }
            _ => {
                merged.insert(k.clone(), v.clone());
            }
        }
    }
    merged
}

/// F3: resolves `x-okta-multi-operation`. The first variant whose request body is JSON (or
/// absent) becomes the operation at that path+method (the base operation's parameters,
/// responses etc. merged with the variant's); every other variant is hand-written. A
/// path+method without such a variant is removed. Returns (multi-operations resolved,
/// path+methods removed).
pub fn resolve_multi_operations(doc: &mut Value, out: &mut Vec<HandwrittenOp>) -> (usize, usize) {
    let mut resolved = 0;
    let mut removed = 0;
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return (0, 0);
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for method in METHODS {
            let Some(op) = item.get(method).and_then(Value::as_object) else {
                continue;
            };
            let Some(variants) = op.get("x-okta-multi-operation").and_then(Value::as_array) else {
                continue;
            };
            resolved += 1;
            let merged: Vec<Map<String, Value>> = variants
                .iter()
                .filter_map(Value::as_object)
                .map(|v| merge_variant(op, v))
                .collect();
            let chosen = merged.iter().position(has_only_json_body);
            let chosen_id = chosen
                .and_then(|i| merged[i].get("operationId"))
                .and_then(Value::as_str)
                .map(str::to_string);
            for (i, m) in merged.iter().enumerate() {
                if Some(i) == chosen {
                    continue;
                }
                let cts = request_content_types(m);
                let reason = if has_only_json_body(m) {
                    format!(
                        "x-okta-multi-operation variant sharing {} {path} with {}; the generated client has one method per path+method",
                        method.to_ascii_uppercase(),
                        chosen_id.as_deref().unwrap_or("?")
                    )
                } else {
                    format!("x-okta-multi-operation variant: {}", non_json_reason(&cts))
                };
                out.push(HandwrittenOp {
                    operation_id: m
                        .get("operationId")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                    method: method.to_string(),
                    path: path.clone(),
                    content_type: cts.first().cloned(),
                    reason,
                    op: m.clone(),
                });
            }
            match chosen {
                Some(i) => {
                    item.insert(method.to_string(), Value::Object(merged[i].clone()));
                }
                None => {
                    item.remove(method);
                    removed += 1;
                }
            }
        }
    }
    paths.retain(|_, item| has_operations(item));
    (resolved, removed)
}

/// F5: operations with a request body that is not `application/json` (multipart uploads,
/// certificates, …) leave `paths` and are recorded as hand-written. Returns how many.
pub fn remove_non_json_bodies(doc: &mut Value, out: &mut Vec<HandwrittenOp>) -> usize {
    let mut removed = 0;
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return 0;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for method in METHODS {
            let Some(op) = item.get(method).and_then(Value::as_object) else {
                continue;
            };
            let cts = request_content_types(op);
            if cts.iter().all(|c| is_json_media_type(c)) {
                continue;
            }
            // The record carries the path item's parameters too (OpenAPI 3 declares path
            // parameters once per path).
            let mut op = op.clone();
            if let Some(shared) = item.get("parameters").and_then(Value::as_array) {
                let own = op
                    .entry("parameters")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Some(own) = own.as_array_mut() {
                    for p in shared {
                        let name = p.get("name");
                        if !own.iter().any(|o| o.get("name") == name) {
                            own.push(p.clone());
                        }
                    }
                }
            }
            out.push(HandwrittenOp {
                operation_id: op
                    .get("operationId")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                method: method.to_string(),
                path: path.clone(),
                content_type: cts.first().cloned(),
                reason: non_json_reason(&cts),
                op,
            });
            item.remove(method);
            removed += 1;
        }
    }
    paths.retain(|_, item| has_operations(item));
    removed
}

fn has_operations(item: &Value) -> bool {
    item.as_object()
        .is_none_or(|i| METHODS.iter().any(|m| i.contains_key(*m)))
}

fn is_success_code(code: &str) -> bool {
    code.len() == 3
        && code.starts_with('2')
        && (code[1..].chars().all(|c| c.is_ascii_digit()) || code[1..].eq_ignore_ascii_case("xx"))
}

fn json_schema_of(response: &Value) -> Option<&Value> {
    response
        .get("content")?
        .as_object()?
        .iter()
        .find(|(ct, _)| is_json_media_type(ct))
        .and_then(|(_, mt)| mt.get("schema"))
}

/// Keeps one success response in `responses` and returns (success responses dropped,
/// non-success responses dropped, media types dropped from the kept response).
pub fn select_success_response(responses: &mut Map<String, Value>) -> (usize, usize, usize) {
    let mut success: Vec<String> = responses
        .keys()
        .filter(|c| is_success_code(c))
        .cloned()
        .collect();
    success.sort();
    let keep = success
        .iter()
        .find(|c| json_schema_of(&responses[c.as_str()]).is_some())
        .or_else(|| success.first())
        .cloned();
    let mut dropped_success = 0;
    let mut dropped_other = 0;
    let codes: Vec<String> = responses.keys().cloned().collect();
    for code in codes {
        if Some(&code) == keep.as_ref() || code.starts_with("x-") {
            continue;
        }
        responses.remove(&code);
        if is_success_code(&code) {
            dropped_success += 1;
        } else {
            dropped_other += 1;
        }
    }
    let mut media_dropped = 0;
    if let Some(code) = keep {
        if let Some(r) = responses.get_mut(&code).and_then(Value::as_object_mut) {
            if let Some(content) = r.get_mut("content").and_then(Value::as_object_mut) {
                let has_json_schema = content
                    .iter()
                    .any(|(ct, mt)| is_json_media_type(ct) && mt.get("schema").is_some());
                let before = content.len();
                let keep_ct = content
                    .iter()
                    .find(|(ct, mt)| {
                        if has_json_schema {
                            is_json_media_type(ct) && mt.get("schema").is_some()
                        } else {
                            !is_json_media_type(ct)
                        }
                    })
                    .map(|(ct, _)| ct.clone());
                content.retain(|ct, _| Some(ct) == keep_ct.as_ref());
                media_dropped = before - content.len();
                if content.is_empty() {
                    r.remove("content");
                }
            }
        }
    }
    (dropped_success, dropped_other, media_dropped)
}

/// Counts from [`single_success_response`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ResponseCounts {
    /// Operations that had several 2xx responses (F4).
    pub collapsed_operations: usize,
    /// Operations that lost non-2xx or `default` responses.
    pub error_response_operations: usize,
    /// Non-2xx/`default` responses removed.
    pub error_responses: usize,
    /// Media types removed from kept responses (schema-less JSON, extra types).
    pub media_types: usize,
}

/// F4: one success response per operation; all error and `default` responses are dropped
/// (the SDK runtime maps error statuses itself).
pub fn single_success_response(doc: &mut Value) -> ResponseCounts {
    let mut counts = ResponseCounts::default();
    for_each_operation_mut(doc, |_, _, op| {
        if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
            let (s, o, m) = select_success_response(responses);
            counts.collapsed_operations += usize::from(s > 0);
            counts.error_response_operations += usize::from(o > 0);
            counts.error_responses += o;
            counts.media_types += m;
        }
    });
    counts
}

/// Rule 4: path parameters are `required: true`. Returns how many were changed.
pub fn path_params_required(doc: &mut Value) -> usize {
    let mut changed = 0;
    for_each_param_mut(doc, |p| {
        if p.get("in").and_then(Value::as_str) == Some("path")
            && p.get("required") != Some(&Value::Bool(true))
        {
            p.insert("required".into(), json!(true));
            changed += 1;
        }
    });
    changed
}

/// Rule 4: every parameter has a `schema` (OpenAPI 3 style). A parameter with `content`
/// takes the schema of its first media type; one with neither gets `{type: string}`.
pub fn parameter_schemas(doc: &mut Value) -> usize {
    let mut changed = 0;
    for_each_param_mut(doc, |p| {
        if p.contains_key("schema") {
            return;
        }
        let schema = p
            .get("content")
            .and_then(Value::as_object)
            .and_then(|c| c.values().next())
            .and_then(|mt| mt.get("schema"))
            .cloned()
            .unwrap_or_else(|| json!({"type": "string"}));
        p.remove("content");
        p.insert("schema".into(), schema);
        changed += 1;
    });
    changed
}

/// Rule 4: every `{name}` in a path template has a path parameter on each operation.
/// Missing ones are added as required strings. Returns how many were added.
pub fn path_template_params(doc: &mut Value) -> usize {
    let mut added = 0;
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return 0;
    };
    for (path, item) in paths.iter_mut() {
        let names = template_names(path);
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        let item_params: BTreeSet<String> = path_param_names(item.get("parameters"));
        for method in METHODS {
            let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else {
                continue;
            };
            let mut have = path_param_names(op.get("parameters"));
            have.extend(item_params.iter().cloned());
            for name in &names {
                if have.contains(name) {
                    continue;
                }
                let params = op
                    .entry("parameters")
                    .or_insert_with(|| json!([]))
                    .as_array_mut();
                if let Some(params) = params {
                    params.push(json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}));
                    added += 1;
                }
            }
        }
    }
    added
}

/// Names inside `{}` in a path template, ignoring any query string.
pub fn template_names(path: &str) -> Vec<String> {
    let path = path.split('?').next().unwrap_or(path);
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        names.push(rest[start + 1..start + end].to_string());
        rest = &rest[start + end + 1..];
    }
    names
}

fn path_param_names(params: Option<&Value>) -> BTreeSet<String> {
    params
        .and_then(Value::as_array)
        .map(|ps| {
            ps.iter()
                .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
                .filter_map(|p| p.get("name").and_then(Value::as_str))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn for_each_param_mut(doc: &mut Value, mut f: impl FnMut(&mut Map<String, Value>)) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (_, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (k, v) in item.iter_mut() {
            let params = if k == "parameters" {
                v.as_array_mut()
            } else if METHODS.contains(&k.as_str()) {
                v.get_mut("parameters").and_then(Value::as_array_mut)
            } else {
                None
            };
            for p in params.into_iter().flatten() {
                if let Some(p) = p.as_object_mut() {
                    f(p);
                }
            }
        }
    }
}

/// F3 contract: every operation has an operationId. Missing ones get
/// `{method}{PathInPascalCase}`. Returns how many were synthesized.
pub fn operation_ids(doc: &mut Value) -> usize {
    let mut added = 0;
    for_each_operation_mut(doc, |path, method, op| {
        if op.get("operationId").and_then(Value::as_str).is_some() {
            return;
        }
        let id = format!(
            "{method}{}",
            crate::walk::pascal_case(path.split('?').next().unwrap_or(path))
        );
        op.insert("operationId".into(), json!(id));
        added += 1;
    });
    added
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forgot_password() -> Value {
        json!({"paths": {"/users/{userId}/forgot": {"post": {
            "parameters": [{"name": "userId", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/R"}}}}},
            "x-okta-multi-operation": [
                {"operationId": "tokenVariant", "parameters": [{"name": "sendEmail", "in": "query", "schema": {"type": "boolean"}}]},
                {"operationId": "bodyVariant", "parameters": [],
                 "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/C"}}}}}
            ]
        }}}})
    }

    #[test]
    fn multi_operation_promotes_json_variant() {
        let mut doc = forgot_password();
        let mut hw = Vec::new();
        assert_eq!(resolve_multi_operations(&mut doc, &mut hw), (1, 0));
        let op = &doc["paths"]["/users/{userId}/forgot"]["post"];
        assert_eq!(op["operationId"], "tokenVariant");
        assert_eq!(op["parameters"].as_array().unwrap().len(), 2);
        assert!(op.get("x-okta-multi-operation").is_none());
        assert_eq!(
            op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/R"
        );
        assert_eq!(hw.len(), 1);
        assert_eq!(hw[0].operation_id, "bodyVariant");
        let rec = hw[0].record();
        assert_eq!(rec["method"], "POST");
        assert_eq!(
            rec["requestBody"]["schema"]["$ref"],
            "#/components/schemas/C"
        );
        assert_eq!(rec["response"]["status"], "200");
        assert_eq!(rec["parameters"][0]["name"], "userId");
    }

    #[test]
    fn multi_operation_without_json_variant_is_removed() {
        let mut doc = json!({"paths": {"/csr/publish": {"post": {
            "responses": {"201": {"description": ""}},
            "x-okta-multi-operation": [
                {"operationId": "pubCer", "encoding": "base64", "requestBody": {"content": {"application/x-x509-ca-cert": {"schema": {"type": "string"}}}}},
                {"operationId": "pubPem", "requestBody": {"content": {"application/x-pem-file": {"schema": {"type": "string", "format": "binary"}}}}}
            ]
        }}}});
        let mut hw = Vec::new();
        assert_eq!(resolve_multi_operations(&mut doc, &mut hw), (1, 1));
        assert_eq!(doc["paths"], json!({}));
        assert_eq!(hw.len(), 2);
        assert!(hw[0].reason.contains("certificate"));
        assert_eq!(hw[0].record()["requestBody"]["encoding"], "base64");
        assert_eq!(
            hw[1].content_type.as_deref(),
            Some("application/x-pem-file")
        );
    }

    #[test]
    fn multipart_operations_are_removed() {
        let mut doc = json!({"paths": {"/logo": {
            "post": {"operationId": "upload", "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object"}}}}, "responses": {}},
            "get": {"operationId": "get", "responses": {}}
        }}});
        let mut hw = Vec::new();
        assert_eq!(remove_non_json_bodies(&mut doc, &mut hw), 1);
        assert!(doc["paths"]["/logo"].get("post").is_none());
        assert!(doc["paths"]["/logo"].get("get").is_some());
        assert!(hw[0].reason.starts_with("multipart/form-data"));
    }

    #[test]
    fn keeps_one_success_response() {
        let mut doc = json!({"paths": {"/a": {"post": {"operationId": "a", "responses": {
            "200": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}},
            "201": {"description": ""},
            "404": {"description": ""},
            "default": {"description": ""}
        }}, "get": {"operationId": "b", "responses": {
            "204": {"description": ""},
            "202": {"description": "", "content": {"application/json": {}}}
        }}}}});
        let counts = single_success_response(&mut doc);
        assert_eq!(
            doc["paths"]["/a"]["post"]["responses"],
            json!({"200": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}})
        );
        assert_eq!(
            doc["paths"]["/a"]["get"]["responses"],
            json!({"202": {"description": ""}})
        );
        assert_eq!(
            counts,
            ResponseCounts {
                collapsed_operations: 2,
                error_response_operations: 1,
                error_responses: 2,
                media_types: 1
            }
        );
    }

    #[test]
    fn parameters_get_required_and_schema() {
        let mut doc = json!({"paths": {"/a/{id}/{other}": {"get": {"operationId": "a", "parameters": [
            {"name": "id", "in": "path"},
            {"name": "q", "in": "query", "content": {"application/json": {"schema": {"type": "integer"}}}}
        ], "responses": {}}}}});
        assert_eq!(path_params_required(&mut doc), 1);
        assert_eq!(parameter_schemas(&mut doc), 2);
        assert_eq!(path_template_params(&mut doc), 1);
        let params = &doc["paths"]["/a/{id}/{other}"]["get"]["parameters"];
        assert_eq!(
            params[0],
            json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string"}})
        );
        assert_eq!(
            params[1],
            json!({"name": "q", "in": "query", "schema": {"type": "integer"}})
        );
        assert_eq!(params[2]["name"], "other");
    }

    #[test]
    fn synthesizes_missing_operation_ids() {
        let mut doc = json!({"paths": {"/api/v1/users/{userId}": {"get": {"responses": {}}, "put": {"operationId": "x", "responses": {}}}}});
        assert_eq!(operation_ids(&mut doc), 1);
        assert_eq!(
            doc["paths"]["/api/v1/users/{userId}"]["get"]["operationId"],
            "getApiV1UsersUserId"
        );
    }

    #[test]
    fn template_names_ignore_query() {
        assert_eq!(template_names("/a/{x}/b?c=false"), vec!["x".to_string()]);
    }
}
