//! `src/<domain>/tools.rs`: every operation as an agent tool, with a JSON
//! Schema of its arguments, and the dispatch from tool name to typed builder.

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use serde_json::{json, Map, Value};

use super::inner_doc_attrs;
use super::types::{codec_adapter, ident, json_body_argument, raw_string, Scope};
use super::Sources;
use crate::ir::{Crate, Domain, Input, Operation, Param, ParamDefault, Response, Ty, TypeKind};
use crate::lower::body_codec;

/// A tool's name: the `operationId` in lower camel case (`listConference`),
/// whatever other APIs are generated with it; the runtime qualifies it with
/// the module where two enabled APIs share it.
pub fn tool_name(op: &Operation) -> String {
    heck::ToLowerCamelCase::to_lower_camel_case(op.name.wire.as_str())
}

/// Summary and description as the spec wrote them, for an agent to read.
pub(crate) fn description(op: &Operation, raw: &Value) -> String {
    let at = raw.pointer(&op.pointer);
    let prose: Vec<&str> = ["summary", "description"]
        .iter()
        .filter_map(|key| at?.get(key)?.as_str())
        .filter(|text| !text.trim().is_empty())
        .collect();
    match prose.as_slice() {
        [] => op.name.wire.clone(),
        // Most of Twilio's descriptions begin with their summary: once is enough.
        [summary, description] if description.starts_with(summary.trim_end_matches('.')) => (*description).to_owned(),
        _ => prose.join("\n\n"),
    }
}

/// Everything the tool emitter reads about one domain.
struct ToolCx<'a> {
    scope: Scope<'a>,
    raw: &'a Value,
}

