//! OAuth 2.0 service clients registered with the fake's token endpoint.

use serde_json::Value;

/// The JWK members kept: the public key and its metadata.
const PUBLIC_MEMBERS: [&str; 9] = ["kty", "crv", "x", "y", "n", "e", "kid", "alg", "use"];

/// `jwk` without private members (anything but [`PUBLIC_MEMBERS`]).
fn public_only(jwk: Value) -> Value {
    match jwk {
        Value::Object(mut map) => {
            map.retain(|k, _| PUBLIC_MEMBERS.contains(&k.as_str()));
            Value::Object(map)
        }
        other => other,
    }
}

/// An OAuth 2.0 service client the fake's token endpoint
/// (`POST /oauth2/v1/token`) accepts: `private_key_jwt` client assertions
/// signed by the key whose public JWK is registered, for at most these scopes.
///
/// ```
/// use okta_testkit::OAuthClient;
///
/// let client = OAuthClient::new("0oa-service", serde_json::json!({"kty": "EC"}))
///     .scopes(&["okta.users.read"])
///     .require_dpop(true);
/// assert_eq!(client.client_id(), "0oa-service");
/// ```
#[derive(Clone)]
pub struct OAuthClient {
    pub(crate) client_id: String,
    pub(crate) public_jwk: Value,
    pub(crate) scopes: Vec<String>,
    pub(crate) require_dpop: bool,
    pub(crate) dpop_nonce: bool,
}

impl OAuthClient {
    /// A client with this id and public key (an RSA or P-256 JWK; private
    /// members such as `d` are dropped here, so a private JWK may be passed
    /// as it is), granted no scope yet.
    pub fn new(client_id: &str, public_jwk: Value) -> OAuthClient {
        OAuthClient {
            client_id: client_id.to_owned(),
            public_jwk: public_only(public_jwk),
            scopes: Vec::new(),
            require_dpop: false,
            dpop_nonce: false,
        }
    }

    /// The scopes the client may be granted.
    pub fn scopes(mut self, scopes: &[&str]) -> OAuthClient {
        self.scopes = scopes.iter().map(|s| (*s).to_owned()).collect();
        self
    }

    /// Whether token requests must carry a DPoP proof (Okta's "Require
    /// Demonstrating Proof of Possession" client setting). Default off.
    pub fn require_dpop(mut self, require: bool) -> OAuthClient {
        self.require_dpop = require;
        self
    }

    /// Whether DPoP proofs must carry the server's nonce, as Okta can ask:
    /// a token request without the token endpoint's nonce is answered `400
    /// use_dpop_nonce`, an API request without the resource server's nonce
    /// `401` with a `use_dpop_nonce` challenge, each with the nonce in a
    /// `DPoP-Nonce` header. Default off.
    pub fn dpop_nonce(mut self, nonce: bool) -> OAuthClient {
        self.dpop_nonce = nonce;
        self
    }

    /// The client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }
}

impl std::fmt::Debug for OAuthClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthClient")
            .field("client_id", &self.client_id)
            .field("key_type", &self.public_jwk.get("kty"))
            .field("scopes", &self.scopes)
            .field("require_dpop", &self.require_dpop)
            .field("dpop_nonce", &self.dpop_nonce)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_members_are_dropped_and_never_printed() {
        let client = OAuthClient::new(
            "0oa1",
            serde_json::json!({"kty": "EC", "crv": "P-256", "x": "X", "y": "Y", "d": "SECRET-D"}),
        );
        assert!(client.public_jwk.get("d").is_none());
        assert_eq!(client.public_jwk["x"], "X");
        assert!(!format!("{client:?}").contains("SECRET"));
    }
}
