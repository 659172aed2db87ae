//! Link-header pagination: pages, streams, origins, loops, failures, resume.

mod common;

use common::*;
use futures::StreamExt;
use httpmock::prelude::*;
use okta_api::{Error, Page};
use reqwest::Method;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize, PartialEq)]
struct User {
    id: String,
}

fn ids(users: &[User]) -> Vec<&str> {
    users.iter().map(|u| u.id.as_str()).collect()
}

/// Three pages; the Link headers use separate lines on page 1 and one
/// comma-separated line (unquoted rel) on page 2.
async fn three_pages(server: &MockServer) {
    let base = server.base_url();
    let (p1_self, p2, p3) = (
        format!("<{base}/api/v1/users?limit=2>; rel=\"self\""),
        format!("<{base}/api/v1/users?after=u2&limit=2>; rel=\"next\""),
        format!("{base}/api/v1/users?after=u4&limit=2"),
    );
    server
        .mock_async(|when, then| {
            when.path("/api/v1/users").query_param_missing("after");
            then.status(200)
                .header("link", p1_self.as_str())
                .header("link", p2.as_str())
                .json_body(json!([{"id": "u1"}, {"id": "u2"}]));
        })
        .await;
    let combined = format!("<{base}/api/v1/users?after=u2&limit=2>; rel=self, <{p3}>; rel=next");
    server
        .mock_async(|when, then| {
            when.path("/api/v1/users").query_param("after", "u2");
            then.status(200)
                .header("link", combined.as_str())
                .json_body(json!([{"id": "u3"}, {"id": "u4"}]));
        })
        .await;
    let last_self = format!("<{p3}>; rel=\"self\"");
    server
        .mock_async(|when, then| {
            when.path("/api/v1/users").query_param("after", "u4");
            then.status(200)
                .header("link", last_self.as_str())
                .json_body(json!([{"id": "u5"}]));
        })
        .await;
}

#[tokio::test]
async fn stream_walks_three_pages() {
    let server = MockServer::start_async().await;
    three_pages(&server).await;
    let (rt, _, _) = runtime(&server);
    let first: Page<User> = rt
        .request(Method::GET, "/api/v1/users")
        .query(&[("limit", "2")])
        .paginate()
        .await
        .unwrap();
    let all: Vec<User> = first.into_stream().map(|r| r.unwrap()).collect().await;
    assert_eq!(ids(&all), vec!["u1", "u2", "u3", "u4", "u5"]);
}

#[tokio::test]
async fn has_next_and_next_walk_like_the_python_sdk() {
    let server = MockServer::start_async().await;
    three_pages(&server).await;
    let (rt, _, _) = runtime(&server);
    let mut page: Page<User> = rt
        .request(Method::GET, "/api/v1/users")
        .paginate()
        .await
        .unwrap();
    assert!(page.has_next());
    assert_eq!(page.next_cursor().as_deref(), Some("u2"));
    let mut seen = ids(page.items())
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>();
    while page.has_next() {
        page = page.next().await.unwrap().expect("a next page");
        seen.extend(ids(page.items()).iter().map(|s| s.to_string()));
    }
    assert_eq!(seen, vec!["u1", "u2", "u3", "u4", "u5"]);
    assert!(!page.has_next());
    assert!(page.next().await.unwrap().is_none());
    assert_eq!(page.into_items(), vec![User { id: "u5".into() }]);
}

#[tokio::test]
async fn into_next_walks_on_and_a_page_kept_by_the_caller_stays_as_it_was() {
    let server = MockServer::start_async().await;
    three_pages(&server).await;
    let (rt, _, _) = runtime(&server);
    let first: Page<User> = rt
        .request(Method::GET, "/api/v1/users")
        .paginate()
        .await
        .unwrap();
    // `next` borrows: the first page keeps its own visited set and next link.
    let second = first.next().await.unwrap().expect("page 2");
    assert!(first.has_next());
    assert_eq!(first.next_cursor().as_deref(), Some("u2"));
    // `into_next` consumes, extending the visited set in place.
    let mut seen = ids(second.items())
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>();
    let mut page = second;
    while let Some(next) = page.into_next().await.unwrap() {
        seen.extend(ids(next.items()).iter().map(|s| s.to_string()));
        page = next;
    }
    assert_eq!(seen, vec!["u3", "u4", "u5"]);
    // The first page can still be walked again from the start.
    let again: Vec<User> = first.into_stream().map(|r| r.unwrap()).collect().await;
    assert_eq!(ids(&again), vec!["u1", "u2", "u3", "u4", "u5"]);
}

#[tokio::test]
async fn from_response_reads_the_link_header() {
    let server = MockServer::start_async().await;
    three_pages(&server).await;
    let (rt, _, _) = runtime(&server);
    let resp = get(&rt, "/api/v1/users").await.unwrap();
    let headers = resp.headers().clone();
    let items: Vec<User> = resp.json().await.unwrap();
    let page = Page::from_response(&rt, &headers, items);
    assert_eq!(page.items().len(), 2);
    let second = page.into_next().await.unwrap().unwrap();
    assert_eq!(ids(second.items()), vec!["u3", "u4"]);
}

