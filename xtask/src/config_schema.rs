//! `cargo xtask config-schema`: writes `okta-config/okta.yaml.schema.json`.

use std::path::Path;

use anyhow::{bail, Result};

/// Not wired up yet: `okta_config::okta_yaml_schema()` does not exist in okta-config.
pub fn run(_root: &Path, _check: bool) -> Result<bool> {
    bail!(
        "config-schema is not available: okta-config does not provide `okta_yaml_schema()` yet \
         (xtask will depend on okta-config once it does)"
    )
}
