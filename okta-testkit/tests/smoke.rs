#[tokio::test]
async fn starts() {
    let org = okta_testkit::FakeOrg::start().await.unwrap();
    assert!(org.url().starts_with("http://127.0.0.1:"));
}
