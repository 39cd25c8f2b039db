//! How a union's object variants are told apart: the discriminator the
//! spec names, else a property every variant fixes to a value of its own
//! (Stripe's `object: "card"`), else their keys.

use std::collections::BTreeSet;

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::context::DomainCx;
use super::object::{merged_properties, object_of, MergedProperty};
use super::union::Variant;
use crate::ir::ObjectChoice;

impl<'a> DomainCx<'a> {
    /// How the object variants (`objects`: positions in `variants`) of the
    /// union `schema` are told apart; `None` when nothing does.
    pub(super) fn object_choice(
        &mut self,
        schema: &'a Schema,
        variants: &[Variant<'a>],
        objects: &[usize],
    ) -> Option<ObjectChoice> {
        let mut properties = Vec::new();
        for &position in objects {
            properties.push(self.variant_properties(&variants[position])?);
        }
        if let Some(choice) = self.discriminator(schema, variants, objects, &properties) {
            return Some(choice);
        }
        if let Some(choice) = self.fixed_property(objects, &properties) {
            return Some(choice);
        }
        let keys: Vec<(usize, Vec<String>, Vec<String>)> = objects
            .iter()
            .zip(&properties)
            .map(|(&position, properties)| {
                let required = properties.iter().filter(|p| p.required).map(|p| p.wire.to_owned());
                let declared = properties.iter().map(|p| p.wire.to_owned());
                (position, required.collect(), declared.collect())
            })
            .collect();
        let distinct: BTreeSet<(&Vec<String>, &Vec<String>)> = keys.iter().map(|(_, r, d)| (r, d)).collect();
        (distinct.len() == keys.len()).then_some(ObjectChoice::Keys(keys))
    }

    /// The properties of an object variant, merged over its `allOf` parts.
    fn variant_properties(&mut self, variant: &Variant<'a>) -> Option<Vec<MergedProperty<'a>>> {
        let (schema, pointer) = self.resolve(variant.written, &variant.pointer)?;
        let parts = match object_of(schema) {
            Some(object) => vec![(object, pointer)],
            None => self.all_of_objects(schema, &pointer)?,
        };
        Some(merged_properties(&parts))
    }

    /// The spec's `discriminator`: each variant's values from its
    /// `mapping`, else its component's name (or the value it fixes the
    /// property to).
    fn discriminator(
        &self,
        schema: &'a Schema,
        variants: &[Variant<'a>],
        objects: &[usize],
        properties: &[Vec<MergedProperty<'a>>],
    ) -> Option<ObjectChoice> {
        let discriminator = schema.schema_data.discriminator.as_ref()?;
        let property = &discriminator.property_name;
        let mut values = Vec::new();
        for (&position, declared) in objects.iter().zip(properties) {
            let component = component_of(variants[position].written);
            let mapped: Vec<&String> = discriminator
                .mapping
                .iter()
                .filter(|(_, target)| {
                    let target = target.strip_prefix("#/components/schemas/").unwrap_or(target);
                    component == Some(target)
                })
                .map(|(value, _)| value)
                .collect();
            if !mapped.is_empty() {
                values.extend(mapped.into_iter().map(|value| (value.clone(), position)));
            } else if let Some(fixed) = self.fixed_value(declared, property) {
                values.push((fixed, position));
            } else {
                values.push((component?.to_owned(), position));
            }
        }
        distinct_values(&values).then(|| ObjectChoice::Tag {
            property: property.clone(),
            values,
        })
    }

    /// A property every object variant declares with one string value
    /// each, all different.
    fn fixed_property(&self, objects: &[usize], properties: &[Vec<MergedProperty<'a>>]) -> Option<ObjectChoice> {
        let candidates = properties.first()?.iter().map(|p| p.wire);
        for wire in candidates {
            let values: Option<Vec<(String, usize)>> = objects
                .iter()
                .zip(properties)
                .map(|(&position, declared)| Some((self.fixed_value(declared, wire)?, position)))
                .collect();
            if let Some(values) = values.filter(|values| distinct_values(values)) {
                return Some(ObjectChoice::Tag {
                    property: wire.to_owned(),
                    values,
                });
            }
        }
        None
    }

    /// The one value the property `wire` may have, if it is a string enum
    /// of one value (or a 3.1 `const`, which the front-end made one).
    fn fixed_value(&self, declared: &[MergedProperty<'a>], wire: &str) -> Option<String> {
        let property = declared.iter().find(|p| p.wire == wire)?;
        let schema = match property.schema {
            ReferenceOr::Item(item) => item.as_ref(),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/schemas/")?;
                match self.spec.api.components.as_ref()?.schemas.get(name)? {
                    ReferenceOr::Item(item) => item,
                    ReferenceOr::Reference { .. } => return None,
                }
            }
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => match string.enumeration.as_slice() {
                [Some(value)] => Some(value.clone()),
                _ => None,
            },
            _ => None,
        }
    }
}

/// The component a variant refers to: its `$ref`, or the one `$ref` of the
/// `allOf` the loader made of it (common properties merged into each variant).
pub(super) fn component_of(written: &ReferenceOr<Schema>) -> Option<&str> {
    let reference = match written {
        ReferenceOr::Reference { reference } => reference,
        ReferenceOr::Item(item) => {
            let SchemaKind::AllOf { all_of } = &item.schema_kind else {
                return None;
            };
            let mut refs = all_of.iter().filter_map(|part| match part {
                ReferenceOr::Reference { reference } => Some(reference),
                ReferenceOr::Item(_) => None,
            });
            let only = refs.next()?;
            if refs.next().is_some() {
                return None;
            }
            only
        }
    };
    reference.strip_prefix("#/components/schemas/")
}

/// Whether no value names two variants.
fn distinct_values(values: &[(String, usize)]) -> bool {
    let distinct: BTreeSet<&str> = values.iter().map(|(value, _)| value.as_str()).collect();
    distinct.len() == values.len()
}
