//! Path parameters, confined to their segment.
//!
//! Every byte outside RFC 3986's unreserved set is percent-encoded, so `/`, `?`, `#` and
//! `%` in a value stay in its segment. A value made only of dots (`.`, `..`) cannot be
//! written as one segment at all: URL parsers remove dot segments even when encoded
//! (`%2E%2E`), which would turn `DELETE /api/v1/groups/../users/00u1` into a user
//! deletion. Such a value is encoded twice (`%252E%252E`): Okta receives the literal text
//! and answers that no such resource exists.

use std::fmt::Write;

/// The path segment for `value`.
pub fn encode(value: &str) -> String {
    let dots_only = !value.is_empty() && value.bytes().all(|b| b == b'.');
    let mut out = String::with_capacity(value.len() * 3);
    for byte in value.bytes() {
        if dots_only {
            out.push_str("%252E");
        } else if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn values_stay_in_their_segment() {
        let cases = [
            ("00u1abc", "00u1abc"),
            ("ada@example.com", "ada%40example.com"),
            ("a/b", "a%2Fb"),
            ("a?b#c", "a%3Fb%23c"),
            ("100%", "100%25"),
            ("a b", "a%20b"),
            ("é", "%C3%A9"),
            (".", "%252E"),
            ("..", "%252E%252E"),
            ("...", "%252E%252E%252E"),
            ("a..b", "a..b"),
            ("", ""),
        ];
        for (value, want) in cases {
            assert_eq!(encode(value), want, "{value:?}");
        }
    }
}
