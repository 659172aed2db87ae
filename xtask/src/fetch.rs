//! Getting the upstream spec through the npm client, with integrity checks against the pin
//! in `spec/okta-openapi.lock`.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{anyhow, bail, Context, Result};
use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha512};

/// Where the spec lives inside the npm package tarball.
pub const SPEC_PATH_IN_TARBALL: &str = "package/dist/spec.json";

/// The pinned upstream package (`spec/okta-openapi.lock`, JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lock {
    pub package: String,
    pub version: String,
    pub integrity: String,
}

impl Lock {
    /// Reads the lock; `Ok(None)` when the file does not exist.
    pub fn read(path: &Path) -> Result<Option<Lock>> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        let v: Value =
            serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
        let field = |k: &str| -> Result<String> {
            v.get(k)
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| anyhow!("{}: missing string field `{k}`", path.display()))
        };
        Ok(Some(Lock {
            package: field("package")?,
            version: field("version")?,
            integrity: field("integrity")?,
        }))
    }

    /// The lock file's bytes (canonical JSON).
    pub fn to_file_contents(&self) -> String {
        crate::json::to_canonical_pretty(&json!({
            "package": self.package,
            "version": self.version,
            "integrity": self.integrity,
        }))
    }
}

/// `sha512-<base64>` of `bytes`, the form npm uses for `integrity`.
pub fn sha512_integrity(bytes: &[u8]) -> String {
    let digest = Sha512::digest(bytes);
    format!(
        "sha512-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

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

/// A temporary directory removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(prefix: &str) -> Result<TempDir> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!("{prefix}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(TempDir(dir))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
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

/// A verified upstream package.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub lock: Lock,
    pub spec_bytes: Vec<u8>,
}

/// Runs `npm pack PACKAGE@VERSION --json` in a temporary directory, checks that the tarball's
/// own sha512 equals the integrity npm reports and, when `pinned` is given, the pinned
/// integrity too. Returns the verified lock and `package/dist/spec.json`.
pub fn fetch_npm(package: &str, version: &str, pinned: Option<&str>) -> Result<Fetched> {
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
    let computed = verify_tarball(&spec, &tarball, &npm_integrity, pinned)?;
    let spec_bytes = extract_file(&tarball, SPEC_PATH_IN_TARBALL)?;
    Ok(Fetched {
        lock: Lock {
            package: package.to_string(),
            version: version.to_string(),
            integrity: computed,
        },
        spec_bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrity_format() {
        // sha512("") in base64.
        assert_eq!(
            sha512_integrity(b""),
            "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg=="
        );
    }

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
    fn extracts_from_tarball_and_round_trips_lock() {
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
        let path = tmp.path().join("lock");
        assert_eq!(Lock::read(&path).unwrap(), None);
        let lock = Lock {
            package: "@okta/openapi".into(),
            version: "2.15.0".into(),
            integrity: sha512_integrity(&tgz),
        };
        std::fs::write(&path, lock.to_file_contents()).unwrap();
        assert_eq!(Lock::read(&path).unwrap(), Some(lock));
        let dir = tmp.path().to_path_buf();
        drop(tmp);
        assert!(!dir.exists());
    }
}
