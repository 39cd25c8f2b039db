//! String newtypes that can only hold values matching their spec `pattern`.
//!
//! ID patterns of a fixed prefix and hex digits (`^AC[0-9a-fA-F]{32}$`), of any two letters and hex
//! digits (`^[A-Z]{2}[0-9a-fA-F]{32}$`) and a fixed start then anything (`^aia_asst_.+$`) are
//! checked by hand, without a regex engine; any other pattern is compiled once with `regex`.

/// Checks the prefixed-ID shape: a fixed prefix then exactly `hex_len` hex digits.
///
/// Always inlined into each SID type's check: it is called across crates,
/// and with a plain `#[inline]` LLVM kept it a call inside `parse` (a parse
/// then took about 1.5× as long). The digits are folded without an early
/// exit, so the loop vectorizes: a third of the time of `all()` on a
/// 32-digit SID. Folded as bytes (1 for a hex digit) with `min`: LLVM turns
/// that into vector minimums, where a fold of `bool`s with `&` took half as
/// long again in a loop of parses (`cargo xtask bench`).
#[inline(always)]
pub fn is_sid(value: &str, prefix: &str, hex_len: usize) -> bool {
    let bytes = value.as_bytes();
    if bytes.len() != prefix.len() + hex_len || !bytes.starts_with(prefix.as_bytes()) {
        return false;
    }
    let all_hex = bytes[prefix.len()..]
        .iter()
        .map(|byte| u8::from(byte.is_ascii_hexdigit()))
        .fold(1, u8::min);
    all_hex == 1
}

/// Checks a prefixed hex ID in its general form: `prefix` then `hex_len`
/// hex digits (lower case only when `lower_only`), as the whole value when
/// `anchored`, otherwise anywhere in it (an unanchored JSON Schema pattern).
pub fn is_sid_shape(value: &str, prefix: &str, hex_len: usize, lower_only: bool, anchored: bool) -> bool {
    let hex = |b: &u8| {
        if lower_only {
            b.is_ascii_digit() || (b'a'..=b'f').contains(b)
        } else {
            b.is_ascii_hexdigit()
        }
    };
    let bytes = value.as_bytes();
    let at = |start: usize| {
        bytes
            .get(start..start + prefix.len() + hex_len)
            .is_some_and(|window| window.starts_with(prefix.as_bytes()) && window[prefix.len()..].iter().all(hex))
    };
    if anchored {
        bytes.len() == prefix.len() + hex_len && at(0)
    } else {
        // Through `len`: an empty shape (no prefix, no digits) is found in any value, "" included.
        (0..=bytes.len()).any(at)
    }
}

/// Checks `^[a-zA-Z]{letters}[0-9a-fA-F]{hex_len}$` (or `[A-Z]` when `upper_only`): a SID of any type.
pub fn is_any_sid(value: &str, letters: usize, upper_only: bool, hex_len: usize) -> bool {
    let bytes = value.as_bytes();
    let letter = |b: &u8| {
        if upper_only {
            b.is_ascii_uppercase()
        } else {
            b.is_ascii_alphabetic()
        }
    };
    bytes.len() == letters + hex_len
        && bytes[..letters].iter().all(letter)
        && bytes[letters..].iter().all(u8::is_ascii_hexdigit)
}

/// Checks `^{prefix}.+$`: the prefix, then at least one character, none a
/// line feed (which `.` does not match).
pub fn is_prefixed(value: &str, prefix: &str) -> bool {
    value
        .strip_prefix(prefix)
        .is_some_and(|rest| !rest.is_empty() && !rest.contains('\n'))
}

/// A pattern compiled on first use and shared by every check of one type:
/// with `regex`, or, for look-around (which `regex` cannot run), with the
/// backtracking `fancy-regex` (features `regex` and `fancy-regex`, which
/// the generator turns on for a spec that needs them).
#[cfg(any(feature = "regex", feature = "fancy-regex"))]
pub struct RegexCell {
    pattern: &'static str,
    backtracking: bool,
    compiled: std::sync::OnceLock<Option<Engine>>,
}

