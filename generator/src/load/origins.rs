//! Where each part of a normalised document came from in the user's file.
//!
//! A version front-end (Swagger 2.0, OpenAPI 3.1) rewrites the document into
//! the one shape the rest of the generator reads; a part it moves (an
//! `anyOf` branch merged into its parent, a Swagger `definitions` entry
//! under `components/schemas`) is recorded here, so that every error and
//! warning still names the JSON pointer in the document the user wrote.

use std::collections::BTreeMap;

/// Normalised pointer prefix → the pointer it was at in the user's document.
/// A pointer under no recorded prefix is where it was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins {
    moved: BTreeMap<String, String>,
    /// `$ref` prefixes as the front-end rewrote them → as the user wrote
    /// them (`#/components/schemas/` → `#/definitions/`), for messages.
    spelled: Vec<(String, String)>,
}

impl Origins {
    /// Records that whatever is now at `now` (and below it) was at `was`.
    pub fn record(&mut self, now: &str, was: &str) {
        if now != was {
            self.moved.insert(now.to_owned(), was.to_owned());
        }
    }

    /// Records that `$ref`s written `was…` now read `now…`.
    pub fn record_spelling(&mut self, now: &str, was: &str) {
        self.spelled.push((now.to_owned(), was.to_owned()));
    }

    /// Whether nothing moved (a 3.0 document, read as written).
    pub fn is_empty(&self) -> bool {
        self.moved.is_empty() && self.spelled.is_empty()
    }

    /// A message with each `$ref` in it spelled as the user wrote it.
    pub fn original_message(&self, message: &str) -> String {
        let mut message = message.to_owned();
        for (now, was) in &self.spelled {
            message = message.replace(&format!("`{now}"), &format!("`{was}"));
        }
        message
    }

    /// The pointer in the user's document of what is now at `pointer`: the
    /// longest recorded prefix (whole tokens only) is replaced.
    pub fn original(&self, pointer: &str) -> String {
        if self.moved.is_empty() {
            return pointer.to_owned();
        }
        let mut prefix = pointer;
        loop {
            if let Some(was) = self.moved.get(prefix) {
                return format!("{was}{}", &pointer[prefix.len()..]);
            }
            match prefix.rfind('/') {
                Some(cut) if !prefix.is_empty() => prefix = &prefix[..cut],
                _ => return pointer.to_owned(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_recorded_prefix_of_whole_tokens_is_replaced() {
        let mut origins = Origins::default();
        origins.record("/components/schemas", "/definitions");
        origins.record(
            "/components/schemas/A/properties/b/$ref",
            "/definitions/A/properties/b/anyOf/0/$ref",
        );
        origins.record("/same", "/same");
        assert!(!origins.is_empty());
        assert_eq!(origins.original("/components/schemas/A/type"), "/definitions/A/type");
        assert_eq!(
            origins.original("/components/schemas/A/properties/b/$ref"),
            "/definitions/A/properties/b/anyOf/0/$ref"
        );
        // `/components/schemasX` is not under `/components/schemas`.
        assert_eq!(origins.original("/components/schemasX"), "/components/schemasX");
        assert_eq!(origins.original("/paths"), "/paths");
        assert_eq!(origins.original(""), "");
    }
}
