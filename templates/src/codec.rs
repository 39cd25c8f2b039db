//! Field codecs that compose: `As::<Option<Vec<Rfc2822>>>` (de)serializes a
//! list of RFC 2822 dates as well as one. The generator picks the codec of
//! each field; `adapt` composes them through `Vec` and maps.
//!
//! What the server sends is decoded leniently: numbers may arrive as strings
//! (`"-0.0025"`), and an optional value sent as `""` is absent.

pub use crate::adapt::{As, DecodedAs, DeserializeAs, Same, SerializeAs, SerializeAsWrap};
pub use crate::datetime::{Rfc2822, Rfc3339};
#[doc(hidden)]
pub use crate::fields::{
    additional_value, decode_fields, decode_struct, encode_additional, encode_field, next_key, skip_value,
    DecodeFields, DecodeStruct, With,
};
#[doc(hidden)]
pub use crate::unions::{union_keys, union_tag, union_try, union_variant};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serializer};

/// `format: date`: `YYYY-MM-DD`.
pub struct IsoDate;

/// `YYYY-MM-DD` (a sign first before year 0). Written out rather than with
/// `time`'s `format_description!`: its proc-macro crate is a second of every
/// user's first build, for this one format.
pub(crate) fn format_date(date: time::Date) -> String {
    let year = date.year();
    let sign = if year < 0 { "-" } else { "" };
    format!(
        "{sign}{:04}-{:02}-{:02}",
        year.unsigned_abs(),
        u8::from(date.month()),
        date.day()
    )
}

/// Reads `YYYY-MM-DD` (four or more year digits, optionally signed).
pub(crate) fn parse_date(text: &str) -> Option<time::Date> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let mut parts = unsigned.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |part: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse::<i32>().ok())?
    };
    let year = digits(year, 4..=6)?;
    let month = time::Month::try_from(u8::try_from(digits(month, 2..=2)?).ok()?).ok()?;
    let day = u8::try_from(digits(day, 2..=2)?).ok()?;
    if parts.next().is_some() {
        return None;
    }
    time::Date::from_calendar_date(if negative { -year } else { year }, month, day).ok()
}

impl SerializeAs<time::Date> for IsoDate {
    fn serialize_as<S: Serializer>(date: &time::Date, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format_date(*date))
    }
}

impl<'de> DeserializeAs<'de, time::Date> for IsoDate {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<time::Date, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        parse_date(&text).ok_or_else(|| D::Error::custom(format!("`{text}` is not a date (YYYY-MM-DD)")))
    }
}

/// `type: number`: a JSON number, or a string holding one (some APIs
/// send prices and rates as `"-0.0025"`).
pub struct LenientNumber;

#[derive(Deserialize)]
#[serde(untagged)]
enum NumberOrText<'a> {
    Number(f64),
    Text(std::borrow::Cow<'a, str>),
}

impl SerializeAs<f64> for LenientNumber {
    fn serialize_as<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(*value)
    }
}

impl<'de> DeserializeAs<'de, f64> for LenientNumber {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        match NumberOrText::deserialize(deserializer)? {
            NumberOrText::Number(number) => Ok(number),
            NumberOrText::Text(text) => text
                .trim()
                .parse()
                .map_err(|_| D::Error::custom(format!("`{text}` is not a number"))),
        }
    }
}

/// `type: boolean`: a JSON boolean, or the string `"true"`/`"false"` in any
/// case (Conversations sends `"True"`).
pub struct LenientBool;

#[derive(Deserialize)]
#[serde(untagged)]
enum BoolOrText<'a> {
    Bool(bool),
    Text(std::borrow::Cow<'a, str>),
}

impl SerializeAs<bool> for LenientBool {
    fn serialize_as<S: Serializer>(value: &bool, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(*value)
    }
}

impl<'de> DeserializeAs<'de, bool> for LenientBool {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
        match BoolOrText::deserialize(deserializer)? {
            BoolOrText::Bool(value) => Ok(value),
            BoolOrText::Text(text) if text.trim().eq_ignore_ascii_case("true") => Ok(true),
            BoolOrText::Text(text) if text.trim().eq_ignore_ascii_case("false") => Ok(false),
            BoolOrText::Text(text) => Err(D::Error::custom(format!("`{text}` is not a boolean"))),
        }
    }
}

/// `type: integer`: a JSON integer, or a string holding one (some APIs
/// send `"num_segments": "1"`).
pub struct LenientInt;

#[derive(Deserialize)]
#[serde(untagged)]
enum IntOrText<'a> {
    Int(i64),
    Text(std::borrow::Cow<'a, str>),
}

macro_rules! lenient_int {
    ($($ty:ty),*) => {$(
        // Written at its own width: the same JSON, and the same value in a
        // format that keeps integer widths.
        impl SerializeAs<$ty> for LenientInt {
            fn serialize_as<S: Serializer>(value: &$ty, serializer: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(value, serializer)
            }
        }

        impl<'de> DeserializeAs<'de, $ty> for LenientInt {
            fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<$ty, D::Error> {
                let number = match IntOrText::deserialize(deserializer)? {
                    IntOrText::Int(number) => Ok(number),
                    IntOrText::Text(text) => text
                        .trim()
                        .parse::<i64>()
                        .map_err(|_| D::Error::custom(format!("`{text}` is not an integer"))),
                }?;
                <$ty>::try_from(number).map_err(|_| D::Error::custom(format!("{number} is out of range")))
            }
        }
    )*};
}

