//! `orgUrl`: present, https (unless the check is off), no placeholder, no
//! typo the other SDKs catch, not the Admin Console's address, no
//! credentials.

use super::{how_to_set, Checker};
use crate::https;
use crate::settings::keys;

const FIND_DOMAIN: &str = "https://bit.ly/finding-okta-domain";

/// The org URL, or `None` after an issue.
pub(super) fn check(c: &mut Checker<'_>, disable_https_check: bool) -> Option<url::Url> {
    let key = keys::ORG_URL;
    let Some((raw, source)) = c.str(key) else {
        if c.is_set(key) {
            return None;
        }
        c.issue(
            None,
            key,
            format!(
                "Your Okta URL is missing. You can copy your domain from the Okta Admin \
                 Console; follow these instructions to find it: {FIND_DOMAIN}. {}",
                how_to_set(key)
            ),
        );
        return None;
    };
    let source = source.clone();
    let raw = raw.to_owned();
    // Credentials in a URL are not shown.
    let shown = if raw.contains('@') {
        "(not shown)".to_owned()
    } else {
        format!("`{raw}`")
    };
    let before = c.issues.len();
    if raw.to_ascii_lowercase().contains("{youroktadomain}") {
        c.issue(
            Some(source),
            key,
            format!(
                "Replace {{yourOktaDomain}} with your Okta domain, e.g. \
                 https://dev-123456.okta.com. You can copy your domain from the Okta Admin \
                 Console; follow these instructions to find it: {FIND_DOMAIN}."
            ),
        );
        return None;
    }
    let scheme = raw.split_once("://").map_or("", |(scheme, _)| scheme);
    if !https::scheme_allowed(scheme, disable_https_check) {
        c.issue(
            Some(source.clone()),
            key,
            format!(
                "Your Okta URL must start with https:// (found {shown}). Use your org's \
                 https URL, e.g. https://dev-123456.okta.com; only tests against a local \
                 server may set okta.testing.disableHttpsCheck: true."
            ),
        );
    }
    if raw.matches("://").count() > 1 {
        c.issue(
            Some(source.clone()),
            key,
            format!(
                "It looks like there's a typo in your Okta URL {shown}: it contains `://` \
                 more than once. Write the scheme once, e.g. https://dev-123456.okta.com."
            ),
        );
    }
    // The host as written: after the scheme, up to a port, path, query or fragment.
    let after_scheme = raw.find("://").map_or(raw.as_str(), |i| &raw[i + 3..]);
    let host_end = after_scheme
        .find(['/', ':', '?', '#'])
        .unwrap_or(after_scheme.len());
    let host = &after_scheme[..host_end];
    let host_lower = host.to_ascii_lowercase();
    if host_lower.ends_with(".com.com") {
        c.issue(
            Some(source.clone()),
            key,
            format!(
                "It looks like there's a typo in your Okta URL {shown}: the domain ends in \
                 `.com.com`. Remove the extra `.com`."
            ),
        );
    }
    for admin in [
        "-admin.okta.com",
        "-admin.oktapreview.com",
        "-admin.okta-emea.com",
    ] {
        if host_lower.ends_with(admin) {
            let fixed = format!(
                "https://{}{}",
                &host[..host.len() - admin.len()],
                admin.trim_start_matches("-admin")
            );
            c.issue(
                Some(source.clone()),
                key,
                format!(
                    "Your Okta URL {shown} is the Admin Console's address; the API lives at \
                     the org's address without `-admin`. Use {fixed}."
                ),
            );
        }
    }
    if c.issues.len() > before {
        return None;
    }
    match url::Url::parse(&raw) {
        Ok(url) if !url.username().is_empty() || url.password().is_some() => {
            c.issue(
                Some(source),
                key,
                "Your Okta URL contains a user name or password (not shown). Remove them: \
                 the org URL is only the address, e.g. https://dev-123456.okta.com; \
                 credentials go in token or privateKey.",
            );
            None
        }
        Ok(url) if url.host_str().is_some_and(|h| !h.is_empty()) => Some(url),
        Ok(_) => {
            c.issue(
                Some(source),
                key,
                format!("Your Okta URL {shown} has no host. Use e.g. https://dev-123456.okta.com."),
            );
            None
        }
        Err(e) => {
            c.issue(
                Some(source),
                key,
                format!(
                    "Your Okta URL {shown} is not a valid URL ({e}). Use e.g. \
                     https://dev-123456.okta.com."
                ),
            );
            None
        }
    }
}
