//! Applications: create, get, list, update, activate, deactivate, delete,
//! one of each `signOnMode`, decoded into the matching `Application` subtype;
//! user and group assignments.

mod common;

use common::{create_user, error_code};
use okta::models::Application;
use okta_testkit::FakeOrg;
use serde_json::{json, Value};

/// (signOnMode, the body's mode-specific members, the subtype's name)
fn modes() -> Vec<(&'static str, Value, &'static str)> {
    vec![
        (
            "BOOKMARK",
            json!({"settings": {"app": {"url": "https://wiki.example.org"}}}),
            "Bookmark",
        ),
        (
            "AUTO_LOGIN",
            json!({"settings": {"signOn": {"loginUrl": "https://app.example.org/login"}}}),
            "AutoLogin",
        ),
        (
            "BASIC_AUTH",
            json!({"settings": {"app": {"url": "https://b.example.org", "authURL": "https://b.example.org/auth"}}}),
            "BasicAuth",
        ),
        (
            "BROWSER_PLUGIN",
            json!({"name": "template_swa", "settings": {"app": {"url": "https://swa.example.org", "buttonField": "btn", "passwordField": "pw", "usernameField": "user"}}}),
            "BrowserPlugin",
        ),
        (
            "SAML_2_0",
            json!({"settings": {"signOn": {"ssoAcsUrl": "https://sp.example.org/acs", "audience": "https://sp.example.org", "recipient": "https://sp.example.org/acs", "destination": "https://sp.example.org/acs", "subjectNameIdTemplate": "${user.userName}", "subjectNameIdFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", "signatureAlgorithm": "RSA_SHA256", "digestAlgorithm": "SHA256", "authnContextClassRef": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"}}}),
            "Saml20",
        ),
        (
            "OPENID_CONNECT",
            json!({"settings": {"oauthClient": {"grant_types": ["client_credentials"], "response_types": ["token"], "application_type": "service"}}}),
            "OpenidConnect",
        ),
    ]
}

fn subtype(app: &Application) -> &'static str {
    match app {
        Application::Bookmark(_) => "Bookmark",
        Application::AutoLogin(_) => "AutoLogin",
        Application::BasicAuth(_) => "BasicAuth",
        Application::BrowserPlugin(_) => "BrowserPlugin",
        Application::Saml20(_) => "Saml20",
        Application::OpenidConnect(_) => "OpenidConnect",
        _ => "other",
    }
}

fn app_body(mode: &str, label: &str, extra: &Value) -> Application {
    let mut body = json!({"label": label, "signOnMode": mode});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    serde_json::from_value(body).expect("application body")
}

fn json_of(app: &Application) -> Value {
    serde_json::to_value(app).unwrap()
}

#[tokio::test]
async fn every_sign_on_mode_round_trips_as_its_subtype() {
    let org = FakeOrg::start().await.unwrap();
    let client = org.client();
    for (mode, extra, expected) in modes() {
        let created = client
            .create_application()
            .body(app_body(mode, &format!("{mode} app"), &extra))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{mode}: {e}"))
            .into_inner();
        assert_eq!(subtype(&created), expected, "{mode}");
        let id = json_of(&created)["id"].as_str().unwrap().to_owned();
        assert!(id.starts_with("0oa"), "{id}");
        let fetched = client
            .get_application()
            .app_id(&id)
            .send()
            .await
            .unwrap()
            .into_inner();
        assert_eq!(subtype(&fetched), expected, "{mode}");
        let body = json_of(&fetched);
        assert_eq!(body["status"], "ACTIVE");
        assert_eq!(body["signOnMode"], mode);
        assert!(body["_links"]["users"]["href"]
            .as_str()
            .unwrap()
            .ends_with("/users"));
    }
    let listed = client
        .list_applications()
        .send()
        .await
        .unwrap()
        .into_inner();
    let kinds: Vec<&str> = listed.iter().map(subtype).collect();
    let expected: Vec<&str> = modes().iter().map(|m| m.2).collect();
    assert_eq!(kinds, expected);
    assert_eq!(org.apps().len(), 6);
}

#[tokio::test]
async fn invalid_apps_are_refused_with_causes() {
    let org = FakeOrg::start().await.unwrap();
    let client = org.client();
    // (body, expected cause prefix)
    let cases = [
        (json!({"label": "x", "signOnMode": "BOOKMARK"}), "url:"),
        (
            json!({"signOnMode": "BOOKMARK", "settings": {"app": {"url": "https://x"}}}),
            "label:",
        ),
        (
            json!({"label": "x", "signOnMode": "SAML_2_0", "settings": {"signOn": {"audience": "a"}}}),
            "ssoAcsUrl:",
        ),
    ];
    for (body, cause) in cases {
        let body: Application = serde_json::from_value(body.clone()).unwrap();
        let error = client
            .create_application()
            .body(body)
            .send()
            .await
            .unwrap_err();
        assert_eq!(error_code(&error), Some("E0000001"));
        let causes = &error.api().unwrap().error_causes;
        assert!(
            causes.iter().any(|c| c.error_summary.starts_with(cause)),
            "{cause}: {causes:?}"
        );
    }
    assert!(org.apps().is_empty());
}

#[tokio::test]
async fn update_lifecycle_list_filters_and_delete_after_deactivate() {
    let org = FakeOrg::start().await.unwrap();
    let client = org.client();
    let extra = json!({"settings": {"app": {"url": "https://wiki.example.org"}}});
    let app = client
        .create_application()
        .body(app_body("BOOKMARK", "Wiki", &extra))
        .send()
        .await
        .unwrap()
        .into_inner();
    let id = json_of(&app)["id"].as_str().unwrap().to_owned();

    let mut changed = json_of(&app);
    changed["label"] = json!("Team Wiki");
    changed["settings"]["app"]["url"] = json!("https://wiki2.example.org");
    let updated = client
        .replace_application()
        .app_id(&id)
        .body(serde_json::from_value::<Application>(changed).unwrap())
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(json_of(&updated)["label"], "Team Wiki");
    assert_eq!(
        org.apps()[0]["settings"]["app"]["url"],
        "https://wiki2.example.org"
    );

    // An active app cannot be deleted.
    let error = client
        .delete_application()
        .app_id(&id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(403));

    client
        .deactivate_application()
        .app_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(org.apps()[0]["status"], "INACTIVE");
    let inactive = client
        .list_applications()
        .filter(r#"status eq "INACTIVE""#)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(inactive.len(), 1);
    let by_label = client
        .list_applications()
        .q("team")
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(by_label.len(), 1);
    client
        .activate_application()
        .app_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(org.apps()[0]["status"], "ACTIVE");
    client
        .deactivate_application()
        .app_id(&id)
        .send()
        .await
        .unwrap();
    client
        .delete_application()
        .app_id(&id)
        .send()
        .await
        .unwrap();
    assert!(org.apps().is_empty());

    let kinds: Vec<String> = org
        .log_events()
        .iter()
        .map(|e| e["eventType"].as_str().unwrap().to_owned())
        .collect();
    for kind in [
        "application.lifecycle.create",
        "application.lifecycle.update",
        "application.lifecycle.deactivate",
        "application.lifecycle.delete",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "{kind}: {kinds:?}");
    }
}

#[tokio::test]
async fn user_and_group_assignments() {
    let org = FakeOrg::start().await.unwrap();
    let client = org.client();
    let extra = json!({"settings": {"app": {"url": "https://wiki.example.org"}}});
    let app = client
        .create_application()
        .body(app_body("BOOKMARK", "Wiki", &extra))
        .send()
        .await
        .unwrap()
        .into_inner();
    let app_id = json_of(&app)["id"].as_str().unwrap().to_owned();
    let ada = create_user(&client, "ada@example.com").await;
    let eng = org.seed_group(json!({"profile": {"name": "Engineering"}}));

    let assign: okta::models::AppUserAssignRequest = serde_json::from_value(
        json!({"id": ada, "scope": "USER", "credentials": {"userName": "ada"}}),
    )
    .unwrap();
    let assigned = client
        .assign_user_to_application()
        .app_id(&app_id)
        .body(assign)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(assigned.id.as_deref(), Some(ada.as_str()));
    let users = client
        .list_application_users()
        .app_id(&app_id)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(users.len(), 1);
    assert_eq!(
        serde_json::to_value(&users[0]).unwrap()["credentials"]["userName"],
        "ada"
    );

    let group_assignment: okta::models::ApplicationGroupAssignment =
        serde_json::from_value(json!({"priority": 0})).unwrap();
    client
        .assign_group_to_application()
        .app_id(&app_id)
        .group_id(&eng)
        .body(group_assignment)
        .send()
        .await
        .unwrap();
    let groups = client
        .list_application_group_assignments()
        .app_id(&app_id)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        groups
            .iter()
            .map(|g| g.id.clone().unwrap())
            .collect::<Vec<_>>(),
        vec![eng.clone()]
    );

    // Apps assigned to a user or group, by filter.
    for filter in [
        format!(r#"user.id eq "{ada}""#),
        format!(r#"group.id eq "{eng}""#),
    ] {
        let apps = client
            .list_applications()
            .filter(&filter)
            .send()
            .await
            .unwrap()
            .into_inner();
        assert_eq!(apps.len(), 1, "{filter}");
    }

    client
        .unassign_user_from_application()
        .app_id(&app_id)
        .user_id(&ada)
        .send()
        .await
        .unwrap();
    client
        .unassign_application_from_group()
        .app_id(&app_id)
        .group_id(&eng)
        .send()
        .await
        .unwrap();
    assert!(client
        .list_application_users()
        .app_id(&app_id)
        .send()
        .await
        .unwrap()
        .into_inner()
        .is_empty());
    assert!(client
        .list_application_group_assignments()
        .app_id(&app_id)
        .send()
        .await
        .unwrap()
        .into_inner()
        .is_empty());
    let error = client
        .unassign_user_from_application()
        .app_id(&app_id)
        .user_id(&ada)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_code(&error), Some("E0000007"));
}

#[tokio::test]
async fn seeded_apps_are_complete_and_invalid_seeds_say_why() {
    let org = FakeOrg::start().await.unwrap();
    let id = org
        .seed_app(
            json!({"label": "Wiki", "signOnMode": "BOOKMARK", "status": "INACTIVE",
                         "settings": {"app": {"url": "https://wiki.example.org"}}}),
        )
        .unwrap();
    let app = org
        .client()
        .get_application()
        .app_id(&id)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(subtype(&app), "Bookmark");
    let body = json_of(&app);
    assert_eq!(body["status"], "INACTIVE");
    assert_eq!(body["name"], "bookmark");
    assert!(org.log_events().is_empty(), "seeding writes no event");
    let why = org
        .seed_app(json!({"label": "x", "signOnMode": "BOOKMARK"}))
        .unwrap_err();
    assert!(why.contains("url"), "{why}");
    assert!(org
        .seed_app(json!({"label": "x", "signOnMode": "NOPE"}))
        .is_err());
}
