//! The one table of secret-bearing names.
//!
//! Generated models mask a field in `Debug` when [`is_secret_field`] says so;
//! the same lists are emitted into `models.rs` ([`emit`]) for the runtime
//! support code, which masks the keys of free-form maps (`AppUser.profile`,
//! unknown keys in `extra`) with [`is_secret_key`]'s rule. The root crate's
//! `tests/model_debug_secrets.rs` checks, schema by schema of the spec, that
//! every field the table names is masked.

use serde_json::Value;

/// Field names that always hold a secret or a URL embedding one (one-time
/// tokens, passcodes, keys, activation and reset links). Compared ignoring
/// ASCII case, `_` and `-`.
pub const SECRET_FIELDS: &[&str] = &[
    "accessToken",
    "activationToken",
    "activationUrl",
    "adminPassword",
    "aesKey",
    "answer",
    "apiKey",
    "assertion",
    "authorization",
    "authorization_header",
    "clientSecret",
    "client_secret",
    "correctAnswer",
    "device_secret",
    "deviceToken",
    "idToken",
    "id_token",
    "integrationKey",
    "newPassword",
    "nextPassCode",
    "oldPassword",
    "otpCode",
    "passCode",
    "password",
    "pinRequestJwe",
    "pinResponseJwe",
    "privateId",
    "privateKey",
    "providerAuthToken",
    "recoveryToken",
    "recoveryUrl",
    "refreshToken",
    "refresh_token",
    "resetPasswordUrl",
    "salt",
    "secret",
    "secretKey",
    "secret_hash",
    "sessionToken",
    "sharedSecret",
    "signatureData",
    "stateToken",
    "tempPassword",
    "token",
    "tokenSigningKey",
];

/// Parts of a name that make it secret wherever they occur (`adminPassword`,
/// `client_secret`…), compared like [`SECRET_FIELDS`].
pub const SECRET_NAME_PARTS: &[&str] = &["secret", "password", "passcode", "privatekey"];

/// Further parts that make a key of a free-form map secret: nothing is known
/// about such a value, so any key naming a token, an answer or credentials of
/// a header is masked (`tokenType` included).
pub const FREE_FORM_SECRET_PARTS: &[&str] = &[
    "token",
    "answer",
    "assertion",
    "authorization",
    "apikey",
    "credential",
];

/// Schemas whose `value` property is a secret (a password, a hash, a hook's
/// authorization or custom header value).
pub const SECRET_VALUE_OWNERS: &[&str] = &[
    "AppUserPasswordCredential",
    "EventHookChannelConfigAuthScheme",
    "EventHookChannelConfigHeader",
    "InlineHookChannelConfigAuthSchemeBody",
    "InlineHookChannelConfigHeaders",
    "OrgCreationAdminCredentialsPassword",
    "PasswordCredential",
    "PasswordCredentialHash",
];

/// Parts of a schema name that make its `value` a secret too (a new
/// `…Password` or `…Header` schema is covered before the table names it).
pub const SECRET_VALUE_OWNER_PARTS: &[&str] = &["Password", "Secret", "AuthScheme", "Header"];

/// `name` lower-cased without `_` and `-`.
pub fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Whether a modelled field called `name` holds a secret (by name alone).
pub fn is_secret_name(name: &str) -> bool {
    let key = normalize(name);
    SECRET_FIELDS.iter().any(|s| normalize(s) == key)
        || SECRET_NAME_PARTS.iter().any(|p| key.contains(p))
}

/// Whether a key of a free-form map is masked: [`is_secret_name`] or a part
/// of [`FREE_FORM_SECRET_PARTS`].
pub fn is_secret_key(name: &str) -> bool {
    is_secret_name(name) || {
        let key = normalize(name);
        FREE_FORM_SECRET_PARTS.iter().any(|p| key.contains(p))
    }
}

/// Whether the `value` property of schema `owner` is a secret.
pub fn is_secret_value_owner(owner: &str) -> bool {
    SECRET_VALUE_OWNERS.contains(&owner)
        || SECRET_VALUE_OWNER_PARTS.iter().any(|p| owner.contains(p))
}

