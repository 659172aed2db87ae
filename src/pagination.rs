//! Paging for generated list operations.
//!
//! `build.rs` gives every generated list builder (a `GET` answering with a
//! JSON array) two methods, both built on the helpers here:
//!
//! - `send_page()`: the first [`Page`]; walk on with `has_next()` / `next()`
//!   (the Python SDK's `resp.has_next()` / `await resp.next()`);
//! - `stream()`: every item of every page as a `futures::Stream`, one page in
//!   memory at a time.

use std::future::Future;

use futures::{Stream, StreamExt};
use okta_api::{Error, Page, Runtime};
use progenitor_client::ResponseValue;

/// The first page of a list operation's response.
pub(crate) fn first_page<T>(
    runtime: &Runtime,
    operation: &str,
    response: ResponseValue<Vec<T>>,
) -> Page<T> {
    let headers = response.headers().clone();
    Page::from_response(runtime, &headers, response.into_inner()).with_operation(operation)
}

/// Every item of the pages starting with `first`.
pub(crate) fn stream<T, F>(first: F) -> impl Stream<Item = Result<T, Error>> + Send
where
    F: Future<Output = Result<Page<T>, Error>> + Send,
    T: serde::de::DeserializeOwned + Send + 'static,
{
    futures::stream::once(first)
        .map(|first| match first {
            Ok(page) => page.into_stream().left_stream(),
            Err(error) => futures::stream::once(async move { Err(error) }).right_stream(),
        })
        .flatten()
}
