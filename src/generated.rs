//! The progenitor-generated client and the one hook joining it to the runtime.
//!
//! API Boundary: the generated `Client` never talks to the network itself.
//! Its `exec` hook hands every request to [`okta_api::Runtime::execute`]
//! (auth, retry, cache, tracing, error mapping); a runtime error comes back as
//! a synthetic response that `From<progenitor_client::Error<_>>` for
//! [`okta_api::Error`] turns back into the typed error, losslessly.

#![allow(
    clippy::all,
    missing_docs,
    unused_imports,
    unused_mut,
    dead_code,
    rustdoc::bare_urls,
    rustdoc::broken_intra_doc_links,
    rustdoc::invalid_html_tags
)]

include!(concat!(env!("OUT_DIR"), "/client.rs"));

impl ClientHooks<okta_api::Runtime> for Client {
    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        // progenitor names the method; errors and spans name the spec's operationId.
        let operation =
            crate::operations::id_of_method(info.operation_id).unwrap_or(info.operation_id);
        match self.inner.execute(request, operation).await {
            Ok(response) => Ok(response),
            Err(error) => Ok(okta_api::error_response(error)),
        }
    }
}
