//! [`Timestamp`]: a date-time as Okta sent it, parsed on demand.

use std::fmt;
use std::ops::Deref;

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date-time field of a model.
///
/// It keeps the exact text the server sent, so a response re-encodes byte for byte even
/// when Okta writes a form that is not RFC 3339 (`2021-06-14 14:45:46`), and parses it on
/// demand with [`Timestamp::to_datetime`]. For requests, build one from a
/// `chrono::DateTime<Utc>` (`Timestamp::from(now)`), which writes RFC 3339 in UTC with
/// milliseconds, the form Okta itself uses. It derefs to `&str`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Timestamp(String);

impl Timestamp {
    /// The text as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The instant, in UTC; `None` when the text is not a date-time in any form Okta uses
    /// (RFC 3339; or `YYYY-MM-DD HH:MM:SS` / `YYYY-MM-DDTHH:MM:SS`, with optional
    /// fractional seconds, read as UTC).
    pub fn to_datetime(&self) -> Option<DateTime<Utc>> {
        let text = self.0.trim();
        if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
            return Some(dt.with_timezone(&Utc));
        }
        let text = text.strip_suffix('Z').unwrap_or(text);
        ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
            .map(|naive| naive.and_utc())
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(value: DateTime<Utc>) -> Self {
        Timestamp(value.to_rfc3339_opts(SecondsFormat::Millis, true))
    }
}

impl From<String> for Timestamp {
    fn from(value: String) -> Self {
        Timestamp(value)
    }
}

impl From<&str> for Timestamp {
    fn from(value: &str) -> Self {
        Timestamp(value.to_owned())
    }
}

impl Deref for Timestamp {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Timestamp {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Timestamp {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Timestamp {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Timestamp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn okta_forms_parse_and_the_text_is_kept() {
        let want = Utc.with_ymd_and_hms(2021, 6, 14, 14, 45, 46).single();
        for text in [
            "2021-06-14T14:45:46.000Z",
            "2021-06-14T14:45:46Z",
            "2021-06-14T16:45:46+02:00",
            "2021-06-14 14:45:46",
            "2021-06-14T14:45:46",
            "2021-06-14 14:45:46.000",
        ] {
            let t = Timestamp::from(text);
            assert_eq!(t.to_datetime(), want, "{text}");
            assert_eq!(t.as_str(), text);
        }
        assert_eq!(Timestamp::from("yesterday").to_datetime(), None);
        assert_eq!(Timestamp::from("").to_datetime(), None);
    }

    #[test]
    fn a_datetime_is_written_as_okta_writes_it() {
        let at = Utc
            .with_ymd_and_hms(2024, 1, 15, 19, 30, 40)
            .single()
            .expect("date");
        let t = Timestamp::from(at);
        assert_eq!(t, "2024-01-15T19:30:40.000Z");
        assert_eq!(t.to_datetime(), Some(at));
        assert_eq!(
            serde_json::to_string(&t).expect("json"),
            "\"2024-01-15T19:30:40.000Z\""
        );
    }
}
