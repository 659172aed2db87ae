//! Rust names for schema, property and enum-value names.

/// Rust keywords that cannot be field names as they are.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Splits a name into lower-case words at case changes, digits boundaries
/// and any non-alphanumeric character.
fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        let next = chars.get(i + 1).copied();
        let boundary = match prev {
            Some(p) if p.is_ascii_alphanumeric() => {
                (c.is_ascii_uppercase() && (p.is_ascii_lowercase() || p.is_ascii_digit()))
                    || (c.is_ascii_uppercase()
                        && p.is_ascii_uppercase()
                        && next.is_some_and(|n| n.is_ascii_lowercase()))
            }
            _ => false,
        };
        if boundary && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `UpperCamelCase` for types and variants; never empty, never starts with a digit.
pub fn pascal(name: &str) -> String {
    let mut s: String = words(name)
        .iter()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect();
    if s.is_empty() {
        s.push_str("Empty");
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    if s == "Self" {
        s.push('_');
    }
    s
}

/// `snake_case` for fields; keywords get a trailing underscore.
pub fn snake(name: &str) -> String {
    let mut s = words(name).join("_");
    if s.is_empty() {
        s.push_str("field");
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// Makes `candidate` unique within `taken` by appending a number.
pub fn unique(candidate: String, taken: &mut std::collections::BTreeSet<String>) -> String {
    if taken.insert(candidate.clone()) {
        return candidate;
    }
    (2..)
        .map(|n| format!("{candidate}{n}"))
        .find(|c| taken.insert(c.clone()))
        .unwrap_or(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_cases() {
        for (input, want) in [
            ("ACTIVE", "Active"),
            ("SAML_2_0", "Saml20"),
            ("template_swa3field", "TemplateSwa3field"),
            ("okta:user", "OktaUser"),
            ("userProfile", "UserProfile"),
            ("OAuth2Scope", "OAuth2Scope"),
            ("3des", "V3des"),
            ("", "Empty"),
            ("SELF", "Self_"),
        ] {
            assert_eq!(pascal(input), want, "{input}");
        }
    }

    #[test]
    fn snake_cases() {
        for (input, want) in [
            ("_links", "links"),
            ("lastLogin", "last_login"),
            ("type", "type_"),
            ("self", "self_"),
            ("OAuthClientId", "o_auth_client_id"),
            ("x5t#S256", "x5t_s256"),
            ("2fa", "_2fa"),
        ] {
            assert_eq!(snake(input), want, "{input}");
        }
    }
}
