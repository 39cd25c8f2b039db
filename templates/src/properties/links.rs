//! `Link` headers (RFC 8288) as servers send them: the next page is the
//! first link whose `rel` names `next`, whatever the quoting, case, order,
//! other parameters or characters in the targets.

use proptest::prelude::*;
use reqwest::header::{HeaderMap, HeaderValue, LINK};

use super::check;
use crate::page::next_in_link_header;

fn headers(value: &str) -> Option<HeaderMap> {
    let mut headers = HeaderMap::new();
    headers.append(LINK, HeaderValue::from_bytes(value.as_bytes()).ok()?);
    Some(headers)
}

/// 1-4 well-formed links with targets that may hold commas, semicolons and
/// UTF-8, `rel`s in any case and quoting, other parameters between.
#[test]
fn the_first_next_link_is_found_in_any_well_formed_header() {
    let target = prop_oneof![
        "https://x\\.test/[a-z]{0,4}\\?page=[0-9]{1,3}",
        "/[a-z]{0,3}\\?x=1,2",
        "[a-z]{1,3};[a-z]{1,3}",
        "https://x\\.test/[é€ß]\\?q=a%20b",
        Just(String::new()),
    ];
    let rel = proptest::sample::select(vec![
        "next",
        "NEXT",
        "\"next\"",
        "\"prev next\"",
        "last",
        "\"first\"",
        "nextish",
        "\"next\t\"",
    ]);
    let extra = proptest::sample::select(vec!["", "; title=\"a, b\"", ";type=text", "; title=\"rel=next\""]);
    let link = (target, rel, extra);
    let separator = proptest::sample::select(vec![", ", ",", " , "]);
    check(
        "link_header_well_formed",
        (proptest::collection::vec(link, 1..5), separator),
        |(links, separator)| {
            let mut want = None;
            let mut written = Vec::new();
            for (index, (target, rel, extra)) in links.iter().enumerate() {
                let target = format!("{target}{index}");
                written.push(format!("<{target}>{extra}; rel={rel}"));
                let names_next = rel
                    .trim_matches('"')
                    .split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("next"));
                if want.is_none() && names_next {
                    want = Some(target);
                }
            }
            let value = written.join(separator);
            prop_assert_eq!(
                next_in_link_header(&headers(&value).expect("a header value")),
                want,
                "{}",
                value
            );
            Ok(())
        },
    );
}

/// Fragments glued at random: no panic, and any result is a `<target>` the
/// header holds.
#[test]
fn any_header_gives_one_of_its_targets_or_none() {
    let fragment = proptest::sample::select(vec![
        "<",
        ">",
        ";",
        ",",
        " ",
        "rel",
        "=",
        "next",
        "\"",
        "https://h/",
        "é",
        "<>",
        "rel=next",
    ]);
    check(
        "link_header_any",
        proptest::collection::vec(fragment, 0..12),
        |fragments| {
            let value = fragments.concat();
            if let Some(target) = headers(&value).and_then(|h| next_in_link_header(&h)) {
                prop_assert!(value.contains(&format!("<{target}>")), "{} gave {}", value, target);
            }
            Ok(())
        },
    );
}
