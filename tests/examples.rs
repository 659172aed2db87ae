//! Every example of `examples/` is also a test: each is included here as a module, and
//! its test starts a fake org (`okta-testkit`), seeds what the example needs, calls the
//! example's `run` and checks what it printed and what it changed in the org.
//!
//! README.md's table maps each section of the reference README to its example and to
//! the test here (`tests/examples_readme.rs` keeps that table complete).

// The examples' `main`s are not called here.
#![allow(dead_code)]

use okta_testkit::FakeOrg;
use serde_json::{json, Value};

/// A fake org with nothing in it.
async fn fake() -> FakeOrg {
    FakeOrg::start().await.expect("the fake org starts")
}

/// Seeds an active user `first.last@example.com`; returns its id.
fn person(fake: &FakeOrg, first: &str, last: &str) -> String {
    let login = format!(
        "{}.{}@example.com",
        first.to_lowercase(),
        last.to_lowercase()
    );
    fake.seed_user(json!({
        "profile": {"firstName": first, "lastName": last, "login": login, "email": login}
    }))
}

/// What an example printed.
fn text(out: Vec<u8>) -> String {
    String::from_utf8(out).expect("examples print UTF-8")
}

fn user_status(fake: &FakeOrg, id: &str) -> Value {
    fake.user(id).expect("the user exists")["status"].clone()
}

/// The requests the fake answered, as `METHOD path status`.
fn requests(fake: &FakeOrg) -> Vec<String> {
    fake.requests()
        .iter()
        .map(|r| format!("{} {} {}", r.method, r.path, r.status))
        .collect()
}

#[cfg(feature = "users")]
#[path = "../examples/quickstart.rs"]
mod quickstart;

#[cfg(feature = "users")]
#[tokio::test]
async fn quickstart_prints_the_first_and_last_name_of_every_user() {
    let fake = fake().await;
    person(&fake, "Ada", "Lovelace");
    person(&fake, "Grace", "Hopper");
    person(&fake, "Alan", "Turing");
    let mut out = Vec::new();
    quickstart::run(&fake.client(), &mut out)
        .await
        .expect("quickstart");
    assert_eq!(text(out), "Ada Lovelace\nGrace Hopper\nAlan Turing\n");
}

#[cfg(feature = "users")]
#[path = "../examples/custom_attributes.rs"]
mod custom_attributes;

#[cfg(feature = "users")]
#[tokio::test]
async fn custom_attributes_prints_the_reference_output_for_its_two_users() {
    let fake = fake().await;
    // Another user, as in the reference's org; the example leaves it out of its output.
    person(&fake, "Ada", "Lovelace");
    let mut out = Vec::new();
    let created = custom_attributes::run(&fake.client(), &mut out)
        .await
        .expect("custom attributes");
    assert_eq!(
        text(out),
        "John Smith\ncustom value\nNeo Anderson\nUser has no customAttr\n"
    );
    assert_eq!(created.len(), 2);
    let john = fake.user("jsmith@matrix.com").expect("John was created");
    assert_eq!(john["profile"]["customAttr"], "custom value");
    let neo = fake.user("nanderson@matrix.com").expect("Neo was created");
    assert_eq!(neo["profile"].get("customAttr"), None);
}

#[cfg(feature = "users")]
#[path = "../examples/get_user.rs"]
mod get_user;

#[cfg(feature = "users")]
#[tokio::test]
async fn get_user_reads_a_user_by_id_and_by_login() {
    let fake = fake().await;
    person(&fake, "Ada", "Lovelace");
    let id = person(&fake, "Grace", "Hopper");
    let mut out = Vec::new();
    get_user::run(&fake.client(), &mut out, &id)
        .await
        .expect("get user");
    assert_eq!(
        text(out),
        format!(
            "by id:    {id} grace.hopper@example.com\nby login: {id} grace.hopper@example.com\n"
        )
    );
    let paths: Vec<String> = fake.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        // The login is encoded into its path segment.
        [
            format!("/api/v1/users/{id}"),
            "/api/v1/users/grace.hopper%40example.com".to_owned()
        ]
    );
}

#[cfg(feature = "users")]
#[path = "../examples/list_users.rs"]
mod list_users;

