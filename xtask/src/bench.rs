//! `cargo xtask bench [--quick]`: runs the benchmark crate in release mode.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

/// Builds and runs `okta-bench` with `args` (its own options: `--quick`,
/// `--latency-ms N`, `--fault-every N`; it checks them), from the workspace
/// root; `Ok(false)` when it fails.
pub fn run(root: &Path, args: &[String]) -> Result<bool> {
    // The cargo running this xtask, so toolchain overrides carry over.
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(root)
        .args(["run", "--release", "--package", "okta-bench", "--"])
        .args(args)
        .status()
        .context("cannot run cargo")?;
    Ok(status.success())
}
