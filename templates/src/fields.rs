//! Decoding and encoding of the structs of generated clients, field by
//! field, in place of serde's derives.
//!
//! Why: for each field with a codec (`#[serde(with = …)]`), serde's derives
//! write three wrapper types with their own impls: two to decode (one for
//! sequences, one for maps) and one to encode. On a 600-operation spec (594
//! such fields) they were half of the generated crate's build. Here decoding
//! a struct is one `match` on the key, and a codec field reads its value
//! through [`With::decode`], whose seed is one type per codec and field
//! type, shared by every field that has them; encoding is one
//! [`encode_field`] or [`With::encode`] call per field.
//!
//! A struct whose fields are all optional (most models of large APIs) starts
//! from `Default` and takes one field at a time ([`DecodeFields`]); one with
//! required fields collects them in locals and then checks that each came
//! ([`DecodeStruct`]).
//!
//! Same as the derives: absent optional fields stay `None` and are not
//! written, an absent required one is serde's "missing field" error, and
//! `serde_path_to_error` still names the failing field.
//! Different: a repeated key keeps its last value instead of failing the
//! whole response, and keys the spec does not declare are kept in the
//! struct's `additional_properties` and written back (what the server sends
//! is data). Structs are written as maps, since those keys are not known
//! until run time.

use std::fmt;
use std::marker::PhantomData;

use crate::adapt::{DeserializeAs, Seed, SerializeAs, SerializeAsWrap};
use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserializer, Serialize};

use crate::InlineString;

/// A struct decoded by [`decode_fields`]: starts from `Default` (every field
/// absent) and takes one field at a time.
pub trait DecodeFields<'de>: Default {
    /// The struct's name, for "expected struct …" errors.
    const NAME: &'static str;

    /// Reads the value of the field the JSON calls `key` (its wire name)
    /// from `map`; a key the struct does not know is skipped.
    fn decode_field<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error>;
}

/// The body of a generated `Deserialize::deserialize`.
pub fn decode_fields<'de, T: DecodeFields<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(FieldsVisitor(PhantomData))
}

/// A struct with required fields, decoded by [`decode_struct`]: its
/// `decode_map` reads every key ([`next_key`]) into a local `Option` per
/// field, then builds the struct, failing with
/// [`missing_field`](serde::de::Error::missing_field) for a required field
/// that never came.
pub trait DecodeStruct<'de>: Sized {
    /// The struct's name, for "expected struct …" errors.
    const NAME: &'static str;

    /// Reads the struct from the entries of `map`.
    fn decode_map<A: MapAccess<'de>>(map: &mut A) -> Result<Self, A::Error>;
}

/// The body of a generated `Deserialize::deserialize` of a struct with
/// required fields.
pub fn decode_struct<'de, T: DecodeStruct<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(StructVisitor(PhantomData))
}

/// The next key of `map`. Keys are short: kept inline, not allocated, even
/// when the input cannot lend them (a reader, an escaped key).
pub fn next_key<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<InlineString>, A::Error> {
    map.next_key::<InlineString>()
}

/// Skips the value of a key the struct does not know.
pub fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// The codec `C` (`EmptyAsNone<LenientInt>`) applied to one field:
/// `With::<C>::decode(map)`, `With::<C>::encode(&mut fields, key, &value)`.
pub struct With<C>(PhantomData<C>);

impl<C> With<C> {
    /// The field's value, read through `C` with one seed type per codec and
    /// field type.
    pub fn decode<'de, T, A: MapAccess<'de>>(map: &mut A) -> Result<T, A::Error>
    where
        C: DeserializeAs<'de, T>,
    {
        map.next_value_seed(Seed::<C, T>::new())
    }

