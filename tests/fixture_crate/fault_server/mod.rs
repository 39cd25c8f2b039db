//! A loopback HTTP/1.1 server that misbehaves on purpose, one fault per
//! request: in the order a test scripts them, then as its `route` decides
//! from each request read (a fault before reading, `ResetBeforeRead`, can
//! only be scripted). It
//! counts what reached it: requests whose first bytes arrived (`arrivals`,
//! what "sent twice" is measured by) and requests read whole (`seen`), and
//! how many connections are open. Bounded: every connection thread gives up
//! after `LIFETIME`, and dropping the server stops it.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::loopback::{Reply, Seen};

/// No connection is served longer than this.
const LIFETIME: Duration = Duration::from_secs(30);

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Answers normally, keeping the connection open for the next request.
    Answer(Reply),
    /// Resets the connection when the request's first bytes arrive, unread.
    ResetBeforeRead,
    /// Reads the whole request, then resets without answering.
    ResetAfterRead,
    /// Reads the request, sends half a status line and headers, resets.
    ResetMidHeaders,
    /// Sends the headers and part of the body, then resets.
    ResetMidBody,
    /// Answers, announcing keep-alive, then closes the connection at once:
    /// the client's pool holds a connection the server has dropped.
    AnswerThenClose(Reply),
    /// Answers one byte at a time, this long apart.
    Trickle(Reply, Duration),
    /// Reads the request and never answers (until the client goes away).
    Stall,
    /// Sends headers and a first chunk, then nothing more.
    StallMidBody,
    /// A chunked body that never ends (until the client goes away).
    EndlessBody,
}

type Route = Box<dyn Fn(&Seen) -> Fault + Send + Sync>;

struct Shared {
    script: Mutex<VecDeque<Fault>>,
    route: Route,
    arrivals: AtomicUsize,
    seen: Mutex<Vec<Seen>>,
    open: AtomicUsize,
    stop: AtomicBool,
}

/// A running fault server; stopped when dropped.
pub struct FaultServer {
    pub url: String,
    shared: Arc<Shared>,
    address: std::net::SocketAddr,
}

impl FaultServer {
    /// Serves `script`, one fault per request in order, then answers
    /// `reply` to every request.
    pub fn answering(script: Vec<Fault>, reply: Reply) -> Self {
        Self::start(script, move |_| Fault::Answer(reply.clone()))
    }

    /// Serves `script`, one fault per request in order, then what `route`
    /// says for each request.
    pub fn start(script: Vec<Fault>, route: impl Fn(&Seen) -> Fault + Send + Sync + 'static) -> Self {
        Self::start_on(TcpListener::bind("127.0.0.1:0").expect("bind loopback"), script, route)
    }

    /// [`start`](Self::start) on a listener the test bound.
    pub fn start_on(
        listener: TcpListener,
        script: Vec<Fault>,
        route: impl Fn(&Seen) -> Fault + Send + Sync + 'static,
    ) -> Self {
        let address = listener.local_addr().expect("address");
        let shared = Arc::new(Shared {
            script: Mutex::new(script.into()),
            route: Box::new(route),
            arrivals: AtomicUsize::new(0),
            seen: Mutex::new(Vec::new()),
            open: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
        });
        let accepting = Arc::clone(&shared);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if accepting.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let shared = Arc::clone(&accepting);
                shared.open.fetch_add(1, Ordering::SeqCst);
                std::thread::spawn(move || {
                    serve_connection(stream, &shared);
                    shared.open.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        Self {
            url: format!("http://{address}"),
            shared,
            address,
        }
    }

    /// Adds a fault for a request to come (after those already scripted).
    pub fn script(&self, fault: Fault) {
        self.shared.script.lock().expect("script").push_back(fault);
    }

    /// Requests whose first bytes reached the server, read or not.
    pub fn arrivals(&self) -> usize {
        self.shared.arrivals.load(Ordering::SeqCst)
    }

    /// The requests read whole, in order.
    pub fn seen(&self) -> Vec<String> {
        let seen = self.shared.seen.lock().expect("seen");
        seen.iter().map(|s| s.request_line.clone()).collect()
    }

    /// Connections open now.
    pub fn open_connections(&self) -> usize {
        self.shared.open.load(Ordering::SeqCst)
    }

    /// Waits (up to five seconds) until at most `count` connections are open.
    pub fn wait_for_open_at_most(&self, count: usize) -> usize {
        let until = Instant::now() + Duration::from_secs(5);
        while self.open_connections() > count && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(20));
        }
        self.open_connections()
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wakes the accepting thread so it sees the flag.
        let _ = TcpStream::connect(self.address);
    }
}

