//! Getting the pinned spec: the github download against a loopback HTTP server (no external
//! network), the integrity-named cache, `--from FILE`, and the lock file's two shapes; then
//! `cargo xtask codegen` end to end over the same server.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use xtask::fetch::{self, github, sha512_integrity, Cache, FetchOptions, TempDir, Wanted};
use xtask::lock::{GithubLock, Lock, NpmLock};

const COMMIT: &str = "fdda229e82940cf5af4611ad673ca6a27974e31b";
const PATH: &str = "dist/2026.06.3/management-minimal.yaml";
const REPOSITORY: &str = "okta/okta-management-openapi-spec";

/// A one-thread HTTP/1.1 server on 127.0.0.1 answering GETs from a fixed table (404
/// otherwise), one request per connection; stopped on drop.
struct Server {
    base: String,
    hits: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    addr: std::net::SocketAddr,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn start(routes: HashMap<String, Vec<u8>>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let hits = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (h, s) = (hits.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                h.fetch_add(1, Ordering::SeqCst);
                let _ = serve(stream, &routes);
            }
        });
        Server {
            base: format!("http://{addr}"),
            hits,
            stop,
            addr,
            thread: Some(thread),
        }
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(stream: TcpStream, routes: &HashMap<String, Vec<u8>>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("");
    let mut out = stream;
    match routes.get(target) {
        Some(body) => {
            write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )?;
            out.write_all(body)?;
        }
        None => write!(
            out,
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )?,
    }
    out.flush()
}

fn route(path: &str) -> String {
    format!("/{REPOSITORY}/{COMMIT}/{path}")
}

fn serving(body: &[u8]) -> Server {
    Server::start(HashMap::from([(route(PATH), body.to_vec())]))
}

fn wanted() -> Wanted {
    Wanted::Github {
        repository: REPOSITORY.into(),
        commit: COMMIT.into(),
        path: PATH.into(),
        version: "2026.06.3".into(),
    }
}

fn options(base: &str, cache: &Path, from: Option<PathBuf>) -> FetchOptions {
    FetchOptions {
        from,
        cache: Some(Cache::new(cache)),
        github_base_url: base.to_string(),
    }
}

fn cache_files(dir: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(rd) => rd.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

const SPEC: &[u8] = b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

#[test]
fn good_bytes_are_accepted_and_cached_then_served_from_cache() {
    let server = serving(SPEC);
    let tmp = TempDir::new("okta-fetch-good").unwrap();
    let cache = tmp.path().join("cache");
    let pin = sha512_integrity(SPEC);
    let opts = options(&server.base, &cache, None);

    let got = fetch::fetch(&wanted(), Some(&pin), &opts).unwrap();
    assert_eq!(got.spec_bytes, SPEC);
    assert_eq!(got.lock.integrity(), pin);
    assert!(got.origin.starts_with(&server.base), "{}", got.origin);
    assert_eq!(server.hits(), 1);
    let cached = Cache::new(&cache).path_for(&pin).unwrap();
    assert_eq!(std::fs::read(&cached).unwrap(), SPEC);
    assert_eq!(cache_files(&cache), vec![cached]);

    // A second run: a cache hit, no request.
    let again = fetch::fetch(&wanted(), Some(&pin), &opts).unwrap();
    assert_eq!(again.spec_bytes, SPEC);
    assert!(again.origin.starts_with("cache "), "{}", again.origin);
    assert_eq!(server.hits(), 1);
}

#[test]
fn wrong_bytes_are_refused_naming_both_integrities_and_nothing_is_cached() {
    let server = serving(b"not the pinned spec");
    let tmp = TempDir::new("okta-fetch-wrong").unwrap();
    let cache = tmp.path().join("cache");
    let pin = sha512_integrity(SPEC);
    let e = fetch::fetch(&wanted(), Some(&pin), &options(&server.base, &cache, None))
        .unwrap_err()
        .to_string();
    assert!(e.contains(&pin), "{e}");
    assert!(e.contains(&sha512_integrity(b"not the pinned spec")), "{e}");
    assert!(e.contains("nothing written"), "{e}");
    assert_eq!(server.hits(), 1);
    assert!(cache_files(&cache).is_empty());
}

/// A tampered cache file is reported, removed and downloaded again; the fresh download is
/// verified like any other, so a server with wrong bytes still gets refused.
#[test]
fn tampered_cache_file_is_downloaded_again() {
    let tmp = TempDir::new("okta-fetch-tamper").unwrap();
    let cache_dir = tmp.path().join("cache");
    let cache = Cache::new(&cache_dir);
    let pin = sha512_integrity(SPEC);
    let cached = cache.put(&pin, SPEC).unwrap();
    std::fs::write(&cached, b"tampered").unwrap();

    let server = serving(SPEC);
    let got = fetch::fetch(
        &wanted(),
        Some(&pin),
        &options(&server.base, &cache_dir, None),
    )
    .unwrap();
    assert_eq!(got.spec_bytes, SPEC);
    assert_eq!(server.hits(), 1);
    assert_eq!(std::fs::read(&cached).unwrap(), SPEC, "cache repaired");

    std::fs::write(&cached, b"tampered").unwrap();
    let bad = serving(b"also wrong");
    let e = fetch::fetch(&wanted(), Some(&pin), &options(&bad.base, &cache_dir, None))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(&pin) && e.contains(&sha512_integrity(b"also wrong")),
        "{e}"
    );
    assert!(
        !cached.exists(),
        "the tampered file is gone, nothing new written"
    );
}

