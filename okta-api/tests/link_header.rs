//! Defect 8: a malformed or non-ASCII `Link` header is an error item in the
//! listing, never a silently short list.

mod common;

use common::*;
use futures::StreamExt;
use httpmock::prelude::*;
use okta_api::{try_parse_links, Error, Page};
use reqwest::header::{HeaderMap, HeaderValue, LINK};
use reqwest::Method;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A loopback server answering `/page1` with a good `Link` to `/page2`, and
/// `/page2` with a `Link` header holding raw non-ASCII bytes.
async fn raw_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    let next = format!("{base}/page2");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match socket.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            let (body, link): (&[u8], Vec<u8>) = if request.starts_with(b"GET /page1 ") {
                (b"[1,2]", format!("<{next}>; rel=\"next\"").into_bytes())
            } else {
                (
                    b"[3]",
                    b"<http://127.0.0.1/\xff\xfe>; rel=\"next\"".to_vec(),
                )
            };
            let mut response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\nlink: ",
                body.len()
            )
            .into_bytes();
            response.extend_from_slice(&link);
            response.extend_from_slice(b"\r\n\r\n");
            response.extend_from_slice(body);
            let _ = socket.write_all(&response).await;
            let _ = socket.shutdown().await;
        }
    });
    base
}

#[tokio::test]
async fn non_ascii_link_on_a_later_page_ends_the_stream_with_an_error() {
    let base = raw_server().await;
    let clock = FakeClock::new();
    let rt = builder_with(config_for(&base), &clock).build().unwrap();
    let first: Page<u32> = rt.request(Method::GET, "/page1").paginate().await.unwrap();
    let items: Vec<Result<u32, Error>> = first.into_stream().collect().await;
    assert_eq!(items.len(), 4, "{items:?}");
    assert_eq!(
        items[..3]
            .iter()
            .map(|r| *r.as_ref().unwrap())
            .collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    let err = items[3].as_ref().unwrap_err();
    assert!(matches!(err, Error::InvalidResponse { .. }), "{err:?}");
    assert!(err.to_string().contains("Link"), "{err}");
}

#[tokio::test]
async fn malformed_link_on_the_first_page_is_reported_by_next_and_the_stream() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/users");
            then.status(200)
                .header("link", "https://evil.example/next; rel=\"next\"")
                .json_body(serde_json::json!([{"id": "a"}]));
        })
        .await;
    let (rt, _, _) = runtime(&server);
    let first: Page<serde_json::Value> = rt
        .request(Method::GET, "/api/v1/users")
        .operation("listUsers")
        .paginate()
        .await
        .unwrap();
    assert!(first.has_next());
    let err = first.next().await.unwrap_err();
    assert!(matches!(err, Error::InvalidResponse { .. }), "{err:?}");
    assert!(err.to_string().starts_with("listUsers: "), "{err}");
    assert!(!err.to_string().contains("evil.example"), "{err}");

    let items: Vec<_> = first.into_stream().collect().await;
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    assert!(items[1].is_err());
}

#[test]
fn strict_parser_accepts_okta_links_and_rejects_garbage() {
    let mut headers = HeaderMap::new();
    headers.append(
        LINK,
        HeaderValue::from_static(
            "<https://o.okta.com/api/v1/users?limit=2>; rel=\"self\", <https://o.okta.com/api/v1/users?after=x>; rel=next",
        ),
    );
    let links = try_parse_links(&headers).unwrap();
    assert_eq!(links.len(), 2);
    assert_eq!(links[1].0, "next");

    for bad in [
        "https://o.okta.com/x; rel=next",
        "<https://o.okta.com/x; rel=next",
        "<https://o.okta.com/x> rel=next",
        "<https://o.okta.com/x>; rel",
        "<https://o.okta.com/x>; =next",
    ] {
        let mut headers = HeaderMap::new();
        headers.insert(LINK, HeaderValue::from_static(bad));
        assert!(try_parse_links(&headers).is_err(), "{bad}");
    }
    let mut headers = HeaderMap::new();
    headers.insert(
        LINK,
        HeaderValue::from_bytes(b"<https://o/\xff>; rel=next").unwrap(),
    );
    assert!(try_parse_links(&headers).is_err());
}
