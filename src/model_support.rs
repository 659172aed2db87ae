//! Runtime support for the generated models in [`crate::models`].
//!
//! The generated `Deserialize` impls call these helpers instead of using
//! `#[serde(flatten)]`: a flattened map makes serde buffer the whole object,
//! which is the main cost of decoding large list pages.

pub use crate::timestamp::Timestamp;
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// Access to the keys a model does not declare: unknown fields of a response
/// and custom profile attributes (`UserProfile`, `GroupProfile`, …).
///
/// Implemented by every generated struct.
pub trait Attributes {
    /// Keys the model does not declare (and declared keys that arrived as `null`).
    fn extra(&self) -> &Map<String, Value>;

    /// Mutable access to [`Attributes::extra`].
    fn extra_mut(&mut self) -> &mut Map<String, Value>;

    /// Reads the attribute `key` as `T`: `None` when absent, `Some(Err(_))`
    /// when present but not a `T`.
    fn attribute<T: DeserializeOwned>(&self, key: &str) -> Option<Result<T, serde_json::Error>> {
        self.extra().get(key).map(|v| T::deserialize(v))
    }

    /// Sets the attribute `key` (a custom profile attribute, say) to `value`.
    fn set_attribute<T: Serialize>(
        &mut self,
        key: impl Into<String>,
        value: T,
    ) -> Result<(), serde_json::Error> {
        let value = serde_json::to_value(value)?;
        self.extra_mut().insert(key.into(), value);
        Ok(())
    }
}

/// An object key, borrowed from the input when possible.
#[doc(hidden)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Which modelled fields of a struct arrived as `null`: they stay `None` and
/// are written back as `null`, so a response round-trips unchanged.
///
/// Kept as bits rather than as `null` entries in `extra` because real
/// responses carry many `null`s and a map entry per `null` costs decode time.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct NullFields(u64);

impl NullFields {
    /// How many fields a struct can track; later fields keep their `null`s in
    /// `extra`.
    pub const CAPACITY: usize = 64;

    /// Whether no modelled field arrived as `null`.
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// Whether the field at `index` (declaration order) arrived as `null`.
    #[doc(hidden)]
    pub fn contains(&self, index: usize) -> bool {
        index < Self::CAPACITY && self.0 & (1 << index) != 0
    }

    /// Marks or clears the field at `index`.
    #[doc(hidden)]
    pub fn set(&mut self, index: usize, is_null: bool) {
        if index < Self::CAPACITY {
            if is_null {
                self.0 |= 1 << index;
            } else {
                self.0 &= !(1 << index);
            }
        }
    }
}

impl fmt::Debug for NullFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let indexes = (0..Self::CAPACITY).filter(|i| self.contains(*i));
        f.debug_set().entries(indexes).finish()
    }
}

/// Reads a modelled field; a `null` is remembered in `nulls`.
#[doc(hidden)]
pub fn read_field<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    nulls: &mut NullFields,
    index: usize,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    *slot = map.next_value::<Option<T>>()?;
    nulls.set(index, slot.is_none());
    Ok(())
}

/// Reads a modelled field past [`NullFields::CAPACITY`]; a `null` is kept in
/// `extra`.
#[doc(hidden)]
pub fn read_field_null_in_extra<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    extra: &mut Map<String, Value>,
    key: &str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    *slot = map.next_value::<Option<T>>()?;
    if slot.is_none() {
        extra.insert(key.to_owned(), Value::Null);
    } else if !extra.is_empty() {
        extra.remove(key);
    }
    Ok(())
}

/// Keeps an undeclared key and its value.
#[doc(hidden)]
pub fn read_extra<'de, A: MapAccess<'de>>(
    map: &mut A,
    key: Key<'de>,
    extra: &mut Map<String, Value>,
) -> Result<(), A::Error> {
    let value: Value = map.next_value()?;
    extra.insert(key.0.into_owned(), value);
    Ok(())
}

/// Serializes `value`, a variant of a discriminated union whose `property`
/// (the discriminator) is unset, with `property` = `tag` added: a variant
/// built in code (`Application::from(BookmarkApplication { .. })`) then says
/// which subtype it is, as Okta requires. Only this path goes through a JSON
/// value; a variant that sets its discriminator serializes directly.
#[doc(hidden)]
pub fn serialize_with_tag<T: Serialize, S: serde::Serializer>(
    value: &T,
    serializer: S,
    property: &str,
    tag: &str,
) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(value).map_err(<S::Error as serde::ser::Error>::custom)?;
    if let Value::Object(map) = &mut json {
        if map.get(property).is_none_or(Value::is_null) {
            map.insert(property.to_owned(), Value::String(tag.to_owned()));
        }
    }
    json.serialize(serializer)
}

