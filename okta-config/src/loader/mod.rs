//! Gathers the sources in precedence order and merges them with figment, and
//! reads every file: the two `okta.yaml` files and the private key file
//! (`private_key.rs`).

mod private_key;

pub(crate) use private_key::ResolvedKey;

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use figment::value::{Dict, Map, Num, Tag, Value};
use figment::{Figment, Metadata, Profile, Provider};

use crate::builder::OktaConfigBuilder;
use crate::error::{ConfigError, ConfigIssue, ConfigSource};
use crate::provenance::LoadedConfig;
use crate::settings::{self, keys, Kind, SECTIONS, SETTINGS};
use crate::validate;
use crate::values::{self, IntError, Typed};
use crate::OktaConfig;

/// Where to look for a directory: the real one, a given one, or nowhere.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
enum Dir {
    #[default]
    Real,
    At(PathBuf),
    Off,
}

/// The environment to read: the process's or a given map.
#[derive(Clone, Default, PartialEq, Eq)]
enum Env {
    #[default]
    Real,
    Map(BTreeMap<String, OsString>),
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Env::Real => f.write_str("Real"),
            // Names only: values may be secrets.
            Env::Map(map) => f.debug_tuple("Map").field(&map.keys()).finish(),
        }
    }
}

impl Env {
    /// The value of `name`; `Err` when it is set but not valid Unicode.
    fn get(&self, name: &str) -> Result<Option<String>, ()> {
        match self {
            Env::Map(map) => Self::text(map.get(name).cloned()),
            Env::Real => Self::text(std::env::var_os(name)),
        }
    }

    fn text(value: Option<OsString>) -> Result<Option<String>, ()> {
        match value {
            None => Ok(None),
            Some(v) => v.into_string().map(Some).map_err(|_| ()),
        }
    }
}

/// An explicit layer, as a constructor map.
#[derive(Clone, PartialEq)]
struct Explicit(serde_json::Value);

impl fmt::Debug for Explicit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Values may be secrets.
        f.write_str("Explicit(..)")
    }
}

/// Loads an [`OktaConfig`] from its sources, lowest precedence first:
///
/// 1. built-in defaults;
/// 2. `~/.okta/okta.yaml` (the home directory's `.okta` folder);
/// 3. `./okta.yaml` (the working directory);
/// 4. environment variables (see [`crate::environment_variables`]);
/// 5. explicit values ([`explicit_builder`](Self::explicit_builder),
///    [`explicit_json`](Self::explicit_json)), later calls winning.
///
/// A higher source overrides a lower one key by key: a `proxy.port` set in
/// the environment keeps the `proxy.host` of a file. Empty values (`token:`
/// with nothing after it, an empty environment variable) count as not set.
///
/// [`new`](Self::new) and [`Default`] read the real home directory, working
/// directory and process environment; the setters replace each of them,
/// which is how tests stay away from the real ones:
///
/// ```
/// use okta_config::ConfigLoader;
///
/// let dir = std::env::temp_dir().join("okta-config-doc-example-empty");
/// let config = ConfigLoader::new()
///     .home_dir(&dir)
///     .current_dir(&dir)
///     .env([("OKTA_CLIENT_ORGURL", "https://dev-123456.okta.com")])
///     .explicit_json(serde_json::json!({ "token": "00abc" }))
///     .load()
///     .unwrap();
/// assert_eq!(config.org_url.as_str(), "https://dev-123456.okta.com/");
/// ```
#[derive(Clone, Debug, Default)]
pub struct ConfigLoader {
    home: Dir,
    cwd: Dir,
    env: Env,
    explicit: Vec<Explicit>,
}

/// One source, as a figment provider whose metadata name identifies it.
struct Layer {
    name: String,
    dict: Dict,
}

impl Provider for Layer {
    fn metadata(&self) -> Metadata {
        Metadata::named(self.name.clone())
    }

    fn data(&self) -> Result<Map<Profile, Dict>, figment::Error> {
        Ok(Profile::Default.collect(self.dict.clone()))
    }
}

/// The layers gathered so far, and where each came from.
#[derive(Default)]
struct Layers {
    layers: Vec<Layer>,
    sources: BTreeMap<String, ConfigSource>,
}

impl Layers {
    fn push(&mut self, source: ConfigSource, dict: Dict) {
        let name = format!("{source} #{}", self.layers.len());
        self.sources.insert(name.clone(), source);
        self.layers.push(Layer { name, dict });
    }
}

