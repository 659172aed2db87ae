//! Swagger 2.0 → OpenAPI 3.0.3.
//!
//! Only what a Swagger 2.0 document can express is handled; everything is kept structurally
//! (prose is removed later by `strip`). Vendor extensions are carried over and every
//! `#/definitions/X` string anywhere in the document (including inside vendor extensions
//! such as `x-okta-parent` and discriminator mappings) becomes `#/components/schemas/X`.

use anyhow::{bail, Context, Result};
use serde_json::{json, Map, Value};

use crate::walk::METHODS;

/// What the conversion did, for the report.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ConvertStats {
    pub refs_rewritten: usize,
    pub body_params: usize,
    pub form_data_operations: usize,
    pub multi_operation_variants: usize,
    pub dropped_swagger_discriminators: usize,
}

const DEFINITIONS_PREFIX: &str = "#/definitions/";
const SCHEMAS_PREFIX: &str = "#/components/schemas/";

/// Keys of a Swagger 2.0 non-body parameter (or items/header object) that describe its value
/// and therefore move into the OpenAPI 3 `schema`.
const SCHEMA_KEYS: [&str; 18] = [
    "type",
    "format",
    "items",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
    "x-nullable",
    "nullable",
];

/// Converts a Swagger 2.0 document to OpenAPI 3.0.3.
pub fn swagger2_to_oas3(sw: &Value) -> Result<(Value, ConvertStats)> {
    let root = sw
        .as_object()
        .context("Swagger document is not an object")?;
    let mut stats = ConvertStats::default();
    let mut out = Map::new();
    out.insert("openapi".into(), json!("3.0.3"));
    out.insert(
        "info".into(),
        root.get("info")
            .cloned()
            .unwrap_or_else(|| json!({"title": "API", "version": "0"})),
    );
    out.insert("servers".into(), servers(root));

    let global_consumes = string_list(root.get("consumes"));
    let global_produces = string_list(root.get("produces"));
    let ctx = Ctx {
        root,
        consumes: if global_consumes.is_empty() {
            vec!["application/json".to_string()]
        } else {
            global_consumes
        },
        produces: if global_produces.is_empty() {
            vec!["application/json".to_string()]
        } else {
            global_produces
        },
    };

    let mut paths = Map::new();
    if let Some(src_paths) = root.get("paths").and_then(Value::as_object) {
        for (path, item) in src_paths {
            if path.starts_with("x-") {
                paths.insert(path.clone(), item.clone());
                continue;
            }
            let item = item
                .as_object()
                .with_context(|| format!("path item {path} is not an object"))?;
            paths.insert(path.clone(), ctx.path_item(path, item, &mut stats)?);
        }
    }
    out.insert("paths".into(), Value::Object(paths));

    let mut components = Map::new();
    let mut schemas = Map::new();
    if let Some(defs) = root.get("definitions").and_then(Value::as_object) {
        for (name, schema) in defs {
            schemas.insert(name.clone(), convert_schema(schema));
        }
    }
    stats.dropped_swagger_discriminators = swagger_discriminators(&mut schemas);
    components.insert("schemas".into(), Value::Object(schemas));
    if let Some(sec) = root.get("securityDefinitions").and_then(Value::as_object) {
        let mut schemes = Map::new();
        for (name, def) in sec {
            schemes.insert(name.clone(), security_scheme(def)?);
        }
        components.insert("securitySchemes".into(), Value::Object(schemes));
    }
    out.insert("components".into(), Value::Object(components));

    for key in ["security", "tags", "externalDocs"] {
        if let Some(v) = root.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    for (k, v) in root {
        if k.starts_with("x-") {
            out.insert(k.clone(), v.clone());
        }
    }

    let mut doc = Value::Object(out);
    stats.refs_rewritten = rewrite_definition_refs(&mut doc);
    Ok((doc, stats))
}

/// Rewrites every string `#/definitions/X` (in `$ref`, vendor extensions, discriminator
/// mappings, anywhere) to `#/components/schemas/X`. Returns how many were rewritten.
pub fn rewrite_definition_refs(v: &mut Value) -> usize {
    match v {
        Value::String(s) if s.starts_with(DEFINITIONS_PREFIX) => {
            *s = format!("{SCHEMAS_PREFIX}{}", &s[DEFINITIONS_PREFIX.len()..]);
            1
        }
        Value::Array(arr) => arr.iter_mut().map(rewrite_definition_refs).sum(),
        Value::Object(map) => map.values_mut().map(rewrite_definition_refs).sum(),
        _ => 0,
    }
}

fn servers(root: &Map<String, Value>) -> Value {
    let scheme = root
        .get("schemes")
        .and_then(Value::as_array)
        .and_then(|s| {
            s.iter()
                .filter_map(Value::as_str)
                .find(|s| *s == "https")
                .or_else(|| s.first().and_then(Value::as_str))
        })
        .unwrap_or("https");
    let base = root
        .get("basePath")
        .and_then(Value::as_str)
        .unwrap_or("/")
        .trim_end_matches('/');
    let host = root
        .get("host")
        .and_then(Value::as_str)
        .unwrap_or("example.okta.com");
    json!([{
        "url": format!("{scheme}://{{yourOktaDomain}}{base}"),
        "variables": {"yourOktaDomain": {"default": host}}
    }])
}

fn string_list(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

struct Ctx<'a> {
    root: &'a Map<String, Value>,
    consumes: Vec<String>,
    produces: Vec<String>,
}

impl Ctx<'_> {
    fn resolve<'v>(&'v self, v: &'v Value, section: &str) -> Result<&'v Value> {
        if let Some(r) = v.get("$ref").and_then(Value::as_str) {
            let prefix = format!("#/{section}/");
            if let Some(name) = r.strip_prefix(&prefix) {
                return self
                    .root
                    .get(section)
                    .and_then(|s| s.get(name))
                    .with_context(|| format!("unresolved reference {r}"));
            }
        }
        Ok(v)
    }

    fn path_item(
        &self,
        path: &str,
        item: &Map<String, Value>,
        stats: &mut ConvertStats,
    ) -> Result<Value> {
        let mut out = Map::new();
        for (k, v) in item {
            if METHODS.contains(&k.as_str()) {
                let op = v
                    .as_object()
                    .with_context(|| format!("{k} {path} is not an object"))?;
                out.insert(k.clone(), self.operation(path, k, op, stats)?);
            } else if k == "parameters" {
                let params = v.as_array().cloned().unwrap_or_default();
                let mut converted = Vec::new();
                for p in &params {
                    let p = self.resolve(p, "parameters")?;
                    match p.get("in").and_then(Value::as_str) {
                        Some("body") | Some("formData") => {
                            bail!(
                                "{path}: body/formData parameters at path level are not supported"
                            )
                        }
                        _ => converted.push(convert_parameter(p)),
                    }
                }
                out.insert(k.clone(), Value::Array(converted));
            } else {
                out.insert(k.clone(), v.clone());
            }
        }
        Ok(Value::Object(out))
    }

    fn operation(
        &self,
        path: &str,
        method: &str,
        op: &Map<String, Value>,
        stats: &mut ConvertStats,
    ) -> Result<Value> {
        let mut out = Map::new();
        let consumes = {
            let c = string_list(op.get("consumes"));
            if c.is_empty() {
                self.consumes.clone()
            } else {
                c
            }
        };
        let produces = {
            let p = string_list(op.get("produces"));
            if p.is_empty() {
                self.produces.clone()
            } else {
                p
            }
        };
        for (k, v) in op {
            match k.as_str() {
                "consumes" | "produces" | "parameters" | "responses" | "schemes" => {}
                "x-okta-multi-operation" => {
                    let variants = v
                        .as_array()
                        .with_context(|| format!("{method} {path}: x-okta-multi-operation"))?;
                    let mut converted = Vec::new();
                    for variant in variants {
                        let variant = variant.as_object().with_context(|| {
                            format!("{method} {path}: x-okta-multi-operation entry")
                        })?;
                        stats.multi_operation_variants += 1;
                        converted.push(self.operation(path, method, variant, stats)?);
                    }
                    out.insert(k.clone(), Value::Array(converted));
                }
                _ => {
                    out.insert(k.clone(), v.clone());
                }
            }
        }

        if let Some(params) = op.get("parameters").and_then(Value::as_array) {
            let mut converted = Vec::new();
            let mut form = Vec::new();
            for p in params {
                let p = self.resolve(p, "parameters")?;
                match p.get("in").and_then(Value::as_str) {
                    Some("body") => {
                        stats.body_params += 1;
                        out.insert("requestBody".into(), body_request(p, &consumes));
                    }
                    Some("formData") => form.push(p),
                    _ => converted.push(convert_parameter(p)),
                }
            }
            if !form.is_empty() {
                stats.form_data_operations += 1;
                out.insert("requestBody".into(), form_request(&form, &consumes));
            }
            out.insert("parameters".into(), Value::Array(converted));
        }

        if let Some(responses) = op.get("responses").and_then(Value::as_object) {
            let mut converted = Map::new();
            for (code, r) in responses {
                if code.starts_with("x-") {
                    converted.insert(code.clone(), r.clone());
                    continue;
                }
                let r = self.resolve(r, "responses")?;
                converted.insert(code.clone(), convert_response(r, &produces));
            }
            out.insert("responses".into(), Value::Object(converted));
        }
        Ok(Value::Object(out))
    }
}

