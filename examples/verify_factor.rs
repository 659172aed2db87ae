//! Verify a factor: check a code the user gives (a step-up check in your own app).
//!
//! ```text
//! cargo run --example verify_factor [-- <user id> <factor id> <pass code>]
//! ```
//!
//! For an SMS, call or email factor, a `verify_factor` call without a code first makes
//! Okta send one; for a TOTP app the user reads it from the app.
//!
//! Python → Rust: the reference's snippet for this section calls `activate_factor`;
//! verifying an active factor is `verify_factor`, with a `UserFactorVerifyRequest`, and
//! answers a `UserFactorVerifyResponse` whose `factor_result` is `SUCCESS` (a wrong code
//! is an error, E0000068).

use std::io::Write;

use okta::models::{
    UserFactor, UserFactorActivateRequest, UserFactorSMS, UserFactorSMSProfile,
    UserFactorVerifyRequest,
};

/// Verifies `pass_code` against factor `factor_id` of user `user_id`; prints the result.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
    user_id: &str,
    factor_id: &str,
    pass_code: &str,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let request = UserFactorVerifyRequest {
        pass_code: Some(pass_code.into()),
        ..Default::default()
    };
    let verified = client
        .verify_factor()
        .user_id(user_id)
        .factor_id(factor_id)
        .body(request)
        .send()
        .await?
        .into_inner();
    let result = verified
        .factor_result
        .map(|r| r.to_string())
        .unwrap_or_default();
    writeln!(out, "factorResult: {result}")?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (user_id, factor_id, pass_code) = match (&args[..], &org.fake) {
        ([user, factor, code, ..], _) => (user.clone(), factor.clone(), code.clone()),
        // On the fake org: a seeded user with an active SMS factor, and the fake's code.
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
            let activate = UserFactorActivateRequest {
                pass_code: Some(code),
                ..Default::default()
            };
            let client = &org.client;
            client
                .activate_factor()
                .user_id(&user_id)
                .factor_id(&factor_id)
                .body(activate)
                .send()
                .await?;
            let code = fake
                .factor_passcode(&user_id, &factor_id)
                .ok_or("no code was sent")?;
            (user_id, factor_id, code)
        }
        _ => return Err("usage: verify_factor <user id> <factor id> <pass code>".into()),
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
