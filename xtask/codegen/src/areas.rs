//! API areas: the cargo features of the `okta` crate, each a group of the spec's tags.
//!
//! This table is the one place that says which tag belongs to which feature; the
//! `[features]` of the root `Cargo.toml` list the same names (a test of the root crate
//! compares them), and a tag the table does not know (a newer spec) falls into
//! [`OTHER`], so a spec bump never drops an operation.

/// `(feature, tags)`: a tag is matched exactly, or by prefix when it ends in `*`.
pub const AREAS: &[(&str, &[&str])] = &[
    (
        "users",
        &[
            "User",
            "UserAuthenticatorEnrollments",
            "UserClassification",
            "UserCred",
            "UserFactor",
            "UserGrant",
            "UserLifecycle",
            "UserLinkedObject",
            "UserOAuth",
            "UserResources",
            "UserRisk",
            "UserSessions",
            "UserType",
            "LinkedObject",
            "Session",
        ],
    ),
    (
        "groups",
        &["Group", "GroupOwner", "GroupPushMapping", "GroupRule"],
    ),
    (
        "apps",
        &[
            "Application*",
            "ApiServiceIntegrations",
            "OktaApplicationSettings",
            "DirectoriesIntegration",
        ],
    ),
    (
        "authenticators",
        &[
            "Authenticator",
            "WebAuthnPreregistration",
            "CustomTelephonyProvider",
            "PushProvider",
        ],
    ),
    (
        "policies",
        &[
            "Policy",
            "Behavior",
            "NetworkZone",
            "AttackProtection",
            "BotProtection",
            "CAPTCHA",
            "ThreatInsight",
        ],
    ),
    (
        "authorization-servers",
        &[
            "AuthorizationServer*",
            "OAuth2ResourceServerCredentialsKeys",
        ],
    ),
    (
        "identity-providers",
        &["IdentityProvider*", "IdentitySource"],
    ),
    (
        "devices",
        &[
            "Device",
            "DeviceAssurance",
            "DeviceIntegrations",
            "DevicePostureCheck",
        ],
    ),
    (
        "iam",
        &[
            "Role*",
            "ApiToken",
            "ServiceAccount",
            "OktaManagedUserAccount",
            "GovernanceBundle",
        ],
    ),
    ("hooks", &["EventHook", "InlineHook", "HookKey"]),
    ("logs", &["SystemLog", "LogStream"]),
    (
        "customization",
        &[
            "Brands",
            "Themes",
            "CustomDomain",
            "CustomPages",
            "CustomTemplates",
            "EmailCustomization",
            "EmailDomain",
            "EmailServer",
            "Template",
            "AssociatedDomainCustomizations",
        ],
    ),
    ("schemas", &["Schema", "UISchema", "ProfileMapping"]),
    (
        "org",
        &[
            "OrgSetting*",
            "OrgCreator",
            "Feature",
            "RateLimitSettings",
            "PrincipalRateLimit",
            "TrustedOrigin",
            "Subscription",
            "DisasterRecovery",
            "OktaPersonalSettings",
            "Realm",
            "RealmAssignment",
            "AgentPools",
        ],
    ),
    ("security-events", &["SSF*"]),
];

/// The feature of every tag no entry of [`AREAS`] names.
pub const OTHER: &str = "other";

/// The feature names, in table order, [`OTHER`] last.
pub fn features() -> Vec<&'static str> {
    AREAS
        .iter()
        .map(|(feature, _)| *feature)
        .chain([OTHER])
        .collect()
}

/// The feature an operation with `tag` belongs to.
pub fn area_of(tag: &str) -> &'static str {
    for (feature, tags) in AREAS {
        let hit = tags.iter().any(|t| match t.strip_suffix('*') {
            Some(prefix) => tag.starts_with(prefix),
            None => tag == *t,
        });
        if hit {
            return feature;
        }
    }
    OTHER
}

/// The feature of an operation: that of its first tag.
pub fn area_of_operation(operation: &serde_json::Value) -> &'static str {
    operation
        .pointer("/tags/0")
        .and_then(|t| t.as_str())
        .map_or(OTHER, area_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_map_to_one_feature_each() {
        let cases = [
            ("User", "users"),
            ("UserFactor", "users"),
            ("Group", "groups"),
            ("ApplicationSSOPublicKeys", "apps"),
            ("AuthorizationServerScopes", "authorization-servers"),
            ("RoleBTargetAdmin", "iam"),
            ("SystemLog", "logs"),
            ("SomethingNew", OTHER),
        ];
        for (tag, want) in cases {
            assert_eq!(area_of(tag), want, "{tag}");
        }
        let names = features();
        let unique: std::collections::BTreeSet<_> = names.iter().collect();
        assert_eq!(unique.len(), names.len(), "feature names repeat");
    }
}
