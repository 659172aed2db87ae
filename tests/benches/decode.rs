//! Decode speed of list pages: typed lossless models against `serde_json::Value`
//! and a minimal 4-field struct.
//!
//! ```text
//! cargo bench --bench decode
//! ```
//!
//! Decode only (no network): 20,000 users shaped like `GET /api/v1/users`
//! list items (~0.8 KB each), in pages of 200, single users shaped like
//! `GET /api/v1/users/{id}` (~1.8 KB), and application pages mixing four
//! `signOnMode`s (the polymorphic decode). Every page of the listing is decoded in
//! every round, through `serde_json` (the generated operations), through
//! `okta_api::decode_json` (raw requests and raw pages) and, for comparison, with the JSON
//! path tracked on every value (`serde_path_to_error`, which `decode_json` only runs after a
//! failure). Reports the best of several rounds.

use std::hint::black_box;
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize)]
#[allow(dead_code)]
struct Minimal {
    id: String,
    status: String,
    created: String,
    profile: MinimalProfile,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct MinimalProfile {
    login: String,
}

fn list_user(i: usize) -> Value {
    json!({
        "id": format!("00u{i:017}"),
        "status": if i.is_multiple_of(7) { "PROVISIONED" } else { "ACTIVE" },
        "created": "2021-06-14T14:45:46.000Z",
        "activated": if i.is_multiple_of(3) { Value::Null } else { json!("2021-06-14T14:45:47.000Z") },
        "statusChanged": "2021-06-14T14:45:47.000Z",
        "lastLogin": if i.is_multiple_of(2) { Value::Null } else { json!("2024-01-02T03:04:05.000Z") },
        "lastUpdated": "2023-11-30T10:00:00.000Z",
        "passwordChanged": "2021-06-14T14:45:47.000Z",
        "type": {"id": "oty1abcdefghijklmno"},
        "profile": {
            "firstName": format!("First{i}"),
            "lastName": format!("Last{i}"),
            "mobilePhone": null,
            "secondEmail": null,
            "login": format!("user{i}@example.com"),
            "email": format!("user{i}@example.com"),
            "department": "Engineering",
            "employeeNumber": format!("{i}"),
            "costCenterCode": "CC-1042"
        },
        "credentials": {
            "password": {},
            "emails": [{"value": format!("user{i}@example.com"), "status": "VERIFIED", "type": "PRIMARY"}],
            "provider": {"type": "OKTA", "name": "OKTA"}
        },
        "_links": {"self": {"href": format!("https://dev-123456.okta.com/api/v1/users/00u{i:017}")}}
    })
}

fn full_user(i: usize) -> Value {
    let mut user = list_user(i);
    let links = json!({
        "suspend": {"href": "https://dev-123456.okta.com/api/v1/users/00u1/lifecycle/suspend", "method": "POST"},
        "schema": {"href": "https://dev-123456.okta.com/api/v1/meta/schemas/user/osc1abcdefghijklmno"},
        "resetPassword": {"href": "https://dev-123456.okta.com/api/v1/users/00u1/lifecycle/reset_password", "method": "POST"},
        "expirePassword": {"href": "https://dev-123456.okta.com/api/v1/users/00u1/lifecycle/expire_password", "method": "POST"},
        "forgotPassword": {"href": "https://dev-123456.okta.com/api/v1/users/00u1/credentials/forgot_password", "method": "POST"},
        "changeRecoveryQuestion": {"href": "https://dev-123456.okta.com/api/v1/users/00u1/credentials/change_recovery_question", "method": "POST"},
        "deactivate": {"href": "https://dev-123456.okta.com/api/v1/users/00u1/lifecycle/deactivate", "method": "POST"},
        "changePassword": {"href": "https://dev-123456.okta.com/api/v1/users/00u1/credentials/change_password", "method": "POST"},
        "self": {"href": "https://dev-123456.okta.com/api/v1/users/00u1"},
        "type": {"href": "https://dev-123456.okta.com/api/v1/meta/types/user/oty1abcdefghijklmno"}
    });
    user["_links"] = links;
    user["credentials"]["recovery_question"] =
        json!({"question": "Who's a major player in the cowboy scene?"});
    user
}

fn application(i: usize) -> Value {
    let (mode, name) = match i % 4 {
        0 => ("BOOKMARK", "bookmark"),
        1 => ("SAML_2_0", "acme_saml"),
        2 => ("OPENID_CONNECT", "oidc_client"),
        _ => ("BROWSER_PLUGIN", "template_swa"),
    };
    json!({
        "id": format!("0oa{i:017}"),
        "name": name,
        "label": format!("App {i}"),
        "status": "ACTIVE",
        "signOnMode": mode,
        "created": "2021-06-14T14:45:46.000Z",
        "lastUpdated": "2023-11-30T10:00:00.000Z",
        "accessibility": {"selfService": false, "errorRedirectUrl": null, "loginRedirectUrl": null},
        "visibility": {"autoSubmitToolbar": false, "hide": {"iOS": false, "web": false}, "appLinks": {"login": true}},
        "features": [],
        "settings": {"app": {"url": "https://app.example.com"}, "notifications": {"vpn": {"network": {"connection": "DISABLED"}}}},
        "credentials": {"userNameTemplate": {"template": "${source.login}", "type": "BUILT_IN"}, "signing": {"kid": "k1"}},
        "_links": {"self": {"href": format!("https://dev-123456.okta.com/api/v1/apps/0oa{i:017}")},
                   "users": {"href": "https://dev-123456.okta.com/api/v1/apps/0oa1/users"},
                   "logo": [{"name": "medium", "href": "https://cdn.example.com/m.png", "type": "image/png"}]}
    })
}

/// Best time per user over `rounds` rounds of decoding every page.
fn measure<F: FnMut(&[u8])>(
    pages: &[Vec<u8>],
    users: usize,
    rounds: usize,
    mut decode: F,
) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..rounds {
        let start = Instant::now();
        for page in pages {
            decode(black_box(page));
        }
        best = best.min(start.elapsed());
    }
    best / users as u32
}

