//! Fault injection (issue 9): a loopback server answers by script with error
//! statuses, rate-limit storms, dropped connections, truncated and slow
//! bodies, wrong content types and repeated headers. Each test states one
//! property of the runtime over every fault:
//!
//! * a paginated list yields exactly the full set or ends with an error item;
//! * a request that is not idempotent is never read twice by the server when
//!   the first one may have been applied;
//! * no call outlives `requestTimeout` by more than a small tolerance;
//! * no fault makes the runtime panic;
//! * the error names the operation and, when the server sent one, the
//!   request id.
//!
//! Retries run on a fake clock (no real waits) except where time is the
//! property; the server's own delays are the injected faults, never a means
//! of synchronisation.

mod common;

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use futures::StreamExt;
use okta_api::{Error, Runtime};
use reqwest::Method;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The operation name every call of these tests carries.
const OP: &str = "listWidgets";
/// The request id the server puts on every answer it sends.
const REQUEST_ID: &str = "req-fault-1";

/// What the server does with one connection.
#[derive(Clone, Debug)]
enum Fault {
    /// A complete answer (with `Content-Length`, `X-Okta-Request-Id`, `Connection: close`).
    Answer {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// Closes the connection without reading the request.
    DropBeforeRead,
    /// Reads the request, then closes the connection without answering.
    DropAfterRead,
    /// `200` announcing more body than it sends, then closes.
    TruncatedBody,
    /// Waits this long before the first byte, then answers `200 []`.
    SlowFirstByte(Duration),
    /// `200` whose body arrives one byte every 100 ms.
    SlowBody,
    /// Reads the request, waits this long, then plays the inner fault's answer.
    Delayed(Duration, Box<Fault>),
}

use Fault::*;

fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> Fault {
    Answer {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        body: body.to_owned(),
    }
}

/// A loopback server playing `script`, one entry per connection; once the
/// script is exhausted every connection is answered `418`.
struct Server {
    base: String,
    /// Requests read completely, as `METHOD path?query`.
    requests: Arc<Mutex<Vec<String>>>,
    /// Connections accepted.
    connections: Arc<AtomicUsize>,
}

impl Server {
    async fn start(script: impl FnOnce(&str) -> Vec<Fault>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let script = Arc::new(Mutex::new(VecDeque::from(script(&base))));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let (log, count) = (requests.clone(), connections.clone());
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                count.fetch_add(1, Ordering::SeqCst);
                let fault = script
                    .lock()
                    .unwrap()
                    .pop_front()
                    .unwrap_or_else(|| answer(418, &[], "script exhausted"));
                tokio::spawn(serve(socket, fault, log.clone()));
            }
        });
        Server {
            base,
            requests,
            connections,
        }
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }

    /// A runtime on a fake clock: retry waits pass at once but count against
    /// the request timeout (in fake time).
    fn runtime(&self, max_retries: u32, timeout: Duration) -> (Runtime, Arc<FakeClock>) {
        let mut config = config_for(&self.base);
        config.max_retries = max_retries;
        config.request_timeout = Some(timeout);
        let clock = FakeClock::new();
        let rt = builder_with(config, &clock).build().expect("runtime");
        (rt, clock)
    }

    /// A runtime on the real clock (for the timing property).
    fn real_time_runtime(&self, max_retries: u32, timeout: Duration) -> Runtime {
        let mut config = config_for(&self.base);
        config.max_retries = max_retries;
        config.request_timeout = Some(timeout);
        let policy = okta_api::RetryPolicy::with_max_retries(max_retries)
            .jitter(Duration::ZERO)
            .backoff(Duration::from_millis(150), Duration::from_millis(300));
        Runtime::builder(config)
            .retry_policy(policy)
            .build()
            .expect("runtime")
    }
}

/// Reads one request; `None` when the client closed first.
async fn read_request(socket: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let length = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let line = head.lines().next().unwrap_or_default();
    let mut parts = line.split(' ');
    Some(format!(
        "{} {}",
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default()
    ))
}

