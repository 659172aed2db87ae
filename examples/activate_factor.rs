//! Activate a factor: send back the code Okta sent when the factor was enrolled.
//!
//! ```text
//! cargo run --example activate_factor [-- <user id> <factor id> <pass code>]
//! ```
//!
//! Python → Rust: `models.ActivateFactorRequest({'passCode': ..})` is
//! `UserFactorActivateRequest` in the current spec.

use std::io::Write;

use okta::models::{UserFactor, UserFactorActivateRequest, UserFactorSMS, UserFactorSMSProfile};

/// Activates factor `factor_id` of user `user_id` with `pass_code`; prints its new status.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
    user_id: &str,
    factor_id: &str,
    pass_code: &str,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let request = UserFactorActivateRequest {
        pass_code: Some(pass_code.into()),
        ..Default::default()
    };
    client
        .activate_factor()
        .user_id(user_id)
        .factor_id(factor_id)
        .body(request)
        .send()
        .await?;

    // A wrong code is an error (E0000068), so reaching here means it was accepted.
    let factor = client
        .get_factor()
        .user_id(user_id)
        .factor_id(factor_id)
        .send()
        .await?
        .into_inner();
    let status = factor.status().map(|s| s.to_string()).unwrap_or_default();
    writeln!(out, "factor {factor_id}: {status}")?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (user_id, factor_id, pass_code) = match (&args[..], &org.fake) {
        ([user, factor, code, ..], _) => (user.clone(), factor.clone(), code.clone()),
        // On the fake org: a seeded user enrolls an SMS factor, and the fake tells the
        // code it "texted".
        ([], Some(fake)) => {
            let user_id =
                fake.seed_user(serde_json::json!({"profile": {"login": "john.doe@example.com"}}));
            let sms = UserFactorSMS {
                profile: Some(UserFactorSMSProfile {
                    phone_number: Some("+1-555-415-1337".into()),
                    ..Default::default()
                }),
                ..Default::default()
            };
            let factor = org
                .client
                .enroll_factor()
                .user_id(&user_id)
                .body(UserFactor::from(sms))
                .send()
                .await?;
            let factor_id = factor.id().cloned().unwrap_or_default();
            let code = fake
                .factor_passcode(&user_id, &factor_id)
                .ok_or("no code was sent")?;
            (user_id, factor_id, code)
        }
        _ => return Err("usage: activate_factor <user id> <factor id> <pass code>".into()),
    };
    run(
        &org.client,
        &mut std::io::stdout(),
        &user_id,
        &factor_id,
        &pass_code,
    )
    .await
}
