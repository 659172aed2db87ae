//! Link-header pagination.

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use futures::stream::{BoxStream, StreamExt};
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, LINK};
use reqwest::Method;
use serde::de::DeserializeOwned;
use url::Url;

use crate::error::{decode_json, Error, Result};
use crate::rate_limit::RateLimit;
use crate::runtime::Runtime;

/// One page of a list operation, with the link to the next one.
///
/// Walk pages with [`Page::has_next`] and [`Page::next`], or get every item of
/// every remaining page with [`Page::into_stream`]. The next link is followed
/// as given, but only on the org's origin: a link elsewhere fails with
/// [`Error::ForeignOrigin`](crate::Error::ForeignOrigin) and nothing is sent
/// there. A link to a page already visited (same URL or same `after` cursor)
/// ends the listing.
pub struct Page<T> {
    runtime: Runtime,
    items: Vec<T>,
    next: Option<String>,
    operation: String,
    headers: HeaderMap,
    visited: Arc<HashSet<String>>,
    /// Why the `Link` header could not be read; reported instead of a next
    /// page.
    link_error: Option<String>,
}

impl<T: fmt::Debug> fmt::Debug for Page<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Page")
            .field("items", &self.items)
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

impl<T> Page<T> {
    /// A page from a list response's headers and its decoded items.
    pub fn from_response(runtime: &Runtime, headers: &HeaderMap, items: Vec<T>) -> Page<T> {
        Self::build(
            runtime,
            headers,
            items,
            "paginate".to_owned(),
            Arc::new(HashSet::new()),
        )
    }

    fn build(
        runtime: &Runtime,
        headers: &HeaderMap,
        items: Vec<T>,
        operation: String,
        visited: Arc<HashSet<String>>,
    ) -> Page<T> {
        let (links, link_error) = match try_parse_links(headers) {
            Ok(links) => (links, None),
            Err(reason) => (Vec::new(), Some(reason)),
        };
        if let Some(reason) = &link_error {
            tracing::warn!(operation = %operation, reason = %reason, "malformed Link header");
        }
        let mut visited = visited;
        if let Some(own) = links.iter().find(|(rel, _)| rel == "self") {
            let set = Arc::make_mut(&mut visited);
            for key in visit_keys(runtime, &own.1) {
                set.insert(key);
            }
        }
        let next = links
            .into_iter()
            .find(|(rel, _)| rel == "next")
            .map(|(_, url)| url);
        Page {
            runtime: runtime.clone(),
            items,
            next,
            operation,
            headers: headers.clone(),
            visited,
            link_error,
        }
    }

    /// Names the operation used in traces and errors of later pages.
    pub fn with_operation(mut self, operation: impl Into<String>) -> Self {
        self.operation = operation.into();
        self
    }

    /// The items of this page.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// The items of this page, by value.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// The headers of this page's response.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The rate-limit state reported with this page.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(&self.headers)
    }

    /// Whether another page follows (a next link that was not visited yet).
    /// Also `true` when the `Link` header was malformed, so that
    /// [`Page::next`] reports the error instead of the listing ending early.
    pub fn has_next(&self) -> bool {
        if self.link_error.is_some() {
            return true;
        }
        self.next.as_deref().is_some_and(|next| {
            !visit_keys(&self.runtime, next)
                .iter()
                .any(|k| self.visited.contains(k))
        })
    }

    /// The next page's URL as the server gave it; save it to resume later with
    /// [`Runtime::resume_pages`].
    pub fn next_url(&self) -> Option<&str> {
        if self.has_next() {
            self.next.as_deref()
        } else {
            None
        }
    }

    /// The `after` cursor of the next page, when its URL has one.
    pub fn next_cursor(&self) -> Option<String> {
        let next = self.next_url()?;
        let url = self.runtime.resolve_unchecked(next)?;
        let cursor = url
            .query_pairs()
            .find(|(k, _)| k == "after")
            .map(|(_, v)| v.into_owned());
        cursor
    }
}

impl<T: DeserializeOwned> Page<T> {
    /// Fetches the next page; `Ok(None)` when there is none.
    pub async fn next(&self) -> Result<Option<Page<T>>> {
        match self.prepare_next()? {
            Some((url, visited)) => {
                Page::fetch(&self.runtime, url, self.operation.clone(), visited)
                    .await
                    .map(Some)
            }
            None => Ok(None),
        }
    }