    /// Writes a required field through `C`.
    pub fn encode_value<S: SerializeMap, T>(fields: &mut S, key: &'static str, value: &T) -> Result<(), S::Error>
    where
        C: SerializeAs<T>,
    {
        fields.serialize_entry(key, &SerializeAsWrap::<T, C>::new(value))
    }

    /// [`encode_field`] through `C`.
    pub fn encode<S: SerializeMap, T>(fields: &mut S, key: &'static str, value: &Option<T>) -> Result<(), S::Error>
    where
        C: SerializeAs<Option<T>>,
    {
        match value {
            Some(_) => fields.serialize_entry(key, &SerializeAsWrap::<Option<T>, C>::new(value)),
            None => Ok(()),
        }
    }
}

/// Writes an optional field, or nothing when it is `None`.
pub fn encode_field<S: SerializeMap, T: Serialize>(
    fields: &mut S,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    match value {
        Some(_) => fields.serialize_entry(key, value),
        None => Ok(()),
    }
}

/// Writes the keys a struct keeps beyond its declared fields.
pub fn encode_additional<S: SerializeMap, T: Serialize>(
    fields: &mut S,
    additional: &std::collections::BTreeMap<String, T>,
) -> Result<(), S::Error> {
    additional
        .iter()
        .try_for_each(|(key, value)| fields.serialize_entry(key, value))
}

/// Reads the value of a key the struct does not declare, to keep it.
pub fn additional_value<'de, T: serde::Deserialize<'de>, A: MapAccess<'de>>(map: &mut A) -> Result<T, A::Error> {
    map.next_value()
}

struct FieldsVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: DecodeFields<'de>> Visitor<'de> for FieldsVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut value = T::default();
        while let Some(key) = next_key(&mut map)? {
            value.decode_field(&key, &mut map)?;
        }
        Ok(value)
    }
}

struct StructVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: DecodeStruct<'de>> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        T::decode_map(&mut map)
    }
}

