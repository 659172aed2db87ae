//! `_links`: the HAL relations Okta puts on every resource.
//!
//! Typed rather than left as JSON maps: real resources carry a dozen
//! relations (`self`, `activate`, `resetPassword`, …), and decoding each link
//! into a struct instead of a map of values is most of what makes a typed
//! `User` decode faster than `serde_json::Value`. Nothing is lost: a relation
//! may hold one link, a list (`logo`, `appLinks`), or anything else, and every
//! key of a link object is kept.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model_support::Key;

/// The `_links` of a resource: relation name → what the relation holds.
pub type Links = BTreeMap<String, LinkRelation>;

/// What one `_links` relation holds.
#[derive(Clone, PartialEq)]
pub enum LinkRelation {
    /// One link object (most relations). Boxed so that a map of relations
    /// moves small values when it grows.
    One(Box<Link>),
    /// A list (`logo`, `appLinks`, …); items that are not link objects are
    /// kept as [`LinkRelation::Other`].
    Many(Vec<LinkRelation>),
    /// Anything else, kept verbatim.
    Other(Value),
}

impl LinkRelation {
    /// The link objects of the relation, in order.
    pub fn links(&self) -> Vec<&Link> {
        match self {
            LinkRelation::One(link) => vec![&**link],
            LinkRelation::Many(items) => items.iter().flat_map(LinkRelation::links).collect(),
            LinkRelation::Other(_) => Vec::new(),
        }
    }

    /// The `href` of the first link.
    pub fn href(&self) -> Option<&str> {
        self.links().first().and_then(|l| l.href.as_deref())
    }
}

/// A link object. The keys Okta uses are fields; any other key is kept in
/// `extra`.
#[derive(Clone, Default, PartialEq)]
pub struct Link {
    /// `href`: the target URL.
    pub href: Option<String>,
    /// `name`.
    pub name: Option<String>,
    /// `type`: the media type of the target.
    pub type_: Option<String>,
    /// `title`.
    pub title: Option<String>,
    /// `method`: the HTTP method of an action link (`POST`).
    pub method: Option<String>,
    /// `templated`: whether `href` is a URI template.
    pub templated: Option<bool>,
    /// `hints`: e.g. `{"allow": ["GET", "PUT"]}`.
    pub hints: Option<Value>,
    /// Any other key, and modelled keys that arrived as `null`.
    pub extra: Map<String, Value>,
}

// `Debug` masks secret-looking keys of everything not modelled, like the models do.
impl std::fmt::Debug for LinkRelation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkRelation::One(link) => f.debug_tuple("One").field(link).finish(),
            LinkRelation::Many(items) => f.debug_tuple("Many").field(items).finish(),
            LinkRelation::Other(value) => f
                .debug_tuple("Other")
                .field(&crate::model_support::MaskedJson(value))
                .finish(),
        }
    }
}

impl std::fmt::Debug for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("Link");
        if let Some(v) = &self.href {
            d.field("href", v);
        }
        if let Some(v) = &self.name {
            d.field("name", v);
        }
        if let Some(v) = &self.type_ {
            d.field("type_", v);
        }
        if let Some(v) = &self.title {
            d.field("title", v);
        }
        if let Some(v) = &self.method {
            d.field("method", v);
        }
        if let Some(v) = &self.templated {
            d.field("templated", v);
        }
        if let Some(v) = &self.hints {
            d.field("hints", &crate::model_support::MaskedJson(v));
        }
        if !self.extra.is_empty() {
            d.field("extra", &crate::model_support::MaskedExtra(&self.extra));
        }
        d.finish()
    }
}

impl Serialize for Link {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        let strings = [
            ("href", &self.href),
            ("name", &self.name),
            ("type", &self.type_),
            ("title", &self.title),
            ("method", &self.method),
        ];
        for (key, value) in strings {
            if let Some(v) = value {
                map.serialize_entry(key, v)?;
            }
        }
        if let Some(v) = &self.templated {
            map.serialize_entry("templated", v)?;
        }
        if let Some(v) = &self.hints {
            map.serialize_entry("hints", v)?;
        }
        for (k, v) in &self.extra {
            if !self.modelled_key_is_set(k) {
                map.serialize_entry(k, v)?;
            }
        }
        map.end()
    }
}

