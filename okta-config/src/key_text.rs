//! The one private key sniffer: is a `privateKey` value PEM text, JWK JSON, or
//! the path of a file? And what of it may be shown in a message.

/// What a private key value holds, judged from its text alone (nothing is
/// read or parsed beyond the JSON of a JWK).
///
/// ```
/// use okta_config::KeyText;
///
/// assert_eq!(KeyText::sniff("-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----"), KeyText::Pem);
/// assert_eq!(KeyText::sniff(r#"{"kty":"EC"}"#), KeyText::Jwk);
/// assert_eq!(KeyText::sniff("keys/okta.pem"), KeyText::Path);
/// assert_eq!(KeyText::sniff("line one\nline two"), KeyText::NotAPath);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyText {
    /// PEM text: a `-----BEGIN …` line through an `-----END …` line.
    Pem,
    /// JWK JSON: an object with a `kty` member.
    Jwk,
    /// Starts like PEM but has no `-----END` line.
    TruncatedPem,
    /// Starts like JSON (`{`) but is not a JWK; the reason never quotes the
    /// text.
    InvalidJwk(String),
    /// Cannot be a path (several lines, control characters, longer than any
    /// path) and is neither PEM nor JWK.
    NotAPath,
    /// Plausibly the path of a file holding the key.
    Path,
}

/// Longer than this, a value is not taken for a path.
const MAX_PATH_LEN: usize = 4096;

impl KeyText {
    /// Classifies `text` (surrounding whitespace ignored).
    pub fn sniff(text: &str) -> KeyText {
        let t = text.trim();
        if t.starts_with("-----BEGIN") {
            if t.contains("-----END") {
                KeyText::Pem
            } else {
                KeyText::TruncatedPem
            }
        } else if t.starts_with('{') {
            match serde_json::from_str::<serde_json::Value>(t) {
                Ok(serde_json::Value::Object(map)) if map.contains_key("kty") => KeyText::Jwk,
                Ok(_) => KeyText::InvalidJwk("it has no `kty` member".to_owned()),
                // serde_json's messages name a line and column, never the text.
                Err(e) => KeyText::InvalidJwk(e.to_string()),
            }
        } else if t.is_empty() || t.len() > MAX_PATH_LEN || t.chars().any(char::is_control) {
            KeyText::NotAPath
        } else {
            KeyText::Path
        }
    }

    /// Whether the text is a key itself (PEM or JWK), not a path.
    pub fn is_key(&self) -> bool {
        matches!(self, KeyText::Pem | KeyText::Jwk)
    }
}

/// Whether a value taken for a path may be shown in a message: it is not
/// shown when some part of it looks like key material (a long run of base64
/// characters mixing letters and digits, as in a one-line base64 key).
pub(crate) fn path_is_showable(text: &str) -> bool {
    !text
        .split(['/', '\\'])
        .any(|part| looks_like_key_material(part.trim()))
}

/// A long run of base64 or base64url characters with upper case, lower case
/// and digits: how key material (and tokens) look, and how file names do not.
fn looks_like_key_material(part: &str) -> bool {
    part.len() >= 32
        && part
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'=' | b'-' | b'_'))
        && part.bytes().any(|b| b.is_ascii_uppercase())
        && part.bytes().any(|b| b.is_ascii_lowercase())
        && part.bytes().any(|b| b.is_ascii_digit())
}

/// Whether the whole value is base64 text (a key without its PEM lines).
pub(crate) fn is_bare_base64(text: &str) -> bool {
    let t = text.trim();
    t.len() >= 64
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_'))
}

/// A description of a value that is not shown: its length only.
pub(crate) fn masked_hint(text: &str) -> String {
    format!(
        "the value ({} characters, not shown: it may be key material)",
        text.trim().chars().count()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_each_shape() {
        let pem = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n";
        assert_eq!(KeyText::sniff(pem), KeyText::Pem);
        assert_eq!(
            KeyText::sniff("-----BEGIN PRIVATE KEY-----\nabc"),
            KeyText::TruncatedPem
        );
        assert_eq!(KeyText::sniff(r#" {"kty":"RSA","n":"x"} "#), KeyText::Jwk);
        assert!(matches!(
            KeyText::sniff(r#"{"n":"x"}"#),
            KeyText::InvalidJwk(_)
        ));
        assert!(matches!(
            KeyText::sniff("{not json"),
            KeyText::InvalidJwk(_)
        ));
        assert_eq!(KeyText::sniff("~/.okta/key.pem"), KeyText::Path);
        assert_eq!(KeyText::sniff("C:\\keys\\okta.json"), KeyText::Path);
        assert_eq!(KeyText::sniff("a\nb"), KeyText::NotAPath);
        assert_eq!(KeyText::sniff(&"x".repeat(5000)), KeyText::NotAPath);
        assert_eq!(KeyText::sniff("nul\0byte"), KeyText::NotAPath);
    }

    #[test]
    fn base64_key_material_is_not_showable() {
        let one_line_key = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgVcB/UNPxalR9zDYAjQIf";
        assert!(!path_is_showable(one_line_key));
        assert!(is_bare_base64(one_line_key));
        assert!(!path_is_showable(&format!("/tmp/{one_line_key}")));
        for path in [
            "/etc/okta/private-key.pem",
            "keys/service_account_2024.json",
            "~/.okta/okta-production-service-application-key.pem",
            "C:\\Users\\me\\okta\\key.pem",
        ] {
            assert!(path_is_showable(path), "{path}");
            assert!(!is_bare_base64(path), "{path}");
        }
        assert!(!masked_hint(one_line_key).contains("MIGH"));
    }
}