#[cfg(feature = "users")]
#[tokio::test]
async fn list_users_prints_every_user_across_pages() {
    // Pages of two users: the listing follows the next links.
    let fake = FakeOrg::builder()
        .page_limit_default(2)
        .start()
        .await
        .expect("fake org");
    person(&fake, "Ada", "Lovelace");
    person(&fake, "Grace", "Hopper");
    fake.seed_user(json!({"status": "STAGED", "profile": {"login": "alan.turing@example.com"}}));
    let mut out = Vec::new();
    list_users::run(&fake.client(), &mut out)
        .await
        .expect("list users");
    assert_eq!(
        text(out),
        "ada.lovelace@example.com ACTIVE\ngrace.hopper@example.com ACTIVE\nalan.turing@example.com STAGED\n3 users\n"
    );
    assert_eq!(fake.requests().len(), 2, "{:?}", requests(&fake));
}

#[cfg(feature = "users")]
#[path = "../examples/filter_users.rs"]
mod filter_users;

#[cfg(feature = "users")]
#[tokio::test]
async fn filter_users_filters_by_status_and_searches_by_last_name() {
    let fake = fake().await;
    person(&fake, "Ada", "Lovelace");
    person(&fake, "Byron", "Lovelace");
    fake.seed_user(json!({"status": "STAGED", "profile": {"lastName": "Lovelace", "login": "staged@example.com"}}));
    person(&fake, "Grace", "Hopper");
    let mut out = Vec::new();
    filter_users::run(&fake.client(), &mut out, "Lovelace")
        .await
        .expect("filter users");
    assert_eq!(
        text(out),
        "filter status eq \"ACTIVE\": 3 users\n  ada.lovelace@example.com\n  byron.lovelace@example.com\n  grace.hopper@example.com\n\
         search profile.lastName eq \"Lovelace\": 3 users\n  ada.lovelace@example.com\n  byron.lovelace@example.com\n  staged@example.com\n"
    );
}

#[cfg(feature = "users")]
#[path = "../examples/create_user.rs"]
mod create_user;

#[cfg(feature = "users")]
#[tokio::test]
async fn create_user_creates_an_active_user_with_a_password() {
    let fake = fake().await;
    let mut out = Vec::new();
    let id = create_user::run(&fake.client(), &mut out, "john.doe@example.com")
        .await
        .expect("create user");
    assert_eq!(text(out), "created john.doe@example.com: ACTIVE\n");
    let user = fake.user("john.doe@example.com").expect("created");
    assert_eq!(user["id"], id.as_str());
    assert_eq!(user["status"], "ACTIVE");
    assert_eq!(user["profile"]["firstName"], "John");
    // The password is stored, never returned: the credentials show a password is set.
    assert!(user["credentials"].get("password").is_some(), "{user}");
}

#[cfg(feature = "users")]
#[path = "../examples/update_user.rs"]
mod update_user;

#[cfg(feature = "users")]
#[tokio::test]
async fn update_user_changes_the_nick_name_and_keeps_custom_attributes() {
    let fake = fake().await;
    let id = fake.seed_user(json!({
        "profile": {"firstName": "John", "login": "john.doe@example.com", "costCenterCode": "R&D"}
    }));
    let mut out = Vec::new();
    update_user::run(&fake.client(), &mut out, &id)
        .await
        .expect("update user");
    assert_eq!(text(out), "nickName: Oktanaut\n");
    let user = fake.user(&id).expect("still there");
    assert_eq!(user["profile"]["nickName"], "Oktanaut");
    assert_eq!(user["profile"]["firstName"], "John");
    assert_eq!(user["profile"]["costCenterCode"], "R&D");
}

#[cfg(feature = "users")]
#[path = "../examples/remove_user.rs"]
mod remove_user;

#[cfg(feature = "users")]
#[tokio::test]
async fn remove_user_deactivates_then_deletes() {
    let fake = fake().await;
    let id = person(&fake, "John", "Doe");
    let keep = person(&fake, "Ada", "Lovelace");
    let mut out = Vec::new();
    remove_user::run(&fake.client(), &mut out, &id)
        .await
        .expect("remove user");
    assert_eq!(
        text(out),
        "deactivated: DEPROVISIONED\ndeleted\ngone: E0000007\n"
    );
    assert!(fake.user(&id).is_none());
    assert_eq!(user_status(&fake, &keep), "ACTIVE");
}

