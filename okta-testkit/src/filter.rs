//! Okta's `filter` and `search` expressions (SCIM-like): `attr op value`
//! with `eq ne gt ge lt le sw co ew`, `attr pr`, `and`, `or`, `not`-free
//! parentheses. Attributes are dotted paths into the object
//! (`status`, `profile.login`, `lastUpdated`); values are strings, numbers,
//! `true`, `false` or `null`. Timestamps compare as instants; strings
//! compare case-insensitively, as Okta's searches do.

use serde_json::Value;

use crate::time;

/// A parsed expression.
#[derive(Debug)]
pub(crate) enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Present(String),
    Compare(String, Op, Value),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    Sw,
    Co,
    Ew,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Str(String),
    Open,
    Close,
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                tokens.push(Token::Open);
            }
            ')' => {
                chars.next();
                tokens.push(Token::Close);
            }
            '"' => {
                chars.next();
                let mut s = String::new();
                loop {
                    match chars.next() {
                        Some('\\') => match chars.next() {
                            Some(escaped) => s.push(escaped),
                            None => return Err("unterminated string".into()),
                        },
                        Some('"') => break,
                        Some(other) => s.push(other),
                        None => return Err("unterminated string".into()),
                    }
                }
                tokens.push(Token::Str(s));
            }
            _ => {
                let mut w = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || c == '(' || c == ')' || c == '"' {
                        break;
                    }
                    w.push(c);
                    chars.next();
                }
                tokens.push(Token::Word(w));
            }
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek_word(&self, word: &str) -> bool {
        matches!(self.tokens.get(self.pos), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word))
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut left = self.and()?;
        while self.peek_word("or") {
            self.pos += 1;
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut left = self.atom()?;
        while self.peek_word("and") {
            self.pos += 1;
            left = Expr::And(Box::new(left), Box::new(self.atom()?));
        }
        Ok(left)
    }

    fn atom(&mut self) -> Result<Expr, String> {
        match self.next() {
            Some(Token::Open) => {
                let inner = self.or()?;
                match self.next() {
                    Some(Token::Close) => Ok(inner),
                    _ => Err("missing )".into()),
                }
            }
            Some(Token::Word(attr)) => {
                let op = match self.next() {
                    Some(Token::Word(op)) => op.to_ascii_lowercase(),
                    _ => return Err(format!("missing operator after {attr}")),
                };
                let op = match op.as_str() {
                    "pr" => return Ok(Expr::Present(attr)),
                    "eq" => Op::Eq,
                    "ne" => Op::Ne,
                    "gt" => Op::Gt,
                    "ge" => Op::Ge,
                    "lt" => Op::Lt,
                    "le" => Op::Le,
                    "sw" => Op::Sw,
                    "co" => Op::Co,
                    "ew" => Op::Ew,
                    other => return Err(format!("unknown operator {other}")),
                };
                let value = match self.next() {
                    Some(Token::Str(s)) => Value::String(s),
                    Some(Token::Word(w)) => match w.as_str() {
                        "true" => Value::Bool(true),
                        "false" => Value::Bool(false),
                        "null" => Value::Null,
                        number => serde_json::from_str::<serde_json::Number>(number)
                            .map(Value::Number)
                            .map_err(|_| format!("invalid value {number}"))?,
                    },
                    _ => return Err(format!("missing value after {attr} {op:?}")),
                };
                Ok(Expr::Compare(attr, op, value))
            }
            _ => Err("expected an attribute or (".into()),
        }
    }
}

/// Parses an expression; the error names what is wrong.
pub(crate) fn parse(text: &str) -> Result<Expr, String> {
    let mut parser = Parser {
        tokens: tokenize(text)?,
        pos: 0,
    };
    let expr = parser.or()?;
    if parser.pos < parser.tokens.len() {
        return Err("unexpected text after the expression".into());
    }
    Ok(expr)
}

/// The value at a dotted path.
fn lookup<'a>(object: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(object, |v, key| v.get(key))
}

