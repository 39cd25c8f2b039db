//! Typed coverage: every schema that lowers to free-form JSON
//! (`serde_json::Value`) says why. A schema that declares nothing (`{}`, an
//! object without properties) is JSON honestly; anything else is a
//! construct the generator could not type — a fallback, reported as a
//! warning at its pointer (an error with `--deny-untyped`) and counted.

use std::collections::BTreeMap;

/// Why a schema became `serde_json::Value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Untyped {
    /// No type, properties or composition (`{}`, a description alone).
    DeclaresNothing,
    /// `type: object` with no properties and any values (`additionalProperties` absent or `true`).
    FreeObject,
    /// An array that does not say what its items are.
    ItemsUndeclared,
    /// JSON content with no schema.
    NoSchema,
    /// `oneOf`/`anyOf` whose variants the JSON alone cannot tell apart and no discriminator names.
    UnionAmbiguous,
    /// `oneOf`/`anyOf` with a variant that is itself untyped or a date.
    UnionUntypedVariant,
    /// `oneOf`/`anyOf` with a variant that contains the union itself.
    UnionRecursive,
    /// `allOf` whose parts are not all objects (nor one type).
    AllOfMixed,
    /// `not`: the schema says only what a value is not.
    Not,
    /// Properties or a type beside `oneOf`/`anyOf`/`allOf` in one schema.
    BesideComposition,
    /// A `$ref` that does not resolve (an error is reported too).
    BrokenRef,
}

impl Untyped {
    /// Whether the spec declared something the generator could not type.
    pub fn is_fallback(self) -> bool {
        !matches!(
            self,
            Self::DeclaresNothing | Self::FreeObject | Self::ItemsUndeclared | Self::NoSchema
        )
    }

    /// Short text, the same for every schema of the kind (reports group by it).
    pub fn reason(self) -> &'static str {
        match self {
            Self::DeclaresNothing => "declares no type, properties or composition",
            Self::FreeObject => "an object without properties (any keys)",
            Self::ItemsUndeclared => "an array whose items are not described",
            Self::NoSchema => "JSON content without a schema",
            Self::UnionAmbiguous => "oneOf/anyOf variants the JSON alone cannot tell apart, and no discriminator",
            Self::UnionUntypedVariant => "oneOf/anyOf with an untyped or date variant",
            Self::UnionRecursive => "oneOf/anyOf with a variant that contains the union itself",
            Self::AllOfMixed => "allOf of parts that are not all objects",
            Self::Not => "`not` (what a value is not)",
            Self::BesideComposition => "properties beside oneOf/anyOf/allOf in one schema",
            Self::BrokenRef => "a $ref that does not resolve",
        }
    }
}

/// How much of the specs' schemas lowered to Rust types.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypedCoverage {
    /// Distinct schemas lowered (each inline schema and component once).
    pub schemas: usize,
    /// Schemas that are free-form JSON because they declare nothing, by reason.
    pub honest: BTreeMap<&'static str, usize>,
    /// Schemas that are free-form JSON because the generator could not type them, by reason.
    pub fallbacks: BTreeMap<&'static str, usize>,
}

impl TypedCoverage {
    /// Counts one schema that lowered to JSON.
    pub fn record(&mut self, why: Untyped) {
        let counts = if why.is_fallback() {
            &mut self.fallbacks
        } else {
            &mut self.honest
        };
        *counts.entry(why.reason()).or_default() += 1;
    }

    /// How many schemas are fallbacks.
    pub fn fallback_count(&self) -> usize {
        self.fallbacks.values().sum()
    }

    /// Adds another crate's counts (the corpus sums every document's).
    pub fn add(&mut self, other: &Self) {
        self.schemas += other.schemas;
        for (mine, theirs) in [
            (&mut self.honest, &other.honest),
            (&mut self.fallbacks, &other.fallbacks),
        ] {
            for (reason, count) in theirs {
                *mine.entry(reason).or_default() += count;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{load, Error, Packaging};

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  free: {}
                  odd: {not: {type: string}}
                  both: {oneOf: [{type: object, properties: {a: {}}}, {type: object, properties: {a: {}}}]}
"#;

    #[test]
    fn fallbacks_are_warnings_at_their_pointer_or_errors_when_denied() {
        let specs = load::load_documents(&[("t.yaml".into(), SPEC.into())]).expect("loads");
        let packaging = Packaging::new("t", true);
        let (_, report) = crate::generate_from_reported(&specs, &packaging).expect("generates");
        let at = "/paths/~1things/get/responses/200/content/application~1json/schema/properties";
        let pointers: Vec<&str> = report.warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(pointers, [format!("{at}/odd"), format!("{at}/both")]);
        assert_eq!(report.typed.fallback_count(), 2);
        // `free` and each variant's `a`: they declare nothing.
        assert_eq!(report.typed.honest.get(Untyped::DeclaresNothing.reason()), Some(&3));
        let mut denying = Packaging::new("t", true);
        denying.deny_untyped = true;
        let Err(Error::Spec(errors)) = crate::generate_from_reported(&specs, &denying) else {
            panic!("untyped schemas are denied");
        };
        assert_eq!(errors.len(), 2);
        assert!(errors[1].to_string().contains("cannot tell apart"), "{}", errors[1]);
    }

    #[test]
    fn honest_and_fallback_reasons_are_counted_apart() {
        let mut coverage = TypedCoverage {
            schemas: 10,
            ..TypedCoverage::default()
        };
        coverage.record(Untyped::DeclaresNothing);
        coverage.record(Untyped::UnionAmbiguous);
        coverage.record(Untyped::UnionAmbiguous);
        assert_eq!(coverage.fallback_count(), 2);
        assert_eq!(coverage.honest.values().sum::<usize>(), 1);
        let mut total = TypedCoverage::default();
        total.add(&coverage);
        total.add(&coverage);
        assert_eq!((total.schemas, total.fallback_count()), (20, 4));
    }
}
