//! The operations progenitor cannot express (non-JSON request bodies), written
//! by hand on the same path as generated ones: [`Runtime::execute`] for auth,
//! retry, tracing and errors, and the generated models for bodies.
//!
//! `spec/REPORT.md` lists them with the reason each is hand-written.

use bytes::Bytes;
use okta_api::{DecodeError, Error, Runtime};
use progenitor_client::encode_path;
use reqwest::header::CONTENT_TYPE;
use reqwest::multipart::{Form, Part};
use serde::de::DeserializeOwned;

use crate::models::{ForgotPasswordResponse, ImageUploadResponse, JsonWebKey, UserCredentials};
use crate::Client;

/// A file to upload (logo, favicon, background image).
#[derive(Clone, Debug)]
pub struct Upload {
    file_name: String,
    content_type: String,
    bytes: Bytes,
}

impl Upload {
    /// A file called `file_name` (sent as the part's file name) with the media
    /// type `content_type` (`image/png`, `image/svg+xml`, …).
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

/// The content type of a certificate being published.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Certificate {
    /// `application/x-x509-ca-cert`.
    Cer,
    /// `application/pkix-cert`.
    Der,
    /// `application/x-pem-file`.
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

/// Sends `request` for `operation` and returns the body.
async fn send(
    runtime: &Runtime,
    operation: &str,
    request: reqwest::RequestBuilder,
) -> Result<Bytes, Error> {
    let request = request
        .build()
        .map_err(|e| Error::InvalidRequest(format!("{operation}: {}", e.without_url())))?;
    let response = runtime.execute(request, operation).await?;
    response.bytes().await.map_err(|e| Error::Transport {
        operation: operation.to_owned(),
        message: e.without_url().to_string(),
        source: None,
    })
}

fn decode<T: DeserializeOwned>(operation: &str, body: &[u8]) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        Error::Decode(Box::new(DecodeError::from_json(
            Some(operation),
            Some(path),
            e.inner(),
            body,
        )))
    })
}

impl Client {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.runtime().base_url())
    }

    async fn upload(&self, operation: &str, path: String, file: Upload) -> Result<Bytes, Error> {
        let form = file.into_form(operation)?;
        let request = self
            .runtime()
            .http_client()
            .post(self.url(&path))
            .multipart(form);
        send(self.runtime(), operation, request).await
    }

    async fn publish(
        &self,
        operation: &str,
        path: String,
        kind: Certificate,
        body: Bytes,
    ) -> Result<JsonWebKey, Error> {
        let request = self
            .runtime()
            .http_client()
            .post(self.url(&path))
            .header(CONTENT_TYPE, kind.content_type())
            .body(body);
        let body = send(self.runtime(), operation, request).await?;
        decode(operation, &body)
    }

    /// `POST /api/v1/apps/{appId}/logo` (`uploadApplicationLogo`): sets an
    /// application's logo.
    pub async fn upload_application_logo(&self, app_id: &str, file: Upload) -> Result<(), Error> {
        let path = format!("/api/v1/apps/{}/logo", encode_path(app_id));
        self.upload("uploadApplicationLogo", path, file)
            .await
            .map(drop)
    }

    /// `POST /api/v1/org/logo` (`updateOrgLogo`): sets the org's logo.
    pub async fn update_org_logo(&self, file: Upload) -> Result<(), Error> {
        self.upload("updateOrgLogo", "/api/v1/org/logo".into(), file)
            .await
            .map(drop)
    }

    /// `POST /api/v1/brands/{brandId}/themes/{themeId}/logo`
    /// (`uploadBrandThemeLogo`): sets a theme's logo.
    pub async fn upload_brand_theme_logo(
        &self,
        brand_id: &str,
        theme_id: &str,
        file: Upload,
    ) -> Result<ImageUploadResponse, Error> {
        self.upload_theme_image("uploadBrandThemeLogo", brand_id, theme_id, "logo", file)
            .await
    }

    /// `POST /api/v1/brands/{brandId}/themes/{themeId}/favicon`
    /// (`uploadBrandThemeFavicon`): sets a theme's favicon.
    pub async fn upload_brand_theme_favicon(
        &self,
        brand_id: &str,
        theme_id: &str,
        file: Upload,
    ) -> Result<ImageUploadResponse, Error> {
        self.upload_theme_image(
            "uploadBrandThemeFavicon",
            brand_id,
            theme_id,
            "favicon",
            file,
        )
        .await
    }

    /// `POST /api/v1/brands/{brandId}/themes/{themeId}/background-image`
    /// (`uploadBrandThemeBackgroundImage`): sets a theme's background image.
    pub async fn upload_brand_theme_background_image(
        &self,
        brand_id: &str,
        theme_id: &str,
        file: Upload,
    ) -> Result<ImageUploadResponse, Error> {
        self.upload_theme_image(
            "uploadBrandThemeBackgroundImage",
            brand_id,
            theme_id,
            "background-image",
            file,
        )
        .await
    }

    async fn upload_theme_image(
        &self,
        operation: &str,
        brand_id: &str,
        theme_id: &str,
        image: &str,
        file: Upload,
    ) -> Result<ImageUploadResponse, Error> {
        let path = format!(
            "/api/v1/brands/{}/themes/{}/{image}",
            encode_path(brand_id),
            encode_path(theme_id)
        );
        let body = self.upload(operation, path, file).await?;
        decode(operation, &body)
    }

    /// `POST /api/v1/users/{userId}/credentials/forgot_password`
    /// (`forgotPasswordSetNewPassword`): sets a new password after the
    /// recovery question is answered. `send_email` defaults to `true` on the
    /// server when `None`.
    pub async fn forgot_password_set_new_password(
        &self,
        user_id: &str,
        credentials: &UserCredentials,
        send_email: Option<bool>,
    ) -> Result<ForgotPasswordResponse, Error> {
        const OPERATION: &str = "forgotPasswordSetNewPassword";
        let path = format!(
            "/api/v1/users/{}/credentials/forgot_password",
            encode_path(user_id)
        );
        let mut request = self
            .runtime()
            .http_client()
            .post(self.url(&path))
            .json(credentials);
        if let Some(send_email) = send_email {
            request = request.query(&[("sendEmail", send_email)]);
        }
        let body = send(self.runtime(), OPERATION, request).await?;
        decode(OPERATION, &body)
    }
}

