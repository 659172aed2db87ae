//! Paging for list operations: one road for every page.
//!
//! `build.rs` implements [`Paged`] for every generated list builder (a `GET` answering
//! with a JSON array) and gives it three methods built on the functions here:
//!
//! - `send_page()`: one [`Page`] (the first, or the one at the builder's `after`);
//! - `pages()`: a stream of pages, with their headers, rate limit and request id;
//! - `stream()`: every item of every page, one page in memory at a time.
//!
//! Every page is the same builder sent again with the next page's `after` cursor, so
//! every page goes through the same request path, decoder, operation name, retries and
//! error mapping. An operation without an `after` parameter follows the `next` link
//! itself, on the org's origin only. Loop protection keeps the last few cursors, not
//! every URL: memory stays constant however long the listing.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;

use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use okta_api::{try_parse_links, Error, RateLimit, Runtime};
use progenitor_client::ResponseValue;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

/// How many recent cursors a listing remembers to detect a server that loops.
const LOOP_WINDOW: usize = 16;

/// One page of a list operation: plain data.
#[derive(Clone, Debug)]
pub struct Page<T> {
    items: Vec<T>,
    status: StatusCode,
    headers: HeaderMap,
    next: Next,
}

/// Where the next page is.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Next {
    None,
    /// The `next` link and its `after` cursor, if it has one.
    Link {
        url: String,
        cursor: Option<String>,
    },
    /// The `Link` header could not be read: reported when the next page is asked for.
    Malformed(String),
}

impl<T> Page<T> {
    fn from_response(response: ResponseValue<Vec<T>>, runtime: &Runtime) -> Self {
        let status = response.status();
        let headers = response.headers().clone();
        let next = match try_parse_links(&headers) {
            Err(problem) => Next::Malformed(problem),
            Ok(links) => match links.into_iter().find(|(rel, _)| rel == "next") {
                None => Next::None,
                Some((_, url)) => {
                    let cursor = reqwest::Url::parse(&url)
                        .or_else(|_| reqwest::Url::parse(runtime.base_url())?.join(&url))
                        .ok()
                        .and_then(|u| {
                            u.query_pairs()
                                .find(|(k, _)| k == "after")
                                .map(|(_, v)| v.into_owned())
                        });
                    Next::Link { url, cursor }
                }
            },
        };
        Page {
            items: response.into_inner(),
            status,
            headers,
            next,
        }
    }

    /// The items of this page.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// The items, taken out.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// `X-Okta-Request-Id`, for Okta support.
    pub fn request_id(&self) -> Option<String> {
        okta_api::request_id_of(&self.headers)
    }

    /// The rate-limit state the response reported.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(&self.headers)
    }

    /// Whether the server announced a next page (also `true` when its `Link` header was
    /// malformed: asking for the next page reports that error rather than ending early).
    pub fn has_next(&self) -> bool {
        !matches!(self.next, Next::None)
    }

    /// The `after` cursor of the next page: save it, and resume the listing later with
    /// the same builder and `.after(cursor)`.
    pub fn next_cursor(&self) -> Option<&str> {
        match &self.next {
            Next::Link { cursor, .. } => cursor.as_deref(),
            _ => None,
        }
    }

    /// The `next` link as the server sent it.
    pub fn next_url(&self) -> Option<&str> {
        match &self.next {
            Next::Link { url, .. } => Some(url),
            _ => None,
        }
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// A boxed future of a list response.
pub type ListFuture<'a, T> =
    Pin<Box<dyn Future<Output = Result<ResponseValue<Vec<T>>, Error>> + Send + 'a>>;

/// A generated list builder (implemented by `build.rs`; not for users to implement).
#[doc(hidden)]
pub trait Paged<'a>: Clone + Send + Sized + 'a {
    /// One item of the list.
    type Item: DeserializeOwned + Send + 'a;
    /// The operationId.
    const OPERATION: &'static str;
    /// The runtime the builder sends through.
    fn runtime(&self) -> &'a Runtime;
    /// The same request for the page after `cursor`; `None` when the operation has no
    /// `after` parameter.
    fn with_cursor(self, cursor: String) -> Option<Self>;
    /// Sends the request.
    fn send_list(self) -> ListFuture<'a, Self::Item>;
}

/// One page: what the builder asks for.
pub(crate) async fn page<'a, B: Paged<'a>>(builder: B) -> Result<Page<B::Item>, Error> {
    let runtime = builder.runtime();
    let response = builder.send_list().await?;
    Ok(Page::from_response(response, runtime))
}

struct Walk<'a, B: Paged<'a>> {
    /// The request for the next page; `None` when the listing is over.
    next: Option<NextRequest<B>>,
    runtime: &'a Runtime,
    recent: VecDeque<String>,
}

enum NextRequest<B> {
    Builder(B),
    Link(String),
}

/// Every page, starting with what the builder asks for.
pub(crate) fn pages<'a, B: Paged<'a>>(builder: B) -> BoxStream<'a, Result<Page<B::Item>, Error>> {
    let walk = Walk {
        runtime: builder.runtime(),
        next: Some(NextRequest::Builder(builder.clone())),
        recent: VecDeque::with_capacity(LOOP_WINDOW),
    };
    stream::try_unfold((walk, builder), |(mut walk, template)| async move {
        let Some(request) = walk.next.take() else {
            return Ok(None);
        };
        let page = match request {
            NextRequest::Builder(b) => page(b).await?,
            NextRequest::Link(url) => follow(walk.runtime, B::OPERATION, &url).await?,
        };
        walk.next = match &page.next {
            Next::None => None,
            Next::Malformed(problem) => {
                return Err(Error::InvalidResponse {
                    operation: B::OPERATION.to_owned(),
                    message: format!("the `Link` header cannot be read: {problem}"),
                })
            }
            Next::Link { url, cursor } => {
                let key = cursor.clone().unwrap_or_else(|| url.clone());
                if walk.recent.contains(&key) {
                    tracing::warn!(
                        operation = B::OPERATION,
                        "the server repeated a page; listing ends"
                    );
                    None
                } else {
                    if walk.recent.len() == LOOP_WINDOW {
                        walk.recent.pop_front();
                    }
                    walk.recent.push_back(key);
                    match cursor {
                        Some(cursor) => match template.clone().with_cursor(cursor.clone()) {
                            Some(b) => Some(NextRequest::Builder(b)),
                            None => Some(NextRequest::Link(url.clone())),
                        },
                        None => Some(NextRequest::Link(url.clone())),
                    }
                }
            }
        };
        Ok(Some((page, (walk, template))))
    })
    .boxed()
}

/// Every item of every page.
pub(crate) fn items<'a, B: Paged<'a>>(builder: B) -> BoxStream<'a, Result<B::Item, Error>> {
    pages(builder)
        .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
        .try_flatten()
        .boxed()
}

/// Fetches a `next` link of an operation without an `after` parameter (origin-checked
/// by the runtime).
async fn follow<T: DeserializeOwned>(
    runtime: &Runtime,
    operation: &'static str,
    url: &str,
) -> Result<Page<T>, Error> {
    let response = runtime
        .request(reqwest::Method::GET, url)
        .operation(operation)
        .send()
        .await?;
    let (status, headers, body) = crate::response::read_whole(operation, response).await?;
    let items: Vec<T> = okta_api::decode_json(operation, &body)?;
    Ok(Page::from_response(
        ResponseValue::new(items, status, headers),
        runtime,
    ))
}
