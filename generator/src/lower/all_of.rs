//! `allOf`: the parts that declare a shape, merged into one struct when
//! they are all objects, or the one part that says what the value is.

use openapiv3::{ReferenceOr, Schema, SchemaKind};

use super::context::DomainCx;
use super::object::{declares_shape, object_of, Parts};
use super::schema::Usage;
use crate::error::Untyped;
use crate::ir::Ty;

impl<'a> DomainCx<'a> {
    /// The `allOf` parts of `schema` that declare a shape, each resolved,
    /// with its pointer; nested `allOf`s are flattened into their parent.
    fn shaped_parts(&mut self, schema: &'a Schema, pointer: &str, depth: usize) -> Option<Vec<ShapedPart<'a>>> {
        let SchemaKind::AllOf { all_of } = &schema.schema_kind else {
            return None;
        };
        let mut parts = Vec::new();
        for (index, part) in all_of.iter().enumerate() {
            let (resolved, part_pointer) = self.resolve(part, &format!("{pointer}/allOf/{index}"))?;
            if !declares_shape(resolved) {
                continue;
            }
            match &resolved.schema_kind {
                // Bounded: a chain of allOf refs that loops ends here.
                SchemaKind::AllOf { .. } if depth < 8 => {
                    parts.extend(self.shaped_parts(resolved, &part_pointer, depth + 1)?);
                }
                _ => parts.push(ShapedPart {
                    written: part,
                    schema: resolved,
                    pointer: part_pointer,
                }),
            }
        }
        Some(parts)
    }

    /// The object schemas of an `allOf` whose every shaped part is (or
    /// refers to) an object: they merge into one struct, or one set of form
    /// fields. Parts that only describe (a `description`, a `required`
    /// list) are left out.
    pub(super) fn all_of_objects(&mut self, schema: &'a Schema, pointer: &str) -> Option<Parts<'a>> {
        let parts = self.shaped_parts(schema, pointer, 0)?;
        if parts.is_empty() {
            return None;
        }
        parts
            .into_iter()
            .map(|part| object_of(part.schema).map(|object| (object, part.pointer)))
            .collect()
    }

    /// The type of an inline `allOf` at `pointer`.
    pub(super) fn all_of(&mut self, schema: &'a Schema, pointer: &str, usage: Usage) -> Ty {
        let Some(parts) = self.shaped_parts(schema, pointer, 0) else {
            return self.untyped(pointer, Untyped::BrokenRef);
        };
        if let [only] = parts.as_slice() {
            // `allOf: [{$ref}, {description}]`: the referenced type itself.
            let at = only.written_pointer(pointer, schema);
            return self.schema(only.written, &at, usage);
        }
        if parts.is_empty() {
            return self.untyped(pointer, Untyped::DeclaresNothing);
        }
        if let Some(objects) = self.all_of_objects(schema, pointer) {
            let title = schema.schema_data.title.as_deref();
            return self.inline_struct(&objects, title, pointer, usage);
        }
        // Parts of one kind (an enum `$ref` and `type: string` with a
        // length): the first named type among them, else the first.
        let mut lowered = Vec::new();
        for part in &parts {
            let at = part.written_pointer(pointer, schema);
            lowered.push(self.schema(part.written, &at, usage));
        }
        let types = self.table.types();
        let kinds: Vec<_> = lowered.iter().map(|ty| super::union::json_kind(ty, types)).collect();
        if kinds[0].is_some() && kinds.iter().all(|kind| *kind == kinds[0]) {
            let named = lowered.iter().position(|ty| matches!(ty, Ty::Named(_)));
            return lowered.swap_remove(named.unwrap_or(0));
        }
        self.untyped(pointer, Untyped::AllOfMixed)
    }
}

/// A part of an `allOf` that declares a shape.
struct ShapedPart<'a> {
    /// As written in the `allOf` (a `$ref` or an inline schema).
    written: &'a ReferenceOr<Schema>,
    /// What it resolves to, and where that is.
    schema: &'a Schema,
    pointer: String,
}

impl ShapedPart<'_> {
    /// Where the part is written: its entry in the `allOf` at `pointer`
    /// (or in a nested `allOf`, when it came from one: then its resolved
    /// pointer, which is where a `$ref` to it would lead).
    fn written_pointer(&self, pointer: &str, schema: &Schema) -> String {
        let SchemaKind::AllOf { all_of } = &schema.schema_kind else {
            return self.pointer.clone();
        };
        match all_of.iter().position(|part| std::ptr::eq(part, self.written)) {
            Some(index) => format!("{pointer}/allOf/{index}"),
            None => self.pointer.clone(),
        }
    }
}
