//! Schemas → type references, models and enums of one domain.

use std::collections::BTreeSet;

use openapiv3::{
    AdditionalProperties, IntegerFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::codec;
use super::context::DomainCx;
use super::object::{has_properties, merged_properties, object_of, ObjectView};
use super::patterns::noun;
use crate::error::{pointer_token, Untyped};
use crate::ir::{Additional, DateTimeWire, Enum, Field, Struct, Ty, TypeId, TypeKind};
use crate::names::{camel, Namespace};

/// Where a schema is used: names synthesized types and SID types.
#[derive(Debug, Clone, Copy)]
pub struct Usage<'u> {
    /// Rust name of the owning type or builder (`AccountConference`).
    pub owner_type: &'u str,
    /// Singular noun of the owner (`conference`), for bare `sid` members.
    pub owner_noun: &'u str,
    /// Wire name of the property or parameter; empty for a whole body.
    pub member: &'u str,
}

impl Usage<'_> {
    pub(super) fn type_name(&self, title: Option<&str>) -> String {
        match (
            title.and_then(|title| crate::names::titled(title, self.member)),
            self.member,
        ) {
            (Some(titled), _) => titled,
            (_, "") => self.owner_type.to_owned(),
            (_, member) => format!("{}{}", self.owner_type, camel(member)),
        }
    }
}

