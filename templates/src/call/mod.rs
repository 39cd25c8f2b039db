//! The one request path every operation goes through: fill in the path,
//! add query pairs, encode the body, send, decode.

mod send;
mod values;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::{Method, Url};

use std::borrow::Cow;

use super::body::{encode_multipart, Part};
use super::client::Body;
use super::pairs::Pairs;
use super::send::Operation;
use super::{Client, Error, ToParam, ValidationError};

/// Everything but RFC 3986 unreserved characters is escaped in a path
/// segment, so no value can add `/`, `?` or `#` to the path.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A request being assembled by an operation builder (used by generated
/// code; not a stable API).
#[derive(Debug)]
pub struct Call {
    pub(crate) client: Client,
    pub(crate) server: &'static str,
    /// The `operationId`, for errors and traces.
    pub(crate) operation: &'static str,
    /// The path as the spec writes it, for hooks and traces.
    pub(crate) path_template: &'static str,
    method: Method,
    path: String,
    query: Pairs,
    form: Pairs,
    headers: Vec<(&'static str, String)>,
    /// A body given whole (JSON, bytes, text) with its media type.
    payload: Option<(Cow<'static, str>, Vec<u8>)>,
    /// The parts of a `multipart/form-data` body, in the order set.
    parts: Vec<(&'static str, Part)>,
    /// The first parameter that failed validation; reported by `send`.
    error: Option<Error>,
    /// A non-2xx status the spec documents as this operation's success.
    accepted_status: Option<u16>,
    /// A path parameter that defaults to the credentials' account SID.
    account_default: Option<&'static str>,
    /// The page-size query parameter and its maximum, for paginated calls.
    page_size: Option<(&'static str, Option<i64>)>,
    /// The spec's security for this operation, if it declares any.
    security: Option<super::auth::Security>,
}

impl Call {
    pub fn new(
        client: &Client,
        operation: &'static str,
        method: Method,
        server: &'static str,
        path: &'static str,
    ) -> Self {
        Self {
            client: client.clone(),
            server,
            operation,
            path_template: path,
            method,
            path: path.to_owned(),
            query: Pairs::default(),
            form: Pairs::default(),
            headers: Vec::new(),
            payload: None,
            parts: Vec::new(),
            error: None,
            accepted_status: None,
            account_default: None,
            page_size: None,
            security: None,
        }
    }

    fn wire(&mut self, name: &'static str, value: &(impl ToParam + ?Sized)) -> Option<String> {
        match value.to_param() {
            Ok(text) => Some(text),
            Err(source) => {
                self.fail(name, source);
                None
            }
        }
    }

    fn fail(&mut self, parameter: &'static str, source: ValidationError) {
        if self.error.is_none() {
            self.error = Some(Error::InvalidParameter { parameter, source });
        }
    }

    /// Substitutes `{name}` in the path with the percent-encoded value.
    pub fn path_param(&mut self, name: &'static str, value: &(impl ToParam + ?Sized)) {
        let Some(text) = self.wire(name, value) else {
            return;
        };
        if text.is_empty() || text == "." || text == ".." {
            self.fail(
                name,
                ValidationError {
                    type_name: "path segment",
                    value: text.into(),
                    rule: "a path parameter must not be empty, `.` or `..`".into(),
                },
            );
            return;
        }
        let encoded = utf8_percent_encode(&text, PATH_SEGMENT).to_string();
        self.path = self.path.replace(&format!("{{{name}}}"), &encoded);
    }

    /// Sets a request header, replacing an earlier value of the same name.
    pub fn header(&mut self, name: &'static str, value: &(impl ToParam + ?Sized)) {
        self.headers.retain(|(key, _)| *key != name);
        if let Some(text) = self.wire(name, value) {
            self.headers.push((name, text));
        }
    }

    /// Fills path parameter `name` with the credentials' account SID unless
    /// it is set (an `{AccountSid}` the vendor's own libraries fill in too).
    pub fn default_to_account(&mut self, name: &'static str) {
        self.account_default = Some(name);
    }

    /// Names the query parameter that sets a page's size (`PageSize`) and
    /// its maximum, so that `Paginator::limit` can ask for small pages.
    pub fn page_size_param(&mut self, name: &'static str, maximum: Option<i64>) {
        self.page_size = Some((name, maximum));
    }

    /// Asks for pages of `items` (capped by the maximum) unless a size is set.
    pub(crate) fn default_page_size(&mut self, items: usize) {
        let Some((name, maximum)) = self.page_size else { return };
        if self.query.contains(name) || items == 0 {
            return;
        }
        let wanted = i64::try_from(items).unwrap_or(i64::MAX);
        let size = maximum.map_or(wanted, |max| wanted.min(max));
        self.query.set_default(name, size.to_string());
    }

    /// Treats `status` as success (an API may document `307` with a
    /// JSON body); the redirect itself is not followed across hosts.
    pub fn accept_status(&mut self, status: u16) {
        self.accepted_status = Some(status);
    }

    /// Refuses a number outside the spec's inclusive bounds.
    pub fn check_range(&mut self, name: &'static str, value: i64, minimum: Option<i64>, maximum: Option<i64>) {
        let below = minimum.is_some_and(|min| value < min);
        let above = maximum.is_some_and(|max| value > max);
        if below || above {
            let bound = |b: Option<i64>| b.map_or("unbounded".to_owned(), |b| b.to_string());
            let rule = format!("must be between {} and {}", bound(minimum), bound(maximum));
            self.fail(
                name,
                ValidationError {
                    type_name: "integer",
                    value: value.to_string().into(),
                    rule: rule.into(),
                },
            );
        }
    }

    /// Sets how the credentials go on this request (the spec's `security`).
    pub fn security(&mut self, security: super::auth::Security) {
        self.security = Some(security);
    }

    /// Asks for these media types (`Accept`) instead of JSON.
    pub fn accept(&mut self, media: &'static str) {
        self.headers.retain(|(key, _)| *key != "Accept");
        self.headers.push(("Accept", media.to_owned()));
    }

    /// The full URL, or the first validation error recorded.
    pub(crate) fn url(&self) -> Result<Url, Error> {
        let mut path = std::borrow::Cow::Borrowed(self.path.as_str());
        if let Some(name) = self
            .account_default
            .filter(|name| path.contains(&format!("{{{name}}}")))
        {
            let account = self.client.credentials().account_sid().ok_or_else(|| {
                Error::Config(format!(
                    "`{name}` is not set and the credentials name no account: set it on the request, or use \
                     Credentials::account or Credentials::api_key(..).for_account(..)"
                ))
            })?;
            let encoded = utf8_percent_encode(account, PATH_SEGMENT).to_string();
            path = std::borrow::Cow::Owned(path.replace(&format!("{{{name}}}"), &encoded));
        }
        if let Some(unfilled) = path.find('{') {
            let rest = &path[unfilled..];
            return Err(Error::Config(format!("path parameter left unset in `{rest}`")));
        }
        let base = self.client.base_for(self.server)?;
        let joined = format!("{}{path}", base.as_str().trim_end_matches('/'));
        let mut url = Url::parse(&joined).map_err(|e| Error::Config(format!("URL `{joined}`: {e}")))?;
        if !self.query.is_empty() {
            url.query_pairs_mut().extend_pairs(self.query.iter());
        }
        Ok(url)
    }

    fn body(&mut self) -> Body {
        if let Some((content_type, bytes)) = self.payload.take() {
            return Body::Encoded { content_type, bytes };
        }
        if !self.parts.is_empty() {
            let (content_type, bytes) = encode_multipart(&self.parts);
            return Body::Encoded { content_type, bytes };
        }
        if self.form.is_empty() {
            return Body::Empty;
        }
        let mut encoder = form_urlencoded::Serializer::new(String::new());
        encoder.extend_pairs(self.form.iter());
        let bytes = encoder.finish().into_bytes();
        Body::Encoded {
            content_type: Cow::Borrowed("application/x-www-form-urlencoded"),
            bytes,
        }
    }

    /// Validation error recorded so far, for the paginator's first request.
    #[allow(clippy::type_complexity)]
    pub(crate) fn first_request(
        mut self,
    ) -> Result<(Client, &'static str, Operation, Vec<(&'static str, String)>, Url), Error> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        let url = self.url()?;
        let operation = self.operation();
        Ok((self.client, self.server, operation, self.headers, url))
    }

    pub(crate) fn operation(&self) -> Operation {
        Operation {
            id: self.operation,
            path_template: self.path_template,
            security: self.security,
            server: self.server,
        }
    }
}