/// Converts a Swagger schema object (recursively): `type: file` → binary string,
/// `x-nullable` → `nullable`.
pub fn convert_schema(schema: &Value) -> Value {
    let Some(obj) = schema.as_object() else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (k, v) in obj {
        match k.as_str() {
            "type" if v == "file" => {
                out.insert("type".into(), json!("string"));
                out.insert("format".into(), json!("binary"));
            }
            "x-nullable" => {
                out.insert("nullable".into(), v.clone());
            }
            "properties" => {
                let props = v
                    .as_object()
                    .map(|m| {
                        m.iter()
                            .map(|(n, s)| (n.clone(), convert_schema(s)))
                            .collect::<Map<_, _>>()
                    })
                    .unwrap_or_default();
                out.insert(k.clone(), Value::Object(props));
            }
            "items" | "additionalProperties" | "not" => {
                out.insert(k.clone(), convert_schema(v));
            }
            "allOf" | "oneOf" | "anyOf" => {
                let members = v
                    .as_array()
                    .map(|a| a.iter().map(convert_schema).collect())
                    .unwrap_or_default();
                out.insert(k.clone(), Value::Array(members));
            }
            _ => {
                if !out.contains_key(k) {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
    }
    Value::Object(out)
}

/// Builds an OpenAPI 3 schema from the value keys of a Swagger non-body parameter, header or
/// items object.
fn schema_from_simple(p: &Map<String, Value>) -> Value {
    let mut schema = Map::new();
    for key in SCHEMA_KEYS {
        if let Some(v) = p.get(key) {
            match key {
                "items" => {
                    let items = v
                        .as_object()
                        .map(schema_from_simple)
                        .unwrap_or_else(|| v.clone());
                    schema.insert("items".into(), items);
                }
                "x-nullable" => {
                    schema.insert("nullable".into(), v.clone());
                }
                _ => {
                    schema.insert(key.into(), v.clone());
                }
            }
        }
    }
    if let Some(r) = p.get("$ref") {
        schema.insert("$ref".into(), r.clone());
    }
    convert_schema(&Value::Object(schema))
}

fn convert_parameter(p: &Value) -> Value {
    let Some(obj) = p.as_object() else {
        return p.clone();
    };
    let location = obj.get("in").and_then(Value::as_str).unwrap_or("query");
    let mut out = Map::new();
    for (k, v) in obj {
        if SCHEMA_KEYS.contains(&k.as_str()) || k == "collectionFormat" {
            continue;
        }
        out.insert(k.clone(), v.clone());
    }
    if location == "path" {
        out.insert("required".into(), json!(true));
    }
    out.insert("schema".into(), schema_from_simple(obj));
    if obj.get("type").and_then(Value::as_str) == Some("array") {
        let (style, explode) = match obj.get("collectionFormat").and_then(Value::as_str) {
            Some("multi") => ("form", true),
            Some("ssv") => ("spaceDelimited", false),
            Some("pipes") => ("pipeDelimited", false),
            _ if location == "query" => ("form", false),
            _ => ("simple", false),
        };
        out.insert("style".into(), json!(style));
        out.insert("explode".into(), json!(explode));
    }
    Value::Object(out)
}

fn body_request(p: &Value, consumes: &[String]) -> Value {
    let obj = p.as_object().cloned().unwrap_or_default();
    let schema = match obj.get("schema") {
        Some(s) => convert_schema(s),
        None => schema_from_simple(&obj),
    };
    let mut content = Map::new();
    for ct in consumes {
        content.insert(ct.clone(), json!({ "schema": schema.clone() }));
    }
    let mut out = Map::new();
    out.insert(
        "required".into(),
        obj.get("required").cloned().unwrap_or(json!(false)),
    );
    out.insert("content".into(), Value::Object(content));
    if let Some(name) = obj.get("name") {
        out.insert("x-okta-rs-body-name".into(), name.clone());
    }
    if let Some(d) = obj.get("description") {
        out.insert("description".into(), d.clone());
    }
    for (k, v) in &obj {
        if k.starts_with("x-") {
            out.insert(k.clone(), v.clone());
        }
    }
    Value::Object(out)
}

fn form_request(params: &[&Value], consumes: &[String]) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    let mut has_file = false;
    for p in params {
        let obj = p.as_object().cloned().unwrap_or_default();
        let name = obj
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("field")
            .to_string();
        has_file |= obj.get("type").and_then(Value::as_str) == Some("file");
        if obj.get("required").and_then(Value::as_bool) == Some(true) {
            required.push(json!(name.clone()));
        }
        props.insert(name, schema_from_simple(&obj));
    }
    let mut schema = Map::new();
    schema.insert("type".into(), json!("object"));
    schema.insert("properties".into(), Value::Object(props));
    if !required.is_empty() {
        schema.insert("required".into(), Value::Array(required.clone()));
    }
    let schema = Value::Object(schema);
    let mut types: Vec<&str> = consumes
        .iter()
        .map(String::as_str)
        .filter(|c| {
            let e = crate::walk::media_type_essence(c);
            e == "multipart/form-data" || e == "application/x-www-form-urlencoded"
        })
        .collect();
    if types.is_empty() {
        types.push(if has_file {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        });
    }
    let mut content = Map::new();
    for ct in types {
        content.insert(ct.to_string(), json!({ "schema": schema.clone() }));
    }
    json!({ "required": !required.is_empty(), "content": content })
}

fn convert_response(r: &Value, produces: &[String]) -> Value {
    let obj = r.as_object().cloned().unwrap_or_default();
    let mut out = Map::new();
    out.insert(
        "description".into(),
        obj.get("description").cloned().unwrap_or(json!("")),
    );
    if let Some(schema) = obj.get("schema") {
        let schema = convert_schema(schema);
        let mut content = Map::new();
        for ct in produces {
            content.insert(ct.clone(), json!({ "schema": schema.clone() }));
        }
        out.insert("content".into(), Value::Object(content));
    }
    if let Some(headers) = obj.get("headers").and_then(Value::as_object) {
        let mut converted = Map::new();
        for (name, h) in headers {
            let h = h.as_object().cloned().unwrap_or_default();
            let mut header = Map::new();
            if let Some(d) = h.get("description") {
                header.insert("description".into(), d.clone());
            }
            header.insert("schema".into(), schema_from_simple(&h));
            converted.insert(name.clone(), Value::Object(header));
        }
        out.insert("headers".into(), Value::Object(converted));
    }
    for (k, v) in &obj {
        if k.starts_with("x-") {
            out.insert(k.clone(), v.clone());
        }
    }
    Value::Object(out)
}

fn security_scheme(def: &Value) -> Result<Value> {
    let obj = def
        .as_object()
        .context("security definition is not an object")?;
    let mut out = Map::new();
    match obj.get("type").and_then(Value::as_str) {
        Some("basic") => {
            out.insert("type".into(), json!("http"));
            out.insert("scheme".into(), json!("basic"));
        }
        Some("apiKey") => {
            out.insert("type".into(), json!("apiKey"));
            for k in ["name", "in"] {
                if let Some(v) = obj.get(k) {
                    out.insert(k.into(), v.clone());
                }
            }
        }
        Some("oauth2") => {
            out.insert("type".into(), json!("oauth2"));
            let scopes = obj.get("scopes").cloned().unwrap_or(json!({}));
            let mut flow = Map::new();
            for k in ["authorizationUrl", "tokenUrl"] {
                if let Some(v) = obj.get(k) {
                    flow.insert(k.into(), v.clone());
                }
            }
            flow.insert("scopes".into(), scopes);
            let name = match obj.get("flow").and_then(Value::as_str) {
                Some("implicit") => "implicit",
                Some("password") => "password",
                Some("application") => "clientCredentials",
                _ => "authorizationCode",
            };
            out.insert("flows".into(), json!({ name: flow }));
        }
        other => bail!("unsupported security definition type {other:?}"),
    }
    for (k, v) in obj {
        if k == "description" || k.starts_with("x-") {
            out.insert(k.clone(), v.clone());
        }
    }
    Ok(Value::Object(out))
}

/// A Swagger 2.0 `discriminator` is a bare property name and only means something for
/// schemas that others extend. OpenAPI 3 wants an object. Discriminators that some schema
/// extends (via `allOf` or `x-okta-parent`) become `{propertyName}`; the others carry no
/// information and are dropped. Returns how many were dropped.
fn swagger_discriminators(schemas: &mut Map<String, Value>) -> usize {
    let extended: std::collections::BTreeSet<String> = schemas
        .values()
        .flat_map(|s| {
            let mut refs = Vec::new();
            if let Some(p) = s.get("x-okta-parent").and_then(Value::as_str) {
                refs.push(p.to_string());
            }
            if let Some(all) = s.get("allOf").and_then(Value::as_array) {
                refs.extend(
                    all.iter()
                        .filter_map(|m| m.get("$ref").and_then(Value::as_str))
                        .map(str::to_string),
                );
            }
            refs
        })
        .filter_map(|r| {
            r.strip_prefix(DEFINITIONS_PREFIX)
                .or_else(|| r.strip_prefix(SCHEMAS_PREFIX))
                .map(str::to_string)
        })
        .collect();
    let mut dropped = 0;
    for (name, schema) in schemas.iter_mut() {
        let Some(obj) = schema.as_object_mut() else {
            continue;
        };
        if let Some(Value::String(prop)) = obj.get("discriminator").cloned() {
            if extended.contains(name) {
                obj.insert("discriminator".into(), json!({ "propertyName": prop }));
            } else {
                obj.remove("discriminator");
                dropped += 1;
            }
        }
    }
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Value {
        json!({
            "swagger": "2.0",
            "info": {"title": "T", "version": "1"},
            "host": "x.okta.com",
            "basePath": "/",
            "schemes": ["https"],
            "consumes": ["application/json"],
            "produces": ["application/json"],
            "securityDefinitions": {"api_token": {"type": "apiKey", "in": "header", "name": "Authorization"}},
            "paths": {
                "/a/{id}": {
                    "post": {
                        "operationId": "createA",
                        "parameters": [
                            {"in": "path", "name": "id", "type": "string", "required": true},
                            {"in": "query", "name": "limit", "type": "integer", "format": "int32", "default": 20},
                            {"in": "body", "name": "a", "required": true, "schema": {"$ref": "#/definitions/A"}}
                        ],
                        "responses": {
                            "200": {"description": "ok", "schema": {"type": "array", "items": {"$ref": "#/definitions/A"}}},
                            "201": {"description": "created"}
                        }
                    }
                },
                "/logo": {
                    "post": {
                        "operationId": "upload",
                        "consumes": ["multipart/form-data"],
                        "parameters": [{"in": "formData", "name": "file", "type": "file", "required": true}],
                        "responses": {"201": {"description": "c"}}
                    }
                }
            },
            "definitions": {
                "A": {"type": "object", "discriminator": "kind", "properties": {"kind": {"type": "string"}}},
                "B": {"x-okta-parent": "#/definitions/A", "properties": {"f": {"type": "file"}}},
                "C": {"type": "object", "discriminator": "kind",
                      "x-openapi-v3-discriminator": {"propertyName": "kind", "mapping": {"b": "#/definitions/B"}}}
            }
        })
    }

    #[test]
    fn converts_operations() {
        let (doc, stats) = swagger2_to_oas3(&sample()).unwrap();
        assert_eq!(doc["openapi"], "3.0.3");
        assert_eq!(doc["servers"][0]["url"], "https://{yourOktaDomain}");
        let op = &doc["paths"]["/a/{id}"]["post"];
        assert_eq!(
            op["parameters"][1],
            json!({"in": "query", "name": "limit", "schema": {"type": "integer", "format": "int32", "default": 20}})
        );
        assert_eq!(
            op["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/A"
        );
        assert_eq!(
            op["responses"]["200"]["content"]["application/json"]["schema"]["items"]["$ref"],
            "#/components/schemas/A"
        );
        assert!(op["responses"]["201"].get("content").is_none());
        let up = &doc["paths"]["/logo"]["post"];
        assert_eq!(
            up["requestBody"]["content"]["multipart/form-data"]["schema"],
            json!({"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}, "required": ["file"]})
        );
        assert_eq!(
            doc["components"]["securitySchemes"]["api_token"],
            json!({"type": "apiKey", "in": "header", "name": "Authorization"})
        );
        assert_eq!(stats.body_params, 1);
        assert_eq!(stats.form_data_operations, 1);
    }

    #[test]
    fn rewrites_refs_in_extensions() {
        let (doc, stats) = swagger2_to_oas3(&sample()).unwrap();
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["B"]["x-okta-parent"], "#/components/schemas/A");
        assert_eq!(
            schemas["C"]["x-openapi-v3-discriminator"]["mapping"]["b"],
            "#/components/schemas/B"
        );
        assert_eq!(schemas["B"]["properties"]["f"]["format"], "binary");
        // A is extended by B: its discriminator becomes an object; C's is dropped.
        assert_eq!(
            schemas["A"]["discriminator"],
            json!({"propertyName": "kind"})
        );
        assert!(schemas["C"].get("discriminator").is_none());
        assert_eq!(stats.dropped_swagger_discriminators, 1);
        assert_eq!(stats.refs_rewritten, 4);
        assert!(!doc.to_string().contains("#/definitions/"));
    }
}