lenient_int!(i32, i64);

/// An optional value where `null`, absence and `""` all mean `None` (some
/// APIs send `"sms_application_sid": ""` for an unset ID); any other value goes
/// through `C`.
pub struct EmptyAsNone<C>(std::marker::PhantomData<C>);

impl<T, C: SerializeAs<T>> SerializeAs<Option<T>> for EmptyAsNone<C> {
    fn serialize_as<S: Serializer>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.serialize_some(&SerializeAsWrap::<T, C>::new(value)),
            None => serializer.serialize_none(),
        }
    }
}

impl<'de, T, C: DeserializeAs<'de, T>> DeserializeAs<'de, Option<T>> for EmptyAsNone<C> {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        // Buffered as JSON: responses are JSON, and this is the one way to
        // look at a value before choosing how to decode it.
        match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::Null => Ok(None),
            serde_json::Value::String(text) if text.is_empty() => Ok(None),
            value => C::deserialize_as(value).map(Some).map_err(D::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    /// An `i32` is written as one (serde's `i32`), not widened to `i64`.
    #[test]
    fn dates_are_yyyy_mm_dd_both_ways() {
        use super::{format_date, parse_date};
        use time::macros::date;
        for (date, text) in [
            (date!(2024 - 01 - 02), "2024-01-02"),
            (date!(0987 - 12 - 31), "0987-12-31"),
            (date!(-0044 - 03 - 15), "-0044-03-15"),
        ] {
            assert_eq!(format_date(date), text);
            assert_eq!(parse_date(text), Some(date), "{text}");
        }
        for bad in [
            "",
            "2024",
            "2024-1-02",
            "2024-01-2",
            "2024-13-01",
            "2023-02-29",
            "24-01-02",
            "2024-01-02T",
            "2024-01-02-03",
            "２０２４-01-02",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn lenient_int_writes_each_width_as_itself() {
        use serde_test::{assert_ser_tokens, Token};
        assert_ser_tokens(&SerializeAsWrap::<i32, LenientInt>::new(&-7), &[Token::I32(-7)]);
        assert_ser_tokens(
            &SerializeAsWrap::<i64, LenientInt>::new(&(1 << 40)),
            &[Token::I64(1 << 40)],
        );
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Fields {
        #[serde(with = "As::<Vec<Rfc2822>>")]
        sent: Vec<time::OffsetDateTime>,
        #[serde(default, with = "As::<EmptyAsNone<std::collections::BTreeMap<Same, IsoDate>>>")]
        days: Option<std::collections::BTreeMap<String, time::Date>>,
        #[serde(default, with = "As::<EmptyAsNone<LenientNumber>>")]
        price: Option<f64>,
    }

    #[test]
    fn codecs_compose_through_lists_maps_and_options() {
        let json = r#"{"sent":["Tue, 02 Jan 2024 03:04:05 +0000"],"days":{"a":"2024-01-02"},"price":"-0.0025"}"#;
        let fields: Fields = serde_json::from_str(json).unwrap();
        assert_eq!(fields.sent[0], time::macros::datetime!(2024-01-02 03:04:05 UTC));
        assert_eq!(fields.days.as_ref().unwrap()["a"], time::macros::date!(2024 - 01 - 02));
        assert_eq!(fields.price, Some(-0.0025));
        let again: Fields = serde_json::from_str(&serde_json::to_string(&fields).unwrap()).unwrap();
        assert_eq!(again, fields);
        let empty: Fields = serde_json::from_str(r#"{"sent":[],"days":"","price":""}"#).unwrap();
        assert_eq!((empty.days, empty.price), (None, None));
        let bad = serde_json::from_str::<Fields>(r#"{"sent":[],"price":"cheap"}"#).unwrap_err();
        assert!(bad.to_string().contains("`cheap` is not a number"), "{bad}");
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Sent {
        #[serde(with = "As::<LenientBool>")]
        flag: bool,
        #[serde(with = "As::<Vec<LenientInt>>")]
        counts: Vec<i32>,
    }

    #[test]
    fn booleans_and_integers_may_arrive_as_strings() {
        let sent: Sent = serde_json::from_str(r#"{"flag":"True","counts":["1",2]}"#).unwrap();
        assert_eq!(
            sent,
            Sent {
                flag: true,
                counts: vec![1, 2]
            }
        );
        let sent: Sent = serde_json::from_str(r#"{"flag":false,"counts":[]}"#).unwrap();
        assert!(!sent.flag);
        assert!(serde_json::from_str::<Sent>(r#"{"flag":"yes","counts":[]}"#).is_err());
        assert!(serde_json::from_str::<Sent>(r#"{"flag":true,"counts":["4294967296"]}"#).is_err());
    }
}
