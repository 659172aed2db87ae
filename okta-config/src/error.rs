//! Where a value came from, and the error that lists every configuration
//! problem at once.

use std::fmt;
use std::path::PathBuf;

/// Where a setting's value came from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConfigSource {
    /// The SDK's built-in default.
    Default,
    /// An `okta.yaml` file (the user's `~/.okta/okta.yaml` or `./okta.yaml`).
    File(PathBuf),
    /// The named environment variable.
    Env(String),
    /// A value passed in code ([`crate::OktaConfigBuilder`] or
    /// [`crate::ConfigLoader::explicit_json`]).
    Explicit,
}

impl fmt::Display for ConfigSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigSource::Default => f.write_str("default"),
            ConfigSource::File(path) => write!(f, "{}", path.display()),
            ConfigSource::Env(var) => write!(f, "environment variable {var}"),
            ConfigSource::Explicit => f.write_str("explicit configuration"),
        }
    }
}

/// One configuration problem: where it is and how to fix it.
///
/// Issues never contain a secret value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigIssue {
    source: Option<ConfigSource>,
    key: String,
    message: String,
}

impl ConfigIssue {
    pub(crate) fn new(
        source: Option<ConfigSource>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        ConfigIssue {
            source,
            key: key.into(),
            message: message.into(),
        }
    }

    /// Where the offending value came from; `None` when the problem is a
    /// value that no source sets.
    pub fn source(&self) -> Option<&ConfigSource> {
        self.source.as_ref()
    }

    /// The `okta.yaml` key concerned, e.g. `okta.client.orgUrl` (empty for a
    /// problem with a whole file, such as malformed YAML).
    pub fn key(&self) -> &str {
        &self.key
    }

    /// What is wrong and how to fix it.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ConfigIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.source, self.key.is_empty()) {
            (None, true) => {}
            (None, false) => write!(f, "{}: ", self.key)?,
            (Some(ConfigSource::File(path)), true) => write!(f, "{}: ", path.display())?,
            (Some(ConfigSource::File(path)), false) => {
                write!(f, "{}: {}: ", path.display(), self.key)?
            }
            (Some(source), true) => write!(f, "{source}: ")?,
            (Some(source), false) => write!(f, "{source} ({}): ", self.key)?,
        }
        f.write_str(&self.message)
    }
}

/// The configuration could not be loaded: every problem found, in one error.
///
/// `Display` lists each [`ConfigIssue`] on its own line. Neither `Display`
/// nor `Debug` ever shows a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    issues: Vec<ConfigIssue>,
}

impl ConfigError {
    pub(crate) fn new(issues: Vec<ConfigIssue>) -> Self {
        ConfigError { issues }
    }

    /// Every problem found (at least one).
    pub fn issues(&self) -> &[ConfigIssue] {
        &self.issues
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.issues.len();
        write!(
            f,
            "invalid Okta configuration ({n} problem{}):",
            if n == 1 { "" } else { "s" }
        )?;
        for issue in &self.issues {
            write!(f, "\n  - {issue}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}
