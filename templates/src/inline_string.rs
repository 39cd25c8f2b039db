//! [`InlineString`]: a string kept inside the value up to 34 bytes (a
//! SID is 34), on the heap beyond.
//!
//! Validated strings hold one, so parsing a SID, or decoding one from a
//! response, allocates nothing; nor does keeping a refused value in its
//! [`ValidationError`](crate::ValidationError). Written here over `arrayvec`'s
//! `ArrayString` because the small-string crates (`compact_str`, `smol_str`,
//! `smartstring`) keep at most 23 or 24 bytes inline: a SID would still go to
//! the heap.

use std::borrow::{Borrow, Cow};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use arrayvec::ArrayString;

/// Bytes kept inline: a prefixed ID of two letters and 32 hex digits.
const INLINE_BYTES: usize = 34;

/// An immutable string, inline up to 34 bytes. Reads like a `&str` (it
/// derefs to one) and converts from and into `String`.
#[derive(Clone)]
pub struct InlineString(Repr);

#[derive(Clone)]
enum Repr {
    Inline(ArrayString<INLINE_BYTES>),
    Heap(Box<str>),
}

impl InlineString {
    /// The string as a slice.
    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline(inline) => inline.as_str(),
            Repr::Heap(heap) => heap,
        }
    }

    /// Whether it is kept inline (no allocation).
    pub fn is_inline(&self) -> bool {
        matches!(self.0, Repr::Inline(_))
    }
}

impl Default for InlineString {
    fn default() -> Self {
        Self(Repr::Inline(ArrayString::new()))
    }
}

impl From<&str> for InlineString {
    #[inline]
    fn from(value: &str) -> Self {
        match ArrayString::from(value) {
            Ok(inline) => Self(Repr::Inline(inline)),
            Err(_) => Self(Repr::Heap(value.into())),
        }
    }
}

impl From<String> for InlineString {
    /// A long string keeps its buffer (shrunk to fit).
    fn from(value: String) -> Self {
        match ArrayString::from(&value) {
            Ok(inline) => Self(Repr::Inline(inline)),
            Err(_) => Self(Repr::Heap(value.into_boxed_str())),
        }
    }
}

impl From<&String> for InlineString {
    fn from(value: &String) -> Self {
        Self::from(value.as_str())
    }
}

impl From<Box<str>> for InlineString {
    fn from(value: Box<str>) -> Self {
        match ArrayString::from(&value) {
            Ok(inline) => Self(Repr::Inline(inline)),
            Err(_) => Self(Repr::Heap(value)),
        }
    }
}

impl From<Cow<'_, str>> for InlineString {
    fn from(value: Cow<'_, str>) -> Self {
        match value {
            Cow::Borrowed(value) => Self::from(value),
            Cow::Owned(value) => Self::from(value),
        }
    }
}

impl From<InlineString> for String {
    fn from(value: InlineString) -> String {
        match value.0 {
            Repr::Inline(inline) => inline.as_str().to_owned(),
            Repr::Heap(heap) => heap.into_string(),
        }
    }
}

impl Deref for InlineString {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for InlineString {
    #[inline]
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// Hash, equality and order are those of the `str`, as `Borrow` requires.
impl Borrow<str> for InlineString {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for InlineString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for InlineString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for InlineString {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for InlineString {}

impl PartialOrd for InlineString {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for InlineString {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for InlineString {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

/// `error.value == "AC…"` and the like, both ways round.
macro_rules! eq_with {
    ($($other:ty),*) => {$(
        impl PartialEq<$other> for InlineString {
            fn eq(&self, other: &$other) -> bool {
                self.as_str() == AsRef::<str>::as_ref(other)
            }
        }
        impl PartialEq<InlineString> for $other {
            fn eq(&self, other: &InlineString) -> bool {
                AsRef::<str>::as_ref(self) == other.as_str()
            }
        }
    )*};
}
eq_with!(str, &str, String);

impl serde::Serialize for InlineString {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for InlineString {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_string(InlineStringVisitor)
    }
}

/// Copies a borrowed string in (no intermediate `String`); takes an owned
/// one over.
struct InlineStringVisitor;

impl serde::de::Visitor<'_> for InlineStringVisitor {
    type Value = InlineString;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<InlineString, E> {
        Ok(InlineString::from(value))
    }

    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<InlineString, E> {
        Ok(InlineString::from(value))
    }
}

#[cfg(test)]
mod tests {
    use super::InlineString;

    const SID: &str = "AC0123456789abcdef0123456789abcdef";

    #[test]
    fn a_sid_is_kept_inline_and_a_longer_string_on_the_heap() {
        let sid = InlineString::from(SID);
        assert!(sid.is_inline());
        assert_eq!(sid, SID);
        let long = format!("{SID}0");
        let heap = InlineString::from(long.clone());
        assert!(!heap.is_inline());
        assert_eq!(heap, long);
        assert_eq!(String::from(heap), long);
        assert_eq!(String::from(sid), SID);
    }

    #[test]
    fn equality_order_and_hash_are_those_of_the_str() {
        use std::collections::HashSet;
        let inline = InlineString::from("b");
        let heap = InlineString::from("b".repeat(40));
        let mut sorted = [heap.clone(), inline.clone(), InlineString::from("a")];
        sorted.sort();
        assert_eq!(
            sorted.map(String::from),
            ["a".to_owned(), "b".to_owned(), "b".repeat(40)]
        );
        let set: HashSet<InlineString> = [inline.clone(), heap.clone()].into_iter().collect();
        assert!(set.contains("b") && set.contains("b".repeat(40).as_str()));
        assert_eq!(format!("{inline:?} {heap}"), format!("\"b\" {}", "b".repeat(40)));
    }

    #[test]
    fn json_round_trips_borrowed_escaped_and_long_strings() {
        for json in [
            format!("\"{SID}\""),
            r#""tab\tand \u00e9""#.to_owned(),
            format!("\"{}\"", "é".repeat(30)),
        ] {
            let value: InlineString = serde_json::from_str(&json).expect("a JSON string decodes");
            assert_eq!(
                serde_json::to_string(&value).expect("encodes"),
                serde_json::to_string(&*value).expect("encodes")
            );
            let from_reader: InlineString = serde_json::from_reader(json.as_bytes()).expect("decodes from a reader");
            assert_eq!(from_reader, value);
        }
        assert!(serde_json::from_str::<InlineString>("7").is_err());
    }
}
