//! The JSON Schema of what a tool returns (MCP's `outputSchema`): the shape
//! its result takes once the client has decoded the response and written it
//! back as JSON, so it holds for every result by construction — field names
//! as sent, optional fields absent rather than null, open enums and
//! validated strings as any string (the server's data is read leniently).

use serde_json::{json, Map, Value};

use crate::ir::{Operation, Response, Ty, TypeKind, Types};

/// How deep structs are spelled out before a nested one is left open:
/// some contain themselves.
const DEPTH: usize = 6;
/// How many properties one schema spells out in all before further
/// structs are left open: Microsoft Graph's models hold a hundred fields
/// each, and six levels of them would be billions.
const PROPERTIES: usize = 400;

/// The result's schema, for a tool whose result is a JSON object: a list
/// (`items`, and `pages` when asked), a struct, or bytes (`size`, `base64`).
/// `None` for anything else: the result is then no object to validate.
pub(crate) fn output_schema(op: &Operation, types: &Types) -> Option<Value> {
    match &op.response {
        Response::Page(page) => {
            let item = match page {
                Ty::Vec(item) => schema(item, types, 0, &mut PROPERTIES.clone()),
                Ty::Named(id) => match &types.definition(*id).kind {
                    TypeKind::Struct(model) => model.page.as_ref().map_or(json!({}), |shape| {
                        schema(&shape.item, types, 0, &mut PROPERTIES.clone())
                    }),
                    _ => return None,
                },
                _ => return None,
            };
            Some(json!({
                "type": "object",
                "properties": {
                    "items": { "type": "array", "items": item },
                    "pages": { "type": "array", "items": { "type": "object" } }
                },
                "required": ["items"]
            }))
        }
        Response::Bytes(_) => Some(json!({
            "type": "object",
            "properties": { "size": { "type": "integer" }, "base64": { "type": "string" } },
            "required": ["size", "base64"]
        })),
        Response::Json(ty @ Ty::Named(id)) if matches!(types.definition(*id).kind, TypeKind::Struct(_)) => {
            Some(schema(ty, types, 0, &mut PROPERTIES.clone()))
        }
        Response::Json(ty @ Ty::Map(_)) => Some(schema(ty, types, 0, &mut PROPERTIES.clone())),
        _ => None,
    }
}

/// `budget`: how many more properties may be spelled out.
fn schema(ty: &Ty, types: &Types, depth: usize, budget: &mut usize) -> Value {
    match ty {
        Ty::String | Ty::Date | Ty::DateTime(_) => json!({ "type": "string" }),
        Ty::Bool => json!({ "type": "boolean" }),
        Ty::I32 | Ty::I64 => json!({ "type": "integer" }),
        // A number the server sent as text that is no number reads as NaN,
        // which JSON writes as null.
        Ty::F64 => json!({ "type": ["number", "null"] }),
        Ty::Json => json!({}),
        Ty::Vec(item) => json!({ "type": "array", "items": schema(item, types, depth + 1, budget) }),
        Ty::Map(value) => json!({ "type": "object", "additionalProperties": schema(value, types, depth + 1, budget) }),
        Ty::Named(id) => named(*id, types, depth, budget),
    }
}

fn named(id: crate::ir::TypeId, types: &Types, depth: usize, budget: &mut usize) -> Value {
    match &types.definition(id).kind {
        TypeKind::Struct(model) if depth < DEPTH && model.fields.len() <= *budget => {
            *budget -= model.fields.len();
            let properties: Map<String, Value> = model
                .fields
                .iter()
                .map(|field| (field.name.wire.clone(), schema(&field.ty, types, depth + 1, budget)))
                .collect();
            let required: Vec<&str> = model
                .fields
                .iter()
                .filter(|field| !field.optional)
                .map(|field| field.name.wire.as_str())
                .collect();
            let mut object = json!({ "type": "object", "properties": properties, "required": required });
            // Undeclared keys come back as they were sent: typed when the spec types them.
            if let Some(additional) = model.additional.as_ref().filter(|a| a.ty != Ty::Json) {
                object["additionalProperties"] = schema(&additional.ty, types, depth + 1, budget);
            }
            object
        }
        TypeKind::Struct(_) => json!({ "type": "object" }),
        TypeKind::Enum(_) | TypeKind::Validated(_) => json!({ "type": "string" }),
        TypeKind::Union(union) => {
            let variants: Vec<Value> = union
                .variants
                .iter()
                .map(|(_, ty)| schema(ty, types, depth + 1, budget))
                .chain(union.has_other().then(|| json!({})))
                .collect();
            json!({ "anyOf": variants })
        }
        TypeKind::Alias(target) | TypeKind::MergedInto(target) => named(*target, types, depth, budget),
    }
}
