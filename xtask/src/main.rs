//! `cargo xtask <command>`: repository tasks.
//!
//! - `codegen`: get the upstream spec pinned in `spec/okta-openapi.lock`, verify its sha512,
//!   convert and normalize it, and write `spec/okta-management.json` and `spec/REPORT.md`.
//!   The pin is either one file of a GitHub repository at a commit (`"source": "github"`,
//!   downloaded from `raw.githubusercontent.com` over HTTPS) or an npm package
//!   (`"source": "npm"`, or no `source`: `npm pack`). The bytes come from `--from FILE` (a
//!   local copy), else the download cache (`--cache DIR`, default `target/spec-cache/`, files
//!   named by integrity, re-verified on every use), else the download; whatever their
//!   origin they must match the pin, or nothing is written. `--source github --commit C
//!   --path P [--repository R] --version V` or `--source npm --version X` moves the pin (the
//!   lock is written after the whole run succeeded); `--spec FILE` reads any local file
//!   without a lock. `--check` regenerates in memory and fails when `spec/` differs.
//! - `config-schema [--check]`: write `okta-config/okta.yaml.schema.json`.
//! - `bench [--quick] [--latency-ms N] [--fault-every N]`: build and run the side-by-side
//!   benchmark (`bench/`, package `okta-bench`) in release mode; it prints the tables
//!   `BENCHMARKS.md` records.

mod bench;
mod config_schema;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use xtask::fetch::{self, Cache, FetchOptions, Wanted};
use xtask::lock::{Lock, DEFAULT_PACKAGE, DEFAULT_REPOSITORY};
use xtask::{history, run_pipeline_with_history, SpecSource};

const LOCK_FILE: &str = "okta-openapi.lock";
const SPEC_FILE: &str = "okta-management.json";
const REPORT_FILE: &str = "REPORT.md";

const USAGE: &str = "usage:
  cargo xtask codegen [--check] [--from FILE] [--cache DIR] [--out DIR]
                      [--source github --commit C --path P [--repository R] --version V]
                      [--source npm --version X]
  cargo xtask codegen --spec FILE [--check] [--out DIR]
      (no flags)     generate from the pin in spec/okta-openapi.lock
      --check        regenerate in memory and fail if spec/ differs (the pin may not move)
      --from FILE    use a local copy of the pinned file (npm: of the package tarball);
                     its sha512 must match the pin
      --cache DIR    download cache, files named by integrity (default: target/spec-cache/)
      --out DIR      read the lock from and write to DIR instead of spec/
      --source github --commit C --path P [--repository R] --version V
                     move the pin to file P of GitHub repository R (default
                     okta/okta-management-openapi-spec) at full commit id C
      --source npm --version X
                     move the pin to the npm package @okta/openapi@X (needs npm)
      --spec FILE    use any local Swagger 2.0 / OpenAPI 3.0.x file (JSON or YAML); no lock
      env OKTA_RS_SPEC_BASE_URL replaces https://raw.githubusercontent.com (https, or http
      to a loopback host only)
  cargo xtask config-schema [--check]
      write okta-config/okta.yaml.schema.json from okta_config::okta_yaml_schema()
  cargo xtask bench [--quick] [--latency-ms N] [--fault-every N]
      cargo run --release -p okta-bench -- [OPTIONS]: the side-by-side benchmark
      (BENCHMARKS.md); --quick is a smoke run of a few seconds, --latency-ms and
      --fault-every make the mock slow or failing";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SourceKind {
    Github,
    Npm,
}

#[derive(Debug, Default)]
struct CodegenArgs {
    check: bool,
    out: Option<PathBuf>,
    spec: Option<PathBuf>,
    from: Option<PathBuf>,
    cache: Option<PathBuf>,
    source: Option<SourceKind>,
    version: Option<String>,
    commit: Option<String>,
    path: Option<String>,
    repository: Option<String>,
}

impl CodegenArgs {
    /// Whether any flag asks to move the pin.
    fn moves_pin(&self) -> bool {
        self.source.is_some()
            || self.version.is_some()
            || self.commit.is_some()
            || self.path.is_some()
            || self.repository.is_some()
    }
}

