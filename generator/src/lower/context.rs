//! The state of lowering one spec file, and the operations found in it.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{Operation as SpecOperation, PathItem, ReferenceOr, Schema};
use serde_json::Value;

use super::patterns::PatternRegistry;
use super::table::TypeTable;
use crate::docs;
use crate::error::{pointer_token, Diagnostics, Untyped};
use crate::ir::{ErrorSet, ErrorVariant, Home, HttpMethod, Ty, TypeId};
use crate::load::LoadedSpec;
use crate::names::{component_types, Namespace};

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

/// One operation found in the spec, before lowering.
pub struct Found<'a> {
    pub path: &'a str,
    pub method: HttpMethod,
    pub item: &'a PathItem,
    pub operation: &'a SpecOperation,
    pub pointer: String,
    pub id: String,
}

/// The state of lowering one spec file.
pub struct DomainCx<'a> {
    pub spec: &'a LoadedSpec,
    pub diagnostics: &'a mut Diagnostics,
    pub patterns: &'a mut PatternRegistry,
    pub table: &'a mut TypeTable,
    /// Where this domain's types live.
    pub home: Home,
    /// Type names of this domain's module.
    pub types: Namespace,
    pub(super) component_names: BTreeMap<String, String>,
    pub(super) component_types: BTreeMap<String, Ty>,
    pub(super) inline_structs: BTreeMap<String, TypeId>,
    pub(super) in_progress: BTreeSet<TypeId>,
    /// The schema that declares a pattern for a path segment (`{Sid}` of
    /// `/Conferences/{Sid}.json`), so every operation on that path shares it.
    pub(super) path_patterns: BTreeMap<(String, String), (&'a ReferenceOr<Schema>, String)>,
    /// The enums of documented error bodies made so far.
    pub error_sets: Vec<ErrorSet>,
    /// Pointers of the schemas lowered so far (each is counted once).
    lowered: BTreeSet<String>,
    /// Pointers of the schemas found untyped so far (each is reported once).
    untyped: BTreeSet<String>,
}

impl<'a> DomainCx<'a> {
    /// Starts a domain, claiming component type names first so they win
    /// over synthesized names.
    pub fn new(
        spec: &'a LoadedSpec,
        diagnostics: &'a mut Diagnostics,
        patterns: &'a mut PatternRegistry,
        table: &'a mut TypeTable,
    ) -> Self {
        let mut types = Namespace::with_reserved(RESERVED_TYPE_NAMES);
        let names = spec.api.components.iter().flat_map(|c| c.schemas.keys());
        let rust_names = component_types(names.clone().map(String::as_str), &spec.module);
        let component_names = names
            .zip(rust_names)
            .map(|(name, rust)| (name.clone(), types.claim(rust)))
            .collect();
        Self {
            spec,
            diagnostics,
            patterns,
            table,
            home: Home::Domain(spec.module.clone()),
            types,
            component_names,
            component_types: BTreeMap::new(),
            inline_structs: BTreeMap::new(),
            in_progress: BTreeSet::new(),
            path_patterns: BTreeMap::new(),
            error_sets: Vec::new(),
            lowered: BTreeSet::new(),
            untyped: BTreeSet::new(),
        }
    }

    /// The enum for an operation's documented error bodies: an existing one
    /// with the same statuses and types, or a new one named after it. Its
    /// name, and the name the operation knows it by (its own alias of a
    /// shared enum: `ConversationsSetTopicError`, not the first sharer's).
    pub fn error_set(
        &mut self,
        operation: &str,
        builder: &str,
        variants: Vec<ErrorVariant>,
    ) -> Option<(String, String)> {
        if variants.is_empty() {
            return None;
        }
        let key = |v: &[ErrorVariant]| v.iter().map(|v| (v.status, v.ty.clone())).collect::<Vec<_>>();
        if let Some(set) = self
            .error_sets
            .iter_mut()
            .find(|set| key(&set.variants) == key(&variants))
        {
            set.operations.push(operation.to_owned());
            let own = self.types.claim(format!("{builder}Error"));
            set.aliases.push(own.clone());
            return Some((set.name.clone(), own));
        }
        let name = self.types.claim(format!("{builder}Error"));
        self.error_sets.push(ErrorSet {
            name: name.clone(),
            operations: vec![operation.to_owned()],
            aliases: Vec::new(),
            variants,
        });
        Some((name.clone(), name))
    }

    /// Counts the schema at `pointer` for typed coverage (once).
    pub(super) fn lowering(&mut self, pointer: &str) {
        if self.lowered.insert(pointer.to_owned()) {
            self.diagnostics.schema_lowered();
        }
    }

    /// Free-form JSON for the schema at `pointer`, recorded with why.
    pub(super) fn untyped(&mut self, pointer: &str, why: Untyped) -> Ty {
        if self.untyped.insert(pointer.to_owned()) {
            let file = self.spec.file.clone();
            self.diagnostics.untyped(&file, pointer, why);
        }
        Ty::Json
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

    pub fn raw_bool(&self, pointer: &str, key: &str) -> bool {
        self.spec
            .raw
            .pointer(pointer)
            .and_then(|v| v.get(key))
            .and_then(Value::as_bool)
            == Some(true)
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

    pub(super) fn component_name(&mut self, reference: &str, pointer: &str) -> Option<&'a str> {
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
}

/// Follows a `$ref` to an entry of a `components` section (`prefix` is
/// `#/components/parameters/`, say) through any chain of `$ref`s between
/// entries; the entry and its pointer, or `None` if it does not exist or the
/// chain loops.
pub(super) fn follow<'a, T>(
    section: Option<&'a indexmap::IndexMap<String, ReferenceOr<T>>>,
    prefix: &str,
    reference: &str,
) -> Option<(&'a T, String)> {
    let section = section?;
    let mut reference = reference;
    for _ in 0..16 {
        let name = reference.strip_prefix(prefix)?;
        let (key, entry) = section.get_key_value(name)?;
        match entry {
            ReferenceOr::Item(item) => {
                let pointer = format!("/{}{}", &prefix[2..], pointer_token(key));
                return Some((item, pointer));
            }
            ReferenceOr::Reference { reference: next } => reference = next,
        }
    }
    None
}
