//! Conversions between YAML, JSON and figment values, and the typed reading
//! of one setting's value.

use figment::value::{Dict, Num, Tag, Value};

use crate::error::{ConfigIssue, ConfigSource};
use crate::settings::{self, Kind, SECTIONS};

/// Converts parsed YAML into a figment value. Nulls are dropped (a key set to
/// nothing counts as not set), tags are ignored, non-text keys are written
/// as text.
pub(crate) fn from_yaml(value: serde_yaml::Value) -> Option<Value> {
    use serde_yaml::Value as Y;
    Some(match value {
        Y::Null => return None,
        Y::Bool(b) => Value::Bool(Tag::Default, b),
        Y::Number(n) => Value::Num(Tag::Default, yaml_num(&n)),
        Y::String(s) => Value::String(Tag::Default, s),
        Y::Sequence(items) => Value::Array(
            Tag::Default,
            items.into_iter().filter_map(from_yaml).collect(),
        ),
        Y::Mapping(map) => {
            let mut dict = Dict::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Bool(b) => b.to_string(),
                    Y::Number(n) => n.to_string(),
                    _ => {
                        tracing::debug!(
                            "ignoring an okta.yaml mapping entry whose key is not text"
                        );
                        continue;
                    }
                };
                if let Some(v) = from_yaml(v) {
                    dict.insert(key, v);
                }
            }
            Value::Dict(Tag::Default, dict)
        }
        Y::Tagged(tagged) => return from_yaml(tagged.value),
    })
}

fn yaml_num(n: &serde_yaml::Number) -> Num {
    if let Some(i) = n.as_i64() {
        Num::I64(i)
    } else if let Some(u) = n.as_u64() {
        Num::U64(u)
    } else {
        Num::F64(n.as_f64().unwrap_or(f64::NAN))
    }
}

/// Converts JSON into a figment value; nulls are dropped.
pub(crate) fn from_json(value: &serde_json::Value) -> Option<Value> {
    use serde_json::Value as J;
    Some(match value {
        J::Null => return None,
        J::Bool(b) => Value::Bool(Tag::Default, *b),
        J::Number(n) => {
            let num = if let Some(i) = n.as_i64() {
                Num::I64(i)
            } else if let Some(u) = n.as_u64() {
                Num::U64(u)
            } else {
                Num::F64(n.as_f64().unwrap_or(f64::NAN))
            };
            Value::Num(Tag::Default, num)
        }
        J::String(s) => Value::String(Tag::Default, s.clone()),
        J::Array(items) => Value::Array(Tag::Default, items.iter().filter_map(from_json).collect()),
        J::Object(map) => Value::Dict(
            Tag::Default,
            map.iter()
                .filter_map(|(k, v)| from_json(v).map(|v| (k.clone(), v)))
                .collect(),
        ),
    })
}

/// A dictionary holding `value` at the dotted path `key`.
pub(crate) fn nest(key: &str, value: Value) -> Dict {
    let mut parts: Vec<&str> = key.split('.').collect();
    let last = parts.pop().unwrap_or(key);
    let mut dict = Dict::new();
    dict.insert(last.to_owned(), value);
    for part in parts.into_iter().rev() {
        let mut outer = Dict::new();
        outer.insert(part.to_owned(), Value::Dict(Tag::Default, dict));
        dict = outer;
    }
    dict
}

/// A short description of what `value` is, showing the value itself only
/// when `show` is true.
pub(crate) fn describe(value: &Value, show: bool) -> String {
    match value {
        Value::Dict(..) => "a mapping".to_owned(),
        Value::Array(..) => "a list".to_owned(),
        Value::Empty(..) => "nothing".to_owned(),
        _ if !show => "a value of another type (not shown: it is a secret)".to_owned(),
        Value::String(_, s) => format!("the text `{s}`"),
        Value::Char(_, c) => format!("the text `{c}`"),
        Value::Bool(_, b) => format!("the boolean `{b}`"),
        Value::Num(_, n) => format!("the number `{}`", num_text(n)),
    }
}

fn num_text(n: &Num) -> String {
    if let Some(i) = n.to_i128() {
        i.to_string()
    } else if let Some(u) = n.to_u128() {
        u.to_string()
    } else {
        n.to_f64().map(|f| f.to_string()).unwrap_or_default()
    }
}

/// A value read from its source, before validation.
#[derive(Clone, Debug)]
pub(crate) enum Typed {
    Str(String),
    Int(i128),
    Bool(bool),
    List(Vec<String>),
}

fn expected(kind: Kind) -> &'static str {
    match kind {
        Kind::Str => "text",
        Kind::Int => "a whole number",
        Kind::Bool => "true or false",
        Kind::List => "a list of strings",
    }
}

/// Splits a list written as one string (`"a, b c"`).
pub(crate) fn split_list(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Parses a boolean written as text.
pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Some(true),
        "false" | "no" | "off" | "0" => Some(false),
        _ => None,
    }
}

