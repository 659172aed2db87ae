//! Body text made safe for error messages: the structure and the keys of a
//! JSON document stay, every value (string, number, anything else that is not
//! `true`, `false` or `null`) is masked.

/// What replaces a string value.
const MASKED_STRING: &str = "\"***\"";
/// What replaces any other masked run of bytes.
const MASKED_OTHER: char = '#';

/// `body` with every value masked, and the position in the result that
/// corresponds to byte `offset` of `body`.
pub(crate) fn mask_json(body: &[u8], offset: usize) -> (String, usize) {
    let mut out = String::with_capacity(body.len().min(4096));
    let mut mapped = None;
    let mut i = 0;
    while i < body.len() {
        if mapped.is_none() && i >= offset {
            mapped = Some(out.len());
        }
        let b = body[i];
        match b {
            b'"' => {
                let end = string_end(body, i);
                let is_key = body
                    .get(end..)
                    .unwrap_or_default()
                    .iter()
                    .find(|c| !c.is_ascii_whitespace())
                    .is_some_and(|c| *c == b':');
                if is_key {
                    let raw = body.get(i..end).unwrap_or_default();
                    out.push_str(&String::from_utf8_lossy(raw));
                } else {
                    out.push_str(MASKED_STRING);
                }
                if mapped.is_none() && end > offset {
                    mapped = Some(out.len());
                }
                i = end;
            }
            b'{' | b'}' | b'[' | b']' | b',' | b':' => {
                out.push(char::from(b));
                i += 1;
            }
            _ if b.is_ascii_whitespace() => {
                out.push(char::from(b));
                i += 1;
            }
            _ => {
                let start = i;
                while i < body.len()
                    && !matches!(body[i], b'"' | b'{' | b'}' | b'[' | b']' | b',' | b':')
                    && !body[i].is_ascii_whitespace()
                {
                    i += 1;
                }
                match body.get(start..i).unwrap_or_default() {
                    word @ (b"true" | b"false" | b"null") => {
                        out.push_str(&String::from_utf8_lossy(word));
                    }
                    _ => out.push(MASKED_OTHER),
                }
                if mapped.is_none() && i > offset {
                    mapped = Some(out.len());
                }
            }
        }
    }
    let at = mapped.unwrap_or(out.len());
    (out, at)
}

/// The index just past the string starting at `start` (a `"`), or the end of
/// `body` when it is not closed.
fn string_end(body: &[u8], start: usize) -> usize {
    let mut j = start + 1;
    while j < body.len() {
        match body[j] {
            b'\\' => j += 2,
            b'"' => return j + 1,
            _ => j += 1,
        }
    }
    body.len()
}

/// A `serde_json` error message without the input values it may quote:
/// `invalid type: string "s3cr3t", expected u32` becomes `invalid type:
/// string, expected u32`; the trailing position is dropped (it is reported
/// separately). Field names (`missing field `login``) are kept.
pub(crate) fn mask_message(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            if let Some(idx) = rest.rfind(", expected ") {
                let unexpected = rest.get(..idx).unwrap_or_default();
                let kind = unexpected
                    .split(['"', '`', '\''])
                    .next()
                    .unwrap_or_default()
                    .trim();
                let expected = rest.get(idx..).unwrap_or_default();
                return format!("{prefix}{kind}{expected}");
            }
            return format!("{prefix}(value hidden)");
        }
    }
    if message.starts_with("unknown variant ") {
        return match message.rfind(", expected ") {
            Some(idx) => format!(
                "unknown variant (value hidden){}",
                message.get(idx..).unwrap_or_default()
            ),
            None => "unknown variant (value hidden)".to_owned(),
        };
    }
    message.to_owned()
}

#[cfg(test)]
mod tests {
    use super::{mask_json, mask_message};

    #[test]
    fn masks_values_keeps_keys() {
        let body = br#"{"token":"s3cr3t","n":12345,"ok":true,"list":["a\"b",null]}"#;
        let (masked, _) = mask_json(body, 0);
        assert_eq!(
            masked,
            r#"{"token":"***","n":#,"ok":true,"list":["***",null]}"#
        );
    }

    #[test]
    fn maps_offsets() {
        let body = br#"{"aaaaaaaa":"bbbbbbbbbbbb","c":1}"#;
        let offset = body.iter().position(|b| *b == b'c').unwrap_or(0);
        let (masked, at) = mask_json(body, offset);
        assert!(
            masked[at..].starts_with("c\"") || masked[..at].ends_with('"'),
            "{masked} {at}"
        );
    }

    #[test]
    fn messages_lose_values() {
        assert_eq!(
            mask_message(
                "invalid type: string \"s3cr3t, expected x\", expected u32 at line 1 column 9"
            ),
            "invalid type: string, expected u32"
        );
        assert_eq!(
            mask_message("invalid value: integer `123456`, expected a boolean"),
            "invalid value: integer, expected a boolean"
        );
        assert_eq!(
            mask_message("unknown variant `s3cr3t`, expected `A` or `B`"),
            "unknown variant (value hidden), expected `A` or `B`"
        );
        assert_eq!(
            mask_message("missing field `login`"),
            "missing field `login`"
        );
    }
}
