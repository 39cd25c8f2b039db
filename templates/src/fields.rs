//! Decoding and encoding of the structs whose fields are all optional (most
//! response models), field by field, in place of serde's derives.
//!
//! Why: for each field with a codec (`#[serde(with = …)]`), serde's derives
//! write three wrapper types with their own impls: two to decode (one for
//! sequences, one for maps) and one to encode. On Twilio's api_v2010 (594
//! such fields) they were half of the generated crate's build. Here decoding
//! a struct is one `match` on the key, and a codec field reads its value
//! through [`With::decode`], whose seed is one type per codec and field
//! type, shared by every field that has them; encoding is one
//! [`encode_field`] or [`With::encode`] call per field.
//!
//! Same as the derives: unknown fields are skipped, absent ones stay `None`
//! and are not written (`skip_field`, so the output is the derive's in every
//! format), and `serde_path_to_error` still names the failing field.
//! Different: a repeated key keeps its last value instead of failing the
//! whole response (what the server sends is data).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserializer, Serialize};
use serde_with::ser::SerializeAsWrap;
use serde_with::{DeserializeAs, SerializeAs};

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
        map.next_value_seed(WithCodec::<C, T>(PhantomData))
    }

    /// [`encode_field`] through `C`.
    pub fn encode<S: SerializeStruct, T>(fields: &mut S, key: &'static str, value: &Option<T>) -> Result<(), S::Error>
    where
        C: SerializeAs<Option<T>>,
    {
        match value {
            Some(_) => fields.serialize_field(key, &SerializeAsWrap::<Option<T>, C>::new(value)),
            None => fields.skip_field(key),
        }
    }
}

/// Writes an optional field, or skips it when it is `None`.
pub fn encode_field<S: SerializeStruct, T: Serialize>(
    fields: &mut S,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    match value {
        Some(_) => fields.serialize_field(key, value),
        None => fields.skip_field(key),
    }
}

struct FieldsVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: DecodeFields<'de>> Visitor<'de> for FieldsVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut value = T::default();
        // Keys are short: kept inline, not allocated, even when the input
        // cannot lend them (a reader, an escaped key).
        while let Some(key) = map.next_key::<InlineString>()? {
            value.decode_field(&key, &mut map)?;
        }
        Ok(value)
    }
}

struct WithCodec<C, T>(PhantomData<fn() -> (C, T)>);

impl<'de, C: DeserializeAs<'de, T>, T> DeserializeSeed<'de> for WithCodec<C, T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        C::deserialize_as(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use serde::de::{IgnoredAny, MapAccess};
    use serde::ser::SerializeStruct;
    use serde::{Deserialize, Serialize};

    use super::{decode_fields, encode_field, DecodeFields, With};
    use crate::codec::{EmptyAsNone, LenientInt, Same};

    /// What the generator writes for a struct of optional fields.
    #[derive(Debug, Default, PartialEq)]
    struct Conference {
        sid: Option<String>,
        page_size: Option<i64>,
        nested: Option<Box<Conference>>,
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
                + usize::from(self.nested.is_some());
            let mut fields = serializer.serialize_struct("Conference", len)?;
            With::<EmptyAsNone<Same>>::encode(&mut fields, "sid", &self.sid)?;
            With::<EmptyAsNone<LenientInt>>::encode(&mut fields, "PageSize", &self.page_size)?;
            encode_field(&mut fields, "nested", &self.nested)?;
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
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(())
        }
    }

    #[test]
    fn fields_decode_through_their_codecs_and_unknown_ones_are_skipped() {
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
        assert_eq!(encoded, r#"{"PageSize":50,"nested":{"sid":"CF1"}}"#);
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
}
