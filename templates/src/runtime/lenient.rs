//! What Twilio really sends, decoded without giving up on types: numbers that
//! arrive as strings, and empty strings where a SID is unset.

/// `type: number` fields: Twilio sends prices and rates as JSON strings
/// (`"-0.0025"`); both strings and numbers decode to `f64`.
pub mod number {
    use serde::{Deserialize, Deserializer, Serializer};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum NumberOrText {
        Number(f64),
        Text(String),
    }

    fn parse<E: serde::de::Error>(value: NumberOrText) -> Result<f64, E> {
        match value {
            NumberOrText::Number(number) => Ok(number),
            NumberOrText::Text(text) => text
                .trim()
                .parse()
                .map_err(|_| E::custom(format!("`{text}` is not a number"))),
        }
    }

    pub fn serialize<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(*value)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        parse(NumberOrText::deserialize(deserializer)?)
    }

    /// The same for `Option<f64>`; `null` and `""` are `None`.
    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
            match value {
                Some(number) => serializer.serialize_some(number),
                None => serializer.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
            match Option::<NumberOrText>::deserialize(deserializer)? {
                None => Ok(None),
                Some(NumberOrText::Text(text)) if text.trim().is_empty() => Ok(None),
                Some(value) => parse(value).map(Some),
            }
        }
    }
}

/// Optional validated strings (SIDs): `""` means unset, as Twilio sends it
/// (`"sms_application_sid": ""`); any other value must be valid.
pub mod empty_as_none {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer, T: Serialize>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }

    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: std::str::FromStr,
        T::Err: std::fmt::Display,
    {
        match Option::<String>::deserialize(deserializer)? {
            None => Ok(None),
            Some(text) if text.is_empty() => Ok(None),
            Some(text) => text.parse().map(Some).map_err(serde::de::Error::custom),
        }
    }
}
