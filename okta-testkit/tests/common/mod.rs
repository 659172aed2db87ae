//! Helpers shared by the fake org's tests (each file uses a subset).
#![allow(dead_code)]

use serde_json::{json, Value};

/// A `CreateUserRequest` body for `login` (first name from the login).
pub fn new_user(login: &str) -> okta::models::CreateUserRequest {
    let first = login.split(['.', '@']).next().unwrap_or("Test");
    serde_json::from_value(json!({
        "profile": {
            "firstName": first,
            "lastName": "Tester",
            "email": login,
            "login": login,
        }
    }))
    .expect("user body")
}

/// Creates a user through the API (active, no password: `PROVISIONED`) and
/// returns its id.
pub async fn create_user(client: &okta::Client, login: &str) -> String {
    client
        .create_user()
        .body(new_user(login))
        .send()
        .await
        .expect("create user")
        .into_inner()
        .id
        .expect("id")
}

/// The Okta error code of a failed call.
pub fn error_code(error: &okta::Error) -> Option<&str> {
    error.okta_error_code()
}

/// A raw request answer: status, headers, JSON body.
pub struct Raw {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

/// Sends a raw request (no SDK in between).
pub async fn raw(
    method: reqwest::Method,
    url: &str,
    authorization: Option<&str>,
    body: Option<Value>,
) -> Raw {
    let mut request = http().request(method, url);
    if let Some(auth) = authorization {
        request = request.header("authorization", auth);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.expect("body");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).expect("JSON body")
    };
    Raw {
        status,
        headers,
        body,
    }
}

/// A client that never goes through an environment proxy.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest client")
}
