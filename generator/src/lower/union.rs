//! `oneOf`/`anyOf` → a Rust enum, when a value alone says which variant it
//! is: each non-object variant a different JSON kind (string, integer,
//! number, boolean, array), and the object variants told apart by a
//! discriminator, a property each variant fixes to its own value, or their
//! keys (`union_choice.rs`). Otherwise `serde_json::Value`, so that nothing
//! is lost or guessed. Variants that only admit `null` make the value
//! nullable instead of a variant.

use openapiv3::{ReferenceOr, Schema, SchemaKind};

use super::context::DomainCx;
use super::object::is_null_placeholder;
use super::schema::Usage;
use crate::error::Untyped;
use crate::ir::{ObjectChoice, Ty, TypeKind, Types, Union};
use crate::names::Namespace;

/// The JSON kind a value of `ty` always has, if it has one kind and an
/// untagged enum can hold it (dates need codecs, which untagged variants
/// do not apply).
pub(super) fn json_kind(ty: &Ty, types: &Types) -> Option<&'static str> {
    Some(match ty {
        Ty::String => "String",
        Ty::Bool => "Bool",
        Ty::I32 | Ty::I64 => "Integer",
        Ty::F64 => "Number",
        Ty::Vec(_) => "List",
        Ty::Map(_) => "Map",
        Ty::Named(id) => match types.definition(*id).kind {
            TypeKind::Validated(_) | TypeKind::Enum(_) => "String",
            TypeKind::Struct(_) => "Object",
            _ => return None,
        },
        Ty::Date | Ty::DateTime(_) | Ty::Json => return None,
    })
}

/// A lowered variant: its place in the spec's list, its schema and type.
pub(super) struct Variant<'a> {
    /// Where it is written.
    pub pointer: String,
    pub written: &'a ReferenceOr<Schema>,
    pub name: String,
    pub ty: Ty,
}

impl<'a> DomainCx<'a> {
    /// The type of the `oneOf`/`anyOf` `variants` of `schema` at `pointer`
    /// (`key` is `oneOf` or `anyOf`).
    pub(super) fn union(
        &mut self,
        schema: &'a Schema,
        variants: &'a [ReferenceOr<Schema>],
        pointer: &str,
        key: &str,
        usage: Usage,
    ) -> Ty {
        let name = usage.type_name(None);
        let mut names = Namespace::with_reserved(&["Other"]);
        let mut lowered: Vec<Variant<'a>> = Vec::new();
        for (index, written) in variants.iter().enumerate() {
            if self.peek(written).is_some_and(is_null_placeholder) {
                continue;
            }
            // A variant the loader merged common properties into is named
            // after the component it extends (`ShapeCircle`).
            let variant_usage = Usage {
                owner_type: &name,
                owner_noun: usage.owner_noun,
                member: super::union_choice::component_of(written).unwrap_or("variant"),
            };
            let at = format!("{pointer}/{key}/{index}");
            let ty = self.schema(written, &at, variant_usage);
            let types = self.table.types();
            let Some(kind) = json_kind(&ty, types) else {
                return self.untyped(pointer, Untyped::UnionUntypedVariant);
            };
            let same_kind = lowered.iter().any(|other| json_kind(&other.ty, types) == Some(kind));
            if same_kind && kind != "Object" {
                return self.untyped(pointer, Untyped::UnionAmbiguous);
            }
            let variant_name = match &ty {
                Ty::Named(id) if kind != "String" || matches!(types.definition(*id).kind, TypeKind::Enum(_)) => {
                    types.get(*id).name.clone()
                }
                _ => kind.to_owned(),
            };
            lowered.push(Variant {
                pointer: at,
                written,
                name: names.claim(variant_name),
                ty,
            });
        }
        let types = self.table.types();
        let is_object = |variant: &Variant| json_kind(&variant.ty, types) == Some("Object");
        let boxed: Vec<usize> = (0..lowered.len()).filter(|i| is_object(&lowered[*i])).collect();
        let objects = match boxed.len() {
            0 | 1 => ObjectChoice::ByKind,
            _ => match self.object_choice(schema, &lowered, &boxed) {
                Some(choice) => choice,
                None => return self.untyped(pointer, Untyped::UnionAmbiguous),
            },
        };
        match lowered.len() {
            0 => self.untyped(pointer, Untyped::DeclaresNothing),
            1 => lowered.remove(0).ty,
            _ => {
                let docs = self.docs_at(pointer);
                let kind = TypeKind::Union(Union {
                    variants: lowered.into_iter().map(|v| (v.name, v.ty)).collect(),
                    boxed,
                    objects,
                });
                Ty::Named(self.table.inline(self.home.clone(), name, None, docs, kind))
            }
        }
    }

    /// Whether a union at `pointer` (with `schema`) admits `null` through a
    /// variant that admits nothing else.
    pub(super) fn union_admits_null(&self, schema: &'a Schema) -> bool {
        let variants = match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => one_of,
            SchemaKind::AnyOf { any_of } => any_of,
            _ => return false,
        };
        variants.iter().any(|v| self.peek(v).is_some_and(is_null_placeholder))
    }

    /// The schema a reference or item stands for, following `$ref`s
    /// silently (a broken one is reported where it is lowered).
    pub(super) fn peek(&self, schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
        let mut current = schema;
        for _ in 0..16 {
            match current {
                ReferenceOr::Item(item) => return Some(item),
                ReferenceOr::Reference { reference } => {
                    let name = reference.strip_prefix("#/components/schemas/")?;
                    current = self.spec.api.components.as_ref()?.schemas.get(name)?;
                }
            }
        }
        None
    }
}
