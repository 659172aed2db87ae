//! The loopback mock: a minimal HTTP/1.1 server answering like Okta's users API.
//!
//! `GET /api/v1/users?limit=&after=` pages through `users` users with `Link`
//! headers (`self`, and `next` while users remain); `GET /api/v1/users/{id}`
//! answers one full user. Every answer carries Okta's rate-limit headers, a
//! request id, `Date` and the usual cache and security headers. Options add a
//! rate-limit bucket (answers `429` past it), a fixed latency and a `503`
//! every n-th request.
//!
//! It runs on one thread so that it costs what it costs where the benchmark can
//! see it: `GET /__bench/stats` reports its request counts and the CPU time of
//! its own thread. Bodies are rendered once, at start: a ring of list pages
//! (a listing longer than the ring repeats its bodies, its cursors never) and a
//! ring of single users.

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::data;
use crate::measure;

/// The page size the ring of pre-rendered pages has (Okta's maximum for users).
pub const PAGE_SIZE: usize = 200;
/// How many list pages are pre-rendered.
const PAGE_RING: usize = 100;
/// How many single users are pre-rendered.
const SINGLE_RING: usize = 256;
/// The rate limit reported when no bucket is set (Okta's default for users).
const UNLIMITED_REPORTED: u32 = 600;

/// A fixed-window rate limit: `requests` per `window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bucket {
    /// Requests admitted per window.
    pub requests: u32,
    /// The window length.
    pub window: Duration,
}

impl Bucket {
    /// Reads `N/S` (N requests per S seconds).
    pub fn parse(text: &str) -> Option<Bucket> {
        let (n, s) = text.split_once('/')?;
        Some(Bucket {
            requests: n.trim().parse().ok()?,
            window: Duration::from_secs(s.trim().parse().ok()?),
        })
    }

    /// The least time `calls` requests take through this bucket from the
    /// start of a window: every full window but the last one is waited out.
    pub fn minimum(&self, calls: u32) -> Duration {
        let windows = calls.div_ceil(self.requests.max(1));
        self.window * windows.saturating_sub(1)
    }
}

/// What the mock serves.
#[derive(Clone, Debug)]
pub struct MockOptions {
    /// Users in the org.
    pub users: usize,
    /// The rate limit, if any.
    pub bucket: Option<Bucket>,
    /// Added before every answer.
    pub latency: Duration,
    /// Every n-th request answers `503` (0: never).
    pub fault_every: u64,
}

impl MockOptions {
    /// An org of `users` users, no limit, no latency, no faults.
    pub fn users(users: usize) -> MockOptions {
        MockOptions {
            users,
            bucket: None,
            latency: Duration::ZERO,
            fault_every: 0,
        }
    }
}

/// A running mock.
#[derive(Clone, Debug)]
pub struct Mock {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// When the first rate-limit window starts (a whole second).
    pub window_start: SystemTime,
}

/// What `GET /__bench/stats` reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stats {
    /// API requests answered.
    pub requests: u64,
    /// Of which `429`.
    pub throttled: u64,
    /// Of which injected `503`s.
    pub faults: u64,
    /// Connections accepted.
    pub connections: u64,
    /// CPU time of the mock's thread, in microseconds.
    pub cpu_us: u64,
}

/// Starts the mock on its own thread; returns once it listens.
pub fn start(options: MockOptions) -> io::Result<Mock> {
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    std_listener.set_nonblocking(true)?;
    let addr: SocketAddr = std_listener.local_addr()?;
    let base = format!("http://{addr}");
    let state = Arc::new(State::new(options, base.clone()));
    let window_start = state.window_start;
    std::thread::Builder::new()
        .name("okta-bench-mock".into())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(_) => return,
            };
            runtime.block_on(async move {
                let Ok(listener) = TcpListener::from_std(std_listener) else {
                    return;
                };
                while let Ok((socket, _)) = listener.accept().await {
                    tokio::spawn(connection(state.clone(), socket));
                }
            });
        })?;
    Ok(Mock { base, window_start })
}

/// Reads the mock's counters.
pub async fn stats(http: &reqwest::Client, base: &str) -> Result<Stats, reqwest::Error> {
    http.get(format!("{base}/__bench/stats"))
        .send()
        .await?
        .json()
        .await
}