impl ConfigLoader {
    /// A loader reading the real home directory, working directory and
    /// process environment, with no explicit values.
    pub fn new() -> Self {
        Self::default()
    }

    /// A loader that reads no file and no environment variable: only the
    /// defaults and the explicit values.
    pub fn isolated() -> Self {
        ConfigLoader {
            home: Dir::Off,
            cwd: Dir::Off,
            env: Env::Map(BTreeMap::new()),
            explicit: Vec::new(),
        }
    }

    /// Reads `<dir>/.okta/okta.yaml` instead of the real home directory's.
    pub fn home_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.home = Dir::At(dir.into());
        self
    }

    /// Reads no home directory file.
    pub fn no_home_dir(mut self) -> Self {
        self.home = Dir::Off;
        self
    }

    /// Reads `<dir>/okta.yaml` instead of the working directory's; relative
    /// private key paths are resolved against `dir` too.
    pub fn current_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cwd = Dir::At(dir.into());
        self
    }

    /// Reads no working directory file.
    pub fn no_current_dir(mut self) -> Self {
        self.cwd = Dir::Off;
        self
    }

    /// Reads these variables instead of the process environment.
    pub fn env<I, K, V>(mut self, vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.env = Env::Map(
            vars.into_iter()
                .map(|(k, v)| (k.into(), OsString::from(v.into())))
                .collect(),
        );
        self
    }

    /// Like [`env`](Self::env), with values that need not be valid Unicode
    /// (as the process environment's may not be); such a value is reported
    /// as an error of its variable.
    pub fn env_os<I, K, V>(mut self, vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<OsString>,
    {
        self.env = Env::Map(
            vars.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        );
        self
    }

    /// Adds the values set on `builder` as an explicit layer.
    pub fn explicit_builder(mut self, builder: OktaConfigBuilder) -> Self {
        self.explicit.push(Explicit(builder.to_json()));
        self
    }

    /// Adds an explicit layer given as a map, like the other SDKs'
    /// constructor dictionaries: `{"orgUrl": ..., "token": ...}` with the
    /// keys of `okta.client` (nested `proxy`, `rateLimit`, `cache`), plus
    /// `testing: {disableHttpsCheck}`. A map with a top-level `okta` key is
    /// read in the full `okta.yaml` shape instead. Unknown keys are errors.
    pub fn explicit_json(mut self, value: impl Into<serde_json::Value>) -> Self {
        self.explicit.push(Explicit(value.into()));
        self
    }

    /// Loads and validates the configuration.
    pub fn load(self) -> Result<OktaConfig, ConfigError> {
        self.load_with_provenance().map(LoadedConfig::into_config)
    }

    /// Loads and validates the configuration, and reports where each value
    /// came from.
    pub fn load_with_provenance(self) -> Result<LoadedConfig, ConfigError> {
        let mut issues = Vec::new();
        let mut layers = Layers::default();

        layers.push(ConfigSource::Default, defaults());

        let home = match &self.home {
            Dir::Real => std::env::home_dir(),
            Dir::At(p) => Some(p.clone()),
            Dir::Off => None,
        };
        let cwd = match &self.cwd {
            Dir::Real => std::env::current_dir().ok(),
            Dir::At(p) => Some(p.clone()),
            Dir::Off => None,
        };
        let home_file = home.as_ref().map(|h| h.join(".okta").join("okta.yaml"));
        let cwd_file = cwd.as_ref().map(|c| c.join("okta.yaml"));
        if let Some(path) = &home_file {
            read_file(path, &mut layers, &mut issues);
        }
        if let Some(path) = &cwd_file {
            if !same_file(home_file.as_deref(), path) {
                read_file(path, &mut layers, &mut issues);
            }
        }

        read_env(&self.env, &mut layers, &mut issues);

        for explicit in &self.explicit {
            if let Some(dict) = explicit_dict(&explicit.0, &mut issues) {
                layers.push(ConfigSource::Explicit, dict);
            }
        }

        let figment = layers
            .layers
            .into_iter()
            .fold(Figment::new(), |f, layer| f.merge(layer));
        let source_of = |value: &Value| -> ConfigSource {
            figment
                .get_metadata(value.tag())
                .and_then(|m| layers.sources.get(m.name.as_ref()))
                .cloned()
                .unwrap_or(ConfigSource::Explicit)
        };

        let mut found: BTreeMap<&'static str, (Typed, ConfigSource)> = BTreeMap::new();
        // Keys whose value was set but unreadable (already reported).
        let mut invalid: BTreeSet<&'static str> = BTreeSet::new();
        for setting in SETTINGS {
            let Ok(value) = figment.find_value(setting.key) else {
                continue;
            };
            let source = source_of(&value);
            match values::read_typed(setting.key, setting.kind, &value, &source) {
                Ok(Some(typed)) => {
                    found.insert(setting.key, (typed, source));
                }
                Ok(None) => {}
                Err(issue) => {
                    invalid.insert(setting.key);
                    issues.push(issue);
                }
            }
        }

        let private_key = match found.get(keys::PRIVATE_KEY) {
            Some((Typed::Str(text), source)) => Some(private_key::resolve(
                text,
                source,
                home.as_deref(),
                cwd.as_deref(),
            )),
            _ => None,
        };
        validate::build(found, &invalid, private_key, issues)
    }
}

