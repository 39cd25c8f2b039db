//! A loopback HTTP/1.1 server for the fixture crate's tests: answers each
//! request with the next of its replies and reports what it received.
//!
//! Each test binary uses a part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;

/// What a request looked like on the wire.
#[derive(Debug, PartialEq)]
pub struct Seen {
    pub request_line: String,
    /// Header names in lower case, in order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    /// The first header of that (lower-case) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// One answer: status, content type and body.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// More headers (`Link`), as written.
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    pub fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            content_type,
            body: body.into(),
            headers: Vec::new(),
        }
    }

    /// The reply with one more header.
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// `{}` as JSON, or no body for 204.
    pub fn empty_json(status: u16) -> Self {
        Self::new(status, "application/json", if status == 204 { "" } else { "{}" })
    }
}

/// Serves `replies`, one per connection, then stops.
pub fn serve(replies: Vec<Reply>) -> (String, mpsc::Receiver<Seen>) {
    let mut replies = replies.into_iter();
    let count = replies.len();
    serve_with(count, move |_: &Seen| replies.next().expect("a reply per request"))
}

/// Serves `requests` connections, each answered by `answer` from what the
/// request was (its line `GET /path?query HTTP/1.1`, its headers), then stops.
pub fn serve_with(
    requests: usize,
    mut answer: impl FnMut(&Seen) -> Reply + Send + 'static,
) -> (String, mpsc::Receiver<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let mut stream = stream.expect("connection");
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut request_line = String::new();
            reader.read_line(&mut request_line).expect("request line");
            let (mut length, mut headers) = (0, Vec::new());
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).expect("header");
                if line.trim().is_empty() {
                    break;
                }
                let (name, value) = line.split_once(':').expect("header line");
                let (name, value) = (name.to_ascii_lowercase(), value.trim().to_owned());
                if name == "content-length" {
                    length = value.parse().expect("length");
                }
                headers.push((name, value));
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).expect("body");
            let seen = Seen {
                request_line: request_line.trim().to_owned(),
                headers,
                body,
            };
            let reply = answer(&seen);
            let extra: String = reply.headers.iter().map(|(n, v)| format!("{n}: {v}\r\n")).collect();
            let head = if reply.status == 204 {
                "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".to_owned()
            } else {
                format!(
                    "HTTP/1.1 {} OK\r\nContent-Type: {}\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n",
                    reply.status,
                    reply.content_type,
                    reply.body.len()
                )
            };
            stream.write_all(head.as_bytes()).expect("reply");
            stream.write_all(&reply.body).expect("reply body");
            // The test may have stopped listening (it saw an error).
            let _ = sender.send(seen);
        }
    });
    (url, receiver)
}

/// A client of the fixture crate that sends to `url` over plain HTTP.
pub fn client_with(url: &str, credentials: fixture_client::Credentials) -> fixture_client::Client {
    fixture_client::Client::builder(credentials)
        .base_url(url)
        .allow_insecure_http(true)
        .build()
        .expect("client")
}

/// [`client_with`] Basic credentials acting for an account.
pub fn client(url: &str) -> fixture_client::Client {
    let account = "AC0123456789abcdef0123456789abcdef";
    client_with(url, fixture_client::Credentials::basic(account, "token").for_account(account))
}
