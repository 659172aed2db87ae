//! The System Log: an event for each write, bounded queries (`since` and
//! `until`) and polling queries (`since` alone) that keep a `next` link.

mod common;

use common::{create_user, raw};
use futures::StreamExt;
use okta_testkit::FakeOrg;
use serde_json::json;

#[tokio::test]
async fn writes_are_logged_with_actor_and_targets() {
    let org = FakeOrg::start().await.unwrap();
    let client = org.client();
    let id = create_user(&client, "ada@example.com").await;
    client.suspend_user().id(&id).send().await.unwrap_err(); // PROVISIONED: refused, not logged
    let group = client
        .add_group()
        .body(
            serde_json::from_value::<okta::models::AddGroupBody>(
                json!({"profile": {"name": "Eng"}}),
            )
            .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .into_inner()
        .id
        .unwrap();
    client
        .assign_user_to_group()
        .group_id(&group)
        .user_id(&id)
        .send()
        .await
        .unwrap();

    let events = client.list_log_events().send().await.unwrap().into_inner();
    let kinds: Vec<String> = events
        .iter()
        .map(|e| e.event_type.clone().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "user.lifecycle.create",
            "user.lifecycle.activate",
            "group.lifecycle.create",
            "group.user_membership.add"
        ]
    );
    let membership = serde_json::to_value(&events[3]).unwrap();
    assert_eq!(membership["actor"]["type"], "User");
    let targets: Vec<&str> = membership["target"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(targets, [id.as_str(), group.as_str()]);
    assert_eq!(org.log_events().len(), 4);
    // Reads write nothing.
    client.list_users().send().await.unwrap();
    assert_eq!(org.log_events().len(), 4);
}

#[tokio::test]
async fn bounded_and_polling_queries() {
    let org = FakeOrg::builder()
        .page_limit_default(2)
        .start()
        .await
        .unwrap();
    let client = org.client();
    for i in 0..3 {
        create_user(&client, &format!("u{i}@example.com")).await;
    }
    // 6 events (create + activate per user). Every event's `published` lies
    // between these bounds.
    let events = org.log_events();
    assert_eq!(events.len(), 6);
    let since = "2000-01-01T00:00:00.000Z";
    let until = "2999-01-01T00:00:00.000Z";

    // Bounded: pages until the end, then no `next`.
    let bounded: Vec<_> = client
        .list_log_events()
        .since(since)
        .until(until)
        .stream()
        .collect::<Vec<_>>()
        .await;
    assert_eq!(bounded.len(), 6);
    let last = client
        .list_log_events()
        .since(since)
        .until(until)
        .limit(10)
        .send_page()
        .await
        .unwrap();
    assert!(!last.has_next(), "a bounded query ends");

    // Polling: the last page still has a `next` link, which returns nothing
    // now and the newer events once they happen.
    let mut page = client
        .list_log_events()
        .since(since)
        .limit(10)
        .send_page()
        .await
        .unwrap();
    assert_eq!(page.items().len(), 6);
    assert!(page.has_next(), "a polling query never ends");
    let next = page.next_url().unwrap().to_owned();
    let token = format!("SSWS {}", org.api_token());
    let empty = raw(reqwest::Method::GET, &next, Some(&token), None).await;
    assert_eq!(empty.status, 200);
    assert_eq!(empty.body, json!([]));
    create_user(&client, "late@example.com").await;
    let fresh = raw(reqwest::Method::GET, &next, Some(&token), None).await;
    let kinds: Vec<&str> = fresh
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["eventType"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["user.lifecycle.create", "user.lifecycle.activate"]);
    page = client
        .list_log_events()
        .since(since)
        .limit(100)
        .send_page()
        .await
        .unwrap();
    assert_eq!(page.items().len(), 8);

    // `until` in the past, a filter, and a malformed bound.
    let none = client
        .list_log_events()
        .since(since)
        .until("2001-01-01T00:00:00Z")
        .send()
        .await
        .unwrap()
        .into_inner();
    assert!(none.is_empty());
    let filtered = client
        .list_log_events()
        .filter(r#"eventType eq "user.lifecycle.create""#)
        .limit(100)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(filtered.len(), 4);
    let error = client
        .list_log_events()
        .since("yesterday")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.okta_error_code(), Some("E0000001"));
}
