//! TwiML: typed builders for the documents that answer Twilio's Voice,
//! Messaging and Fax webhooks.
//!
//! ```
//! use openapi_client_runtime::twilio::twiml::{Dial, Gather, GatherInput, Number, Say, VoiceResponse};
//!
//! let twiml = VoiceResponse::new()
//!     .gather(
//!         Gather::new()
//!             .input([GatherInput::Speech, GatherInput::Dtmf])
//!             .action("/menu")
//!             .say(Say::new("Press 1 for sales & support.")),
//!     )
//!     .dial(Dial::default().caller_id("+15005550006").number(Number::new("+15558675310")));
//! assert_eq!(
//!     twiml.to_xml(),
//!     "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>\
//!      <Gather action=\"/menu\" input=\"speech dtmf\"><Say>Press 1 for sales &amp; support.</Say></Gather>\
//!      <Dial callerId=\"+15005550006\"><Number>+15558675310</Number></Dial></Response>"
//! );
//! ```
//!
//! Each element is a type with a setter per attribute Twilio documents
//! (enums keep an `Other` variant for values added later) and a method per
//! element it may contain, so misspelt attributes and misplaced verbs do
//! not compile; [`Element`] and each type's `attribute` and `element` reach
//! whatever the types do not list yet. The output is byte for byte what
//! Twilio's official Python library writes for the same document:
//! attributes sorted by name, `<X />` for empty elements, the same escapes.
//! Text is written as given: characters XML 1.0 forbids (most control
//! characters) are not removed, as the official libraries do not remove them.
//!
//! The builders are generated from `templates/twiml/twiml.yaml` by
//! `cargo xtask generate`.

use std::borrow::Cow;
use std::fmt;

#[rustfmt::skip]
mod elements;

pub use elements::*;

/// Any TwiML element: what every typed builder holds, and the way to write
/// an element or attribute the builders do not know yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    name: Cow<'static, str>,
    /// In the order set; written sorted by name.
    attributes: Vec<(Cow<'static, str>, String)>,
    content: Vec<Content>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Content {
    Text(String),
    Element(Element),
}

impl Element {
    /// An empty element named `name` (`"Say"`, `"break"`).
    pub fn new(name: impl Into<Cow<'static, str>>) -> Self {
        Element {
            name: name.into(),
            attributes: Vec::new(),
            content: Vec::new(),
        }
    }

    /// Sets the attribute `name` (its XML name, `"callerId"`), replacing an
    /// earlier value.
    pub fn attribute(self, name: impl Into<Cow<'static, str>>, value: impl Into<String>) -> Self {
        self.set(name, value.into())
    }

    /// Adds text after what the element holds so far.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.content.push(Content::Text(text.into()));
        self
    }

    /// Adds an element after what the element holds so far.
    pub fn child(mut self, child: impl Into<Element>) -> Self {
        self.content.push(Content::Element(child.into()));
        self
    }

    /// The element as XML, without the XML declaration.
    pub fn to_xml(&self) -> String {
        let mut out = String::with_capacity(64);
        self.write(&mut out);
        out
    }

    fn set(mut self, name: impl Into<Cow<'static, str>>, value: String) -> Self {
        let name = name.into();
        match self.attributes.iter_mut().find(|(existing, _)| *existing == name) {
            Some((_, old)) => *old = value,
            None => self.attributes.push((name, value)),
        }
        self
    }

    fn write(&self, out: &mut String) {
        out.push('<');
        out.push_str(&self.name);
        let mut attributes: Vec<_> = self.attributes.iter().collect();
        attributes.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, value) in attributes {
            out.push(' ');
            out.push_str(name);
            out.push_str("=\"");
            escape(value, true, out);
            out.push('"');
        }
        let empty = self
            .content
            .iter()
            .all(|c| matches!(c, Content::Text(t) if t.is_empty()));
        if empty {
            out.push_str(" />");
            return;
        }
        out.push('>');
        for content in &self.content {
            match content {
                Content::Text(text) => escape(text, false, out),
                Content::Element(element) => element.write(out),
            }
        }
        out.push_str("</");
        out.push_str(&self.name);
        out.push('>');
    }
}

/// Escapes as Python's `xml.etree.ElementTree` does, which Twilio's
/// official library writes with: `&`, `<`, `>` everywhere; in attribute
/// values also `"` and the whitespace an XML parser would normalise.
fn escape(text: &str, attribute: bool, out: &mut String) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\r' if attribute => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#09;"),
            other => out.push(other),
        }
    }
}

/// A list attribute's values, separated by spaces (`input="dtmf speech"`).
fn spaced<T: AsRef<str>>(values: impl IntoIterator<Item = T>) -> String {
    let values: Vec<T> = values.into_iter().collect();
    let values: Vec<&str> = values.iter().map(AsRef::as_ref).collect();
    values.join(" ")
}

/// What every typed element has: extra attributes and elements, and the
/// conversion into [`Element`].
macro_rules! element {
    ($name:ident) => {
        impl $name {
            /// Sets an attribute this type has no setter for, by its XML
            /// name; replaces an earlier value.
            pub fn attribute(self, name: impl Into<std::borrow::Cow<'static, str>>, value: impl Into<String>) -> Self {
                Self(self.0.attribute(name, value))
            }

            /// Adds an element this type has no method for.
            pub fn element(self, element: super::Element) -> Self {
                Self(self.0.child(element))
            }

            /// The untyped element.
            pub fn into_element(self) -> super::Element {
                self.0
            }
        }

        impl From<$name> for super::Element {
            fn from(typed: $name) -> Self {
                typed.0
            }
        }
    };
}
use element;

/// A whole TwiML document: `to_xml` with the XML declaration, and `Display`.
macro_rules! document {
    ($name:ident) => {
        impl $name {
            /// The document as Twilio expects it, XML declaration first.
            pub fn to_xml(&self) -> String {
                format!("{}{}", super::DECLARATION, self.0.to_xml())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(super::DECLARATION)?;
                f.write_str(&self.0.to_xml())
            }
        }
    };
}
use document;

/// The XML declaration Twilio's official libraries begin a document with.
const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

/// The `Content-Type` to answer a webhook with TwiML.
pub const CONTENT_TYPE: &str = "application/xml";

impl fmt::Display for Element {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_xml())
    }
}

#[cfg(test)]
mod tests;