#[cfg(test)]
mod tests {
    use serde::de::MapAccess;
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Serialize};

    use super::{
        additional_value, decode_fields, decode_struct, encode_additional, encode_field, next_key, skip_value,
        DecodeFields, DecodeStruct, With,
    };
    use crate::codec::{EmptyAsNone, LenientInt, Same};
    use serde_json::Value;
    use std::collections::BTreeMap;

    /// What the generator writes for a struct of optional fields.
    #[derive(Debug, Default, PartialEq)]
    struct Conference {
        sid: Option<String>,
        page_size: Option<i64>,
        nested: Option<Box<Conference>>,
        additional_properties: BTreeMap<String, Value>,
    }

    impl<'de> Deserialize<'de> for Conference {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            decode_fields(deserializer)
        }
    }

    impl Serialize for Conference {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let len = usize::from(self.sid.is_some())
                + usize::from(self.page_size.is_some())
                + usize::from(self.nested.is_some())
                + self.additional_properties.len();
            let mut fields = serializer.serialize_map(Some(len))?;
            With::<EmptyAsNone<Same>>::encode(&mut fields, "sid", &self.sid)?;
            With::<EmptyAsNone<LenientInt>>::encode(&mut fields, "PageSize", &self.page_size)?;
            encode_field(&mut fields, "nested", &self.nested)?;
            encode_additional(&mut fields, &self.additional_properties)?;
            fields.end()
        }
    }

    impl<'de> DecodeFields<'de> for Conference {
        const NAME: &'static str = "Conference";
        fn decode_field<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
            match key {
                "sid" => self.sid = With::<EmptyAsNone<Same>>::decode(map)?,
                "PageSize" => self.page_size = With::<EmptyAsNone<LenientInt>>::decode(map)?,
                "nested" => self.nested = map.next_value()?,
                _ => {
                    self.additional_properties
                        .insert(key.to_owned(), additional_value(map)?);
                }
            }
            Ok(())
        }
    }

    #[test]
    fn fields_decode_through_their_codecs_and_unknown_ones_are_kept() {
        let json = r#"{"sid": "", "PageSize": "50", "extra": {"deep": [1, 2]}, "nested": {"sid": "CF1"}}"#;
        let decoded: Conference = serde_json::from_str(json).expect("decodes");
        let nested = Conference {
            sid: Some("CF1".into()),
            ..Default::default()
        };
        let expected = Conference {
            sid: None,
            page_size: Some(50),
            nested: Some(Box::new(nested)),
            additional_properties: BTreeMap::from([("extra".to_owned(), serde_json::json!({"deep": [1, 2]}))]),
        };
        assert_eq!(decoded, expected);
        // The same from a reader (keys cannot be borrowed) and from a `Value`.
        assert_eq!(
            serde_json::from_reader::<_, Conference>(json.as_bytes()).expect("decodes"),
            expected
        );
        let value: serde_json::Value = serde_json::from_str(json).expect("JSON");
        assert_eq!(Conference::deserialize(&value).expect("decodes"), expected);
        // Encoded: absent fields left out, codecs applied, and read back the same.
        let encoded = serde_json::to_string(&expected).expect("encodes");
        assert_eq!(
            encoded,
            r#"{"PageSize":50,"nested":{"sid":"CF1"},"extra":{"deep":[1,2]}}"#
        );
        assert_eq!(serde_json::from_str::<Conference>(&encoded).expect("decodes"), expected);
        // A repeated key keeps its last value.
        let twice: Conference = serde_json::from_str(r#"{"sid": "CF1", "sid": "CF2"}"#).expect("decodes");
        assert_eq!(twice.sid.as_deref(), Some("CF2"));
    }

    #[test]
    fn errors_name_the_struct_and_the_failing_field() {
        let error = serde_json::from_str::<Conference>("[1]").expect_err("not an object");
        assert!(error.to_string().contains("expected struct Conference"), "{error}");
        let json = r#"{"nested": {"PageSize": "many"}}"#;
        let error = serde_path_to_error::deserialize::<_, Conference>(&mut serde_json::Deserializer::from_str(json))
            .expect_err("not a number");
        assert_eq!(error.path().to_string(), "nested.PageSize");
    }

    /// What the generator writes for a struct with required fields.
    #[derive(Debug, PartialEq)]
    struct Call {
        sid: String,
        duration: i64,
        caller: Option<Box<Call>>,
    }

    impl<'de> Deserialize<'de> for Call {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            decode_struct(deserializer)
        }
    }

    impl Serialize for Call {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let len = 2 + usize::from(self.caller.is_some());
            let mut fields = serializer.serialize_map(Some(len))?;
            fields.serialize_entry("sid", &self.sid)?;
            With::<LenientInt>::encode_value(&mut fields, "Duration", &self.duration)?;
            encode_field(&mut fields, "caller", &self.caller)?;
            fields.end()
        }
    }

    impl<'de> DecodeStruct<'de> for Call {
        const NAME: &'static str = "Call";
        fn decode_map<A: MapAccess<'de>>(map: &mut A) -> Result<Self, A::Error> {
            let missing = <A::Error as serde::de::Error>::missing_field;
            let mut sid = None;
            let mut duration = None;
            let mut caller = None;
            while let Some(key) = next_key(map)? {
                match key.as_str() {
                    "sid" => sid = Some(map.next_value()?),
                    "Duration" => duration = Some(With::<LenientInt>::decode(map)?),
                    "caller" => caller = map.next_value()?,
                    _ => skip_value(map)?,
                }
            }
            Ok(Self {
                sid: sid.ok_or_else(|| missing("sid"))?,
                duration: duration.ok_or_else(|| missing("Duration"))?,
                caller,
            })
        }
    }

    #[test]
    fn required_fields_decode_through_their_codecs_and_must_come() {
        let json = r#"{"Duration": "12", "x": [{}], "sid": "CA1", "caller": {"sid": "CA0", "Duration": 3}}"#;
        let decoded: Call = serde_json::from_str(json).expect("decodes");
        let caller = Call {
            sid: "CA0".into(),
            duration: 3,
            caller: None,
        };
        let expected = Call {
            sid: "CA1".into(),
            duration: 12,
            caller: Some(Box::new(caller)),
        };
        assert_eq!(decoded, expected);
        assert_eq!(
            serde_json::from_reader::<_, Call>(json.as_bytes()).expect("decodes"),
            expected
        );
        let value: serde_json::Value = serde_json::from_str(json).expect("JSON");
        assert_eq!(Call::deserialize(&value).expect("decodes"), expected);
        // Required fields are always written, optional ones when present.
        let encoded = serde_json::to_string(&expected).expect("encodes");
        assert_eq!(
            encoded,
            r#"{"sid":"CA1","Duration":12,"caller":{"sid":"CA0","Duration":3}}"#
        );
        assert_eq!(serde_json::from_str::<Call>(&encoded).expect("decodes"), expected);
        // An absent required field is serde's own error, its path named.
        let error = serde_json::from_str::<Call>(r#"{"sid": "CA1"}"#).expect_err("no duration");
        assert!(error.to_string().starts_with("missing field `Duration`"), "{error}");
        let json = r#"{"sid": "CA1", "Duration": 1, "caller": {"Duration": 2}}"#;
        let error = serde_path_to_error::deserialize::<_, Call>(&mut serde_json::Deserializer::from_str(json))
            .expect_err("the caller has no sid");
        assert_eq!(error.path().to_string(), "caller");
        assert!(error.to_string().contains("missing field `sid`"), "{error}");
        let error = serde_json::from_str::<Call>(r#""CA1""#).expect_err("not an object");
        assert!(error.to_string().contains("expected struct Call"), "{error}");
    }
}
