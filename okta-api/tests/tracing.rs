//! Tracing: one span per request, nothing secret recorded, pacing waits
//! reported.
//!
//! Kept alone in its own test binary: a thread-local subscriber set while
//! other tests run in parallel can miss events whose interest was cached.

mod common;

use std::sync::Arc;

use common::*;
use httpmock::prelude::*;
use reqwest::Method;

#[tokio::test]
async fn tracing_span_does_not_leak_secrets() {
    use std::io::Write;
    use std::sync::Mutex;

    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);
    impl Write for Buf {
        fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(data);
            Ok(data.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/api/v1/users/u1");
            then.status(404)
                .header("x-okta-request-id", "trace-id")
                .body("{\"errorCode\":\"E0000007\",\"errorSummary\":\"secret-body\"}");
        })
        .await;
    let buf = Buf::default();
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let (rt, _, _) = runtime(&server);
    let guard = tracing::subscriber::set_default(subscriber);
    let _ = rt
        .request(Method::GET, "/api/v1/users/u1")
        .query(&[("search", "profile.email eq \"a@b.example\"")])
        .operation("getUser")
        .send_empty()
        .await;
    drop(guard);
    let logged = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert!(logged.contains("getUser"), "{logged}");
    assert!(logged.contains("trace-id"), "{logged}");
    assert!(logged.contains("/api/v1/users/u1"), "{logged}");
    assert!(!logged.contains("token-1"), "{logged}");
    assert!(!logged.contains("a@b.example"), "{logged}");
    assert!(!logged.contains("secret-body"), "{logged}");
}

#[tokio::test]
async fn a_pacing_wait_is_traced_with_its_bucket_and_length() {
    use std::io::Write;
    use std::sync::Mutex;
    use std::time::Duration;

    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);
    impl Write for Buf {
        fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(data);
            Ok(data.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/api/v1/groups");
            then.status(200)
                .header("date", http_date(0))
                .header("x-rate-limit-limit", "10")
                .header("x-rate-limit-remaining", "0")
                .header("x-rate-limit-reset", (START_SECS + 7).to_string())
                .json_body(serde_json::json!([]));
        })
        .await;
    let buf = Buf::default();
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let (rt, clock, _) = runtime(&server);
    let guard = tracing::subscriber::set_default(subscriber);
    // The first answer reports the bucket used up; the second call waits.
    get(&rt, "/api/v1/groups").await.unwrap();
    get(&rt, "/api/v1/groups").await.unwrap();
    drop(guard);
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(7)]);
    let logged = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    let waits: Vec<&str> = logged
        .lines()
        .filter(|l| l.contains("rate-limit pacing"))
        .collect();
    assert_eq!(waits.len(), 1, "{logged}");
    assert!(
        waits[0].contains("bucket=\"/api/v1/groups\"")
            || waits[0].contains("bucket=/api/v1/groups"),
        "{logged}"
    );
    assert!(waits[0].contains("wait_ms=7000"), "{logged}");
}