    /// Consumes this page and fetches the next one; `Ok(None)` when there is
    /// none.
    pub async fn into_next(self) -> Result<Option<Page<T>>> {
        match self.into_prepared()? {
            Some((url, visited, runtime, operation)) => {
                Page::fetch(&runtime, url, operation, visited)
                    .await
                    .map(Some)
            }
            None => Ok(None),
        }
    }

    /// The next page's URL (checked against the org's origin) and the visited
    /// set it will carry: a copy of this page's, which the caller keeps.
    fn prepare_next(&self) -> Result<Option<(Url, Arc<HashSet<String>>)>> {
        Ok(self
            .next_target()?
            .map(|(url, keys)| (url, with_keys(self.visited.clone(), keys))))
    }

    /// Like [`Page::prepare_next`], consuming the page: its visited set is
    /// extended in place, not copied (a copy per page made a long listing
    /// quadratic), and its runtime and operation name come along.
    #[allow(clippy::type_complexity)]
    fn into_prepared(self) -> Result<Option<(Url, Arc<HashSet<String>>, Runtime, String)>> {
        let target = self.next_target()?;
        let Page {
            runtime,
            operation,
            visited,
            ..
        } = self;
        Ok(target.map(|(url, keys)| (url, with_keys(visited, keys), runtime, operation)))
    }

    /// The next page's URL (checked against the org's origin) and the keys
    /// that mark it visited; `None` at the end of the listing.
    fn next_target(&self) -> Result<Option<(Url, Vec<String>)>> {
        if let Some(reason) = &self.link_error {
            return Err(Error::InvalidResponse {
                operation: self.operation.clone(),
                message: reason.clone(),
            });
        }
        if !self.has_next() {
            return Ok(None);
        }
        let Some(next) = self.next.as_deref() else {
            return Ok(None);
        };
        let url = self.runtime.resolve(next)?;
        Ok(Some((url, visit_keys(&self.runtime, next))))
    }

    pub(crate) async fn fetch(
        runtime: &Runtime,
        url: Url,
        operation: String,
        visited: Arc<HashSet<String>>,
    ) -> Result<Page<T>> {
        let visited = with_keys(visited, visit_keys(runtime, url.as_str()));
        let (headers, body) = get_page(runtime, url, &operation).await?;
        let items: Vec<T> = decode_json(&operation, &body)?;
        Ok(Page::build(runtime, &headers, items, operation, visited))
    }

    /// Every item of this page and of the pages after it, fetched one page at
    /// a time. A failure is yielded as an error item, after which the stream
    /// ends. The stream is boxed, so it is `Unpin` and `Send`.
    pub fn into_stream(self) -> BoxStream<'static, Result<T>>
    where
        T: Send + 'static,
    {
        let mut page = self;
        let items = std::mem::take(&mut page.items);
        let state = StreamState {
            runtime: page.runtime.clone(),
            items: items.into_iter(),
            page: Some(page),
        };
        futures::stream::unfold(state, |mut state| async move {
            loop {
                if let Some(item) = state.items.next() {
                    return Some((Ok(item), state));
                }
                let page = state.page.take()?;
                let fetched = match page.into_prepared() {
                    Ok(Some((url, visited, _, operation))) => {
                        Page::fetch(&state.runtime, url, operation, visited).await
                    }
                    Ok(None) => return None,
                    Err(err) => Err(err),
                };
                match fetched {
                    Ok(mut next) => {
                        state.items = std::mem::take(&mut next.items).into_iter();
                        state.page = Some(next);
                    }
                    Err(err) => return Some((Err(err), state)),
                }
            }
        })
        .boxed()
    }
}

impl Runtime {
    /// Resumes a listing from a saved next-page URL (see
    /// [`Page::next_url`]): fetches that page.
    pub async fn resume_pages<T: DeserializeOwned>(&self, next_url: &str) -> Result<Page<T>> {
        let url = self.resolve(next_url)?;
        Page::fetch(self, url, "paginate".into(), Default::default()).await
    }
}

