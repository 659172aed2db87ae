//! The child processes: this binary re-run as `rss` (one listing, peak RSS)
//! or `startup` (time to a usable client), each measurement in a fresh process.

use std::process::Command;
use std::time::Instant;

use crate::loops::{self, Clients, Loop};
use crate::measure;
use crate::mock;

/// Runs this binary with `args`; its one line of output.
pub(crate) fn child(args: &[&str]) -> Result<String, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let dir = std::env::temp_dir().join(format!("okta-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let output = Command::new(exe)
        .args(args)
        // No okta.yaml of the user's or of the working directory.
        .env("HOME", &dir)
        .current_dir(&dir)
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!(
            "`okta-bench {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// The number after `name=` in `line`.
pub(crate) fn field(line: &str, name: &str) -> Result<f64, String> {
    line.split_whitespace()
        .find_map(|w| w.strip_prefix(name)?.strip_prefix('='))
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("no `{name}=` in `{line}`"))
}

/// Child `rss <base> <loop>`: lists every user once; prints users seen and peak RSS.
pub fn rss_child(base: &str, which: &str) -> Result<String, String> {
    let which = Loop::parse(which).ok_or_else(|| format!("no loop `{which}`"))?;
    let runtime = loops::client_runtime()?;
    let clients = Clients::new(base, None)?;
    let outcome = runtime.block_on(loops::list(&clients, which, mock::PAGE_SIZE as u32));
    Ok(format!("ok={} kib={}", outcome.ok, measure::peak_rss_kib()))
}

/// Child `startup sdk|raw`: the time to a usable client in a fresh process.
pub fn startup_child(what: &str) -> Result<String, String> {
    let start = Instant::now();
    match what {
        "sdk" => {
            std::env::set_var("OKTA_CLIENT_ORGURL", "http://127.0.0.1:9");
            std::env::set_var("OKTA_CLIENT_TOKEN", loops::TOKEN);
            std::env::set_var("OKTA_TESTING_DISABLE_HTTPS_CHECK", "true");
            let start = Instant::now();
            let config = okta_config::OktaConfig::load().map_err(|e| e.to_string())?;
            let loaded = start.elapsed();
            let client = okta::Client::from_config(config).map_err(|e| e.to_string())?;
            let elapsed = start.elapsed();
            std::hint::black_box(client);
            return Ok(format!(
                "us={} config_us={}",
                elapsed.as_micros(),
                loaded.as_micros()
            ));
        }
        "raw" => {
            std::hint::black_box(reqwest::Client::new());
        }
        other => return Err(format!("no start-up `{other}`")),
    }
    Ok(format!("us={}", start.elapsed().as_micros()))
}
