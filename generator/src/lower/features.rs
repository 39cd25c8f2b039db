//! `--features-by tag`: a large API's operations behind a cargo feature per
//! tag (GitHub's 845 operations under 32 tags), so a user who calls repos
//! and issues compiles only those. A type is gated by the features of the
//! operations that use it; one that an untagged operation uses comes with
//! the API itself, and so does everything it refers to: a gated type is
//! never reachable from an ungated one. A type no kept operation uses (one
//! lowered for an operation `--skip-unsupported` then left out) comes with
//! the API too, with everything it refers to.

use std::collections::{BTreeMap, BTreeSet};

use crate::docs::code_span;
use crate::ir::{Body, Crate, Domain, Operation, Response, TagFeature, TagFeatures, Ty, TypeId, TypeKind, Types};
use crate::names::snake_words;

/// Puts each tagged operation of every API behind `<module>-<tag>`, and
/// each type only tagged operations use behind theirs.
pub fn by_tag(krate: &mut Crate) {
    let types = &krate.types;
    for domain in &mut krate.domains {
        gate(domain, types);
    }
}

fn gate(domain: &mut Domain, types: &Types) {
    let mut features: BTreeMap<String, TagFeature> = BTreeMap::new();
    for op in &mut domain.operations {
        // A tag with nothing to name a feature after stays with the API.
        let Some(tag) = op
            .tag
            .as_ref()
            .filter(|tag| tag.chars().any(|c| c.is_ascii_alphanumeric()))
        else {
            continue;
        };
        let name = format!("{}-{}", domain.module, snake_words(tag));
        let feature = features.entry(name.clone()).or_insert_with(|| TagFeature {
            name: name.clone(),
            tags: Vec::new(),
            operations: 0,
        });
        if !feature.tags.contains(tag) {
            feature.tags.push(tag.clone());
        }
        feature.operations += 1;
        op.feature = Some(name);
    }
    if features.is_empty() {
        return;
    }
    let home = domain.home();
    // The features of the operations that use each type; `None` is the API.
    let mut users: BTreeMap<TypeId, BTreeSet<Option<String>>> = BTreeMap::new();
    let mut error_sets: BTreeMap<String, BTreeSet<Option<String>>> = BTreeMap::new();
    for op in &domain.operations {
        let mut roots = Vec::new();
        operation_types(op, domain, &mut roots);
        for id in closure(roots, types) {
            users.entry(id).or_default().insert(op.feature.clone());
        }
        if let Some(set) = &op.errors {
            error_sets.entry(set.clone()).or_default().insert(op.feature.clone());
        }
    }
    let unused: Vec<TypeId> = types
        .in_home(&home)
        .map(|(id, _)| id)
        .filter(|id| !users.contains_key(id))
        .collect();
    for id in closure(unused, types) {
        users.entry(id).or_default().insert(None);
    }
    let types_by_feature = users
        .into_iter()
        .filter(|(id, _)| types.get(*id).home == home)
        .filter_map(gated)
        .collect();
    domain.tag_features = Some(TagFeatures {
        features: features.into_values().collect(),
        types: types_by_feature,
        error_sets: error_sets.into_iter().filter_map(gated).collect(),
    });
    domain.docs.push_str(&features_docs(domain));
}

/// The module docs' list of the API's features.
fn features_docs(domain: &Domain) -> String {
    let Some(by_tag) = &domain.tag_features else {
        return String::new();
    };
    let mut docs = format!(
        "\n\n# Features by tag\n\nEach tag's operations are behind a cargo feature of their own, all on by default; \
         depend with `default-features = false` and list the ones you call. Operations without a tag come with \
         `{}`.\n",
        domain.module
    );
    for feature in &by_tag.features {
        let tags: Vec<String> = feature.tags.iter().map(|tag| code_span(tag)).collect();
        let plural = if feature.operations == 1 { "" } else { "s" };
        docs.push_str(&format!(
            "\n- `{}`: {} ({} operation{plural})",
            feature.name,
            tags.join(", "),
            feature.operations
        ));
    }
    docs
}

