//! Per-operation facts from the spec (method, path, area, lifecycle, OAuth 2.0 scopes,
//! paging, body and response models), and what is written from them: each operation's
//! rustdoc and the `okta::operations` table.

use std::fmt::Write;

use serde_json::Value;

use crate::areas;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// What the spec says about one operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperationFacts {
    /// The operationId.
    pub id: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// First tag (the API area of Okta's reference).
    pub tag: String,
    /// The cargo feature that compiles it.
    pub area: &'static str,
    /// `x-okta-lifecycle.lifecycle` (`GA`, `LIMITED_GA`, `EA`), if declared.
    pub lifecycle: Option<String>,
    /// OAuth 2.0 scopes the operation accepts (any one of them suffices).
    pub scopes: Vec<String>,
    /// Whether an SSWS API token is accepted.
    pub api_token: bool,
    /// Request body schema name, if it is a named schema.
    pub body: Option<String>,
    /// Success response schema (`Vec<X>` rendered as `[X]`), if named.
    pub response: Option<String>,
    /// Whether it answers with a list that pages.
    pub pages: bool,
    /// Hand-written (non-JSON body).
    pub handwritten: bool,
}

fn schema_name(schema: Option<&Value>) -> Option<String> {
    let schema = schema?;
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return r.strip_prefix("#/components/schemas/").map(str::to_owned);
    }
    if schema.get("type").and_then(Value::as_str) == Some("array") {
        return schema_name(schema.get("items")).map(|n| format!("[{n}]"));
    }
    None
}

fn facts_of(op: &Value, method: &str, path: &str, handwritten: bool) -> Option<OperationFacts> {
    let id = op.get("operationId")?.as_str()?.to_owned();
    let mut scopes = Vec::new();
    let mut api_token = false;
    for requirement in op
        .get("security")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(requirement) = requirement.as_object() else {
            continue;
        };
        api_token |= requirement.contains_key("apiToken");
        for scope in requirement
            .get("oauth2")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !scopes.iter().any(|s| s == scope) {
                scopes.push(scope.to_owned());
            }
        }
    }
    let (body, response) = if handwritten {
        (
            schema_name(op.pointer("/requestBody/schema")),
            schema_name(op.pointer("/response/schema")),
        )
    } else {
        let body = op
            .pointer("/requestBody/content")
            .and_then(Value::as_object)
            .and_then(|c| c.values().next())
            .and_then(|mt| schema_name(mt.get("schema")));
        let response = op
            .get("responses")
            .and_then(Value::as_object)
            .and_then(|r| r.iter().find(|(code, _)| code.starts_with('2')))
            .and_then(|(_, r)| r.pointer("/content/application~1json/schema"))
            .and_then(|s| schema_name(Some(s)));
        (body, response)
    };
    let pages = method == "get"
        && !handwritten
        && op
            .get("responses")
            .and_then(Value::as_object)
            .and_then(|r| r.iter().find(|(code, _)| code.starts_with('2')))
            .and_then(|(_, r)| r.pointer("/content/application~1json/schema/type"))
            .and_then(Value::as_str)
            == Some("array");
    Some(OperationFacts {
        tag: op
            .pointer("/tags/0")
            .and_then(Value::as_str)
            .unwrap_or("Other")
            .to_owned(),
        area: areas::area_of_operation(op),
        lifecycle: op
            .pointer("/x-okta-lifecycle/lifecycle")
            .and_then(Value::as_str)
            .map(str::to_owned),
        method: method.to_ascii_uppercase(),
        path: path.to_owned(),
        id,
        scopes,
        api_token,
        body,
        response,
        pages,
        handwritten,
    })
}

