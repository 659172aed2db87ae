//! The benchmark's loops on a tiny org: all of them see the same users, and the
//! mock's rate limit answers `429` past its bucket. Catches a harness that
//! rots without spending a benchmark's minutes.

use std::time::Duration;

use okta_bench::loops::{self, Clients, Loop, Outcome};
use okta_bench::mock::{self, Bucket, MockOptions};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_loop_sees_every_user() {
    // 1,050 users: five full pages and a short last one.
    let users = 1_050;
    let org = mock::start(MockOptions::users(users)).expect("mock");
    let clients = Clients::new(&org.base, None).expect("clients");
    let ids = loops::ids(40, users);
    for which in Loop::ALL {
        let listed = loops::list(&clients, which, 200).await;
        assert_eq!(listed, Outcome::clean(users), "{}: list", which.name());
        let got = loops::get(&clients, which, &ids, 8).await;
        assert_eq!(got, Outcome::clean(40), "{}: get", which.name());
    }
    let stats = mock::stats(&clients.raw, &org.base).await.expect("stats");
    // Six pages and 40 gets per loop.
    assert_eq!(stats.requests, Loop::ALL.len() as u64 * (6 + 40));
    assert_eq!(stats.throttled, 0);
}

#[tokio::test]
async fn the_bucket_answers_429_once_spent() {
    let bucket = Bucket {
        requests: 3,
        window: Duration::from_secs(3600),
    };
    let org = mock::start(MockOptions {
        bucket: Some(bucket),
        ..MockOptions::users(10)
    })
    .expect("mock");
    let http = reqwest::Client::new();
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let response = http
            .get(format!(
                "{}/api/v1/users/{}",
                org.base,
                okta_bench::data::user_id(1)
            ))
            .send()
            .await
            .expect("send");
        let remaining = response.headers().get("x-rate-limit-remaining").cloned();
        statuses.push((
            response.status().as_u16(),
            remaining.and_then(|v| v.to_str().ok().map(str::to_owned)),
        ));
    }
    let expected: Vec<(u16, Option<String>)> = [(200, "2"), (200, "1"), (200, "0"), (429, "0")]
        .iter()
        .map(|(s, r)| (*s, Some((*r).to_owned())))
        .collect();
    assert_eq!(statuses, expected);
    assert_eq!(bucket.minimum(7), Duration::from_secs(2 * 3600));
}