#[test]
fn from_file_right_and_wrong() {
    let server = serving(SPEC);
    let tmp = TempDir::new("okta-fetch-from").unwrap();
    let cache = tmp.path().join("cache");
    let pin = sha512_integrity(SPEC);
    let right = tmp.path().join("right.yaml");
    let wrong = tmp.path().join("wrong.yaml");
    std::fs::write(&right, SPEC).unwrap();
    std::fs::write(&wrong, b"openapi: 3.0.3\n# edited\n").unwrap();

    let got = fetch::fetch(
        &wanted(),
        Some(&pin),
        &options(&server.base, &cache, Some(right.clone())),
    )
    .unwrap();
    assert_eq!(got.spec_bytes, SPEC);
    assert_eq!(got.lock, wanted().with_integrity(&pin).unwrap());
    assert!(got.origin.contains("right.yaml"), "{}", got.origin);

    let e = fetch::fetch(
        &wanted(),
        Some(&pin),
        &options(&server.base, &cache, Some(wrong)),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains(&pin), "{e}");
    assert!(
        e.contains(&sha512_integrity(b"openapi: 3.0.3\n# edited\n")),
        "{e}"
    );
    assert!(e.contains("wrong.yaml"), "{e}");
    // A local copy never touches the network or the cache.
    assert_eq!(server.hits(), 0);
    assert!(cache_files(&cache).is_empty());
}

#[test]
fn moving_the_pin_takes_the_downloaded_integrity() {
    let server = serving(SPEC);
    let tmp = TempDir::new("okta-fetch-move").unwrap();
    let cache = tmp.path().join("cache");
    let got = fetch::fetch(&wanted(), None, &options(&server.base, &cache, None)).unwrap();
    assert_eq!(got.lock.integrity(), sha512_integrity(SPEC));
    assert_eq!(cache_files(&cache).len(), 1);
}

#[test]
fn http_errors_and_size_limit() {
    let server = serving(SPEC);
    let tmp = TempDir::new("okta-fetch-404").unwrap();
    let mut w = wanted();
    if let Wanted::Github { path, .. } = &mut w {
        *path = "dist/missing.yaml".into();
    }
    let e = fetch::fetch(
        &w,
        Some(&sha512_integrity(SPEC)),
        &options(&server.base, &tmp.path().join("c"), None),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("404"), "{e}");

    let url = format!("{}{}", server.base, route(PATH));
    let limit = SPEC.len() as u64;
    assert_eq!(
        github::download(&url, limit, Duration::from_secs(10)).unwrap(),
        SPEC
    );
    let e = github::download(&url, limit - 1, Duration::from_secs(10))
        .unwrap_err()
        .to_string();
    assert!(e.contains("allowed"), "{e}");
}

#[test]
fn plain_http_to_a_non_loopback_host_is_refused() {
    let tmp = TempDir::new("okta-fetch-http").unwrap();
    for base in ["http://example.invalid", "http://10.0.0.1:8080"] {
        let e = fetch::fetch(
            &wanted(),
            Some(&sha512_integrity(SPEC)),
            &options(base, &tmp.path().join("c"), None),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("loopback"), "{base}: {e}");
    }
}