fn parse_codegen(args: &[String]) -> Result<CodegenArgs> {
    let mut out = CodegenArgs::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--check" {
            out.check = true;
            continue;
        }
        let (name, inline) = match a.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        const VALUED: [&str; 9] = [
            "--out",
            "--spec",
            "--from",
            "--cache",
            "--source",
            "--version",
            "--commit",
            "--path",
            "--repository",
        ];
        if !VALUED.contains(&name) {
            bail!("unknown argument {a:?}\n{USAGE}");
        }
        let value = match inline {
            Some(v) => v,
            None => it
                .next()
                .cloned()
                .with_context(|| format!("{name} needs a value\n{USAGE}"))?,
        };
        if value.is_empty() {
            bail!("{name} needs a non-empty value");
        }
        match name {
            "--out" => out.out = Some(PathBuf::from(value)),
            "--spec" => out.spec = Some(PathBuf::from(value)),
            "--from" => out.from = Some(PathBuf::from(value)),
            "--cache" => out.cache = Some(PathBuf::from(value)),
            "--source" => {
                out.source = Some(match value.as_str() {
                    "github" => SourceKind::Github,
                    "npm" => SourceKind::Npm,
                    other => bail!("--source {other:?}: expected github or npm"),
                })
            }
            "--version" => out.version = Some(value),
            "--commit" => out.commit = Some(value),
            "--path" => out.path = Some(value),
            _ => out.repository = Some(value),
        }
    }
    if out.spec.is_some() {
        if out.moves_pin() {
            bail!("--spec cannot be combined with --source/--version/--commit/--path/--repository (a local file has no lock)");
        }
        if out.from.is_some() || out.cache.is_some() {
            bail!("--spec cannot be combined with --from or --cache (use --from for a local copy of the pinned file)");
        }
    }
    if (out.commit.is_some() || out.path.is_some() || out.repository.is_some())
        && out.source != Some(SourceKind::Github)
    {
        bail!("--commit, --path and --repository move a github pin: add --source github");
    }
    Ok(out)
}

/// What to fetch and, when the pin does not move, the pinned integrity.
fn resolve_pin(
    lock: Option<&Lock>,
    args: &CodegenArgs,
    lock_path: &Path,
) -> Result<(Wanted, Option<String>)> {
    if !args.moves_pin() {
        let Some(lock) = lock else {
            bail!(
                "{} does not exist; pin a spec first with `cargo xtask codegen --source github --commit C --path P --version V`",
                lock_path.display()
            );
        };
        return Ok((Wanted::of(lock), Some(lock.integrity().to_string())));
    }
    let kind = match (args.source, lock) {
        (Some(k), _) => k,
        (None, Some(Lock::Npm(_))) | (None, None) => SourceKind::Npm,
        (None, Some(Lock::Github(_))) => bail!(
            "the pin is a github file: move it with --source github --commit C --path P --version V"
        ),
    };
    let version = args
        .version
        .clone()
        .context("moving the pin needs --version")?;
    let wanted = match kind {
        SourceKind::Github => {
            let (Some(commit), Some(path)) = (args.commit.clone(), args.path.clone()) else {
                bail!(
                    "--source github needs --commit C (a full commit id), --path P and --version V"
                );
            };
            let repository = args.repository.clone().unwrap_or_else(|| match lock {
                Some(Lock::Github(g)) => g.repository.clone(),
                _ => DEFAULT_REPOSITORY.to_string(),
            });
            Wanted::Github {
                repository,
                commit,
                path,
                version,
            }
        }
        SourceKind::Npm => Wanted::Npm {
            package: match lock {
                Some(Lock::Npm(n)) => n.package.clone(),
                _ => DEFAULT_PACKAGE.to_string(),
            },
            version,
        },
    };
    // Asking for exactly the pinned thing keeps (and verifies) the pin.
    let pinned = lock
        .filter(|l| Wanted::of(l) == wanted)
        .map(|l| l.integrity().to_string());
    Ok((wanted, pinned))
}

/// Compares `expected` with the file at `path`; returns a message when they differ.
fn differs(path: &Path, expected: &str) -> Option<String> {
    match std::fs::read_to_string(path) {
        Ok(actual) if actual == expected => None,
        Ok(_) => Some(format!("{} is out of date", path.display())),
        Err(e) => Some(format!("{} cannot be read: {e}", path.display())),
    }
}