#[cfg(feature = "users")]
#[path = "../examples/user_groups.rs"]
mod user_groups;

#[cfg(feature = "users")]
#[tokio::test]
async fn user_groups_prints_the_groups_of_the_user() {
    let fake = fake().await;
    let ada = person(&fake, "Ada", "Lovelace");
    let grace = person(&fake, "Grace", "Hopper");
    let engineering = fake.seed_group(json!({"profile": {"name": "Engineering"}}));
    let navy = fake.seed_group(json!({"profile": {"name": "Navy"}}));
    assert!(fake.seed_membership(&engineering, &ada));
    assert!(fake.seed_membership(&engineering, &grace));
    assert!(fake.seed_membership(&navy, &grace));
    let mut out = Vec::new();
    user_groups::run(&fake.client(), &mut out, &grace)
        .await
        .expect("user groups");
    assert_eq!(text(out), "Engineering\nNavy\n");
}

#[cfg(feature = "groups")]
#[path = "../examples/create_group.rs"]
mod create_group;

#[cfg(feature = "groups")]
#[tokio::test]
async fn create_group_creates_an_okta_group() {
    let fake = fake().await;
    let mut out = Vec::new();
    let id = create_group::run(&fake.client(), &mut out, "Group-Test")
        .await
        .expect("create group");
    assert_eq!(text(out), "created group Group-Test\n");
    let groups = fake.groups();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0]["id"], id.as_str());
    assert_eq!(groups[0]["profile"]["name"], "Group-Test");
    assert_eq!(groups[0]["type"], "OKTA_GROUP");
}

#[cfg(feature = "groups")]
#[path = "../examples/add_user_to_group.rs"]
mod add_user_to_group;

#[cfg(feature = "groups")]
#[tokio::test]
async fn add_user_to_group_makes_the_user_a_member() {
    let fake = fake().await;
    let ada = person(&fake, "Ada", "Lovelace");
    let grace = person(&fake, "Grace", "Hopper");
    let group = fake.seed_group(json!({"profile": {"name": "Engineering"}}));
    assert!(fake.seed_membership(&group, &ada));
    let mut out = Vec::new();
    add_user_to_group::run(&fake.client(), &mut out, &group, &grace)
        .await
        .expect("add to group");
    assert_eq!(
        text(out),
        "member: ada.lovelace@example.com\nmember: grace.hopper@example.com\n"
    );
    let mut expected = vec![ada, grace];
    expected.sort();
    assert_eq!(fake.group_members(&group), expected);
}

#[cfg(feature = "users")]
#[path = "../examples/list_factors.rs"]
mod list_factors;

#[cfg(feature = "users")]
#[path = "../examples/enroll_factor.rs"]
mod enroll_factor;

#[cfg(feature = "users")]
#[path = "../examples/activate_factor.rs"]
mod activate_factor;

#[cfg(feature = "users")]
#[path = "../examples/verify_factor.rs"]
mod verify_factor;

/// The factor walk-through: enroll an SMS factor, activate it, verify a code, list.
#[cfg(feature = "users")]
#[tokio::test]
async fn factors_enroll_activate_verify_and_list() {
    let fake = fake().await;
    let client = fake.client();
    let user = person(&fake, "John", "Doe");

    let mut out = Vec::new();
    let factor = enroll_factor::run(&client, &mut out, &user, "+1-555-415-1337")
        .await
        .expect("enroll");
    assert_eq!(
        text(out),
        "enrolled sms +1-555-415-1337: PENDING_ACTIVATION\n"
    );
    let enrolled = fake.factors(&user);
    assert_eq!(enrolled.len(), 1);
    assert_eq!(enrolled[0]["id"], factor.as_str());
    assert_eq!(enrolled[0]["status"], "PENDING_ACTIVATION");

    // A wrong code is refused and leaves the factor pending.
    let code = fake
        .factor_passcode(&user, &factor)
        .expect("a code was sent");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let mut out = Vec::new();
    let refused = activate_factor::run(&client, &mut out, &user, &factor, wrong).await;
    assert!(refused.is_err(), "{}", text(out));
    assert_eq!(fake.factors(&user)[0]["status"], "PENDING_ACTIVATION");

    let mut out = Vec::new();
    activate_factor::run(&client, &mut out, &user, &factor, &code)
        .await
        .expect("activate");
    assert_eq!(text(out), format!("factor {factor}: ACTIVE\n"));
    assert_eq!(fake.factors(&user)[0]["status"], "ACTIVE");

    let code = fake
        .factor_passcode(&user, &factor)
        .expect("a code to verify");
    let mut out = Vec::new();
    verify_factor::run(&client, &mut out, &user, &factor, &code)
        .await
        .expect("verify");
    assert_eq!(text(out), "factorResult: SUCCESS\n");

    let mut out = Vec::new();
    list_factors::run(&client, &mut out, &user)
        .await
        .expect("list factors");
    let out = text(out);
    assert!(
        out.starts_with("enrolled:\n  sms ACTIVE\nsupported:\n"),
        "{out}"
    );
    assert!(out.contains("\n  sms OKTA ACTIVE\n"), "{out}");
    assert!(
        out.contains("\n  token:software:totp GOOGLE NOT_SETUP\n"),
        "{out}"
    );
}

