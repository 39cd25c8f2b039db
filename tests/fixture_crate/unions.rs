//! Copied into the crate generated from all fixtures and run there: a
//! `oneOf` whose variants differ in JSON kind decodes to the right variant
//! and encodes back unchanged; object variants are told apart by the
//! discriminator, by a property each fixes, or by their keys, and a value
//! that fits none is kept whole; `allOf` is typed however it is written.

use fixture_client::unions::{
    BankAccount, Card, Cat, Dog, Limit, ListPetsResponse, Pet, Rule, RuleEither, RuleTarget, Shape, ShapeCircle,
    Source, Window,
};
use serde_json::json;

#[test]
fn a_union_decodes_by_the_kind_of_its_json() {
    let cases = [
        (r#"{"target":"checkout"}"#, RuleTarget::String("checkout".into())),
        (r#"{"target":7}"#, RuleTarget::Integer(7)),
        (r#"{"target":{"max":3}}"#, RuleTarget::Limit(Box::new(Limit { max: Some(3), ..Default::default() }))),
    ];
    for (json, want) in cases {
        let rule: Rule = serde_json::from_str(json).expect(json);
        assert_eq!(rule.target, Some(want), "{json}");
        assert_eq!(serde_json::to_string(&rule).expect("encodes"), json);
    }
}

#[test]
fn objects_without_a_tag_are_told_apart_by_their_keys() {
    let rule: Rule = serde_json::from_str(r#"{"either":{"seconds":1}}"#).expect("decodes");
    assert_eq!(rule.either, Some(RuleEither::Window(Box::new(Window { seconds: Some(1), ..Default::default() }))));
    let rule: Rule = serde_json::from_str(r#"{"either":{"max":2}}"#).expect("decodes");
    assert_eq!(rule.either, Some(RuleEither::Limit(Box::new(Limit { max: Some(2), ..Default::default() }))));
    // Neither variant's keys: kept whole, and written back as it came.
    let rule: Rule = serde_json::from_str(r#"{"either":{"hours":3}}"#).expect("decodes");
    assert_eq!(rule.either, Some(RuleEither::Other(json!({"hours": 3}))));
    assert_eq!(serde_json::to_value(&rule).expect("encodes"), json!({"either": {"hours": 3}}));
}

fn pets(value: serde_json::Value) -> ListPetsResponse {
    serde_json::from_value(value).expect("a page of pets")
}

#[test]
fn the_discriminator_names_the_variant_by_mapping_or_by_component_name() {
    let page = pets(json!({"owner": null, "pets": [
        {"petType": "kitty", "lives": 9},
        {"petType": "dog", "barks": true},
        {"petType": "parrot", "words": 20}
    ]}));
    let pets = page.pets.expect("pets");
    assert!(matches!(&pets[0], Pet::Cat(cat) if cat.lives == Some(9) && cat.pet_type == "kitty"));
    assert!(matches!(&pets[1], Pet::Dog(dog) if dog.barks == Some(true)));
    assert_eq!(pets[2], Pet::Other(json!({"petType": "parrot", "words": 20})));
    // The tag stays in the variant's struct, so encoding writes it back.
    let mut dog = Dog::new("dog");
    dog.barks = Some(false);
    let dog = Pet::Dog(Box::new(dog));
    assert_eq!(serde_json::to_value(&dog).expect("encodes"), json!({"petType": "dog", "barks": false}));
    // A tagged variant that does not decode is an error, not `Other`.
    let broken = serde_json::from_value::<ListPetsResponse>(json!({"owner": null, "pets": [{"petType": "kitty", "lives": "many"}]}));
    assert!(broken.is_err());
    let _: Option<Cat> = None;
}

#[test]
fn a_property_each_variant_fixes_is_the_tag() {
    let page = pets(json!({"owner": null, "sources": [
        {"object": "bank_account", "last4": "6789"},
        {"object": "card", "last4": "4242"}
    ]}));
    let sources = page.sources.expect("sources");
    assert!(matches!(&sources[0], Source::BankAccount(b) if b.last4.as_deref() == Some("6789")));
    assert!(matches!(&sources[1], Source::Card(c) if c.last4.as_deref() == Some("4242")));
    let _: Option<(Card, BankAccount)> = None;
}

#[test]
fn common_properties_beside_the_variants_are_in_each_variant() {
    let page = pets(json!({"owner": null, "shapes": [{"kind": "circle", "name": "c", "radius": 1.5}]}));
    let shapes = page.shapes.expect("shapes");
    let want = ShapeCircle {
        kind: Some("circle".into()),
        name: Some("c".into()),
        radius: Some(1.5),
        ..Default::default()
    };
    assert_eq!(shapes[0], Shape::ShapeCircle(Box::new(want)));
}

#[test]
fn keys_the_spec_does_not_declare_are_kept_and_written_back() {
    let json = serde_json::json!({"max": 2, "burst": {"per": "second"}});
    let limit: Limit = serde_json::from_value(json.clone()).expect("a limit");
    assert_eq!(limit.max, Some(2));
    assert_eq!(limit.additional_properties.get("burst"), Some(&serde_json::json!({"per": "second"})));
    assert_eq!(serde_json::to_value(&limit).expect("encodes"), json);
}

#[test]
fn a_null_variant_makes_the_field_nullable_and_all_of_is_typed() {
    let page = pets(json!({"owner": null}));
    assert_eq!(page.owner, None);
    let page = pets(json!({
        "owner": {"max": 4},
        "described": {"seconds": 5},
        "extended": {"id": "w1", "seconds": 6}
    }));
    assert_eq!(page.owner, Some(Limit { max: Some(4), ..Default::default() }));
    assert_eq!(page.described, Some(Window { seconds: Some(5), ..Default::default() }));
    let extended = page.extended.expect("extended");
    assert_eq!((extended.id.as_str(), extended.seconds), ("w1", Some(6)));
}