/// Sends a `GET` for the page at `url` through [`Runtime::execute`] and
/// returns the headers and body of the successful answer.
async fn get_page(runtime: &Runtime, url: Url, operation: &str) -> Result<(HeaderMap, Bytes)> {
    let mut req = reqwest::Request::new(Method::GET, url);
    req.headers_mut()
        .insert(ACCEPT, HeaderValue::from_static("application/json"));
    let resp = runtime.execute(req, operation).await?;
    let headers = resp.headers().clone();
    let body = resp
        .bytes()
        .await
        .map_err(|e| Error::from_reqwest(operation, e))?;
    Ok((headers, body))
}

struct StreamState<T> {
    runtime: Runtime,
    items: std::vec::IntoIter<T>,
    page: Option<Page<T>>,
}

/// `visited` with `keys` added (copied first only when another page shares it).
fn with_keys(mut visited: Arc<HashSet<String>>, keys: Vec<String>) -> Arc<HashSet<String>> {
    Arc::make_mut(&mut visited).extend(keys);
    visited
}

/// Keys identifying a visited page: its URL and its `after` cursor.
fn visit_keys(runtime: &Runtime, link: &str) -> Vec<String> {
    let Some(url) = runtime.resolve_unchecked(link) else {
        return vec![format!("url:{link}")];
    };
    let mut keys = vec![format!("url:{url}")];
    if let Some((_, after)) = url.query_pairs().find(|(k, _)| k == "after") {
        keys.push(format!("after:{}:{after}", url.path()));
    }
    keys
}

/// The `(rel, url)` pairs of every `Link` header: one relation per line or
/// several in one comma-separated line; quoted or unquoted `rel`, possibly
/// with several space-separated relation types. Malformed links are skipped;
/// [`try_parse_links`] reports them instead.
pub fn parse_links(headers: &HeaderMap) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for value in headers.get_all(LINK) {
        let Ok(value) = value.to_str() else { continue };
        for link in split_links(value) {
            if let Ok(Some(pairs)) = parse_link(link) {
                out.extend(pairs);
            }
        }
    }
    out
}

/// Like [`parse_links`], but fails on a `Link` value that is not ASCII text
/// or holds a link that is not `<target>` followed by `;`-separated
/// parameters. The error names what is wrong, never the value.
pub fn try_parse_links(headers: &HeaderMap) -> std::result::Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for value in headers.get_all(LINK) {
        let value = value
            .to_str()
            .map_err(|_| "a `Link` header is not visible ASCII text".to_owned())?;
        for link in split_links(value) {
            if let Some(pairs) = parse_link(link)? {
                out.extend(pairs);
            }
        }
    }
    Ok(out)
}

/// One link: `Ok(None)` for an empty element, the `(rel, url)` pairs of a
/// well-formed one, `Err` otherwise.
fn parse_link(link: &str) -> std::result::Result<Option<Vec<(String, String)>>, String> {
    let link = link.trim();
    if link.is_empty() {
        return Ok(None);
    }
    let rest = link
        .strip_prefix('<')
        .ok_or_else(|| "a `Link` element does not start with `<`".to_owned())?;
    let end = rest
        .find('>')
        .ok_or_else(|| "a `Link` target has no closing `>`".to_owned())?;
    let target = rest[..end].trim().to_owned();
    let params = rest[end + 1..].trim();
    if !params.is_empty() && !params.starts_with(';') {
        return Err("a `Link` target is followed by something other than `;`".to_owned());
    }
    let mut out = Vec::new();
    for param in params.split(';').skip(1) {
        let param = param.trim();
        let (name, val) = match param.split_once('=') {
            Some((name, val)) => (name.trim(), Some(val.trim())),
            None => (param, None),
        };
        if name.is_empty() {
            return Err("a `Link` parameter has no name".to_owned());
        }
        if !name.eq_ignore_ascii_case("rel") {
            continue;
        }
        let Some(val) = val else {
            return Err("a `Link` `rel` parameter has no value".to_owned());
        };
        let val = val.trim_matches('"');
        for rel in val.split_whitespace() {
            out.push((rel.to_ascii_lowercase(), target.clone()));
        }
    }
    Ok(Some(out))
}

/// Splits a `Link` header value on commas outside `<…>` and quotes.
fn split_links(value: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut in_angle, mut in_quote, mut start) = (false, false, 0);
    for (i, c) in value.char_indices() {
        match c {
            '<' if !in_quote => in_angle = true,
            '>' if !in_quote => in_angle = false,
            '"' if !in_angle => in_quote = !in_quote,
            ',' if !in_angle && !in_quote => {
                parts.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&value[start..]);
    parts
}