fn report_apps(pages: &[Vec<u8>], apps: usize) {
    let bytes: usize = pages.iter().map(Vec::len).sum();
    println!(
        "\napplication pages (GET /api/v1/apps, 4 signOnModes): {apps} apps, {:.2} KB per app",
        bytes as f64 / apps as f64 / 1024.0
    );
    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct MinimalApp {
        id: String,
        label: String,
        status: String,
        #[serde(rename = "signOnMode")]
        sign_on_mode: String,
    }
    let minimal = measure(pages, apps, 7, |p| {
        black_box(serde_json::from_slice::<Vec<MinimalApp>>(p).expect("minimal"));
    });
    let value = measure(pages, apps, 7, |p| {
        black_box(serde_json::from_slice::<Vec<Value>>(p).expect("value"));
    });
    let typed = measure(pages, apps, 7, |p| {
        black_box(serde_json::from_slice::<Vec<okta::models::Application>>(p).expect("typed"));
    });
    let ratio = |d: Duration| d.as_secs_f64() / minimal.as_secs_f64();
    println!(
        "  minimal 4-field struct   {:>8.0} ns/app    1.00x",
        minimal.as_nanos()
    );
    println!(
        "  serde_json::Value        {:>8.0} ns/app    {:.2}x",
        value.as_nanos(),
        ratio(value)
    );
    println!(
        "  okta::models::Application {:>7.0} ns/app    {:.2}x",
        typed.as_nanos(),
        ratio(typed)
    );
}

fn report(title: &str, pages: &[Vec<u8>], users: usize) {
    let bytes: usize = pages.iter().map(Vec::len).sum();
    println!(
        "\n{title}: {users} users, {:.2} KB per user",
        bytes as f64 / users as f64 / 1024.0
    );
    let rounds = 7;
    let minimal = measure(pages, users, rounds, |p| {
        black_box(serde_json::from_slice::<Vec<Minimal>>(p).expect("minimal"));
    });
    let value = measure(pages, users, rounds, |p| {
        black_box(serde_json::from_slice::<Vec<Value>>(p).expect("value"));
    });
    let typed = measure(pages, users, rounds, |p| {
        black_box(serde_json::from_slice::<Vec<okta::models::User>>(p).expect("typed"));
    });
    // The decoder of raw requests and raw pages (JSON path on failure only).
    let raw_road = measure(pages, users, rounds, |p| {
        black_box(
            okta_api::decode_json::<Vec<okta::models::User>>("bench", p).expect("decode_json"),
        );
    });
    // What every raw page paid before `decode_json` tracked the path only on failure.
    let tracked = measure(pages, users, rounds, |p| {
        let mut de = serde_json::Deserializer::from_slice(p);
        black_box(
            serde_path_to_error::deserialize::<_, Vec<okta::models::User>>(&mut de)
                .expect("tracked"),
        );
    });
    let encode_pages: Vec<Vec<okta::models::User>> = pages
        .iter()
        .map(|p| serde_json::from_slice(p).expect("typed"))
        .collect();
    let mut best_encode = Duration::MAX;
    for _ in 0..rounds {
        let start = Instant::now();
        for page in &encode_pages {
            black_box(serde_json::to_vec(black_box(page)).expect("encode"));
        }
        best_encode = best_encode.min(start.elapsed());
    }
    let encode = best_encode / users as u32;
    let ratio = |d: Duration| d.as_secs_f64() / minimal.as_secs_f64();
    println!(
        "  minimal 4-field struct   {:>8.0} ns/user   1.00x",
        minimal.as_nanos()
    );
    println!(
        "  serde_json::Value        {:>8.0} ns/user   {:.2}x",
        value.as_nanos(),
        ratio(value)
    );
    println!(
        "  okta::models::User       {:>8.0} ns/user   {:.2}x",
        typed.as_nanos(),
        ratio(typed)
    );
    println!(
        "  okta_api::decode_json    {:>8.0} ns/user   {:.2}x",
        raw_road.as_nanos(),
        ratio(raw_road)
    );
    println!(
        "  User, JSON path tracked  {:>8.0} ns/user   {:.2}x",
        tracked.as_nanos(),
        ratio(tracked)
    );
    println!(
        "  okta::models::User (encode) {:>5.0} ns/user",
        encode.as_nanos()
    );
}

fn main() {
    let users = 20_000;
    let per_page = 200;
    let pages: Vec<Vec<u8>> = (0..users / per_page)
        .map(|p| {
            let page: Vec<Value> = (0..per_page).map(|i| list_user(p * per_page + i)).collect();
            serde_json::to_vec(&page).expect("page")
        })
        .collect();
    report("list pages (GET /api/v1/users)", &pages, users);

    let singles: Vec<Vec<u8>> = (0..5_000)
        .map(|i| serde_json::to_vec(&vec![full_user(i)]).expect("user"))
        .collect();
    report("single users (GET /api/v1/users/{id})", &singles, 5_000);

    let app_pages: Vec<Vec<u8>> = (0..25)
        .map(|p| {
            let page: Vec<Value> = (0..200).map(|i| application(p * 200 + i)).collect();
            serde_json::to_vec(&page).expect("page")
        })
        .collect();
    report_apps(&app_pages, 5_000);
}
