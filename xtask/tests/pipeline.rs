//! The pipeline over small documents of our own (no npm): the output contract that the
//! SDK's build script and model generator rely on.

use serde_json::{json, Value};
use xtask::{run_pipeline, Generated, SpecSource};

const PROSE: [&str; 6] = [
    "description",
    "summary",
    "example",
    "examples",
    "title",
    "externalDocs",
];
const NAME_MAPS: [&str; 8] = [
    "properties",
    "paths",
    "responses",
    "content",
    "mapping",
    "schemas",
    "securitySchemes",
    "variables",
];

fn source() -> SpecSource {
    SpecSource::File {
        path: "test".into(),
        integrity: "sha512-test".into(),
    }
}

fn prose_keys(v: &Value, at: &str, name_map: bool, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                let here = format!("{at}/{k}");
                if !name_map && PROSE.contains(&k.as_str()) {
                    let allowed = (k == "description" && c == "" && at.contains("/responses/"))
                        || here == "/info/title";
                    if !allowed {
                        out.push(here.clone());
                    }
                }
                if !name_map && (k == "default" || k == "enum") {
                    continue;
                }
                prose_keys(c, &here, !name_map && NAME_MAPS.contains(&k.as_str()), out);
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                prose_keys(c, &format!("{at}/{i}"), false, out);
            }
        }
        _ => {}
    }
}

/// Checks every schema below a component schema's top level: no inline enums and no
/// inline objects with properties (they are all named).
fn nested_inline(v: &Value, at: &str, top: bool, out: &mut Vec<String>) {
    let Some(m) = v.as_object() else { return };
    if !top && !m.contains_key("$ref") && (m.contains_key("enum") || m.contains_key("properties")) {
        out.push(at.to_string());
    }
    if let Some(p) = m.get("properties").and_then(Value::as_object) {
        for (k, c) in p {
            nested_inline(c, &format!("{at}/properties/{k}"), false, out);
        }
    }
    for k in ["items", "additionalProperties"] {
        if let Some(c) = m.get(k) {
            nested_inline(c, &format!("{at}/{k}"), false, out);
        }
    }
    for k in ["oneOf", "anyOf", "allOf"] {
        for (i, c) in m
            .get(k)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            nested_inline(c, &format!("{at}/{k}/{i}"), false, out);
        }
    }
}

fn is_object_schema(m: &serde_json::Map<String, Value>) -> bool {
    !m.contains_key("$ref")
        && !m.contains_key("enum")
        && (m.get("type") == Some(&json!("object"))
            || (m.get("type").is_none() && m.contains_key("properties")))
}

fn closed_objects(v: &Value, at: &str, out: &mut Vec<String>) {
    let Some(m) = v.as_object() else { return };
    if is_object_schema(m) {
        match m.get("additionalProperties") {
            Some(ap) if ap.is_object() && *ap != json!({"type": "object"}) => {}
            _ => out.push(at.to_string()),
        }
    }
    if let Some(p) = m.get("properties").and_then(Value::as_object) {
        for (k, c) in p {
            closed_objects(c, &format!("{at}/properties/{k}"), out);
        }
    }
    for k in ["items", "additionalProperties"] {
        if let Some(c) = m.get(k) {
            closed_objects(c, &format!("{at}/{k}"), out);
        }
    }
}

/// The contract of a generated run.
fn assert_contract(g: &Generated) {
    assert_doc_contract(&g.doc);
    assert!(!g.spec_json.contains("#/definitions/"));
    assert!(g.summary.findings.is_empty(), "{:?}", g.summary.findings);
    assert_eq!(
        g.summary.logical_in,
        g.summary.ops_out + g.summary.handwritten.len()
    );
}

