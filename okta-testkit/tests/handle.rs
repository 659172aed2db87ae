//! The `FakeOrg` handle: clones share one org; the server stops with the
//! last handle.

use okta_testkit::FakeOrg;
use serde_json::json;

#[tokio::test]
async fn clones_share_state_and_keep_the_server_alive() {
    let org = FakeOrg::start().await.unwrap();
    let clone = org.clone();
    let id = org.seed_user(json!({"profile": {"login": "ada@example.com"}}));
    assert_eq!(clone.user(&id).unwrap()["id"], id.as_str());
    let client = org.client();
    drop(org);
    let user = client.get_user().id(&id).send().await.unwrap().into_inner();
    assert_eq!(user.id.as_deref(), Some(id.as_str()));
    assert_eq!(clone.requests().len(), 1);
}

#[tokio::test]
async fn dropping_the_last_handle_stops_the_server() {
    let org = FakeOrg::start().await.unwrap();
    let address = org.url().trim_start_matches("http://").to_owned();
    assert!(tokio::net::TcpStream::connect(&address).await.is_ok());
    drop(org);
    // On this single-threaded runtime the accept loop runs at the next
    // yields, sees the handle gone and closes the listener.
    let mut refused = false;
    for _ in 0..100 {
        tokio::task::yield_now().await;
        if tokio::net::TcpStream::connect(&address).await.is_err() {
            refused = true;
            break;
        }
    }
    assert!(refused, "the listener closes once the last handle is gone");
}