impl<'a> DomainCx<'a> {
    pub fn schema(&mut self, schema: &'a ReferenceOr<Schema>, pointer: &str, usage: Usage) -> Ty {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(item) => self.item(item, pointer, usage),
        }
    }

    pub fn boxed_schema(&mut self, schema: &'a ReferenceOr<Box<Schema>>, pointer: &str, usage: Usage) -> Ty {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(item) => self.item(item, pointer, usage),
        }
    }

    fn reference(&mut self, reference: &str, pointer: &str) -> Ty {
        match self.component_name(reference, pointer) {
            Some(name) => self.component(name),
            None => self.untyped(pointer, Untyped::BrokenRef),
        }
    }

    fn component(&mut self, name: &'a str) -> Ty {
        if let Some(known) = self.component_types.get(name) {
            return known.clone();
        }
        let spec = self.spec;
        let Some(schema) = spec.api.components.as_ref().and_then(|c| c.schemas.get(name)) else {
            return Ty::Json;
        };
        let rust = self.component_names.get(name).cloned().unwrap_or_else(|| camel(name));
        let pointer = format!("/components/schemas/{}", pointer_token(name));
        let parts = match schema {
            ReferenceOr::Item(item) => self.all_of_objects(item, &pointer),
            ReferenceOr::Reference { .. } => None,
        };
        let named = parts.is_some()
            || matches!(schema, ReferenceOr::Item(item) if has_properties(item) || !string_enum(item).is_empty());
        if !named {
            // An alias of another schema or a primitive: no type of its own.
            self.component_types.insert(name.to_owned(), Ty::Json);
            let lowered = match schema {
                ReferenceOr::Reference { reference } => self.reference(reference, &pointer),
                ReferenceOr::Item(item) => {
                    let noun = noun(name);
                    let usage = Usage {
                        owner_type: &rust,
                        owner_noun: &noun,
                        member: "",
                    };
                    self.item(item, &pointer, usage)
                }
            };
            if let Ty::Named(id) = lowered {
                // A `oneOf` component's enum takes the component's name.
                if matches!(self.table.types().get(id).kind, TypeKind::Union(_)) {
                    let docs = self.docs_at(&pointer);
                    self.table.adopt(id, &rust, docs);
                }
            }
            self.component_types.insert(name.to_owned(), lowered.clone());
            return lowered;
        }
        // Reserved before lowering the body so that cycles end here.
        let mut docs = self.docs_at(&pointer);
        if docs.is_empty() {
            docs = format!("The object at `{pointer}` in the spec (not described there).");
        }
        let id = self.table.reserve(rust.clone(), self.home.clone(), docs);
        self.component_types.insert(name.to_owned(), Ty::Named(id));
        let noun = noun(name);
        let kind = match (schema, parts) {
            (_, Some(parts)) => self.struct_kind(Some(id), &rust, &parts, &noun),
            (ReferenceOr::Item(item), None) if has_properties(item) => {
                let parts = object_of(item).map(|object| (object, pointer.clone()));
                self.struct_kind(Some(id), &rust, &Vec::from_iter(parts), &noun)
            }
            (ReferenceOr::Item(item), None) => enum_kind(string_enum(item)),
            // `named` holds only for items and allOf parts.
            (ReferenceOr::Reference { .. }, None) => enum_kind(Vec::new()),
        };
        self.table.define(id, kind);
        Ty::Named(id)
    }

    fn item(&mut self, schema: &'a Schema, pointer: &str, usage: Usage) -> Ty {
        self.lowering(pointer);
        let title = schema.schema_data.title.as_deref();
        let format = self.raw_str(pointer, "format");
        // `openapiv3` has no `format` for objects: Twilio's `uri-map` is read raw.
        if format == Some("uri-map") {
            return Ty::Map(Box::new(Ty::String));
        }
        if let Some(object) = object_of(schema) {
            return self.object(object, title, pointer, usage);
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                let values = string_enum(schema);
                if !values.is_empty() {
                    let docs = self.docs_at(pointer);
                    let id = self.table.inline(
                        self.home.clone(),
                        usage.type_name(title),
                        format,
                        docs,
                        enum_kind(values),
                    );
                    return Ty::Named(id);
                }
                match &string.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::Date) => return Ty::Date,
                    VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => {
                        return Ty::DateTime(DateTimeWire::Rfc3339)
                    }
                    VariantOrUnknownOrEmpty::Unknown(f) if f == "date-time-rfc-2822" => {
                        return Ty::DateTime(DateTimeWire::Rfc2822)
                    }
                    _ => {}
                }
                match &string.pattern {
                    Some(pattern) => self.pattern(pattern, pointer, usage),
                    None => Ty::String,
                }
            }
            SchemaKind::Type(Type::Number(_)) => Ty::F64,
            SchemaKind::Type(Type::Integer(integer)) => match integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Ty::I32,
                _ => Ty::I64,
            },
            SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
            SchemaKind::Type(Type::Array(array)) => {
                let items_pointer = format!("{pointer}/items");
                let item = match &array.items {
                    Some(items) => self.boxed_schema(items, &items_pointer, usage),
                    None => self.untyped(&items_pointer, Untyped::ItemsUndeclared),
                };
                Ty::Vec(Box::new(item))
            }
            SchemaKind::OneOf { one_of } => self.union(schema, one_of, pointer, "oneOf", usage),
            SchemaKind::AnyOf { any_of } => self.union(schema, any_of, pointer, "anyOf", usage),
            // What is left stays free-form JSON: nothing is lost.
            SchemaKind::AllOf { .. } => self.all_of(schema, pointer, usage),
            SchemaKind::Not { .. } => self.untyped(pointer, Untyped::Not),
            SchemaKind::Any(any) if !any.all_of.is_empty() || !any.one_of.is_empty() || !any.any_of.is_empty() => {
                self.untyped(pointer, Untyped::BesideComposition)
            }
            SchemaKind::Any(_) => self.untyped(pointer, Untyped::DeclaresNothing),
            SchemaKind::Type(Type::Object(_)) => self.untyped(pointer, Untyped::FreeObject),
        }
    }

    /// An object: a struct when it has properties, a map when only its
    /// `additionalProperties` say what it holds, free-form JSON otherwise.
    fn object(&mut self, object: ObjectView<'a>, title: Option<&str>, pointer: &str, usage: Usage) -> Ty {
        if !object.properties.is_empty() {
            return self.inline_struct(&[(object, pointer.to_owned())], title, pointer, usage);
        }
        match object.additional_properties {
            Some(AdditionalProperties::Schema(values)) => {
                let values_pointer = format!("{pointer}/additionalProperties");
                Ty::Map(Box::new(self.schema(values, &values_pointer, usage)))
            }
            _ => self.untyped(pointer, Untyped::FreeObject),
        }
    }

    /// The struct of the inline object schema(s) `parts` at `pointer`: one
    /// per pointer, however many owners reach it (through `allOf`s).
    pub(super) fn inline_struct(
        &mut self,
        parts: &[(ObjectView<'a>, String)],
        title: Option<&str>,
        pointer: &str,
        usage: Usage,
    ) -> Ty {
        if let Some(known) = self.inline_structs.get(pointer) {
            return Ty::Named(*known);
        }
        let name = usage.type_name(title);
        let kind = self.struct_kind(None, &name, parts, usage.owner_noun);
        let mut docs = self.docs_at(pointer);
        if docs.is_empty() {
            docs = format!("The object at `{pointer}` in the spec (not described there).");
        }
        let id = self.table.inline(self.home.clone(), name, None, docs, kind);
        self.inline_structs.insert(pointer.to_owned(), id);
        Ty::Named(id)
    }

    fn pattern(&mut self, pattern: &str, pointer: &str, usage: Usage) -> Ty {
        // Checked once per distinct pattern; ECMA-262 look-around is beyond
        // `regex`, so a backtracking engine gets a second chance at it.
        if self.patterns.is_unchecked(pattern) {
            return Ty::String;
        }
        let refused = match self.patterns.contains(pattern) {
            true => None,
            false => regex::Regex::new(pattern)
                .err()
                .filter(|_| fancy_regex::Regex::new(pattern).is_err()),
        };
        if let Some(error) = refused {
            // A pattern no engine here compiles (Java's `\p{XDigit}`, a size
            // beyond the regex limit) is not the caller's fault: the value
            // goes unchecked, and the crate's docs say so.
            let error = error.to_string();
            let error = error.lines().last().unwrap_or_default().trim_start_matches("error: ");
            let message = format!("`pattern` `{pattern}` is left unchecked: {error}");
            let file = self.spec.file.clone();
            self.diagnostics
                .warning(&file, &format!("{pointer}/pattern"), message, None);
            self.patterns.leave_unchecked(pattern);
            return Ty::String;
        }
        let member = if usage.member.is_empty() {
            usage.owner_type
        } else {
            usage.member
        };
        Ty::Named(self.patterns.record(self.table, pattern, member, usage.owner_noun))
    }

    /// A struct with the properties of every part, in order. `id` is the
    /// struct's own id when it has one already (fields that refer back to
    /// it are boxed).
    fn struct_kind(
        &mut self,
        id: Option<TypeId>,
        owner: &str,
        parts: &[(ObjectView<'a>, String)],
        owner_noun: &str,
    ) -> TypeKind {
        self.in_progress.extend(id);
        let mut names = Namespace::default();
        let mut fields = Vec::new();
        for property in merged_properties(parts) {
            let usage = Usage {
                owner_type: owner,
                owner_noun,
                member: property.wire,
            };
            let ty = self.boxed_schema(property.schema, &property.pointer, usage);
            let nullable = self.raw_bool(&property.pointer, "nullable")
                || matches!(property.schema, ReferenceOr::Item(item) if self.union_admits_null(item));
            let boxed = matches!(&ty, Ty::Named(target) if self.in_progress.contains(target));
            let optional = nullable || !property.required;
            fields.push(Field {
                name: names.snake(property.wire),
                codec: codec::field_codec(&ty, optional, self.table.types()),
                optional,
                boxed,
                docs: self.docs_at(&property.pointer),
                ty,
            });
        }
        let additional = self.additional(parts, owner, owner_noun).map(|ty| Additional {
            field: names.claim("additional_properties".to_owned()),
            ty,
        });
        if let Some(id) = id {
            self.in_progress.remove(&id);
        }
        TypeKind::Struct(Struct {
            default: fields.iter().all(|f| f.optional),
            fields,
            page: None,
            additional,
        })
    }

    /// The type of the keys a struct of `parts` does not declare: the
    /// `additionalProperties` schema a part gives (when its values need no
    /// codec), else free-form JSON; `None` when every part says `false`.
    fn additional(&mut self, parts: &[(ObjectView<'a>, String)], owner: &str, owner_noun: &str) -> Option<Ty> {
        let closed =
            |object: &ObjectView| matches!(object.additional_properties, Some(AdditionalProperties::Any(false)));
        if !parts.is_empty() && parts.iter().all(|(object, _)| closed(object)) {
            return None;
        }
        for (object, pointer) in parts {
            if let Some(AdditionalProperties::Schema(values)) = object.additional_properties {
                let usage = Usage {
                    owner_type: owner,
                    owner_noun,
                    member: "additional_properties",
                };
                let ty = self.schema(values, &format!("{pointer}/additionalProperties"), usage);
                let plain = codec::field_codec(&ty, false, self.table.types()).is_none();
                return Some(if plain { ty } else { Ty::Json });
            }
        }
        Some(Ty::Json)
    }
}

fn enum_kind(values: Vec<String>) -> TypeKind {
    let mut names = Namespace::with_reserved(&["UnknownValue"]);
    let variants = values.iter().map(|value| names.camel(value)).collect();
    TypeKind::Enum(Enum { variants })
}

/// The distinct non-null values of a string enum, in spec order.
fn string_enum(schema: &Schema) -> Vec<String> {
    let SchemaKind::Type(Type::String(string)) = &schema.schema_kind else {
        return Vec::new();
    };
    let mut seen = BTreeSet::new();
    string
        .enumeration
        .iter()
        .flatten()
        .filter(|v| seen.insert(v.as_str()))
        .cloned()
        .collect()
}
