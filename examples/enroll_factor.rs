//! Enroll a user in a new factor: an SMS factor for a phone number.
//!
//! ```text
//! cargo run --example enroll_factor [-- <user id> <phone number>]
//! ```
//!
//! Okta texts a code to the number; the factor stays `PENDING_ACTIVATION` until that
//! code is sent back (activate_factor.rs).
//!
//! Python → Rust: `models.SmsUserFactor({...})` is `UserFactorSMS` here, wrapped in the
//! polymorphic `UserFactor` the operation takes (`UserFactor::from(sms)`), which writes
//! the discriminator (`factorType: sms`).

use std::io::Write;

use okta::models::{UserFactor, UserFactorSMS, UserFactorSMSProfile};

/// Enrolls an SMS factor for `phone_number`; prints its status and returns its id.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
    user_id: &str,
    phone_number: &str,
) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let sms = UserFactorSMS {
        profile: Some(UserFactorSMSProfile {
            phone_number: Some(phone_number.into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let factor = client
        .enroll_factor()
        .user_id(user_id)
        .body(UserFactor::from(sms))
        .send()
        .await?
        .into_inner();

    let id = factor.id().cloned().unwrap_or_default();
    let status = factor.status().map(|s| s.to_string()).unwrap_or_default();
    // The subtype tells what was enrolled; `Unknown` would be a type newer than the SDK.
    if let UserFactor::Sms(sms) = &factor {
        let phone = sms.profile.as_ref().and_then(|p| p.phone_number.as_deref());
        writeln!(out, "enrolled sms {}: {status}", phone.unwrap_or_default())?;
    }
    Ok(id)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    // The user and number on the command line; on the fake org, a seeded user.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (user_id, phone) = match (&args[..], &org.fake) {
        ([user, phone, ..], _) => (user.clone(), phone.clone()),
        ([], Some(fake)) => (
            fake.seed_user(serde_json::json!({"profile": {"login": "john.doe@example.com"}})),
            "+1-555-415-1337".to_owned(),
        ),
        _ => return Err("usage: enroll_factor <user id> <phone number>".into()),
    };
    let id = run(&org.client, &mut std::io::stdout(), &user_id, &phone).await?;
    println!("factor id {id}");
    Ok(())
}
