//! Rate limits: headers on every response, `429` (`E0000047`) past the
//! limit, injected `429`s the SDK retries (for every method), and latency.

mod common;

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use common::{new_user, raw};
use okta::auth::ManualClock;
use okta_testkit::FakeOrg;
use reqwest::Method;

/// A client whose retry waits take no real time.
fn manual_client(org: &FakeOrg) -> okta::Client {
    okta::Client::builder(org.config())
        .clock(Arc::new(ManualClock::new(SystemTime::now())))
        .build()
        .unwrap()
}

#[tokio::test]
async fn remaining_counts_down_and_the_limit_answers_429() {
    // The fake's clock stands still, so no window boundary passes mid-test.
    let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_010);
    let org = FakeOrg::builder()
        .rate_limit(3, 60)
        .clock(Arc::new(ManualClock::new(start)))
        .start()
        .await
        .unwrap();
    let ssws = format!("SSWS {}", org.api_token());
    let users = format!("{}/api/v1/users", org.url());
    let mut remaining = Vec::new();
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let answer = raw(Method::GET, &users, Some(&ssws), None).await;
        statuses.push(answer.status);
        remaining.push(
            answer.headers["x-rate-limit-remaining"]
                .to_str()
                .unwrap()
                .parse::<u32>()
                .unwrap(),
        );
        assert_eq!(answer.headers["x-rate-limit-limit"], "3");
        if answer.status == 429 {
            assert_eq!(answer.body["errorCode"], "E0000047");
            // Windows are whole minutes since the epoch: this one ends at
            // 1_700_000_040 (= 28_333_334 × 60).
            assert_eq!(answer.headers["x-rate-limit-reset"], "1700000040");
            assert_eq!(answer.headers["date"], "Tue, 14 Nov 2023 22:13:30 GMT");
        }
    }
    assert_eq!(statuses, [200, 200, 200, 429]);
    assert_eq!(remaining, [2, 1, 0, 0]);
    // Buckets are per collection: groups still have their own budget.
    let groups = raw(
        Method::GET,
        &format!("{}/api/v1/groups", org.url()),
        Some(&ssws),
        None,
    )
    .await;
    assert_eq!(groups.status, 200);
    assert_eq!(groups.headers["x-rate-limit-remaining"], "2");
}

#[tokio::test]
async fn injected_429s_are_retried_by_the_sdk_for_reads_and_writes() {
    let org = FakeOrg::builder().inject_429(2).start().await.unwrap();
    let client = manual_client(&org);
    let users = client.list_users().send().await.unwrap().into_inner();
    assert!(users.is_empty());
    let statuses: Vec<u16> = org.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 429, 200]);

    // A 429 means the request was not processed: even a POST is re-sent, once created.
    org.clear_requests();
    org.inject_429(1);
    client
        .create_user()
        .body(new_user("ada@example.com"))
        .send()
        .await
        .unwrap();
    let seen: Vec<(String, u16)> = org
        .requests()
        .iter()
        .map(|r| (r.method.clone(), r.status))
        .collect();
    assert_eq!(seen, [("POST".to_owned(), 429), ("POST".to_owned(), 200)]);
    assert_eq!(org.users().len(), 1);
}

#[tokio::test]
async fn too_many_429s_end_with_the_rate_limit_error() {
    let org = FakeOrg::builder().inject_429(100).start().await.unwrap();
    let mut config = org.config();
    config.max_retries = 2;
    let client = okta::Client::builder(config)
        .clock(Arc::new(ManualClock::new(SystemTime::now())))
        .build()
        .unwrap();
    let error = client.list_users().send().await.unwrap_err();
    assert!(error.is_rate_limited(), "{error}");
    assert_eq!(error.okta_error_code(), Some("E0000047"));
    assert_eq!(org.requests().len(), 3, "one attempt and two retries");
}

#[tokio::test]
async fn latency_makes_a_short_request_timeout_fire() {
    let org = FakeOrg::builder()
        .latency(Duration::from_secs(5))
        .start()
        .await
        .unwrap();
    let mut config = org.config();
    config.request_timeout = Some(Duration::from_millis(200));
    let client = okta::Client::from_config(config).unwrap();
    let error = client.list_users().send().await.unwrap_err();
    assert!(matches!(error, okta::Error::Timeout { .. }), "{error}");
}
