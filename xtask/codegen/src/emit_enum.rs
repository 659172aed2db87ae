//! Open string enums: known values as variants, anything else kept verbatim.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::naming;

/// Emits the open enum `rust_name` with `values`.
pub fn emit(out: &mut String, rust_name: &str, values: &[String]) {
    let mut taken = BTreeSet::from(["Unknown".to_owned()]);
    let variants: Vec<(String, &String)> = values
        .iter()
        .map(|v| (naming::unique(naming::pascal(v), &mut taken), v))
        .collect();

    let _ = writeln!(out, "/// The `{rust_name}` enum. Values this SDK version does not know decode to\n/// [`{rust_name}::Unknown`] and encode back unchanged.\n#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]\n#[non_exhaustive]\npub enum {rust_name} {{");
    for (variant, value) in &variants {
        let _ = writeln!(out, "    /// `{value}`\n    {variant},");
    }
    let _ = writeln!(out, "    /// A value this SDK version does not know, kept verbatim. Build values with\n    /// `From<&str>`, which maps known strings to their variants.\n    Unknown(String),\n}}\n");

    let _ = writeln!(out, "impl {rust_name} {{\n    /// Every value this SDK version knows.\n    pub const KNOWN: &'static [&'static str] = &[{}];\n", variants.iter().map(|(_, v)| format!("{v:?}")).collect::<Vec<_>>().join(", "));
    let _ = writeln!(out, "    /// The value as sent on the wire.\n    pub fn as_str(&self) -> &str {{\n        match self {{");
    for (variant, value) in &variants {
        let _ = writeln!(out, "            Self::{variant} => {value:?},");
    }
    let _ = writeln!(out, "            Self::Unknown(other) => other,\n        }}\n    }}\n\n    /// Whether the value is one this SDK version does not know.\n    pub fn is_unknown(&self) -> bool {{\n        matches!(self, Self::Unknown(_))\n    }}\n\n    fn known(value: &str) -> Option<Self> {{\n        match value {{");
    for (variant, value) in &variants {
        let _ = writeln!(out, "            {value:?} => Some(Self::{variant}),");
    }
    let _ = writeln!(out, "            _ => None,\n        }}\n    }}\n}}\n");

    let _ = writeln!(out, "impl From<&str> for {rust_name} {{\n    fn from(value: &str) -> Self {{\n        Self::known(value).unwrap_or_else(|| Self::Unknown(value.to_owned()))\n    }}\n}}\n\nimpl From<String> for {rust_name} {{\n    fn from(value: String) -> Self {{\n        Self::known(&value).unwrap_or(Self::Unknown(value))\n    }}\n}}\n\nimpl std::str::FromStr for {rust_name} {{\n    type Err = std::convert::Infallible;\n    fn from_str(value: &str) -> Result<Self, Self::Err> {{\n        Ok(Self::from(value))\n    }}\n}}\n\nimpl std::fmt::Display for {rust_name} {{\n    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{\n        f.write_str(self.as_str())\n    }}\n}}\n\nimpl serde::Serialize for {rust_name} {{\n    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {{\n        serializer.serialize_str(self.as_str())\n    }}\n}}\n\nimpl<'de> serde::Deserialize<'de> for {rust_name} {{\n    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {{\n        deserializer.deserialize_str(crate::model_support::OpenEnumVisitor::<Self>::new({rust_name:?}))\n    }}\n}}\n");
}
