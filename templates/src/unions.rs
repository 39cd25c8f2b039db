//! Decoding the enums of `oneOf`/`anyOf` whose object variants a tag or
//! their keys tell apart (the generated `Deserialize` calls these through
//! `codec::union_*`): the value is read once as JSON, the object's variant
//! chosen, and a value that fits no variant kept whole by the caller.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// The variant the object's `property` names: `values` pairs each known
/// value with its variant. `None` for a non-object, an absent or unknown tag.
pub fn union_tag(value: &Value, property: &str, values: &[(&str, usize)]) -> Option<usize> {
    let tag = value.as_object()?.get(property)?.as_str()?;
    values
        .iter()
        .find(|(known, _)| *known == tag)
        .map(|(_, variant)| *variant)
}

/// The variant whose keys the object has: `keys` holds each variant's
/// required keys and declared keys. A variant fits when its required keys
/// are all present and, if it requires none, at least one key it declares
/// is (a variant that declares no key fits any object). Of those, the one
/// with the most required keys wins, then the one with the most declared
/// keys present, then the first. `None` for a non-object or when no
/// variant fits.
pub fn union_keys(value: &Value, keys: &[(usize, &[&str], &[&str])]) -> Option<usize> {
    let object = value.as_object()?;
    keys.iter()
        .filter_map(|(variant, required, declared)| {
            let present = declared.iter().filter(|key| object.contains_key(**key)).count();
            let fits = required.iter().all(|key| object.contains_key(*key))
                && (!required.is_empty() || present > 0 || declared.is_empty());
            fits.then_some((required.len(), present, std::cmp::Reverse(*variant)))
        })
        .max()
        .map(|(_, _, std::cmp::Reverse(variant))| variant)
}

/// Decodes the chosen variant; its error is the deserializer's.
pub fn union_variant<T: DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<T, E> {
    T::deserialize(value).map_err(E::custom)
}

/// The value as a non-object variant, if it is one.
pub fn union_try<T: DeserializeOwned>(value: &Value) -> Option<T> {
    T::deserialize(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_tag_names_the_variant() {
        let values = [("card", 0), ("bank_account", 1), ("account", 1)];
        assert_eq!(union_tag(&json!({"object": "account"}), "object", &values), Some(1));
        assert_eq!(union_tag(&json!({"object": "card"}), "object", &values), Some(0));
        assert_eq!(union_tag(&json!({"object": "source"}), "object", &values), None);
        assert_eq!(union_tag(&json!({"object": 1}), "object", &values), None);
        assert_eq!(union_tag(&json!("card"), "object", &values), None);
    }

    #[test]
    fn the_most_specific_variant_whose_required_keys_are_present_wins() {
        let keys: [(usize, &[&str], &[&str]); 3] = [
            (0, &["id"], &["id", "name"]),
            (1, &["id", "email"], &["id", "email"]),
            (2, &[], &["note", "tags"]),
        ];
        assert_eq!(union_keys(&json!({"id": 1, "email": "a"}), &keys), Some(1));
        assert_eq!(union_keys(&json!({"id": 1}), &keys), Some(0));
        assert_eq!(union_keys(&json!({"note": "x"}), &keys), Some(2));
        assert_eq!(union_keys(&json!([1]), &keys), None);
        assert_eq!(union_keys(&json!({"other": 1}), &keys), None);
        let open: [(usize, &[&str], &[&str]); 2] = [(0, &[], &["a"]), (1, &[], &[])];
        assert_eq!(union_keys(&json!({"z": 1}), &open), Some(1));
        // Equal on both counts: the first declared.
        let tie: [(usize, &[&str], &[&str]); 2] = [(0, &[], &["a"]), (1, &[], &["a"])];
        assert_eq!(union_keys(&json!({"a": 1}), &tie), Some(0));
    }

    #[test]
    fn variants_decode_or_report() {
        let number: Result<u8, serde_json::Error> = union_variant(json!(7));
        assert_eq!(number.unwrap(), 7);
        let wrong: Result<u8, serde_json::Error> = union_variant(json!("seven"));
        assert!(wrong.is_err());
        assert_eq!(union_try::<String>(&json!("x")), Some("x".to_owned()));
        assert_eq!(union_try::<String>(&json!(1)), None);
    }
}
