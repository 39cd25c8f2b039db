//! The lenient field codecs on what servers send: every value they accept
//! decodes to what it says, anything else is an error, never a panic.

use proptest::prelude::*;
use serde_json::{json, Value};

use super::{check, tricky_text};
use crate::adapt::DeserializeAs;
use crate::codec::{EmptyAsNone, IsoDate, LenientBool, LenientInt, LenientNumber, Rfc2822, Rfc3339};
use crate::unions::{union_keys, union_tag};

/// Any JSON, numbers and strings weighted toward the shapes the codecs
/// read (numeric text, `true`/`FALSE`, dates), nested a few levels.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        tricky_text(12).prop_map(Value::from),
        "[ ]?[+-]?[0-9]{0,20}(\\.[0-9]{0,5})?([eE][+-]?[0-9]{1,3})?[ ]?".prop_map(Value::from),
        "[ ]?(true|false|TRUE|False|tRuE|yes|1)[ ]?".prop_map(Value::from),
        "[+-]?[0-9]{4,7}-[0-9]{1,2}-[0-9]{1,2}".prop_map(Value::from),
        Just(json!("")),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            proptest::collection::btree_map("[a-z_]{0,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn decode<T, C: for<'de> DeserializeAs<'de, T>>(value: &Value) -> Option<T> {
    C::deserialize_as(value.clone()).ok()
}

/// Each codec on any JSON: it decodes exactly what its rule says it
/// accepts, to the value the rule gives, and refuses the rest.
#[test]
fn codecs_accept_what_their_rule_says_and_refuse_the_rest() {
    check("lenient_codecs_any_json", any_json(), |value| {
        let text = value.as_str().map(str::trim);
        let number = value.as_f64().or_else(|| text.and_then(|t| t.parse().ok()));
        let got = decode::<f64, LenientNumber>(&value);
        prop_assert_eq!(got.map(f64::to_bits), number.map(f64::to_bits), "number {}", value);

        let int = value.as_i64().or_else(|| text.and_then(|t| t.parse().ok()));
        prop_assert_eq!(decode::<i64, LenientInt>(&value), int, "i64 {}", value);
        prop_assert_eq!(
            decode::<i32, LenientInt>(&value),
            int.and_then(|i| i32::try_from(i).ok()),
            "i32 {}",
            value
        );

        let boolean = value.as_bool().or_else(|| match text {
            Some(t) if t.eq_ignore_ascii_case("true") => Some(true),
            Some(t) if t.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        });
        prop_assert_eq!(decode::<bool, LenientBool>(&value), boolean, "bool {}", value);

        let empty = value.is_null() || value.as_str() == Some("");
        let optional = decode::<Option<f64>, EmptyAsNone<LenientNumber>>(&value);
        let want = if empty { Some(None) } else { number.map(Some) };
        prop_assert_eq!(
            optional.map(|o| o.map(f64::to_bits)),
            want.map(|o| o.map(f64::to_bits)),
            "optional {}",
            value
        );

        // Dates: any result is a date that reads back the same.
        if let Some(date) = decode::<time::Date, IsoDate>(&value) {
            prop_assert_eq!(crate::codec::parse_date(&crate::codec::format_date(date)), Some(date));
        }
        let _ = decode::<time::OffsetDateTime, Rfc3339>(&value);
        let _ = decode::<time::OffsetDateTime, Rfc2822>(&value);
        // Composed: a list decodes when each of its items does.
        let items = decode::<Vec<i64>, Vec<LenientInt>>(&value);
        let want = value
            .as_array()
            .map(|a| a.iter().map(decode::<i64, LenientInt>).collect::<Option<Vec<_>>>());
        prop_assert_eq!(items, want.flatten(), "list {}", value);
        Ok(())
    });
}

/// Numbers as servers write them, in JSON or as text (`"-0.0025"`,
/// padded): the value itself, bit for bit.
#[test]
fn numbers_in_json_or_text_decode_to_themselves() {
    check(
        "lenient_numbers",
        (any::<f64>(), any::<i64>(), "[ \t]{0,2}"),
        |(float, int, pad)| {
            let as_text = Value::from(format!("{pad}{float}{pad}"));
            prop_assert_eq!(
                decode::<f64, LenientNumber>(&as_text).map(f64::to_bits),
                Some(float.to_bits())
            );
            if float.is_finite() {
                prop_assert_eq!(decode::<f64, LenientNumber>(&Value::from(float)), Some(float));
            }
            prop_assert_eq!(decode::<i64, LenientInt>(&Value::from(int)), Some(int));
            prop_assert_eq!(
                decode::<i64, LenientInt>(&Value::from(format!("{pad}{int}{pad}"))),
                Some(int)
            );
            Ok(())
        },
    );
}

/// Every date `time` can hold is written as `YYYY-MM-DD` (signed past
/// 9999 or before year 0) and read back to itself.
#[test]
fn every_date_round_trips() {
    let days = time::Date::MIN.to_julian_day()..=time::Date::MAX.to_julian_day();
    check("iso_dates", days, |day| {
        let date = time::Date::from_julian_day(day).expect("in range");
        let text = crate::codec::format_date(date);
        prop_assert_eq!(
            decode::<time::Date, IsoDate>(&Value::from(text.clone())),
            Some(date),
            "{}",
            text
        );
        Ok(())
    });
}

/// The union helpers on any JSON: a tag is only ever the variant its
/// property names; a key match only ever a listed variant.
#[test]
fn union_helpers_pick_only_what_the_value_names() {
    let tags: &[(&str, usize)] = &[("a", 0), ("b", 1), ("", 2)];
    let keys: &[(usize, &[&str], &[&str])] = &[
        (0, &["a"], &["a", "b"]),
        (1, &[], &["c"]),
        (2, &["a", "b"], &["a", "b"]),
    ];
    check("union_helpers", any_json(), |value| {
        let named = value.get("a").and_then(Value::as_str);
        let want = named.and_then(|n| tags.iter().find(|(t, _)| *t == n).map(|(_, i)| *i));
        prop_assert_eq!(union_tag(&value, "a", tags), want);
        if let Some(variant) = union_keys(&value, keys) {
            let object = value.as_object().expect("only objects have keys");
            let (_, required, _) = keys[variant];
            prop_assert!(
                required.iter().all(|k| object.contains_key(*k)),
                "{} -> {}",
                value,
                variant
            );
        }
        Ok(())
    });
}
