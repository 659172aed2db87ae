//! Helpers shared by the integration tests: a sandbox with its own home
//! directory, working directory and environment, so no test touches the real
//! ones.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use okta_config::{ConfigError, ConfigLoader, ConfigSource, LoadedConfig, OktaConfig};
use serde_json::{json, Value};

/// A throwaway home directory and working directory.
pub struct Sandbox {
    _root: tempfile::TempDir,
    pub home: PathBuf,
    pub cwd: PathBuf,
    pub env: BTreeMap<String, String>,
}

impl Sandbox {
    pub fn new() -> Self {
        let root = tempfile::tempdir().expect("temp dir");
        let home = root.path().join("home");
        let cwd = root.path().join("project");
        std::fs::create_dir_all(home.join(".okta")).expect("home dir");
        std::fs::create_dir_all(&cwd).expect("cwd");
        Sandbox {
            _root: root,
            home,
            cwd,
            env: BTreeMap::new(),
        }
    }

    pub fn home_file(&self) -> PathBuf {
        self.home.join(".okta").join("okta.yaml")
    }

    pub fn cwd_file(&self) -> PathBuf {
        self.cwd.join("okta.yaml")
    }

    pub fn write_home(&self, yaml: &str) -> &Self {
        std::fs::write(self.home_file(), yaml).expect("write home okta.yaml");
        self
    }

    pub fn write_cwd(&self, yaml: &str) -> &Self {
        std::fs::write(self.cwd_file(), yaml).expect("write cwd okta.yaml");
        self
    }

    pub fn set_env(&mut self, name: &str, value: &str) -> &mut Self {
        self.env.insert(name.to_owned(), value.to_owned());
        self
    }

    /// A loader reading only this sandbox.
    pub fn loader(&self) -> ConfigLoader {
        ConfigLoader::new()
            .home_dir(&self.home)
            .current_dir(&self.cwd)
            .env(self.env.clone())
    }

    pub fn load(&self) -> Result<LoadedConfig, ConfigError> {
        self.loader().load_with_provenance()
    }

    /// `home`, `cwd`, `env:NAME`, `explicit` or `default`.
    pub fn label(&self, source: &ConfigSource) -> String {
        match source {
            ConfigSource::Default => "default".into(),
            ConfigSource::File(p) if p == &self.home_file() => "home".into(),
            ConfigSource::File(p) if p == &self.cwd_file() => "cwd".into(),
            ConfigSource::File(p) => format!("file:{}", p.display()),
            ConfigSource::Env(v) => format!("env:{v}"),
            ConfigSource::Explicit => "explicit".into(),
            other => format!("{other}"),
        }
    }
}

/// The effective configuration as a flat map keyed like `okta.yaml`, in the
/// units of `okta.yaml` (seconds; minutes for the renewal offset). Secrets
/// are exposed: tests compare them.
pub fn flatten(c: &OktaConfig) -> BTreeMap<String, Value> {
    let mut m = BTreeMap::new();
    let mut put = |k: &str, v: Value| {
        m.insert(format!("okta.{k}"), v);
    };
    put("client.orgUrl", json!(c.org_url.as_str()));
    put(
        "client.authorizationMode",
        json!(c.authorization_mode.as_str()),
    );
    put("client.token", json!(c.token.as_ref().map(|s| s.expose())));
    put("client.clientId", json!(c.client_id));
    put("client.scopes", json!(c.scopes));
    put(
        "client.privateKey",
        json!(c.private_key.as_ref().map(|s| s.expose())),
    );
    put("client.kid", json!(c.kid));
    put(
        "client.connectionTimeout",
        json!(c.connection_timeout.as_secs()),
    );
    put(
        "client.requestTimeout",
        json!(c.request_timeout.map_or(0, |d| d.as_secs())),
    );
    put(
        "client.proxy.host",
        json!(c.proxy.as_ref().map(|p| &p.host)),
    );
    put("client.proxy.port", json!(c.proxy.as_ref().map(|p| p.port)));
    put(
        "client.proxy.username",
        json!(c.proxy.as_ref().and_then(|p| p.username.clone())),
    );
    put(
        "client.proxy.password",
        json!(c
            .proxy
            .as_ref()
            .and_then(|p| p.password.as_ref().map(|s| s.expose().to_owned()))),
    );
    put("client.rateLimit.maxRetries", json!(c.max_retries));
    put(
        "client.rateLimit.maxCapacity",
        json!(c.rate_limit_max_capacity),
    );
    put("client.userAgent", json!(c.user_agent));
    put("client.cache.enabled", json!(c.cache.enabled));
    put(
        "client.cache.defaultTtl",
        json!(c.cache.default_ttl.as_secs()),
    );
    put(
        "client.cache.defaultTti",
        json!(c.cache.default_tti.as_secs()),
    );
    put(
        "client.oauthTokenRenewalOffset",
        json!(c.oauth_token_renewal_offset.as_secs() / 60),
    );
    put("client.dpopEnabled", json!(c.dpop_enabled));
    put("testing.disableHttpsCheck", json!(c.disable_https_check));
    m
}

/// Reads `KEY=VALUE` lines; `#` starts a comment line, `\n` in a value is a
/// newline.
pub fn parse_env_file(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| {
            let (k, v) = l.split_once('=').unwrap_or((l, ""));
            (k.trim().to_owned(), v.replace("\\n", "\n"))
        })
        .collect()
}

pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
}

/// A PEM block shaped like a private key (not a real key: the loader does no
/// cryptography).
pub const FAKE_PEM: &str =
    "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC-fake-key-body\n-----END PRIVATE KEY-----\n";