/// Reads the value of setting `key` as its declared kind. `Ok(None)` means
/// "not set" (an empty string or list counts as not set).
pub(crate) fn read_typed(
    key: &'static str,
    kind: Kind,
    value: &Value,
    source: &ConfigSource,
) -> Result<Option<Typed>, ConfigIssue> {
    let secret = settings::is_secret(key);
    let mismatch = || {
        let mut message = format!(
            "expected {}, found {}.",
            expected(kind),
            describe(value, !secret)
        );
        if matches!(value, Value::Dict(..)) {
            message.push_str(
                " YAML reads an unquoted `{placeholder}` as a mapping: replace the \
                 placeholder with the real value.",
            );
        } else {
            message.push_str(&format!(" Write {} here.", expected(kind)));
        }
        ConfigIssue::new(Some(source.clone()), key, message)
    };
    let typed = match (kind, value) {
        (_, Value::Empty(..)) => None,
        (Kind::Str, Value::String(_, s)) => {
            let text = if key == settings::keys::PRIVATE_KEY {
                s.clone()
            } else {
                s.trim().to_owned()
            };
            (!text.trim().is_empty()).then_some(Typed::Str(text))
        }
        (Kind::Str, Value::Char(_, c)) => Some(Typed::Str(c.to_string())),
        (Kind::Str, Value::Num(_, n)) if !secret => Some(Typed::Str(num_text(n))),
        (Kind::Int, Value::Num(_, n)) => match num_int(n) {
            Some(i) => Some(Typed::Int(i)),
            None => {
                let f = n.to_f64().unwrap_or(f64::NAN);
                if !f.is_finite() || f.fract() != 0.0 {
                    return Err(mismatch());
                }
                if f.abs() >= 9.0e15 {
                    return Err(too_big(key, source));
                }
                // Exact: a whole number below 2^53.
                Some(Typed::Int(f as i128))
            }
        },
        (Kind::Int, Value::String(_, s)) => match parse_int(s) {
            Ok(None) => None,
            Ok(Some(i)) => Some(Typed::Int(i)),
            Err(IntError::TooLarge) => return Err(too_big(key, source)),
            Err(IntError::NotANumber) => return Err(mismatch()),
        },
        (Kind::Bool, Value::Bool(_, b)) => Some(Typed::Bool(*b)),
        (Kind::Bool, Value::String(_, s)) => {
            if s.trim().is_empty() {
                None
            } else {
                Some(Typed::Bool(parse_bool(s).ok_or_else(mismatch)?))
            }
        }
        (Kind::Bool, Value::Num(_, n)) => match n.to_i128() {
            Some(0) => Some(Typed::Bool(false)),
            Some(1) => Some(Typed::Bool(true)),
            _ => return Err(mismatch()),
        },
        (Kind::List, Value::Array(_, items)) => {
            let mut list = Vec::new();
            for item in items {
                match item {
                    Value::String(_, s) => list.extend(split_list(s)),
                    _ => return Err(mismatch()),
                }
            }
            (!list.is_empty()).then_some(Typed::List(list))
        }
        (Kind::List, Value::String(_, s)) => {
            let list = split_list(s);
            (!list.is_empty()).then_some(Typed::List(list))
        }
        _ => return Err(mismatch()),
    };
    Ok(typed)
}

fn too_big(key: &'static str, source: &ConfigSource) -> ConfigIssue {
    ConfigIssue::new(Some(source.clone()), key, too_big_message(key))
}

/// The message for a number too large to read, naming the allowed range.
pub(crate) fn too_big_message(key: &str) -> String {
    match settings::setting_for(key).and_then(|s| s.int) {
        Some(rule) => format!(
            "the number is far too large: {} must be at most {}. Use a number from {} to {}, \
             e.g. {}.",
            settings::short_key(key),
            rule.unit.count(i128::from(rule.max)),
            rule.min,
            rule.max,
            rule.example
        ),
        None => "the number is far too large. Use a smaller whole number.".to_owned(),
    }
}

/// A whole figment number, signed or not (`None` for floats).
fn num_int(n: &Num) -> Option<i128> {
    n.to_i128()
        .or_else(|| n.to_u128().map(|u| i128::try_from(u).unwrap_or(i128::MAX)))
}

/// Why text is not a whole number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IntError {
    /// Not a number at all.
    NotANumber,
    /// Digits, but more than any setting can hold.
    TooLarge,
}

/// Parses a whole number written as text (`Ok(None)` for blank text).
pub(crate) fn parse_int(text: &str) -> Result<Option<i128>, IntError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<i128>() {
        Ok(i) => Ok(Some(i)),
        Err(_) => {
            let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                Err(IntError::TooLarge)
            } else {
                Err(IntError::NotANumber)
            }
        }
    }
}

/// Reports keys of an explicit configuration that are not settings.
pub(crate) fn unknown_keys(prefix: &str, dict: &Dict, out: &mut Vec<String>) {
    for (name, value) in dict {
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        if settings::setting_for(&path).is_some() {
            continue;
        }
        match value {
            Value::Dict(_, inner) if SECTIONS.contains(&path.as_str()) => {
                unknown_keys(&path, inner, out)
            }
            _ => out.push(path),
        }
    }
}

/// A known key that differs from `path` only in case, to suggest as a fix.
pub(crate) fn suggest(path: &str) -> Option<&'static str> {
    settings::SETTINGS
        .iter()
        .map(|s| s.key)
        .chain(SECTIONS.iter().copied())
        .find(|k| k.eq_ignore_ascii_case(path))
}