/// The contract of `spec/okta-management.json` that the SDK's build script and model
/// generator rely on.
fn assert_doc_contract(doc: &Value) {
    assert_eq!(doc["openapi"], "3.0.3");
    let mut prose = Vec::new();
    prose_keys(doc, "", false, &mut prose);
    assert!(prose.is_empty(), "prose left: {prose:?}");
    assert!(xtask::refs::unresolved_refs(doc).is_empty());
    assert!(xtask::lint::lint(doc).is_empty());

    for (path, item) in doc["paths"].as_object().unwrap() {
        let item_params: Vec<Value> = item
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for (method, op) in item.as_object().unwrap() {
            if method == "parameters" || method.starts_with("x-") {
                continue;
            }
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path}: no operationId"));
            let responses = op["responses"].as_object().unwrap();
            assert!(responses.len() <= 1, "{id}: {responses:?}");
            for (code, r) in responses {
                assert!(code.starts_with('2'), "{id}: response {code}");
                if let Some(content) = r.get("content").and_then(Value::as_object) {
                    assert_eq!(content.len(), 1, "{id}");
                    for mt in content.values() {
                        assert!(mt.get("schema").is_some(), "{id}: schema-less response");
                    }
                }
            }
            if let Some(body) = op.get("requestBody") {
                let content = body["content"].as_object().unwrap();
                assert_eq!(
                    content.keys().collect::<Vec<_>>(),
                    vec!["application/json"],
                    "{id}"
                );
            }
            let params = op
                .get("parameters")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for p in item_params.iter().chain(params.iter()) {
                assert!(p.get("schema").is_some(), "{id}: {p}");
                if p["in"] == "path" {
                    assert_eq!(p["required"], true, "{id}: {p}");
                }
                let s = &p["schema"];
                assert!(
                    s.get("enum").is_none() && s["items"].get("enum").is_none(),
                    "{id}: inline enum {p}"
                );
            }
        }
    }

    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let mut inline = Vec::new();
    let mut closed = Vec::new();
    for (name, s) in schemas {
        assert!(s.get("x-openapi-v3-discriminator").is_none(), "{name}");
        if s.get("x-okta-parent").is_some() {
            assert!(s.get("allOf").is_none(), "{name}");
            assert_eq!(s["type"], "object", "{name}");
        }
        if s.get("enum").is_some() {
            assert_ne!(s["type"], "object", "{name}");
        }
        nested_inline(s, name, true, &mut inline);
        closed_objects(s, name, &mut closed);
        check_defaults(s, name);
    }
    assert!(inline.is_empty(), "inline enums/objects left: {inline:?}");
    assert!(
        closed.is_empty(),
        "objects without additionalProperties {{}}: {closed:?}"
    );

    let hw = doc["x-okta-rs-handwritten"].as_array().unwrap();
    let ids: Vec<&str> = hw
        .iter()
        .map(|h| h["operationId"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    for h in hw {
        for k in [
            "method",
            "path",
            "contentType",
            "reason",
            "parameters",
            "requestBody",
            "response",
        ] {
            assert!(h.get(k).is_some(), "{h}: {k}");
        }
    }
}

fn check_defaults(s: &Value, at: &str) {
    let Some(m) = s.as_object() else { return };
    if let (Some(d), Some(t)) = (m.get("default"), m.get("type").and_then(Value::as_str)) {
        let nullable = m.get("nullable") == Some(&Value::Bool(true));
        let ok = match t {
            _ if d.is_null() => nullable,
            "string" => d.is_string(),
            "integer" => d.is_i64() || d.is_u64(),
            "number" => d.is_number(),
            "boolean" => d.is_boolean(),
            "array" => d.is_array(),
            "object" => d.is_object(),
            _ => true,
        };
        assert!(ok, "{at}: default {d} does not fit {t}");
    }
    if let Some(p) = m.get("properties").and_then(Value::as_object) {
        for (k, c) in p {
            check_defaults(c, &format!("{at}/{k}"));
        }
    }
}

fn rule(g: &Generated, id: &str, what_starts: &str) -> usize {
    g.summary
        .rules
        .iter()
        .find(|r| r.id == id && r.what.starts_with(what_starts))
        .unwrap_or_else(|| panic!("no rule {id} {what_starts}"))
        .count
}

#[test]
fn mini_oas3_meets_the_contract() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/mini-oas3.yaml"
    ))
    .unwrap();
    let g = run_pipeline(&bytes, &source()).unwrap();
    assert_contract(&g);
    let doc = &g.doc;
    assert!(g.summary.input_format.contains("no conversion"));
    assert_eq!(
        (
            g.summary.ops_in,
            g.summary.ops_out,
            g.summary.removed_path_methods
        ),
        (5, 3, 2)
    );

    let hw: Vec<(&str, &str)> = doc["x-okta-rs-handwritten"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["operationId"].as_str().unwrap(),
                h["contentType"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        hw,
        vec![
            ("addPetNote", "text/plain"),
            ("uploadPetPhoto", "multipart/form-data")
        ]
    );

    let s = &doc["components"]["schemas"];
    // oneOf + discriminator kept as they are.
    assert_eq!(
        s["Pet"]["discriminator"]["mapping"]["dog"],
        "#/components/schemas/Dog"
    );
    assert_eq!(s["Pet"]["oneOf"].as_array().unwrap().len(), 2);
    assert!(s["Pet"].get("additionalProperties").is_none());
    // nullable, required, date-time kept.
    assert_eq!(s["Cat"]["properties"]["nickname"]["nullable"], true);
    assert_eq!(s["Cat"]["required"], json!(["petType", "name"]));
    assert_eq!(s["Cat"]["properties"]["birth"]["format"], "date-time");
    // Inline enums and objects hoisted.
    assert_eq!(
        s["Cat"]["properties"]["color"],
        json!({"$ref": "#/components/schemas/CatColor", "default": "black"})
    );
    assert_eq!(
        s["CatColor"],
        json!({"type": "string", "enum": ["black", "white"]})
    );
    assert_eq!(
        s["Cat"]["properties"]["owner"]["$ref"],
        "#/components/schemas/CatOwner"
    );
    assert_eq!(
        s["CatOwner"]["properties"]["description"],
        json!({"type": "string"})
    );
    assert_eq!(
        s["Dog"]["properties"]["tags"]["items"]["$ref"],
        "#/components/schemas/DogTags"
    );
    assert_eq!(s["ListPetsKind"]["enum"], json!(["cat", "dog"]));
    // F1, F10, F9.
    assert_eq!(s["Dog"]["properties"]["barks"], json!({"type": "boolean"}));
    assert_eq!(
        s["Dog"]["properties"]["_links"]["additionalProperties"],
        json!({})
    );
    assert_eq!(s["Error"]["additionalProperties"], json!({}));
    // F4: one success response, JSON only.
    let create = &doc["paths"]["/pets"]["post"]["responses"];
    assert_eq!(
        create.as_object().unwrap().keys().collect::<Vec<_>>(),
        vec!["200"]
    );
    assert_eq!(
        doc["paths"]["/pets"]["get"]["responses"]
            .as_object()
            .unwrap()
            .len(),
        1
    );
    // R4: the path-level parameter became required.
    assert_eq!(
        doc["paths"]["/pets/{petId}"]["parameters"][0]["required"],
        true
    );
    assert_eq!(rule(&g, "F1", "defaults"), 1);
    assert_eq!(rule(&g, "F5", "operations"), 2);
    assert_eq!(rule(&g, "R4", "path parameters"), 1);

    // Identical bytes on every run.
    let again = run_pipeline(&bytes, &source()).unwrap();
    assert_eq!(g.spec_json, again.spec_json);
    assert_eq!(g.report_md, again.report_md);
    assert!(g.spec_json.ends_with("}\n"));
}

