//! One paging path: every page is the same builder sent again with the next cursor, a
//! listing resumes from a saved cursor, and loop protection keeps a bounded window.

mod common;

use std::sync::{Arc, Mutex};

use futures::TryStreamExt;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the org answers for `/api/v1/users?…&after=N`: the users of that page, and the
/// cursor of the next page (if any).
type Script = Arc<dyn Fn(u32) -> Reply + Send + Sync>;

enum Reply {
    Users { ids: Vec<u32>, next: Option<u32> },
    Error { status: u16, code: &'static str },
}

/// A loopback org serving `/api/v1/users` by `script`; records every request target.
async fn org(script: Script) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (log, base_for_links) = (seen.clone(), base.clone());
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let (script, log, base) = (script.clone(), log.clone(), base_for_links.clone());
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&buf).to_string();
                let target = head.split(' ').nth(1).unwrap_or("").to_owned();
                log.lock().expect("log").push(target.clone());
                let after = target
                    .split(['?', '&'])
                    .find_map(|kv| kv.strip_prefix("after="))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                let response = match script(after) {
                    Reply::Users { ids, next } => {
                        let body = serde_json::to_string(
                            &ids.iter()
                                .map(|i| json!({"id": format!("00u{i}"), "status": "ACTIVE"}))
                                .collect::<Vec<_>>(),
                        )
                        .expect("json");
                        let link = next.map_or(String::new(), |n| {
                            format!(
                                "Link: <{base}/api/v1/users?limit=1&after={n}>; rel=\"next\"\r\n"
                            )
                        });
                        format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n{link}\r\n{body}",
                            body.len()
                        )
                    }
                    Reply::Error { status, code } => {
                        let body = json!({"errorCode": code, "errorSummary": "boom", "errorId": "oae1", "errorCauses": []}).to_string();
                        format!(
                            "HTTP/1.1 {status} Error\r\nContent-Type: application/json\r\nX-Okta-Request-Id: req-{after}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                            body.len()
                        )
                    }
                };
                let _ = socket.write_all(response.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (base, seen)
}

fn client(base: &str) -> okta::Client {
    common::client_for_url(base)
}

#[tokio::test]
async fn a_thousand_pages_are_one_builder_sent_again_with_the_next_cursor() {
    const PAGES: u32 = 1000;
    let (base, seen) = org(Arc::new(|after| Reply::Users {
        ids: vec![after],
        next: (after + 1 < PAGES).then_some(after + 1),
    }))
    .await;
    let client = client(&base);
    let users: Vec<okta::models::User> = client
        .list_users()
        .limit(1)
        .search("status eq \"ACTIVE\"")
        .stream()
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(users.len(), PAGES as usize);
    assert_eq!(users[999].id.as_deref(), Some("00u999"));
    let seen = seen.lock().expect("log").clone();
    assert_eq!(seen.len(), PAGES as usize);
    // Every page after the first carries the builder's own parameters plus the cursor:
    // the same request was sent again, not the server's link.
    for (n, target) in seen.iter().enumerate().skip(1) {
        assert!(target.starts_with("/api/v1/users?"), "{target}");
        assert!(target.contains("limit=1"), "{target}");
        assert!(target.contains("search=status"), "{target}");
        assert!(target.contains(&format!("after={n}")), "{target}");
    }
}

#[tokio::test]
async fn an_error_on_page_three_is_the_same_typed_error_as_on_page_one() {
    let (base, _) = org(Arc::new(|after| match after {
        0 | 1 => Reply::Users {
            ids: vec![after],
            next: Some(after + 1),
        },
        _ => Reply::Error {
            status: 500,
            code: "E0000009",
        },
    }))
    .await;
    let client = client(&base);
    let mut stream = client.list_users().limit(1).stream();
    let mut items = 0;
    let error = loop {
        match stream.try_next().await {
            Ok(Some(_)) => items += 1,
            Ok(None) => panic!("the listing ended without the error"),
            Err(error) => break error,
        }
    };
    assert_eq!(items, 2);
    assert_eq!(error.operation(), Some("listUsers"));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(error.okta_error_code(), Some("E0000009"));
    assert_eq!(error.request_id(), Some("req-2"));
    assert!(stream.try_next().await.expect("ended").is_none());
}

#[tokio::test]
async fn a_listing_resumes_from_a_saved_cursor_with_exactly_the_remaining_items() {
    let (base, _) = org(Arc::new(|after| Reply::Users {
        ids: vec![after * 2, after * 2 + 1],
        next: (after < 4).then_some(after + 1),
    }))
    .await;
    let client = client(&base);
    let first = client
        .list_users()
        .limit(2)
        .send_page()
        .await
        .expect("page");
    assert_eq!(first.items().len(), 2);
    assert!(first.has_next());
    let cursor = first.next_cursor().expect("cursor").to_owned();
    assert_eq!(cursor, "1");
    // A job that crashed here resumes with the saved cursor.
    let rest: Vec<String> = client
        .list_users()
        .limit(2)
        .after(cursor)
        .stream()
        .map_ok(|u| u.id.unwrap_or_default())
        .try_collect()
        .await
        .expect("rest");
    let want: Vec<String> = (2..10).map(|i| format!("00u{i}")).collect();
    assert_eq!(rest, want);
}

#[tokio::test]
async fn pages_carry_headers_and_a_repeated_cursor_ends_the_listing() {
    // Page 2 points at itself: the listing ends after it, once.
    let (base, seen) = org(Arc::new(|after| Reply::Users {
        ids: vec![after],
        next: Some(1),
    }))
    .await;
    let client = client(&base);
    let pages: Vec<okta::Page<okta::models::User>> = client
        .list_users()
        .limit(1)
        .pages()
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].status(), 200);
    assert_eq!(
        pages[0].headers()["content-type"].to_str().ok(),
        Some("application/json")
    );
    assert_eq!(seen.lock().expect("log").len(), 2);
}

/// The stream of a client method needs no pinning and can be moved into a task.
#[tokio::test]
async fn streams_are_send_and_unpin() {
    fn assert_send_unpin<T: Send + Unpin>(_: &T) {}
    let (base, _) = org(Arc::new(|_| Reply::Users {
        ids: vec![1],
        next: None,
    }))
    .await;
    let client = client(&base);
    let stream = client.list_users().stream();
    assert_send_unpin(&stream);
    let pages = client.list_users().pages();
    assert_send_unpin(&pages);
    let client = client.clone();
    let count = tokio::spawn(async move {
        let users: Vec<_> = client.list_users().stream().try_collect().await?;
        Ok::<usize, okta::Error>(users.len())
    })
    .await
    .expect("task")
    .expect("listing");
    assert_eq!(count, 1);
}
