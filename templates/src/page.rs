//! One paginator for every list operation, whatever its page shape and
//! however the API says where the next page is ([`Paging`]): each style
//! comes down to the next page's URL, which is followed under one set of
//! rules (same hosts only, a URL seen twice is an error, not a loop).

use std::collections::HashSet;
use std::marker::PhantomData;

use futures::stream::{self, StreamExt, TryStreamExt};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;

use super::client::Body;
use super::error::{redacted_link, ResumeLink};
use super::send::Operation;
use super::{Call, Client, Error};

/// A page of a list response: its items and what it says of the next page.
///
/// Implemented by the generated code for each page struct it recognises,
/// and here for a bare JSON array (paged by header, offset or page number).
pub trait Page: DeserializeOwned + Send + 'static {
    /// One element of the list.
    type Item: Send + 'static;
    /// The items of this page.
    fn items(&self) -> &[Self::Item];
    /// Takes the items out of this page.
    fn into_items(self) -> Vec<Self::Item>;
    /// The next page's link ([`Paging::Link`]), `None` on the last page.
    fn next_page_link(&self) -> Option<&str> {
        None
    }
    /// The cursor to send for the next page ([`Paging::Cursor`]), `None`
    /// (or empty) on the last page.
    fn cursor(&self) -> Option<&str> {
        None
    }
}

impl<T: DeserializeOwned + Send + 'static> Page for Vec<T> {
    type Item = T;
    fn items(&self) -> &[T] {
        self
    }
    fn into_items(self) -> Vec<T> {
        self
    }
}