/// Generates the ten certificate publishes: `{app,idp}` × (`cer`, `der` as
/// base64 text; `cer`, `der`, `pem` as bytes).
macro_rules! publish_operations {
    ($($(#[$doc:meta])* $name:ident, $op:literal, $owner:literal, $kind:ident, $body:ty;)*) => {
        impl Client {
            $(
                $(#[$doc])*
                pub async fn $name(
                    &self,
                    owner_id: &str,
                    csr_id: &str,
                    certificate: $body,
                ) -> Result<JsonWebKey, Error> {
                    let path = format!(
                        "/api/v1/{}/{}/credentials/csrs/{}/lifecycle/publish",
                        $owner,
                        encode_path(owner_id),
                        encode_path(csr_id)
                    );
                    self.publish($op, path, Certificate::$kind, Bytes::from(certificate)).await
                }
            )*
        }
    };
}

publish_operations! {
    /// `publishCerCert`: publishes a CSR's signed certificate for an app, as
    /// base64 DER text (`application/x-x509-ca-cert`).
    publish_cer_cert, "publishCerCert", "apps", Cer, String;
    /// `publishBinaryCerCert`: the same, as DER bytes.
    publish_binary_cer_cert, "publishBinaryCerCert", "apps", Cer, Vec<u8>;
    /// `publishDerCert`: publishes a CSR's signed certificate for an app, as
    /// base64 DER text (`application/pkix-cert`).
    publish_der_cert, "publishDerCert", "apps", Der, String;
    /// `publishBinaryDerCert`: the same, as DER bytes.
    publish_binary_der_cert, "publishBinaryDerCert", "apps", Der, Vec<u8>;
    /// `publishBinaryPemCert`: publishes a CSR's signed certificate for an
    /// app, as PEM bytes (`application/x-pem-file`).
    publish_binary_pem_cert, "publishBinaryPemCert", "apps", Pem, Vec<u8>;
    /// `publishCerCertForIdentityProvider`: as [`Client::publish_cer_cert`],
    /// for an identity provider.
    publish_cer_cert_for_identity_provider, "publishCerCertForIdentityProvider", "idps", Cer, String;
    /// `publishBinaryCerCertForIdentityProvider`: as
    /// [`Client::publish_binary_cer_cert`], for an identity provider.
    publish_binary_cer_cert_for_identity_provider, "publishBinaryCerCertForIdentityProvider", "idps", Cer, Vec<u8>;
    /// `publishDerCertForIdentityProvider`: as [`Client::publish_der_cert`],
    /// for an identity provider.
    publish_der_cert_for_identity_provider, "publishDerCertForIdentityProvider", "idps", Der, String;
    /// `publishBinaryDerCertForIdentityProvider`: as
    /// [`Client::publish_binary_der_cert`], for an identity provider.
    publish_binary_der_cert_for_identity_provider, "publishBinaryDerCertForIdentityProvider", "idps", Der, Vec<u8>;
    /// `publishBinaryPemCertForIdentityProvider`: as
    /// [`Client::publish_binary_pem_cert`], for an identity provider.
    publish_binary_pem_cert_for_identity_provider, "publishBinaryPemCertForIdentityProvider", "idps", Pem, Vec<u8>;
}