#[cfg(any(feature = "regex", feature = "fancy-regex"))]
enum Engine {
    #[cfg(feature = "regex")]
    Regex(regex::Regex),
    #[cfg(feature = "fancy-regex")]
    Backtracking(fancy_regex::Regex),
}

#[cfg(any(feature = "regex", feature = "fancy-regex"))]
impl RegexCell {
    /// A cell for `pattern`; the generator has already checked that it compiles.
    #[cfg(feature = "regex")]
    pub const fn new(pattern: &'static str) -> Self {
        Self {
            pattern,
            backtracking: false,
            compiled: std::sync::OnceLock::new(),
        }
    }

    /// A cell for a look-around `pattern`, run by `fancy-regex`.
    #[cfg(feature = "fancy-regex")]
    pub const fn backtracking(pattern: &'static str) -> Self {
        Self {
            pattern,
            backtracking: true,
            compiled: std::sync::OnceLock::new(),
        }
    }

    /// Whether `value` matches; a pattern that does not compile, or a match
    /// that gives up (too much backtracking), matches nothing.
    pub fn is_match(&self, value: &str) -> bool {
        // A cell exists only through a constructor whose engine is compiled in.
        let engine = self.compiled.get_or_init(|| match self.backtracking {
            #[cfg(feature = "fancy-regex")]
            true => fancy_regex::Regex::new(self.pattern).ok().map(Engine::Backtracking),
            #[cfg(feature = "regex")]
            false => regex::Regex::new(self.pattern).ok().map(Engine::Regex),
            #[allow(unreachable_patterns)]
            _ => None,
        });
        match engine {
            #[cfg(feature = "regex")]
            Some(Engine::Regex(re)) => re.is_match(value),
            #[cfg(feature = "fancy-regex")]
            Some(Engine::Backtracking(re)) => re.is_match(value).unwrap_or(false),
            _ => false,
        }
    }
}

/// A type of validated strings (a SID type, a pattern type): made from
/// text only through its check.
pub trait ValidatedString: Sized {
    /// The value, if `text` passes the type's check.
    fn check(text: &str) -> Result<Self, crate::ValidationError>;
}

/// A validated value, or text to be checked when the request is built:
/// setters of validated parameters take either, so `"AC…"` works as well as
/// an `AccountSid`. Text that fails its check is refused before anything
/// is sent, with the same [`ValidationError`](crate::ValidationError) as
/// `parse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked<T> {
    /// Already checked.
    Value(T),
    /// Checked when the request is built.
    Text(String),
}

impl<T: ValidatedString> From<T> for Checked<T> {
    fn from(value: T) -> Self {
        Self::Value(value)
    }
}

impl<T: ValidatedString + Clone> From<&T> for Checked<T> {
    fn from(value: &T) -> Self {
        Self::Value(value.clone())
    }
}

