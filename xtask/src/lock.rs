//! The pin of the upstream spec: `spec/okta-openapi.lock` (canonical JSON, sorted keys).
//!
//! Two source kinds:
//!
//! - `github`: one file of a GitHub repository at a full commit id,
//!   `{"source": "github", "repository", "commit", "path", "version", "integrity"}`;
//!   `integrity` is the sha512 of that file's bytes.
//! - `npm`: `{"source": "npm", "package", "version", "integrity"}`; `integrity` is the sha512
//!   of the package tarball (npm's own `integrity`). A lock without `source` (the shape
//!   before there were two kinds) reads as npm.
//!
//! Every field is checked when the lock is read, so a lock cannot smuggle a path segment,
//! a URL or a non-sha512 integrity into the fetch.

use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};
use base64::Engine;
use serde_json::{json, Map, Value};

/// The repository of Okta's published OpenAPI 3 specs.
pub const DEFAULT_REPOSITORY: &str = "okta/okta-management-openapi-spec";
/// The npm package of the frozen 2.x spec.
pub const DEFAULT_PACKAGE: &str = "@okta/openapi";

/// A pinned file of a GitHub repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GithubLock {
    /// `owner/name`.
    pub repository: String,
    /// A full (40 hex digit) commit id.
    pub commit: String,
    /// The file's path inside the repository, `/`-separated, relative.
    pub path: String,
    /// The spec release it is (for people and the report).
    pub version: String,
    /// `sha512-<base64>` of the file's bytes.
    pub integrity: String,
}

/// A pinned npm package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NpmLock {
    pub package: String,
    pub version: String,
    /// `sha512-<base64>` of the package tarball.
    pub integrity: String,
}

/// `spec/okta-openapi.lock`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lock {
    Github(GithubLock),
    Npm(NpmLock),
}

impl Lock {
    /// Reads the lock; `Ok(None)` when the file does not exist.
    pub fn read(path: &Path) -> Result<Option<Lock>> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        Lock::parse(&text)
            .map(Some)
            .with_context(|| format!("parsing {}", path.display()))
    }

    /// Parses and checks the lock's JSON.
    pub fn parse(text: &str) -> Result<Lock> {
        let v: Value = serde_json::from_str(text).context("not JSON")?;
        let obj = v
            .as_object()
            .ok_or_else(|| anyhow!("the lock is not a JSON object"))?;
        let field = |k: &str| -> Result<String> {
            obj.get(k)
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| anyhow!("missing string field `{k}`"))
        };
        let source = match obj.get("source") {
            None => "npm".to_string(),
            Some(_) => field("source")?,
        };
        let allowed: &[&str] = match source.as_str() {
            "github" => &[
                "source",
                "repository",
                "commit",
                "path",
                "version",
                "integrity",
            ],
            "npm" => &["source", "package", "version", "integrity"],
            other => bail!("unknown source {other:?} (expected \"github\" or \"npm\")"),
        };
        if let Some(k) = obj.keys().find(|k| !allowed.contains(&k.as_str())) {
            bail!("unexpected field `{k}` in a {source} lock");
        }
        let lock = match source.as_str() {
            "github" => Lock::Github(GithubLock {
                repository: field("repository")?,
                commit: field("commit")?,
                path: field("path")?,
                version: field("version")?,
                integrity: field("integrity")?,
            }),
            _ => Lock::Npm(NpmLock {
                package: field("package")?,
                version: field("version")?,
                integrity: field("integrity")?,
            }),
        };
        lock.validate()?;
        Ok(lock)
    }

    /// Checks every field's shape.
    pub fn validate(&self) -> Result<()> {
        match self {
            Lock::Github(g) => {
                check_repository(&g.repository)?;
                check_commit(&g.commit)?;
                check_repo_path(&g.path)?;
                check_version(&g.version)?;
                check_integrity(&g.integrity)
            }
            Lock::Npm(n) => {
                if n.package.is_empty() || n.package.chars().any(char::is_whitespace) {
                    bail!("bad npm package name {:?}", n.package);
                }
                check_version(&n.version)?;
                check_integrity(&n.integrity)
            }
        }
    }

    /// The lock file's bytes (canonical JSON, sorted keys, with `source`).
    pub fn to_file_contents(&self) -> String {
        let mut m = Map::new();
        match self {
            Lock::Github(g) => {
                m.insert("source".into(), json!("github"));
                m.insert("repository".into(), json!(g.repository));
                m.insert("commit".into(), json!(g.commit));
                m.insert("path".into(), json!(g.path));
                m.insert("version".into(), json!(g.version));
                m.insert("integrity".into(), json!(g.integrity));
            }
            Lock::Npm(n) => {
                m.insert("source".into(), json!("npm"));
                m.insert("package".into(), json!(n.package));
                m.insert("version".into(), json!(n.version));
                m.insert("integrity".into(), json!(n.integrity));
            }
        }
        crate::json::to_canonical_pretty(&Value::Object(m))
    }

    /// `"github"` or `"npm"`.
    pub fn kind(&self) -> &'static str {
        match self {
            Lock::Github(_) => "github",
            Lock::Npm(_) => "npm",
        }
    }

    pub fn version(&self) -> &str {
        match self {
            Lock::Github(g) => &g.version,
            Lock::Npm(n) => &n.version,
        }
    }

    /// The pinned sha512 (of the file for github, of the tarball for npm).
    pub fn integrity(&self) -> &str {
        match self {
            Lock::Github(g) => &g.integrity,
            Lock::Npm(n) => &n.integrity,
        }
    }
}

