//! The hand-written SID checks against the regex each one stands for, on
//! valid SIDs and near misses (a character changed, added, removed, its
//! case flipped; multi-byte characters; line feeds).

use proptest::prelude::*;
use regex::Regex;

use super::check;
use crate::validated::{is_any_sid, is_prefixed, is_sid, is_sid_shape};

/// A SID-like value: `prefix` then `hex_len` hex digits, then up to three
/// edits, and the prefix and length it was built for.
fn near_sid() -> impl Strategy<Value = (String, String, usize)> {
    let prefix = prop_oneof![
        "[A-Z]{2}",
        "[a-z]{2}",
        Just("aia_asst_".to_owned()),
        Just("".to_owned()),
        "[A-Za-z_.]{1,4}",
    ];
    let edit = (
        0usize..6,
        any::<prop::sample::Index>(),
        proptest::sample::select(vec!['g', 'G', '0', 'f', 'F', 'é', '\n', '.', 'A', 'z', '٣', 'ｆ']),
    );
    (
        prefix,
        0usize..40,
        proptest::collection::vec(any::<u8>(), 40),
        proptest::collection::vec(edit, 0..3),
    )
        .prop_map(|(prefix, hex_len, digits, edits)| {
            let hex: String = digits[..hex_len]
                .iter()
                .map(|d| char::from(b"0123456789abcdefABCDEF"[usize::from(*d) % 22]))
                .collect();
            let mut chars: Vec<char> = format!("{prefix}{hex}").chars().collect();
            for (kind, at, with) in edits {
                let at = if chars.is_empty() { 0 } else { at.index(chars.len()) };
                match kind {
                    0 if !chars.is_empty() => chars[at] = with,
                    1 => chars.insert(at, with),
                    2 if !chars.is_empty() => {
                        chars.remove(at);
                    }
                    3 if !chars.is_empty() => chars[at] = swap_case(chars[at]),
                    4 => chars.push(with),
                    _ => chars.truncate(at),
                }
            }
            (chars.into_iter().collect(), prefix, hex_len)
        })
}

fn swap_case(c: char) -> char {
    if c.is_ascii_lowercase() {
        c.to_ascii_uppercase()
    } else {
        c.to_ascii_lowercase()
    }
}

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("the reference pattern compiles")
}

/// `is_sid`, `is_sid_shape` (each mix of case and anchoring) and
/// `is_prefixed` agree with `^prefix[0-9a-fA-F]{n}$` and its variants.
#[test]
fn sid_checks_agree_with_their_regexes() {
    check("sid_checks", near_sid(), |(value, prefix, hex_len)| {
        let prefix_re = regex::escape(&prefix);
        let anchored = regex(&format!("^{prefix_re}[0-9a-fA-F]{{{hex_len}}}$"));
        let lower = regex(&format!("^{prefix_re}[0-9a-f]{{{hex_len}}}$"));
        let anywhere = regex(&format!("{prefix_re}[0-9a-fA-F]{{{hex_len}}}"));
        let anywhere_lower = regex(&format!("{prefix_re}[0-9a-f]{{{hex_len}}}"));
        let v = value.as_str();
        prop_assert_eq!(is_sid(v, &prefix, hex_len), anchored.is_match(v), "is_sid {:?}", v);
        prop_assert_eq!(
            is_sid_shape(v, &prefix, hex_len, false, true),
            anchored.is_match(v),
            "anchored {:?}",
            v
        );
        prop_assert_eq!(
            is_sid_shape(v, &prefix, hex_len, true, true),
            lower.is_match(v),
            "lower {:?}",
            v
        );
        prop_assert_eq!(
            is_sid_shape(v, &prefix, hex_len, false, false),
            anywhere.is_match(v),
            "anywhere {:?}",
            v
        );
        prop_assert_eq!(
            is_sid_shape(v, &prefix, hex_len, true, false),
            anywhere_lower.is_match(v),
            "lower anywhere {:?}",
            v
        );
        let prefixed = regex(&format!("^{prefix_re}.+$"));
        prop_assert_eq!(is_prefixed(v, &prefix), prefixed.is_match(v), "prefixed {:?}", v);
        Ok(())
    });
}

/// `is_any_sid` agrees with `^[a-zA-Z]{letters}[0-9a-fA-F]{n}$` (`[A-Z]`
/// when upper case only).
#[test]
fn any_sid_checks_agree_with_their_regexes() {
    check(
        "any_sid_checks",
        (near_sid(), 0usize..4),
        |((value, prefix, hex_len), letters)| {
            let letters = if prefix.chars().count() == 2 { 2 } else { letters };
            let v = value.as_str();
            let mixed = regex(&format!("^[a-zA-Z]{{{letters}}}[0-9a-fA-F]{{{hex_len}}}$"));
            let upper = regex(&format!("^[A-Z]{{{letters}}}[0-9a-fA-F]{{{hex_len}}}$"));
            prop_assert_eq!(
                is_any_sid(v, letters, false, hex_len),
                mixed.is_match(v),
                "mixed {:?}",
                v
            );
            prop_assert_eq!(
                is_any_sid(v, letters, true, hex_len),
                upper.is_match(v),
                "upper {:?}",
                v
            );
            Ok(())
        },
    );
}