#[cfg(feature = "apps")]
#[path = "../examples/create_swa_app.rs"]
mod create_swa_app;

#[cfg(feature = "apps")]
#[path = "../examples/list_apps.rs"]
mod list_apps;

#[cfg(feature = "apps")]
#[path = "../examples/get_app.rs"]
mod get_app;

/// Create a SWA app, list the apps, get it by id.
#[cfg(feature = "apps")]
#[tokio::test]
async fn apps_create_a_swa_app_list_and_get_it() {
    let fake = fake().await;
    let client = fake.client();
    let mut out = Vec::new();
    let id = create_swa_app::run(&client, &mut out, "SWA Test App")
        .await
        .expect("create app");
    assert_eq!(text(out), "created SWA Test App: BROWSER_PLUGIN ACTIVE\n");
    let apps = fake.apps();
    assert_eq!(apps.len(), 1);
    assert_eq!(apps[0]["id"], id.as_str());
    assert_eq!(apps[0]["name"], "template_swa");
    assert_eq!(
        apps[0]["settings"]["app"]["loginUrlRegex"],
        "^https://example.com/login.html$"
    );

    let mut out = Vec::new();
    list_apps::run(&client, &mut out).await.expect("list apps");
    assert_eq!(
        text(out),
        "SWA Test App BROWSER_PLUGIN ACTIVE\napplications: 1\n"
    );

    let mut out = Vec::new();
    get_app::run(&client, &mut out, &id).await.expect("get app");
    assert_eq!(text(out), "SWA Test App: a browser plugin (SWA) app\n");
}

#[cfg(feature = "users")]
#[path = "../examples/raw_requests.rs"]
mod raw_requests;

#[cfg(feature = "users")]
#[tokio::test]
async fn raw_requests_activate_a_user_and_read_it_typed() {
    let fake = fake().await;
    let id =
        fake.seed_user(json!({"status": "STAGED", "profile": {"login": "john.doe@example.com"}}));
    let mut out = Vec::new();
    raw_requests::run(&fake.client(), &mut out, &id)
        .await
        .expect("raw requests");
    assert_eq!(
        text(out),
        format!("POST /api/v1/users/{id}/lifecycle/activate: done\nGET /api/v1/users/{id}: PROVISIONED\n")
    );
    // Without a password, an activated user is PROVISIONED until it sets one.
    assert_eq!(user_status(&fake, &id), "PROVISIONED");
    let sent = fake.requests();
    assert_eq!(sent[0].query, "sendEmail=false");
}

#[cfg(feature = "users")]
#[path = "../examples/errors.rs"]
mod errors;

#[cfg(feature = "users")]
#[tokio::test]
async fn errors_print_the_okta_error_like_the_reference() {
    let fake = fake().await;
    let mut out = Vec::new();
    errors::run(&fake.client(), &mut out).await.expect("errors");
    let out = text(out);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].starts_with("{'errorCode': 'E0000011', 'errorSummary': 'Invalid token provided', 'errorLink': 'E0000011', 'errorId': '"),
        "{out}"
    );
    assert!(lines[0].ends_with("', 'errorCauses': []}"), "{out}");
    assert!(
        lines[1].starts_with("getUser: HTTP 404 Not Found [E0000007]: Not found: Resource not found: no-such-user@example.com (User) (request id "),
        "{out}"
    );
    assert_eq!(
        lines[2],
        "status 404, code E0000007, operation getUser, may have been applied: false"
    );
}