impl GithubLock {
    /// `https://raw.githubusercontent.com/{repository}/{commit}/{path}` with another base.
    pub fn url(&self, base: &str) -> String {
        raw_url(base, &self.repository, &self.commit, &self.path)
    }
}

/// `{base}/{repository}/{commit}/{path}` (base without a trailing `/`).
pub fn raw_url(base: &str, repository: &str, commit: &str, path: &str) -> String {
    format!(
        "{}/{repository}/{commit}/{path}",
        base.trim_end_matches('/')
    )
}

/// `owner/name`, GitHub's characters only.
pub fn check_repository(r: &str) -> Result<()> {
    let ok_part = |p: &str| {
        !p.is_empty()
            && p != "."
            && p != ".."
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    match r.split_once('/') {
        Some((owner, name)) if ok_part(owner) && ok_part(name) => Ok(()),
        _ => bail!("bad repository {r:?} (expected owner/name)"),
    }
}

/// A full commit id: 40 lower-case hex digits (a branch or tag could move).
pub fn check_commit(c: &str) -> Result<()> {
    if c.len() == 40 && c.chars().all(|ch| matches!(ch, '0'..='9' | 'a'..='f')) {
        Ok(())
    } else {
        bail!("bad commit {c:?} (expected a full 40-digit lower-case hex commit id)")
    }
}

/// A relative `/`-separated path with plain segments (no `.`/`..`, no `?`, `#`, `%`, `\`).
pub fn check_repo_path(p: &str) -> Result<()> {
    let ok_segment = |s: &str| {
        !s.is_empty()
            && s != "."
            && s != ".."
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '+' | '@'))
    };
    if p.split('/').all(ok_segment) {
        Ok(())
    } else {
        bail!("bad path {p:?} (expected a relative path of plain segments, e.g. dist/2026.06.3/management-minimal.yaml)")
    }
}

fn check_version(v: &str) -> Result<()> {
    if !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '+'))
    {
        Ok(())
    } else {
        bail!("bad version {v:?}")
    }
}

/// `sha512-` followed by the standard base64 of 64 bytes.
pub fn check_integrity(i: &str) -> Result<()> {
    let ok = i
        .strip_prefix("sha512-")
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .is_some_and(|d| d.len() == 64);
    if ok {
        Ok(())
    } else {
        bail!("bad integrity {i:?} (expected sha512-<base64 of 64 bytes>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INTEGRITY: &str = "sha512-knLvEZOhnIE2ckA80fmjCJbzChVWV0mBYKB6TDQSYU+F3aARrMGVaTk6oEKyJIEwAXbJ0HF6od+wVlf/HE6I3g==";

    #[test]
    fn rejects_bad_fields() {
        let good = GithubLock {
            repository: DEFAULT_REPOSITORY.into(),
            commit: "fdda229e82940cf5af4611ad673ca6a27974e31b".into(),
            path: "dist/2026.06.3/management-minimal.yaml".into(),
            version: "2026.06.3".into(),
            integrity: INTEGRITY.into(),
        };
        assert!(Lock::Github(good.clone()).validate().is_ok());
        let bad = |f: &dyn Fn(&mut GithubLock)| {
            let mut l = good.clone();
            f(&mut l);
            Lock::Github(l).validate().is_err()
        };
        assert!(bad(&|l| l.repository = "okta".into()));
        assert!(bad(&|l| l.repository = "../x".into()));
        assert!(bad(&|l| l.commit = "main".into()));
        assert!(bad(
            &|l| l.commit = "FDDA229E82940CF5AF4611AD673CA6A27974E31B".into()
        ));
        assert!(bad(&|l| l.path = "/etc/passwd".into()));
        assert!(bad(&|l| l.path = "dist/../x.yaml".into()));
        assert!(bad(&|l| l.path = "dist/x.yaml?raw=1".into()));
        assert!(bad(&|l| l.integrity = "sha256-abc".into()));
        assert!(bad(&|l| l.integrity = "sha512-AAAA".into()));
    }

    #[test]
    fn rejects_unknown_source_and_fields() {
        let e = Lock::parse(r#"{"source": "git", "version": "1"}"#).unwrap_err();
        assert!(e.to_string().contains("unknown source"), "{e}");
        let text = format!(
            r#"{{"package": "@okta/openapi", "version": "2.15.0", "integrity": "{INTEGRITY}", "commit": "x"}}"#
        );
        let e = Lock::parse(&text).unwrap_err();
        assert!(e.to_string().contains("unexpected field `commit`"), "{e}");
    }

    #[test]
    fn url_of_pin() {
        let l = GithubLock {
            repository: "o/r".into(),
            commit: "c".into(),
            path: "a/b.yaml".into(),
            version: "1".into(),
            integrity: INTEGRITY.into(),
        };
        assert_eq!(
            l.url("https://raw.githubusercontent.com/"),
            "https://raw.githubusercontent.com/o/r/c/a/b.yaml"
        );
    }
}
