//! Schemas → type references, models and enums of one domain.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, IntegerFormat, ObjectType, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::patterns::{noun, PatternRegistry};
use crate::docs;
use crate::error::{pointer_token, Diagnostics};
use crate::ir::{Enum, Field, Model, TypeRef};
use crate::load::LoadedSpec;
use crate::names::{camel, component_type, Namespace};

/// Names a domain's types never take: its handle, and prelude names the
/// generated code uses unqualified.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Operations",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Default",
];

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
    fn type_name(&self, title: Option<&str>) -> String {
        match (title, self.member) {
            (Some(title), _) if !title.is_empty() => camel(title),
            (_, "") => self.owner_type.to_owned(),
            (_, member) => format!("{}{}", self.owner_type, camel(member)),
        }
    }
}

/// The state of lowering one spec file.
pub struct DomainCx<'a> {
    pub spec: &'a LoadedSpec,
    pub diagnostics: &'a mut Diagnostics,
    pub patterns: &'a mut PatternRegistry,
    /// Type names of this domain's module.
    pub types: Namespace,
    pub models: BTreeMap<String, Model>,
    pub enums: BTreeMap<String, Enum>,
    component_names: BTreeMap<String, String>,
    component_types: BTreeMap<String, TypeRef>,
    inline_enums: BTreeMap<(String, Vec<String>), String>,
    inline_models: BTreeMap<String, String>,
    in_progress: BTreeSet<String>,
}

impl<'a> DomainCx<'a> {
    /// Starts a domain, claiming component type names first so they win
    /// over synthesized names.
    pub fn new(spec: &'a LoadedSpec, diagnostics: &'a mut Diagnostics, patterns: &'a mut PatternRegistry) -> Self {
        let mut types = Namespace::with_reserved(RESERVED_TYPE_NAMES);
        let component_names = spec
            .api
            .components
            .iter()
            .flat_map(|c| c.schemas.keys())
            .map(|name| (name.clone(), types.claim(component_type(name, &spec.module))))
            .collect();
        Self {
            spec,
            diagnostics,
            patterns,
            types,
            models: BTreeMap::new(),
            enums: BTreeMap::new(),
            component_names,
            component_types: BTreeMap::new(),
            inline_enums: BTreeMap::new(),
            inline_models: BTreeMap::new(),
            in_progress: BTreeSet::new(),
        }
    }

    pub fn error(&mut self, pointer: &str, message: impl Into<String>, hint: Option<&str>) {
        self.diagnostics.error(&self.spec.file, pointer, message, hint);
    }

