//! The credential-source trait the runtime calls for every attempt.

use futures::future::BoxFuture;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::AuthError;

/// What the runtime should do after the resource server rejected a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RejectionAdvice {
    /// Credentials were refreshed (or a DPoP nonce learned): authorize the
    /// request again and resend it once.
    RetryOnce,
    /// Nothing would change: return the rejection to the caller.
    GiveUp,
}

/// A source of credentials for requests to the Okta org.
///
/// Implement it to plug in your own (a vault, a token broker). Implementations
/// must never log or print secret material, and their `Debug` output must not
/// show it either.
///
/// The runtime calls [`authorize`](CredentialSource::authorize) before every
/// attempt. When the server rejects a request it calls
/// [`on_rejected`](CredentialSource::on_rejected); on
/// [`RejectionAdvice::RetryOnce`] it authorizes the request again and resends
/// it once.
///
/// # Example: a token kept in a vault
///
/// ```
/// use std::fmt;
/// use std::sync::Mutex;
///
/// use futures::future::BoxFuture;
/// use okta_auth::{AuthError, CredentialSource, RejectionAdvice};
/// use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
/// use reqwest::StatusCode;
///
/// /// Stands in for a secrets manager client.
/// struct Vault;
///
/// impl Vault {
///     async fn read(&self, _path: &str) -> Result<String, std::io::Error> {
///         Ok("00-api-token-from-the-vault".to_owned())
///     }
/// }
///
/// struct VaultToken {
///     vault: Vault,
///     cached: Mutex<Option<HeaderValue>>,
/// }
///
/// impl fmt::Debug for VaultToken {
///     fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
///         f.write_str("VaultToken { .. }") // never the token
///     }
/// }
///
/// impl CredentialSource for VaultToken {
///     fn authorize<'a>(
///         &'a self,
///         request: &'a mut reqwest::Request,
///     ) -> BoxFuture<'a, Result<(), AuthError>> {
///         Box::pin(async move {
///             let cached = self.cached.lock().unwrap().clone();
///             let value = match cached {
///                 Some(value) => value,
///                 None => {
///                     let token = self
///                         .vault
///                         .read("okta/api-token")
///                         .await
///                         .map_err(|e| AuthError::other_with_source("vault read failed", e))?;
///                     let mut value = HeaderValue::from_str(&format!("SSWS {token}"))
///                         .map_err(|_| AuthError::other("token is not a valid header value"))?;
///                     value.set_sensitive(true);
///                     *self.cached.lock().unwrap() = Some(value.clone());
///                     value
///                 }
///             };
///             request.headers_mut().insert(AUTHORIZATION, value);
///             Ok(())
///         })
///     }
///
///     fn on_rejected<'a>(
///         &'a self,
///         status: StatusCode,
///         _headers: &'a HeaderMap,
///     ) -> BoxFuture<'a, Result<RejectionAdvice, AuthError>> {
///         Box::pin(async move {
///             if status == StatusCode::UNAUTHORIZED {
///                 // The token may have been rotated: read it again next time.
///                 *self.cached.lock().unwrap() = None;
///                 return Ok(RejectionAdvice::RetryOnce);
///             }
///             Ok(RejectionAdvice::GiveUp)
///         })
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let source = VaultToken { vault: Vault, cached: Mutex::new(None) };
/// let mut request = reqwest::Request::new(
///     reqwest::Method::GET,
///     "https://dev-123.okta.com/api/v1/users".parse().unwrap(),
/// );
/// source.authorize(&mut request).await.unwrap();
/// assert!(request.headers().contains_key(AUTHORIZATION));
/// # }
/// ```
pub trait CredentialSource: Send + Sync + std::fmt::Debug {
    /// Adds the authorization header(s) to `request`, obtaining or renewing a
    /// token first when needed. Called once per attempt.
    fn authorize<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), AuthError>>;

    /// Called when a request authorized by this source came back `401` (or a
    /// `400`/`401` carrying a DPoP `use_dpop_nonce` challenge). The default
    /// gives up.
    fn on_rejected<'a>(
        &'a self,
        status: StatusCode,
        headers: &'a HeaderMap,
    ) -> BoxFuture<'a, Result<RejectionAdvice, AuthError>> {
        let _ = (status, headers);
        Box::pin(async { Ok(RejectionAdvice::GiveUp) })
    }

    /// An opaque identity of the principal these credentials act as now,
    /// which keeps cached responses of different principals apart. It must
    /// not contain a secret (hash any token; [`identity_hash`](crate::identity_hash)
    /// helps), and it should change when the principal does.
    ///
    /// The default `None` makes the runtime key its cache by the source
    /// instance, which is safe but never shares entries between runtimes.
    fn cache_identity(&self) -> Option<String> {
        None
    }
}
