//! The loopback HTTP/1.1 server: accepts connections until the last
//! [`FakeOrg`](crate::FakeOrg) handle drops, reads each request whole, lets
//! the routes answer, and adds the headers every Okta response carries.

use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, CONTENT_TYPE, DATE};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::errors;
use crate::limits;
use crate::org::Shared;
use crate::routes;
use crate::time;
use crate::wire::{Reply, Req};
use crate::RecordedRequest;

/// Largest request body read; Okta's own limits are far lower for these APIs.
const MAX_BODY: usize = 1 << 20;

/// Serves until `stopped` sees its sender dropped.
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut stopped: watch::Receiver<()>,
) {
    loop {
        let stream = tokio::select! {
            _ = stopped.changed() => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    tracing::debug!(error = %e, "fake org: accept failed");
                    continue;
                }
            },
        };
        let shared = shared.clone();
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let shared = shared.clone();
                async move { Ok::<_, Infallible>(answer(&shared, request).await) }
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service);
            tokio::select! {
                _ = stopped.changed() => {}
                result = connection => {
                    if let Err(e) = result {
                        tracing::debug!(error = %e, "fake org: connection ended with an error");
                    }
                }
            }
        });
    }
}

async fn answer(shared: &Shared, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(_) => Err(()),
    };
    if !shared.settings.latency.is_zero() {
        tokio::time::sleep(shared.settings.latency).await;
    }
    let query: Vec<(String, String)> = parts
        .uri
        .query()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    let req = Req {
        method: parts.method,
        path: parts.uri.path().to_owned(),
        query,
        headers: parts.headers,
        body: body.clone().unwrap_or_default(),
    };

    let now = shared.settings.clock.now();
    let mut state = shared.lock();
    let request_id = state.ids.token()[..24].to_owned();
    let bucket = limits::bucket(&req.path);
    let (rate, limited) = limits::count(&mut state, &shared.settings, &bucket, now);
    let reply = if let Some(reply) = limited {
        reply
    } else if body.is_err() {
        errors::okta_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "E0000001",
            "Api validation failed: the request body is too large",
            &[],
        )
    } else {
        let mut ctx = routes::Ctx {
            st: &mut state,
            origin: &shared.origin,
            api_token: &shared.api_token,
            now,
            settings: &shared.settings,
        };
        routes::handle(&mut ctx, &req)
    };
    state.requests.push(RecordedRequest {
        method: req.method.as_str().to_owned(),
        path: req.path.clone(),
        query: req.parts_query(),
        status: reply.status.as_u16(),
    });
    drop(state);
    tracing::debug!(method = %req.method, path = %req.path, status = reply.status.as_u16(), "fake org answered");
    render(reply, &request_id, &rate, now)
}

/// The response: the reply's status, headers and body, plus `Date`,
/// `X-Okta-Request-Id` and the rate-limit headers; an error body gets the
/// request id as its `errorId`.
fn render(
    reply: Reply,
    request_id: &str,
    rate: &limits::RateHeaders,
    now: std::time::SystemTime,
) -> Response<Full<Bytes>> {
    let Reply {
        status,
        headers,
        body,
    } = reply;
    let body = body.map(|mut value| {
        if let Some(Value::String(id)) = value.get_mut("errorId") {
            if id.is_empty() {
                *id = request_id.to_owned();
            }
        }
        value
    });
    let bytes = body
        .as_ref()
        .map(|v| Bytes::from(serde_json::to_vec(v).unwrap_or_default()))
        .unwrap_or_default();
    let mut response = Response::new(Full::new(bytes));
    *response.status_mut() = status;
    let out = response.headers_mut();
    if body.is_some() {
        out.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    let mut put = |name: &'static str, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            out.insert(name, value);
        }
    };
    put(DATE.as_str(), time::http_date(now));
    put("x-okta-request-id", request_id.to_owned());
    put("x-rate-limit-limit", rate.limit.to_string());
    put("x-rate-limit-remaining", rate.remaining.to_string());
    put("x-rate-limit-reset", rate.reset.to_string());
    for (name, value) in headers {
        out.append(name, value);
    }
    response
}
