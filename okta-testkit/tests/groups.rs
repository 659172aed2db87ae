//! Groups: create, list and search, members, a user's groups.

mod common;

use common::{create_user, error_code};
use okta_testkit::FakeOrg;
use serde_json::json;

fn group_body(name: &str) -> okta::models::AddGroupBody {
    serde_json::from_value(json!({"profile": {"name": name, "description": "test"}})).unwrap()
}

#[tokio::test]
async fn create_list_and_search_groups() {
    let org = FakeOrg::start().await.unwrap();
    let client = org.client();
    for name in ["Engineering", "Sales", "Engineering Managers"] {
        let group = client
            .add_group()
            .body(group_body(name))
            .send()
            .await
            .unwrap()
            .into_inner();
        let id = group.id.unwrap();
        assert!(id.starts_with("00g") && id.len() == 20, "{id}");
        assert_eq!(group.profile.unwrap().name.as_deref(), Some(name));
    }
    let duplicate = client
        .add_group()
        .body(group_body("Sales"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_code(&duplicate), Some("E0000001"));

    // (q, search, expected names)
    let cases: &[(Option<&str>, Option<&str>, &[&str])] = &[
        (
            None,
            None,
            &["Engineering", "Sales", "Engineering Managers"],
        ),
        (Some("eng"), None, &["Engineering", "Engineering Managers"]),
        (None, Some(r#"profile.name eq "Sales""#), &["Sales"]),
        (
            None,
            Some(r#"type eq "OKTA_GROUP" and profile.name sw "Engineering M""#),
            &["Engineering Managers"],
        ),
    ];
    for (q, search, expected) in cases {
        let mut request = client.list_groups();
        if let Some(q) = q {
            request = request.q(*q);
        }
        if let Some(s) = search {
            request = request.search(*s);
        }
        let groups = request.send().await.unwrap().into_inner();
        let names: Vec<String> = groups
            .iter()
            .map(|g| g.profile.as_ref().unwrap().name.clone().unwrap())
            .collect();
        assert_eq!(names, *expected, "q {q:?} search {search:?}");
    }
    assert_eq!(org.groups().len(), 3);
}

#[tokio::test]
async fn members_and_a_users_groups() {
    let org = FakeOrg::start().await.unwrap();
    let client = org.client();
    let ada = create_user(&client, "ada@example.com").await;
    let alan = create_user(&client, "alan@example.com").await;
    let eng = org.seed_group(json!({"profile": {"name": "Engineering"}}));
    let ops = org.seed_group(json!({"profile": {"name": "Operations"}}));

    client
        .assign_user_to_group()
        .group_id(&eng)
        .user_id(&ada)
        .send()
        .await
        .unwrap();
    client
        .assign_user_to_group()
        .group_id(&eng)
        .user_id(&alan)
        .send()
        .await
        .unwrap();
    client
        .assign_user_to_group()
        .group_id(&ops)
        .user_id(&ada)
        .send()
        .await
        .unwrap();
    // Adding twice changes nothing.
    client
        .assign_user_to_group()
        .group_id(&ops)
        .user_id(&ada)
        .send()
        .await
        .unwrap();

    let members = client
        .list_group_users()
        .group_id(&eng)
        .send()
        .await
        .unwrap()
        .into_inner();
    let mut ids: Vec<String> = members.iter().map(|u| u.id.clone().unwrap()).collect();
    ids.sort();
    let mut expected = vec![ada.clone(), alan.clone()];
    expected.sort();
    assert_eq!(ids, expected);
    assert_eq!(org.group_members(&eng), expected);

    let groups = client
        .list_user_groups()
        .id(&ada)
        .send()
        .await
        .unwrap()
        .into_inner();
    let group_ids: Vec<String> = groups.iter().map(|g| g.id.clone().unwrap()).collect();
    assert_eq!(group_ids, vec![eng.clone(), ops.clone()]);

    client
        .unassign_user_from_group()
        .group_id(&eng)
        .user_id(&ada)
        .send()
        .await
        .unwrap();
    assert_eq!(org.group_members(&eng), vec![alan.clone()]);
    let groups = client
        .list_user_groups()
        .id(&ada)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(groups.len(), 1);

    let missing = client
        .assign_user_to_group()
        .group_id(&eng)
        .user_id("00unope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_code(&missing), Some("E0000007"));
    let missing = client
        .list_group_users()
        .group_id("00gnope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_code(&missing), Some("E0000007"));

    let adds = org
        .log_events()
        .iter()
        .filter(|e| e["eventType"] == "group.user_membership.add")
        .count();
    assert_eq!(adds, 3, "a repeated add writes no event");
}
