//! `cargo xtask <command>`: repository tasks.
//!
//! - `codegen [--version X] [--spec PATH] [--check] [--out DIR]`: fetch the pinned
//!   `@okta/openapi` package with npm (or read `--spec PATH`), convert and normalize it, and
//!   write `spec/okta-management.json`, `spec/REPORT.md` (and `spec/okta-openapi.lock`).
//! - `config-schema [--check]`: write `okta-config/okta.yaml.schema.json`.

mod config_schema;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use xtask::fetch::{self, Lock};
use xtask::{run_pipeline, SpecSource};

const DEFAULT_PACKAGE: &str = "@okta/openapi";
const LOCK_FILE: &str = "okta-openapi.lock";
const SPEC_FILE: &str = "okta-management.json";
const REPORT_FILE: &str = "REPORT.md";

const USAGE: &str = "usage:
  cargo xtask codegen [--version X] [--spec PATH] [--check] [--out DIR]
      --version X   move the pin in spec/okta-openapi.lock to @okta/openapi@X
      --spec PATH   use a local Swagger 2.0 / OpenAPI 3.0.x file (JSON or YAML); no lock
      --check       regenerate in memory and fail if spec/ differs
      --out DIR     write to DIR instead of spec/
  cargo xtask config-schema [--check]
      write okta-config/okta.yaml.schema.json from okta_config::okta_yaml_schema()";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

#[derive(Debug, Default)]
struct CodegenArgs {
    version: Option<String>,
    spec: Option<PathBuf>,
    check: bool,
    out: Option<PathBuf>,
}

fn parse_codegen(args: &[String]) -> Result<CodegenArgs> {
    let mut out = CodegenArgs::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| -> Result<String> {
            it.next()
                .cloned()
                .with_context(|| format!("{name} needs a value\n{USAGE}"))
        };
        match a.as_str() {
            "--version" => out.version = Some(value("--version")?),
            "--spec" => out.spec = Some(PathBuf::from(value("--spec")?)),
            "--out" => out.out = Some(PathBuf::from(value("--out")?)),
            "--check" => out.check = true,
            other => {
                if let Some(v) = other.strip_prefix("--version=") {
                    out.version = Some(v.to_string());
                } else if let Some(v) = other.strip_prefix("--spec=") {
                    out.spec = Some(PathBuf::from(v));
                } else if let Some(v) = other.strip_prefix("--out=") {
                    out.out = Some(PathBuf::from(v));
                } else {
                    bail!("unknown argument {other:?}\n{USAGE}");
                }
            }
        }
    }
    if out.spec.is_some() && out.version.is_some() {
        bail!("--spec and --version cannot be combined (a local file has no lock)");
    }
    Ok(out)
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
    let out_dir = args.out.unwrap_or_else(|| workspace_root().join("spec"));
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
        let (package, version, pinned) = match (&lock, &args.version) {
            (Some(l), None) => (
                l.package.clone(),
                l.version.clone(),
                Some(l.integrity.clone()),
            ),
            (Some(l), Some(v)) if *v == l.version => {
                (l.package.clone(), v.clone(), Some(l.integrity.clone()))
            }
            (Some(l), Some(v)) => (l.package.clone(), v.clone(), None),
            (None, Some(v)) => (DEFAULT_PACKAGE.to_string(), v.clone(), None),
            (None, None) => bail!(
                "{} does not exist; pin a version first with `cargo xtask codegen --version X`",
                lock_path.display()
            ),
        };
        if args.check && pinned.is_none() {
            bail!("--check verifies the pinned version; --version {version} would move the pin");
        }
        eprintln!("npm pack {package}@{version} …");
        let fetched = fetch::fetch_npm(&package, &version, pinned.as_deref())?;
        eprintln!("verified {}", fetched.lock.integrity);
        let source = SpecSource::Npm(fetched.lock.clone());
        (fetched.spec_bytes, source, Some(fetched.lock))
    };

    let generated = run_pipeline(&bytes, &source)?;
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
        let a = parse_codegen(&args(&["--version", "2.16.0", "--check"])).unwrap();
        assert_eq!(a.version.as_deref(), Some("2.16.0"));
        assert!(a.check);
        let a = parse_codegen(&args(&["--spec=x.yaml", "--out", "/tmp/o"])).unwrap();
        assert_eq!(a.spec, Some(PathBuf::from("x.yaml")));
        assert_eq!(a.out, Some(PathBuf::from("/tmp/o")));
        assert!(parse_codegen(&args(&["--spec", "x", "--version", "1"])).is_err());
        assert!(parse_codegen(&args(&["--bogus"])).is_err());
        assert!(parse_codegen(&args(&["--version"])).is_err());
    }
}