struct State {
    options: MockOptions,
    base: String,
    pages: Vec<Bytes>,
    singles: Vec<Bytes>,
    window_start: SystemTime,
    /// Current window index and requests counted in it.
    window: Mutex<(u64, u32)>,
    requests: AtomicU64,
    throttled: AtomicU64,
    faults: AtomicU64,
    connections: AtomicU64,
}

impl State {
    fn new(options: MockOptions, base: String) -> State {
        let ring = options.users.div_ceil(PAGE_SIZE).clamp(1, PAGE_RING);
        let pages = (0..ring)
            .map(|p| Bytes::from(data::list_page(&base, p * PAGE_SIZE, (p + 1) * PAGE_SIZE)))
            .collect();
        let singles = (0..SINGLE_RING)
            .map(|i| {
                Bytes::from(serde_json::to_vec(&data::full_user(&base, i)).unwrap_or_default())
            })
            .collect();
        // Windows start on a whole second, as Okta's whole-second reset times imply.
        let now = unix_ms(SystemTime::now());
        let window_start = UNIX_EPOCH + Duration::from_millis((now / 1000 + 1) * 1000);
        State {
            options,
            base,
            pages,
            singles,
            window_start,
            window: Mutex::new((0, 0)),
            requests: AtomicU64::new(0),
            throttled: AtomicU64::new(0),
            faults: AtomicU64::new(0),
            connections: AtomicU64::new(0),
        }
    }

    fn answer(&self, target: &str) -> Answer {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        if path == "/__bench/stats" {
            let stats = Stats {
                requests: self.requests.load(Ordering::Relaxed),
                throttled: self.throttled.load(Ordering::Relaxed),
                faults: self.faults.load(Ordering::Relaxed),
                connections: self.connections.load(Ordering::Relaxed),
                cpu_us: measure::thread_cpu().as_micros() as u64,
            };
            return Answer::json(200, serde_json::to_vec(&stats).unwrap_or_default().into());
        }
        let number = self.requests.fetch_add(1, Ordering::Relaxed) + 1;
        let limit = self.rate_limit();
        if limit.throttled {
            self.throttled.fetch_add(1, Ordering::Relaxed);
            return Answer::error(
                429,
                "E0000047",
                "API call exceeded rate limit due to too many requests.",
            )
            .with_limit(limit, number);
        }
        if self.options.fault_every > 0 && number.is_multiple_of(self.options.fault_every) {
            self.faults.fetch_add(1, Ordering::Relaxed);
            return Answer::error(503, "E0000009", "Internal Server Error")
                .with_limit(limit, number);
        }
        let answer = if path == "/api/v1/users" {
            self.list(query)
        } else if let Some(id) = path.strip_prefix("/api/v1/users/") {
            match data::user_index(id) {
                Some(i) if i < self.options.users => {
                    Answer::json(200, self.singles[i % SINGLE_RING].clone())
                }
                _ => Answer::error(404, "E0000007", "Not found: Resource not found"),
            }
        } else {
            Answer::error(404, "E0000007", "Not found: Resource not found")
        };
        answer.with_limit(limit, number)
    }

    fn list(&self, query: &str) -> Answer {
        let mut limit = PAGE_SIZE;
        let mut start = 0;
        for pair in query.split('&') {
            match pair.split_once('=') {
                Some(("limit", v)) => limit = v.parse().unwrap_or(PAGE_SIZE).clamp(1, PAGE_SIZE),
                Some(("after", v)) => start = data::user_index(v).map_or(0, |i| i + 1),
                _ => {}
            }
        }
        let end = (start + limit).min(self.options.users);
        let start = start.min(end);
        let body = if end - start == PAGE_SIZE && start % PAGE_SIZE == 0 {
            self.pages[(start / PAGE_SIZE) % self.pages.len()].clone()
        } else {
            Bytes::from(data::list_page(&self.base, start, end))
        };
        let mut answer = Answer::json(200, body);
        answer.links.push(format!(
            "<{}/api/v1/users?{query}>; rel=\"self\"",
            self.base
        ));
        if end < self.options.users {
            answer.links.push(format!(
                "<{}/api/v1/users?after={}&limit={limit}>; rel=\"next\"",
                self.base,
                data::user_id(end - 1)
            ));
        }
        answer
    }

