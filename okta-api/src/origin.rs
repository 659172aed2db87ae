//! The origin rules: which URLs a runtime may send to, and which redirects
//! its default HTTP client follows.
//!
//! Everything the SDK sends goes to the org's origin (scheme, host and port
//! of the org URL): request URLs, next-page links and redirect targets are
//! all checked here.

use reqwest::header::LOCATION;
use url::Url;

use crate::error::{Error, Result};

/// Most redirects the default HTTP client follows (same origin only).
const MAX_REDIRECTS: usize = 10;

/// The org URL as the runtime uses it: its text without trailing slash and
/// its origin.
#[derive(Clone, Debug)]
pub(crate) struct OrgOrigin {
    base_url: String,
    origin: url::Origin,
}

impl OrgOrigin {
    /// The rules for `org_url`. Fails on a scheme [`okta_config::is_allowed_scheme`]
    /// refuses or on a URL without host.
    pub(crate) fn new(org_url: &Url, disable_https_check: bool) -> Result<OrgOrigin> {
        if !okta_config::is_allowed_scheme(org_url, disable_https_check) {
            return Err(Error::Config(match org_url.scheme() {
                "http" => {
                    "the org URL must use https (set disable_https_check only for tests)".into()
                }
                other => format!("unsupported org URL scheme `{other}`"),
            }));
        }
        if org_url.host_str().is_none() {
            return Err(Error::Config("the org URL has no host".into()));
        }
        Ok(OrgOrigin {
            base_url: org_url.as_str().trim_end_matches('/').to_owned(),
            origin: org_url.origin(),
        })
    }

    /// The org URL without trailing slash.
    pub(crate) fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Resolves `path_or_url` against the org URL; fails on another origin.
    pub(crate) fn resolve(&self, path_or_url: &str) -> Result<Url> {
        let url = self.join(path_or_url)?;
        self.check(&url)?;
        Ok(url)
    }

    /// Resolves `path_or_url` against the org URL without checking its origin.
    pub(crate) fn resolve_unchecked(&self, path_or_url: &str) -> Option<Url> {
        self.join(path_or_url).ok()
    }

    /// An absolute URL as it is; a path appended to the org URL.
    fn join(&self, path_or_url: &str) -> Result<Url> {
        match Url::parse(path_or_url) {
            Ok(url) => Ok(url),
            Err(url::ParseError::RelativeUrlWithoutBase) => {
                let sep = if path_or_url.starts_with('/') {
                    ""
                } else {
                    "/"
                };
                Url::parse(&format!("{}{sep}{path_or_url}", self.base_url))
                    .map_err(|e| Error::InvalidRequest(format!("invalid path: {e}")))
            }
            Err(e) => Err(Error::InvalidRequest(format!("invalid URL: {e}"))),
        }
    }

    /// Fails with [`Error::ForeignOrigin`] unless `url` is on the org's origin.
    pub(crate) fn check(&self, url: &Url) -> Result<()> {
        let origin = url.origin();
        if origin == self.origin {
            Ok(())
        } else {
            Err(Error::ForeignOrigin {
                origin: origin.ascii_serialization(),
                expected: self.origin.ascii_serialization(),
            })
        }
    }

    /// Checks the `Location` of a redirect the HTTP client did not follow: a
    /// target on another origin fails with [`Error::ForeignOrigin`].
    pub(crate) fn check_redirect(&self, resp: &reqwest::Response) -> Result<()> {
        let Some(location) = resp.headers().get(LOCATION).and_then(|v| v.to_str().ok()) else {
            return Ok(());
        };
        match resp.url().join(location) {
            Ok(target) => self.check(&target),
            Err(_) => Ok(()),
        }
    }
}

/// The redirect policy of the default HTTP client: follow at most
/// `MAX_REDIRECTS` redirects, and only on the origin of the first request;
/// stop (returning the redirect itself) at a redirect to another origin.
pub(crate) fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else if same_origin {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(url: &str, disable_https_check: bool) -> Result<OrgOrigin> {
        let url: Url = url.parse().map_err(|_| Error::Config("test URL".into()))?;
        OrgOrigin::new(&url, disable_https_check)
    }

    #[test]
    fn schemes_follow_the_one_https_rule() {
        assert!(org("https://dev-1.okta.com", false).is_ok());
        assert!(org("http://localhost:8080", true).is_ok());
        for (url, disable) in [
            ("http://localhost:8080", false),
            ("ftp://dev-1.okta.com", true),
            ("file:///etc/passwd", true),
        ] {
            let parsed: Url = url.parse().expect("test URL");
            assert_eq!(
                org(url, disable).is_ok(),
                okta_config::is_allowed_scheme(&parsed, disable) && parsed.host_str().is_some(),
                "{url} with disable_https_check = {disable}"
            );
            assert!(matches!(org(url, disable), Err(Error::Config(_))), "{url}");
        }
    }

    #[test]
    fn paths_resolve_on_the_org_and_links_elsewhere_fail() {
        let org = org("https://dev-1.okta.com/", false).expect("org");
        assert_eq!(org.base_url(), "https://dev-1.okta.com");
        assert_eq!(
            org.resolve("/api/v1/users").expect("path").as_str(),
            "https://dev-1.okta.com/api/v1/users"
        );
        assert_eq!(
            org.resolve("api/v1/users").expect("path").as_str(),
            "https://dev-1.okta.com/api/v1/users"
        );
        assert!(matches!(
            org.resolve("https://evil.example/api/v1/users"),
            Err(Error::ForeignOrigin { .. })
        ));
        assert!(matches!(
            org.resolve("http://dev-1.okta.com/api/v1/users"),
            Err(Error::ForeignOrigin { .. })
        ));
        assert!(org.resolve_unchecked("https://evil.example/x").is_some());
    }
}