    /// A string member of the raw document at `pointer` (e.g. a `description`
    /// beside a `$ref`, which `openapiv3` drops).
    pub fn raw_str(&self, pointer: &str, key: &str) -> Option<&'a str> {
        self.spec.raw.pointer(pointer)?.get(key)?.as_str()
    }

    /// Cleaned `description` found at `pointer`.
    pub fn docs_at(&self, pointer: &str) -> String {
        self.raw_str(pointer, "description")
            .map(docs::clean)
            .unwrap_or_default()
    }

    fn raw_bool(&self, pointer: &str, key: &str) -> bool {
        self.spec
            .raw
            .pointer(pointer)
            .and_then(|v| v.get(key))
            .and_then(Value::as_bool)
            == Some(true)
    }

    pub fn schema(&mut self, schema: &ReferenceOr<Schema>, pointer: &str, usage: Usage) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(item) => self.item(item, pointer, usage),
        }
    }

    pub fn boxed_schema(&mut self, schema: &ReferenceOr<Box<Schema>>, pointer: &str, usage: Usage) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(item) => self.item(item, pointer, usage),
        }
    }

    /// The schema a reference or item stands for, with its pointer.
    /// Follows `$ref`s to a schema; a chain that comes back on itself is an
    /// error, not endless recursion.
    pub fn resolve(&mut self, schema: &'a ReferenceOr<Schema>, pointer: &str) -> Option<(&'a Schema, String)> {
        let (mut current, mut at) = (schema, pointer.to_owned());
        let mut seen = BTreeSet::new();
        loop {
            match current {
                ReferenceOr::Item(item) => return Some((item, at)),
                ReferenceOr::Reference { reference } => {
                    if !seen.insert(reference.as_str()) {
                        let message = format!("$ref `{reference}` refers back to itself");
                        self.error(&at, message, Some("a chain of $refs must end in a schema"));
                        return None;
                    }
                    let name = self.component_name(reference, &at)?;
                    current = self.spec.api.components.as_ref()?.schemas.get(name)?;
                    at = format!("/components/schemas/{}", pointer_token(name));
                }
            }
        }
    }

    fn component_name(&mut self, reference: &str, pointer: &str) -> Option<&'a str> {
        let spec = self.spec;
        let Some(name) = reference.strip_prefix("#/components/schemas/") else {
            let hint = Some("only local references to #/components/schemas/… are supported here");
            self.error(pointer, format!("unsupported $ref `{reference}`"), hint);
            return None;
        };
        match spec.api.components.as_ref().and_then(|c| c.schemas.get_key_value(name)) {
            Some((key, _)) => Some(key.as_str()),
            None => {
                let hint = Some("define it under components/schemas");
                self.error(pointer, format!("$ref target `{reference}` does not exist"), hint);
                None
            }
        }
    }

    fn reference(&mut self, reference: &str, pointer: &str) -> TypeRef {
        match self.component_name(reference, pointer) {
            Some(name) => self.component(name),
            None => TypeRef::Json,
        }
    }

    fn component(&mut self, name: &'a str) -> TypeRef {
        if let Some(known) = self.component_types.get(name) {
            return known.clone();
        }
        let spec = self.spec;
        let Some(schema) = spec.api.components.as_ref().and_then(|c| c.schemas.get(name)) else {
            return TypeRef::Json;
        };
        let rust = self.component_names.get(name).cloned().unwrap_or_else(|| camel(name));
        let pointer = format!("/components/schemas/{}", pointer_token(name));
        // Recorded before lowering the body so that cycles end here.
        let parts = self.all_of_objects(schema, &pointer);
        let placeholder = match schema {
            _ if parts.is_some() => TypeRef::Model(rust.clone()),
            ReferenceOr::Item(item) if has_properties(item) => TypeRef::Model(rust.clone()),
            ReferenceOr::Item(item) if !string_enum(item).is_empty() => TypeRef::Enum(rust.clone()),
            _ => TypeRef::Json,
        };
        self.component_types.insert(name.to_owned(), placeholder);
        let noun = noun(name);
        let usage = Usage {
            owner_type: &rust,
            owner_noun: &noun,
            member: name,
        };
        let lowered = match (schema, parts) {
            (_, Some(parts)) => {
                self.model(rust.clone(), &parts, &pointer, &noun);
                TypeRef::Model(rust)
            }
            (ReferenceOr::Reference { reference }, None) => self.reference(reference, &pointer),
            (ReferenceOr::Item(item), None) if has_properties(item) => {
                let object = object_parts(item, &pointer);
                self.model(rust.clone(), &object, &pointer, &noun);
                TypeRef::Model(rust)
            }
            (ReferenceOr::Item(item), None) if !string_enum(item).is_empty() => {
                self.enum_type(rust.clone(), string_enum(item), &pointer);
                TypeRef::Enum(rust)
            }
            (ReferenceOr::Item(item), None) => self.item(item, &pointer, usage),
        };
        self.component_types.insert(name.to_owned(), lowered.clone());
        lowered
    }

    fn item(&mut self, schema: &Schema, pointer: &str, usage: Usage) -> TypeRef {
        let title = schema.schema_data.title.as_deref();
        // `openapiv3` has no `format` for objects: Twilio's `uri-map` is read raw.
        if self.raw_str(pointer, "format") == Some("uri-map") {
            return TypeRef::Map(Box::new(TypeRef::String));
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                let values = string_enum(schema);
                if !values.is_empty() {
                    return self.inline_enum(usage.type_name(title), values, pointer);
                }
                match &string.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::Date) => return TypeRef::Date,
                    VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => return TypeRef::DateTime,
                    VariantOrUnknownOrEmpty::Unknown(f) if f == "date-time-rfc-2822" => {
                        return TypeRef::DateTimeRfc2822
                    }
                    _ => {}
                }
                match &string.pattern {
                    Some(pattern) => self.pattern(pattern, pointer, usage),
                    None => TypeRef::String,
                }
            }
            SchemaKind::Type(Type::Number(_)) => TypeRef::F64,
            SchemaKind::Type(Type::Integer(integer)) => match integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(array)) => {
                let items_pointer = format!("{pointer}/items");
                let item = match &array.items {
                    Some(items) => self.boxed_schema(items, &items_pointer, usage),
                    None => TypeRef::Json,
                };
                TypeRef::Array(Box::new(undated(item)))
            }
            SchemaKind::Type(Type::Object(object)) => {
                if !object.properties.is_empty() {
                    // One model per inline schema, however many owners reach it (allOf).
                    if let Some(known) = self.inline_models.get(pointer) {
                        return TypeRef::Model(known.clone());
                    }
                    let name = self.types.claim(usage.type_name(title));
                    self.inline_models.insert(pointer.to_owned(), name.clone());
                    self.model(name.clone(), &[(object, pointer.to_owned())], pointer, usage.owner_noun);
                    return TypeRef::Model(name);
                }
                match &object.additional_properties {
                    Some(AdditionalProperties::Schema(values)) => {
                        let values_pointer = format!("{pointer}/additionalProperties");
                        TypeRef::Map(Box::new(undated(self.schema(values, &values_pointer, usage))))
                    }
                    _ => TypeRef::Json,
                }
            }
            // Composite and untyped schemas stay free-form JSON: nothing is lost.
            _ => TypeRef::Json,
        }
    }

    fn pattern(&mut self, pattern: &str, pointer: &str, usage: Usage) -> TypeRef {
        if let Err(error) = regex::Regex::new(pattern) {
            let message = format!("`pattern` is not a regular expression this generator can check: {error}");
            self.error(
                &format!("{pointer}/pattern"),
                message,
                Some("fix the pattern or remove it"),
            );
            return TypeRef::String;
        }
        let member = if usage.member.is_empty() {
            usage.owner_type
        } else {
            usage.member
        };
        self.patterns.record(pattern, member, usage.owner_noun);
        TypeRef::Validated(pattern.to_owned())
    }

    /// The object schemas of a component `allOf` whose every part is (or
    /// refers to) an object: they merge into one model.
    fn all_of_objects(&mut self, schema: &'a ReferenceOr<Schema>, pointer: &str) -> Option<Parts<'a>> {
        let ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::AllOf { all_of },
            ..
        }) = schema
        else {
            return None;
        };
        let mut parts = Vec::new();
        for (index, part) in all_of.iter().enumerate() {
            let (resolved, part_pointer) = self.resolve(part, &format!("{pointer}/allOf/{index}"))?;
            match &resolved.schema_kind {
                SchemaKind::Type(Type::Object(object)) => parts.push((object, part_pointer)),
                _ => return None,
            }
        }
        Some(parts)
    }

    /// A struct with the properties of every part, in order.
    fn model(&mut self, name: String, parts: &[(&ObjectType, String)], pointer: &str, owner_noun: &str) {
        self.in_progress.insert(name.clone());
        let mut names = Namespace::default();
        let mut fields = Vec::new();
        for (object, part_pointer) in parts {
            for (wire, property) in &object.properties {
                let field_pointer = format!("{part_pointer}/properties/{}", pointer_token(wire));
                let usage = Usage {
                    owner_type: &name,
                    owner_noun,
                    member: wire,
                };
                let ty = self.boxed_schema(property, &field_pointer, usage);
                let nullable = self.raw_bool(&field_pointer, "nullable");
                let boxed = matches!(&ty, TypeRef::Model(target) if self.in_progress.contains(target));
                let required = parts.iter().any(|(o, _)| o.required.contains(wire));
                let docs = self.docs_at(&field_pointer);
                fields.push(Field {
                    name: names.snake(wire),
                    optional: nullable || !required,
                    boxed,
                    docs,
                    ty,
                });
            }
        }
        self.in_progress.remove(&name);
        let mut docs = self.docs_at(pointer);
        if docs.is_empty() {
            docs = format!("The object at `{pointer}` in the spec (not described there).");
        }
        self.models.insert(
            name.clone(),
            Model {
                name,
                docs,
                fields,
                page: None,
            },
        );
    }

    fn inline_enum(&mut self, base: String, values: Vec<String>, pointer: &str) -> TypeRef {
        let key = (base.clone(), values.clone());
        if let Some(existing) = self.inline_enums.get(&key) {
            return TypeRef::Enum(existing.clone());
        }
        let name = self.types.claim(base);
        self.inline_enums.insert(key, name.clone());
        self.enum_type(name.clone(), values, pointer);
        TypeRef::Enum(name)
    }

    fn enum_type(&mut self, name: String, values: Vec<String>, pointer: &str) {
        let mut names = Namespace::with_reserved(&["UnknownValue"]);
        let variants = values.iter().map(|value| names.camel(value)).collect();
        let mut docs = self.docs_at(pointer);
        if docs.is_empty() {
            docs = format!("Values of `{name}`; a value this client does not know is kept in `UnknownValue`.");
        }
        self.enums.insert(name.clone(), Enum { name, docs, variants });
    }
}

/// Dates inside arrays and maps stay strings in their wire format: serde's
/// `with` modules apply to whole fields only.
fn undated(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Date | TypeRef::DateTime | TypeRef::DateTimeRfc2822 => TypeRef::String,
        other => other,
    }
}

/// Object parts of a model: each object schema with its pointer.
type Parts<'a> = Vec<(&'a ObjectType, String)>;

fn object_parts<'s>(schema: &'s Schema, pointer: &str) -> Vec<(&'s ObjectType, String)> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => vec![(object, pointer.to_owned())],
        _ => Vec::new(),
    }
}

fn has_properties(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty())
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