#[test]
fn old_lock_shape_parses_as_npm() {
    let old = r#"{
  "integrity": "sha512-twwPLKMJ5HlEZvdL6n0TiOIYqJVihM7g3UI1oSKBm9mPb0Fv9BIFKVOOrloJ3LiEnhTOzkR8w16BdCxbPTVcjg==",
  "package": "@okta/openapi",
  "version": "2.15.0"
}
"#;
    let lock = Lock::parse(old).unwrap();
    assert_eq!(
        lock,
        Lock::Npm(NpmLock {
            package: "@okta/openapi".into(),
            version: "2.15.0".into(),
            integrity: "sha512-twwPLKMJ5HlEZvdL6n0TiOIYqJVihM7g3UI1oSKBm9mPb0Fv9BIFKVOOrloJ3LiEnhTOzkR8w16BdCxbPTVcjg==".into(),
        })
    );
    // Written back, it gains `source` and still reads the same.
    let new = lock.to_file_contents();
    assert!(new.contains(r#""source": "npm""#), "{new}");
    assert_eq!(Lock::parse(&new).unwrap(), lock);
}

#[test]
fn lock_round_trips_for_both_kinds() {
    let github = Lock::Github(GithubLock {
        repository: REPOSITORY.into(),
        commit: COMMIT.into(),
        path: PATH.into(),
        version: "2026.06.3".into(),
        integrity: "sha512-knLvEZOhnIE2ckA80fmjCJbzChVWV0mBYKB6TDQSYU+F3aARrMGVaTk6oEKyJIEwAXbJ0HF6od+wVlf/HE6I3g==".into(),
    });
    assert_eq!(
        github.to_file_contents(),
        r#"{
  "commit": "fdda229e82940cf5af4611ad673ca6a27974e31b",
  "integrity": "sha512-knLvEZOhnIE2ckA80fmjCJbzChVWV0mBYKB6TDQSYU+F3aARrMGVaTk6oEKyJIEwAXbJ0HF6od+wVlf/HE6I3g==",
  "path": "dist/2026.06.3/management-minimal.yaml",
  "repository": "okta/okta-management-openapi-spec",
  "source": "github",
  "version": "2026.06.3"
}
"#
    );
    let npm = Lock::Npm(NpmLock {
        package: "@okta/openapi".into(),
        version: "2.15.0".into(),
        integrity: sha512_integrity(b"tarball"),
    });
    let tmp = TempDir::new("okta-lock").unwrap();
    let path = tmp.path().join("okta-openapi.lock");
    assert_eq!(Lock::read(&path).unwrap(), None);
    for lock in [github, npm] {
        std::fs::write(&path, lock.to_file_contents()).unwrap();
        assert_eq!(Lock::read(&path).unwrap(), Some(lock.clone()));
    }
}

// ---- `cargo xtask codegen` end to end over the loopback server -----------------------

