//! Copied into the crate generated from all fixtures and run there: a
//! `oneOf` whose variants differ in JSON kind decodes to the right variant
//! and encodes back unchanged; one it cannot tell apart stays JSON.

use fixture_client::unions::{Limit, Rule, RuleTarget};

#[test]
fn a_union_decodes_by_the_kind_of_its_json() {
    let cases = [
        (r#"{"target":"checkout"}"#, RuleTarget::String("checkout".into())),
        (r#"{"target":7}"#, RuleTarget::Integer(7)),
        (r#"{"target":{"max":3}}"#, RuleTarget::Limit(Box::new(Limit { max: Some(3) }))),
    ];
    for (json, want) in cases {
        let rule: Rule = serde_json::from_str(json).expect(json);
        assert_eq!(rule.target, Some(want), "{json}");
        assert_eq!(serde_json::to_string(&rule).expect("encodes"), json);
    }
}

#[test]
fn a_union_it_cannot_tell_apart_keeps_the_json() {
    let rule: Rule = serde_json::from_str(r#"{"either":{"seconds":1}}"#).expect("decodes");
    assert_eq!(rule.either, Some(serde_json::json!({"seconds": 1})));
}
