//! Open enums: known values get variants, values Twilio adds later are kept.

/// Defines an open string enum: `wire_enum!(doc, Name { Variant = "wire", … })`.
///
/// Deserializing never fails: an unknown value lands in `UnknownValue`. Sending
/// `UnknownValue` as a parameter is refused before any request is made, since
/// the spec does not allow it.
#[allow(unused_macros)]
macro_rules! wire_enum {
    ($(#[$attr:meta])* $name:ident { $($(#[$vattr:meta])* $variant:ident = $wire:literal,)* }) => {
        $(#[$attr])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vattr])* $variant,)*
            /// A value this version of the client does not know.
            UnknownValue(String),
        }

        impl $name {
            /// Every value the spec lists, as sent on the wire.
            pub const KNOWN: &'static [&'static str] = &[$($wire,)*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::UnknownValue(value) => value,
                }
            }

            /// The variant for a value the spec lists, `None` for any other.
            pub fn from_known(value: &str) -> Option<Self> {
                match value {
                    $($wire => Some(Self::$variant),)*
                    _ => None,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::from_known(value).unwrap_or_else(|| Self::UnknownValue(value.to_owned()))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::runtime::ValidationError;
            /// Strict parse: only values the spec lists.
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Self::from_known(value).ok_or_else(|| $crate::runtime::ValidationError {
                    type_name: stringify!($name),
                    value: value.to_owned(),
                    rule: format!("must be one of {:?}", Self::KNOWN),
                })
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }

        impl $crate::runtime::ToParam for $name {
            fn to_param(&self) -> Result<String, $crate::runtime::ValidationError> {
                match self {
                    Self::UnknownValue(value) => Err($crate::runtime::ValidationError {
                        type_name: stringify!($name),
                        value: value.clone(),
                        rule: format!("must be one of {:?}", Self::KNOWN),
                    }),
                    known => Ok(known.as_str().to_owned()),
                }
            }
        }

        impl $crate::runtime::FromToolArg for $name {
            /// Strict: only values the spec lists.
            fn from_tool_arg(value: ::serde_json::Value) -> Result<Self, String> {
                let text = <String as $crate::runtime::FromToolArg>::from_tool_arg(value)?;
                text.parse::<Self>().map_err(|error| error.to_string())
            }
        }
    };
}

#[allow(unused_imports)]
pub(crate) use wire_enum;
