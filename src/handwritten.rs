//! The operations progenitor cannot express (non-JSON request bodies), written by hand as
//! builders shaped like the generated ones, on the same path: [`Runtime::execute`] for
//! auth, retry, tracing and errors, the generated models for bodies.
//!
//! `spec/REPORT.md` lists them with the reason each is hand-written. Each is compiled with
//! the cargo feature of its API area; the shared pieces are unused in builds without some.
#![cfg_attr(
    not(all(
        feature = "apps",
        feature = "authenticators",
        feature = "customization",
        feature = "identity-providers",
        feature = "security-events"
    )),
    allow(dead_code, unused_imports)
)]

use bytes::Bytes;
use okta_api::{Error, Runtime};
use progenitor_client::ResponseValue;
use reqwest::header::CONTENT_TYPE;
use reqwest::multipart::{Form, Part};
use reqwest::Method;
use serde::de::DeserializeOwned;

use crate::path_segment;
use crate::Client;

/// A file to upload (logo, favicon, background image).
#[derive(Clone, Debug)]
pub struct Upload {
    file_name: String,
    content_type: String,
    bytes: Bytes,
}

impl Upload {
    /// A file called `file_name` (sent as the part's file name) with the media type
    /// `content_type` (`image/png`, `image/svg+xml`, …).
    pub fn new(
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        bytes: impl Into<Bytes>,
    ) -> Self {
        Upload {
            file_name: file_name.into(),
            content_type: content_type.into(),
            bytes: bytes.into(),
        }
    }

    fn into_form(self, operation: &str) -> Result<Form, Error> {
        let part = Part::stream(reqwest::Body::from(self.bytes))
            .file_name(self.file_name)
            .mime_str(&self.content_type)
            .map_err(|_| {
                Error::InvalidRequest(format!(
                    "{operation}: `{}` is not a media type",
                    self.content_type
                ))
            })?;
        Ok(Form::new().part("file", part))
    }
}

/// How a signed certificate is sent when a CSR is published.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Certificate {
    /// DER bytes, or their base64 text, as `application/x-x509-ca-cert`.
    Cer,
    /// DER bytes, or their base64 text, as `application/pkix-cert`.
    Der,
    /// PEM text, as `application/x-pem-file`.
    Pem,
}

impl Certificate {
    fn content_type(self) -> &'static str {
        match self {
            Certificate::Cer => "application/x-x509-ca-cert",
            Certificate::Der => "application/pkix-cert",
            Certificate::Pem => "application/x-pem-file",
        }
    }
}

/// A request body of a hand-written operation.
enum Body {
    Multipart(Upload),
    Raw {
        content_type: &'static str,
        bytes: Bytes,
    },
    Json {
        content_type: &'static str,
        bytes: Result<Vec<u8>, String>,
    },
}

/// One hand-written call: everything but the response type.
struct Call<'a> {
    runtime: &'a Runtime,
    operation: &'static str,
    method: Method,
    path: String,
    body: Option<Body>,
}

impl Call<'_> {
    async fn send(self) -> Result<(reqwest::StatusCode, reqwest::header::HeaderMap, Bytes), Error> {
        let operation = self.operation;
        let url = format!("{}{}", self.runtime.base_url(), self.path);
        let mut request = self.runtime.http_client().request(self.method, url);
        request = match self.body {
            Some(Body::Multipart(file)) => request.multipart(file.into_form(operation)?),
            Some(Body::Raw {
                content_type,
                bytes,
            }) => request.header(CONTENT_TYPE, content_type).body(bytes),
            Some(Body::Json {
                content_type,
                bytes,
            }) => {
                let bytes = bytes.map_err(|e| {
                    Error::InvalidRequest(format!("{operation}: the body cannot be encoded: {e}"))
                })?;
                request.header(CONTENT_TYPE, content_type).body(bytes)
            }
            None => request,
        };
        let request = request
            .build()
            .map_err(|e| Error::InvalidRequest(format!("{operation}: {}", e.without_url())))?;
        let response = self.runtime.execute(request, operation).await?;
        crate::response::read_whole(operation, response).await
    }

    async fn send_json<T: DeserializeOwned>(self) -> Result<ResponseValue<T>, Error> {
        let operation = self.operation;
        let (status, headers, body) = self.send().await?;
        let value = okta_api::decode_json(operation, &body)?;
        Ok(ResponseValue::new(value, status, headers))
    }

    async fn send_empty(self) -> Result<ResponseValue<()>, Error> {
        let (status, headers, _) = self.send().await?;
        Ok(ResponseValue::new((), status, headers))
    }
}

/// The value of a required parameter, or the error naming it.
fn required<T>(operation: &str, name: &str, value: Option<T>) -> Result<T, Error> {
    value.ok_or_else(|| Error::InvalidRequest(format!("{operation}: `{name}` is required")))
}