fn codegen(args: CodegenArgs) -> Result<bool> {
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| workspace_root().join("spec"));
    let lock_path = out_dir.join(LOCK_FILE);

    let (bytes, source, new_lock) = if let Some(path) = &args.spec {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let integrity = fetch::sha512_integrity(&bytes);
        let source = SpecSource::File {
            path: path.display().to_string(),
            integrity,
        };
        (bytes, source, None)
    } else {
        let lock = Lock::read(&lock_path)?;
        let (wanted, pinned) = resolve_pin(lock.as_ref(), &args, &lock_path)?;
        if args.check && pinned.is_none() {
            bail!(
                "--check verifies the pin in {}; {} would move it",
                lock_path.display(),
                wanted.describe()
            );
        }
        let opts = FetchOptions {
            from: args.from.clone(),
            cache: Some(Cache::new(args.cache.clone().unwrap_or_else(|| {
                workspace_root().join("target").join("spec-cache")
            }))),
            github_base_url: fetch::github::base_url(),
        };
        let fetched = fetch::fetch(&wanted, pinned.as_deref(), &opts)?;
        eprintln!("verified {} ({})", fetched.lock.integrity(), fetched.origin);
        let source = SpecSource::from(fetched.lock.clone());
        // The lock is rewritten only when the pin moves.
        let new_lock = pinned.is_none().then_some(fetched.lock);
        (fetched.spec_bytes, source, new_lock)
    };

    let root = workspace_root();
    let previous = history::read_dir(&root.join("spec").join("history"))?;
    let generated = run_pipeline_with_history(&bytes, &source, &previous)?;
    let s = &generated.summary;
    eprintln!(
        "operations: {} path+method in, {} kept, {} removed; {} logical in, {} hand-written; {} progenitor findings",
        s.ops_in,
        s.ops_out,
        s.removed_path_methods,
        s.logical_in,
        s.handwritten.len(),
        s.findings.len()
    );

    let mut files = vec![
        (out_dir.join(SPEC_FILE), generated.spec_json.clone()),
        (out_dir.join(REPORT_FILE), generated.report_md.clone()),
    ];
    // MIGRATING.md belongs to the committed spec only, not to a spec written elsewhere.
    if args.out.is_none() {
        files.push((root.join("MIGRATING.md"), generated.migrating_md.clone()));
    }
    if let Some(lock) = &new_lock {
        files.push((lock_path.clone(), lock.to_file_contents()));
    }

    if args.check {
        let problems: Vec<String> = files
            .iter()
            .filter_map(|(path, expected)| differs(path, expected))
            .collect();
        if problems.is_empty() {
            eprintln!("spec/ is up to date");
            return Ok(true);
        }
        for p in &problems {
            eprintln!("error: {p}");
        }
        eprintln!("run `cargo xtask codegen` and commit the result");
        return Ok(false);
    }

    report_operation_changes(&out_dir.join(SPEC_FILE), &generated.spec_json);
    std::fs::create_dir_all(&out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    for (path, contents) in &files {
        std::fs::write(path, contents).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(true)
}

/// Prints the operations the new spec adds and removes against the one it
/// replaces, for the CHANGELOG entry of the release.
fn report_operation_changes(previous: &Path, new_json: &str) {
    let Ok(old_text) = std::fs::read_to_string(previous) else {
        return;
    };
    let (Ok(old), Ok(new)) = (
        serde_json::from_str::<serde_json::Value>(&old_text),
        serde_json::from_str::<serde_json::Value>(new_json),
    ) else {
        return;
    };
    let changes = xtask::changes::OperationChanges::between(&old, &new);
    if changes.is_empty() {
        eprintln!("operations: none added or removed");
        return;
    }
    eprintln!(
        "operations added ({}): {}",
        changes.added.len(),
        changes.added.join(", ")
    );
    eprintln!(
        "operations removed ({}): {}",
        changes.removed.len(),
        changes.removed.join(", ")
    );
    eprintln!("record them in CHANGELOG.md");
}

fn run() -> Result<bool> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => codegen(parse_codegen(&args[1..])?),
        Some("config-schema") => {
            let check = match args.get(1).map(String::as_str) {
                None => false,
                Some("--check") => true,
                Some(other) => bail!("unknown argument {other:?}\n{USAGE}"),
            };
            config_schema::run(&workspace_root(), check)
        }
        Some("bench") => bench::run(&workspace_root(), &args[1..]),
        Some("-h") | Some("--help") | Some("help") => {
            println!("{USAGE}");
            Ok(true)
        }
        Some(other) => bail!("unknown command {other:?}\n{USAGE}"),
        None => bail!("no command given\n{USAGE}"),
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &[&str]) -> Vec<String> {
        s.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn parses_codegen_args() {
        let a = parse_codegen(&args(&[
            "--source",
            "npm",
            "--version",
            "2.16.0",
            "--check",
        ]))
        .unwrap();
        assert_eq!(a.version.as_deref(), Some("2.16.0"));
        assert_eq!(a.source, Some(SourceKind::Npm));
        assert!(a.check);
        let a = parse_codegen(&args(&["--spec=x.yaml", "--out", "/tmp/o"])).unwrap();
        assert_eq!(a.spec, Some(PathBuf::from("x.yaml")));
        assert_eq!(a.out, Some(PathBuf::from("/tmp/o")));
        let a = parse_codegen(&args(&[
            "--source=github",
            "--commit",
            "c",
            "--path=dist/x.yaml",
            "--repository",
            "o/r",
            "--version",
            "1",
            "--from",
            "f.yaml",
            "--cache",
            "/tmp/c",
        ]))
        .unwrap();
        assert_eq!(a.source, Some(SourceKind::Github));
        assert_eq!(a.commit.as_deref(), Some("c"));
        assert_eq!(a.path.as_deref(), Some("dist/x.yaml"));
        assert_eq!(a.repository.as_deref(), Some("o/r"));
        assert_eq!(a.from, Some(PathBuf::from("f.yaml")));
        assert_eq!(a.cache, Some(PathBuf::from("/tmp/c")));
        assert!(parse_codegen(&args(&["--spec", "x", "--version", "1"])).is_err());
        assert!(parse_codegen(&args(&["--spec", "x", "--from", "y"])).is_err());
        assert!(parse_codegen(&args(&["--commit", "c", "--version", "1"])).is_err());
        assert!(parse_codegen(&args(&["--source", "git"])).is_err());
        assert!(parse_codegen(&args(&["--bogus"])).is_err());
        assert!(parse_codegen(&args(&["--version"])).is_err());
        assert!(parse_codegen(&args(&["--check=yes"])).is_err());
    }

    const I1: &str = "sha512-knLvEZOhnIE2ckA80fmjCJbzChVWV0mBYKB6TDQSYU+F3aARrMGVaTk6oEKyJIEwAXbJ0HF6od+wVlf/HE6I3g==";

    fn github_lock() -> Lock {
        Lock::parse(&format!(
            r#"{{"source": "github", "repository": "okta/okta-management-openapi-spec", "commit": "fdda229e82940cf5af4611ad673ca6a27974e31b", "path": "dist/2026.06.3/management-minimal.yaml", "version": "2026.06.3", "integrity": "{I1}"}}"#
        ))
        .unwrap()
    }

    #[test]
    fn resolves_pins() {
        let p = Path::new("spec/okta-openapi.lock");
        let gh = github_lock();
        let none = CodegenArgs::default();
        let (w, pinned) = resolve_pin(Some(&gh), &none, p).unwrap();
        assert_eq!(w, Wanted::of(&gh));
        assert_eq!(pinned.as_deref(), Some(I1));
        assert!(resolve_pin(None, &none, p).is_err());

        // Naming exactly the pin keeps it; another commit moves it (same repository).
        let mut same = parse_codegen(&args(&[
            "--source",
            "github",
            "--commit",
            "fdda229e82940cf5af4611ad673ca6a27974e31b",
            "--path",
            "dist/2026.06.3/management-minimal.yaml",
            "--version",
            "2026.06.3",
        ]))
        .unwrap();
        assert_eq!(
            resolve_pin(Some(&gh), &same, p).unwrap().1.as_deref(),
            Some(I1)
        );
        same.commit = Some("0".repeat(40));
        let (w, pinned) = resolve_pin(Some(&gh), &same, p).unwrap();
        assert_eq!(pinned, None);
        assert!(matches!(w, Wanted::Github { repository, .. } if repository == DEFAULT_REPOSITORY));

        // --version alone moves an npm pin (as before) but not a github one.
        let v = parse_codegen(&args(&["--version", "2.15.0"])).unwrap();
        assert!(resolve_pin(Some(&gh), &v, p).is_err());
        let (w, pinned) = resolve_pin(None, &v, p).unwrap();
        assert_eq!(pinned, None);
        assert_eq!(
            w,
            Wanted::Npm {
                package: DEFAULT_PACKAGE.into(),
                version: "2.15.0".into()
            }
        );
        let npm = parse_codegen(&args(&["--source", "npm", "--version", "2.15.0"])).unwrap();
        assert_eq!(resolve_pin(Some(&gh), &npm, p).unwrap().1, None);
        let g = parse_codegen(&args(&["--source", "github", "--version", "1"])).unwrap();
        assert!(resolve_pin(Some(&gh), &g, p).is_err());
    }
}