/// How a list operation says where its next page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// A link in the body ([`Page::next_page_link`]; Twilio, Spotify, HAL).
    Link,
    /// The `Link: <…>; rel="next"` response header (GitHub, RFC 8288).
    LinkHeader,
    /// The body's cursor ([`Page::cursor`]) sent back as this query
    /// parameter (Slack's `cursor`, Google's `pageToken`, Stripe's
    /// `starting_after`).
    Cursor(&'static str),
    /// This query parameter advanced by each page's number of items; an
    /// empty page is the last.
    Offset(&'static str),
    /// This query parameter advanced by one per page, from the value given
    /// (or this first one); an empty page is the last.
    PageNumber(&'static str, i64),
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
    paging: Paging,
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
    paging: Paging,
    /// Pages read so far.
    pages: usize,
}

impl<P: Page> Paginator<P> {
    pub(crate) fn new(call: Call, paging: Paging) -> Self {
        Self {
            call,
            paging,
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
    /// ([`Page::next_page_link`], or the URL an error reports) instead of the
    /// first page: resumes a listing. The link is held to the same rules as
    /// any next-page link.
    pub fn starting_at(mut self, next_page_link: impl Into<String>) -> Self {
        self.start = Some(next_page_link.into());
        self
    }

    /// Every page, in order, until the last page or the limit. The stream is
    /// `Unpin`: `while let Some(page) = pages.next().await` needs no `pin!`.
    pub fn pages(self) -> stream::BoxStream<'static, Result<P, Error>> {
        let remaining = self.limit;
        let start = self.start;
        let paging = self.paging;
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
                    paging,
                    pages: 0,
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
    let fetched = state
        .client
        .execute(state.operation, Method::GET, url.clone(), &state.headers, Body::Empty)
        .await
        .and_then(|raw| raw.decode::<P>(state.operation.id).map(|page| (raw, page)));
    let (raw, page) = match fetched {
        Ok(fetched) => fetched,
        // After the first page, the error says where to resume.
        Err(error) if state.pages > 0 => {
            return Err(Error::PageFailed {
                pages_read: state.pages,
                resume_at: ResumeLink(url.to_string()),
                source: Box::new(error),
            })
        }
        Err(error) => return Err(error),
    };
    state.pages += 1;
    if let Some(remaining) = &mut state.remaining {
        *remaining = remaining.saturating_sub(page.items().len());
    }
    let link = match state.paging {
        Paging::Link => page.next_page_link().map(str::to_owned),
        Paging::LinkHeader => next_in_link_header(&raw.headers),
        _ => None,
    };
    state.next = match state.paging {
        Paging::Link | Paging::LinkHeader => link
            .filter(|link| !link.is_empty())
            .map(|link| resolve_link(&state.client, state.server, &url, &link)),
        Paging::Cursor(param) => page
            .cursor()
            .filter(|cursor| !cursor.is_empty())
            .map(|cursor| Ok(with_query(&url, param, cursor))),
        _ if page.items().is_empty() => None,
        Paging::Offset(param) => {
            let offset = query_number(&url, param).unwrap_or(0);
            let next = offset.saturating_add(i64::try_from(page.items().len()).unwrap_or(i64::MAX));
            Some(Ok(with_query(&url, param, &next.to_string())))
        }
        Paging::PageNumber(param, first) => {
            let next = query_number(&url, param).unwrap_or(first).saturating_add(1);
            Some(Ok(with_query(&url, param, &next.to_string())))
        }
    };
    Ok(Some((page, state)))
}

/// `url` with the query parameter `name` set to `value` (replacing it, and
/// keeping every other parameter as it was).
fn with_query(url: &Url, name: &str, value: &str) -> Url {
    let mut next = url.clone();
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(key, _)| key != name)
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    next.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair(name, value);
    next
}

/// The number the query parameter `name` of `url` holds, if it does.
fn query_number(url: &Url, name: &str) -> Option<i64> {
    url.query_pairs().find(|(key, _)| key == name)?.1.parse().ok()
}

/// The `rel="next"` target of the response's `Link` headers (RFC 8288).
pub(crate) fn next_in_link_header(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers
        .get_all(reqwest::header::LINK)
        .iter()
        // UTF-8, not only visible ASCII (`to_str`): a link to an IRI elsewhere
        // in the value must not hide the next one.
        .filter_map(|value| std::str::from_utf8(value.as_bytes()).ok())
        .flat_map(split_links)
        .find(|(_, params)| {
            params.split(';').any(|param| {
                let Some((key, value)) = param.split_once('=') else {
                    return false;
                };
                key.trim().eq_ignore_ascii_case("rel")
                    && value
                        .trim()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|rel| rel.eq_ignore_ascii_case("next"))
            })
        })
        .map(|(target, _)| target.to_owned())
}

/// `<a>; rel="next", <b>; rel="last"` → `[("a", "; rel=\"next\""), ("b", …)]`:
/// the targets (which may hold commas) and their parameters.
fn split_links(header: &str) -> Vec<(&str, &str)> {
    let mut links = Vec::new();
    let mut rest = header;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else { break };
        let target = &rest[open + 1..open + close];
        let after = &rest[open + close + 1..];
        let end = after.find('<').unwrap_or(after.len());
        links.push((target, after[..end].trim_end_matches([',', ' '])));
        rest = &after[end..];
    }
    links
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

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderValue, LINK};

    #[test]
    fn the_next_link_is_read_from_link_headers() {
        let mut headers = HeaderMap::new();
        headers.append(
            LINK,
            HeaderValue::from_static(
                r#"<https://api.github.com/repos?page=1>; rel="prev", <https://api.github.com/repos?page=3&q=a,b>; rel="next""#,
            ),
        );
        assert_eq!(
            next_in_link_header(&headers).as_deref(),
            Some("https://api.github.com/repos?page=3&q=a,b")
        );
        let mut last = HeaderMap::new();
        last.append(
            LINK,
            HeaderValue::from_static(r#"<https://x.test/?page=1>; rel="first prev""#),
        );
        assert_eq!(next_in_link_header(&last), None);
        let mut several = HeaderMap::new();
        several.append(LINK, HeaderValue::from_static(r#"<https://x.test/a>; rel=last"#));
        several.append(
            LINK,
            HeaderValue::from_static(r#"<https://x.test/b>; title="x"; REL=Next"#),
        );
        assert_eq!(next_in_link_header(&several).as_deref(), Some("https://x.test/b"));
        assert_eq!(next_in_link_header(&HeaderMap::new()), None);
    }

    /// Found by the Link property (`properties::links`): a header whose
    /// other link is an IRI (UTF-8, which `to_str` refuses) hid the next one.
    #[test]
    fn a_utf8_link_does_not_hide_the_next_one() {
        let mut headers = HeaderMap::new();
        let value = "<https://x.test/é>; rel=prev, <https://x.test/b?page=2>; rel=next";
        headers.append(LINK, HeaderValue::from_bytes(value.as_bytes()).expect("a header value"));
        assert_eq!(
            next_in_link_header(&headers).as_deref(),
            Some("https://x.test/b?page=2")
        );
    }

    #[test]
    fn a_query_parameter_is_replaced_and_the_others_kept() {
        let url = Url::parse("https://x.test/list?limit=2&cursor=old&q=a%20b").unwrap();
        let next = with_query(&url, "cursor", "n&xt");
        let pairs: Vec<(String, String)> = next.query_pairs().map(|(k, v)| (k.into(), v.into())).collect();
        let want = [("limit", "2"), ("q", "a b"), ("cursor", "n&xt")];
        assert_eq!(pairs, want.map(|(k, v)| (k.to_owned(), v.to_owned())));
        assert_eq!(query_number(&next, "limit"), Some(2));
        assert_eq!(query_number(&next, "cursor"), None);
        let bare = with_query(&Url::parse("https://x.test/list").unwrap(), "page", "2");
        assert_eq!(bare.as_str(), "https://x.test/list?page=2");
    }
}
