//! One paginator for every list operation, whatever its page shape.

use std::collections::HashSet;
use std::marker::PhantomData;

use futures::stream::{self, StreamExt, TryStreamExt};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;

use super::client::Body;
use super::error::redacted_link;
use super::send::Operation;
use super::{Call, Client, Error};

/// A page of a list response: its items and the link to the next page.
///
/// Implemented by the generated code for each page shape it recognises: a
/// next-page link at the top level (relative to the API host, or absolute)
/// or under a `meta` object.
pub trait Page: DeserializeOwned + Send + 'static {
    /// One element of the list.
    type Item: Send + 'static;
    /// The items of this page.
    fn items(&self) -> &[Self::Item];
    /// Takes the items out of this page.
    fn into_items(self) -> Vec<Self::Item>;
    /// The next page's link, `None` on the last page.
    fn next_page_link(&self) -> Option<&str>;
}

/// Follows next-page links from a list operation's first page.
///
/// Links are followed only to the host of the request that returned them, or
/// to the API's own host (then rewritten onto the configured base URL), so a
/// response cannot send the credentials elsewhere. A link seen twice ends the
/// stream with [`Error::PageLoop`].
#[derive(Debug)]
pub struct Paginator<P> {
    call: Call,
    limit: Option<usize>,
    start: Option<String>,
    page: PhantomData<fn() -> P>,
}

struct State {
    client: Client,
    server: &'static str,
    operation: Operation,
    /// Header parameters, sent with every page.
    headers: Vec<(&'static str, String)>,
    next: Option<Result<Url, Error>>,
    seen: HashSet<String>,
    remaining: Option<usize>,
}

impl<P: Page> Paginator<P> {
    pub(crate) fn new(call: Call) -> Self {
        Self {
            call,
            limit: None,
            start: None,
            page: PhantomData,
        }
    }

    /// Stops after this many items in all (no further page is fetched).
    /// Unless a page size was set, pages are asked for that many items (up
    /// to the spec's maximum), so a small limit costs one small page.
    pub fn limit(mut self, max_items: usize) -> Self {
        self.limit = Some(max_items);
        self.call.default_page_size(max_items);
        self
    }

    /// Starts from a next-page link saved from an earlier page
    /// ([`Page::next_page_link`]) instead of the first page: resumes a listing.
    /// The link is held to the same rules as any next-page link.
    pub fn starting_at(mut self, next_page_link: impl Into<String>) -> Self {
        self.start = Some(next_page_link.into());
        self
    }

    /// Every page, in order, until the last page or the limit. The stream is
    /// `Unpin`: `while let Some(page) = pages.next().await` needs no `pin!`.
    pub fn pages(self) -> stream::BoxStream<'static, Result<P, Error>> {
        let remaining = self.limit;
        let start = self.start;
        let state = match self.call.first_request() {
            Ok((client, server, operation, headers, url)) => {
                let next = match start {
                    Some(link) => resolve_link(&client, server, &url, &link),
                    None => Ok(url),
                };
                Ok(State {
                    client,
                    server,
                    operation,
                    headers,
                    next: Some(next),
                    seen: HashSet::new(),
                    remaining,
                })
            }
            Err(error) => Err(error),
        };
        stream::once(async move { state })
            .map_ok(|state| stream::try_unfold(state, next_page::<P>))
            .try_flatten()
            .boxed()
    }

    /// Every item across pages, until the last page or the limit; `Unpin`,
    /// like [`pages`](Self::pages).
    pub fn items(self) -> stream::BoxStream<'static, Result<P::Item, Error>> {
        let limit = self.limit.unwrap_or(usize::MAX);
        self.pages()
            .map_ok(|page| stream::iter(page.into_items().into_iter().map(Ok)))
            .try_flatten()
            .take(limit)
            .boxed()
    }

    /// Collects [`items`](Self::items) into a vector.
    pub async fn collect(self) -> Result<Vec<P::Item>, Error> {
        self.items().try_collect().await
    }
}

async fn next_page<P: Page>(mut state: State) -> Result<Option<(P, State)>, Error> {
    if state.remaining == Some(0) {
        return Ok(None);
    }
    let url = match state.next.take() {
        None => return Ok(None),
        Some(next) => next?,
    };
    if !state.seen.insert(url.to_string()) {
        return Err(Error::PageLoop {
            url: redacted_link(url.as_str()),
        });
    }
    let page: P = state
        .client
        .execute(state.operation, Method::GET, url.clone(), &state.headers, Body::Empty)
        .await?
        .decode(state.operation.id)?;
    if let Some(remaining) = &mut state.remaining {
        *remaining = remaining.saturating_sub(page.items().len());
    }
    state.next = page
        .next_page_link()
        .filter(|link| !link.is_empty())
        .map(|link| resolve_link(&state.client, state.server, &url, link));
    Ok(Some((page, state)))
}

/// Where a next-page link may lead; see [`Paginator`].
pub(crate) fn resolve_link(client: &Client, server: &'static str, current: &Url, link: &str) -> Result<Url, Error> {
    let refuse = |reason| Error::UnsafePageLink {
        url: redacted_link(link),
        reason,
    };
    let onto_base = |path_and_query: &str| {
        let base = client.base_for(server)?;
        Url::parse(&format!("{}{}", base.as_str().trim_end_matches('/'), path_and_query))
            .map_err(|_| refuse("not a valid URL"))
    };
    if link.starts_with('/') && !link.starts_with("//") {
        return onto_base(link);
    }
    let target = Url::parse(link).map_err(|_| refuse("not a valid URL"))?;
    if target.origin() == current.origin() {
        return Ok(target);
    }
    let canonical = Url::parse(server).map_err(|_| refuse("the API's server URL is invalid"))?;
    let path_and_query = |url: &Url| match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    };
    if target.origin() == canonical.origin() {
        return onto_base(&path_and_query(&target));
    }
    if target.scheme() == "https" {
        // Another host the vendor vouches for (its product in another
        // region): there, unless a base URL takes every request.
        if let Some(url) = client.vendor_link(&target, &canonical) {
            return match client.has_base_url() {
                true => onto_base(&path_and_query(&target)),
                false => Ok(url),
            };
        }
    }
    Err(refuse(
        "it points at a host other than the API's or the one that sent it",
    ))
}
