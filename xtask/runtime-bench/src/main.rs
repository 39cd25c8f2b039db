//! The runtime's part of `cargo xtask bench` (run by it), against hand-written
//! baselines measured in the same run:
//! - paging 10,000 conferences (200 pages from a loopback server) through
//!   the generated client's `paginate()`, against a loop of plain `reqwest`
//!   and `serde_json` decoding the same generated types;
//! - checking 1M account SIDs (half valid; 1M distinct, then 4,000 cycled)
//!   with `AccountSid`'s check and parser,
//!   against the `regex` crate with the same pattern (and the same copy of
//!   each valid value). With 1M distinct strings both sides read 72 MB, so
//!   that run is bound by memory; 4,000 cycled stay in cache;
//! - load: 10,000 calls at 256 in flight with 1 % injected faults (`load`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use futures::TryStreamExt;
use twilio_client::api_v2010::ListConferenceResponse;
use twilio_client::{AccountSid, Client, Credentials};

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const PAGES: usize = 200;
const PAGE_SIZE: usize = 50;
const ROUNDS: usize = 9;
const CHECKS: usize = 1_000_000;

mod load;

fn main() -> Result<()> {
    // First, so that its peak RSS is its own.
    load::run()?;
    let base = serve_pages()?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    // Interleaved rounds, so drift on the machine hits both sides alike.
    let (mut ours, mut plain) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        ours.push(runtime.block_on(page_with_client(&base))?);
        plain.push(runtime.block_on(page_by_hand(&base))?);
    }
    // The spread: each round's own ratio, so one noisy round shows as such.
    let ratios: Vec<f64> = ours
        .iter()
        .zip(&plain)
        .map(|(o, p)| o.as_secs_f64() / p.as_secs_f64())
        .collect();
    let lowest = ratios.iter().copied().fold(f64::INFINITY, f64::min);
    let highest = ratios.iter().copied().fold(0.0, f64::max);
    let (ours, plain) = (median(ours), median(plain));
    println!(
        "runtime: paging {} conferences ({PAGES} pages, loopback), median of {ROUNDS}:",
        PAGES * PAGE_SIZE
    );
    println!("  reqwest + serde_json loop (baseline) {plain:>10.1?}   1.00x");
    println!(
        "  paginate()                           {ours:>10.1?}   {:.2}x  (rounds {lowest:.2}x..{highest:.2}x)",
        ours.as_secs_f64() / plain.as_secs_f64()
    );
    let faster = |ours: Duration, theirs: Duration| theirs.as_secs_f64() / ours.as_secs_f64();
    // 1M distinct strings (72 MB) measure memory as much as the check; 4,000
    // strings cycled stay in cache and measure the check alone.
    for distinct in [CHECKS, 4_000] {
        let [check, regex_check, parse, regex_parse, floor] = sid_checks(distinct)?;
        println!("runtime: checking 1,000,000 account SIDs (half valid; {distinct} distinct), median of {ROUNDS}:");
        print_sid_checks(faster, [check, regex_check, parse, regex_parse]);
        println!(
            "  reading one byte of each input (the floor of any check) {floor:>9.1?}   regex is_match is {:.1}x it",
            faster(floor, regex_check)
        );
    }
    Ok(())
}

fn print_sid_checks(
    faster: impl Fn(Duration, Duration) -> f64,
    [check, regex_check, parse, regex_parse]: [Duration; 4],
) {
    println!("  regex `^AC[0-9a-fA-F]{{32}}$` is_match (baseline) {regex_check:>9.1?}");
    println!(
        "  the check AccountSid runs (prefix, length, hex) {check:>9.1?}   {:.1}x faster",
        faster(check, regex_check)
    );
    println!("  regex is_match + a copy of each valid value (baseline) {regex_parse:>9.1?}");
    println!(
        "  \"AC…\".parse::<AccountSid>()                          {parse:>9.1?}   {:.1}x faster",
        faster(parse, regex_parse)
    );
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

async fn page_with_client(base: &str) -> Result<Duration> {
    let client = Client::builder(Credentials::account(ACCOUNT, "token"))
        .base_url(base)
        .allow_insecure_http(true)
        .build()?;
    let started = Instant::now();
    let items: Vec<_> = client
        .api_v2010()
        .list_conference()
        .page_size(PAGE_SIZE as i64)
        .paginate()
        .items()
        .try_collect()
        .await?;
    let elapsed = started.elapsed();
    anyhow::ensure!(items.len() == PAGES * PAGE_SIZE, "paginate() saw {} items", items.len());
    Ok(elapsed)
}

async fn page_by_hand(base: &str) -> Result<Duration> {
    let http = reqwest::Client::new();
    let started = Instant::now();
    let mut url = format!("{base}/2010-04-01/Accounts/{ACCOUNT}/Conferences.json?PageSize={PAGE_SIZE}");
    let mut items = Vec::new();
    loop {
        let page = http
            .get(&url)
            .basic_auth(ACCOUNT, Some("token"))
            .send()
            .await?
            .error_for_status()?
            .bytes()
            .await?;
        let page: ListConferenceResponse = serde_json::from_slice(&page)?;
        items.extend(page.conferences.unwrap_or_default());
        match page.next_page_uri {
            Some(next) => url = format!("{base}{next}"),
            None => break,
        }
    }
    let elapsed = started.elapsed();
    anyhow::ensure!(items.len() == PAGES * PAGE_SIZE, "the loop saw {} items", items.len());
    Ok(elapsed)
}

/// A loopback server answering every request with the page its `Page`
/// query parameter names (keep-alive, so both clients reuse connections).
fn serve_pages() -> Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let base = format!("http://{}", listener.local_addr()?);
    let pages: Vec<Vec<u8>> = (0..PAGES).map(page_body).collect();
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let pages = pages.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(match stream.try_clone() {
                    Ok(s) => s,
                    Err(_) => return,
                });
                let mut stream = stream;
                let _ = stream.set_nodelay(true);
                loop {
                    let mut request_line = String::new();
                    if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
                        return;
                    }
                    let mut length = 0;
                    loop {
                        let mut line = String::new();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        if line.trim().is_empty() {
                            break;
                        }
                        if let Some((name, value)) = line.split_once(':') {
                            if name.eq_ignore_ascii_case("content-length") {
                                length = value.trim().parse().unwrap_or(0);
                            }
                        }
                    }
                    let mut body = vec![0; length];
                    if reader.read_exact(&mut body).is_err() {
                        return;
                    }
                    let page = request_line
                        .split_once("Page=")
                        .and_then(|(_, rest)| rest.split(['&', ' ']).next()?.parse::<usize>().ok())
                        .unwrap_or(0);
                    let body = &pages[page.min(PAGES - 1)];
                    // One write: a head and body sent apart meet delayed ACKs.
                    let mut reply = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                        body.len()
                    )
                    .into_bytes();
                    reply.extend_from_slice(body);
                    if stream.write_all(&reply).is_err() {
                        return;
                    }
                }
            });
        }
    });
    Ok(base)
}