/// The types an operation names directly: parameters, body, response and
/// documented errors.
fn operation_types(op: &Operation, domain: &Domain, out: &mut Vec<TypeId>) {
    for param in op.inputs() {
        named(&param.ty, out);
    }
    if let Some(Body::Json(body)) = &op.body {
        named(&body.ty, out);
    }
    match &op.response {
        Response::Json(ty) => named(ty, out),
        Response::Page(ty) => named(ty, out),
        Response::Empty | Response::Text(_) | Response::Bytes(_) => {}
    }
    let set = op
        .errors
        .as_ref()
        .and_then(|name| domain.error_sets.iter().find(|set| &set.name == name));
    for variant in set.iter().flat_map(|set| &set.variants) {
        named(&variant.ty, out);
    }
}

/// Every type reachable from `roots` (merges followed), roots included.
fn closure(roots: Vec<TypeId>, types: &Types) -> BTreeSet<TypeId> {
    let mut seen = BTreeSet::new();
    let mut stack = roots;
    while let Some(id) = stack.pop() {
        let id = types.resolve(id);
        if !seen.insert(id) {
            continue;
        }
        match &types.get(id).kind {
            TypeKind::Struct(item) => {
                for field in &item.fields {
                    named(&field.ty, &mut stack);
                }
                if let Some(page) = &item.page {
                    named(&page.item, &mut stack);
                }
            }
            TypeKind::Union(union) => {
                for (_, ty) in &union.variants {
                    named(ty, &mut stack);
                }
            }
            TypeKind::Alias(target) | TypeKind::MergedInto(target) => stack.push(*target),
            TypeKind::Enum(_) | TypeKind::Validated(_) => {}
        }
    }
    seen
}

/// The table types inside `ty`.
fn named(ty: &Ty, out: &mut Vec<TypeId>) {
    match ty {
        Ty::Named(id) => out.push(*id),
        Ty::Vec(item) | Ty::Map(item) => named(item, out),
        Ty::String | Ty::Bool | Ty::I32 | Ty::I64 | Ty::F64 | Ty::Date | Ty::DateTime(_) | Ty::Json => {}
    }
}

/// `(key, features)` when every user is a tagged operation; `None` when the
/// API itself needs it.
fn gated<K>((key, users): (K, BTreeSet<Option<String>>)) -> Option<(K, Vec<String>)> {
    let features: Option<Vec<String>> = users.into_iter().collect();
    features.map(|features| (key, features))
}

#[cfg(test)]
mod tests {
    use crate::ir::{Crate, Domain};

    fn tagged() -> Crate {
        let fixture = include_str!("../../../tests/fixtures/tagged.yaml");
        let specs = crate::load::load_documents(&[("tagged.yaml".into(), fixture.into())]).expect("loads");
        let mut krate = crate::lower::lower(&specs, "tagged-client", false).expect("lowers");
        super::by_tag(&mut krate);
        krate
    }

