//! One source of truth: the JSON Schema, validation, the loader's defaults,
//! `OktaConfig::for_org` and the public `defaults`/`limits` must agree. Each
//! test reads one of them and probes another through the public API, so a
//! literal changed in one place only fails here.

mod common;

use common::{flatten, Sandbox};
use okta_config::{
    defaults, environment_variables, limits, okta_yaml_schema, ConfigLoader, ConfigSource,
    OktaConfig,
};
use serde_json::{json, Map, Value};

/// Follows `$ref`s and `anyOf` to the schema with `properties`.
fn object_schema<'a>(root: &'a Value, schema: &'a Value) -> Option<&'a Value> {
    if schema.get("properties").is_some() {
        return Some(schema);
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next()?;
        return object_schema(root, root.get("$defs")?.get(name)?);
    }
    schema
        .get("anyOf")?
        .as_array()?
        .iter()
        .find_map(|s| object_schema(root, s))
}

fn lookup<'a>(root: &'a Value, key: &str) -> Option<&'a Value> {
    let mut current = root;
    for part in key.split('.') {
        current = object_schema(root, current)?.get("properties")?.get(part)?;
    }
    Some(current)
}

/// Every key the loader reads, once, in table order.
fn keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = Vec::new();
    for (_, key) in environment_variables() {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

/// `{"okta": {"client": {...}}}` holding `value` at the dotted `key`, over a
/// valid base (org URL, token, and a proxy host when the key is the port).
fn config_with(key: &str, value: Value) -> Value {
    let mut root = json!({
        "okta": {"client": {"orgUrl": "https://dev-1.okta.com", "token": "t"}}
    });
    if key == "okta.client.proxy.port" {
        root["okta"]["client"]["proxy"] = json!({"host": "proxy.local"});
    }
    let mut node = &mut root;
    let parts: Vec<&str> = key.split('.').collect();
    for part in &parts[..parts.len() - 1] {
        if node.get(*part).is_none() {
            node[*part] = Value::Object(Map::new());
        }
        node = &mut node[*part];
    }
    node[parts[parts.len() - 1]] = value;
    root
}

fn load_explicit(key: &str, value: Value) -> Result<OktaConfig, okta_config::ConfigError> {
    ConfigLoader::isolated()
        .explicit_json(config_with(key, value))
        .load()
}

/// The bounded keys of the schema, with their bounds.
fn bounded_keys(schema: &Value) -> Vec<(&'static str, i64, i64)> {
    keys()
        .into_iter()
        .filter_map(|key| {
            let node = lookup(schema, key)?;
            let min = node.get("minimum")?.as_i64()?;
            let max = node.get("maximum")?.as_i64()?;
            Some((key, min, max))
        })
        .collect()
}

#[test]
fn every_whole_number_setting_has_schema_bounds() {
    let schema = okta_yaml_schema();
    for key in keys() {
        let node = lookup(&schema, key).unwrap_or_else(|| panic!("{key} not in the schema"));
        let integer = node["type"]
            .as_array()
            .is_some_and(|t| t.contains(&json!("integer")));
        if integer {
            assert!(
                node.get("minimum").is_some(),
                "{key} has no minimum: {node}"
            );
            assert!(
                node.get("maximum").is_some(),
                "{key} has no maximum: {node}"
            );
        }
    }
    assert_eq!(bounded_keys(&schema).len(), 8);
}

#[test]
fn validation_accepts_exactly_the_schema_bounds() {
    let schema = okta_yaml_schema();
    for (key, min, max) in bounded_keys(&schema) {
        for ok in [min, max] {
            if let Err(e) = load_explicit(key, json!(ok)) {
                panic!("{key} = {ok} is within the schema's bounds but rejected: {e}");
            }
        }
        for bad in [min - 1, max + 1] {
            let err = load_explicit(key, json!(bad)).err().unwrap_or_else(|| {
                panic!("{key} = {bad} is outside the schema's bounds but accepted")
            });
            let issue = err
                .issues()
                .iter()
                .find(|i| i.key() == key)
                .unwrap_or_else(|| panic!("{key} = {bad}: no issue about the key: {err}"));
            assert_eq!(issue.source(), Some(&ConfigSource::Explicit), "{issue}");
            let text = issue.to_string();
            assert!(text.contains(&format!("(found {bad})")), "{text}");
            assert!(text.contains(&max.to_string()), "names the bound: {text}");
            assert!(text.contains("Use "), "says how to fix: {text}");
        }
    }
}

#[test]
fn out_of_bounds_values_name_their_source() {
    let schema = okta_yaml_schema();
    for (key, _, max) in bounded_keys(&schema) {
        let var = environment_variables()
            .find(|(_, k)| *k == key)
            .map(|(v, _)| v)
            .unwrap();
        let leaf = key.rsplit('.').next().unwrap();
        let mut sandbox = Sandbox::new();
        // The file holds the setting's section; the environment the value.
        sandbox.write_home(
            "okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    token: t\n    proxy:\n      host: p\n",
        );
        sandbox.set_env(var, &(max + 1).to_string());
        let err = sandbox.loader().load().unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains(&format!("environment variable {var} ({key}): {leaf}"))
                || text.contains(&format!("environment variable {var} ({key}): proxy.{leaf}"))
                || text.contains(&format!(
                    "environment variable {var} ({key}): rateLimit.{leaf}"
                ))
                || text.contains(&format!("environment variable {var} ({key}): cache.{leaf}")),
            "{text}"
        );

        let sandbox = Sandbox::new();
        let yaml = serde_json::to_string(&config_with(key, json!(max + 1))).unwrap();
        // JSON is YAML.
        sandbox.write_cwd(&yaml);
        let err = sandbox.loader().load().unwrap_err();
        assert!(
            err.to_string()
                .contains(&format!("{}: {key}: ", sandbox.cwd_file().display())),
            "{err}"
        );
    }
}