impl<T: ValidatedString> From<&str> for Checked<T> {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl<T: ValidatedString> From<String> for Checked<T> {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl<T: ValidatedString> From<&String> for Checked<T> {
    fn from(text: &String) -> Self {
        Self::Text(text.clone())
    }
}

impl<T: ValidatedString + crate::ToParam> crate::ToParam for Checked<T> {
    fn to_param(&self) -> Result<String, crate::ValidationError> {
        match self {
            Self::Value(value) => value.to_param(),
            Self::Text(text) => T::check(text)?.to_param(),
        }
    }
}

/// Defines a validated string newtype. `$check` is a `fn(&str) -> bool`.
#[macro_export]
#[doc(hidden)]
macro_rules! validated_string {
    ($(#[$attr:meta])* $name:ident, $pattern:literal, $check:expr) => {
        $(#[$attr])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name($crate::InlineString);

        impl $name {
            /// The pattern every value of this type matches.
            pub const PATTERN: &'static str = $pattern;

            /// Validates `value` against [`Self::PATTERN`]. A value of up to 34
            /// bytes (a SID) is kept inline, accepted or refused, without an allocation.
            pub fn new(value: impl Into<$crate::InlineString>) -> Result<Self, $crate::ValidationError> {
                let value = value.into();
                if Self::matches(&value) {
                    Ok(Self(value))
                } else {
                    Err(Self::refusal(value))
                }
            }

            fn refusal(value: $crate::InlineString) -> $crate::ValidationError {
                $crate::ValidationError {
                    type_name: stringify!($name),
                    value,
                    rule: ::std::borrow::Cow::Borrowed(concat!("must match ", $pattern)),
                }
            }

            /// A value taken as it is, unchecked: for one the API itself sent
            /// that breaks the spec's pattern. Anything else goes through [`Self::new`].
            pub fn new_unchecked(value: impl Into<$crate::InlineString>) -> Self {
                Self(value.into())
            }

            /// Whether the value matches [`Self::PATTERN`] (values decoded from
            /// responses are not checked).
            pub fn is_valid(&self) -> bool {
                Self::matches(&self.0)
            }

            /// The one place the check runs; `#[inline]` so that a parse in
            /// the caller's crate inlines it.
            #[inline]
            fn matches(value: &str) -> bool {
                let check: fn(&str) -> bool = $check;
                check(value)
            }

            /// The value as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl $crate::ValidatedString for $name {
            fn check(text: &str) -> Result<Self, $crate::ValidationError> {
                Self::new(text)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        /// Checked before it is copied; `#[inline]` so that a parse in the
        /// caller's crate inlines the check too.
        impl ::std::str::FromStr for $name {
            type Err = $crate::ValidationError;
            #[inline]
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                if Self::matches(value) {
                    Ok(Self(value.into()))
                } else {
                    Err(Self::refusal(value.into()))
                }
            }
        }

        impl ::std::convert::TryFrom<&str> for $name {
            type Error = $crate::ValidationError;
            #[inline]
            fn try_from(value: &str) -> Result<Self, Self::Error> {
                value.parse()
            }
        }

        impl ::std::convert::TryFrom<String> for $name {
            type Error = $crate::ValidationError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        /// A reference works wherever a value is taken (`list_call(&account)`).
        impl From<&$name> for $name {
            fn from(value: &$name) -> Self {
                value.clone()
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0.into()
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        /// Decoding is lenient: what the API sends is data, kept as received
        /// even when it breaks the spec's pattern (so it can be passed back);
        /// values a user builds are checked by `new`, `parse` and `TryFrom`.
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <$crate::InlineString as $crate::serde::Deserialize>::deserialize(deserializer).map(Self)
            }
        }

        impl $crate::ToParam for $name {
            fn to_param(&self) -> Result<String, $crate::ValidationError> {
                Ok(self.0.as_str().to_owned())
            }
        }
    };
}

/// A prefixed-ID type: `sid_type!(doc, Name, "AC", 32, "^AC[0-9a-fA-F]{32}$")`,
/// or with a choice of prefixes: `sid_type!(doc, Name, ["SM", "MM"], 32, "^(SM|MM)…")`.
#[macro_export]
#[doc(hidden)]
macro_rules! sid_type {
    ($(#[$attr:meta])* $name:ident, [$($prefix:literal),+], $hex_len:literal, $pattern:literal) => {
        $crate::validated_string!(
            $(#[$attr])* $name,
            $pattern,
            |value| [$($prefix),+].iter().any(|prefix| $crate::is_sid(value, prefix, $hex_len))
        );
    };
    ($(#[$attr:meta])* $name:ident, $prefix:literal, $hex_len:literal, $pattern:literal) => {
        $crate::validated_string!(
            $(#[$attr])* $name,
            $pattern,
            |value| $crate::is_sid(value, $prefix, $hex_len)
        );
    };
}

/// A prefixed-ID type in the general form (see [`is_sid_shape`]):
/// `sid_shape_type!(doc, Name, ["OR"], 32, true, false, "OR[0-9a-f]{32}")`.
#[macro_export]
#[doc(hidden)]
macro_rules! sid_shape_type {
    ($(#[$attr:meta])* $name:ident, [$($prefix:literal),+], $hex_len:literal, $lower_only:literal, $anchored:literal, $pattern:literal) => {
        $crate::validated_string!(
            $(#[$attr])* $name,
            $pattern,
            |value| [$($prefix),+].iter().any(|prefix| $crate::is_sid_shape(value, prefix, $hex_len, $lower_only, $anchored))
        );
    };
}

/// A newtype for `^[A-Z]{2}[0-9a-fA-F]{32}$`-like patterns:
/// `any_sid_type!(doc, Name, 2, true, 32, "^[A-Z]{2}[0-9a-fA-F]{32}$")`.
#[macro_export]
#[doc(hidden)]
macro_rules! any_sid_type {
    ($(#[$attr:meta])* $name:ident, $letters:literal, $upper_only:literal, $hex_len:literal, $pattern:literal) => {
        $crate::validated_string!(
            $(#[$attr])* $name,
            $pattern,
            |value| $crate::is_any_sid(value, $letters, $upper_only, $hex_len)
        );
    };
}

/// A newtype for `^prefix.+$`: `prefixed_type!(doc, Name, "aia_asst_", "^aia_asst_.+$")`.
#[macro_export]
#[doc(hidden)]
macro_rules! prefixed_type {
    ($(#[$attr:meta])* $name:ident, $prefix:literal, $pattern:literal) => {
        $crate::validated_string!($(#[$attr])* $name, $pattern, |value| $crate::is_prefixed(value, $prefix));
    };
}

/// A newtype for a look-around pattern, checked with `fancy-regex`.
#[cfg(feature = "fancy-regex")]
#[macro_export]
#[doc(hidden)]
macro_rules! backtracking_pattern_type {
    ($(#[$attr:meta])* $name:ident, $pattern:literal) => {
        $crate::validated_string!(
            $(#[$attr])* $name,
            $pattern,
            |value| {
                static REGEX: $crate::RegexCell = $crate::RegexCell::backtracking($pattern);
                REGEX.is_match(value)
            }
        );
    };
}

/// Without the `fancy-regex` feature: says which feature the spec needs.
#[cfg(not(feature = "fancy-regex"))]
#[macro_export]
#[doc(hidden)]
macro_rules! backtracking_pattern_type {
    ($(#[$attr:meta])* $name:ident, $pattern:literal) => {
        compile_error!(concat!(
            "the pattern `",
            $pattern,
            "` needs look-around: turn on openapi-client-runtime's `fancy-regex` feature"
        ));
    };
}

/// A newtype for any other pattern, checked with a regex compiled once.
#[cfg(feature = "regex")]
#[macro_export]
#[doc(hidden)]
macro_rules! pattern_type {
    ($(#[$attr:meta])* $name:ident, $pattern:literal) => {
        $crate::validated_string!(
            $(#[$attr])* $name,
            $pattern,
            |value| {
                static REGEX: $crate::RegexCell = $crate::RegexCell::new($pattern);
                REGEX.is_match(value)
            }
        );
    };
}

/// Without the `regex` feature: says which feature the spec needs.
#[cfg(not(feature = "regex"))]
#[macro_export]
#[doc(hidden)]
macro_rules! pattern_type {
    ($(#[$attr:meta])* $name:ident, $pattern:literal) => {
        compile_error!(concat!(
            "the pattern `",
            $pattern,
            "` needs a regex engine: turn on openapi-client-runtime's `regex` feature"
        ));
    };
}