fn swagger_snippet() -> Value {
    json!({
        "swagger": "2.0",
        "info": {"title": "Okta API", "version": "9.9.9", "description": "prose"},
        "host": "your-subdomain.okta.com",
        "basePath": "/",
        "schemes": ["https"],
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "securityDefinitions": {"api_token": {"type": "apiKey", "in": "header", "name": "Authorization", "description": "SSWS {API Token}"}},
        "paths": {
            "/api/v1/apps": {
                "get": {
                    "operationId": "listApplications",
                    "description": "Enumerates apps",
                    "parameters": [{"in": "query", "name": "limit", "type": "integer", "format": "int32", "default": -1}],
                    "responses": {"200": {"description": "Success", "schema": {"type": "array", "items": {"$ref": "#/definitions/Application"}}}},
                    "security": [{"api_token": []}],
                    "tags": ["Application"]
                },
                "post": {
                    "operationId": "createApplication",
                    "parameters": [{"in": "body", "name": "application", "required": true, "schema": {"$ref": "#/definitions/Application"}}],
                    "responses": {
                        "200": {"description": "Success", "schema": {"$ref": "#/definitions/Application"}},
                        "201": {"description": "Created"},
                        "404": {"description": "Not found"}
                    }
                }
            },
            "/api/v1/apps/{appId}/logo": {
                "post": {
                    "operationId": "uploadApplicationLogo",
                    "consumes": ["multipart/form-data"],
                    "parameters": [
                        {"in": "path", "name": "appId", "required": true, "type": "string"},
                        {"in": "formData", "name": "file", "required": true, "type": "file"}
                    ],
                    "responses": {"201": {"description": "Created"}}
                }
            },
            "/api/v1/apps/{appId}/csrs/{csrId}/publish": {
                "post": {
                    "parameters": [
                        {"in": "path", "name": "appId", "required": true, "type": "string"},
                        {"in": "path", "name": "csrId", "required": true, "type": "string"}
                    ],
                    "responses": {"201": {"description": "Created", "schema": {"$ref": "#/definitions/JsonWebKey"}}},
                    "x-okta-multi-operation": [
                        {"operationId": "publishCerCert", "consumes": ["application/x-x509-ca-cert"], "encoding": "base64",
                         "parameters": [{"in": "body", "name": "certificate", "required": true, "type": "string"}]},
                        {"operationId": "publishBinaryPemCert", "consumes": ["application/x-pem-file"],
                         "parameters": [{"in": "body", "name": "certificate", "required": true, "type": "string", "format": "binary"}]}
                    ]
                }
            },
            "/api/v1/users/{userId}/credentials/forgot_password": {
                "post": {
                    "parameters": [{"in": "path", "name": "userId", "required": true, "type": "string"}],
                    "responses": {"200": {"description": "Success", "schema": {"$ref": "#/definitions/JsonWebKey"}}},
                    "x-okta-multi-operation": [
                        {"operationId": "forgotPasswordGenerateOneTimeToken", "description": "d",
                         "parameters": [{"in": "query", "name": "sendEmail", "type": "boolean", "default": true}]},
                        {"operationId": "forgotPasswordSetNewPassword",
                         "parameters": [{"in": "body", "name": "user", "required": true, "schema": {"$ref": "#/definitions/JsonWebKey"}}]}
                    ]
                }
            }
        },
        "definitions": {
            "Application": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "readOnly": true},
                    "signOnMode": {"$ref": "#/definitions/ApplicationSignOnMode"},
                    "status": {"type": "string", "enum": ["ACTIVE", "INACTIVE"], "readOnly": true},
                    "_links": {"type": "object", "additionalProperties": {"type": "object"}, "readOnly": true}
                },
                "x-openapi-v3-discriminator": {"propertyName": "signOnMode", "mapping": {
                    "BROWSER_PLUGIN": "#/definitions/BrowserPluginApplication"
                }}
            },
            "ApplicationSignOnMode": {"type": "string", "enum": ["BROWSER_PLUGIN", "BOOKMARK"]},
            "BrowserPluginApplication": {
                "x-okta-parent": "#/definitions/Application",
                "properties": {"credentials": {"$ref": "#/definitions/JsonWebKey"}},
                "x-openapi-v3-discriminator": {"propertyName": "name", "mapping": {
                    "template_swa": "#/definitions/SwaApplication"
                }}
            },
            "SwaApplication": {
                "x-okta-parent": "#/definitions/BrowserPluginApplication",
                "x-okta-defined-as": {"name": "template_swa"},
                "properties": {"name": {"default": "template_swa"}}
            },
            "JsonWebKey": {"type": "object", "properties": {
                "use": {"type": "string", "enum": ["sig"]},
                "x5c": {"type": "array", "items": {"type": "string"}}
            }},
            "PushStatus": {"type": "object", "enum": ["PUSH", "DONT_PUSH"]},
            "Complexity": {"type": "object", "properties": {
                "excludeAttributes": {"type": "array", "items": {"type": "string"}, "default": 1},
                "description": {"type": "string", "description": "a property named description"}
            }}
        }
    })
}

