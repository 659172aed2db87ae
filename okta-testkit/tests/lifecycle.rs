//! User lifecycle: activate, deactivate, suspend, unsuspend, unlock, expire
//! password, and delete only after deactivate.

mod common;

use common::{create_user, error_code};
use okta::models::UserStatus;
use okta_testkit::FakeOrg;
use serde_json::json;

#[tokio::test]
async fn delete_deactivates_first_and_deletes_the_second_time() {
    let org = FakeOrg::start().await.unwrap();
    let client = org.client();
    let id = create_user(&client, "temp@example.com").await;

    client.delete_user().id(&id).send().await.unwrap();
    let user = org.user(&id).expect("still there after the first DELETE");
    assert_eq!(user["status"], "DEPROVISIONED");
    // A deactivated user no longer shows in the default listing…
    let listed = client.list_users().send().await.unwrap().into_inner();
    assert!(listed.iter().all(|u| u.id.as_deref() != Some(id.as_str())));
    // …but can still be read.
    let read = client.get_user().id(&id).send().await.unwrap().into_inner();
    assert_eq!(read.status, Some(UserStatus::Deprovisioned));

    client.delete_user().id(&id).send().await.unwrap();
    assert!(org.user(&id).is_none(), "gone after the second DELETE");
    let error = client.get_user().id(&id).send().await.unwrap_err();
    assert_eq!(error_code(&error), Some("E0000007"));

    let events: Vec<String> = org
        .log_events()
        .iter()
        .map(|e| e["eventType"].as_str().unwrap().to_owned())
        .collect();
    let deactivate = events
        .iter()
        .position(|e| e == "user.lifecycle.deactivate")
        .unwrap();
    let delete = events
        .iter()
        .position(|e| e == "user.lifecycle.delete.completed")
        .unwrap();
    assert!(deactivate < delete, "{events:?}");
}

/// Drives one lifecycle operation by name through the typed client.
async fn run(client: &okta::Client, op: &str, id: &str) -> Result<(), okta::Error> {
    match op {
        "activate" => client
            .activate_user()
            .id(id)
            .send_email(false)
            .send()
            .await
            .map(drop),
        "deactivate" => client.deactivate_user().id(id).send().await.map(drop),
        "suspend" => client.suspend_user().id(id).send().await.map(drop),
        "unsuspend" => client.unsuspend_user().id(id).send().await.map(drop),
        "unlock" => client.unlock_user().id(id).send().await.map(drop),
        "expire_password" => client.expire_password().id(id).send().await.map(drop),
        other => panic!("no operation {other}"),
    }
}

#[tokio::test]
async fn lifecycle_transitions_follow_okta() {
    // (starting status, password, operation, resulting status or error status)
    let cases: &[(&str, bool, &str, Result<&str, u16>)] = &[
        ("STAGED", true, "activate", Ok("ACTIVE")),
        ("STAGED", false, "activate", Ok("PROVISIONED")),
        ("ACTIVE", true, "activate", Err(403)),
        ("ACTIVE", true, "deactivate", Ok("DEPROVISIONED")),
        ("DEPROVISIONED", true, "activate", Ok("ACTIVE")),
        ("ACTIVE", true, "suspend", Ok("SUSPENDED")),
        ("STAGED", false, "suspend", Err(400)),
        ("SUSPENDED", true, "unsuspend", Ok("ACTIVE")),
        ("ACTIVE", true, "unsuspend", Err(400)),
        ("LOCKED_OUT", true, "unlock", Ok("ACTIVE")),
        ("ACTIVE", true, "unlock", Err(403)),
        ("ACTIVE", true, "expire_password", Ok("PASSWORD_EXPIRED")),
        ("STAGED", false, "expire_password", Err(403)),
    ];
    let org = FakeOrg::start().await.unwrap();
    let client = org.client();
    for (i, (from, password, op, expected)) in cases.iter().enumerate() {
        let mut user = json!({
            "status": from,
            "profile": {"login": format!("user{i}@example.com")},
        });
        if *password {
            user["credentials"] = json!({"password": {}});
        }
        let id = org.seed_user(user);
        let result = run(&client, op, &id).await;
        let now = org.user(&id).unwrap()["status"]
            .as_str()
            .unwrap()
            .to_owned();
        match expected {
            Ok(status) => {
                result.unwrap_or_else(|e| panic!("{from} {op}: {e}"));
                assert_eq!(now, *status, "{from} {op}");
            }
            Err(code) => {
                let error = result.expect_err(&format!("{from} {op} must fail"));
                assert_eq!(
                    error.status().map(|s| s.as_u16()),
                    Some(*code),
                    "{from} {op}"
                );
                assert_eq!(now, *from, "{from} {op} leaves the status");
            }
        }
    }
}

#[tokio::test]
async fn transitions_update_status_changed_links_and_the_log() {
    let org = FakeOrg::start().await.unwrap();
    let client = org.client();
    let id = org.seed_user(json!({
        "status": "ACTIVE",
        "statusChanged": "2020-01-01T00:00:00.000Z",
        "profile": {"login": "ada@example.com"},
    }));
    client.suspend_user().id(&id).send().await.unwrap();
    let user = client.get_user().id(&id).send().await.unwrap().into_inner();
    assert_eq!(user.status, Some(UserStatus::Suspended));
    let changed = org.user(&id).unwrap()["statusChanged"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(changed.as_str() > "2020-01-01T00:00:00.000Z", "{changed}");
    let links = org.user(&id).unwrap()["_links"].clone();
    assert!(
        links.get("unsuspend").is_some() && links.get("suspend").is_none(),
        "{links}"
    );
    let last = org.log_events().last().unwrap().clone();
    assert_eq!(last["eventType"], "user.lifecycle.suspend");
    assert_eq!(last["target"][0]["id"], id.as_str());
}