fn xtask(args: &[&str], base: &str) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("codegen")
        .args(args)
        .env(github::BASE_URL_ENV, base)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn codegen_downloads_checks_and_moves_a_github_pin() {
    let mini = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/mini-oas3.yaml"
    ))
    .unwrap();
    let other_commit = "0123456789abcdef0123456789abcdef01234567";
    let server = Server::start(HashMap::from([
        (route(PATH), mini.clone()),
        (format!("/{REPOSITORY}/{other_commit}/{PATH}"), mini.clone()),
    ]));
    let tmp = TempDir::new("okta-codegen-github").unwrap();
    let out = tmp.path().join("spec");
    let cache = tmp.path().join("cache");
    std::fs::create_dir_all(&out).unwrap();
    let lock_path = out.join("okta-openapi.lock");
    let pin = wanted().with_integrity(&sha512_integrity(&mini)).unwrap();
    std::fs::write(&lock_path, pin.to_file_contents()).unwrap();
    let (o, c) = (out.to_str().unwrap(), cache.to_str().unwrap());

    // Pinned: download, verify, cache, write.
    let (ok, err) = xtask(&["--out", o, "--cache", c], &server.base);
    assert!(ok, "{err}");
    assert_eq!(server.hits(), 1);
    let report = std::fs::read_to_string(out.join("REPORT.md")).unwrap();
    for fact in [REPOSITORY, COMMIT, PATH, "2026.06.3", pin.integrity()] {
        assert!(report.contains(fact), "REPORT.md lacks {fact}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("okta-management.json")).unwrap())
            .unwrap();
    assert_eq!(
        json["x-okta-rs-source"],
        serde_json::json!({
            "repository": REPOSITORY, "commit": COMMIT, "path": PATH,
            "version": "2026.06.3", "integrity": pin.integrity(),
        })
    );

    // --check from the cache (no request), and with --from.
    let (ok, err) = xtask(&["--check", "--out", o, "--cache", c], &server.base);
    assert!(ok, "{err}");
    assert_eq!(server.hits(), 1);
    let local = tmp.path().join("copy.yaml");
    std::fs::write(&local, &mini).unwrap();
    let (ok, err) = xtask(
        &["--check", "--out", o, "--from", local.to_str().unwrap()],
        "http://example.invalid",
    );
    assert!(ok, "{err}");
    std::fs::write(&local, b"openapi: 3.0.3\n").unwrap();
    let (ok, err) = xtask(
        &["--check", "--out", o, "--from", local.to_str().unwrap()],
        &server.base,
    );
    assert!(!ok);
    assert!(err.contains(pin.integrity()), "{err}");

    // --check may not move the pin.
    let move_args = [
        "--source",
        "github",
        "--commit",
        other_commit,
        "--path",
        PATH,
        "--version",
        "2026.07.0",
    ];
    let mut check_move = vec!["--check", "--out", o, "--cache", c];
    check_move.extend(move_args);
    let (ok, err) = xtask(&check_move, &server.base);
    assert!(!ok);
    assert!(err.contains("would move"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&lock_path).unwrap(),
        pin.to_file_contents()
    );

    // Moving the pin writes the new lock after the run.
    let mut moving = vec!["--out", o, "--cache", c];
    moving.extend(move_args);
    let (ok, err) = xtask(&moving, &server.base);
    assert!(ok, "{err}");
    let moved = Lock::read(&lock_path).unwrap().unwrap();
    let Lock::Github(g) = &moved else {
        panic!("{moved:?}")
    };
    assert_eq!(g.commit, other_commit);
    assert_eq!(g.version, "2026.07.0");
    assert_eq!(g.repository, REPOSITORY);
    assert_eq!(g.integrity, pin.integrity());

    // A failed move (404) leaves the lock as it was.
    let before = std::fs::read_to_string(&lock_path).unwrap();
    let mut failing = vec!["--out", o, "--cache", c];
    failing.extend([
        "--source",
        "github",
        "--commit",
        COMMIT,
        "--path",
        "dist/none.yaml",
        "--version",
        "x",
    ]);
    let (ok, err) = xtask(&failing, &server.base);
    assert!(!ok);
    assert!(err.contains("404"), "{err}");
    assert_eq!(std::fs::read_to_string(&lock_path).unwrap(), before);
}

/// A gzipped tarball holding `package/dist/spec.json`.
fn npm_tarball(spec: &[u8]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_gnu();
    header.set_size(spec.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    builder
        .append_data(&mut header, fetch::SPEC_PATH_IN_TARBALL, spec)
        .unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&builder.into_inner().unwrap()).unwrap();
    gz.finish().unwrap()
}

/// An npm pin is served by `--from TARBALL` or the cache without running npm.
#[test]
fn npm_pin_from_a_local_tarball_or_the_cache() {
    let spec = br#"{"swagger": "2.0"}"#;
    let tgz = npm_tarball(spec);
    let pin = sha512_integrity(&tgz);
    let wanted = Wanted::Npm {
        package: "@okta/openapi".into(),
        version: "2.15.0".into(),
    };
    let tmp = TempDir::new("okta-fetch-npm").unwrap();
    let local = tmp.path().join("openapi-2.15.0.tgz");
    std::fs::write(&local, &tgz).unwrap();
    let cache_dir = tmp.path().join("cache");
    let opts = options("http://example.invalid", &cache_dir, Some(local.clone()));
    let got = fetch::fetch(&wanted, Some(&pin), &opts).unwrap();
    assert_eq!(got.spec_bytes, spec);
    assert_eq!(got.lock, wanted.with_integrity(&pin).unwrap());

    let e = fetch::fetch(&wanted, Some(&sha512_integrity(b"x")), &opts)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(&pin) && e.contains(&sha512_integrity(b"x")),
        "{e}"
    );

    Cache::new(&cache_dir).put(&pin, &tgz).unwrap();
    let got = fetch::fetch(
        &wanted,
        Some(&pin),
        &options("http://example.invalid", &cache_dir, None),
    )
    .unwrap();
    assert_eq!(got.spec_bytes, spec);
    assert!(got.origin.starts_with("cache "), "{}", got.origin);
}
