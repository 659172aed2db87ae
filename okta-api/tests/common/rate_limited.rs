//! A stateful loopback server with an Okta-shaped fixed-window rate limit
//! (httpmock answers each request on its own and cannot count).
//!
//! Windows are whole seconds of the system clock: window `k` covers
//! `[k·W, (k+1)·W)` Unix seconds and admits `limit` requests; the others get
//! `429` with `X-Rate-Limit-Reset: (k+1)·W`, a `Date` and an `E0000047` body.
//! Optionally, more than `concurrency` requests in flight get a `429` that
//! reports capacity left and a reset a minute ahead (Okta's concurrent-request
//! limit). Paths ending in `/pages` answer a list of `pages` pages linked by
//! `Link: <…?after=N>; rel="next"`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// The server's limits.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Requests admitted per window.
    pub limit: u64,
    /// Window length in whole seconds.
    pub window_secs: u64,
    /// Requests in flight beyond which the server answers a concurrency `429`.
    pub concurrency: Option<usize>,
    /// How long each request is held before it is answered.
    pub hold: Duration,
    /// Pages of the `/pages` list.
    pub pages: usize,
}

impl Limits {
    pub fn window(limit: u64, window_secs: u64) -> Limits {
        Limits {
            limit,
            window_secs,
            concurrency: None,
            hold: Duration::ZERO,
            pages: 1,
        }
    }
}

/// What the server saw.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    /// Requests answered `200`.
    pub ok: usize,
    /// Requests refused by the window.
    pub rate_limited: usize,
    /// Requests refused by the concurrency limit.
    pub concurrency_limited: usize,
    /// Arrival of the first request.
    pub first_arrival: Option<SystemTime>,
}

#[derive(Debug, Default)]
struct Window {
    index: u64,
    used: u64,
}

#[derive(Debug)]
struct Shared {
    base_url: String,
    limits: Limits,
    window: Mutex<Window>,
    stats: Mutex<Stats>,
    in_flight: AtomicUsize,
}

/// A running rate-limited server.
#[derive(Clone, Debug)]
pub struct RateLimitedServer {
    base_url: String,
    shared: Arc<Shared>,
}

impl RateLimitedServer {
    pub async fn start(limits: Limits) -> RateLimitedServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let shared = Arc::new(Shared {
            base_url: base_url.clone(),
            limits,
            window: Mutex::new(Window::default()),
            stats: Mutex::new(Stats::default()),
            in_flight: AtomicUsize::new(0),
        });
        let serving = shared.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(serve(socket, serving.clone()));
            }
        });
        RateLimitedServer { base_url, shared }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn stats(&self) -> Stats {
        self.shared.stats.lock().unwrap().clone()
    }

    /// The window holding `t`.
    pub fn window_of(&self, t: SystemTime) -> u64 {
        let secs = t.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
        secs / self.shared.limits.window_secs
    }

    /// The start of window `index`.
    pub fn window_start(&self, index: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(index * self.shared.limits.window_secs)
    }

    /// The least time from the first arrival to the last of `calls`
    /// requests when at most `per_window` are admitted in each window: the
    /// last one cannot be admitted before the window
    /// `first + ceil(calls / per_window) - 1` opens.
    pub fn minimum_wall(&self, calls: u64, per_window: u64) -> Duration {
        let first = self.stats().first_arrival.expect("a request arrived");
        let windows = calls.div_ceil(per_window);
        let last_window = self.window_start(self.window_of(first) + windows - 1);
        last_window.duration_since(first).unwrap_or_default()
    }
}

/// Serves one keep-alive connection.
async fn serve(socket: TcpStream, shared: Arc<Shared>) {
    let (read, mut write) = socket.into_split();
    let mut reader = BufReader::new(read);
    loop {
        let mut request_line = String::new();
        match reader.read_line(&mut request_line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let mut content_length = 0usize;
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    content_length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        if content_length > 0 {
            let mut body = vec![0u8; content_length];
            if tokio::io::AsyncReadExt::read_exact(&mut reader, &mut body)
                .await
                .is_err()
            {
                return;
            }
        }
        let target = request_line.split(' ').nth(1).unwrap_or("/").to_owned();
        let response = answer(&shared, &target).await;
        // Done before the answer leaves, so a client that has read it and
        // sends again never finds its earlier request still counted.
        shared.in_flight.fetch_sub(1, Ordering::SeqCst);
        if write.write_all(response.as_bytes()).await.is_err() {
            return;
        }
    }
}

/// The response to one request, as bytes to write.
async fn answer(shared: &Shared, target: &str) -> String {
    let limits = shared.limits;
    let in_flight = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    let now = SystemTime::now();
    shared
        .stats
        .lock()
        .unwrap()
        .first_arrival
        .get_or_insert(now);
    let secs = now.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
    let index = secs / limits.window_secs;
    let reset = (index + 1) * limits.window_secs;
    let date = httpdate::fmt_http_date(now);

    if limits.concurrency.is_some_and(|most| in_flight > most) {
        let used = shared.window.lock().unwrap().used;
        shared.stats.lock().unwrap().concurrency_limited += 1;
        let remaining = limits.limit.saturating_sub(used).max(1);
        return limited(&date, limits.limit, remaining, secs + 60);
    }
    let remaining = {
        let mut window = shared.window.lock().unwrap();
        if window.index != index {
            *window = Window { index, used: 0 };
        }
        if window.used >= limits.limit {
            None
        } else {
            window.used += 1;
            Some(limits.limit - window.used)
        }
    };
    let Some(remaining) = remaining else {
        shared.stats.lock().unwrap().rate_limited += 1;
        return limited(&date, limits.limit, 0, reset);
    };
    // Refusals are immediate; admitted requests take their time.
    if !limits.hold.is_zero() {
        tokio::time::sleep(limits.hold).await;
    }
    shared.stats.lock().unwrap().ok += 1;

    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut extra = String::new();
    let body = if path.ends_with("/pages") {
        let page: usize = query
            .strip_prefix("after=")
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        if page + 1 < limits.pages {
            extra = format!(
                "link: <{}{path}?after={}>; rel=\"next\"\r\n",
                shared.base_url,
                page + 1
            );
        }
        format!("[{{\"id\":\"u{page}\"}}]")
    } else {
        "{\"id\":\"u1\"}".to_owned()
    };
    format!(
        "HTTP/1.1 200 OK\r\ndate: {date}\r\ncontent-type: application/json\r\n\
         x-rate-limit-limit: {}\r\nx-rate-limit-remaining: {remaining}\r\n\
         x-rate-limit-reset: {reset}\r\n{extra}content-length: {}\r\n\r\n{body}",
        limits.limit,
        body.len()
    )
}

fn limited(date: &str, limit: u64, remaining: u64, reset: u64) -> String {
    let body = "{\"errorCode\":\"E0000047\",\"errorSummary\":\"API call exceeded rate limit due to too many requests.\",\"errorLink\":\"E0000047\",\"errorId\":\"oaeMOCK\",\"errorCauses\":[]}";
    format!(
        "HTTP/1.1 429 Too Many Requests\r\ndate: {date}\r\ncontent-type: application/json\r\n\
         x-rate-limit-limit: {limit}\r\nx-rate-limit-remaining: {remaining}\r\n\
         x-rate-limit-reset: {reset}\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
}
