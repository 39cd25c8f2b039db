//! `Retry-After` as servers send it (seconds, HTTP dates, garbage) and the
//! retry policy built on it.

use std::time::{Duration, SystemTime};

use proptest::prelude::*;
use reqwest::Method;

use super::{check, tricky_text};
use crate::retry::{retry_after, Retry};

fn padding() -> impl Strategy<Value = String> {
    proptest::sample::select(vec!["", " ", "\t", "  "]).prop_map(str::to_owned)
}

/// Delay seconds, padded or not, are read exactly, up to `u64::MAX`.
#[test]
fn delay_seconds_are_read_exactly() {
    check(
        "retry_after_seconds",
        (any::<u64>(), padding(), padding()),
        |(seconds, before, after)| {
            let text = format!("{before}{seconds}{after}");
            prop_assert_eq!(retry_after(&text), Some(Duration::from_secs(seconds)));
            Ok(())
        },
    );
}

/// An HTTP date ten years either side of now: a future one is the time left
/// (to the second the format keeps), a past one is no wait.
#[test]
fn http_dates_are_the_time_left_or_no_wait() {
    let ten_years: i64 = 10 * 365 * 86_400;
    check("retry_after_http_date", -ten_years..ten_years, |offset: i64| {
        let now = SystemTime::now();
        let when = if offset >= 0 {
            now + Duration::from_secs(offset.unsigned_abs())
        } else {
            now - Duration::from_secs(offset.unsigned_abs())
        };
        let wait = retry_after(&httpdate::fmt_http_date(when)).expect("an HTTP date is read");
        if offset <= 0 {
            prop_assert_eq!(wait, Duration::ZERO);
        } else {
            let asked = Duration::from_secs(offset.unsigned_abs());
            // The format drops the fraction of a second; the clock moved a little since.
            prop_assert!(
                wait <= asked && asked - wait <= Duration::from_secs(2),
                "{offset}: {wait:?}"
            );
        }
        Ok(())
    });
}

/// Any header text: read without panicking, and only decimal digits (a
/// `+` before them too) or an HTTP date give a wait.
#[test]
fn any_text_is_read_without_panic() {
    let text = prop_oneof![
        tricky_text(40),
        "[0-9 ,:+-]{0,32}",
        "[A-Za-z]{3}, [0-9]{1,2} [A-Za-z]{3} [0-9]{2,4} [0-9:]{5,8} GMT"
    ];
    check("retry_after_any_text", text, |text| {
        // Leniently, a `+` may come first (`1*DIGIT` in RFC 9110).
        let unsigned = text.trim().strip_prefix('+').unwrap_or(text.trim());
        let digits = !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit());
        match retry_after(&text) {
            Some(_) => prop_assert!(digits || httpdate::parse_http_date(text.trim()).is_ok(), "{text:?}"),
            None => prop_assert!(!digits || text.trim().parse::<u64>().is_err(), "{text:?}"),
        }
        Ok(())
    });
}

/// The policy, for any method, status, attempt and `Retry-After`: no wait
/// past `max_delay`, no retry past `max_retries`, none of a POST answered,
/// none of a status that is not transient.
#[test]
fn the_policy_never_waits_past_its_cap_nor_retries_what_it_must_not() {
    let methods = proptest::sample::select(vec![
        Method::GET,
        Method::POST,
        Method::DELETE,
        Method::PUT,
        Method::PATCH,
    ]);
    let status = prop_oneof![
        proptest::sample::select(vec![200u16, 400, 404, 429, 500, 501, 502, 503, 504]),
        100u16..600
    ];
    let header = proptest::option::of(prop_oneof![any::<u64>().prop_map(|s| s.to_string()), tricky_text(20)]);
    let policy = (0u32..6, 0u64..2_000, 0u64..20_000).prop_map(|(max_retries, base, max)| Retry {
        max_retries,
        base_delay: Duration::from_millis(base),
        max_delay: Duration::from_millis(max),
    });
    check(
        "retry_policy",
        (methods, status, header, policy, 0u32..40),
        |(method, status, header, policy, attempt)| {
            let mut response = http::Response::builder().status(status);
            if let Some(value) = header.as_deref().and_then(|v| http::HeaderValue::from_str(v).ok()) {
                response = response.header(reqwest::header::RETRY_AFTER, value);
            }
            let response = reqwest::Response::from(response.body(Vec::<u8>::new()).expect("a response"));
            if let Some(wait) = policy.delay(&method, &response, attempt) {
                prop_assert!(wait <= policy.max_delay, "{wait:?} > {:?}", policy.max_delay);
                prop_assert!(attempt < policy.max_retries);
                prop_assert!(method != Method::POST && method != Method::PATCH);
                prop_assert!(matches!(status, 429 | 500 | 502 | 503 | 504));
            }
            Ok(())
        },
    );
}
