//! Paging: `limit`, opaque `after` cursors and `Link` headers across many
//! pages, through the SDK's `stream()`/`send_page()` and raw.

mod common;

use common::raw;
use futures::StreamExt;
use okta_testkit::FakeOrg;
use serde_json::json;

fn seed(org: &FakeOrg, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| org.seed_user(json!({"profile": {"login": format!("user{i:03}@example.com")}})))
        .collect()
}

#[tokio::test]
async fn streams_every_user_across_pages() {
    let org = FakeOrg::start().await.unwrap();
    let ids = seed(&org, 23);
    let client = org.client();
    let streamed: Vec<String> = client
        .list_users()
        .limit(5)
        .stream()
        .map(|u| u.unwrap().id.unwrap())
        .collect()
        .await;
    assert_eq!(streamed, ids, "every user once, in order");
    let pages: Vec<_> = org
        .requests()
        .into_iter()
        .filter(|r| r.path == "/api/v1/users")
        .collect();
    assert_eq!(pages.len(), 5, "23 users at 5 a page: {pages:?}");
    assert!(pages[1..].iter().all(|r| r.query.contains("after=")));
}

#[tokio::test]
async fn link_headers_are_absolute_with_opaque_cursors() {
    let org = FakeOrg::start().await.unwrap();
    seed(&org, 7);
    let token = format!("SSWS {}", org.api_token());
    let mut url = format!("{}/api/v1/users?limit=3", org.url());
    let mut sizes = Vec::new();
    loop {
        let page = raw(reqwest::Method::GET, &url, Some(&token), None).await;
        assert_eq!(page.status, 200);
        sizes.push(page.body.as_array().unwrap().len());
        let links: Vec<String> = page
            .headers
            .get_all("link")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        assert!(
            links.iter().any(|l| l.ends_with("rel=\"self\"")),
            "{links:?}"
        );
        let next = links.iter().find(|l| l.ends_with("rel=\"next\""));
        match next {
            Some(link) => {
                let target = link.trim_start_matches('<').split('>').next().unwrap();
                assert!(
                    target.starts_with(&org.url()),
                    "absolute on the fake's origin: {target}"
                );
                assert!(
                    target.contains("limit=3") && target.contains("after="),
                    "{target}"
                );
                url = target.to_owned();
            }
            None => break,
        }
    }
    assert_eq!(sizes, [3, 3, 1]);
}

#[tokio::test]
async fn resuming_from_a_cursor_and_default_page_sizes() {
    let org = FakeOrg::builder()
        .page_limit_default(4)
        .start()
        .await
        .unwrap();
    let ids = seed(&org, 10);
    let client = org.client();
    let first = client.list_users().send_page().await.unwrap();
    assert_eq!(first.items().len(), 4, "the builder's default page size");
    let cursor = first.next_cursor().expect("cursor").to_owned();
    // A user deleted before the cursor does not shift the next page.
    client.delete_user().id(&ids[0]).send().await.unwrap();
    client.delete_user().id(&ids[0]).send().await.unwrap();
    let second = client
        .list_users()
        .after(&cursor)
        .send_page()
        .await
        .unwrap();
    let got: Vec<String> = second
        .items()
        .iter()
        .map(|u| u.id.clone().unwrap())
        .collect();
    assert_eq!(got, ids[4..8]);

    // Okta's limits: a limit over the maximum is clamped, a bad one refused.
    let many = seed(&org, 200);
    assert_eq!(many.len(), 200);
    let clamped = client.list_users().limit(1000).send_page().await.unwrap();
    assert_eq!(clamped.items().len(), 200);
    let token = format!("SSWS {}", org.api_token());
    for bad in ["limit=0", "limit=ten", "after=not-a-cursor"] {
        let answer = raw(
            reqwest::Method::GET,
            &format!("{}/api/v1/users?{bad}", org.url()),
            Some(&token),
            None,
        )
        .await;
        assert_eq!(answer.status, 400, "{bad}");
        assert_eq!(answer.body["errorCode"], "E0000001", "{bad}");
    }
}
