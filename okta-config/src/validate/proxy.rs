//! `proxy`: host and port go together, so do username and password; the
//! port is within the bounds of its table row.

use super::{numbers, Checker};
use crate::settings::keys;
use crate::{ProxyConfig, Secret};

/// The proxy, or `None` when none is set or after an issue.
pub(super) fn check(c: &mut Checker<'_>) -> Option<ProxyConfig> {
    let host = c
        .str(keys::PROXY_HOST)
        .map(|(s, src)| (s.to_owned(), src.clone()));
    let port = c.int(keys::PROXY_PORT).map(|(p, src)| (p, src.clone()));
    let username = c
        .str(keys::PROXY_USERNAME)
        .map(|(s, src)| (s.to_owned(), src.clone()));
    let password = c
        .str(keys::PROXY_PASSWORD)
        .map(|(s, src)| (Secret::new(s), src.clone()));
    let before = c.issues.len();

    match (&host, &port) {
        (Some((_, src)), None) if !c.is_set(keys::PROXY_PORT) => c.issue(
            Some(src.clone()),
            keys::PROXY_HOST,
            "a proxy host is set but okta.client.proxy.port is not. Set the proxy port \
             too, or remove the proxy host.",
        ),
        (None, Some((_, src))) if !c.is_set(keys::PROXY_HOST) => c.issue(
            Some(src.clone()),
            keys::PROXY_PORT,
            "a proxy port is set but okta.client.proxy.host is not. Set the proxy host too, \
             or remove the proxy port.",
        ),
        _ => {}
    }
    let port_number = numbers::port(c);
    match (&username, &password) {
        (Some((_, src)), None) if !c.is_set(keys::PROXY_PASSWORD) => c.issue(
            Some(src.clone()),
            keys::PROXY_USERNAME,
            "a proxy username is set but okta.client.proxy.password is not. Set the proxy \
             password too, or remove the username.",
        ),
        (None, Some((_, src))) if !c.is_set(keys::PROXY_USERNAME) => c.issue(
            Some(src.clone()),
            keys::PROXY_PASSWORD,
            "a proxy password is set but okta.client.proxy.username is not. Set the proxy \
             username too, or remove the password.",
        ),
        _ => {}
    }
    if c.issues.len() > before {
        return None;
    }
    Some(ProxyConfig {
        host: host?.0,
        port: port_number?,
        username: username.map(|(u, _)| u),
        password: password.map(|(p, _)| p),
    })
}
