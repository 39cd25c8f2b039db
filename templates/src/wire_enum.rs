//! Open enums: known values get variants, values the API adds later are kept.

/// Defines an open string enum: `wire_enum!(doc, Name { Variant = "wire", … })`.
///
/// Deserializing never fails: an unknown value lands in `UnknownValue`. Sending
/// `UnknownValue` as a parameter is refused before any request is made, since
/// the spec does not allow it.
#[macro_export]
#[doc(hidden)]
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
            type Err = $crate::ValidationError;
            /// Strict parse: only values the spec lists.
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Self::from_known(value).ok_or_else(|| $crate::ValidationError {
                    type_name: stringify!($name),
                    value: value.into(),
                    rule: format!("must be one of {:?}", Self::KNOWN).into(),
                })
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as $crate::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }

        impl $crate::ToParam for $name {
            fn to_param(&self) -> Result<String, $crate::ValidationError> {
                match self {
                    Self::UnknownValue(value) => Err($crate::ValidationError {
                        type_name: stringify!($name),
                        value: value.as_str().into(),
                        rule: format!("must be one of {:?}", Self::KNOWN).into(),
                    }),
                    known => Ok(known.as_str().to_owned()),
                }
            }
        }
    };
}
