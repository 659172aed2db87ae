//! `example_org()`: a seeded fake org when no real org is configured.

use okta_testkit::example_org;

#[tokio::test]
async fn without_configuration_examples_get_a_seeded_fake_org() {
    let configured = ["OKTA_CLIENT_ORGURL", "OKTA_CLIENT_ORG_URL"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|v| !v.is_empty()));
    let org = example_org().await.unwrap();
    if configured {
        // A developer machine with a real org: either it is used, or the
        // fake is, saying why.
        let text = org.describe();
        assert!(
            text.contains("from configuration") || text.contains("configuration failed"),
            "{text}"
        );
        return;
    }
    let fake = org.fake.as_ref().expect("a fake org");
    let text = org.describe();
    assert!(
        text.starts_with("fake Okta org on loopback (http://127.0.0.1:"),
        "{text}"
    );
    assert!(text.contains("OKTA_CLIENT_ORGURL is not set"), "{text}");
    let users = org.client.list_users().send().await.unwrap().into_inner();
    assert_eq!(users.len(), 3);
    assert_eq!(fake.groups().len(), 2);
    let apps = fake.apps();
    assert_eq!(apps.len(), 1, "{apps:?}");
    assert_eq!(apps[0]["signOnMode"], "BOOKMARK");
    let engineering = fake
        .groups()
        .into_iter()
        .find(|g| g["profile"]["name"] == "Engineering")
        .unwrap();
    assert_eq!(
        fake.group_members(engineering["id"].as_str().unwrap())
            .len(),
        2
    );
}