fn page_body(page: usize) -> Vec<u8> {
    let conferences: Vec<serde_json::Value> = (0..PAGE_SIZE)
        .map(|i| {
            let n = page * PAGE_SIZE + i;
            serde_json::json!({
                "account_sid": ACCOUNT,
                "date_created": "Mon, 16 Aug 2010 03:45:01 +0000",
                "date_updated": "Mon, 16 Aug 2010 03:45:03 +0000",
                "api_version": "2010-04-01",
                "friendly_name": format!("conference {n}"),
                "region": "us1",
                "sid": format!("CF{n:032x}"),
                "status": "completed",
                "uri": format!("/2010-04-01/Accounts/{ACCOUNT}/Conferences/CF{n:032x}.json"),
                "subresource_uris": {"participants": "/p.json", "recordings": "/r.json"},
                "reason_conference_ended": "last-participant-left",
                "call_sid_ending_conference": format!("CA{n:032x}")
            })
        })
        .collect();
    let next = (page + 1 < PAGES).then(|| {
        format!(
            "/2010-04-01/Accounts/{ACCOUNT}/Conferences.json?PageSize={PAGE_SIZE}&Page={}",
            page + 1
        )
    });
    let body = serde_json::json!({
        "conferences": conferences,
        "page": page,
        "page_size": PAGE_SIZE,
        "next_page_uri": next,
        "uri": format!("/2010-04-01/Accounts/{ACCOUNT}/Conferences.json?PageSize={PAGE_SIZE}&Page={page}"),
    });
    serde_json::to_vec(&body).unwrap_or_default()
}

/// Median times, over the same inputs, of: the SID check, `regex`'s
/// `is_match`, parsing into `AccountSid`, `is_match` plus a copy, and
/// reading one byte of each input (no check can take less: with 1M
/// distinct inputs, this is the time to bring them from memory).
fn sid_checks(distinct: usize) -> Result<[Duration; 5]> {
    let inputs: Vec<String> = (0..distinct as u64)
        .map(|n| match n % 4 {
            0 | 1 => format!("AC{n:032x}"),
            2 => format!("AC{n:031x}"),
            _ => format!("CA{n:032x}"),
        })
        .collect();
    let regex = regex::Regex::new("^AC[0-9a-fA-F]{32}$").context("the pattern compiles")?;
    let mut samples: [Vec<Duration>; 5] = Default::default();
    let timed = |f: &dyn Fn() -> usize| {
        let started = Instant::now();
        (f(), started.elapsed())
    };
    for _ in 0..ROUNDS {
        let runs: [&dyn Fn() -> usize; 5] = [
            &|| {
                cycled(&inputs)
                    .filter(|s| std::hint::black_box(twilio_client::runtime::is_sid(s, "AC", 32)))
                    .count()
            },
            &|| {
                cycled(&inputs)
                    .filter(|s| std::hint::black_box(regex.is_match(s)))
                    .count()
            },
            &|| {
                cycled(&inputs)
                    .filter_map(|s| std::hint::black_box(s.parse::<AccountSid>().ok()))
                    .count()
            },
            &|| {
                cycled(&inputs)
                    .filter_map(|s| std::hint::black_box(regex.is_match(s).then(|| s.to_owned())))
                    .count()
            },
            // Every input's middle byte is a digit or letter: all count.
            &|| {
                cycled(&inputs)
                    .filter(|s| std::hint::black_box(s.as_bytes()[s.len() / 2]) != 0)
                    .count()
            },
        ];
        // Half the inputs are valid SIDs; the floor reads them all.
        let expected = [CHECKS / 2, CHECKS / 2, CHECKS / 2, CHECKS / 2, CHECKS];
        for (index, run) in runs.iter().enumerate() {
            let (valid, elapsed) = timed(*run);
            anyhow::ensure!(valid == expected[index], "run {index} counted {valid} inputs");
            samples[index].push(elapsed);
        }
    }
    Ok(samples.map(median))
}

/// `inputs` over and over, `CHECKS` strings in all.
fn cycled(inputs: &[String]) -> impl Iterator<Item = &String> {
    inputs.iter().cycle().take(CHECKS)
}
