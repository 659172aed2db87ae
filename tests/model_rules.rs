//! One test per rule of the generated models (`okta::models`), each on
//! real-shaped JSON.
// Uses operations and models of several API areas: built with every area (`full`).
#![cfg(feature = "full")]

use okta::models::{
    Application, ApplicationSignOnMode, BrowserPluginApplication, BrowserPluginApplicationName,
    GrantType, Group, GroupProfile, GroupType, IdentityProvider, InlineHookType, LinkRelation,
    OAuth2ClientSecret, PasswordCredential, Policy, PolicyRule, PolicyType, SwaApplicationSettings,
    SwaApplicationSettingsApplication, User, UserFactor, UserFactorType, UserProfile, UserStatus,
    UserTransitioningToStatus,
};
use okta::Attributes;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Decodes `value` as `T`, panicking with the reason.
fn decode<T: DeserializeOwned>(value: &Value) -> T {
    serde_path_to_error::deserialize(value.clone()).unwrap_or_else(|e| {
        panic!(
            "cannot decode {} ({}): {e}",
            std::any::type_name::<T>(),
            value["type"]
        )
    })
}

/// Encodes `value` back to JSON.
fn encode<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("encodes")
}

/// How many times `"key":` appears in `text` (an object key, not a value).
fn key_count(text: &str, key: &str) -> usize {
    text.matches(&format!("\"{key}\":")).count()
}

fn user_json() -> Value {
    json!({
        "id": "00u1f9cnxpFbVk3Kd0h8",
        "status": "ACTIVE",
        "created": "2022-03-11T09:12:40.000Z",
        "activated": "2022-03-11T09:12:41.000Z",
        "statusChanged": "2022-03-11T09:12:41.000Z",
        "lastLogin": null,
        "lastUpdated": "2023-08-02T17:55:03.000Z",
        "passwordChanged": "2022-03-11T09:12:41.000Z",
        "type": {"id": "oty1f9cnwq8AyEFZm0h8"},
        "profile": {
            "firstName": "Imogen",
            "lastName": "Halvorsen",
            "mobilePhone": null,
            "login": "imogen.halvorsen@example.org",
            "email": "imogen.halvorsen@example.org"
        },
        "credentials": {
            "password": {},
            "provider": {"type": "OKTA", "name": "OKTA"}
        },
        "_links": {
            "self": {"href": "https://acme-corp.okta.com/api/v1/users/00u1f9cnxpFbVk3Kd0h8"}
        }
    })
}

/// An application of `sign_on_mode` named `name`, with the shared base fields.
fn app_json(sign_on_mode: &str, name: &str) -> Value {
    json!({
        "id": "0oa1gjh63g214q0Hq0g4",
        "name": name,
        "label": format!("{sign_on_mode} app"),
        "status": "ACTIVE",
        "created": "2023-02-14T19:41:34.000Z",
        "lastUpdated": "2023-02-14T19:41:35.000Z",
        "signOnMode": sign_on_mode,
        "features": [],
        "visibility": {"autoSubmitToolbar": false, "hide": {"iOS": false, "web": false}},
        "settings": {"app": {"url": "https://app.example.org/login"}},
        "_links": {
            "self": {"href": "https://acme-corp.okta.com/api/v1/apps/0oa1gjh63g214q0Hq0g4"}
        }
    })
}

#[test]
fn unknown_enum_value_decodes_to_unknown_and_reencodes_unchanged() {
    let mut input = user_json();
    input["status"] = json!("PENDING_USER_ACTION");
    input["transitioningToStatus"] = json!("ACTIVE");
    let user: User = decode(&input);

    let status = user.status.as_ref().expect("status is set");
    assert_eq!(status, &UserStatus::Unknown("PENDING_USER_ACTION".into()));
    assert!(status.is_unknown());
    assert_eq!(status.as_str(), "PENDING_USER_ACTION");
    assert_eq!(status.to_string(), "PENDING_USER_ACTION");
    assert_eq!(
        user.transitioning_to_status,
        Some(UserTransitioningToStatus::Active)
    );
    assert_eq!(encode(&user), input);

    // On its own, and inside a list.
    let alone: UserStatus = decode(&json!("SOMETHING_NEW"));
    assert_eq!(alone, UserStatus::Unknown("SOMETHING_NEW".into()));
    assert_eq!(encode(&alone), json!("SOMETHING_NEW"));
    let types: Vec<UserFactorType> = decode(&json!(["sms", "passkey_2027"]));
    assert_eq!(
        types,
        vec![
            UserFactorType::Sms,
            UserFactorType::Unknown("passkey_2027".into())
        ]
    );
    assert_eq!(encode(&types), json!(["sms", "passkey_2027"]));
}

#[test]
fn unknown_fields_are_kept_and_reencoded() {
    let mut input = user_json();
    input["newFieldFrom2027"] = json!({"riskLevel": "LOW", "signals": [1, 2.5, null, "x"]});
    input["credentials"]["provider"]["federatedFrom"] = json!("saml-partner");
    input["credentials"]["emails"] = json!([{"value": "a@example.org", "status": "VERIFIED"}]);
    let user: User = decode(&input);

    assert_eq!(
        user.extra.get("newFieldFrom2027"),
        Some(&json!({"riskLevel": "LOW", "signals": [1, 2.5, null, "x"]}))
    );
    let credentials = user.credentials.as_ref().expect("credentials");
    assert!(credentials.extra.contains_key("emails"));
    let provider = credentials.provider.as_ref().expect("provider");
    assert_eq!(
        provider
            .attribute::<String>("federatedFrom")
            .map(Result::unwrap),
        Some("saml-partner".to_owned())
    );
    // Modelled keys are not duplicated into `extra`.
    assert!(!user.extra.contains_key("id"));
    assert!(!user.extra.contains_key("profile"));

    assert_eq!(encode(&user), input);
}