    /// Counts a request against the bucket.
    fn rate_limit(&self) -> LimitState {
        let now = SystemTime::now();
        let Some(bucket) = self.options.bucket else {
            let reset = unix_ms(now) / 1000 + 60;
            return LimitState {
                limit: UNLIMITED_REPORTED,
                remaining: UNLIMITED_REPORTED - 1,
                reset,
                throttled: false,
            };
        };
        let window_ms = bucket.window.as_millis().max(1) as u64;
        let elapsed = unix_ms(now).saturating_sub(unix_ms(self.window_start));
        let index = elapsed / window_ms;
        let count = {
            let mut window = self.window.lock().unwrap_or_else(|p| p.into_inner());
            if window.0 != index {
                *window = (index, 0);
            }
            window.1 = window.1.saturating_add(1);
            window.1
        };
        let reset_ms = unix_ms(self.window_start) + (index + 1) * window_ms;
        LimitState {
            limit: bucket.requests,
            remaining: bucket.requests.saturating_sub(count),
            reset: reset_ms.div_ceil(1000),
            throttled: count > bucket.requests,
        }
    }
}

#[derive(Clone, Copy)]
struct LimitState {
    limit: u32,
    remaining: u32,
    reset: u64,
    throttled: bool,
}

struct Answer {
    status: u16,
    body: Bytes,
    links: Vec<String>,
    limit: Option<(LimitState, u64)>,
}

impl Answer {
    fn json(status: u16, body: Bytes) -> Answer {
        Answer {
            status,
            body,
            links: Vec::new(),
            limit: None,
        }
    }

    fn error(status: u16, code: &str, summary: &str) -> Answer {
        let body = serde_json::json!({
            "errorCode": code,
            "errorSummary": summary,
            "errorLink": code,
            "errorId": "oaeBenchMock0000000000000",
            "errorCauses": []
        });
        Answer::json(status, serde_json::to_vec(&body).unwrap_or_default().into())
    }

    fn with_limit(mut self, limit: LimitState, number: u64) -> Answer {
        self.limit = Some((limit, number));
        self
    }

    fn head(&self) -> Vec<u8> {
        use std::fmt::Write;
        let reason = match self.status {
            200 => "OK",
            404 => "Not Found",
            429 => "Too Many Requests",
            503 => "Service Unavailable",
            _ => "Unknown",
        };
        let mut head = String::with_capacity(1024);
        let _ = write!(
            head,
            "HTTP/1.1 {} {reason}\r\ndate: {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
            self.status,
            httpdate::fmt_http_date(SystemTime::now()),
            self.body.len()
        );
        if let Some((limit, number)) = self.limit {
            let _ = write!(
                head,
                "x-okta-request-id: aBenchMock{number:017}\r\nx-rate-limit-limit: {}\r\nx-rate-limit-remaining: {}\r\nx-rate-limit-reset: {}\r\n",
                limit.limit, limit.remaining, limit.reset
            );
        }
        for link in &self.links {
            let _ = write!(head, "link: {link}\r\n");
        }
        head.push_str(
            "cache-control: no-cache, no-store\r\npragma: no-cache\r\nexpires: 0\r\n\
             strict-transport-security: max-age=315360000; includeSubDomains\r\n\
             x-content-type-options: nosniff\r\nvary: Accept-Encoding\r\n\r\n",
        );
        head.into_bytes()
    }
}

/// Serves one keep-alive connection.
async fn connection(state: Arc<State>, mut socket: TcpStream) {
    state.connections.fetch_add(1, Ordering::Relaxed);
    let _ = socket.set_nodelay(true);
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    loop {
        let end = loop {
            if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            match socket.read_buf(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        };
        let head = String::from_utf8_lossy(&buf[..end]).into_owned();
        let target = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
        let body_len: usize = head
            .lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.trim().parse().ok())
            .unwrap_or(0);
        while buf.len() < end + body_len {
            match socket.read_buf(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
        buf.drain(..end + body_len);
        let answer = state.answer(&target);
        if !state.options.latency.is_zero() {
            tokio::time::sleep(state.options.latency).await;
        }
        let head = answer.head();
        if socket.write_all(&head).await.is_err() || socket.write_all(&answer.body).await.is_err() {
            return;
        }
    }
}

fn unix_ms(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}
