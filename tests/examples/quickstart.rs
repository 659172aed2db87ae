//! The quickstart: list users, read a custom attribute, handle a typed error,
//! call an endpoint by path.
//!
//! With an Okta org configured (`~/.okta/okta.yaml`, `./okta.yaml` or
//! `OKTA_CLIENT_ORGURL` + `OKTA_CLIENT_TOKEN`), it reads that org. Without one,
//! it starts a small mock org on loopback and runs against it, so it works on
//! any machine:
//!
//! ```text
//! cargo run --example quickstart
//! ```

use futures::TryStreamExt;
use okta::{Attributes, Client};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let demo;
    let client = match Client::new() {
        Ok(client) => client,
        Err(why) => {
            println!("No Okta org configured ({why}).\nRunning against a mock org on loopback.\n");
            demo = demo_org::start().await;
            demo.client()?
        }
    };

    // Every user, page by page (the SDK follows the `Link: rel="next"` headers).
    let mut users = client.list_users().limit(2).stream();
    while let Some(user) = users.try_next().await? {
        let profile = user.profile.unwrap_or_default();
        let cost_center: Option<String> = profile.attribute("costCenterCode").and_then(Result::ok);
        println!(
            "{:<12} {:<10} {:<10} status={:<10} costCenterCode={}",
            user.id.unwrap_or_default(),
            profile.first_name.unwrap_or_default(),
            profile.last_name.unwrap_or_default(),
            user.status.map(|s| s.to_string()).unwrap_or_default(),
            cost_center.unwrap_or_else(|| "-".into()),
        );
    }

    // Errors are typed: status, Okta error code, summary, request id.
    match client.get_user().id("no-such-user").send().await {
        Ok(_) => println!("found a user called no-such-user?"),
        Err(error) => {
            println!(
                "\nget_user(no-such-user) -> {} {} ({}), request id {}",
                error.status().map(|s| s.as_u16()).unwrap_or_default(),
                error.okta_error_code().unwrap_or("-"),
                error.error_summary().unwrap_or("-"),
                error.request_id().unwrap_or("-"),
            );
        }
    }

    // Any endpoint by path, through the same auth, retries and errors.
    let me: okta::models::User = client
        .request(reqwest::Method::GET, "/api/v1/users/me")
        .send_json()
        .await?;
    println!(
        "\n/api/v1/users/me -> {}",
        me.profile.and_then(|p| p.login).unwrap_or_default()
    );
    Ok(())
}

/// A mock Okta org on loopback, for running the example without one.
mod demo_org {
    use httpmock::Method::GET;
    use httpmock::MockServer;
    use okta::config::{OktaConfig, Secret};
    use serde_json::json;

    pub struct DemoOrg(MockServer);

    fn user(id: &str, first: &str, last: &str, cost_center: &str) -> serde_json::Value {
        json!({
            "id": id, "status": "ACTIVE", "created": "2021-06-14T14:45:46.000Z", "lastLogin": null,
            "profile": {"firstName": first, "lastName": last, "login": format!("{}@example.com", first.to_lowercase()),
                        "costCenterCode": cost_center},
            "_links": {"self": {"href": format!("https://example.okta.com/api/v1/users/{id}")}}
        })
    }

    pub async fn start() -> DemoOrg {
        let server = MockServer::start_async().await;
        let base = server.base_url();
        server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/api/v1/users")
                    .query_param_missing("after");
                then.status(200)
                    .header("content-type", "application/json")
                    .header(
                        "link",
                        format!("<{base}/api/v1/users?after=00u2&limit=2>; rel=\"next\""),
                    )
                    .json_body(json!([
                        user("00u1", "Ada", "Lovelace", "R&D"),
                        user("00u2", "Grace", "Hopper", "NAVY")
                    ]));
            })
            .await;
        server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/api/v1/users")
                    .query_param("after", "00u2");
                then.status(200)
                    .header("content-type", "application/json")
                    .json_body(json!([user("00u3", "Alan", "Turing", "BLETCHLEY")]));
            })
            .await;
        server
            .mock_async(|when, then| {
                when.method(GET).path("/api/v1/users/me");
                then.status(200)
                    .header("content-type", "application/json")
                    .json_body(user("00u1", "Ada", "Lovelace", "R&D"));
            })
            .await;
        server
            .mock_async(|when, then| {
                when.method(GET).path("/api/v1/users/no-such-user");
                then.status(404)
                    .header("content-type", "application/json")
                    .header("x-okta-request-id", "demo-request-1")
                    .json_body(json!({"errorCode": "E0000007", "errorSummary": "Not found: Resource not found: no-such-user (User)",
                                      "errorLink": "E0000007", "errorId": "oaeDemo", "errorCauses": []}));
            })
            .await;
        DemoOrg(server)
    }

    impl DemoOrg {
        pub fn client(&self) -> Result<okta::Client, okta::Error> {
            let url = self
                .0
                .base_url()
                .parse()
                .map_err(|e| okta::Error::Config(format!("{e}")))?;
            let mut config = OktaConfig::for_org(url);
            config.token = Some(Secret::new("demo-token"));
            config.disable_https_check = true;
            okta::Client::from_config(config)
        }
    }
}
