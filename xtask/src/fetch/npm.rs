//! The npm source: `npm pack PACKAGE@VERSION` (the frozen 2.x spec, `@okta/openapi`), with
//! the tarball checked against npm's reported integrity and the pin.

use std::io::Read;
use std::path::Path;
use std::process::Command;

use anyhow::{anyhow, bail, Context, Result};
use serde_json::Value;

use super::{sha512_integrity, TempDir};

/// Where the spec lives inside the npm package tarball.
pub const SPEC_PATH_IN_TARBALL: &str = "package/dist/spec.json";

/// Reads one file out of a gzipped tarball.
pub fn extract_file(tgz: &[u8], wanted: &str) -> Result<Vec<u8>> {
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(tgz));
    for entry in archive.entries().context("reading tarball")? {
        let mut entry = entry.context("reading tarball entry")?;
        let path = entry.path().context("tarball entry path")?.into_owned();
        if path == Path::new(wanted) {
            let mut out = Vec::new();
            entry
                .read_to_end(&mut out)
                .with_context(|| format!("reading {wanted} from tarball"))?;
            return Ok(out);
        }
    }
    bail!("{wanted} not found in the package tarball")
}

/// Hashes the tarball and checks it against the integrity npm reported and, when given,
/// the pinned one. Returns the tarball's integrity.
pub fn verify_tarball(
    what: &str,
    tarball: &[u8],
    npm_integrity: &str,
    pinned: Option<&str>,
) -> Result<String> {
    let computed = sha512_integrity(tarball);
    if computed != npm_integrity {
        bail!(
            "integrity mismatch for {what}: npm reports {npm_integrity} but the tarball hashes to {computed}; nothing written"
        );
    }
    if let Some(pinned) = pinned {
        if computed != pinned {
            bail!(
                "integrity mismatch for {what}: spec/okta-openapi.lock pins {pinned} but the tarball hashes to {computed}; nothing written (use --version to move the pin)"
            );
        }
    }
    Ok(computed)
}

/// Runs `npm pack PACKAGE@VERSION --json` in a temporary directory, checks that the tarball's
/// own sha512 equals the integrity npm reports and, when `pinned` is given, the pinned
/// integrity too. Returns the verified tarball.
pub fn pack(package: &str, version: &str, pinned: Option<&str>) -> Result<Vec<u8>> {
    let tmp = TempDir::new("okta-xtask-npm")?;
    let spec = format!("{package}@{version}");
    let output = Command::new("npm")
        .args(["pack", &spec, "--json", "--ignore-scripts"])
        .current_dir(tmp.path())
        .env("npm_config_update_notifier", "false")
        .env("npm_config_fund", "false")
        .env("npm_config_audit", "false")
        .output()
        .context("running `npm pack` (is npm installed and on PATH?)")?;
    if !output.status.success() {
        bail!(
            "`npm pack {spec} --json` failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let start = stdout
        .find('[')
        .ok_or_else(|| anyhow!("`npm pack --json` printed no JSON:\n{stdout}"))?;
    let report: Value = serde_json::from_str(&stdout[start..])
        .with_context(|| format!("parsing `npm pack --json` output:\n{stdout}"))?;
    let entry = report
        .get(0)
        .ok_or_else(|| anyhow!("`npm pack --json` reported no package"))?;
    let npm_integrity = entry
        .get("integrity")
        .and_then(Value::as_str)
        .ok_or_else(|| anyhow!("`npm pack --json` reported no integrity"))?
        .to_string();
    let npm_version = entry
        .get("version")
        .and_then(Value::as_str)
        .unwrap_or(version)
        .to_string();
    if npm_version != version {
        bail!("asked npm for {spec} but it packed version {npm_version}");
    }
    let filename = entry
        .get("filename")
        .and_then(Value::as_str)
        .ok_or_else(|| anyhow!("`npm pack --json` reported no filename"))?;
    let tarball_path = tmp.path().join(
        Path::new(filename)
            .file_name()
            .ok_or_else(|| anyhow!("bad tarball file name {filename}"))?,
    );
    let tarball = std::fs::read(&tarball_path)
        .with_context(|| format!("reading {}", tarball_path.display()))?;
    verify_tarball(&spec, &tarball, &npm_integrity, pinned)?;
    Ok(tarball)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifies_against_npm_and_pin() {
        let good = sha512_integrity(b"tarball");
        assert_eq!(
            verify_tarball("p", b"tarball", &good, Some(&good)).unwrap(),
            good
        );
        assert_eq!(verify_tarball("p", b"tarball", &good, None).unwrap(), good);
        let e = verify_tarball("p", b"tarball", &good, Some("sha512-other")).unwrap_err();
        assert!(e.to_string().contains("pins sha512-other"), "{e}");
        let e = verify_tarball("p", b"tampered", &good, None).unwrap_err();
        assert!(e.to_string().contains("npm reports"), "{e}");
    }

    #[test]
    fn extracts_from_tarball_and_cleans_temp_dir() {
        let mut builder = tar::Builder::new(Vec::new());
        let data = br#"{"swagger": "2.0"}"#;
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder
            .append_data(&mut header, SPEC_PATH_IN_TARBALL, &data[..])
            .unwrap();
        let tar_bytes = builder.into_inner().unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, &tar_bytes).unwrap();
        let tgz = gz.finish().unwrap();
        assert_eq!(extract_file(&tgz, SPEC_PATH_IN_TARBALL).unwrap(), data);
        assert!(extract_file(&tgz, "package/missing.json").is_err());

        let tmp = TempDir::new("okta-xtask-test").unwrap();
        let dir = tmp.path().to_path_buf();
        assert!(dir.exists());
        drop(tmp);
        assert!(!dir.exists());
    }
}