/// Declares a builder: its parameters (each a `String` setter) and its `send`.
macro_rules! builder {
    (
        $(#[$doc:meta])*
        $feature:literal, $method_name:ident, $builder:ident, $op:literal {
            $($param:ident: $wire:literal),* $(,)?
        }
        $(extra { $($extra:ident: $extra_ty:ty),* $(,)? })?
    ) => {
        #[cfg(feature = $feature)]
        impl Client {
            $(#[$doc])*
            pub fn $method_name(&self) -> $builder<'_> {
                $builder {
                    runtime: self.runtime(),
                    $($param: None,)*
                    $($($extra: None,)*)?
                }
            }
        }

        #[doc = concat!("Builder of [`Client::", stringify!($method_name), "`] (`", $op, "`).")]
        #[cfg(feature = $feature)]
        #[must_use]
        pub struct $builder<'a> {
            runtime: &'a Runtime,
            $($param: Option<String>,)*
            $($($extra: Option<$extra_ty>,)*)?
        }

        #[cfg(feature = $feature)]
        impl<'a> $builder<'a> {
            $(
                #[doc = concat!("Sets `", $wire, "` (path parameter, required).")]
                pub fn $param(mut self, value: impl Into<String>) -> Self {
                    self.$param = Some(value.into());
                    self
                }
            )*
        }
    };
}

builder! {
    /// `uploadApplicationLogo` — `POST /api/v1/apps/{appId}/logo` (multipart upload).
    ///
    /// Sets an application's logo: `.app_id(..)`, `.file(Upload::new(..))`, `.send()`.
    "apps", upload_application_logo, UploadApplicationLogo, "uploadApplicationLogo" {
        app_id: "appId",
    }
    extra { file: Upload }
}

#[cfg(feature = "apps")]
impl UploadApplicationLogo<'_> {
    /// Sets the image to upload (required).
    pub fn file(mut self, file: Upload) -> Self {
        self.file = Some(file);
        self
    }

    /// Sends the request.
    pub async fn send(self) -> Result<ResponseValue<()>, Error> {
        const OP: &str = "uploadApplicationLogo";
        let app_id = required(OP, "appId", self.app_id)?;
        let file = required(OP, "file", self.file)?;
        Call {
            runtime: self.runtime,
            operation: OP,
            method: Method::POST,
            path: format!("/api/v1/apps/{}/logo", path_segment::encode(&app_id)),
            body: Some(Body::Multipart(file)),
        }
        .send_empty()
        .await
    }
}

