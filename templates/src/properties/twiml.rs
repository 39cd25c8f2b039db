//! TwiML escaping: any text and attribute value a caller puts in a
//! document is read back unchanged by an XML parser (roxmltree), whatever
//! markup, entities or whitespace it holds.

use proptest::prelude::*;

use super::{check, tricky_text};
use crate::vendors::twilio::twiml::{Element, Say, VoiceResponse};

/// Whether XML 1.0 allows the character in a document at all. Text is
/// written as given (as the official libraries write it), so the others
/// cannot be read back; see the module's documentation.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Text content up to line breaks: an XML parser may read `\r\n` and a
/// lone `\r` as `\n` (XML 1.0 §2.11). Attribute values keep theirs,
/// written as character references.
fn normalised_text(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[test]
fn text_and_attributes_read_back_unchanged() {
    let inputs = (tricky_text(40), tricky_text(40), tricky_text(20));
    check("twiml_escaping", inputs, |(text, voice, extra)| {
        let keep = |s: &str| s.chars().filter(|c| xml_char(*c)).collect::<String>();
        let (text, voice, extra) = (keep(&text), keep(&voice), keep(&extra));
        let document = VoiceResponse::new()
            .say(Say::new(text.clone()).attribute("voice", voice.clone()))
            .element(Element::new("Pause").attribute("data-extra", extra.clone()))
            .to_xml();
        let parsed = roxmltree::Document::parse(&document);
        prop_assert!(parsed.is_ok(), "{:?} does not parse: {:?}", document, parsed.err());
        let parsed = parsed.expect("checked");
        let root = parsed.root_element();
        prop_assert_eq!(root.tag_name().name(), "Response");
        let mut children = root.children().filter(roxmltree::Node::is_element);
        let say = children.next().expect("Say");
        prop_assert_eq!(say.tag_name().name(), "Say");
        let read: String = say.children().filter_map(|n| n.text()).collect();
        prop_assert_eq!(normalised_text(&read), normalised_text(&text));
        prop_assert_eq!(say.attribute("voice"), Some(voice.as_str()));
        let pause = children.next().expect("Pause");
        prop_assert_eq!(pause.attribute("data-extra"), Some(extra.as_str()));
        prop_assert!(children.next().is_none());
        Ok(())
    });
}

/// Characters XML forbids are written as given, never a panic, and only
/// they keep the document from parsing.
#[test]
fn any_text_is_written_without_panic() {
    check("twiml_any_text", (tricky_text(40), any::<String>()), |(text, value)| {
        let document = VoiceResponse::new()
            .say(Say::new(text.clone()).attribute("voice", value.clone()))
            .to_xml();
        let allowed = text.chars().chain(value.chars()).all(xml_char);
        prop_assert_eq!(roxmltree::Document::parse(&document).is_ok(), allowed, "{:?}", document);
        Ok(())
    });
}