#[test]
fn user_profile_custom_attributes_are_read_written_and_serialized_inline() {
    let input = json!({
        "firstName": "Ruairí",
        "lastName": "Ó Briain",
        "login": "ruairi.obriain@example.org",
        "email": "ruairi.obriain@example.org",
        "badgeNumber": "B-7731",
        "clearanceLevel": 3,
        "favoriteProjects": ["atlas", "beacon"]
    });
    let mut profile: UserProfile = decode(&input);

    assert_eq!(profile.first_name.as_deref(), Some("Ruairí"));
    assert_eq!(
        profile
            .attribute::<String>("badgeNumber")
            .map(Result::unwrap),
        Some("B-7731".to_owned())
    );
    assert_eq!(
        profile
            .attribute::<i64>("clearanceLevel")
            .map(Result::unwrap),
        Some(3)
    );
    assert_eq!(
        profile
            .attribute::<Vec<String>>("favoriteProjects")
            .map(Result::unwrap),
        Some(vec!["atlas".to_owned(), "beacon".to_owned()])
    );
    assert!(profile.attribute::<String>("costCenterCode").is_none());
    assert!(
        profile
            .attribute::<String>("clearanceLevel")
            .is_some_and(|r| r.is_err()),
        "a number read as a string is an error, not a silent None"
    );

    profile
        .set_attribute("badgeNumber", "B-9000")
        .expect("set badgeNumber");
    profile
        .set_attribute("isContractor", true)
        .expect("set isContractor");
    profile.nick_name = Some("Rory".into());

    let out = encode(&profile);
    let expected = json!({
        "firstName": "Ruairí",
        "lastName": "Ó Briain",
        "nickName": "Rory",
        "login": "ruairi.obriain@example.org",
        "email": "ruairi.obriain@example.org",
        "badgeNumber": "B-9000",
        "clearanceLevel": 3,
        "favoriteProjects": ["atlas", "beacon"],
        "isContractor": true
    });
    assert_eq!(out, expected);
    let text = serde_json::to_string(&profile).unwrap();
    assert!(!text.contains("\"extra\""), "no `extra` wrapper: {text}");

    // Inside a user, next to the standard attributes.
    let mut user: User = decode(&user_json());
    user.profile = Some(profile);
    let out = encode(&user);
    assert_eq!(out["profile"]["badgeNumber"], json!("B-9000"));
    assert_eq!(out["profile"]["isContractor"], json!(true));
    assert_eq!(out["profile"]["firstName"], json!("Ruairí"));
}

#[test]
fn group_profile_custom_attributes_are_read_written_and_serialized_inline() {
    let input = json!({
        "id": "00gbso71miOMjxHRW0h7",
        "type": "APP_GROUP",
        "objectClass": ["okta:windows_security_principal"],
        "profile": {
            "name": "Domain Admins",
            "description": "Designated administrators of the domain",
            "samAccountName": "Domain Admins",
            "dn": "CN=Domain Admins,CN=Users,DC=corp,DC=example,DC=org",
            "windowsDomainQualifiedName": "CORP\\Domain Admins",
            "managedBy": "CN=IT Operations,OU=Groups,DC=corp,DC=example,DC=org",
            "groupScope": "Global"
        }
    });
    let mut group: Group = decode(&input);
    assert_eq!(group.type_, Some(GroupType::AppGroup));
    let profile: &mut GroupProfile = group.profile.as_mut().expect("profile");

    // The current spec models the Active Directory attributes
    // (`samAccountName`, `dn`, `windowsDomainQualifiedName`); the other
    // directory attributes are custom ones.
    assert_eq!(profile.name.as_deref(), Some("Domain Admins"));
    assert_eq!(profile.sam_account_name.as_deref(), Some("Domain Admins"));
    assert_eq!(
        profile.windows_domain_qualified_name.as_deref(),
        Some("CORP\\Domain Admins")
    );
    assert_eq!(
        profile.attribute::<String>("managedBy").map(Result::unwrap),
        Some("CN=IT Operations,OU=Groups,DC=corp,DC=example,DC=org".to_owned())
    );
    assert_eq!(
        profile
            .attribute::<String>("groupScope")
            .map(Result::unwrap),
        Some("Global".to_owned())
    );
    assert!(profile.attribute::<String>("name").is_none(), "modelled");
    assert!(
        profile.attribute::<String>("samAccountName").is_none(),
        "modelled"
    );

    profile
        .set_attribute("slackChannel", "#domain-admins")
        .expect("set slackChannel");
    profile
        .set_attribute("escalationTiers", ["primary", "secondary"])
        .expect("set escalationTiers");
    profile.description = Some("Domain administrators".into());

    let out = encode(&group);
    assert_eq!(
        out["profile"],
        json!({
            "name": "Domain Admins",
            "description": "Domain administrators",
            "samAccountName": "Domain Admins",
            "dn": "CN=Domain Admins,CN=Users,DC=corp,DC=example,DC=org",
            "windowsDomainQualifiedName": "CORP\\Domain Admins",
            "managedBy": "CN=IT Operations,OU=Groups,DC=corp,DC=example,DC=org",
            "groupScope": "Global",
            "slackChannel": "#domain-admins",
            "escalationTiers": ["primary", "secondary"]
        })
    );
    let again: Group = decode(&out);
    assert_eq!(
        again
            .profile
            .as_ref()
            .and_then(|p| p.attribute::<String>("slackChannel"))
            .map(Result::unwrap),
        Some("#domain-admins".to_owned())
    );
}