#[cfg(feature = "users")]
#[path = "../examples/pagination.rs"]
mod pagination;

#[cfg(feature = "users")]
#[tokio::test]
async fn pagination_goes_page_by_page_streams_and_resumes() {
    let fake = fake().await;
    person(&fake, "Ada", "Lovelace");
    person(&fake, "Grace", "Hopper");
    person(&fake, "Alan", "Turing");
    let mut out = Vec::new();
    pagination::run(&fake.client(), &mut out)
        .await
        .expect("pagination");
    let out = text(out);
    // Okta may or may not announce an empty last page; either way every user comes once.
    assert!(
        out.starts_with(
            "page 1: ada.lovelace@example.com (more: true)\npage 2: grace.hopper@example.com (more: true)\npage 3: alan.turing@example.com (more: "
        ),
        "{out}"
    );
    assert!(
        out.ends_with("stream: 3 users\nafter the first page: grace.hopper@example.com, alan.turing@example.com\n"),
        "{out}"
    );
    // Every page was a request with limit=1.
    let pages = fake
        .requests()
        .into_iter()
        .filter(|r| r.query.contains("limit=1"))
        .count();
    assert!(pages >= 3 + 3 + 2, "{:?}", requests(&fake));
}

#[cfg(feature = "users")]
#[path = "../examples/rate_limiting.rs"]
mod rate_limiting;

#[cfg(feature = "users")]
#[tokio::test]
async fn rate_limiting_retries_a_429_and_reports_the_limit() {
    let fake = fake().await;
    person(&fake, "Ada", "Lovelace");
    // The next request is refused once with 429; the client waits for the reset and retries.
    fake.inject_429(1);
    let mut out = Vec::new();
    rate_limiting::run(&fake.client(), &mut out)
        .await
        .expect("rate limiting");
    let out = text(out);
    assert!(
        out.starts_with(
            "maxRetries 4, requestTimeout Some(60s), maxCapacity Some(80)\nlisted 1 user(s)\nrate limit: "
        ),
        "{out}"
    );
    assert!(out.contains("\nbucket /api/v1/users: "), "{out}");
    assert_eq!(
        requests(&fake),
        ["GET /api/v1/users 429", "GET /api/v1/users 200"]
    );
}

#[cfg(all(feature = "logs", feature = "users"))]
#[path = "../examples/system_log.rs"]
mod system_log;

