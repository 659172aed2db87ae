//! Users: create with and without a password and with custom attributes, get
//! by id and login, list with `filter`, `q` and `search`, partial and full
//! updates (an explicit `null` clears), validation errors.

mod common;

use common::{create_user, error_code, new_user};
use okta::models::{UpdateUserRequest, UserProfile, UserStatus};
use okta_testkit::FakeOrg;
use serde_json::json;

#[tokio::test]
async fn create_with_and_without_password_and_with_custom_attributes() {
    let org = FakeOrg::start().await.unwrap();
    let client = org.client();
    // (body, activate, expected status, password shown)
    let cases = [
        (
            json!({"profile": {"firstName": "A", "lastName": "B", "email": "a@x.io", "login": "a@x.io"}}),
            true,
            UserStatus::Provisioned,
            false,
        ),
        (
            json!({"profile": {"firstName": "C", "lastName": "D", "email": "c@x.io", "login": "c@x.io"},
                "credentials": {"password": {"value": "Tr0ub4dor&3"}}}),
            true,
            UserStatus::Active,
            true,
        ),
        (
            json!({"profile": {"firstName": "E", "lastName": "F", "email": "e@x.io", "login": "e@x.io",
                            "employeeNumber": "4711", "badgeColor": "blue"}}),
            false,
            UserStatus::Staged,
            false,
        ),
    ];
    for (body, activate, status, password) in cases {
        let login = body["profile"]["login"].as_str().unwrap().to_owned();
        let user = client
            .create_user()
            .activate(activate)
            .body(serde_json::from_value::<okta::models::CreateUserRequest>(body.clone()).unwrap())
            .send()
            .await
            .unwrap()
            .into_inner();
        assert_eq!(user.status, Some(status.clone()), "{login}");
        let id = user.id.clone().unwrap();
        assert!(id.starts_with("00u") && id.len() == 20, "{id}");
        let stored = org.user(&id).unwrap();
        assert_eq!(stored["profile"]["login"], login.as_str());
        assert_eq!(stored["credentials"]["provider"]["type"], "OKTA");
        assert_eq!(
            stored["credentials"]["password"].is_object(),
            password,
            "{login}"
        );
        // The password itself is never stored or echoed.
        assert!(!stored.to_string().contains("Tr0ub4dor"));
        for key in ["created", "lastUpdated", "type", "_links"] {
            assert!(!stored[key].is_null(), "{login}: {key}");
        }
        if let Some(color) = body["profile"].get("badgeColor") {
            let profile = user.profile.unwrap();
            assert_eq!(profile.extra.get("badgeColor"), Some(color));
        }
    }
    assert_eq!(org.users().len(), 3);
}

#[tokio::test]
async fn get_by_id_or_login_and_not_found() {
    let org = FakeOrg::start().await.unwrap();
    let client = org.client();
    let id = create_user(&client, "grace@example.com").await;
    for key in [id.as_str(), "grace@example.com", "GRACE@example.com"] {
        let user = client.get_user().id(key).send().await.unwrap().into_inner();
        assert_eq!(user.id.as_deref(), Some(id.as_str()), "{key}");
    }
    let error = client.get_user().id("00unope").send().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(error_code(&error), Some("E0000007"));
}

#[tokio::test]
async fn validation_errors_list_every_cause() {
    let org = FakeOrg::start().await.unwrap();
    let client = org.client();
    create_user(&client, "taken@example.com").await;
    let body: okta::models::CreateUserRequest = serde_json::from_value(json!({
        "profile": {"login": "taken@example.com", "email": "taken@example.com"}
    }))
    .unwrap();
    let error = client.create_user().body(body).send().await.unwrap_err();
    assert_eq!(error_code(&error), Some("E0000001"));
    let causes: Vec<String> = error
        .api()
        .unwrap()
        .error_causes
        .iter()
        .map(|c| c.error_summary.clone())
        .collect();
    assert!(
        causes.iter().any(|c| c.starts_with("firstName:")),
        "{causes:?}"
    );
    assert!(
        causes.iter().any(|c| c.starts_with("lastName:")),
        "{causes:?}"
    );
    assert!(
        causes.iter().any(|c| c.contains("already exists")),
        "{causes:?}"
    );
    assert_eq!(org.users().len(), 1);
}

/// (filter, q, search, expected logins)
type ListCase = (
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    &'static [&'static str],
);