/// Declares a theme image upload (logo, favicon, background image).
macro_rules! theme_image {
    ($(#[$doc:meta])* $method_name:ident, $builder:ident, $op:literal, $image:literal) => {
        builder! {
            $(#[$doc])*
            "customization", $method_name, $builder, $op {
                brand_id: "brandId",
                theme_id: "themeId",
            }
            extra { file: Upload }
        }

        #[cfg(feature = "customization")]
        impl $builder<'_> {
            /// Sets the image to upload (required).
            pub fn file(mut self, file: Upload) -> Self {
                self.file = Some(file);
                self
            }

            /// Sends the request.
            pub async fn send(
                self,
            ) -> Result<ResponseValue<crate::models::ImageUploadResponse>, Error> {
                let brand_id = required($op, "brandId", self.brand_id)?;
                let theme_id = required($op, "themeId", self.theme_id)?;
                let file = required($op, "file", self.file)?;
                Call {
                    runtime: self.runtime,
                    operation: $op,
                    method: Method::POST,
                    path: format!(
                        "/api/v1/brands/{}/themes/{}/{}",
                        path_segment::encode(&brand_id),
                        path_segment::encode(&theme_id),
                        $image
                    ),
                    body: Some(Body::Multipart(file)),
                }
                .send_json()
                .await
            }
        }
    };
}

theme_image! {
    /// `uploadBrandThemeLogo` — `POST /api/v1/brands/{brandId}/themes/{themeId}/logo`
    /// (multipart upload): sets a theme's logo.
    upload_brand_theme_logo, UploadBrandThemeLogo, "uploadBrandThemeLogo", "logo"
}
theme_image! {
    /// `uploadBrandThemeFavicon` — `POST /api/v1/brands/{brandId}/themes/{themeId}/favicon`
    /// (multipart upload): sets a theme's favicon.
    upload_brand_theme_favicon, UploadBrandThemeFavicon, "uploadBrandThemeFavicon", "favicon"
}
theme_image! {
    /// `uploadBrandThemeBackgroundImage` —
    /// `POST /api/v1/brands/{brandId}/themes/{themeId}/background-image` (multipart
    /// upload): sets a theme's background image.
    upload_brand_theme_background_image, UploadBrandThemeBackgroundImage,
    "uploadBrandThemeBackgroundImage", "background-image"
}

/// Declares a CSR publish (`{owner}/{id}/credentials/csrs/{csrId}/lifecycle/publish`).
macro_rules! csr_publish {
    (
        $(#[$doc:meta])* $feature:literal, $method_name:ident, $builder:ident, $op:literal,
        $owner:literal, $owner_param:ident: $owner_wire:literal, $csr_param:ident: $csr_wire:literal,
        $response:ty
    ) => {
        builder! {
            $(#[$doc])*
            $feature, $method_name, $builder, $op {
                $owner_param: $owner_wire,
                $csr_param: $csr_wire,
            }
            extra { certificate: (Certificate, Bytes) }
        }

        #[cfg(feature = $feature)]
        impl $builder<'_> {
            /// Sets the signed certificate and how it is encoded (required).
            pub fn certificate(mut self, kind: Certificate, certificate: impl Into<Bytes>) -> Self {
                self.certificate = Some((kind, certificate.into()));
                self
            }

            /// Sends the request.
            pub async fn send(self) -> Result<ResponseValue<$response>, Error> {
                let owner = required($op, $owner_wire, self.$owner_param)?;
                let csr = required($op, $csr_wire, self.$csr_param)?;
                let (kind, bytes) = required($op, "certificate", self.certificate)?;
                Call {
                    runtime: self.runtime,
                    operation: $op,
                    method: Method::POST,
                    path: format!(
                        "/api/v1/{}/{}/credentials/csrs/{}/lifecycle/publish",
                        $owner,
                        path_segment::encode(&owner),
                        path_segment::encode(&csr)
                    ),
                    body: Some(Body::Raw {
                        content_type: kind.content_type(),
                        bytes,
                    }),
                }
                .send_json()
                .await
            }
        }
    };
}

csr_publish! {
    /// `publishCsrFromApplication` —
    /// `POST /api/v1/apps/{appId}/credentials/csrs/{csrId}/lifecycle/publish`: publishes
    /// the signed certificate of an app's CSR (`.certificate(Certificate::Der, bytes)`).
    "apps", publish_csr_from_application, PublishCsrFromApplication, "publishCsrFromApplication",
    "apps", app_id: "appId", csr_id: "csrId", crate::models::JsonWebKey
}
csr_publish! {
    /// `publishCsrForIdentityProvider` —
    /// `POST /api/v1/idps/{idpId}/credentials/csrs/{idpCsrId}/lifecycle/publish`:
    /// publishes the signed certificate of an identity provider's CSR.
    "identity-providers", publish_csr_for_identity_provider, PublishCsrForIdentityProvider,
    "publishCsrForIdentityProvider", "idps", idp_id: "idpId", idp_csr_id: "idpCsrId",
    crate::models::IdPKeyCredential
}

builder! {
    /// `publishSecurityEventTokens` — `POST /security/api/v1/security-events`: sends a
    /// Security Event Token (a signed JWT, `application/secevent+jwt`) to Okta.
    "security-events", publish_security_event_tokens, PublishSecurityEventTokens,
    "publishSecurityEventTokens" {}
    extra { token: String }
}

#[cfg(feature = "security-events")]
impl PublishSecurityEventTokens<'_> {
    /// Sets the Security Event Token, a compact JWS (required).
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Sends the request (Okta answers `202 Accepted` with no body).
    pub async fn send(self) -> Result<ResponseValue<()>, Error> {
        const OP: &str = "publishSecurityEventTokens";
        let token = required(OP, "token", self.token)?;
        Call {
            runtime: self.runtime,
            operation: OP,
            method: Method::POST,
            path: "/security/api/v1/security-events".into(),
            body: Some(Body::Raw {
                content_type: "application/secevent+jwt",
                bytes: Bytes::from(token),
            }),
        }
        .send_empty()
        .await
    }
}

builder! {
    /// `updateCustomAAGUID` — `PATCH /api/v1/authenticators/{authenticatorId}/aaguids/{aaguid}`
    /// (`application/merge-patch+json`): changes a custom AAGUID of a WebAuthn
    /// authenticator; fields left out of the body are left as they are.
    "authenticators", update_custom_aaguid, UpdateCustomAaguid, "updateCustomAAGUID" {
        authenticator_id: "authenticatorId",
        aaguid: "aaguid",
    }
    extra { body: crate::models::CustomAAGUIDUpdateRequestObject }
}

#[cfg(feature = "authenticators")]
impl UpdateCustomAaguid<'_> {
    /// Sets the merge patch (optional: without it, an empty object is sent).
    pub fn body(mut self, body: crate::models::CustomAAGUIDUpdateRequestObject) -> Self {
        self.body = Some(body);
        self
    }

    /// Sends the request.
    pub async fn send(
        self,
    ) -> Result<ResponseValue<crate::models::CustomAAGUIDResponseObject>, Error> {
        const OP: &str = "updateCustomAAGUID";
        let authenticator_id = required(OP, "authenticatorId", self.authenticator_id)?;
        let aaguid = required(OP, "aaguid", self.aaguid)?;
        let bytes = match &self.body {
            Some(body) => serde_json::to_vec(body).map_err(|e| e.to_string()),
            None => Ok(b"{}".to_vec()),
        };
        Call {
            runtime: self.runtime,
            operation: OP,
            method: Method::PATCH,
            path: format!(
                "/api/v1/authenticators/{}/aaguids/{}",
                path_segment::encode(&authenticator_id),
                path_segment::encode(&aaguid)
            ),
            body: Some(Body::Json {
                content_type: "application/merge-patch+json",
                bytes,
            }),
        }
        .send_json()
        .await
    }
}