impl Link {
    fn modelled_key_is_set(&self, key: &str) -> bool {
        match key {
            "href" => self.href.is_some(),
            "name" => self.name.is_some(),
            "type" => self.type_.is_some(),
            "title" => self.title.is_some(),
            "method" => self.method.is_some(),
            "templated" => self.templated.is_some(),
            "hints" => self.hints.is_some(),
            _ => false,
        }
    }

    fn from_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Link, A::Error> {
        let mut link = Link::default();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let key = key.as_str();
            match key {
                "href" => read(&mut map, &mut link.href, &mut link.extra, key)?,
                "name" => read(&mut map, &mut link.name, &mut link.extra, key)?,
                "type" => read(&mut map, &mut link.type_, &mut link.extra, key)?,
                "title" => read(&mut map, &mut link.title, &mut link.extra, key)?,
                "method" => read(&mut map, &mut link.method, &mut link.extra, key)?,
                "templated" => read(&mut map, &mut link.templated, &mut link.extra, key)?,
                "hints" => read(&mut map, &mut link.hints, &mut link.extra, key)?,
                _ => {
                    let value: Value = map.next_value()?;
                    link.extra.insert(key.to_owned(), value);
                }
            }
        }
        Ok(link)
    }
}

/// Reads a modelled key; `null` (rare in links) is kept in `extra`.
fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    extra: &mut Map<String, Value>,
    key: &str,
) -> Result<(), A::Error> {
    *slot = map.next_value::<Option<T>>()?;
    if slot.is_none() {
        extra.insert(key.to_owned(), Value::Null);
    }
    Ok(())
}

impl<'de> Deserialize<'de> for Link {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LinkVisitor;
        impl<'de> Visitor<'de> for LinkVisitor {
            type Value = Link;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a link object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Link, A::Error> {
                Link::from_map(map)
            }
        }
        deserializer.deserialize_map(LinkVisitor)
    }
}

impl Serialize for LinkRelation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            LinkRelation::One(link) => link.serialize(serializer),
            LinkRelation::Many(items) => items.serialize(serializer),
            LinkRelation::Other(value) => value.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for LinkRelation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RelationVisitor)
    }
}

/// Decodes a relation from whatever JSON it holds, without buffering.
struct RelationVisitor;

impl<'de> Visitor<'de> for RelationVisitor {
    type Value = LinkRelation;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a link, a list of links, or any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<LinkRelation, A::Error> {
        Link::from_map(map).map(|link| LinkRelation::One(Box::new(link)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<LinkRelation, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element::<LinkRelation>()? {
            items.push(item);
        }
        Ok(LinkRelation::Many(items))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<LinkRelation, E> {
        Ok(LinkRelation::Other(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<LinkRelation, E> {
        Ok(LinkRelation::Other(Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<LinkRelation, E> {
        Ok(LinkRelation::Other(Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<LinkRelation, E> {
        Ok(LinkRelation::Other(Value::from(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<LinkRelation, E> {
        Ok(LinkRelation::Other(Value::String(v.to_owned())))
    }

    fn visit_unit<E: de::Error>(self) -> Result<LinkRelation, E> {
        Ok(LinkRelation::Other(Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<LinkRelation, E> {
        Ok(LinkRelation::Other(Value::Null))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_shape_of_relation_round_trips() {
        let input = json!({
            "self": {"href": "https://example.okta.com/api/v1/users/00u1"},
            "deactivate": {"href": "https://example.okta.com/api/v1/users/00u1/lifecycle/deactivate", "method": "POST"},
            "users": {"href": "https://example.okta.com/api/v1/groups/00g1/users", "hints": {"allow": ["GET"]}, "templated": false},
            "logo": [{"name": "medium", "href": "https://cdn.example.com/m.png", "type": "image/png"}, "odd"],
            "future": {"href": null, "deprecation": "2030"},
            "count": 3,
            "nothing": null
        });
        let links: Links = serde_json::from_value(input.clone()).expect("decode");
        assert_eq!(
            links["deactivate"].links()[0].method.as_deref(),
            Some("POST")
        );
        assert_eq!(links["logo"].href(), Some("https://cdn.example.com/m.png"));
        assert!(matches!(&links["logo"], LinkRelation::Many(items) if items.len() == 2));
        assert_eq!(
            links["future"].links()[0].extra.get("deprecation"),
            Some(&json!("2030"))
        );
        assert_eq!(links["count"], LinkRelation::Other(json!(3)));
        assert_eq!(serde_json::to_value(&links).expect("encode"), input);
    }
}