/// Whether property `wire` (schema `schema`) of schema `owner` is masked in
/// `Debug`: a `format: password` value, a secret name, or the `value` of a
/// secret owner. A property whose schema is a model (`$ref`) is not masked as
/// a whole: that model's own `Debug` applies the table to its fields.
pub fn is_secret_field(owner: &str, wire: &str, schema: &Value) -> bool {
    if schema.get("format").and_then(Value::as_str) == Some("password") {
        return true;
    }
    if is_model(schema) {
        return false;
    }
    is_secret_name(wire) || (wire == "value" && is_secret_value_owner(owner))
}

/// Whether `schema` is a reference to a component schema (or an array of
/// them) whose own `Debug` masks its secret fields.
fn is_model(schema: &Value) -> bool {
    schema.get("$ref").is_some()
        || schema
            .get("items")
            .is_some_and(|items| items.get("$ref").is_some())
}

/// The tables as Rust items for `models.rs`, read by the runtime support code.
pub fn emit() -> String {
    let list = |items: &[&str]| {
        items
            .iter()
            .map(|s| format!("{:?}", normalize(s)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "/// Secret field names (normalized: lower case, no `_` or `-`), from `okta-codegen`'s table.\n\
         #[doc(hidden)]\npub const SECRET_FIELDS: &[&str] = &[{}];\n\
         /// Name parts that make any field secret (normalized).\n\
         #[doc(hidden)]\npub const SECRET_NAME_PARTS: &[&str] = &[{}];\n\
         /// Further name parts that make a key of a free-form map secret (normalized).\n\
         #[doc(hidden)]\npub const FREE_FORM_SECRET_PARTS: &[&str] = &[{}];\n\n",
        list(SECRET_FIELDS),
        list(SECRET_NAME_PARTS),
        list(FREE_FORM_SECRET_PARTS)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_issue_s_leaks_are_in_the_table() {
        for (owner, wire) in [
            ("UserActivationToken", "activationToken"),
            ("UserActivationToken", "activationUrl"),
            ("CreateSessionRequest", "sessionToken"),
            ("UserFactorTokenVerify", "nextPassCode"),
            ("VerifyFactorRequest", "stateToken"),
            ("ActivateFactorRequest", "stateToken"),
            ("AuthenticatorKeyDuoProviderConfiguration", "integrationKey"),
            ("AuthenticatorKeyDuoProviderConfiguration", "secretKey"),
            ("ForgotPasswordResponse", "resetPasswordUrl"),
            ("PasswordPolicyRecoveryEmailProperties", "recoveryToken"),
            ("UserFactorTokenHOTPProfile", "sharedSecret"),
            ("Client", "client_secret"),
            ("DomainCertificate", "privateKey"),
            ("EventHookChannelConfigHeader", "value"),
            ("InlineHookChannelConfigHeaders", "value"),
            ("PasswordCredential", "value"),
        ] {
            assert!(
                is_secret_field(owner, wire, &json!({"type": "string"})),
                "{owner}.{wire}"
            );
        }
    }

    #[test]
    fn ordinary_fields_and_model_references_are_not_masked() {
        let string = json!({"type": "string"});
        for (owner, wire) in [
            ("User", "id"),
            ("EntitlementValue", "value"),
            ("OAuthMetadata", "token_endpoint"),
            ("Client", "token_endpoint_auth_method"),
        ] {
            assert!(!is_secret_field(owner, wire, &string), "{owner}.{wire}");
        }
        let model = json!({"$ref": "#/components/schemas/PasswordCredential"});
        assert!(!is_secret_field("AppUserCredentials", "password", &model));
        assert!(is_secret_field(
            "X",
            "anything",
            &json!({"type": "string", "format": "password"})
        ));
    }

    #[test]
    fn names_compare_ignoring_case_and_separators() {
        assert!(is_secret_name("client_secret") && is_secret_name("CLIENT-SECRET"));
        assert!(is_secret_name("refreshToken") && is_secret_name("refresh_token"));
        assert!(!is_secret_name("tokenType") && is_secret_key("tokenType"));
        assert!(!is_secret_key("login") && !is_secret_key("email"));
    }

    #[test]
    fn the_emitted_tables_are_the_normalized_lists() {
        let code = emit();
        assert!(
            code.contains("\"activationtoken\", \"activationurl\""),
            "{code}"
        );
        assert!(
            code.contains("pub const FREE_FORM_SECRET_PARTS: &[&str] = &[\"token\""),
            "{code}"
        );
    }
}