/// Reports sections of one source that are not mappings (a higher source
/// could otherwise hide them).
fn check_sections(dict: &Dict, source: &ConfigSource, issues: &mut Vec<ConfigIssue>) {
    let root = Value::Dict(Tag::Default, dict.clone());
    for section in SECTIONS {
        if let Some(value) = root.find_ref(section) {
            if !matches!(value, Value::Dict(..)) {
                issues.push(ConfigIssue::new(
                    Some(source.clone()),
                    *section,
                    format!(
                        "expected a mapping of settings, found {}. Indent the settings \
                         under `{}:`.",
                        values::describe(value, false),
                        section.rsplit('.').next().unwrap_or(section)
                    ),
                ));
            }
        }
    }
}

/// Whether two paths name the same existing file.
fn same_file(a: Option<&Path>, b: &Path) -> bool {
    match a {
        Some(a) => match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        },
        None => false,
    }
}

/// The built-in defaults: the `default` column of the settings table.
fn defaults() -> Dict {
    let mut root = Value::Dict(Tag::Default, Dict::new());
    for setting in SETTINGS {
        if let Some(value) = settings::default_json(setting).and_then(|v| values::from_json(&v)) {
            merge_into(&mut root, values::nest(setting.key, value));
        }
    }
    match root {
        Value::Dict(_, dict) => dict,
        _ => Dict::new(),
    }
}

/// Merges `dict` into `root`, key by key.
fn merge_into(root: &mut Value, dict: Dict) {
    let Value::Dict(_, target) = root else {
        return;
    };
    for (key, value) in dict {
        match (target.get_mut(&key), value) {
            (Some(existing @ Value::Dict(..)), Value::Dict(_, inner)) => {
                merge_into(existing, inner)
            }
            (_, value) => {
                target.insert(key, value);
            }
        }
    }
}

/// Reads one `okta.yaml`; a missing file is skipped.
fn read_file(path: &Path, layers: &mut Layers, issues: &mut Vec<ConfigIssue>) {
    let source = ConfigSource::File(path.to_path_buf());
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            tracing::debug!(path = %path.display(), "no okta.yaml here");
            return;
        }
        Err(e) => {
            issues.push(ConfigIssue::new(
                Some(source),
                "",
                format!("could not read this okta.yaml ({e}). Make it readable or remove it."),
            ));
            return;
        }
    };
    let yaml: serde_yaml::Value = match serde_yaml::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            issues.push(ConfigIssue::new(
                Some(source),
                "",
                format!(
                    "this okta.yaml is not valid YAML ({e}). Fix the syntax; quote values \
                     that contain `:`, `{{` or `#`."
                ),
            ));
            return;
        }
    };
    match values::from_yaml(yaml) {
        None => tracing::debug!(path = %path.display(), "okta.yaml is empty"),
        Some(Value::Dict(_, dict)) => {
            let mut unknown = Vec::new();
            values::unknown_keys("", &dict, &mut unknown);
            for key in unknown {
                // Files are often shared with other Okta SDKs: only note it.
                tracing::debug!(path = %path.display(), %key, "ignoring unknown okta.yaml key");
            }
            tracing::debug!(path = %path.display(), "read okta.yaml");
            check_sections(&dict, &source, issues);
            layers.push(source, dict);
        }
        Some(other) => issues.push(ConfigIssue::new(
            Some(source),
            "",
            format!(
                "expected a mapping with an `okta:` key at the top of the file, found {}.",
                values::describe(&other, false)
            ),
        )),
    }
}

