//! `oneOf`/`anyOf` → a Rust enum, when the JSON of a value alone says which
//! variant it is (each variant a different JSON kind: string, integer,
//! number, boolean, array, object). Otherwise `serde_json::Value`, so that
//! nothing is lost or guessed.

use openapiv3::{ReferenceOr, Schema};

use super::context::DomainCx;
use super::schema::Usage;
use crate::ir::{Ty, TypeKind, Types, Union};

/// The JSON kind a value of `ty` always has, if it has one kind and an
/// untagged enum can hold it (dates need codecs, which untagged variants
/// do not apply).
fn json_kind(ty: &Ty, types: &Types) -> Option<&'static str> {
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

impl<'a> DomainCx<'a> {
    /// The type of a `oneOf`/`anyOf` at `pointer` (`key` is `oneOf` or `anyOf`).
    pub(super) fn union(&mut self, variants: &[ReferenceOr<Schema>], pointer: &str, key: &str, usage: Usage) -> Ty {
        let name = usage.type_name(None);
        let mut lowered: Vec<(String, Ty)> = Vec::new();
        for (index, variant) in variants.iter().enumerate() {
            let variant_usage = Usage {
                owner_type: &name,
                owner_noun: usage.owner_noun,
                member: "variant",
            };
            let ty = self.schema(variant, &format!("{pointer}/{key}/{index}"), variant_usage);
            let types = self.table.types();
            let Some(kind) = json_kind(&ty, types) else {
                return Ty::Json;
            };
            let recursive = matches!(&ty, Ty::Named(id) if self.in_progress.contains(id));
            if recursive || lowered.iter().any(|(_, other)| json_kind(other, types) == Some(kind)) {
                return Ty::Json;
            }
            let variant_name = match &ty {
                Ty::Named(id) if kind != "String" || matches!(types.definition(*id).kind, TypeKind::Enum(_)) => {
                    types.get(*id).name.clone()
                }
                _ => kind.to_owned(),
            };
            lowered.push((variant_name, ty));
        }
        match lowered.len() {
            0 => Ty::Json,
            1 => lowered.remove(0).1,
            _ => {
                let docs = self.docs_at(pointer);
                let types = self.table.types();
                let boxed = lowered
                    .iter()
                    .position(|(_, ty)| json_kind(ty, types) == Some("Object"));
                let kind = TypeKind::Union(Union {
                    variants: lowered,
                    boxed,
                });
                Ty::Named(self.table.inline(self.home.clone(), name, None, docs, kind))
            }
        }
    }
}
