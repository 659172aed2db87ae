//! Okta-shaped user bodies the mock serves.
//!
//! A list item (`GET /api/v1/users`) is about 0.9 KB: profile with custom
//! attributes, credentials, type and `_links.self`. A single user (`GET
//! /api/v1/users/{id}`) is about 1.7 KB: the same with every lifecycle link
//! and a recovery question. Values vary per user (nulls, statuses) the way a
//! real org's do, so no decoder sees one repeated shape.

use serde_json::{json, Value};

/// The id of user number `index`: 20 characters, like Okta's.
pub fn user_id(index: usize) -> String {
    format!("00u{index:017}")
}

/// The index of a user id made by [`user_id`]; `None` for any other text.
pub fn user_index(id: &str) -> Option<usize> {
    id.strip_prefix("00u")?.parse().ok()
}

/// User number `index` as a list item, links pointing at `base`.
pub fn list_user(base: &str, index: usize) -> Value {
    let id = user_id(index);
    json!({
        "id": id,
        "status": if index.is_multiple_of(7) { "PROVISIONED" } else { "ACTIVE" },
        "created": "2021-06-14T14:45:46.000Z",
        "activated": if index.is_multiple_of(3) { Value::Null } else { json!("2021-06-14T14:45:47.000Z") },
        "statusChanged": "2021-06-14T14:45:47.000Z",
        "lastLogin": if index.is_multiple_of(2) { Value::Null } else { json!("2024-01-02T03:04:05.000Z") },
        "lastUpdated": "2023-11-30T10:00:00.000Z",
        "passwordChanged": "2021-06-14T14:45:47.000Z",
        "type": {"id": "oty1abcdefghijklmno"},
        "profile": {
            "firstName": format!("First{index}"),
            "lastName": format!("Last{index}"),
            "mobilePhone": null,
            "secondEmail": null,
            "login": format!("user{index}@example.com"),
            "email": format!("user{index}@example.com"),
            "department": "Engineering",
            "title": "Software Engineer",
            "employeeNumber": format!("{index}"),
            "costCenterCode": "CC-1042",
            "managerId": user_id(index / 10),
            "startDate": "2021-06-14",
            "isContractor": index.is_multiple_of(5),
            "locale": "en_US"
        },
        "credentials": {
            "password": {},
            "emails": [{"value": format!("user{index}@example.com"), "status": "VERIFIED", "type": "PRIMARY"}],
            "provider": {"type": "OKTA", "name": "OKTA"}
        },
        "_links": {"self": {"href": format!("{base}/api/v1/users/{id}")}}
    })
}

/// User number `index` as `GET /api/v1/users/{id}` answers for an active user:
/// every lifecycle link.
pub fn full_user(base: &str, index: usize) -> Value {
    let mut user = list_user(base, index);
    let id = user_id(index);
    let post =
        |path: &str| json!({"href": format!("{base}/api/v1/users/{id}/{path}"), "method": "POST"});
    user["_links"] = json!({
        "suspend": post("lifecycle/suspend"),
        "schema": {"href": format!("{base}/api/v1/meta/schemas/user/osc1abcdefghijklmno")},
        "resetPassword": post("lifecycle/reset_password"),
        "expirePassword": post("lifecycle/expire_password"),
        "changeRecoveryQuestion": post("credentials/change_recovery_question"),
        "deactivate": post("lifecycle/deactivate"),
        "changePassword": post("credentials/change_password"),
        "self": {"href": format!("{base}/api/v1/users/{id}")},
        "type": {"href": format!("{base}/api/v1/meta/types/user/oty1abcdefghijklmno")}
    });
    user
}

/// JSON text of users `start..end` as one list page.
pub fn list_page(base: &str, start: usize, end: usize) -> Vec<u8> {
    let users: Vec<Value> = (start..end).map(|i| list_user(base, i)).collect();
    serde_json::to_vec(&users).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_have_the_sizes_the_issue_names() {
        let base = "http://127.0.0.1:1";
        let page = list_page(base, 0, 200);
        let per_user = page.len() / 200;
        assert!((800..1000).contains(&per_user), "list item {per_user} B");
        let single = serde_json::to_vec(&full_user(base, 7)).unwrap_or_default();
        assert!(
            (1550..1850).contains(&single.len()),
            "single {} B",
            single.len()
        );
    }

    #[test]
    fn ids_round_trip() {
        assert_eq!(user_index(&user_id(12345)), Some(12345));
        assert_eq!(user_index("00uabc"), None);
    }
}