/// The discriminator `property` of the JSON object `raw`, when it is a
/// string; every other key is skipped without being decoded.
#[doc(hidden)]
pub fn read_tag(raw: &str, property: &str) -> Result<Option<String>, serde_json::Error> {
    struct TagVisitor<'p>(&'p str);
    impl<'de> Visitor<'de> for TagVisitor<'_> {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
            let mut tag = None;
            while let Some(key) = map.next_key::<Key<'de>>()? {
                if key.as_str() == self.0 {
                    tag = match map.next_value::<Value>()? {
                        Value::String(s) => Some(s),
                        _ => None,
                    };
                } else {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
            Ok(tag)
        }
    }
    let mut deserializer = serde_json::Deserializer::from_str(raw);
    let tag = deserializer.deserialize_map(TagVisitor(property))?;
    deserializer.end()?;
    Ok(tag)
}

/// Decodes an open enum from any string.
#[doc(hidden)]
pub struct OpenEnumVisitor<T> {
    name: &'static str,
    marker: PhantomData<T>,
}

impl<T> OpenEnumVisitor<T> {
    /// A visitor for the enum called `name`.
    pub fn new(name: &'static str) -> Self {
        OpenEnumVisitor {
            name,
            marker: PhantomData,
        }
    }
}

impl<T> Visitor<'_> for OpenEnumVisitor<T>
where
    T: for<'a> From<&'a str> + From<String>,
{
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} string", self.name)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::from(v))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
        Ok(T::from(v))
    }
}

/// Stands in for a secret value in `Debug` output.
#[doc(hidden)]
pub struct Masked;

impl fmt::Debug for Masked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("****")
    }
}

/// `Debug` for an `extra` map, masking values whose keys look secret at any
/// depth (an unknown `credentials` object may hold a client secret).
#[doc(hidden)]
pub struct MaskedExtra<'a>(pub &'a Map<String, Value>);

impl fmt::Debug for MaskedExtra<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_object(self.0, f)
    }
}

fn debug_object(object: &Map<String, Value>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut map = f.debug_map();
    for (k, v) in object {
        if looks_secret(k) && !v.is_null() {
            map.entry(k, &Masked);
        } else {
            map.entry(k, &MaskedValue(v));
        }
    }
    map.finish()
}

/// A JSON value whose secret-looking keys are masked.
struct MaskedValue<'a>(&'a Value);

impl fmt::Debug for MaskedValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Value::Object(object) => debug_object(object, f),
            Value::Array(items) => f
                .debug_list()
                .entries(items.iter().map(MaskedValue))
                .finish(),
            other => fmt::Debug::fmt(other, f),
        }
    }
}

/// Whether a key of a free-form map is masked: the rule of
/// `okta_codegen::secrets::is_secret_key`, over the tables the generator
/// emits into [`crate::models`] (one list for codegen and runtime).
#[doc(hidden)]
pub fn looks_secret(key: &str) -> bool {
    let key: String = key
        .chars()
        .filter(|c| *c != '_' && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    crate::models::SECRET_FIELDS.contains(&key.as_str())
        || crate::models::SECRET_NAME_PARTS
            .iter()
            .chain(crate::models::FREE_FORM_SECRET_PARTS)
            .any(|part| key.contains(part))
}

/// `Debug` for a free-form field (any JSON, a map of JSON, …), masking
/// values whose keys look secret at any depth.
#[doc(hidden)]
pub struct MaskedJson<'a, T: ?Sized>(pub &'a T);

impl<T: Serialize + ?Sized> fmt::Debug for MaskedJson<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match serde_json::to_value(self.0) {
            Ok(value) => fmt::Debug::fmt(&MaskedValue(&value), f),
            Err(_) => f.write_str("<not JSON>"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tags_are_read_without_decoding_the_rest() {
        let raw = r#"{"id": "0oa1", "settings": {"deep": [1, {"signOnMode": "NESTED"}]}, "signOnMode": "SAML_2_0"}"#;
        assert_eq!(
            read_tag(raw, "signOnMode").unwrap().as_deref(),
            Some("SAML_2_0")
        );
        assert_eq!(
            read_tag(r#"{"signOnMode": 7}"#, "signOnMode").unwrap(),
            None
        );
        assert_eq!(read_tag(r#"{}"#, "signOnMode").unwrap(), None);
        assert!(read_tag("[1, 2]", "signOnMode").is_err());
    }

    #[test]
    fn null_fields_track_positions_within_capacity() {
        let mut nulls = NullFields::default();
        assert!(nulls.is_empty());
        nulls.set(0, true);
        nulls.set(63, true);
        nulls.set(64, true); // past capacity: ignored, the generator keeps such nulls in `extra`
        assert!(nulls.contains(0) && nulls.contains(63) && !nulls.contains(64));
        nulls.set(0, false);
        assert!(!nulls.contains(0));
        assert_eq!(format!("{nulls:?}"), "{63}");
    }

    #[test]
    fn nested_secrets_are_masked() {
        let extra = json!({
            "oauthClient": {"client_id": "0oa1", "client_secret": "s3cr3t-value"},
            "hooks": [{"headers": {"Authorization": "Bearer abc.def"}}],
            "refreshToken": null,
            "label": "visible"
        });
        let shown = format!("{:?}", MaskedExtra(extra.as_object().unwrap()));
        assert!(!shown.contains("s3cr3t-value"), "{shown}");
        assert!(!shown.contains("abc.def"), "{shown}");
        assert!(
            shown.contains("0oa1") && shown.contains("visible"),
            "{shown}"
        );
    }
}