/// Serves requests on one connection until it closes, a fault ends it, or
/// the server stops.
fn serve_connection(stream: TcpStream, shared: &Shared) {
    let started = Instant::now();
    let _ = stream.set_read_timeout(Some(Duration::from_millis(100)));
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut stream = stream;
    loop {
        // Waits for the next request's first bytes.
        match reader.fill_buf() {
            Ok([]) => return,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                if shared.stop.load(Ordering::SeqCst) || started.elapsed() > LIFETIME {
                    return;
                }
                continue;
            }
            Err(_) => return,
        }
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        shared.arrivals.fetch_add(1, Ordering::SeqCst);
        let scripted = shared.script.lock().expect("script").pop_front();
        if let Some(Fault::ResetBeforeRead) = scripted {
            return reset(&stream);
        }
        let Some(seen) = read_request(&mut reader) else { return };
        let fault = scripted.unwrap_or_else(|| (shared.route)(&seen));
        shared.seen.lock().expect("seen").push(seen);
        let keep_open = match fault {
            // Routed after reading: the nearest it can be.
            Fault::ResetBeforeRead => return reset(&stream),
            Fault::Answer(reply) => write_reply(&mut stream, &reply, true).is_ok(),
            Fault::ResetAfterRead => return reset(&stream),
            Fault::ResetMidHeaders => {
                let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Ty");
                return reset(&stream);
            }
            Fault::ResetMidBody => {
                let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"id\": \"r");
                let _ = stream.flush();
                std::thread::sleep(Duration::from_millis(50));
                return reset(&stream);
            }
            Fault::AnswerThenClose(reply) => {
                let _ = write_reply(&mut stream, &reply, true);
                let _ = stream.shutdown(Shutdown::Both);
                return;
            }
            Fault::Trickle(reply, gap) => {
                for byte in encode_reply(&reply, true) {
                    if stream.write_all(&[byte]).is_err() || shared.stop.load(Ordering::SeqCst) {
                        return;
                    }
                    std::thread::sleep(gap);
                }
                true
            }
            Fault::Stall => return hold(&mut reader, shared, started),
            Fault::StallMidBody => {
                let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{\"i\r\n");
                return hold(&mut reader, shared, started);
            }
            Fault::EndlessBody => {
                let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n[\r\n");
                let chunk = format!("{:x}\r\n{}\r\n", 1024, "1,".repeat(512));
                while !shared.stop.load(Ordering::SeqCst) && started.elapsed() < LIFETIME {
                    if stream.write_all(chunk.as_bytes()).is_err() {
                        return;
                    }
                }
                return;
            }
        };
        if !keep_open {
            return;
        }
    }
}

/// Keeps the connection open, answering nothing, until the client closes it.
fn hold(reader: &mut BufReader<TcpStream>, shared: &Shared, started: Instant) {
    let mut sink = [0u8; 1024];
    while !shared.stop.load(Ordering::SeqCst) && started.elapsed() < LIFETIME {
        match reader.read(&mut sink) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => return,
        }
    }
}

/// Closes with a reset (RST) rather than an orderly close (FIN).
fn reset(stream: &TcpStream) {
    let _ = socket2::SockRef::from(stream).set_linger(Some(Duration::ZERO));
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Seen> {
    let _ = reader.get_ref().set_read_timeout(Some(Duration::from_secs(5)));
    let mut request_line = String::new();
    reader.read_line(&mut request_line).ok()?;
    let (mut length, mut headers) = (0, Vec::new());
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        if line.trim().is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        let (name, value) = (name.to_ascii_lowercase(), value.trim().to_owned());
        if name == "content-length" {
            length = value.parse().ok()?;
        }
        headers.push((name, value));
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let _ = reader.get_ref().set_read_timeout(Some(Duration::from_millis(100)));
    Some(Seen {
        request_line: request_line.trim().to_owned(),
        headers,
        body,
    })
}

fn encode_reply(reply: &Reply, keep_alive: bool) -> Vec<u8> {
    let extra: String = reply.headers.iter().map(|(n, v)| format!("{n}: {v}\r\n")).collect();
    let connection = if keep_alive { "keep-alive" } else { "close" };
    let mut out = if reply.status == 204 {
        format!("HTTP/1.1 204 No Content\r\n{extra}Connection: {connection}\r\n\r\n").into_bytes()
    } else {
        format!(
            "HTTP/1.1 {} Status\r\nContent-Type: {}\r\nContent-Length: {}\r\n{extra}Connection: {connection}\r\n\r\n",
            reply.status,
            reply.content_type,
            reply.body.len()
        )
        .into_bytes()
    };
    if reply.status != 204 {
        out.extend_from_slice(&reply.body);
    }
    out
}

fn write_reply(stream: &mut TcpStream, reply: &Reply, keep_alive: bool) -> std::io::Result<()> {
    stream.write_all(&encode_reply(reply, keep_alive))?;
    stream.flush()
}