    fn feature_of<'a>(domain: &'a Domain, operation: &str) -> Option<&'a str> {
        let op = domain.operations.iter().find(|op| op.name.wire == operation);
        op.expect("operation").feature.as_deref()
    }

    fn features_of<'a>(krate: &'a Crate, type_name: &str) -> &'a [String] {
        let home = krate.domains[0].home();
        let (id, _) = krate
            .types
            .in_home(&home)
            .find(|(_, def)| def.name == type_name)
            .expect("type");
        krate.domains[0].type_features(id)
    }

    #[test]
    fn a_feature_is_named_after_its_tag_as_written_and_the_docs_quote_it_whole() {
        let spec = r#"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {
            "/a": {"get": {"operationId": "a", "tags": ["type"], "responses": {"204": {"description": "ok"}}}},
            "/b": {"get": {"operationId": "b", "tags": ["2FA `codes`"], "responses": {"204": {"description": "ok"}}}}}}"#;
        let specs = crate::load::load_documents(&[("t.json".into(), spec.into())]).expect("loads");
        let mut krate = crate::lower::lower(&specs, "t-client", false).expect("lowers");
        super::by_tag(&mut krate);
        let domain = &krate.domains[0];
        // Not identifiers: no `type_`, no `n_2fa`.
        assert_eq!(feature_of(domain, "a"), Some("t-type"));
        assert_eq!(feature_of(domain, "b"), Some("t-2fa_codes"));
        assert!(
            domain.docs.contains("- `t-2fa_codes`: `` 2FA `codes` `` (1 operation)"),
            "{}",
            domain.docs
        );
    }

    #[test]
    fn each_tag_is_a_feature_and_each_type_follows_the_operations_that_use_it() {
        let krate = tagged();
        let domain = &krate.domains[0];
        let by_tag = domain.tag_features.as_ref().expect("tagged operations");
        let names: Vec<(&str, usize)> = by_tag
            .features
            .iter()
            .map(|f| (f.name.as_str(), f.operations))
            .collect();
        assert_eq!(names, [("tagged-pets", 1), ("tagged-store_admin", 2)]);
        assert_eq!(by_tag.features[1].tags, ["Store admin", "store-admin"]);
        assert_eq!(feature_of(domain, "listPets"), Some("tagged-pets"));
        // The first of its tags decides.
        assert_eq!(feature_of(domain, "getOrder"), Some("tagged-store_admin"));
        assert_eq!(feature_of(domain, "health"), None);
        assert_eq!(features_of(&krate, "PetKind"), ["tagged-pets"]);
        assert_eq!(features_of(&krate, "Order"), ["tagged-store_admin"]);
        assert_eq!(features_of(&krate, "Owner"), ["tagged-pets", "tagged-store_admin"]);
        assert_eq!(features_of(&krate, "Health"), [] as [String; 0]);
        let error_set = domain.error_sets.first().expect("an error set");
        assert_eq!(
            domain.error_set_features(&error_set.name),
            ["tagged-pets", "tagged-store_admin"]
        );
        assert!(domain
            .docs
            .contains("- `tagged-store_admin`: `Store admin`, `store-admin` (2 operations)"));
    }

    /// `unsupported` is left out after its response type was made: that type
    /// stays a public model, so it and the tagged type it holds come with
    /// the API.
    #[test]
    fn what_a_left_out_operation_made_comes_with_the_api() {
        let spec = r##"
openapi: 3.0.1
info: {title: Skipping, version: 1.0.0}
servers: [{url: "https://skipping.example.com"}]
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      responses:
        "200": {description: Pets, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
  /unsupported:
    get:
      operationId: unsupported
      tags: [other]
      parameters: [{name: session, in: cookie, schema: {type: string}}]
      responses:
        "200": {description: Kept, content: {application/json: {schema: {$ref: "#/components/schemas/Shelter"}}}}
components:
  schemas:
    Pet: {type: object, properties: {name: {type: string}}}
    Shelter: {type: object, properties: {pets: {type: array, items: {$ref: "#/components/schemas/Pet"}}}}
"##;
        let specs = crate::load::load_documents(&[("skipping.yaml".into(), spec.into())]).expect("loads");
        let mut krate = crate::lower::lower(&specs, "skipping-client", true).expect("lowers");
        assert_eq!(krate.report.skipped.len(), 1, "{:?}", krate.report);
        super::by_tag(&mut krate);
        assert_eq!(features_of(&krate, "Shelter"), [] as [String; 0]);
        assert_eq!(features_of(&krate, "Pet"), [] as [String; 0]);
    }

    #[test]
    fn an_api_without_tags_has_no_tag_features() {
        let fixture = include_str!("../../../tests/fixtures/errors.yaml");
        let specs = crate::load::load_documents(&[("errors.yaml".into(), fixture.into())]).expect("loads");
        let mut krate = crate::lower::lower(&specs, "errors-client", false).expect("lowers");
        let before = krate.clone();
        super::by_tag(&mut krate);
        assert_eq!(krate, before);
    }
}
