//! Property tests of what the runtime reads from servers and callers: the
//! lenient codecs, `Link` headers, `Retry-After`, SIDs, webhook signatures
//! and TwiML escaping. Each property runs on `PROPERTY_CASES` generated
//! inputs (1,000 in a plain `cargo test`; CI's `cargo xtask fuzz` asks for
//! more), seeded so every run sees the same inputs unless `PROPERTY_SEED`
//! says otherwise, and prints how many it ran. A failure is shrunk by
//! proptest to its smallest input; what one found is kept as a plain test
//! beside the code it fixed.

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use std::sync::atomic::{AtomicUsize, Ordering};

mod codecs;
mod links;
mod retry_after;
mod sids;
#[cfg(feature = "twiml")]
mod twiml;
#[cfg(feature = "webhooks")]
mod webhook;

/// Inputs per property.
fn cases() -> u32 {
    std::env::var("PROPERTY_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000)
}

/// The seed of every property's inputs.
fn seed() -> u64 {
    std::env::var("PROPERTY_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_261_205)
}

/// Runs `test` on [`cases`] inputs drawn from `strategy`, failing with the
/// shrunk input if any fails or panics, and prints the count
/// (`property <name>: <n> inputs`, which `cargo xtask fuzz` collects).
fn check<S: Strategy>(name: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        // Shrinking a failure to its smallest input is what makes one readable.
        max_shrink_iters: 10_000,
        ..Config::default()
    };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes(name));
    let ran = AtomicUsize::new(0);
    let outcome = TestRunner::new_with_rng(config, rng).run(&strategy, |value| {
        ran.fetch_add(1, Ordering::Relaxed);
        test(value)
    });
    if let Err(failure) = outcome {
        panic!("property `{name}` failed: {failure}");
    }
    println!("property {name}: {} inputs", ran.load(Ordering::Relaxed));
}

/// 32 bytes from the seed and the property's name: properties draw
/// different inputs from one seed.
fn seed_bytes(name: &str) -> [u8; 32] {
    let mut bytes = [0u8; 32];
    let mut state = seed() ^ 0x9e37_79b9_7f4a_7c15;
    for (index, byte) in name.bytes().enumerate() {
        state = (state ^ u64::from(byte))
            .wrapping_mul(0x0100_0000_01b3)
            .rotate_left(index as u32 % 64);
    }
    for chunk in bytes.chunks_mut(8) {
        state = state.wrapping_mul(0x2545_f491_4f6c_dd1d).wrapping_add(0x9e37_79b9);
        chunk.copy_from_slice(&state.to_le_bytes());
    }
    bytes
}

/// Text of any Unicode, weighted toward what parsers trip on: ASCII
/// punctuation, whitespace and control characters, multi-byte characters.
fn tricky_text(max_len: usize) -> impl Strategy<Value = String> {
    use proptest::prelude::*;
    let char = prop_oneof![
        4 => proptest::char::range(' ', '~'),
        2 => proptest::sample::select(vec!['\t', '\n', '\r', '\0', '\u{b}', '&', '<', '>', '"', '\'', '%', '+', '=', ';', ',']),
        1 => any::<char>(),
        1 => proptest::sample::select(vec!['é', 'ß', '€', '😀', '\u{feff}', '\u{200b}', '\u{fffd}']),
    ];
    proptest::collection::vec(char, 0..=max_len).prop_map(|chars| chars.into_iter().collect())
}
