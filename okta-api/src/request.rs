//! Requests to endpoints without a generated method.

use std::fmt;

use bytes::Bytes;
use reqwest::header::{HeaderName, HeaderValue, ACCEPT};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{decode_json, Error, Result};
use crate::page::Page;
use crate::retry::Idempotency;
use crate::runtime::{RequestOptions, Runtime};

/// A request to any endpoint of the org, built with [`Runtime::request`].
///
/// It goes through [`Runtime::execute`] like every generated call: cache,
/// credentials, retries, tracing and error mapping all apply.
#[must_use]
pub struct RawRequest {
    runtime: Runtime,
    operation: String,
    options: RequestOptions,
    builder: Result<reqwest::RequestBuilder>,
}

impl fmt::Debug for RawRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawRequest")
            .field("operation", &self.operation)
            .finish_non_exhaustive()
    }
}

impl Runtime {
    /// A request to any endpoint of the org ("call other API endpoints").
    /// `path` is relative to the org URL (`/api/v1/users/{id}`) or a full URL
    /// of the org.
    pub fn request(&self, method: Method, path: &str) -> RawRequest {
        RawRequest::new(self.clone(), method, path)
    }
}

impl RawRequest {
    fn new(runtime: Runtime, method: Method, path: &str) -> RawRequest {
        let operation = format!("{method} {}", path.split('?').next().unwrap_or(path));
        let builder = runtime.resolve(path).map(|url| {
            runtime
                .http_client()
                .request(method, url)
                .header(ACCEPT, "application/json")
        });
        RawRequest {
            runtime,
            operation,
            options: RequestOptions::default(),
            builder,
        }
    }

    fn map(mut self, f: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder) -> Self {
        self.builder = self.builder.map(f);
        self
    }

    /// Names the operation in traces and errors (default: method and path).
    pub fn operation(mut self, name: impl Into<String>) -> Self {
        self.operation = name.into();
        self
    }

    /// Marks the request as safe to re-send after an attempt that may have
    /// reached the server (a `503`, a `504`, a connection dropped after the
    /// request was sent). Only for requests whose second application changes
    /// nothing, such as a `PUT` that replaces a whole resource; by default only
    /// `GET`, `HEAD` and `OPTIONS` are re-sent. `429` responses and failures to
    /// connect are retried for every request either way.
    pub fn idempotent(mut self) -> Self {
        self.options.idempotency = Idempotency::Idempotent;
        self
    }

    /// Adds query parameters (anything serializable as a URL query).
    pub fn query<Q: Serialize + ?Sized>(self, query: &Q) -> Self {
        self.map(|b| b.query(query))
    }

    /// Sends `body` as JSON.
    pub fn json<B: Serialize + ?Sized>(self, body: &B) -> Self {
        self.map(|b| b.json(body))
    }

    /// Adds a header.
    pub fn header<K, V>(self, name: K, value: V) -> Self
    where
        HeaderName: TryFrom<K>,
        <HeaderName as TryFrom<K>>::Error: Into<http::Error>,
        HeaderValue: TryFrom<V>,
        <HeaderValue as TryFrom<V>>::Error: Into<http::Error>,
    {
        self.map(|b| b.header(name, value))
    }

    /// Sends the request and returns the successful response as is.
    pub async fn send(self) -> Result<reqwest::Response> {
        let request = self
            .builder?
            .build()
            .map_err(|e| Error::InvalidRequest(e.without_url().to_string()))?;
        self.runtime
            .execute_with(request, &self.operation, self.options)
            .await
    }

    /// Sends the request and decodes the JSON response as `T`; a decode
    /// failure names the operation and the JSON path.
    pub async fn send_json<T: DeserializeOwned>(self) -> Result<T> {
        let operation = self.operation.clone();
        let body = self.send_bytes_inner().await?;
        decode_json(&operation, &body)
    }

    /// Sends the request and returns the response body.
    pub async fn send_bytes(self) -> Result<Bytes> {
        self.send_bytes_inner().await
    }

    /// Sends the request and discards the response body.
    pub async fn send_empty(self) -> Result<()> {
        self.send_bytes_inner().await.map(|_| ())
    }

    /// Sends the request and returns the first page of a JSON list, linked to
    /// the following pages.
    pub async fn paginate<T: DeserializeOwned>(self) -> Result<Page<T>> {
        let runtime = self.runtime.clone();
        let operation = self.operation.clone();
        let response = self.send().await?;
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|e| Error::from_reqwest(&operation, e))?;
        let items: Vec<T> = decode_json(&operation, &body)?;
        Ok(Page::from_response(&runtime, &headers, items).with_operation(operation))
    }

    async fn send_bytes_inner(self) -> Result<Bytes> {
        let operation = self.operation.clone();
        let response = self.send().await?;
        response
            .bytes()
            .await
            .map_err(|e| Error::from_reqwest(&operation, e))
    }
}