impl Expr {
    /// Whether `object` matches.
    pub(crate) fn matches(&self, object: &Value) -> bool {
        match self {
            Expr::And(a, b) => a.matches(object) && b.matches(object),
            Expr::Or(a, b) => a.matches(object) || b.matches(object),
            Expr::Present(path) => lookup(object, path).is_some_and(|v| !v.is_null()),
            Expr::Compare(path, op, wanted) => {
                let actual = lookup(object, path).unwrap_or(&Value::Null);
                // Multi-valued attributes match when any element does.
                if let Value::Array(items) = actual {
                    return items.iter().any(|item| compare(item, *op, wanted));
                }
                compare(actual, *op, wanted)
            }
        }
    }
}

fn compare(actual: &Value, op: Op, wanted: &Value) -> bool {
    use std::cmp::Ordering;
    let ordering: Option<Ordering> = match (actual, wanted) {
        (Value::String(a), Value::String(w)) => match (time::normalize(a), time::normalize(w)) {
            (Some(a), Some(w)) => Some(a.cmp(&w)),
            _ => {
                let (a, w) = (a.to_lowercase(), w.to_lowercase());
                match op {
                    Op::Sw => return a.starts_with(&w),
                    Op::Co => return a.contains(&w),
                    Op::Ew => return a.ends_with(&w),
                    _ => Some(a.cmp(&w)),
                }
            }
        },
        (Value::Number(a), Value::Number(w)) => a
            .as_f64()
            .zip(w.as_f64())
            .and_then(|(a, w)| a.partial_cmp(&w)),
        (a, w) if a == w => Some(Ordering::Equal),
        _ => None,
    };
    match (op, ordering) {
        (Op::Ne, Some(o)) => o != Ordering::Equal,
        (Op::Ne, None) => true,
        (_, None) => false,
        (Op::Eq, Some(o)) => o == Ordering::Equal,
        (Op::Gt, Some(o)) => o == Ordering::Greater,
        (Op::Ge, Some(o)) => o != Ordering::Less,
        (Op::Lt, Some(o)) => o == Ordering::Less,
        (Op::Le, Some(o)) => o != Ordering::Greater,
        // sw/co/ew on timestamps or non-strings: compare as text.
        (Op::Sw | Op::Co | Op::Ew, Some(_)) => {
            let (a, w) = (actual.to_string(), wanted.to_string());
            let (a, w) = (a.trim_matches('"'), w.trim_matches('"'));
            match op {
                Op::Sw => a.starts_with(w),
                Op::Co => a.contains(w),
                _ => a.ends_with(w),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn expressions_match_as_okta_documents() {
        let user = json!({
            "status": "ACTIVE",
            "lastUpdated": "2024-03-01T10:00:00.000Z",
            "profile": {"login": "Ada@Example.com", "age": 36, "tags": ["a", "b"]},
        });
        let cases = [
            (r#"status eq "ACTIVE""#, true),
            (r#"status eq "STAGED""#, false),
            (r#"profile.login eq "ada@example.com""#, true),
            (r#"lastUpdated gt "2024-02-29T00:00:00.000Z""#, true),
            (r#"lastUpdated gt "2024-03-01T11:00:00+01:00""#, false),
            (r#"lastUpdated ge "2024-03-01T11:00:00+01:00""#, true),
            (r#"profile.login sw "ada""#, true),
            (r#"profile.age lt 40 and status ne "SUSPENDED""#, true),
            (
                r#"(status eq "STAGED" or status eq "ACTIVE") and profile.tags eq "b""#,
                true,
            ),
            ("profile.missing pr", false),
            ("profile.login pr", true),
        ];
        for (text, expected) in cases {
            let expr = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(expr.matches(&user), expected, "{text}");
        }
    }

    #[test]
    fn malformed_expressions_are_errors() {
        for text in [
            "status",
            "status eq",
            r#"status zz "A""#,
            r#"(status eq "A""#,
            r#"status eq "A" extra"#,
            r#"status eq "A"#,
        ] {
            assert!(parse(text).is_err(), "{text}");
        }
    }
}