#[tokio::test]
async fn foreign_next_link_is_refused_and_never_contacted() {
    let server = MockServer::start_async().await;
    let foreign = MockServer::start_async().await;
    let foreign_mock = foreign
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).json_body(json!([{"id": "evil"}]));
        })
        .await;
    let next = format!(
        "<{}/api/v1/users?after=u1>; rel=\"next\"",
        foreign.base_url()
    );
    server
        .mock_async(|when, then| {
            when.path("/api/v1/users");
            then.status(200)
                .header("link", next.as_str())
                .json_body(json!([{"id": "u1"}]));
        })
        .await;
    // Both servers are on 127.0.0.1; the ports differ, so the origins do.
    let (rt, _, _) = runtime(&server);
    let page: Page<User> = rt
        .request(Method::GET, "/api/v1/users")
        .paginate()
        .await
        .unwrap();
    let results: Vec<Result<User, Error>> = page.into_stream().collect().await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().id, "u1");
    assert!(matches!(results[1], Err(Error::ForeignOrigin { .. })));
    foreign_mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn repeated_cursor_stops_the_stream() {
    let server = MockServer::start_async().await;
    let base = server.base_url();
    let again = format!("<{base}/api/v1/users?after=c1>; rel=\"next\"");
    server
        .mock_async(|when, then| {
            when.path("/api/v1/users").query_param_missing("after");
            then.status(200)
                .header("link", again.as_str())
                .json_body(json!([{"id": "u1"}]));
        })
        .await;
    let looping = server
        .mock_async(|when, then| {
            when.path("/api/v1/users").query_param("after", "c1");
            then.status(200)
                .header("link", again.as_str())
                .json_body(json!([{"id": "u2"}]));
        })
        .await;
    let (rt, _, _) = runtime(&server);
    let page: Page<User> = rt
        .request(Method::GET, "/api/v1/users")
        .paginate()
        .await
        .unwrap();
    let all: Vec<User> = page.into_stream().map(|r| r.unwrap()).collect().await;
    assert_eq!(ids(&all), vec!["u1", "u2"]);
    looping.assert_calls_async(1).await;
}

#[tokio::test]
async fn failure_on_page_two_is_an_error_item_then_the_end() {
    let server = MockServer::start_async().await;
    let next = format!(
        "<{}/api/v1/users?after=u1>; rel=\"next\"",
        server.base_url()
    );
    server
        .mock_async(|when, then| {
            when.path("/api/v1/users").query_param_missing("after");
            then.status(200)
                .header("link", next.as_str())
                .json_body(json!([{"id": "u1"}]));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/api/v1/users").query_param("after", "u1");
            then.status(500)
                .header("x-okta-request-id", "boom")
                .json_body(okta_error("E0000009", "Internal Server Error"));
        })
        .await;
    let (rt, _, _) = runtime(&server);
    let page: Page<User> = rt
        .request(Method::GET, "/api/v1/users")
        .paginate()
        .await
        .unwrap();
    let results: Vec<Result<User, Error>> = page.into_stream().collect().await;
    assert_eq!(results.len(), 2);
    let err = results[1].as_ref().unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(err.request_id(), Some("boom"));
}

#[tokio::test]
async fn resume_from_saved_next_url_and_from_cursor() {
    let server = MockServer::start_async().await;
    three_pages(&server).await;
    let (rt, _, _) = runtime(&server);
    let first: Page<User> = rt
        .request(Method::GET, "/api/v1/users")
        .paginate()
        .await
        .unwrap();
    let saved = first.next_url().unwrap().to_owned();
    let cursor = first.next_cursor().unwrap();
    drop(first);

    let resumed: Page<User> = rt.resume_pages(&saved).await.unwrap();
    let rest: Vec<User> = resumed.into_stream().map(|r| r.unwrap()).collect().await;
    assert_eq!(ids(&rest), vec!["u3", "u4", "u5"]);

    let from_cursor: Page<User> = rt
        .request(Method::GET, "/api/v1/users")
        .query(&[("after", cursor.as_str()), ("limit", "2")])
        .paginate()
        .await
        .unwrap();
    assert_eq!(ids(from_cursor.items()), vec!["u3", "u4"]);
    assert!(from_cursor.has_next());
}

#[tokio::test]
async fn resume_refuses_a_foreign_url() {
    let server = MockServer::start_async().await;
    let (rt, _, creds) = runtime(&server);
    let err = rt
        .resume_pages::<User>("https://elsewhere.example/api/v1/users?after=x")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::ForeignOrigin { .. }));
    assert_eq!(creds.authorize_calls(), 0);
}

#[test]
fn link_parsing_variants() {
    use reqwest::header::{HeaderMap, HeaderValue, LINK};
    let mut headers = HeaderMap::new();
    headers.append(
        LINK,
        HeaderValue::from_static(
            "<https://o.example/a?x=1,2>; rel=\"self\", <https://o.example/b>; rel=next",
        ),
    );
    headers.append(
        LINK,
        HeaderValue::from_static("<https://o.example/c>; title=\"a, b\"; rel=\"prev last\""),
    );
    let links = okta_api::parse_links(&headers);
    assert_eq!(
        links,
        vec![
            ("self".into(), "https://o.example/a?x=1,2".into()),
            ("next".into(), "https://o.example/b".into()),
            ("prev".into(), "https://o.example/c".into()),
            ("last".into(), "https://o.example/c".into()),
        ]
    );
}