pub(crate) fn tools_rs(domain: &Domain, krate: &Crate, sources: &Sources, layout: super::Layout) -> TokenStream {
    let visibility = super::facade_visibility(layout);
    // Split, `call` is public to the facade; a non-generic public async fn
    // is compiled where it is defined, with every tool's decoding behind it
    // (818k LLVM lines for conversations_v1). Generic, it is compiled only
    // where an app awaits it, as in one crate (17k).
    let (generics, client_type) = match layout {
        super::Layout::Split => (quote!(<C: std::ops::Deref<Target = crate::Client>>), quote!(C)),
        super::Layout::Crate | super::Layout::IncludeFile => (TokenStream::new(), quote!(crate::Client)),
    };
    let home = domain.home();
    let cx = ToolCx {
        scope: Scope {
            types: &krate.types,
            home: &home,
        },
        raw: sources.get(&domain.module).copied().unwrap_or(&Value::Null),
    };
    let docs = inner_doc_attrs(&format!(
        "The operations of `{}` as agent tools: arguments by their spec names, validated by the same types as the \
         Rust API.",
        domain.module
    ));
    let module = &domain.module;
    let entries = domain.operations.iter().map(|op| {
        let (name, id) = (tool_name(op), &op.name.wire);
        let description = description(op, cx.raw);
        let schema = raw_string(&serde_json::to_string_pretty(&input_schema(op, &cx)).unwrap_or_default());
        let (method, path) = (op.method.as_str(), &op.path);
        let output = match super::tool_output::output_schema(op, cx.scope.types) {
            Some(output) => {
                let output = raw_string(&serde_json::to_string(&output).unwrap_or_default());
                quote!(Some(#output))
            }
            None => quote!(None),
        };
        let gate = super::features_gate(layout, op.feature.as_slice());
        quote! {
            #gate crate::Tool {
                name: #name, operation_id: #id, domain: #module, description: #description,
                input_schema: #schema, output_schema: #output, method: #method, path: #path,
            },
        }
    });
    let arms = domain.operations.iter().map(|op| {
        let (id, function) = (&op.name.wire, ident(&op.name.rust));
        let gate = super::features_gate(layout, op.feature.as_slice());
        // Boxed: one operation's future, not the largest of them all, is what the caller holds.
        quote!(#gate #id => Box::pin(#function(client, args)).await,)
    });
    let functions = domain.operations.iter().map(|op| {
        let gate = super::features_gate(layout, op.feature.as_slice());
        let function = call_fn(op, &tool_name(op), &cx);
        quote!(#gate #function)
    });
    let unknown = quote!(Err(crate::ToolError::unknown(tool.name, TOOLS)));
    // No operation, or every arm compiled out (`--features-by tag`): the
    // arguments may go unused.
    let unused = domain.every_operation_gated().then(|| quote!(let _ = (client, args);));
    let body = if domain.operations.is_empty() {
        quote!(#unused #unknown)
    } else {
        quote!(#unused match tool.operation_id { #(#arms)* _ => #unknown })
    };
    // By the features that compile them (`--features-by tag`), one macro call each.
    let mut enums: BTreeMap<&[String], Vec<Ident>> = BTreeMap::from([(&[][..], Vec::new())]);
    for (id, def) in krate.types.in_home(&home) {
        if matches!(def.kind, TypeKind::Enum(_)) {
            enums
                .entry(domain.type_features(id))
                .or_default()
                .push(ident(&def.name));
        }
    }
    let tool_args = enums.iter().map(|(features, enums)| {
        let gate = super::features_gate(layout, features);
        quote!(#gate crate::runtime::tool_arg_from_str!(#(#enums),*);)
    });

    quote! {
        #docs
        #[allow(unused_imports)]
        use super::*;

        /// Every operation of this API as a tool.
        pub const TOOLS: &[crate::Tool] = &[#(#entries)*];

        /// Runs one of [`TOOLS`].
        #visibility async fn call #generics(
            client: &#client_type,
            tool: &crate::Tool,
            args: &serde_json::Value,
        ) -> Result<serde_json::Value, crate::ToolError> {
            #body
        }

        // This API's open enums as tool arguments: only the values the spec lists.
        #(#tool_args)*

        #(#functions)*
    }
}

fn call_fn(op: &Operation, tool: &str, cx: &ToolCx) -> TokenStream {
    let function = ident(&op.name.rust);
    let mut required: Vec<TokenStream> = op
        .inputs()
        .filter(|p| p.required)
        .map(|p| {
            let (wire, ty) = (&p.name.wire, cx.scope.owned_input_type(&p.input));
            quote!(args.required::<#ty>(#wire)?)
        })
        .collect();
    let optional_body = match op.json_body() {
        Some(body) if body.required => {
            let read = json_body_argument(&body.ty, None);
            required.push(quote!(#read.ok_or(crate::ToolError::MissingArgument { tool: #tool, argument: "body" })?));
            None
        }
        Some(body) => {
            let ty = cx.scope.rust_type(&body.ty);
            let read = json_body_argument(&body.ty, Some(ty.clone()));
            // Read through a codec, the read is a block: bound first, as clippy asks of a `match`.
            let (bind, read) = match body_codec(&body.ty) {
                Some(_) => (Some(quote!(let body: Option<#ty> = #read;)), quote!(body)),
                None => (None, read),
            };
            Some(quote! {
                #bind
                let builder = match #read {
                    Some(body) => builder.body(body),
                    None => builder,
                };
            })
        }
        None => None,
    };
    let optional_body = match op.raw_body() {
        Some(body) => {
            let read = if body.text {
                quote!(args.optional::<String>("body")?)
            } else {
                quote!(args
                    .optional::<crate::FilePart>("body")?
                    .map(crate::FilePart::into_bytes))
            };
            if body.required {
                required
                    .push(quote!(#read.ok_or(crate::ToolError::MissingArgument { tool: #tool, argument: "body" })?));
                None
            } else {
                Some(quote! {
                    let builder = match #read {
                        Some(body) => builder.body(body),
                        None => builder,
                    };
                })
            }
        }
        None => optional_body,
    };
    let setters = op.inputs().filter(|p| !p.required).map(|p| {
        let (setter, ty, wire) = (ident(&p.name.rust), cx.scope.owned_input_type(&p.input), &p.name.wire);
        quote!(#setter: #ty = #wire)
    });
    let method = ident(&op.name.rust);
    let mutable = (op.inputs().next().is_some() || op.body.is_some()).then(|| quote!(mut));
    let finish = match op.response {
        Response::Page(_) => match list_cap(op) {
            "limit" => quote!(args.list(builder.paginate()).await),
            cap => quote!(args.list_capped_by(builder.paginate(), #cap).await),
        },
        Response::Bytes(_) => quote!(args.send_bytes(builder.send()).await),
        Response::Json(ref ty) => match body_codec(ty) {
            Some(codec) => {
                let codec = codec_adapter(&codec);
                quote!(use crate::runtime::codec; args.send_as::<#codec, _>(builder.send()).await)
            }
            None => quote!(args.send(builder.send()).await),
        },
        _ => quote!(args.send(builder.send()).await),
    };
    quote! {
        async fn #function(client: &crate::Client, args: &serde_json::Value) -> Result<serde_json::Value, crate::ToolError> {
            let #mutable args = crate::runtime::ToolArgs::new(#tool, args)?;
            let builder = super::Operations::new(client).#method(#(#required),*);
            crate::runtime::tool_setters!(args, builder, [#(#setters),*]);
            #optional_body
            #finish
        }
    }
}

/// The list tool's argument capping the items across pages: `limit`,
/// unless the operation has a `limit` of its own (a page size).
fn list_cap(op: &Operation) -> &'static str {
    match op.inputs().any(|p| p.name.wire == "limit") {
        true => "maxItems",
        false => "limit",
    }
}

/// JSON Schema (draft 2020-12) of a tool's arguments.
fn input_schema(op: &Operation, cx: &ToolCx) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for param in op.inputs() {
        properties.insert(param.name.wire.clone(), param_schema(param, cx));
        if param.required {
            required.push(Value::from(param.name.wire.clone()));
        }
    }
    if let Some(body) = op.json_body() {
        let mut schema = body_schema(&body.ty, cx, 0, &mut BODY_PROPERTIES.clone());
        if let Value::Object(map) = &mut schema {
            map.insert("description".into(), format!("The {} request body.", body.media).into());
        }
        properties.insert("body".into(), schema);
        if body.required {
            required.push("body".into());
        }
    }
    if let Some(body) = op.raw_body() {
        let mut schema = if body.text {
            json!({ "type": "string" })
        } else {
            file_schema()
        };
        if let Value::Object(map) = &mut schema {
            map.insert("description".into(), format!("The {} request body.", body.media).into());
        }
        properties.insert("body".into(), schema);
        if body.required {
            required.push("body".into());
        }
    }
    if matches!(op.response, Response::Page(_)) {
        properties.insert(
            list_cap(op).into(),
            json!({ "type": "integer", "minimum": 1, "description": "Most items to return across pages (default 50)." }),
        );
        properties.insert(
            "pageMetadata".into(),
            json!({ "type": "boolean", "description": "Also return each page's paging fields." }),
        );
        properties.insert(
            "skipItems".into(),
            json!({ "type": "integer", "minimum": 0, "description": "Items to pass over first: the `continue_with` of a result cut for size." }),
        );
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

/// How many properties a body's schema spells out in all before further
/// structs are left open (`{"type": "object"}`; the body's type still
/// checks them when the call decodes its arguments).
const BODY_PROPERTIES: usize = 400;

/// A JSON body's schema: structs spelled out with their properties (to a
/// bounded depth, since structs may contain themselves, and within
/// `budget` properties in all).
fn body_schema(ty: &Ty, cx: &ToolCx, depth: usize, budget: &mut usize) -> Value {
    match ty {
        Ty::Named(id) if depth < 4 => match &cx.scope.types.definition(*id).kind {
            TypeKind::Struct(model) if model.fields.len() > *budget => json!({ "type": "object" }),
            TypeKind::Struct(model) => {
                *budget -= model.fields.len();
                let properties: Map<String, Value> = model
                    .fields
                    .iter()
                    .map(|f| (f.name.wire.clone(), body_schema(&f.ty, cx, depth + 1, budget)))
                    .collect();
                let required: Vec<&str> = model
                    .fields
                    .iter()
                    .filter(|f| !f.optional)
                    .map(|f| f.name.wire.as_str())
                    .collect();
                json!({ "type": "object", "properties": properties, "required": required })
            }
            _ => type_schema(ty, cx),
        },
        Ty::Vec(item) => json!({ "type": "array", "items": body_schema(item, cx, depth + 1, budget) }),
        Ty::Map(value) => {
            json!({ "type": "object", "additionalProperties": body_schema(value, cx, depth + 1, budget) })
        }
        other => type_schema(other, cx),
    }
}

/// A file argument: its text, or its bytes in Base64 with a name and type.
fn file_schema() -> Value {
    json!({
        "oneOf": [
            { "type": "string", "description": "The file's content as text." },
            {
                "type": "object",
                "properties": {
                    "base64": { "type": "string", "contentEncoding": "base64" },
                    "file_name": { "type": "string" },
                    "content_type": { "type": "string" }
                },
                "required": ["base64"],
                "additionalProperties": false
            }
        ]
    })
}

fn param_schema(param: &Param, cx: &ToolCx) -> Value {
    let mut schema = match &param.input {
        Input::File => file_schema(),
        Input::List(item) if **item == Input::File => json!({ "type": "array", "items": file_schema() }),
        _ => type_schema(&param.ty, cx),
    };
    let raw = |pointer: &str, key: &str| cx.raw.pointer(pointer).and_then(|v| v.get(key)).cloned();
    if let Value::Object(map) = &mut schema {
        if let (Some(format), Ty::String) = (raw(&param.schema_pointer, "format"), &param.ty) {
            map.insert("format".into(), format);
        }
        if let Some(minimum) = param.bounds.and_then(|b| b.minimum) {
            map.insert("minimum".into(), minimum.into());
        }
        if let Some(maximum) = param.bounds.and_then(|b| b.maximum) {
            map.insert("maximum".into(), maximum.into());
        }
        let mut description = match raw(&param.pointer, "description") {
            Some(Value::String(description)) => description,
            _ => String::new(),
        };
        // Agents otherwise ask their user for a value the client already has.
        if param.default == Some(ParamDefault::CredentialsAccount) {
            // The runtime's `mcp::listing` keeps exactly this note in the compact listing.
            description.push_str(" Leave it out: defaults to the credentials' account.");
        }
        let description = description.trim();
        if !description.is_empty() {
            map.insert("description".into(), description.into());
        }
    }
    schema
}

fn type_schema(ty: &Ty, cx: &ToolCx) -> Value {
    match ty {
        Ty::String => json!({ "type": "string" }),
        Ty::Bool => json!({ "type": "boolean" }),
        Ty::I32 | Ty::I64 => json!({ "type": "integer" }),
        Ty::F64 => json!({ "type": "number" }),
        Ty::Date => json!({ "type": "string", "format": "date" }),
        Ty::DateTime(_) => json!({ "type": "string", "format": "date-time" }),
        Ty::Named(id) => match &cx.scope.types.definition(*id).kind {
            TypeKind::Validated(validated) => json!({ "type": "string", "pattern": validated.pattern }),
            TypeKind::Enum(values) => {
                let values: Vec<&str> = values.variants.iter().map(|v| v.wire.as_str()).collect();
                json!({ "type": "string", "enum": values })
            }
            TypeKind::Union(union) => {
                let variants = union.variants.iter().map(|(_, ty)| type_schema(ty, cx));
                // `anyOf`: object variants may overlap; `Other` takes any value.
                let other = union.has_other().then(|| json!({}));
                json!({ "anyOf": variants.chain(other).collect::<Vec<Value>>() })
            }
            _ => json!({ "type": "object" }),
        },
        Ty::Map(_) => json!({ "type": "object" }),
        Ty::Json => json!({}),
        Ty::Vec(item) => json!({ "type": "array", "items": type_schema(item, cx) }),
    }
}
