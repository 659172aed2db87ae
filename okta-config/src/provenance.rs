//! Where each effective setting came from.

use std::fmt;
use std::path::Path;

use crate::error::ConfigSource;
use crate::settings::{keys, SETTINGS};
use crate::validate::Found;
use crate::values::Typed;
use crate::OktaConfig;

/// One effective setting and its source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProvenanceEntry {
    key: &'static str,
    value: String,
    source: ConfigSource,
}

impl ProvenanceEntry {
    pub(crate) fn new(key: &'static str, value: String, source: ConfigSource) -> Self {
        ProvenanceEntry { key, value, source }
    }

    /// The `okta.yaml` key, e.g. `okta.client.orgUrl`.
    pub fn key(&self) -> &'static str {
        self.key
    }

    /// The value as it was read (lists comma-joined), or `****` for a secret.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// Where the value came from.
    pub fn source(&self) -> &ConfigSource {
        &self.source
    }
}

/// Every setting that has a value, with its source, in `okta.yaml` order.
///
/// `Display` prints one `key = value (source)` line per setting; secrets are
/// shown as `****`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Provenance {
    entries: Vec<ProvenanceEntry>,
}

impl Provenance {
    pub(crate) fn new(entries: Vec<ProvenanceEntry>) -> Self {
        Provenance { entries }
    }

    /// All entries.
    pub fn entries(&self) -> &[ProvenanceEntry] {
        &self.entries
    }

    /// The entry of `key` (e.g. `okta.client.orgUrl`), if it has a value.
    pub fn get(&self, key: &str) -> Option<&ProvenanceEntry> {
        self.entries.iter().find(|e| e.key == key)
    }

    /// Where the value of `key` came from, if it has a value.
    pub fn source_of(&self, key: &str) -> Option<&ConfigSource> {
        self.get(key).map(ProvenanceEntry::source)
    }
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.entries.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{} = {} ({})", e.key, e.value, e.source)?;
        }
        Ok(())
    }
}

/// A validated configuration together with where each value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadedConfig {
    config: OktaConfig,
    provenance: Provenance,
}

impl LoadedConfig {
    pub(crate) fn new(config: OktaConfig, provenance: Provenance) -> Self {
        LoadedConfig { config, provenance }
    }

    /// The configuration.
    pub fn config(&self) -> &OktaConfig {
        &self.config
    }

    /// Where each effective setting came from.
    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    /// The configuration, dropping the provenance.
    pub fn into_config(self) -> OktaConfig {
        self.config
    }

    /// Both parts.
    pub fn into_parts(self) -> (OktaConfig, Provenance) {
        (self.config, self.provenance)
    }
}

/// Lists each effective value with its source, secrets masked.
pub(crate) fn report(found: &Found, key_file: Option<&Path>) -> Provenance {
    let mut entries = Vec::new();
    for setting in SETTINGS {
        let Some((value, source)) = found.get(setting.key) else {
            continue;
        };
        let mut shown = if setting.secret {
            "****".to_owned()
        } else {
            match value {
                Typed::Str(s) => s.clone(),
                Typed::Int(i) => i.to_string(),
                Typed::Bool(b) => b.to_string(),
                Typed::List(l) => l.join(","),
            }
        };
        if setting.key == keys::PRIVATE_KEY {
            if let Some(path) = key_file {
                shown.push_str(&format!(" (read from {})", path.display()));
            }
        }
        entries.push(ProvenanceEntry::new(setting.key, shown, source.clone()));
    }
    Provenance::new(entries)
}