/// Facts of every operation (generated and hand-written), sorted by operationId.
pub fn operations(spec: &Value) -> Vec<OperationFacts> {
    let mut out = Vec::new();
    for (path, item) in spec
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        // Okta declares some lifecycles once per path rather than per operation.
        let path_lifecycle = item
            .pointer("/x-okta-lifecycle/lifecycle")
            .and_then(Value::as_str);
        for method in METHODS {
            if let Some(mut f) = item
                .get(method)
                .and_then(|op| facts_of(op, method, path, false))
            {
                if f.lifecycle.is_none() {
                    f.lifecycle = path_lifecycle.map(str::to_owned);
                }
                out.push(f);
            }
        }
    }
    for op in spec
        .get("x-okta-rs-handwritten")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let method = op
            .get("method")
            .and_then(Value::as_str)
            .unwrap_or("POST")
            .to_ascii_lowercase();
        let path = op.get("path").and_then(Value::as_str).unwrap_or_default();
        if let Some(f) = facts_of(op, &method, path, true) {
            out.push(f);
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// Okta's reference page for an operation.
pub fn reference_url(f: &OperationFacts) -> String {
    format!(
        "https://developer.okta.com/docs/api/openapi/okta-management/management/tag/{0}/#tag/{0}/operation/{1}",
        f.tag, f.id
    )
}

fn model_link(name: &str) -> String {
    match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(item) => format!("a list of [`{item}`](crate::models::{item})"),
        None => format!("[`{name}`](crate::models::{name})"),
    }
}

/// The rustdoc of an operation, written from facts only (Markdown).
pub fn doc(f: &OperationFacts) -> String {
    let mut d = String::new();
    let _ = writeln!(d, "`{}` — `{} {}`", f.id, f.method, f.path);
    let _ = writeln!(d);
    let lifecycle = f.lifecycle.as_deref().unwrap_or("not declared");
    let _ = writeln!(
        d,
        "- Area: `{}` (cargo feature `{}`), lifecycle `{lifecycle}`",
        f.tag, f.area
    );
    if f.scopes.is_empty() {
        let _ = writeln!(d, "- OAuth 2.0 scopes: none declared");
    } else {
        let scopes: Vec<String> = f.scopes.iter().map(|s| format!("`{s}`")).collect();
        let _ = writeln!(d, "- OAuth 2.0 scopes (any one): {}", scopes.join(", "));
    }
    let _ = writeln!(
        d,
        "- SSWS API token: {}",
        if f.api_token {
            "accepted"
        } else {
            "not accepted"
        }
    );
    if let Some(body) = &f.body {
        let _ = writeln!(d, "- Request body: {}", model_link(body));
    }
    if let Some(response) = &f.response {
        let _ = writeln!(d, "- Response: {}", model_link(response));
    }
    if f.pages {
        let _ = writeln!(
            d,
            "- Pages: `send_page()` for one page, `pages()` for every page, `stream()` for every item"
        );
    }
    let retry = if matches!(f.method.as_str(), "GET" | "HEAD" | "OPTIONS") {
        "resent after 429, 5xx and transport failures"
    } else {
        "resent only after a 429 or a failure to connect (never once it may have reached Okta)"
    };
    let _ = writeln!(d, "- Retries: {retry}");
    let _ = writeln!(d, "- Okta reference: <{}>", reference_url(f));
    d
}

/// The SCREAMING_SNAKE name of an operation's constant in `okta::operations`.
pub fn const_name(id: &str) -> String {
    crate::naming::snake(id).to_ascii_uppercase()
}