fn head(status: u16, length: usize, headers: &[(String, String)]) -> String {
    let mut head = format!(
        "HTTP/1.1 {status} Fault\r\ncontent-length: {length}\r\nconnection: close\r\nx-okta-request-id: {REQUEST_ID}\r\n"
    );
    if !headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
    {
        head.push_str("content-type: application/json\r\n");
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    head
}

async fn serve(mut socket: TcpStream, fault: Fault, log: Arc<Mutex<Vec<String>>>) {
    if matches!(fault, DropBeforeRead) {
        return; // dropping the socket closes it unread
    }
    let Some(request) = read_request(&mut socket).await else {
        return;
    };
    log.lock().unwrap().push(request);
    let fault = match fault {
        Delayed(delay, inner) => {
            tokio::time::sleep(delay).await;
            *inner
        }
        other => other,
    };
    let _ = match fault {
        DropBeforeRead | DropAfterRead | Delayed(..) => return,
        Answer {
            status,
            headers,
            body,
        } => {
            let text = head(status, body.len(), &headers) + &body;
            socket.write_all(text.as_bytes()).await
        }
        TruncatedBody => {
            let text = head(200, 100, &[]) + "[{\"id\":";
            socket.write_all(text.as_bytes()).await
        }
        SlowFirstByte(delay) => {
            tokio::time::sleep(delay).await;
            socket
                .write_all((head(200, 2, &[]) + "[]").as_bytes())
                .await
        }
        SlowBody => {
            let body = "[".to_owned() + &"0,".repeat(500) + "0]";
            let result = socket
                .write_all(head(200, body.len(), &[]).as_bytes())
                .await;
            for byte in body.bytes() {
                tokio::time::sleep(Duration::from_millis(100)).await;
                if socket.write_all(&[byte]).await.is_err() {
                    break;
                }
            }
            result
        }
    };
    let _ = socket.shutdown().await;
}

/// A page of widgets `from..to` linking to `next`.
fn page(base: &str, from: u32, to: u32, next: Option<u32>) -> Fault {
    let items: Vec<Value> = (from..to).map(|i| json!({ "id": i })).collect();
    let mut headers = vec![(
        "link".to_owned(),
        format!("<{base}/api/v1/widgets?limit=2>; rel=\"self\""),
    )];
    if let Some(after) = next {
        headers.push((
            "link".to_owned(),
            format!("<{base}/api/v1/widgets?after={after}&limit=2>; rel=\"next\""),
        ));
    }
    Answer {
        status: 200,
        headers,
        body: Value::from(items).to_string(),
    }
}

/// Every fault, by name, with whether a `GET` survives it (is retried into
/// success) under the default policy with retries left.
fn faults() -> Vec<(&'static str, Fault, bool)> {
    let date = http_date(0);
    let near_reset = (START_SECS + 1).to_string();
    let far_reset = (START_SECS + 3_600).to_string();
    vec![
        (
            "500",
            answer(
                500,
                &[],
                &okta_error("E0000009", "Internal Server Error").to_string(),
            ),
            false,
        ),
        (
            "502",
            answer(
                502,
                &[("content-type", "text/html")],
                "<html>bad gateway</html>",
            ),
            false,
        ),
        ("503", answer(503, &[], ""), true),
        ("504", answer(504, &[], ""), true),
        (
            "429 near reset with Date",
            answer(
                429,
                &[
                    ("date", &date),
                    ("x-rate-limit-limit", "600"),
                    ("x-rate-limit-remaining", "0"),
                    ("x-rate-limit-reset", &near_reset),
                ],
                "",
            ),
            true,
        ),
        (
            "429 near reset without Date",
            answer(
                429,
                &[
                    ("x-rate-limit-limit", "600"),
                    ("x-rate-limit-remaining", "0"),
                    ("x-rate-limit-reset", &near_reset),
                ],
                "",
            ),
            true,
        ),
        (
            "429 far reset",
            answer(
                429,
                &[
                    ("date", &date),
                    ("x-rate-limit-limit", "600"),
                    ("x-rate-limit-remaining", "0"),
                    ("x-rate-limit-reset", &far_reset),
                ],
                "",
            ),
            false,
        ),
        (
            "429 overflowing reset",
            answer(
                429,
                &[
                    ("date", &date),
                    ("x-rate-limit-limit", "600"),
                    ("x-rate-limit-remaining", "0"),
                    ("x-rate-limit-reset", "99999999999999999999999"),
                ],
                "",
            ),
            true,
        ),
        ("dropped before the request is read", DropBeforeRead, true),
        ("dropped after the request is read", DropAfterRead, true),
        ("truncated body", TruncatedBody, false),
        (
            "wrong content type",
            answer(200, &[("content-type", "text/html")], "<html>login</html>"),
            false,
        ),
        (
            "duplicated rate-limit headers",
            answer(
                200,
                &[
                    ("x-rate-limit-reset", "1"),
                    ("x-rate-limit-reset", "x, 99999999999999999999"),
                    ("x-rate-limit-limit", "1"),
                    ("x-rate-limit-limit", "-5"),
                    ("x-rate-limit-remaining", "0, 0"),
                ],
                "[]",
            ),
            true,
        ),
        (
            "slow first byte",
            SlowFirstByte(Duration::from_millis(300)),
            true,
        ),
    ]
}

/// A call's error must name the operation, and carry the request id when the
/// server answered.
fn assert_names_operation_and_request_id(fault: &str, err: &Error, answered: bool) {
    let shown = err.to_string();
    assert!(
        shown.contains(OP),
        "{fault}: the error does not name {OP}: {shown}"
    );
    if answered && matches!(err, Error::Api(_)) {
        assert_eq!(err.request_id(), Some(REQUEST_ID), "{fault}: {err:?}");
    }
}

/// Lists every widget; `Ok` with the items, or the items before the error and the error.
async fn list_all(rt: &Runtime) -> (Vec<u32>, Option<Error>) {
    let first = rt
        .request(Method::GET, "/api/v1/widgets")
        .operation(OP)
        .query(&[("limit", "2")])
        .paginate::<Value>()
        .await;
    let first = match first {
        Ok(page) => page,
        Err(e) => return (Vec::new(), Some(e)),
    };
    let mut stream = first.into_stream();
    let mut ids = Vec::new();
    while let Some(item) = stream.next().await {
        match item {
            Ok(v) => ids.push(v["id"].as_u64().unwrap_or(u64::MAX) as u32),
            Err(e) => {
                // An error item ends the stream.
                assert!(stream.next().await.is_none(), "items after the error item");
                return (ids, Some(e));
            }
        }
    }
    (ids, None)
}

#[tokio::test]
async fn a_listing_is_complete_or_ends_with_an_error_item() {
    let all: Vec<u32> = (0..6).collect();
    for (name, fault, survivable) in faults() {
        // The fault hits each of the three pages in turn.
        for hit in 0..3u32 {
            let fault = fault.clone();
            let server = Server::start(|base| {
                let mut script = Vec::new();
                for p in 0..3u32 {
                    let mut page = page(base, p * 2, p * 2 + 2, (p < 2).then_some(p * 2 + 2));
                    match (&fault, &mut page) {
                        // A successful answer's fault is in its headers: the page carries them.
                        (
                            Answer {
                                status: 200,
                                headers: extra,
                                body,
                            },
                            Answer { headers, .. },
                        ) if p == hit && body == "[]" => headers.extend(extra.iter().cloned()),
                        (SlowFirstByte(delay), _) if p == hit => {
                            page = Delayed(*delay, Box::new(page));
                        }
                        _ if p == hit => script.push(fault.clone()),
                        _ => {}
                    }
                    script.push(page);
                }
                script
            })
            .await;
            let (rt, _clock) = server.runtime(3, Duration::from_secs(10));
            let (ids, error) = list_all(&rt).await;
            match error {
                None => {
                    assert_eq!(ids, all, "{name} on page {hit}: a silent partial list");
                    assert!(survivable, "{name} on page {hit}: expected an error item");
                }
                Some(err) => {
                    assert!(!survivable, "{name} on page {hit}: {err:?}");
                    assert_eq!(ids, all[..(hit as usize * 2)], "{name} on page {hit}");
                    let answered =
                        !matches!(fault, DropBeforeRead | DropAfterRead | SlowFirstByte(_));
                    assert_names_operation_and_request_id(name, &err, answered);
                }
            }
        }
    }
}

#[tokio::test]
async fn a_request_that_may_have_been_applied_is_never_read_twice() {
    for method in [Method::POST, Method::DELETE, Method::PUT, Method::PATCH] {
        for (name, fault, _) in faults() {
            let server = Server::start(|base| {
                // The fault, then success for any (wrong) resend, then a page.
                vec![
                    fault.clone(),
                    answer(200, &[], "{}"),
                    page(base, 0, 1, None),
                ]
            })
            .await;
            let (rt, _clock) = server.runtime(3, Duration::from_secs(10));
            let result = rt
                .request(method.clone(), "/api/v1/users/00u1")
                .operation(OP)
                .json(&json!({ "profile": { "login": "a@example.com" } }))
                .send_bytes()
                .await;
            let reads = server.requests();
            let rate_limited = matches!(&fault, Answer { status: 429, .. });
            if rate_limited {
                // Okta did not process a 429: it is re-sent within the budget.
                assert!(reads.len() <= 2, "{method} {name}: {reads:?}");
            } else {
                assert!(
                    reads.len() <= 1,
                    "{method} {name}: read {} times: {reads:?}",
                    reads.len()
                );
            }
            if let Err(err) = result {
                let answered = !matches!(
                    fault,
                    DropBeforeRead | DropAfterRead | SlowFirstByte(_) | Delayed(..)
                );
                assert_names_operation_and_request_id(name, &err, answered);
                if reads.len() == 1 && !rate_limited && !matches!(fault, Answer { status: 200, .. })
                {
                    assert!(err.may_have_been_applied(), "{method} {name}: {err:?}");
                }
            }
        }
    }
}

#[tokio::test]
async fn no_call_outlives_the_request_timeout() {
    const TIMEOUT: Duration = Duration::from_millis(700);
    const TOLERANCE: Duration = Duration::from_millis(400);
    let date = httpdate::fmt_http_date(std::time::SystemTime::now());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let reset = now.to_string();
    let storms: Vec<(&str, Vec<Fault>)> = vec![
        (
            "slow first byte",
            vec![SlowFirstByte(Duration::from_secs(30))],
        ),
        ("slow body", vec![SlowBody]),
        ("503 storm", vec![answer(503, &[], ""); 20]),
        ("dropped connection storm", vec![DropAfterRead; 20]),
        (
            "429 storm, near reset with Date",
            vec![
                answer(
                    429,
                    &[
                        ("date", &date),
                        ("x-rate-limit-limit", "1"),
                        ("x-rate-limit-remaining", "0"),
                        ("x-rate-limit-reset", &reset)
                    ],
                    ""
                );
                20
            ],
        ),
        (
            "429 storm without Date",
            vec![
                answer(
                    429,
                    &[
                        ("x-rate-limit-limit", "1"),
                        ("x-rate-limit-remaining", "0"),
                        ("x-rate-limit-reset", &reset)
                    ],
                    ""
                );
                20
            ],
        ),
        (
            "slow first byte after 503",
            vec![answer(503, &[], ""), SlowFirstByte(Duration::from_secs(30))],
        ),
    ];
    let mut calls = Vec::new();
    for (name, script) in storms {
        calls.push(tokio::spawn(async move {
            let server = Server::start(|_| script).await;
            let rt = server.real_time_runtime(50, TIMEOUT);
            let start = Instant::now();
            let (_, error) = list_all(&rt).await;
            let elapsed = start.elapsed();
            assert!(
                elapsed <= TIMEOUT + TOLERANCE,
                "{name}: {elapsed:?} (requestTimeout {TIMEOUT:?})"
            );
            let err = error.unwrap_or_else(|| panic!("{name}: no error"));
            assert!(err.to_string().contains(OP), "{name}: {err}");
            (name, server.connections.load(Ordering::SeqCst))
        }));
    }
    for call in calls {
        let (name, connections) = call.await.expect("no panic");
        assert!(connections >= 1, "{name}");
    }
}

#[tokio::test]
async fn no_fault_makes_the_runtime_panic() {
    let mut garbage: Vec<(&str, Fault, bool)> = faults();
    for (name, headers) in [
        (
            "garbage rate-limit headers",
            vec![
                ("x-rate-limit-reset", "-1"),
                ("x-rate-limit-limit", "NaN"),
                ("date", "yesterday"),
            ],
        ),
        (
            "reset before the epoch of Date",
            vec![
                ("x-rate-limit-reset", "0"),
                ("x-rate-limit-limit", "1"),
                ("x-rate-limit-remaining", "0"),
                ("date", "Fri, 31 Dec 9999 23:59:59 GMT"),
            ],
        ),
        (
            "reset at u64::MAX",
            vec![
                ("x-rate-limit-reset", "18446744073709551615"),
                ("x-rate-limit-limit", "1"),
                ("x-rate-limit-remaining", "0"),
                ("date", "Thu, 01 Jan 1970 00:00:00 GMT"),
            ],
        ),
    ] {
        garbage.push((name, answer(429, &headers, "{\"errorCode\": 7}"), true));
        garbage.push((name, answer(503, &headers, "\u{0}\u{1}not json"), true));
    }
    for (name, fault, _) in garbage {
        for method in [Method::GET, Method::POST] {
            let fault = fault.clone();
            let call = tokio::spawn(async move {
                let server =
                    Server::start(|base| vec![fault.clone(), fault, page(base, 0, 1, None)]).await;
                let (rt, _clock) = server.runtime(2, Duration::from_secs(10));
                let _ = rt
                    .request(method, "/api/v1/widgets")
                    .operation(OP)
                    .send_bytes()
                    .await;
                let _ = list_all(&rt).await;
            });
            assert!(call.await.is_ok(), "{name}: the runtime panicked");
        }
    }
}
