//! Load: 10,000 `ListConference` calls, 256 in flight, against a loopback
//! server that injects a fault into 1 % of requests (every 200th answers
//! `503` with `Retry-After: 0`, every 200th, offset by 100, resets the
//! connection after reading the request). The generated client (retries on)
//! against a bare `reqwest` loop decoding the same type, in the same run:
//! throughput, p50/p99 latency, peak RSS, open descriptors before and after,
//! and every request accounted for (succeeded, or failed with a reason).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Result;
use futures::StreamExt;
use twilio_client::api_v2010::ListConferenceResponse;
use twilio_client::{AccountSid, Client, Credentials, Retry};

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const REQUESTS: usize = 10_000;
const IN_FLIGHT: usize = 256;
const BODY: &str = r#"{"conferences": [], "next_page_uri": null, "page": 0, "page_size": 50}"#;

pub fn run() -> Result<()> {
    let base = serve_with_faults()?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let descriptors_before = open_descriptors();
    // Warm both sides (connections, allocator) once, then measure.
    runtime.block_on(with_client(&base, 512))?;
    runtime.block_on(by_hand(&base, 512))?;
    let ours = runtime.block_on(with_client(&base, REQUESTS))?;
    let descriptors_during = open_descriptors();
    let plain = runtime.block_on(by_hand(&base, REQUESTS))?;
    // Dropped clients' connections close in their tasks, which run only
    // while the runtime is driven; then the server's side sees them close.
    runtime.block_on(async { tokio::time::sleep(Duration::from_millis(500)).await });
    let descriptors_after = open_descriptors();
    println!("runtime: load, {REQUESTS} calls, {IN_FLIGHT} in flight, 1 % faults (503 / reset), loopback:");
    for (label, run) in [
        ("reqwest + serde_json (baseline)", &plain),
        ("generated client, retries on", &ours),
    ] {
        println!(
            "  {label:32} {:>8.0} calls/s   p50 {:>8.1?}   p99 {:>8.1?}   {}",
            REQUESTS as f64 / run.elapsed.as_secs_f64(),
            run.percentile(50),
            run.percentile(99),
            run.accounting()
        );
    }
    println!(
        "  client time ratio {:.2}x the baseline; p99 added {:.1?}",
        ours.elapsed.as_secs_f64() / plain.elapsed.as_secs_f64(),
        ours.percentile(99).saturating_sub(plain.percentile(99))
    );
    println!(
        "  peak RSS {} MiB; open descriptors: {descriptors_before} before, {descriptors_during} with the client's pool, {descriptors_after} after both clients were dropped",
        peak_rss_kib() / 1024
    );
    anyhow::ensure!(
        ours.ok + ours.failed.values().sum::<usize>() == REQUESTS,
        "a call was not accounted for"
    );
    Ok(())
}

/// What one side's run gave.
struct Run {
    elapsed: Duration,
    latencies: Vec<Duration>,
    ok: usize,
    failed: BTreeMap<String, usize>,
}

impl Run {
    fn percentile(&self, p: usize) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
    }

    fn accounting(&self) -> String {
        let failed: Vec<String> = self.failed.iter().map(|(why, n)| format!("{n} {why}")).collect();
        format!(
            "{} ok, {} failed{}",
            self.ok,
            self.failed.values().sum::<usize>(),
            if failed.is_empty() {
                String::new()
            } else {
                format!(" ({})", failed.join(", "))
            }
        )
    }
}

async fn with_client(base: &str, calls: usize) -> Result<Run> {
    let client = Client::builder(Credentials::account(ACCOUNT, "token"))
        .base_url(base)
        .allow_insecure_http(true)
        .retry(Retry {
            max_retries: 3,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_secs(1),
        })
        .build()?;
    let account: AccountSid = ACCOUNT.parse()?;
    let client = &client;
    let account = &account;
    drive(calls, |_| async move {
        client
            .api_v2010()
            .list_conference()
            .account_sid(account.clone())
            .send()
            .await
            .map(drop)
            .map_err(|e| reason(&e.to_string()))
    })
    .await
}

async fn by_hand(base: &str, calls: usize) -> Result<Run> {
    let http = reqwest::Client::new();
    let url = format!("{base}/2010-04-01/Accounts/{ACCOUNT}/Conferences.json");
    let (http, url) = (&http, &url);
    drive(calls, |_| async move {
        let answer = async {
            let bytes = http
                .get(url)
                .basic_auth(ACCOUNT, Some("token"))
                .send()
                .await?
                .error_for_status()?
                .bytes()
                .await?;
            let _: ListConferenceResponse = serde_json::from_slice(&bytes)?;
            anyhow::Ok(())
        };
        answer.await.map_err(|e| reason(&e.to_string()))
    })
    .await
}

/// The kind of a failure, without its details.
fn reason(message: &str) -> String {
    message
        .split(['(', ':', ';'])
        .next()
        .unwrap_or(message)
        .trim()
        .to_owned()
}

async fn drive<F, Fut>(calls: usize, call: F) -> Result<Run>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    let started = Instant::now();
    let outcomes: Vec<(Duration, Result<(), String>)> = futures::stream::iter(0..calls)
        .map(|i| {
            let call = call(i);
            async move {
                let sent = Instant::now();
                let outcome = call.await;
                (sent.elapsed(), outcome)
            }
        })
        .buffer_unordered(IN_FLIGHT)
        .collect()
        .await;
    let elapsed = started.elapsed();
    let mut run = Run {
        elapsed,
        latencies: Vec::with_capacity(calls),
        ok: 0,
        failed: BTreeMap::new(),
    };
    for (latency, outcome) in outcomes {
        run.latencies.push(latency);
        match outcome {
            Ok(()) => run.ok += 1,
            Err(why) => *run.failed.entry(why).or_default() += 1,
        }
    }
    Ok(run)
}

/// Keep-alive loopback server; request N (over all connections) gets a 503
/// when N % 200 == 0 and a reset when N % 200 == 100.
fn serve_with_faults() -> Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let base = format!("http://{}", listener.local_addr()?);
    let counter = Arc::new(AtomicUsize::new(1));
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let counter = Arc::clone(&counter);
            std::thread::spawn(move || {
                let Ok(clone) = stream.try_clone() else { return };
                let mut reader = BufReader::new(clone);
                let mut stream = stream;
                let _ = stream.set_nodelay(true);
                loop {
                    // GETs without a body: the head is the whole request.
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        if line.trim().is_empty() {
                            break;
                        }
                    }
                    let n = counter.fetch_add(1, Ordering::Relaxed);
                    let reply = match n % 200 {
                        0 => {
                            "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\nContent-Length: 0\r\n\r\n".to_owned()
                        }
                        100 => return, // Closed after reading: the client sees the connection drop.
                        _ => format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{BODY}",
                            BODY.len()
                        ),
                    };
                    if stream.write_all(reply.as_bytes()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    Ok(base)
}

fn open_descriptors() -> usize {
    std::fs::read_dir("/proc/self/fd").map(|d| d.count()).unwrap_or(0)
}

fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