#[test]
fn swagger2_snippet_meets_the_contract() {
    let bytes = serde_json::to_vec(&swagger_snippet()).unwrap();
    let g = run_pipeline(&bytes, &source()).unwrap();
    assert_contract(&g);
    let doc = &g.doc;
    assert_eq!(doc["servers"][0]["url"], "https://{yourOktaDomain}");
    assert_eq!(
        doc["components"]["securitySchemes"]["api_token"]["type"],
        "apiKey"
    );
    assert_eq!(
        doc["info"],
        json!({"title": "Okta API", "version": "9.9.9"})
    );
    assert_eq!(
        (
            g.summary.ops_in,
            g.summary.ops_out,
            g.summary.removed_path_methods
        ),
        (5, 3, 2)
    );
    assert_eq!(g.summary.logical_in, 7);

    let s = &doc["components"]["schemas"];
    // F6: flattened through the grand-parent, child merged over parent, x-okta-parent kept.
    let swa = &s["SwaApplication"];
    assert_eq!(swa["type"], "object");
    assert_eq!(
        swa["x-okta-parent"],
        "#/components/schemas/BrowserPluginApplication"
    );
    assert_eq!(
        swa["properties"]["name"],
        json!({"type": "string", "readOnly": true, "default": "template_swa"})
    );
    assert_eq!(
        swa["properties"]["credentials"]["$ref"],
        "#/components/schemas/JsonWebKey"
    );
    assert_eq!(
        swa["properties"]["status"]["$ref"],
        "#/components/schemas/ApplicationStatus"
    );
    // F7: nested discriminators, mapping refs rewritten.
    assert_eq!(
        s["Application"]["discriminator"],
        json!({"propertyName": "signOnMode", "mapping": {"BROWSER_PLUGIN": "#/components/schemas/BrowserPluginApplication"}})
    );
    assert_eq!(
        s["BrowserPluginApplication"]["discriminator"]["mapping"]["template_swa"],
        "#/components/schemas/SwaApplication"
    );
    // F2, F1, F10, property named `description` kept.
    assert_eq!(s["PushStatus"]["type"], "string");
    assert!(s["Complexity"]["properties"]["excludeAttributes"]
        .get("default")
        .is_none());
    assert_eq!(
        s["Complexity"]["properties"]["description"],
        json!({"type": "string"})
    );
    assert_eq!(
        s["Application"]["properties"]["_links"]["additionalProperties"],
        json!({})
    );
    assert_eq!(
        s["JsonWebKeyUse"],
        json!({"type": "string", "enum": ["sig"]})
    );

    // F3: the JSON variant became the operation; the others are hand-written.
    let forgot = &doc["paths"]["/api/v1/users/{userId}/credentials/forgot_password"]["post"];
    assert_eq!(forgot["operationId"], "forgotPasswordGenerateOneTimeToken");
    assert_eq!(
        forgot["parameters"][1]["schema"],
        json!({"type": "boolean", "default": true})
    );
    assert!(doc["paths"]
        .get("/api/v1/apps/{appId}/csrs/{csrId}/publish")
        .is_none());
    let hw = doc["x-okta-rs-handwritten"].as_array().unwrap();
    let ids: Vec<&str> = hw
        .iter()
        .map(|h| h["operationId"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        vec![
            "forgotPasswordSetNewPassword",
            "publishBinaryPemCert",
            "publishCerCert",
            "uploadApplicationLogo"
        ]
    );
    let cer = &hw[2];
    assert_eq!(cer["contentType"], "application/x-x509-ca-cert");
    assert_eq!(cer["requestBody"]["encoding"], "base64");
    assert_eq!(
        cer["response"]["schema"]["$ref"],
        "#/components/schemas/JsonWebKey"
    );
    assert_eq!(cer["parameters"].as_array().unwrap().len(), 2);
    let upload = &hw[3];
    assert_eq!(
        upload["requestBody"]["schema"]["properties"]["file"]["format"],
        "binary"
    );

    // F4.
    let create = &doc["paths"]["/api/v1/apps"]["post"]["responses"];
    assert_eq!(
        create.as_object().unwrap().keys().collect::<Vec<_>>(),
        vec!["200"]
    );
    assert_eq!(rule(&g, "F4", "operations with several"), 1);
    assert_eq!(rule(&g, "F6", "x-okta-parent"), 2);
    assert_eq!(rule(&g, "F7", "x-openapi"), 2);
    assert_eq!(rule(&g, "F2", "string enums"), 1);
    assert!(g.report_md.contains("| `publishCerCert` | POST |"));
}

#[test]
fn openapi_31_is_rejected() {
    let err = run_pipeline(
        b"openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {}\n",
        &source(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("3.1.0"), "{err}");
    assert!(run_pipeline(b"{\"hello\": 1}", &source()).is_err());
}

/// The committed output (written by `cargo xtask codegen` from the pinned npm package).
#[test]
fn committed_spec_meets_the_contract() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/okta-management.json");
    let Ok(text) = std::fs::read_to_string(path) else {
        panic!("{path} is missing: run `cargo xtask codegen`");
    };
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_doc_contract(&doc);
    assert_eq!(
        text,
        xtask::json::to_canonical_pretty(&doc),
        "not canonical JSON"
    );
    let ops = xtask::walk::count_operations(&doc);
    let hw = doc["x-okta-rs-handwritten"].as_array().unwrap().len();
    assert_eq!((ops, hw), (724, 8));
    let s = &doc["components"]["schemas"];
    assert_eq!(
        s["BrowserPluginApplication"]["properties"]["name"],
        json!({"$ref": "#/components/schemas/BrowserPluginApplicationName"})
    );
    assert_eq!(
        s["BrowserPluginApplication"]["x-okta-rs-parent"],
        "#/components/schemas/Application"
    );
    for base in [
        "Application",
        "AuthenticatorBase",
        "DeviceAssurance",
        "Policy",
        "PolicyRule",
        "UserFactor",
    ] {
        assert!(s[base]["discriminator"]["mapping"].is_object(), "{base}");
    }
}

/// Odd or malformed shapes give an error or a document, never a panic.
#[test]
fn odd_inputs_do_not_panic() {
    let docs = [
        json!({"openapi": "3.0.3", "info": {"title": "x", "version": "1"}, "paths": {"/x": {"get": "nope"}}}),
        json!({"openapi": "3.0.3", "paths": {"/x/{id}": {"get": {"parameters": "nope", "responses": []}}}}),
        json!({"openapi": "3.0.3", "paths": {"/x": {"post": {"requestBody": {"content": []}, "responses": {"200": 1}}}},
               "components": {"schemas": {"A": {"properties": {"p": {"enum": []}}}, "B": 3,
                                           "C": {"x-okta-parent": "#/components/schemas/Missing"}}}}),
        json!({"swagger": "2.0", "paths": {"/x": {"get": {"parameters": [{"in": "body"}], "responses": {"200": {"schema": 1}}}}},
               "definitions": {"A": {"discriminator": 5, "x-okta-parent": 7}}}),
        json!({"swagger": "2.0", "paths": {"/x": {"get": {"x-okta-multi-operation": [1, {"operationId": "a"}]}}}}),
        json!([]),
        json!("text"),
    ];
    for d in docs {
        let bytes = serde_json::to_vec(&d).unwrap();
        let _ = run_pipeline(&bytes, &source());
    }
    let _ = run_pipeline(b"", &source());
    let _ = run_pipeline(b"key: [unclosed", &source());
}

/// The OpenAPI 3 composition constructs, one document: each normalizes to what the model
/// generator and progenitor handle (CI also builds the okta crate from it).
#[test]
fn mini_oas3_composition_normalizes_every_construct() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/mini-oas3-composition.yaml"
    ))
    .unwrap();
    let g = run_pipeline(&bytes, &source()).unwrap();
    assert_contract(&g);
    let doc = &g.doc;
    let s = &doc["components"]["schemas"];
    // Shared parameters and responses inlined; their components gone.
    assert!(doc["components"].get("parameters").is_none());
    let list = &doc["paths"]["/resources"]["get"];
    assert_eq!(list["parameters"][0]["name"], "after");
    // allOf inheritance flattened; the subtype does not inherit the discriminator.
    let alpha = &s["Alpha"];
    assert!(alpha.get("allOf").is_none() && alpha.get("discriminator").is_none());
    let keys: Vec<&String> = alpha["properties"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["alpha", "created", "id", "kind", "parent"]);
    // An empty subtype keeps the base's fields rather than aliasing the union.
    assert!(s["Beta"]["properties"].get("id").is_some());
    // The nested union and its subtype.
    assert_eq!(s["Setting"]["discriminator"]["propertyName"], "mode");
    assert!(s["SimpleSetting"]["properties"].get("level").is_some());
    // anyOf without a discriminator: one object with every member's properties, open.
    let profile: Vec<&String> = s["Profile"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(profile, ["dn", "login", "name"]);
    assert_eq!(s["DirectoryProfile"]["additionalProperties"], json!({}));
    // The inline union of list items is named.
    let items = &list["responses"]["200"]["content"]["application/json"]["schema"]["items"];
    let item_ref = items["$ref"].as_str().expect("hoisted item union");
    let item = &s[item_ref.trim_start_matches("#/components/schemas/")];
    assert_eq!(item["discriminator"]["propertyName"], "kind");
    // A string-union path parameter is a string; patterns and bounds are facts.
    let role = &doc["paths"]["/roles/{roleRef}"]["parameters"][0]["schema"];
    assert_eq!(role["type"], "string");
    let q = &list["parameters"][1]["schema"];
    assert_eq!(q["x-okta-rs-pattern"], "^[a-z]+$");
    assert_eq!(q["x-okta-rs-max-length"], 20);
    assert!(q.get("pattern").is_none() && q.get("maxLength").is_none());
    // Extensions kept as facts.
    assert_eq!(s["OktaProfile"]["x-okta-extensible"], true);
    assert_eq!(
        s["Node"]["properties"]["unique"]["x-okta-allow-null-property-value-for-updates"],
        true
    );
}