#[test]
fn absurd_numbers_are_rejected_not_wrapped() {
    let schema = okta_yaml_schema();
    for (key, _, _) in bounded_keys(&schema) {
        for absurd in [
            json!(u64::MAX),
            json!(i64::MIN),
            json!(1e300),
            json!(-1e300),
            json!(4_294_967_296u64),
            json!("340282366920938463463374607431768211456"),
            json!("-99999999999999999999999999999999999999999"),
        ] {
            let err = load_explicit(key, absurd.clone())
                .err()
                .unwrap_or_else(|| panic!("{key} = {absurd} accepted"));
            assert!(
                err.issues().iter().any(|i| i.key() == key),
                "{key} = {absurd}: {err}"
            );
        }
    }
}

#[test]
fn defaults_agree_everywhere() {
    let schema = okta_yaml_schema();
    let url = url::Url::parse("https://dev-1.okta.com").unwrap();
    // SSWS needs a token; with one, everything else is a default.
    let loaded = ConfigLoader::isolated()
        .explicit_json(json!({"orgUrl": url.as_str(), "token": "t"}))
        .load_with_provenance()
        .unwrap();

    // The loader's defaults are OktaConfig::for_org's.
    let mut expected = OktaConfig::for_org(url.clone());
    expected.token = Some("t".into());
    assert_eq!(loaded.config(), &expected);

    // The schema's defaults are the loader's, and every default the loader
    // applies is in the schema.
    let effective = flatten(loaded.config());
    let mut with_default = 0;
    for key in keys() {
        let node = lookup(&schema, key).unwrap();
        let from_default = loaded
            .provenance()
            .source_of(key)
            .is_some_and(|s| *s == ConfigSource::Default);
        match node.get("default") {
            Some(default) => {
                with_default += 1;
                assert!(
                    from_default,
                    "{key}: schema has a default the loader does not apply"
                );
                assert_eq!(&effective[key], default, "{key}");
                let shown = loaded.provenance().get(key).unwrap().value().to_owned();
                let default_text = match default {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                assert_eq!(shown, default_text, "{key}");
            }
            None => assert!(
                !from_default,
                "{key}: loader default missing from the schema"
            ),
        }
    }
    assert_eq!(with_default, 10);

    // The public constants are the same values.
    let c = loaded.config();
    assert_eq!(c.authorization_mode, defaults::AUTHORIZATION_MODE);
    assert_eq!(c.connection_timeout, defaults::CONNECTION_TIMEOUT);
    assert_eq!(c.request_timeout, defaults::REQUEST_TIMEOUT);
    assert_eq!(c.max_retries, defaults::MAX_RETRIES);
    assert_eq!(c.rate_limit_max_capacity, None, "pacing is opt-in");
    assert_eq!(c.cache.enabled, defaults::CACHE_ENABLED);
    assert_eq!(c.cache.default_ttl, defaults::CACHE_DEFAULT_TTL);
    assert_eq!(c.cache.default_tti, defaults::CACHE_DEFAULT_TTI);
    assert_eq!(
        c.oauth_token_renewal_offset,
        defaults::OAUTH_TOKEN_RENEWAL_OFFSET
    );
    assert_eq!(c.dpop_enabled, defaults::DPOP_ENABLED);
    assert_eq!(c.disable_https_check, defaults::DISABLE_HTTPS_CHECK);
    assert_eq!(c.cache, okta_config::CacheConfig::default());
}

#[test]
fn limits_are_the_schema_maximums() {
    let schema = okta_yaml_schema();
    let max = |key: &str| lookup(&schema, key).unwrap()["maximum"].as_u64().unwrap();
    assert_eq!(
        limits::MAX_CONNECTION_TIMEOUT.as_secs(),
        max("okta.client.connectionTimeout")
    );
    assert_eq!(
        limits::MAX_REQUEST_TIMEOUT.as_secs(),
        max("okta.client.requestTimeout")
    );
    assert_eq!(
        u64::from(limits::MAX_RETRIES),
        max("okta.client.rateLimit.maxRetries")
    );
    assert_eq!(
        u64::from(limits::MAX_CAPACITY_PERCENT),
        max("okta.client.rateLimit.maxCapacity")
    );
    assert_eq!(
        limits::MAX_CACHE_LIFETIME.as_secs(),
        max("okta.client.cache.defaultTtl")
    );
    assert_eq!(
        limits::MAX_CACHE_LIFETIME.as_secs(),
        max("okta.client.cache.defaultTti")
    );
    assert_eq!(
        limits::MAX_OAUTH_TOKEN_RENEWAL_OFFSET.as_secs(),
        max("okta.client.oauthTokenRenewalOffset") * 60
    );
    // A day is the sane bound of the issue.
    assert_eq!(limits::MAX_REQUEST_TIMEOUT.as_secs(), 86_400);
}

#[test]
fn checked_in_schema_file_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("okta.yaml.schema.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let on_disk: Value = serde_json::from_str(&text).unwrap();
    assert!(
        on_disk == okta_yaml_schema(),
        "{} is out of date: run `cargo xtask config-schema`",
        path.display()
    );
}