/// Reads the environment variables of the settings table.
fn read_env(env: &Env, layers: &mut Layers, issues: &mut Vec<ConfigIssue>) {
    for setting in SETTINGS {
        let mut chosen: Option<&str> = None;
        for var in setting.env {
            let value = match env.get(var) {
                Ok(Some(v)) if !v.trim().is_empty() => v,
                Ok(_) => continue,
                Err(()) => {
                    issues.push(ConfigIssue::new(
                        Some(ConfigSource::Env((*var).to_owned())),
                        setting.key,
                        "the value is not valid Unicode. Set it to plain text.",
                    ));
                    continue;
                }
            };
            if let Some(first) = chosen {
                tracing::debug!(
                    used = first,
                    ignored = *var,
                    "several variables set one setting"
                );
                continue;
            }
            chosen = Some(var);
            let source = ConfigSource::Env((*var).to_owned());
            match env_value(setting.kind, &value) {
                Some(v) => layers.push(source, values::nest(setting.key, v)),
                None => issues.push(ConfigIssue::new(
                    Some(source),
                    setting.key,
                    env_error(setting.key, setting.kind, var, &value, setting.secret),
                )),
            }
        }
    }
}

/// Parses an environment variable's text as `kind`.
fn env_value(kind: Kind, text: &str) -> Option<Value> {
    let text_trimmed = text.trim();
    Some(match kind {
        Kind::Str => Value::String(Tag::Default, text.to_owned()),
        Kind::Int => Value::Num(Tag::Default, Num::I128(values::parse_int(text).ok()??)),
        Kind::Bool => Value::Bool(Tag::Default, values::parse_bool(text_trimmed)?),
        Kind::List => Value::Array(
            Tag::Default,
            values::split_list(text)
                .into_iter()
                .map(|s| Value::String(Tag::Default, s))
                .collect(),
        ),
    })
}

fn env_error(key: &str, kind: Kind, var: &str, text: &str, secret: bool) -> String {
    let shown = if secret {
        "the value".to_owned()
    } else {
        format!("`{}`", text.trim())
    };
    match kind {
        Kind::Int if values::parse_int(text) == Err(IntError::TooLarge) => {
            values::too_big_message(key)
        }
        Kind::Int => {
            let example = settings::setting_for(key)
                .and_then(|s| s.int)
                .map_or(0, |rule| rule.example);
            format!("{shown} is not a whole number. Set {var} to a number such as {example}.")
        }
        Kind::Bool => format!("{shown} is not a boolean. Set {var} to true or false."),
        Kind::Str | Kind::List => format!("{shown} cannot be read. Set {var} to plain text."),
    }
}

/// Turns an explicit map into the `okta.yaml` shape.
fn explicit_dict(json: &serde_json::Value, issues: &mut Vec<ConfigIssue>) -> Option<Dict> {
    let Some(object) = json.as_object() else {
        issues.push(ConfigIssue::new(
            Some(ConfigSource::Explicit),
            "",
            "explicit configuration must be a map such as \
             {\"orgUrl\": \"https://dev-123456.okta.com\", \"token\": \"...\"}.",
        ));
        return None;
    };
    let full = if object.contains_key("okta") {
        json.clone()
    } else {
        let mut client = object.clone();
        let testing = client.remove("testing");
        let mut okta = serde_json::Map::new();
        okta.insert("client".into(), serde_json::Value::Object(client));
        if let Some(testing) = testing {
            okta.insert("testing".into(), testing);
        }
        serde_json::json!({ "okta": okta })
    };
    let dict = match values::from_json(&full) {
        Some(Value::Dict(_, dict)) => dict,
        _ => Dict::new(),
    };
    check_sections(&dict, &ConfigSource::Explicit, issues);
    let mut unknown = Vec::new();
    values::unknown_keys("", &dict, &mut unknown);
    for key in unknown {
        let mut message = "unknown setting.".to_owned();
        if let Some(known) = values::suggest(&key) {
            message.push_str(&format!(" Did you mean `{}`?", settings::short_key(known)));
        } else {
            message.push_str(
                " Use the keys of okta.client in okta.yaml, e.g. orgUrl, token, \
                 authorizationMode, clientId, scopes, privateKey.",
            );
        }
        issues.push(ConfigIssue::new(Some(ConfigSource::Explicit), key, message));
    }
    Some(dict)
}