#[test]
fn missing_field_is_none_and_stays_absent() {
    let mut input = user_json();
    let object = input.as_object_mut().unwrap();
    object.remove("lastLogin");
    object.remove("passwordChanged");
    let user: User = decode(&input);

    assert_eq!(user.last_login, None);
    assert_eq!(user.password_changed, None);
    assert_eq!(user.transitioning_to_status, None);
    assert!(!user.extra.contains_key("lastLogin"));
    assert_eq!(user.id.as_deref(), Some("00u1f9cnxpFbVk3Kd0h8"));

    let out = encode(&user);
    assert!(out.get("lastLogin").is_none(), "absent stays absent: {out}");
    assert!(out.get("transitioningToStatus").is_none());
    assert_eq!(out, input);
}

#[test]
fn null_field_is_none_and_reencoded_as_null() {
    let input = user_json();
    assert!(input["lastLogin"].is_null());
    let user: User = decode(&input);

    assert_eq!(user.last_login, None);
    let profile = user.profile.as_ref().unwrap();
    assert_eq!(profile.mobile_phone, None);

    let out = encode(&user);
    assert_eq!(out.get("lastLogin"), Some(&Value::Null));
    assert_eq!(out["profile"].get("mobilePhone"), Some(&Value::Null));
    assert_eq!(out, input);
}

#[test]
fn setting_a_field_that_arrived_null_writes_the_value_once() {
    let mut user: User = decode(&user_json());
    user.last_login = Some("2024-10-01T14:02:47.000Z".into());
    user.profile.as_mut().unwrap().mobile_phone = Some("+47 555 01 234".into());

    let text = serde_json::to_string(&user).unwrap();
    assert_eq!(key_count(&text, "lastLogin"), 1, "{text}");
    assert_eq!(key_count(&text, "mobilePhone"), 1, "{text}");
    let out: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(out["lastLogin"], json!("2024-10-01T14:02:47.000Z"));
    assert_eq!(out["profile"]["mobilePhone"], json!("+47 555 01 234"));

    // Cleared again: back to the `null` it arrived as.
    user.last_login = None;
    let text = serde_json::to_string(&user).unwrap();
    assert_eq!(key_count(&text, "lastLogin"), 1, "{text}");
    assert_eq!(encode(&user)["lastLogin"], Value::Null);
}

/// The `name` of an application, read from the modelled field of its
/// variant (the current spec has no `name` on the shared base: each sign-on
/// mode types it, most as an open enum).
fn app_name(app: &Application) -> Option<String> {
    match app {
        Application::AutoLogin(a) => a.name.clone(),
        Application::BasicAuth(a) => a.name.as_ref().map(|n| n.as_str().to_owned()),
        Application::Bookmark(a) => a.name.as_ref().map(|n| n.as_str().to_owned()),
        Application::BrowserPlugin(a) => a.name.as_ref().map(|n| n.as_str().to_owned()),
        Application::OpenidConnect(a) => a.name.as_ref().map(|n| n.as_str().to_owned()),
        Application::Saml11(a) => a.name.clone(),
        Application::Saml20(a) => a.name.clone(),
        Application::SecurePasswordStore(a) => a.name.as_ref().map(|n| n.as_str().to_owned()),
        Application::WsFederation(a) => a.name.as_ref().map(|n| n.as_str().to_owned()),
        // `Application` is `#[non_exhaustive]`: a newer SDK may add sign-on modes.
        _ => None,
    }
}

