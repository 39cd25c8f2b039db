//! Request bodies other than forms and JSON — `multipart/form-data` with
//! files, raw bytes and text — and streamed downloads.
//!
//! Multipart bodies are encoded here into bytes rather than through
//! `reqwest::multipart::Form`, which cannot be cloned: an encoded body can be
//! sent again when a request is retried.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering};

use super::Error;

/// A file sent as one part of a `multipart/form-data` body: its bytes, and
/// optionally a file name and a media type (`application/octet-stream` if
/// unset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePart {
    bytes: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A part holding `bytes`.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Sets the file name sent in the part's `Content-Disposition`.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the part's `Content-Type`.
    pub fn content_type(mut self, media: impl Into<String>) -> Self {
        self.content_type = Some(media.into());
        self
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The file's bytes, taken.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<&[u8]> for FilePart {
    fn from(bytes: &[u8]) -> Self {
        Self::new(bytes)
    }
}

impl From<String> for FilePart {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

impl From<&str> for FilePart {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

/// One part of a multipart body.
#[derive(Debug, Clone)]
pub(crate) enum Part {
    Text(String),
    File(FilePart),
}

/// Encodes `parts` as `multipart/form-data` (RFC 7578): the content type
/// (with its boundary) and the body.
pub(crate) fn encode_multipart(parts: &[(&'static str, Part)]) -> (Cow<'static, str>, Vec<u8>) {
    let boundary = boundary_for(parts);
    let mut body = Vec::new();
    for (name, part) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let name = quoted(name);
        match part {
            Part::Text(text) => {
                body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes());
                body.extend_from_slice(text.as_bytes());
            }
            Part::File(file) => {
                let file_name = file
                    .file_name
                    .as_deref()
                    .map(|f| format!("; filename=\"{}\"", quoted(f)))
                    .unwrap_or_default();
                let media = file.content_type.as_deref().unwrap_or("application/octet-stream");
                let media: String = media.chars().filter(|c| !c.is_control()).collect();
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"{file_name}\r\nContent-Type: {media}\r\n\r\n"
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(&file.bytes);
            }
        }
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (Cow::Owned(format!("multipart/form-data; boundary={boundary}")), body)
}

/// A boundary that occurs in no part (tried until one does not).
fn boundary_for(parts: &[(&'static str, Part)]) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let boundary = format!("------------------------{:016x}{n:08x}", seed ^ n.rotate_left(32));
        let occurs = parts.iter().any(|(_, part)| {
            let bytes = match part {
                Part::Text(text) => text.as_bytes(),
                Part::File(file) => &file.bytes,
            };
            bytes.windows(boundary.len()).any(|w| w == boundary.as_bytes())
        });
        if !occurs {
            return boundary;
        }
    }
}

/// A name inside a quoted header parameter: quotes and line breaks escaped
/// as browsers do (RFC 7578 §4.2), so a value cannot add a header.
fn quoted(name: &str) -> String {
    name.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

/// A response body read chunk by chunk, for downloads too large to hold in
/// memory; [`ByteStream::chunk`] yields the next piece.
#[derive(Debug)]
pub struct ByteStream {
    response: reqwest::Response,
}

impl ByteStream {
    pub(crate) fn new(response: reqwest::Response) -> Self {
        Self { response }
    }

    /// The response status.
    pub fn status(&self) -> u16 {
        self.response.status().as_u16()
    }

    /// The response headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        self.response.headers()
    }

    /// The next chunk of the body, or `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<Vec<u8>>, Error> {
        Ok(self.response.chunk().await?.map(|bytes| bytes.to_vec()))
    }

    /// The rest of the body as a stream of chunks (`Unpin`: usable with
    /// `while let Some(chunk) = stream.next().await` as it is).
    pub fn into_stream(self) -> futures::stream::BoxStream<'static, Result<Vec<u8>, Error>> {
        use futures::StreamExt as _;
        futures::stream::try_unfold(self, |mut stream| async move {
            Ok(stream.chunk().await?.map(|chunk| (chunk, stream)))
        })
        .boxed()
    }
}
