//! Copied into the crate generated from all fixtures and run there: a struct
//! with a required field (`nullable`'s `Thing`: `id` required, `maybe`
//! required but nullable) is decoded and encoded by the impls the generator
//! writes out (`codec::DecodeStruct`), the way serde's derives did, and
//! keeps the keys the spec does not declare.

use fixture_client::nullable::Thing;

#[test]
fn a_struct_with_a_required_field_decodes_through_its_codecs_and_encodes_back() {
    let json = r#"{"ratio": "0.5", "unknown": [1, {"deep": true}], "created": "", "id": "T1"}"#;
    let thing: Thing = serde_json::from_str(json).expect("decodes");
    assert_eq!(thing.id, "T1");
    assert_eq!(thing.ratio, Some(0.5), "a number sent as text");
    assert_eq!(thing.created, None, "an empty date is absent");
    assert_eq!(thing.maybe, None, "required but nullable: absent is None");
    // A key the spec does not declare is kept as it came.
    assert_eq!(thing.additional_properties.len(), 1);
    assert_eq!(thing.additional_properties["unknown"], serde_json::json!([1, {"deep": true}]));
    // The required field always, the optional ones only when present, then the undeclared keys.
    let encoded = serde_json::to_string(&thing).expect("encodes");
    assert_eq!(encoded, r#"{"id":"T1","ratio":0.5,"unknown":[1,{"deep":true}]}"#);
    assert_eq!(serde_json::from_str::<Thing>(&encoded).expect("decodes"), thing);
}

#[test]
fn a_missing_required_field_is_serdes_missing_field_error() {
    let error = serde_json::from_str::<Thing>(r#"{"maybe": "x", "ratio": 1}"#).expect_err("no id");
    assert!(error.to_string().starts_with("missing field `id`"), "{error}");
    let error = serde_json::from_str::<Thing>(r#"{"id": 7}"#).expect_err("not a string");
    assert!(error.to_string().contains("expected a string"), "{error}");
    let error = serde_json::from_str::<Thing>("[]").expect_err("not an object");
    assert!(error.to_string().contains("expected struct Thing"), "{error}");
}