#[test]
fn application_decodes_to_the_variant_of_its_sign_on_mode() {
    type Is = fn(&Application) -> bool;
    let cases: &[(&str, &str, Is)] = &[
        ("BOOKMARK", "bookmark", |a| {
            matches!(a, Application::Bookmark(b)
                if b.settings.as_ref().and_then(|s| s.app.as_ref()).and_then(|x| x.url.as_deref())
                    == Some("https://app.example.org/login"))
        }),
        ("BASIC_AUTH", "template_basic_auth", |a| {
            matches!(a, Application::BasicAuth(_))
        }),
        ("AUTO_LOGIN", "acmecorp_timesheets_1", |a| {
            matches!(a, Application::AutoLogin(_))
        }),
        ("SECURE_PASSWORD_STORE", "template_sps", |a| {
            matches!(a, Application::SecurePasswordStore(_))
        }),
        ("WS_FEDERATION", "template_wsfed", |a| {
            matches!(a, Application::WsFederation(_))
        }),
        ("OPENID_CONNECT", "oidc_client", |a| {
            matches!(a, Application::OpenidConnect(_))
        }),
        ("SAML_2_0", "acmecorp_payroll_1", |a| {
            matches!(a, Application::Saml20(_))
        }),
        ("SAML_2_0", "okta_org2org", |a| {
            matches!(a, Application::Saml20(_))
        }),
        ("SAML_1_1", "acmecorp_legacyhr_1", |a| {
            matches!(a, Application::Saml11(_))
        }),
        ("BROWSER_PLUGIN", "template_swa", |a| {
            matches!(a, Application::BrowserPlugin(s)
                if s.settings.as_ref().and_then(|s| s.app.as_ref()).and_then(|x| x.url.as_deref())
                    == Some("https://app.example.org/login"))
        }),
        ("BROWSER_PLUGIN", "template_swa3field", |a| {
            matches!(
                a,
                Application::BrowserPlugin(b)
                    if b.name == Some(BrowserPluginApplicationName::TemplateSwa3field)
            )
        }),
        ("BROWSER_PLUGIN", "template_swa_future", |a| {
            matches!(
                a,
                Application::BrowserPlugin(b)
                    if b.name.as_ref().map(BrowserPluginApplicationName::as_str)
                        == Some("template_swa_future")
            )
        }),
    ];
    let mut failures = Vec::new();
    for (mode, name, is) in cases {
        let input = app_json(mode, name);
        let app: Application = decode(&input);
        if !is(&app) {
            failures.push(format!("{mode}/{name}: decoded to {app:?}"));
        }
        if app.sign_on_mode().map(ApplicationSignOnMode::as_str) != Some(*mode) {
            failures.push(format!(
                "{mode}/{name}: sign_on_mode() = {:?}",
                app.sign_on_mode()
            ));
        }
        if app.id().map(String::as_str) != Some("0oa1gjh63g214q0Hq0g4")
            || app_name(&app).as_deref() != Some(*name)
            || app.label() != Some(&format!("{mode} app"))
        {
            failures.push(format!(
                "{mode}/{name}: shared accessors lost the base fields"
            ));
        }
        if encode(&app) != input {
            failures.push(format!("{mode}/{name}: re-encoded as {}", encode(&app)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn unknown_sign_on_mode_lands_in_unknown_keeping_every_field() {
    let mut input = app_json("FUTURE_MODE", "acmecorp_passkeyportal_1");
    input["credentials"] = json!({
        "userNameTemplate": {"template": "${source.login}", "type": "BUILT_IN"},
        "passkeyBinding": {"rpId": "passkeys.example.org"}
    });
    input["settings"]["futureSignOn"] = json!({"challengeTimeoutSeconds": 120});
    input["newFieldFrom2027"] = json!({"enabled": true});
    input["accessibility"] = json!({"selfService": false, "errorRedirectUrl": null});
    let app: Application = decode(&input);

    let Application::Unknown(base) = &app else {
        panic!("FUTURE_MODE decoded to {app:?}");
    };
    assert_eq!(
        base.sign_on_mode,
        Some(ApplicationSignOnMode::Unknown("FUTURE_MODE".into()))
    );
    assert_eq!(base.id.as_deref(), Some("0oa1gjh63g214q0Hq0g4"));
    assert_eq!(base.label.as_deref(), Some("FUTURE_MODE app"));
    assert_eq!(
        base.extra.get("newFieldFrom2027"),
        Some(&json!({"enabled": true}))
    );
    // The current spec's shared base models neither `name` nor
    // `credentials` (each sign-on mode types its own): both are kept whole.
    assert_eq!(
        base.extra.get("name"),
        Some(&json!("acmecorp_passkeyportal_1"))
    );
    assert_eq!(app_name(&app), None);
    let credentials = base.extra.get("credentials").expect("credentials");
    assert_eq!(
        credentials["userNameTemplate"]["template"],
        json!("${source.login}")
    );
    assert_eq!(
        credentials["passkeyBinding"],
        json!({"rpId": "passkeys.example.org"})
    );
    assert_eq!(app.id().map(String::as_str), Some("0oa1gjh63g214q0Hq0g4"));
    assert_eq!(encode(&app), input);

    // No signOnMode at all: also Unknown, also lossless.
    let mut bare = input.clone();
    bare.as_object_mut().unwrap().remove("signOnMode");
    let app: Application = decode(&bare);
    assert!(matches!(app, Application::Unknown(_)), "{app:?}");
    assert_eq!(encode(&app), bare);
}

#[test]
fn user_factor_decodes_to_the_variant_of_its_factor_type() {
    let factor = |factor_type: &str, profile: Value| {
        json!({
            "id": "mfa1f9cnxpFbVk3Kd0h8",
            "factorType": factor_type,
            "provider": "OKTA",
            "vendorName": "OKTA",
            "status": "ACTIVE",
            "created": "2023-03-21T20:46:43.000Z",
            "lastUpdated": "2023-03-21T20:47:02.000Z",
            "profile": profile,
            "_links": {"self": {"href": "https://acme-corp.okta.com/api/v1/users/00u1/factors/mfa1"}}
        })
    };
    type Is = fn(&UserFactor) -> bool;
    let cases: Vec<(Value, Is)> = vec![
        (
            factor("sms", json!({"phoneNumber": "+1-555-415-1337"})),
            |f| {
                matches!(f, UserFactor::Sms(s)
                if s.profile.as_ref().and_then(|p| p.phone_number.as_deref()) == Some("+1-555-415-1337"))
            },
        ),
        (
            factor("call", json!({"phoneNumber": "+1-555-415-1337"})),
            |f| matches!(f, UserFactor::Call(_)),
        ),
        (
            factor("push", json!({"deviceType": "SmartPhone_IPhone"})),
            |f| matches!(f, UserFactor::Push(_)),
        ),
        (
            factor("token:software:totp", json!({"credentialId": "imogen"})),
            |f| {
                matches!(f, UserFactor::TokenSoftwareTotp(t)
                if t.profile.as_ref().and_then(|p| p.credential_id.as_deref()) == Some("imogen"))
            },
        ),
        (factor("token:hardware", json!({})), |f| {
            matches!(f, UserFactor::TokenHardware(_))
        }),
        (
            factor("question", json!({"question": "disliked_food"})),
            |f| matches!(f, UserFactor::Question(_)),
        ),
        (factor("email", json!({"email": "a@example.org"})), |f| {
            matches!(f, UserFactor::Email(_))
        }),
        (
            factor("webauthn", json!({"authenticatorName": "YubiKey"})),
            |f| matches!(f, UserFactor::Webauthn(_)),
        ),
        // `signed_nonce` is a known `UserFactorType` now, but the `UserFactor`
        // union has no variant for it: the shared base, type kept.
        (
            factor("signed_nonce", json!({"deviceName": "MacBook"})),
            |f| {
                matches!(f, UserFactor::Unknown(b)
                if b.factor_type == Some(UserFactorType::SignedNonce)
                    && b.profile.as_ref().and_then(|p| p.get("deviceName")) == Some(&json!("MacBook")))
            },
        ),
        (
            factor("passkey_2027", json!({"deviceName": "MacBook"})),
            |f| {
                matches!(f, UserFactor::Unknown(b)
                if b.factor_type == Some(UserFactorType::Unknown("passkey_2027".into()))
                    && b.profile.as_ref().and_then(|p| p.get("deviceName")) == Some(&json!("MacBook")))
            },
        ),
    ];
    let mut failures = Vec::new();
    for (input, is) in &cases {
        let decoded: UserFactor = decode(input);
        if !is(&decoded) {
            failures.push(format!("{}: decoded to {decoded:?}", input["factorType"]));
        }
        if decoded.factor_type().map(UserFactorType::as_str) != input["factorType"].as_str() {
            failures.push(format!(
                "{}: factor_type() = {:?}",
                input["factorType"],
                decoded.factor_type()
            ));
        }
        if encode(&decoded) != *input {
            failures.push(format!(
                "{}: re-encoded as {}",
                input["factorType"],
                encode(&decoded)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn policy_and_policy_rule_decode_to_the_variant_of_their_type() {
    let policy = |type_: &str| {
        json!({
            "id": "00p1bqknVfJRHfLq70h8",
            "status": "ACTIVE",
            "name": format!("{type_} policy"),
            "priority": 1,
            "system": false,
            "conditions": {"people": {"groups": {"include": ["00g0everyone0000000h8"]}}},
            "type": type_,
            "_links": {"self": {"href": "https://acme-corp.okta.com/api/v1/policies/00p1bqknVfJRHfLq70h8"}}
        })
    };
    // Policy types the current spec gives no conditions (a nullable string,
    // "not supported for this policy type"): Okta sends `null`.
    const WITHOUT_CONDITIONS: &[&str] = &[
        "IDP_DISCOVERY",
        "ACCESS_POLICY",
        "PROFILE_ENROLLMENT",
        "POST_AUTH_SESSION",
    ];
    type IsPolicy = fn(&Policy) -> bool;
    let policies: &[(&str, IsPolicy)] = &[
        ("OKTA_SIGN_ON", |p| matches!(p, Policy::OktaSignOn(_))),
        ("PASSWORD", |p| matches!(p, Policy::Password(_))),
        (
            "IDP_DISCOVERY",
            |p| matches!(p, Policy::IdpDiscovery(d) if d.conditions.is_none()),
        ),
        ("ACCESS_POLICY", |p| matches!(p, Policy::AccessPolicy(_))),
        ("PROFILE_ENROLLMENT", |p| {
            matches!(p, Policy::ProfileEnrollment(_))
        }),
        ("MFA_ENROLL", |p| matches!(p, Policy::MfaEnroll(_))),
        ("POST_AUTH_SESSION", |p| {
            matches!(p, Policy::PostAuthSession(_))
        }),
        // Authorization server policies are their own schema now
        // (`AuthorizationServerPolicy`), not a `Policy` type.
        (
            "OAUTH_AUTHORIZATION_POLICY",
            |p| matches!(p, Policy::Unknown(b) if b.name.as_deref() == Some("OAUTH_AUTHORIZATION_POLICY policy")),
        ),
    ];
    let mut failures = Vec::new();
    for (type_, is) in policies {
        let mut input = policy(type_);
        if WITHOUT_CONDITIONS.contains(type_) {
            input["conditions"] = Value::Null;
        }
        let decoded: Policy = match serde_json::from_value(input.clone()) {
            Ok(d) => d,
            Err(e) => {
                failures.push(format!("policy {type_}: does not decode: {e}"));
                continue;
            }
        };
        if !is(&decoded) {
            failures.push(format!("policy {type_}: decoded to {decoded:?}"));
        }
        if decoded.type_().map(PolicyType::as_str) != Some(*type_) {
            failures.push(format!("policy {type_}: type_() = {:?}", decoded.type_()));
        }
        if decoded.priority() != Some(&1) {
            failures.push(format!(
                "policy {type_}: priority() = {:?}",
                decoded.priority()
            ));
        }
        if encode(&decoded) != input {
            failures.push(format!(
                "policy {type_}: re-encoded as {}",
                encode(&decoded)
            ));
        }
    }

    let rule = |type_: &str| {
        json!({
            "id": "0pr1qz0tHq2PgNV4r0h8",
            "status": "ACTIVE",
            "name": format!("{type_} rule"),
            "priority": 2,
            "system": false,
            "conditions": {"network": {"connection": "ANYWHERE"}},
            "actions": {"signon": {"access": "ALLOW", "requireFactor": false}},
            "type": type_
        })
    };
    type IsRule = fn(&PolicyRule) -> bool;
    let rules: &[(&str, IsRule)] = &[
        ("SIGN_ON", |r| {
            matches!(r, PolicyRule::SignOn(s)
                if s.actions.as_ref().and_then(|a| a.signon.as_ref()).and_then(|s| s.require_factor) == Some(false))
        }),
        ("PASSWORD", |r| matches!(r, PolicyRule::Password(_))),
        ("ACCESS_POLICY", |r| {
            matches!(r, PolicyRule::AccessPolicy(_))
        }),
        ("PROFILE_ENROLLMENT", |r| {
            matches!(r, PolicyRule::ProfileEnrollment(_))
        }),
        ("MFA_ENROLL", |r| matches!(r, PolicyRule::MfaEnroll(_))),
        // An authorization server rule type: not a `PolicyRule` type.
        (
            "RESOURCE_ACCESS",
            |r| matches!(r, PolicyRule::Unknown(b) if b.priority == Some(2)),
        ),
    ];
    for (type_, is) in rules {
        let mut input = rule(type_);
        if *type_ == "PROFILE_ENROLLMENT" {
            input["conditions"] = Value::Null;
        }
        let decoded: PolicyRule = match serde_json::from_value(input.clone()) {
            Ok(d) => d,
            Err(e) => {
                failures.push(format!("rule {type_}: does not decode: {e}"));
                continue;
            }
        };
        if !is(&decoded) {
            failures.push(format!("rule {type_}: decoded to {decoded:?}"));
        }
        if encode(&decoded) != input {
            failures.push(format!("rule {type_}: re-encoded as {}", encode(&decoded)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn links_entry_may_be_one_object_or_an_array() {
    let input = json!({
        "id": "00g1emaKYZTWRYYRRTSK",
        "type": "OKTA_GROUP",
        "profile": {"name": "Engineering"},
        "_links": {
            "self": {"href": "https://acme-corp.okta.com/api/v1/groups/00g1emaKYZTWRYYRRTSK"},
            "logo": [
                {"name": "medium", "href": "https://op1static.oktacdn.com/assets/img/logos/groups/okta-medium.png", "type": "image/png"},
                {"name": "large", "href": "https://op1static.oktacdn.com/assets/img/logos/groups/okta-large.png", "type": "image/png"}
            ],
            "users": {"href": "https://acme-corp.okta.com/api/v1/groups/00g1emaKYZTWRYYRRTSK/users", "hints": {"allow": ["GET"]}}
        }
    });
    let group: Group = decode(&input);
    let links = group.links.as_ref().expect("_links");
    assert_eq!(
        links["self"].href(),
        Some("https://acme-corp.okta.com/api/v1/groups/00g1emaKYZTWRYYRRTSK")
    );
    let logos = links["logo"].links();
    assert_eq!(logos.len(), 2);
    assert_eq!(logos[1].name.as_deref(), Some("large"));
    assert_eq!(logos[1].type_.as_deref(), Some("image/png"));
    assert_eq!(
        links["users"].links()[0].hints,
        Some(json!({"allow": ["GET"]}))
    );
    assert_eq!(encode(&group), input);

    // Same on a union, read through the shared accessor.
    let mut app_input = app_json("BOOKMARK", "bookmark");
    app_input["_links"]["appLinks"] = json!([
        {"name": "login", "href": "https://acme-corp.okta.com/home/bookmark/0oa1gjh63g214q0Hq0g4/2557", "type": "text/html"}
    ]);
    let app: Application = decode(&app_input);
    let links = app.links().expect("_links");
    assert!(matches!(links["appLinks"], LinkRelation::Many(_)));
    assert!(matches!(links["self"], LinkRelation::One(_)));
    assert_eq!(encode(&app), app_input);
}

#[test]
fn embedded_holds_anything() {
    let embedded = json!({
        "stats": {"usersCount": 148, "appsCount": 12, "hasAdminPrivilege": false,
                  "_links": {"self": {"href": "https://acme-corp.okta.com/api/v1/groups/00g1/stats"}}},
        "app": [{"id": "0oa1", "label": "Wiki"}, {"id": "0oa2", "label": "Payroll"}],
        "note": "free text",
        "count": 2,
        "ratio": 0.25,
        "flag": true,
        "nothing": null
    });
    let input = json!({
        "id": "00g1emaKYZTWRYYRRTSK",
        "type": "OKTA_GROUP",
        "profile": {"name": "Engineering", "description": null},
        "_embedded": embedded
    });
    let group: Group = decode(&input);
    let got = group.embedded.as_ref().expect("_embedded");
    assert_eq!(got["stats"]["usersCount"], json!(148));
    assert_eq!(got["app"][1]["label"], json!("Payroll"));
    assert_eq!(got["ratio"], json!(0.25));
    assert_eq!(got.get("nothing"), Some(&Value::Null));
    assert_eq!(encode(&group), input);

    let mut factor = json!({
        "id": "opf3hkfocI4JTLAju0g4",
        "factorType": "push",
        "provider": "OKTA",
        "status": "PENDING_ACTIVATION",
        "_embedded": {"activation": {"expiresAt": "2024-09-01T18:16:30.000Z", "factorResult": "WAITING"}}
    });
    let decoded: UserFactor = decode(&factor);
    assert_eq!(
        decoded
            .embedded()
            .map(|e| e["activation"]["factorResult"].clone()),
        Some(json!("WAITING"))
    );
    assert_eq!(encode(&decoded), factor);
    factor["_embedded"] = json!({});
    assert_eq!(encode(&decode::<UserFactor>(&factor)), factor);
}

#[test]
fn non_rfc3339_date_times_decode_and_reencode_unchanged() {
    let mut input = user_json();
    input["lastLogin"] = json!("2021-06-14 14:45:46");
    input["created"] = json!("2021-06-14T14:45:46.000Z");
    input["activated"] = json!("2021-06-14T14:45:46+02:00");
    input["statusChanged"] = json!("2021-06-14");
    let user: User = decode(&input);

    assert_eq!(user.last_login.as_deref(), Some("2021-06-14 14:45:46"));
    assert_eq!(user.created.as_deref(), Some("2021-06-14T14:45:46.000Z"));
    assert_eq!(user.activated.as_deref(), Some("2021-06-14T14:45:46+02:00"));
    assert_eq!(user.status_changed.as_deref(), Some("2021-06-14"));
    assert_eq!(encode(&user), input);

    let factor: UserFactor = decode(&json!({
        "id": "sms2gt8gzgEBPUWBIFHN",
        "factorType": "sms",
        "created": "2021-06-14 14:45:46"
    }));
    assert_eq!(
        factor.created().map(okta::Timestamp::as_str),
        Some("2021-06-14 14:45:46")
    );
}

#[test]
fn debug_never_shows_a_password_or_client_secret() {
    const PASSWORD: &str = "tlpWENT2m-P4ssw0rd-XYZ";
    const ANSWER: &str = "forty-two-pancakes";
    const CLIENT_SECRET: &str = "vTz1q-VERY-SECRET-7fQ2o0Yq9pXc";
    const SECRETS: &[&str] = &[PASSWORD, ANSWER, CLIENT_SECRET];

    let mut user_input = user_json();
    user_input["credentials"]["password"] = json!({"value": PASSWORD});
    user_input["credentials"]["recovery_question"] =
        json!({"question": "Favourite breakfast?", "answer": ANSWER});
    let user: User = decode(&user_input);
    let password: PasswordCredential = decode(&json!({"value": PASSWORD}));

    let mut oidc = app_json("OPENID_CONNECT", "oidc_client");
    oidc["credentials"] = json!({
        "oauthClient": {
            "autoKeyRotation": true,
            "client_id": "0oa6cz7ve4bN2Jd3x0h8",
            "client_secret": CLIENT_SECRET,
            "token_endpoint_auth_method": "client_secret_basic"
        }
    });
    let oidc: Application = decode(&oidc);
    assert!(matches!(oidc, Application::OpenidConnect(_)));

    let mut basic = app_json("BASIC_AUTH", "template_basic_auth");
    basic["credentials"] = json!({
        "scheme": "ADMIN_SETS_CREDENTIALS",
        "userName": "build-bot",
        "password": {"value": PASSWORD}
    });
    let basic: Application = decode(&basic);

    let idp: IdentityProvider = decode(&json!({
        "id": "0oa6jxasyhwM2ZHJh0g4",
        "type": "GOOGLE",
        "name": "Google Workspace",
        "protocol": {
            "type": "OIDC",
            "credentials": {"client": {"client_id": "123-abc.apps.googleusercontent.com", "client_secret": CLIENT_SECRET}}
        }
    }));
    let secret: OAuth2ClientSecret = decode(&json!({
        "id": "ocs2f4zrZbs8nUa7p0g4",
        "status": "ACTIVE",
        "client_secret": CLIENT_SECRET,
        "secret_hash": "yk4SVx4sUWVJVbHt6M-UPA",
        "created": "2023-02-21T20:08:24.000Z"
    }));

    let shown: Vec<(&str, String, &str)> = vec![
        ("User", format!("{user:?}"), "Favourite breakfast?"),
        (
            "User (pretty)",
            format!("{user:#?}"),
            "Favourite breakfast?",
        ),
        ("PasswordCredential", format!("{password:?}"), "value"),
        (
            "OIDC Application",
            format!("{oidc:?}"),
            "0oa6cz7ve4bN2Jd3x0h8",
        ),
        ("BASIC_AUTH Application", format!("{basic:?}"), "build-bot"),
        (
            "IdentityProvider",
            format!("{idp:?}"),
            "123-abc.apps.googleusercontent.com",
        ),
        (
            "ClientSecret",
            format!("{secret:?}"),
            "ocs2f4zrZbs8nUa7p0g4",
        ),
    ];
    for (what, text, visible) in &shown {
        for secret in SECRETS {
            assert!(
                !text.contains(secret),
                "{what} Debug shows a secret: {text}"
            );
        }
        // The rest is still shown: the output is not simply empty.
        assert!(
            text.contains(visible),
            "{what} Debug hides `{visible}`: {text}"
        );
    }
    // Encoding still carries the secret: masking is for Debug only.
    assert_eq!(
        encode(&user)["credentials"]["password"]["value"],
        json!(PASSWORD)
    );
}

#[test]
fn debug_never_shows_a_client_secret_of_an_unknown_sign_on_mode() {
    const CLIENT_SECRET: &str = "vTz1q-VERY-SECRET-7fQ2o0Yq9pXc";
    let mut input = app_json("FUTURE_MODE", "acmecorp_future_oidc_1");
    input["credentials"] = json!({
        "oauthClient": {
            "client_id": "0oa9fut2027ModeXy0h8",
            "client_secret": CLIENT_SECRET,
            "token_endpoint_auth_method": "client_secret_basic"
        }
    });
    let app: Application = decode(&input);
    assert!(matches!(app, Application::Unknown(_)));
    let text = format!("{app:?}");
    // Not everything is masked: the label is shown (unmodelled `credentials` is masked
    // whole, as any free-form key naming credentials is).
    assert!(text.contains("FUTURE_MODE app"), "{text}");
    assert!(
        !text.contains(CLIENT_SECRET),
        "Debug shows the client secret: {text}"
    );
}

#[test]
fn from_a_subtype_for_application_is_its_variant() {
    let swa = BrowserPluginApplication {
        label: Some("Vendor Portal".into()),
        name: Some(BrowserPluginApplicationName::TemplateSwa),
        sign_on_mode: Some(ApplicationSignOnMode::BrowserPlugin),
        settings: Some(SwaApplicationSettings {
            app: Some(SwaApplicationSettingsApplication {
                url: Some("https://vendors.example.com/login".into()),
                username_field: Some("txtbox-username".into()),
                password_field: Some("txtbox-password".into()),
                button_field: Some("btn-login".into()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    };
    let app = Application::from(swa.clone());
    match &app {
        Application::BrowserPlugin(inner) => assert_eq!(inner, &swa),
        other => panic!("From<BrowserPluginApplication> gave {other:?}"),
    }
    assert_eq!(app.label().map(String::as_str), Some("Vendor Portal"));

    // The encoding decodes back to the same variant.
    let encoded = encode(&app);
    assert_eq!(encoded["signOnMode"], json!("BROWSER_PLUGIN"));
    assert_eq!(encoded["name"], json!("template_swa"));
    assert_eq!(encoded, encode(&swa));
    let back: Application = decode(&encoded);
    assert_eq!(back, app);
}

#[test]
fn open_enum_from_str_maps_known_strings_to_known_variants() {
    assert_eq!(UserStatus::from("ACTIVE"), UserStatus::Active);
    assert_eq!(UserStatus::from("LOCKED_OUT"), UserStatus::LockedOut);
    assert_eq!(
        UserStatus::from("PASSWORD_EXPIRED".to_owned()),
        UserStatus::PasswordExpired
    );
    assert_eq!("STAGED".parse::<UserStatus>(), Ok(UserStatus::Staged));
    assert_eq!(
        UserStatus::from("active"),
        UserStatus::Unknown("active".into()),
        "matching is exact"
    );
    assert_eq!(
        UserFactorType::from("token:software:totp"),
        UserFactorType::TokenSoftwareTotp
    );
    assert_eq!(UserFactorType::from("token"), UserFactorType::Token);
    assert_eq!(
        ApplicationSignOnMode::from("SAML_2_0"),
        ApplicationSignOnMode::Saml20
    );
    assert_eq!(
        ApplicationSignOnMode::from("OPENID_CONNECT"),
        ApplicationSignOnMode::OpenidConnect
    );
    assert_eq!(PolicyType::from("OKTA_SIGN_ON"), PolicyType::OktaSignOn);
    assert_eq!(GroupType::from("APP_GROUP"), GroupType::AppGroup);
    assert_eq!(
        InlineHookType::from("com.okta.oauth2.tokens.transform"),
        InlineHookType::ComOktaOauth2TokensTransform
    );
    assert_eq!(
        GrantType::from("authorization_code"),
        GrantType::AuthorizationCode
    );

    // Every known value: a known variant, written back as the same string,
    // and the same variant serde decodes.
    fn all_known<E>(known: &[&str])
    where
        E: for<'a> From<&'a str>
            + std::fmt::Display
            + std::fmt::Debug
            + PartialEq
            + DeserializeOwned
            + Serialize,
    {
        for value in known {
            let from = E::from(value);
            assert_eq!(from.to_string(), *value);
            assert!(
                !format!("{from:?}").starts_with("Unknown"),
                "{value} -> {from:?}"
            );
            let decoded: E = decode(&json!(value));
            assert_eq!(decoded, from);
            assert_eq!(encode(&from), json!(value));
        }
    }
    all_known::<UserStatus>(UserStatus::KNOWN);
    all_known::<UserFactorType>(UserFactorType::KNOWN);
    all_known::<ApplicationSignOnMode>(ApplicationSignOnMode::KNOWN);
    all_known::<PolicyType>(PolicyType::KNOWN);
    all_known::<GroupType>(GroupType::KNOWN);
    all_known::<InlineHookType>(InlineHookType::KNOWN);
    all_known::<GrantType>(GrantType::KNOWN);
    assert_eq!(UserStatus::KNOWN.len(), 8);
}

#[test]
fn integer_valued_number_reencodes_unchanged() {
    let input = json!({
        "geographicalContext": {
            "city": "Oslo",
            "country": "Norway",
            "geolocation": {"lat": 60, "lon": 11}
        },
        "ip": "203.0.113.45"
    });
    let decoded: okta::models::LogIpAddress = decode(&input);
    assert_eq!(encode(&decoded), input);
}

#[test]
fn a_union_variant_built_in_code_serializes_with_its_discriminator() {
    use okta::models::{BookmarkApplication, UserFactorSMS};
    // Built without the tag: the union writes it, as Okta needs it to pick the subtype.
    let app = encode(&Application::from(BookmarkApplication::default()));
    assert_eq!(app["signOnMode"], "BOOKMARK", "{app}");
    let factor = encode(&UserFactor::from(UserFactorSMS::default()));
    assert_eq!(factor["factorType"], "sms", "{factor}");
    let plugin = encode(&Application::from(BrowserPluginApplication::default()));
    assert_eq!(plugin["signOnMode"], "BROWSER_PLUGIN", "{plugin}");
    // A tag set in code (or decoded) is written as it is, once.
    let decoded: Application = decode(&app_json("BOOKMARK", "bookmark"));
    let text = serde_json::to_string(&decoded).expect("encode");
    assert_eq!(key_count(&text, "signOnMode"), 1, "{text}");
    // Round trip: what was written decodes back to the same variant.
    let back: Application = decode(&app);
    assert!(matches!(back, Application::Bookmark(_)), "{back:?}");
}
