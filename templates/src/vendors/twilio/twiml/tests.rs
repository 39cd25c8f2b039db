use super::*;

#[test]
fn attributes_are_written_sorted_by_name_whatever_order_they_were_set_in() {
    let element = Element::new("Dial")
        .attribute("timeout", "5")
        .attribute("callerId", "+1")
        .attribute("action", "/a");
    assert_eq!(element.to_xml(), "<Dial action=\"/a\" callerId=\"+1\" timeout=\"5\" />");
}

#[test]
fn text_and_attributes_are_escaped_as_the_official_library_escapes_them() {
    let element = Element::new("Say")
        .attribute("voice", "a&b<c>\"d'\r\n\t")
        .text("a&b<c>\"d'\r\n\t");
    assert_eq!(
        element.to_xml(),
        "<Say voice=\"a&amp;b&lt;c&gt;&quot;d'&#13;&#10;&#09;\">a&amp;b&lt;c&gt;\"d'\r\n\t</Say>"
    );
}

#[test]
fn an_element_with_only_empty_text_is_written_self_closing() {
    assert_eq!(Element::new("Say").text("").to_xml(), "<Say />");
    assert_eq!(Say::new("").into_element().to_xml(), "<Say />");
}

#[test]
fn text_and_elements_are_written_in_the_order_added() {
    let say = Say::new("Hello").ssml_break(Break::new().time("1s")).text(" world");
    assert_eq!(
        say.into_element().to_xml(),
        "<Say>Hello<break time=\"1s\" /> world</Say>"
    );
}

#[test]
fn a_document_displays_as_its_xml_with_the_declaration() {
    let response = MessagingResponse::new().message(Message::new("hi"));
    assert_eq!(response.to_string(), response.to_xml());
    assert!(response
        .to_xml()
        .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"));
}

#[test]
fn list_attributes_are_separated_by_single_spaces() {
    assert_eq!(spaced([GatherInput::Dtmf]), "dtmf");
    assert_eq!(spaced(Vec::<GatherInput>::new()), "");
    assert_eq!(
        spaced([CallEvent::Initiated, CallEvent::Other("x y".into())]),
        "initiated x y"
    );
}
