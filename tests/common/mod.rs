//! A client pointed at a loopback mock of an Okta org.

#![allow(dead_code)]

use httpmock::MockServer;
use okta::config::{OktaConfig, Secret};

/// The API token every test client sends.
pub const TOKEN: &str = "00abc-test-token";

/// A client for `server` with an SSWS token, no retries and plain http allowed.
pub fn client(server: &MockServer) -> okta::Client {
    let url = server.base_url().parse().expect("mock server URL");
    let mut config = OktaConfig::for_org(url);
    config.token = Some(Secret::new(TOKEN));
    config.disable_https_check = true;
    config.max_retries = 0;
    okta::Client::from_config(config).expect("client")
}

/// A client for a loopback org at `base` (`http://127.0.0.1:PORT`), as [`client`].
pub fn client_for_url(base: &str) -> okta::Client {
    let url = base.parse().expect("loopback URL");
    let mut config = OktaConfig::for_org(url);
    config.token = Some(Secret::new(TOKEN));
    config.disable_https_check = true;
    config.max_retries = 0;
    okta::Client::from_config(config).expect("client")
}
