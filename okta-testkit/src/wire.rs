//! One request as the routes see it, and one answer before the server adds its common
//! headers.

use bytes::Bytes;
use hyper::header::{HeaderMap, HeaderName, HeaderValue};
use hyper::{Method, StatusCode};
use serde_json::Value;

use crate::errors;

/// A request, read completely.
pub(crate) struct Req {
    pub method: Method,
    /// The path, percent-decoded per segment by the router (kept raw here).
    pub path: String,
    /// Query pairs, decoded, in order.
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Req {
    /// The first value of query parameter `name`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A header's value as text (absent or not visible ASCII: `None`).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as a JSON object, or the validation error Okta answers for
    /// a body it cannot read.
    pub fn json_object(&self) -> Result<serde_json::Map<String, Value>, Reply> {
        if self.body.is_empty() {
            return Ok(serde_json::Map::new());
        }
        match serde_json::from_slice::<Value>(&self.body) {
            Ok(Value::Object(map)) => Ok(map),
            Ok(_) => Err(errors::validation(
                "The request body was not well-formed.",
                &["body: expected a JSON object"],
            )),
            Err(_) => Err(errors::validation(
                "The request body was not well-formed.",
                &["body: not valid JSON"],
            )),
        }
    }

    /// The body as `application/x-www-form-urlencoded` pairs.
    pub fn form(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(&self.body).into_owned().collect()
    }
}

/// An answer: status, extra headers and an optional JSON body.
pub(crate) struct Reply {
    pub status: StatusCode,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Option<Value>,
}

impl Reply {
    /// `status` with a JSON body.
    pub fn json(status: StatusCode, body: Value) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Some(body),
        }
    }

    /// `200 OK` with a JSON body.
    pub fn ok(body: Value) -> Reply {
        Reply::json(StatusCode::OK, body)
    }

    /// `204 No Content`.
    pub fn no_content() -> Reply {
        Reply {
            status: StatusCode::NO_CONTENT,
            headers: Vec::new(),
            body: None,
        }
    }

    /// Adds a header; a value that is not a valid header value is dropped
    /// (the fake builds every value itself, so this never happens in practice).
    pub fn header(mut self, name: HeaderName, value: &str) -> Reply {
        if let Ok(value) = HeaderValue::from_str(value) {
            self.headers.push((name, value));
        }
        self
    }
}

impl Req {
    /// The query re-encoded as sent (for the request log).
    pub fn parts_query(&self) -> String {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(self.query.iter())
            .finish()
    }
}
