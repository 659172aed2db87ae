//! Explicit `null` in a partial update (Okta clears the value) is distinct from leaving a
//! field out; date-times keep their text and parse on demand.

mod common;

use httpmock::Method::POST;
use httpmock::MockServer;
use okta::models::{UpdateUserRequest, UserProfile};
use okta::{Attributes, Timestamp};

#[tokio::test]
async fn a_partial_update_sends_null_for_cleared_fields_and_nothing_for_absent_ones() {
    let server = MockServer::start_async().await;
    // The exact bytes: `mobilePhone` and the custom attribute are `null`; `nickName`
    // (never set) is absent.
    let update = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/users/00u1")
                .json_body(serde_json::json!({"profile": {"badgeColor": null, "mobilePhone": null, "title": "Engineer"}}));
            then.status(200)
                .header("content-type", "application/json")
                .body(r#"{"id":"00u1","profile":{"login":"ada@example.com","mobilePhone":null}}"#);
        })
        .await;
    let mut profile = UserProfile {
        title: Some("Engineer".into()),
        ..Default::default()
    };
    profile.set_null("mobilePhone");
    profile.set_null("badgeColor");
    assert_eq!(
        profile.extra().get("badgeColor"),
        Some(&serde_json::Value::Null)
    );
    let body = UpdateUserRequest {
        profile: Some(profile),
        ..Default::default()
    };
    let user = common::client(&server)
        .update_user()
        .id("00u1")
        .body(body)
        .send()
        .await
        .expect("partial update")
        .into_inner();
    update.assert_async().await;
    let profile = user.profile.expect("profile");
    assert_eq!(profile.mobile_phone, None);
    // The `null` that came back is remembered and written back as `null`.
    assert_eq!(
        serde_json::to_string(&profile).expect("json"),
        r#"{"login":"ada@example.com","mobilePhone":null}"#
    );
}

#[test]
fn setting_a_value_after_set_null_sends_the_value() {
    let mut profile = UserProfile::default();
    profile.set_null("mobilePhone");
    profile.mobile_phone = Some("+1-555-0100".into());
    assert_eq!(
        serde_json::to_string(&profile).expect("json"),
        r#"{"mobilePhone":"+1-555-0100"}"#
    );
}

#[test]
fn date_times_keep_their_text_and_parse_on_demand() {
    let text =
        r#"{"id":"00u1","created":"2021-06-14 14:45:46","lastUpdated":"2024-01-15T19:30:40.000Z"}"#;
    let user: okta::models::User = serde_json::from_str(text).expect("user");
    let created = user.created.as_ref().expect("created");
    assert_eq!(created.as_str(), "2021-06-14 14:45:46");
    assert_eq!(
        created.to_datetime().map(|d| d.to_rfc3339()),
        Some("2021-06-14T14:45:46+00:00".to_owned())
    );
    assert_eq!(
        serde_json::to_value(&user).expect("json"),
        serde_json::from_str::<serde_json::Value>(text).expect("json")
    );
    let at = okta::chrono::DateTime::parse_from_rfc3339("2024-01-15T19:30:40Z")
        .expect("date")
        .with_timezone(&okta::chrono::Utc);
    assert_eq!(Timestamp::from(at), "2024-01-15T19:30:40.000Z");
}
