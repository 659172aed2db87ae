//! Getting the pinned upstream spec (`spec/okta-openapi.lock`, see [`crate::lock`]) and
//! checking its integrity.
//!
//! - [`github`]: one file of a GitHub repository at a commit, downloaded over HTTPS.
//! - [`npm`]: an npm package tarball, through `npm pack` (the 2.x spec, `@okta/openapi`).
//!
//! [`fetch`] ties them together with the two local ways to get the same bytes: `--from FILE`
//! (a local copy) and a download cache of files named by their integrity. Whatever the bytes'
//! origin, they are hashed and compared with the pin before anything uses them; a mismatch
//! is an error naming both integrities, and nothing is written.

pub mod github;
pub mod npm;

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use base64::Engine;
use sha2::{Digest, Sha512};

use crate::lock::{GithubLock, Lock, NpmLock};

pub use npm::{extract_file, SPEC_PATH_IN_TARBALL};

/// `sha512-<base64>` of `bytes`, the form npm uses for `integrity`.
pub fn sha512_integrity(bytes: &[u8]) -> String {
    let digest = Sha512::digest(bytes);
    format!(
        "sha512-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Hashes `bytes` (which came from `origin`) and compares with `pinned`. Returns the
/// integrity. The error names both hashes.
pub fn verify_pinned(what: &str, origin: &str, bytes: &[u8], pinned: &str) -> Result<String> {
    let computed = sha512_integrity(bytes);
    if computed != pinned {
        bail!(
            "integrity mismatch for {what}: spec/okta-openapi.lock pins {pinned} but {origin} hashes to {computed}; nothing written"
        );
    }
    Ok(computed)
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

/// A directory of downloaded files, each named by its integrity (`sha512-<base64>` with
/// `/` → `_` and `+` → `-`, so the name is a plain file name). A file is re-hashed every time
/// it is read.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

/// What a cache look-up found.
#[derive(Debug)]
pub enum CacheLookup {
    /// A file whose bytes hash to the integrity asked for.
    Hit(Vec<u8>),
    /// No file of that name.
    Miss,
    /// A file of that name whose bytes hash to something else; it has been removed.
    Tampered { found: String },
}

impl Cache {
    pub fn new(dir: impl Into<PathBuf>) -> Cache {
        Cache { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file an integrity is cached in.
    pub fn path_for(&self, integrity: &str) -> Result<PathBuf> {
        crate::lock::check_integrity(integrity)?;
        Ok(self.dir.join(integrity.replace('/', "_").replace('+', "-")))
    }

    /// Looks `integrity` up, re-verifying the file. A file that does not match is removed.
    pub fn get(&self, integrity: &str) -> Result<CacheLookup> {
        let path = self.path_for(integrity)?;
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(CacheLookup::Miss),
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        let found = sha512_integrity(&bytes);
        if found == integrity {
            return Ok(CacheLookup::Hit(bytes));
        }
        std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        Ok(CacheLookup::Tampered { found })
    }

    /// Stores verified bytes under their integrity (written to a temporary name, then renamed).
    pub fn put(&self, integrity: &str, bytes: &[u8]) -> Result<PathBuf> {
        if sha512_integrity(bytes) != integrity {
            bail!("refusing to cache bytes under an integrity they do not hash to");
        }
        let path = self.path_for(integrity)?;
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("creating {}", self.dir.display()))?;
        let tmp = self.dir.join(format!(
            ".partial-{}-{}",
            std::process::id(),
            path.file_name().and_then(|n| n.to_str()).unwrap_or("file")
        ));
        std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
        std::fs::rename(&tmp, &path).with_context(|| format!("renaming to {}", path.display()))?;
        Ok(path)
    }
}

/// What to fetch: a lock with or without its integrity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wanted {
    Github {
        repository: String,
        commit: String,
        path: String,
        version: String,
    },
    Npm {
        package: String,
        version: String,
    },
}

impl Wanted {
    /// Everything of `lock` but its integrity.
    pub fn of(lock: &Lock) -> Wanted {
        match lock {
            Lock::Github(g) => Wanted::Github {
                repository: g.repository.clone(),
                commit: g.commit.clone(),
                path: g.path.clone(),
                version: g.version.clone(),
            },
            Lock::Npm(n) => Wanted::Npm {
                package: n.package.clone(),
                version: n.version.clone(),
            },
        }
    }

    /// The lock of this with `integrity` (checked).
    pub fn with_integrity(&self, integrity: &str) -> Result<Lock> {
        let lock = match self {
            Wanted::Github {
                repository,
                commit,
                path,
                version,
            } => Lock::Github(GithubLock {
                repository: repository.clone(),
                commit: commit.clone(),
                path: path.clone(),
                version: version.clone(),
                integrity: integrity.to_string(),
            }),
            Wanted::Npm { package, version } => Lock::Npm(NpmLock {
                package: package.clone(),
                version: version.clone(),
                integrity: integrity.to_string(),
            }),
        };
        lock.validate()?;
        Ok(lock)
    }

    /// For messages: `okta/…@commit:path` or `package@version`.
    pub fn describe(&self) -> String {
        match self {
            Wanted::Github {
                repository,
                commit,
                path,
                ..
            } => format!("{repository}@{commit}:{path}"),
            Wanted::Npm { package, version } => format!("{package}@{version}"),
        }
    }
}

/// How to get the bytes.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// A local copy of the pinned artifact (the file for github, the package tarball for
    /// npm), used instead of any download.
    pub from: Option<PathBuf>,
    /// The download cache; `None` for none.
    pub cache: Option<Cache>,
    /// Where github files are downloaded from (see [`github::base_url`]).
    pub github_base_url: String,
}

/// A verified upstream spec.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The pin (the given one, or a new one with the integrity of the fetched bytes).
    pub lock: Lock,
    /// The spec document's bytes.
    pub spec_bytes: Vec<u8>,
    /// Where the bytes came from, for messages.
    pub origin: String,
}

/// Gets the artifact of `wanted`, verifies it against `pinned` (when the pin does not move)
/// and returns the lock and the spec's bytes.
///
/// Order: `--from FILE` if given (no download, no cache); else the cache (a hit is
/// re-verified; a file that does not match the pin is reported, removed and downloaded
/// again); else the download (github: HTTPS; npm: `npm pack`), whose bytes must match the
/// pin before they are cached.
pub fn fetch(wanted: &Wanted, pinned: Option<&str>, opts: &FetchOptions) -> Result<Fetched> {
    // Checks every field (and the pin's form) before anything is read or downloaded.
    wanted.with_integrity(pinned.unwrap_or(EMPTY_SHA512))?;
    let what = wanted.describe();
    let (artifact, integrity, origin) = if let Some(from) = &opts.from {
        let bytes = std::fs::read(from).with_context(|| format!("reading {}", from.display()))?;
        let origin = format!("local copy {}", from.display());
        let integrity = match pinned {
            Some(p) => verify_pinned(&what, &origin, &bytes, p)?,
            None => {
                let i = sha512_integrity(&bytes);
                eprintln!(
                    "note: the new pin's integrity {i} comes from {origin}, not from a download"
                );
                i
            }
        };
        (bytes, integrity, origin)
    } else {
        let mut cached = None;
        if let (Some(cache), Some(p)) = (&opts.cache, pinned) {
            match cache.get(p)? {
                CacheLookup::Hit(bytes) => {
                    cached = Some((bytes, format!("cache {}", cache.path_for(p)?.display())))
                }
                CacheLookup::Miss => {}
                CacheLookup::Tampered { found } => eprintln!(
                    "warning: cached {} hashes to {found}, not the pinned {p}; removed it, downloading again",
                    cache.path_for(p)?.display()
                ),
            }
        }
        match cached {
            Some((bytes, origin)) => (bytes, pinned.unwrap_or_default().to_string(), origin),
            None => {
                let (bytes, origin) = download(wanted, pinned, opts)?;
                let integrity = match pinned {
                    Some(p) => verify_pinned(&what, &origin, &bytes, p)?,
                    None => sha512_integrity(&bytes),
                };
                if let Some(cache) = &opts.cache {
                    let path = cache.put(&integrity, &bytes)?;
                    eprintln!("cached {}", path.display());
                }
                (bytes, integrity, origin)
            }
        }
    };
    let lock = wanted.with_integrity(&integrity)?;
    let spec_bytes = match &lock {
        Lock::Github(_) => artifact,
        Lock::Npm(_) => extract_file(&artifact, SPEC_PATH_IN_TARBALL)?,
    };
    Ok(Fetched {
        lock,
        spec_bytes,
        origin,
    })
}

fn download(
    wanted: &Wanted,
    pinned: Option<&str>,
    opts: &FetchOptions,
) -> Result<(Vec<u8>, String)> {
    match wanted {
        Wanted::Github {
            repository,
            commit,
            path,
            ..
        } => {
            let url = crate::lock::raw_url(&opts.github_base_url, repository, commit, path);
            eprintln!("downloading {url} …");
            let bytes = github::download(&url, github::MAX_BYTES, github::TIMEOUT)?;
            Ok((bytes, url))
        }
        Wanted::Npm { package, version } => {
            eprintln!("npm pack {package}@{version} …");
            let tarball = npm::pack(package, version, pinned)?;
            Ok((tarball, format!("the npm tarball of {package}@{version}")))
        }
    }
}

/// sha512 of no bytes: a well-formed integrity to check a lock's other fields with.
const EMPTY_SHA512: &str = "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrity_format() {
        // sha512("") in base64.
        assert_eq!(sha512_integrity(b""), EMPTY_SHA512);
    }

    #[test]
    fn verify_pinned_names_both() {
        let good = sha512_integrity(b"spec");
        assert_eq!(verify_pinned("x", "here", b"spec", &good).unwrap(), good);
        let e = verify_pinned("x", "here", b"other", &good)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(&good) && e.contains(&sha512_integrity(b"other")),
            "{e}"
        );
        assert!(e.contains("here hashes to"), "{e}");
    }

    #[test]
    fn cache_names_files_by_integrity_and_reverifies() {
        let tmp = TempDir::new("okta-xtask-cache").unwrap();
        let cache = Cache::new(tmp.path().join("c"));
        let i = sha512_integrity(b"bytes");
        assert!(matches!(cache.get(&i).unwrap(), CacheLookup::Miss));
        let path = cache.put(&i, b"bytes").unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(name.starts_with("sha512-") && !name.contains('/') && !name.contains('+'));
        assert!(matches!(cache.get(&i).unwrap(), CacheLookup::Hit(b) if b == b"bytes"));
        assert!(cache.put(&i, b"not those").is_err());
        std::fs::write(&path, b"tampered").unwrap();
        match cache.get(&i).unwrap() {
            CacheLookup::Tampered { found } => assert_eq!(found, sha512_integrity(b"tampered")),
            other => panic!("{other:?}"),
        }
        assert!(!path.exists());
        assert!(cache.path_for("sha512-../../etc").is_err());
    }
}