#[cfg(all(feature = "logs", feature = "users"))]
#[tokio::test]
async fn system_log_tails_new_events_and_resumes_from_its_cursor() {
    use okta::models::{CreateUserRequest, UserProfile};
    use std::time::Duration;
    use system_log::Resume;

    let fake = fake().await;
    let client = fake.client();
    let create = |login: &str| CreateUserRequest {
        profile: Some(UserProfile {
            first_name: Some("Demo".into()),
            last_name: Some("User".into()),
            email: Some(login.into()),
            login: Some(login.into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    client
        .create_user()
        .body(create("ada@example.com"))
        .send()
        .await
        .expect("create");

    let mut out = Vec::new();
    let since = Resume::Since("2000-01-01T00:00:00.000Z".into());
    let resume = system_log::run(&client, &mut out, since, 1, Duration::ZERO)
        .await
        .expect("tail");
    let first = text(out);
    // Creating an active user is two events: created, then activated.
    assert_eq!(first.lines().count(), 2, "{first}");
    assert!(
        first.contains(" user.lifecycle.create ada@example.com\n"),
        "{first}"
    );
    assert!(
        first.contains(" user.lifecycle.activate ada@example.com\n"),
        "{first}"
    );
    assert!(matches!(resume, Resume::Cursor(_)), "{resume:?}");

    // Nothing new: nothing printed, and the same place to resume from.
    let mut out = Vec::new();
    let again = system_log::run(&client, &mut out, resume.clone(), 2, Duration::ZERO)
        .await
        .expect("tail");
    assert_eq!(text(out), "");

    // A new event: only it is printed.
    client
        .create_user()
        .body(create("grace@example.com"))
        .send()
        .await
        .expect("create");
    let mut out = Vec::new();
    system_log::run(&client, &mut out, again, 1, Duration::ZERO)
        .await
        .expect("tail");
    let second = text(out);
    assert_eq!(second.lines().count(), 2, "{second}");
    assert!(
        second.contains(" user.lifecycle.create grace@example.com\n"),
        "{second}"
    );
    assert!(!second.contains("ada@example.com"), "{second}");
}

#[cfg(feature = "users")]
#[path = "../examples/configuration.rs"]
mod configuration;

#[cfg(feature = "users")]
#[tokio::test]
async fn configuration_from_code_yaml_and_environment_reaches_the_org() {
    let fake = fake().await;
    person(&fake, "Ada", "Lovelace");
    let mut out = Vec::new();
    configuration::run(&fake.client(), &mut out)
        .await
        .expect("configuration");
    let out = text(out);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "code: ok (orgUrl from explicit configuration, token from explicit configuration)"
    );
    assert!(lines[1].starts_with("okta.yaml: ok (orgUrl from "), "{out}");
    assert!(
        lines[1].contains("okta.yaml, token from ") && lines[1].ends_with("okta.yaml)"),
        "{out}"
    );
    assert_eq!(
        lines[2],
        "environment: ok (orgUrl from environment variable OKTA_CLIENT_ORGURL, token from environment variable OKTA_CLIENT_TOKEN)"
    );
    assert_eq!(lines.len(), 3, "{out}");
    assert_eq!(fake.requests().len(), 3, "{:?}", requests(&fake));
}

#[cfg(feature = "users")]
#[path = "../examples/oauth_private_key.rs"]
mod oauth_private_key;

#[cfg(feature = "users")]
#[tokio::test]
async fn oauth_private_key_signs_in_with_a_pem_and_a_jwk_key() {
    let fake = fake().await;
    person(&fake, "Ada", "Lovelace");
    let public = oauth_private_key::public_jwk(oauth_private_key::PRIVATE_KEY_JWK).expect("jwk");
    assert!(public.get("d").is_none());
    fake.register_oauth_client("0oa-example-service", public, &["okta.users.read"]);
    let client = fake.client();
    for key in [
        oauth_private_key::PRIVATE_KEY_PEM,
        oauth_private_key::PRIVATE_KEY_JWK,
    ] {
        let mut out = Vec::new();
        oauth_private_key::run(&client, &mut out, "0oa-example-service", key)
            .await
            .expect("private key");
        assert_eq!(text(out), "listed 1 users as 0oa-example-service\n");
    }
    assert_eq!(
        requests(&fake),
        [
            "POST /oauth2/v1/token 200",
            "GET /api/v1/users 200",
            "POST /oauth2/v1/token 200",
            "GET /api/v1/users 200"
        ]
    );
}

#[cfg(feature = "users")]
#[tokio::test]
async fn oauth_private_key_is_refused_for_an_unregistered_key() {
    let fake = fake().await;
    let mut out = Vec::new();
    let refused = oauth_private_key::run(
        &fake.client(),
        &mut out,
        "0oa-unknown",
        oauth_private_key::PRIVATE_KEY_PEM,
    )
    .await;
    assert!(refused.is_err(), "{}", text(out));
    assert_eq!(requests(&fake).len(), 1, "{:?}", requests(&fake));
}

#[cfg(feature = "users")]
#[path = "../examples/extending.rs"]
mod extending;

#[cfg(feature = "users")]
#[tokio::test]
async fn extending_uses_a_custom_http_client_cache_and_credentials() {
    let fake = fake().await;
    let id = person(&fake, "Ada", "Lovelace");
    let mut out = Vec::new();
    extending::run(&fake.client(), &mut out, &id)
        .await
        .expect("extending");
    assert_eq!(
        text(out),
        "custom HTTP client: ada.lovelace@example.com\ncustom cache: 1 hit(s)\ncustom credentials: ok\n"
    );
    // Three reads reached the org: the cached client's second read did not.
    assert_eq!(fake.requests().len(), 3, "{:?}", requests(&fake));
}