/// Rust source of the `okta::operations` table: a constant per operation, `ALL`, and
/// `BY_METHOD` (client method name → operationId, sorted by method name). `method_name`
/// is the client method's name for an operationId, as the client generator writes it.
pub fn table(facts: &[OperationFacts], method_name: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    for f in facts {
        let scopes: Vec<String> = f.scopes.iter().map(|s| format!("{s:?}")).collect();
        let lifecycle = match f.lifecycle.as_deref() {
            Some("GA") => "Lifecycle::Ga".to_owned(),
            Some("LIMITED_GA") => "Lifecycle::LimitedGa".to_owned(),
            Some("EA") => "Lifecycle::Ea".to_owned(),
            Some("BETA") => "Lifecycle::Beta".to_owned(),
            Some(other) => format!("Lifecycle::Other({other:?})"),
            None => "Lifecycle::Undeclared".to_owned(),
        };
        let _ = writeln!(
            out,
            "/// `{id}`: `{method} {path}`.\npub const {name}: Operation = Operation {{\n    id: {id:?},\n    client_method: {client_method:?},\n    method: {method:?},\n    path: {path:?},\n    tag: {tag:?},\n    feature: {area:?},\n    lifecycle: {lifecycle},\n    scopes: &[{scopes}],\n    api_token: {api_token},\n    pages: {pages},\n}};\n",
            id = f.id,
            method = f.method,
            path = f.path,
            name = const_name(&f.id),
            client_method = method_name(&f.id),
            tag = f.tag,
            area = f.area,
            scopes = scopes.join(", "),
            api_token = f.api_token,
            pages = f.pages,
        );
    }
    let names: Vec<String> = facts
        .iter()
        .map(|f| format!("    {},", const_name(&f.id)))
        .collect();
    let _ = writeln!(
        out,
        "/// Every operation this build compiles, sorted by operationId.\npub const ALL: &[Operation] = &[\n{}\n];\n",
        names.join("\n")
    );
    let mut by_method: Vec<(String, &str)> = facts
        .iter()
        .map(|f| (method_name(&f.id), f.id.as_str()))
        .collect();
    by_method.sort();
    let rows: Vec<String> = by_method
        .iter()
        .map(|(m, id)| format!("    ({m:?}, {id:?}),"))
        .collect();
    let _ = writeln!(
        out,
        "/// `(client method, operationId)`, sorted by method name.\npub(crate) const BY_METHOD: &[(&str, &str)] = &[\n{}\n];",
        rows.join("\n")
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec() -> Value {
        json!({
            "paths": {"/api/v1/users": {"get": {
                "operationId": "listUsers", "tags": ["User"],
                "security": [{"apiToken": []}, {"oauth2": ["okta.users.read"]}],
                "x-okta-lifecycle": {"lifecycle": "GA"},
                "responses": {"200": {"content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/User"}}}}}}
            }, "post": {
                "operationId": "createUser", "tags": ["User"],
                "security": [{"oauth2": ["okta.users.manage"]}],
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreateUserRequest"}}}},
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}}
            }}},
            "x-okta-rs-handwritten": [{"operationId": "uploadApplicationLogo", "method": "POST",
                "path": "/api/v1/apps/{appId}/logo", "tags": ["Application"],
                "x-okta-lifecycle": {"lifecycle": "EA"}, "response": {"status": "201"}}]
        })
    }

    #[test]
    fn facts_come_from_the_spec() {
        let facts = operations(&spec());
        let ids: Vec<&str> = facts.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["createUser", "listUsers", "uploadApplicationLogo"]);
        let list = &facts[1];
        assert_eq!(list.scopes, ["okta.users.read"]);
        assert!(list.api_token && list.pages);
        assert_eq!(list.response.as_deref(), Some("[User]"));
        let create = &facts[0];
        assert!(!create.api_token && !create.pages);
        assert_eq!(create.body.as_deref(), Some("CreateUserRequest"));
        let upload = &facts[2];
        assert!(upload.handwritten);
        assert_eq!(
            (upload.area, upload.lifecycle.as_deref()),
            ("apps", Some("EA"))
        );
    }

    #[test]
    fn docs_and_table_state_the_facts() {
        let facts = operations(&spec());
        let doc = doc(&facts[1]);
        assert!(
            doc.starts_with("`listUsers` — `GET /api/v1/users`"),
            "{doc}"
        );
        for needle in [
            "lifecycle `GA`",
            "`okta.users.read`",
            "a list of [`User`](crate::models::User)",
            "`stream()`",
            "resent after 429",
            "operation/listUsers",
        ] {
            assert!(doc.contains(needle), "{needle} missing from\n{doc}");
        }
        assert!(super::doc(&facts[0]).contains("never once it may have reached Okta"));
        let table = table(&facts, &|id| format!("m_{id}"));
        assert!(table.contains("pub const LIST_USERS: Operation"), "{table}");
        assert!(table.contains("scopes: &[\"okta.users.read\"]"), "{table}");
        assert!(table.contains("lifecycle: Lifecycle::Ea"), "{table}");
        assert!(table.contains("pub const ALL: &[Operation] = &[\n    CREATE_USER,"));
        assert!(table.contains("client_method: \"m_listUsers\""), "{table}");
        assert!(
            table.contains("(\"m_createUser\", \"createUser\"),\n    (\"m_listUsers\""),
            "{table}"
        );
    }
}
