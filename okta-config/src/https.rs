//! The one https rule for org URLs.

/// Whether an org URL with this scheme may be used: `https`, or `http` when
/// `okta.testing.disableHttpsCheck` is on (tests against a local server).
/// Any other scheme never is.
///
/// ```
/// let url = url::Url::parse("http://localhost:8080").unwrap();
/// assert!(!okta_config::is_allowed_scheme(&url, false));
/// assert!(okta_config::is_allowed_scheme(&url, true));
/// ```
pub fn is_allowed_scheme(url: &url::Url, disable_https_check: bool) -> bool {
    scheme_allowed(url.scheme(), disable_https_check)
}

/// The same rule on a scheme name (any ASCII case), for text that may not
/// parse as a URL.
pub(crate) fn scheme_allowed(scheme: &str, disable_https_check: bool) -> bool {
    scheme.eq_ignore_ascii_case("https")
        || (disable_https_check && scheme.eq_ignore_ascii_case("http"))
}