#[tokio::test]
async fn list_with_filter_q_and_search() {
    let org = FakeOrg::start().await.unwrap();
    let client = org.client();
    let seeded = [
        ("ada@example.com", "ACTIVE", "2024-01-10T00:00:00.000Z"),
        ("alan@example.com", "STAGED", "2024-02-10T00:00:00.000Z"),
        ("grace@example.com", "ACTIVE", "2024-03-10T00:00:00.000Z"),
        (
            "gone@example.com",
            "DEPROVISIONED",
            "2024-04-10T00:00:00.000Z",
        ),
    ];
    for (login, status, updated) in seeded {
        org.seed_user(json!({
            "status": status,
            "lastUpdated": updated,
            "profile": {"login": login, "firstName": login.split('@').next().unwrap()},
        }));
    }
    let cases: &[ListCase] = &[
        (
            None,
            None,
            None,
            &["ada@example.com", "alan@example.com", "grace@example.com"],
        ),
        (
            Some(r#"status eq "ACTIVE""#),
            None,
            None,
            &["ada@example.com", "grace@example.com"],
        ),
        (
            Some(r#"lastUpdated gt "2024-02-01T00:00:00.000Z""#),
            None,
            None,
            &["alan@example.com", "grace@example.com", "gone@example.com"],
        ),
        (
            Some(r#"profile.login eq "alan@example.com""#),
            None,
            None,
            &["alan@example.com"],
        ),
        (
            Some(r#"status eq "DEPROVISIONED""#),
            None,
            None,
            &["gone@example.com"],
        ),
        (
            None,
            Some("a"),
            None,
            &["ada@example.com", "alan@example.com"],
        ),
        (
            None,
            None,
            Some(r#"profile.firstName sw "gr" or status eq "STAGED""#),
            &["alan@example.com", "grace@example.com"],
        ),
    ];
    for (filter, q, search, expected) in cases {
        let mut request = client.list_users();
        if let Some(f) = filter {
            request = request.filter(*f);
        }
        if let Some(q) = q {
            request = request.q(*q);
        }
        if let Some(s) = search {
            request = request.search(*s);
        }
        let users = request.send().await.unwrap().into_inner();
        let logins: Vec<String> = users
            .iter()
            .map(|u| u.profile.as_ref().unwrap().login.clone().unwrap())
            .collect();
        assert_eq!(
            logins, *expected,
            "filter {filter:?} q {q:?} search {search:?}"
        );
    }
    let error = client
        .list_users()
        .filter("status eq")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_code(&error), Some("E0000001"));
}

#[tokio::test]
async fn partial_update_changes_given_attributes_and_null_clears() {
    let org = FakeOrg::start().await.unwrap();
    let client = org.client();
    let id = org.seed_user(json!({"profile": {
        "login": "ada@example.com", "firstName": "Ada", "lastName": "Lovelace",
        "mobilePhone": "+1 555 0100", "title": "Countess"
    }}));
    let mut profile = UserProfile {
        title: Some("Analyst".into()),
        ..Default::default()
    };
    profile.set_null("mobilePhone");
    let user = client
        .update_user()
        .id(&id)
        .body(UpdateUserRequest {
            profile: Some(profile),
            ..Default::default()
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    let profile = user.profile.unwrap();
    assert_eq!(profile.title.as_deref(), Some("Analyst"));
    assert_eq!(profile.first_name.as_deref(), Some("Ada"));
    let stored = org.user(&id).unwrap();
    assert_eq!(stored["profile"]["mobilePhone"], serde_json::Value::Null);
    assert!(stored["profile"]
        .as_object()
        .unwrap()
        .contains_key("mobilePhone"));
    assert_eq!(stored["profile"]["lastName"], "Lovelace");
}

#[tokio::test]
async fn full_update_replaces_the_profile() {
    let org = FakeOrg::start().await.unwrap();
    let client = org.client();
    let id = create_user(&client, "ada@example.com").await;
    let mut body = new_user("ada@example.com");
    body.profile
        .as_mut()
        .unwrap()
        .extra
        .insert("nickName".into(), json!("Ada"));
    let replaced = client
        .replace_user()
        .id(&id)
        .body(
            serde_json::from_value::<okta::models::UpdateUserRequest>(
                serde_json::to_value(&body).unwrap(),
            )
            .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(replaced.id.as_deref(), Some(id.as_str()));
    let stored = org.user(&id).unwrap();
    assert_eq!(stored["profile"]["nickName"], "Ada");
    // A full update without a required attribute is refused.
    let incomplete: okta::models::UpdateUserRequest =
        serde_json::from_value(json!({"profile": {"login": "ada@example.com"}})).unwrap();
    let error = client
        .replace_user()
        .id(&id)
        .body(incomplete)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_code(&error), Some("E0000001"));
    assert_eq!(org.user(&id).unwrap()["profile"]["nickName"], "Ada");
}
