//! The github source: `https://raw.githubusercontent.com/{repository}/{commit}/{path}`,
//! downloaded with `ureq` (rustls, webpki roots), bounded in time and size.
//!
//! The base URL can be replaced (tests, mirrors) with `OKTA_RS_SPEC_BASE_URL`; it must be
//! `https://…`, or `http://…` to a loopback host (`localhost`, `127.0.0.0/8`, `[::1]`).
//! The bytes are verified against the pin by the caller ([`super::fetch`]), whatever the
//! base URL.

use std::io::Read as _;
use std::net::IpAddr;
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};

/// Where pinned files are downloaded from.
pub const DEFAULT_BASE_URL: &str = "https://raw.githubusercontent.com";
/// The environment variable that replaces [`DEFAULT_BASE_URL`].
pub const BASE_URL_ENV: &str = "OKTA_RS_SPEC_BASE_URL";
/// The largest spec accepted (today's is 3.4 MB).
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;
/// The whole download, connection to last byte.
pub const TIMEOUT: Duration = Duration::from_secs(120);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// The base URL: `OKTA_RS_SPEC_BASE_URL` when set and not empty, else [`DEFAULT_BASE_URL`].
pub fn base_url() -> String {
    match std::env::var(BASE_URL_ENV) {
        Ok(v) if !v.trim().is_empty() => v.trim().to_string(),
        _ => DEFAULT_BASE_URL.to_string(),
    }
}

/// How a URL may be fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// `https://` to any host.
    Https,
    /// `http://` to a loopback host.
    LoopbackHttp,
}

/// Whether `host` (as in a URL, IPv6 in brackets) is a loopback host.
pub fn is_loopback_host(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Accepts `https://HOST/…` and `http://LOOPBACK/…`; refuses everything else (other
/// schemes, plain http to any other host, user info in the URL).
pub fn check_url(url: &str) -> Result<Transport> {
    let uri: ureq::http::Uri = url.parse().with_context(|| format!("bad URL {url:?}"))?;
    let host = uri
        .host()
        .ok_or_else(|| anyhow!("URL {url:?} has no host"))?;
    if uri.authority().is_some_and(|a| a.as_str().contains('@')) {
        bail!("URL {url:?} carries user info; refused");
    }
    match uri.scheme_str() {
        Some("https") => Ok(Transport::Https),
        Some("http") if is_loopback_host(host) => Ok(Transport::LoopbackHttp),
        Some("http") => bail!(
            "refusing plain http to {host}: http is allowed only for loopback hosts (localhost, 127.0.0.0/8, [::1]); use https"
        ),
        _ => bail!("URL {url:?}: only https (or http to a loopback host) is supported"),
    }
}

/// GETs `url` and returns its body: status 200 only, at most `max_bytes`, within `timeout`.
///
/// Over https, redirects are followed but must stay on https. Over loopback http, no proxy
/// and no redirect.
pub fn download(url: &str, max_bytes: u64, timeout: Duration) -> Result<Vec<u8>> {
    let transport = check_url(url)?;
    let mut config = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .timeout_connect(Some(CONNECT_TIMEOUT.min(timeout)))
        .user_agent(concat!("okta-rs-xtask/", env!("CARGO_PKG_VERSION")));
    config = match transport {
        Transport::Https => config.https_only(true).max_redirects(5),
        Transport::LoopbackHttp => config.proxy(None).max_redirects(0),
    };
    let agent: ureq::Agent = config.build().into();
    let mut response = agent.get(url).call().map_err(|e| match e {
        ureq::Error::StatusCode(code) => anyhow!("GET {url}: HTTP status {code}"),
        ureq::Error::TooManyRedirects => {
            anyhow!("GET {url}: redirected (not followed here); pin the URL it names")
        }
        e => anyhow!("GET {url}: {e}"),
    })?;
    if response.status() != 200 {
        bail!(
            "GET {url}: HTTP status {} (expected 200)",
            response.status()
        );
    }
    if let Some(len) = response.body().content_length() {
        if len > max_bytes {
            bail!("GET {url}: {len} bytes announced, more than the {max_bytes} allowed");
        }
    }
    // Read one byte past the limit to tell "exactly the limit" from "too large".
    let mut bytes = Vec::new();
    response
        .body_mut()
        .with_config()
        .limit(u64::MAX)
        .reader()
        .take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("GET {url}: reading the body"))?;
    if bytes.len() as u64 > max_bytes {
        bail!("GET {url}: body larger than the {max_bytes} bytes allowed");
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for h in [
            "localhost",
            "LOCALHOST",
            "127.0.0.1",
            "127.8.9.10",
            "[::1]",
            "::1",
        ] {
            assert!(is_loopback_host(h), "{h}");
        }
        for h in [
            "example.com",
            "10.0.0.1",
            "192.168.1.1",
            "[::2]",
            "127.0.0.1.example.com",
            "localhost.example.com",
        ] {
            assert!(!is_loopback_host(h), "{h}");
        }
    }

    #[test]
    fn urls_allowed_and_refused() {
        assert_eq!(
            check_url("https://raw.githubusercontent.com/o/r/c/p.yaml").unwrap(),
            Transport::Https
        );
        assert_eq!(
            check_url("http://127.0.0.1:8080/o/r/c/p.yaml").unwrap(),
            Transport::LoopbackHttp
        );
        assert_eq!(
            check_url("http://[::1]:8080/x").unwrap(),
            Transport::LoopbackHttp
        );
        assert_eq!(
            check_url("http://localhost/x").unwrap(),
            Transport::LoopbackHttp
        );
        let e = check_url("http://raw.githubusercontent.com/o/r/c/p.yaml").unwrap_err();
        assert!(e.to_string().contains("loopback"), "{e}");
        assert!(check_url("http://10.0.0.1/x").is_err());
        assert!(check_url("http://127.0.0.1@example.com/x").is_err());
        assert!(check_url("ftp://127.0.0.1/x").is_err());
        assert!(check_url("file:///etc/passwd").is_err());
        assert!(check_url("not a url").is_err());
    }

    #[test]
    fn refuses_plain_http_before_connecting() {
        // `.invalid` never resolves; the URL is refused before any look-up anyway.
        let e = download(
            "http://example.invalid/x",
            MAX_BYTES,
            Duration::from_millis(1),
        )
        .unwrap_err();
        assert!(e.to_string().contains("loopback"), "{e}");
    }
}
