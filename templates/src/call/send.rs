//! Sending a [`Call`] and reading its answer: JSON, text, bytes, a byte
//! stream, nothing, or pages.

use serde::de::DeserializeOwned;

use super::super::adapt::{DecodedAs, DeserializeAs};
use super::super::client::{Body, RawResponse};
use super::super::send::{Operation, Sent};
use super::super::{ApiResponse, ByteStream, Error, Page, Paginator};
use super::Call;
use reqwest::Url;

/// A call's operation, URL, body and headers, as sending takes them.
type Request = (Operation, Url, Body, Vec<(&'static str, String)>);

impl Call {
    /// What sending takes from the call: its operation, URL, body and
    /// headers, or the error recorded while it was built.
    fn take_request(&mut self) -> Result<Request, Error> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        let url = self.url()?;
        Ok((self.operation(), url, self.body(), std::mem::take(&mut self.headers)))
    }

    async fn execute(mut self) -> Result<RawResponse, Error> {
        let (operation, url, body, headers) = self.take_request()?;
        let mut raw = self
            .client
            .execute(operation, self.method.clone(), url, &headers, body)
            .await?;
        raw.accepted_status = self.accepted_status;
        Ok(raw)
    }

    async fn execute_streaming(mut self) -> Result<Sent, Error> {
        let (operation, url, body, headers) = self.take_request()?;
        self.client
            .execute_streaming(operation, self.method.clone(), url, &headers, body)
            .await
    }

    /// Sends the request; the success body as text.
    pub async fn send_text(self) -> Result<String, Error> {
        Ok(self.send_text_with_metadata().await?.body)
    }

    /// Sends the request; the success body as text, with status and headers.
    pub async fn send_text_with_metadata(self) -> Result<ApiResponse<String>, Error> {
        let raw = self.execute().await?;
        raw.check_status()?;
        let body = String::from_utf8_lossy(&raw.body).into_owned();
        Ok(raw.with_body(body))
    }

    /// Sends the request; the success body as bytes.
    pub async fn send_bytes(self) -> Result<Vec<u8>, Error> {
        Ok(self.send_bytes_with_metadata().await?.body)
    }

    /// Sends the request; the success body as bytes, with status and headers.
    pub async fn send_bytes_with_metadata(self) -> Result<ApiResponse<Vec<u8>>, Error> {
        let mut raw = self.execute().await?;
        raw.check_status()?;
        let body = std::mem::take(&mut raw.body);
        Ok(raw.with_body(body))
    }

    /// Sends the request; on success the body is left unread, to be read
    /// chunk by chunk (no size cap applies); an error status is read and
    /// reported as usual.
    pub async fn send_stream(self) -> Result<ByteStream, Error> {
        let client = self.client.clone();
        let accepted_status = self.accepted_status;
        let server = self.operation().server;
        let sent = self.execute_streaming().await?;
        let status = sent.response.status().as_u16();
        if (200..300).contains(&status) || accepted_status == Some(status) {
            return Ok(ByteStream::new(sent.response));
        }
        client.read(sent, server).await?.check_status()?;
        Err(Error::Config(format!(
            "status {status} is neither success nor an error"
        )))
    }

    /// Sends the request and decodes the JSON response.
    pub async fn send<T: DeserializeOwned>(self) -> Result<T, Error> {
        let operation = self.operation;
        self.execute().await?.decode(operation)
    }

    /// Sends the request; the decoded body with the status and headers.
    pub async fn send_with_metadata<T: DeserializeOwned>(self) -> Result<ApiResponse<T>, Error> {
        let operation = self.operation;
        let raw = self.execute().await?;
        let body = raw.decode(operation)?;
        Ok(raw.with_body(body))
    }

    /// Sends the request and decodes the JSON response through the codec
    /// `C` (a body that is a date, or a list or map of dates).
    pub async fn send_as<C, T>(self) -> Result<T, Error>
    where
        C: for<'de> DeserializeAs<'de, T>,
    {
        self.send::<DecodedAs<T, C>>().await.map(|decoded| decoded.0)
    }

    /// [`send_as`](Self::send_as) with the status and headers.
    pub async fn send_as_with_metadata<C, T>(self) -> Result<ApiResponse<T>, Error>
    where
        C: for<'de> DeserializeAs<'de, T>,
    {
        let response = self.send_with_metadata::<DecodedAs<T, C>>().await?;
        Ok(response.map(|decoded| decoded.0))
    }

    /// Sends the request; the status and headers (the body is not decoded).
    pub async fn send_empty_with_metadata(self) -> Result<ApiResponse<()>, Error> {
        let raw = self.execute().await?;
        raw.check_status()?;
        Ok(raw.with_body(()))
    }

    /// Sends the request; the success body (usually empty) is not decoded.
    pub async fn send_empty(self) -> Result<(), Error> {
        self.execute().await?.check_status()
    }

    /// Sends this request and follows its next-page links.
    pub fn paginate<P: Page>(self) -> Paginator<P> {
        Paginator::new(self, super::super::Paging::Link)
    }

    /// Sends this request and pages the way `paging` says.
    pub fn paginate_by<P: Page>(self, paging: super::super::Paging) -> Paginator<P> {
        Paginator::new(self, paging)
    }
}
