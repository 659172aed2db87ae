//! Factors: the supported catalog, enrolment of SMS, call, email, TOTP and
//! security question, activation and verification with the pass code the
//! test reads from the fake.

mod common;

use common::{create_user, error_code};
use okta::models::UserFactor;
use okta_testkit::FakeOrg;
use serde_json::{json, Value};

fn factor_json(factor: &impl serde::Serialize) -> Value {
    serde_json::to_value(factor).unwrap()
}

fn passcode(code: &str) -> Value {
    json!({ "passCode": code })
}

#[tokio::test]
async fn the_catalog_lists_every_supported_factor() {
    let org = FakeOrg::start().await.unwrap();
    let client = org.client();
    let id = create_user(&client, "ada@example.com").await;
    let catalog = client
        .list_supported_factors()
        .user_id(&id)
        .send()
        .await
        .unwrap()
        .into_inner();
    let kinds: Vec<(String, String)> = catalog
        .iter()
        .map(|f| {
            let v = factor_json(f);
            (
                v["factorType"].as_str().unwrap().to_owned(),
                v["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for kind in ["sms", "call", "email", "token:software:totp", "question"] {
        assert!(
            kinds.iter().any(|(k, s)| k == kind && s == "NOT_SETUP"),
            "{kind}: {kinds:?}"
        );
    }
    let questions = client
        .list_supported_security_questions()
        .user_id(&id)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert!(!questions.is_empty());
}

#[tokio::test]
async fn enrol_activate_and_verify_each_code_factor() {
    // (factorType, provider, profile, the typed subtype's name)
    let cases = [
        ("sms", "OKTA", json!({"phoneNumber": "+1-555-415-1337"})),
        ("call", "OKTA", json!({"phoneNumber": "+1-555-415-1338"})),
        ("email", "OKTA", json!({"email": "ada@example.com"})),
        ("token:software:totp", "GOOGLE", json!({})),
        ("token:software:totp", "OKTA", json!({})),
    ];
    let org = FakeOrg::start().await.unwrap();
    let client = org.client();
    let user = create_user(&client, "ada@example.com").await;
    for (factor_type, provider, profile) in cases {
        let body: UserFactor = serde_json::from_value(json!({
            "factorType": factor_type, "provider": provider, "profile": profile
        }))
        .unwrap();
        let enrolled = client
            .enroll_factor()
            .user_id(&user)
            .body(body)
            .send()
            .await
            .unwrap()
            .into_inner();
        let enrolled = factor_json(&enrolled);
        assert_eq!(enrolled["status"], "PENDING_ACTIVATION", "{factor_type}");
        assert_eq!(enrolled["factorType"], factor_type);
        let fid = enrolled["id"].as_str().unwrap().to_owned();

        // A wrong code is refused and the factor stays pending.
        let code = org
            .factor_passcode(&user, &fid)
            .expect("the code the fake 'sent'");
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let error = client
            .activate_factor()
            .user_id(&user)
            .factor_id(&fid)
            .body(
                serde_json::from_value::<okta::models::UserFactorActivateRequest>(passcode(wrong))
                    .unwrap(),
            )
            .send()
            .await
            .unwrap_err();
        assert_eq!(error_code(&error), Some("E0000068"), "{factor_type}");

        let activated = client
            .activate_factor()
            .user_id(&user)
            .factor_id(&fid)
            .body(
                serde_json::from_value::<okta::models::UserFactorActivateRequest>(passcode(&code))
                    .unwrap(),
            )
            .send()
            .await
            .unwrap()
            .into_inner();
        assert_eq!(factor_json(&activated)["status"], "ACTIVE", "{factor_type}");

        // Codes are single-use: the next verification needs the new one.
        let next = org.factor_passcode(&user, &fid).unwrap();
        let verify = |code: String| {
            let client = client.clone();
            let (user, fid) = (user.clone(), fid.clone());
            async move {
                client
                    .verify_factor()
                    .user_id(&user)
                    .factor_id(&fid)
                    .body(
                        serde_json::from_value::<okta::models::UserFactorVerifyRequest>(passcode(
                            &code,
                        ))
                        .unwrap(),
                    )
                    .send()
                    .await
            }
        };
        let result = verify(next.clone()).await.unwrap().into_inner();
        assert_eq!(
            serde_json::to_value(&result).unwrap()["factorResult"],
            "SUCCESS",
            "{factor_type}"
        );
        let replay = verify(next).await.unwrap_err();
        assert_eq!(
            error_code(&replay),
            Some("E0000068"),
            "{factor_type}: a code works once"
        );
    }
    let factors = client
        .list_factors()
        .user_id(&user)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(factors.len(), 5);
    assert!(factors.iter().all(|f| factor_json(f)["status"] == "ACTIVE"));
    assert_eq!(org.factors(&user).len(), 5);
    assert!(matches!(factors[0], UserFactor::Sms(_)), "typed subtype");
}

#[tokio::test]
async fn security_question_is_active_at_once_and_verifies_its_answer() {
    let org = FakeOrg::start().await.unwrap();
    let client = org.client();
    let user = create_user(&client, "ada@example.com").await;
    let body: UserFactor = serde_json::from_value(json!({
        "factorType": "question", "provider": "OKTA",
        "profile": {"question": "disliked_food", "answer": "Broccoli"}
    }))
    .unwrap();
    let factor = factor_json(
        &client
            .enroll_factor()
            .user_id(&user)
            .body(body)
            .send()
            .await
            .unwrap()
            .into_inner(),
    );
    assert_eq!(factor["status"], "ACTIVE");
    assert!(
        factor["profile"].get("answer").is_none(),
        "the answer is never echoed"
    );
    assert!(factor["profile"]["questionText"].as_str().is_some());
    let fid = factor["id"].as_str().unwrap().to_owned();
    assert_eq!(org.factor_passcode(&user, &fid), None);
    for (answer, ok) in [("broccoli", true), ("spinach", false)] {
        let result = client
            .verify_factor()
            .user_id(&user)
            .factor_id(&fid)
            .body(
                serde_json::from_value::<okta::models::UserFactorVerifyRequest>(
                    json!({"answer": answer}),
                )
                .unwrap(),
            )
            .send()
            .await;
        assert_eq!(result.is_ok(), ok, "{answer}");
    }
    // A too short answer or an unknown question is a validation error.
    for profile in [
        json!({"question": "disliked_food", "answer": "no"}),
        json!({"question": "nope", "answer": "long enough"}),
    ] {
        let other = create_user(
            &client,
            &format!("u{}@example.com", profile["answer"].as_str().unwrap().len()),
        )
        .await;
        let body: UserFactor = serde_json::from_value(
            json!({"factorType": "question", "provider": "OKTA", "profile": profile}),
        )
        .unwrap();
        let error = client
            .enroll_factor()
            .user_id(&other)
            .body(body)
            .send()
            .await
            .unwrap_err();
        assert_eq!(error_code(&error), Some("E0000001"), "{profile}");
    }
}

#[tokio::test]
async fn sms_challenge_then_verify_and_unenroll() {
    let org = FakeOrg::start().await.unwrap();
    let client = org.client();
    let user = create_user(&client, "ada@example.com").await;
    let body: UserFactor = serde_json::from_value(json!({
        "factorType": "sms", "provider": "OKTA", "profile": {"phoneNumber": "+1-555-0100"}
    }))
    .unwrap();
    // `activate=true` skips the activation code for SMS.
    let factor = factor_json(
        &client
            .enroll_factor()
            .user_id(&user)
            .activate(true)
            .body(body)
            .send()
            .await
            .unwrap()
            .into_inner(),
    );
    assert_eq!(factor["status"], "ACTIVE");
    let fid = factor["id"].as_str().unwrap().to_owned();
    let before = org.factor_passcode(&user, &fid).unwrap();
    let challenge = client
        .verify_factor()
        .user_id(&user)
        .factor_id(&fid)
        .body(serde_json::from_value::<okta::models::UserFactorVerifyRequest>(json!({})).unwrap())
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        serde_json::to_value(&challenge).unwrap()["factorResult"],
        "CHALLENGE"
    );
    let sent = org.factor_passcode(&user, &fid).unwrap();
    assert_ne!(sent, before, "a challenge sends a new code");
    let result = client
        .verify_factor()
        .user_id(&user)
        .factor_id(&fid)
        .body(
            serde_json::from_value::<okta::models::UserFactorVerifyRequest>(passcode(&sent))
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        serde_json::to_value(&result).unwrap()["factorResult"],
        "SUCCESS"
    );
    // A second SMS factor is refused; unenrolling frees the slot.
    let again: UserFactor = serde_json::from_value(
        json!({"factorType": "sms", "provider": "OKTA", "profile": {"phoneNumber": "+1-555-0101"}}),
    )
    .unwrap();
    let error = client
        .enroll_factor()
        .user_id(&user)
        .body(again.clone())
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_code(&error), Some("E0000001"));
    client
        .unenroll_factor()
        .user_id(&user)
        .factor_id(&fid)
        .send()
        .await
        .unwrap();
    assert!(org.factors(&user).is_empty());
    client
        .enroll_factor()
        .user_id(&user)
        .body(again)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_factor_is_verified_only_once_active_and_activated_only_once() {
    let org = FakeOrg::start().await.unwrap();
    let client = org.client();
    let user = create_user(&client, "ada@example.com").await;
    let body: UserFactor = serde_json::from_value(json!({
        "factorType": "sms", "provider": "OKTA", "profile": {"phoneNumber": "+1-555-0100"}
    }))
    .unwrap();
    let factor = factor_json(
        &client
            .enroll_factor()
            .user_id(&user)
            .body(body)
            .send()
            .await
            .unwrap()
            .into_inner(),
    );
    assert_eq!(factor["status"], "PENDING_ACTIVATION");
    let fid = factor["id"].as_str().unwrap().to_owned();
    let code = org.factor_passcode(&user, &fid).unwrap();
    let verify = |code: &str| {
        client
            .verify_factor()
            .user_id(&user)
            .factor_id(&fid)
            .body(
                serde_json::from_value::<okta::models::UserFactorVerifyRequest>(passcode(code))
                    .unwrap(),
            )
            .send()
    };
    let activate = |code: &str| {
        client
            .activate_factor()
            .user_id(&user)
            .factor_id(&fid)
            .body(
                serde_json::from_value::<okta::models::UserFactorActivateRequest>(passcode(code))
                    .unwrap(),
            )
            .send()
    };
    // Pending: verification is refused, naming the state.
    let error = verify(&code).await.unwrap_err();
    assert_eq!(error_code(&error), Some("E0000001"));
    assert!(error.to_string().contains("not active"), "{error}");
    activate(&code).await.unwrap();
    // Active: a second activation is refused, naming the state.
    let error = activate(&code).await.unwrap_err();
    assert_eq!(error_code(&error), Some("E0000001"));
    assert!(
        error.to_string().contains("not pending activation"),
        "{error}"
    );
    // And an unknown factor is a 404.
    let error = client
        .activate_factor()
        .user_id(&user)
        .factor_id("mfaNoSuchFactor")
        .body(
            serde_json::from_value::<okta::models::UserFactorActivateRequest>(passcode(&code))
                .unwrap(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_code(&error), Some("E0000007"));
}
