//! `src/<domain>/tools.rs`: every operation as an agent tool, with a JSON
//! Schema of its arguments, and the dispatch from tool name to typed builder.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{json, Map, Value};

use super::inner_doc_attrs;
use super::types::{ident, rust_type};
use crate::ir::{Crate, Domain, Operation, Param, Response, TypeRef};

pub(crate) fn tools_rs(domain: &Domain, krate: &Crate) -> TokenStream {
    let docs = inner_doc_attrs(&format!(
        "The operations of `{}` as agent tools: arguments by their spec names, validated by the same types as the \
         Rust API.",
        domain.module
    ));
    let module = &domain.module;
    let entries = domain.operations.iter().map(|op| {
        let (name, id) = (&op.tool, &op.name.wire);
        let description = if op.description.is_empty() { op.name.wire.clone() } else { op.description.clone() };
        let schema = input_schema(op, domain, krate).to_string();
        quote! {
            crate::Tool { name: #name, operation_id: #id, domain: #module, description: #description, input_schema: #schema },
        }
    });
    let arms = domain.operations.iter().map(|op| {
        let (name, id, function) = (&op.tool, &op.name.wire, ident(&op.name.rust));
        quote!(#name | #id => #function(client, args).await,)
    });
    let functions = domain.operations.iter().map(|op| call_fn(op, domain, krate));
    // A spec whose paths define no operation has no tool to run.
    let body = if domain.operations.is_empty() {
        quote!(let _ = (client, name, args); None)
    } else {
        quote! {
            let result = match name {
                #(#arms)*
                _ => return None,
            };
            Some(result)
        }
    };
    quote! {
        #docs
        #[allow(unused_imports)]
        use super::*;

        /// Every operation of this API as a tool.
        pub const TOOLS: &[crate::Tool] = &[#(#entries)*];

        /// Runs the tool called `name` if this API has it.
        pub(crate) async fn call(
            client: &crate::Client,
            name: &str,
            args: &serde_json::Value,
        ) -> Option<Result<serde_json::Value, crate::ToolError>> {
            #body
        }

        #(#functions)*
    }
}

fn call_fn(op: &Operation, domain: &Domain, krate: &Crate) -> TokenStream {
    let function = ident(&op.name.rust);
    let tool = &op.tool;
    let module = ident(&domain.module);
    let mut required: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            let (wire, ty) = (&p.name.wire, arg_type(&p.ty, krate));
            quote!(args.required::<#ty>(#wire)?)
        })
        .collect();
    let optional_body = match &op.json_body {
        Some(body) if body.required => {
            required.push(
                quote!(args.json("body")?.ok_or(crate::ToolError::MissingArgument { tool: #tool, argument: "body" })?),
            );
            None
        }
        Some(body) => {
            let ty = rust_type(&body.ty, krate);
            Some(quote! {
                let builder = match args.json::<#ty>("body")? {
                    Some(body) => builder.body(body),
                    None => builder,
                };
            })
        }
        None => None,
    };
    let setters = op.params.iter().filter(|p| !p.required).map(|p| {
        let (setter, ty, wire) = (ident(&p.name.rust), arg_type(&p.ty, krate), &p.name.wire);
        quote!(#setter: #ty = #wire)
    });
    let method = ident(&op.name.rust);
    let mutable = (!op.params.is_empty() || op.json_body.is_some()).then(|| quote!(mut));
    let finish = match op.response {
        Response::Page(_) => quote!(args.list(builder.paginate()).await),
        _ => quote!(args.send(builder.send()).await),
    };
    quote! {
        async fn #function(client: &crate::Client, args: &serde_json::Value) -> Result<serde_json::Value, crate::ToolError> {
            let #mutable args = crate::runtime::ToolArgs::new(#tool, args)?;
            let builder = client.#module().#method(#(#required),*);
            crate::runtime::tool_setters!(args, builder, [#(#setters),*]);
            #optional_body
            #finish
        }
    }
}

/// The type an argument is read as: what the setter takes.
fn arg_type(ty: &TypeRef, krate: &Crate) -> TokenStream {
    match ty {
        TypeRef::Model(_) | TypeRef::Map(_) => quote!(serde_json::Value),
        TypeRef::Array(item) => {
            let item = arg_type(item, krate);
            quote!(Vec<#item>)
        }
        other => rust_type(other, krate),
    }
}

/// JSON Schema (draft 2020-12) of a tool's arguments.
fn input_schema(op: &Operation, domain: &Domain, krate: &Crate) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for param in &op.params {
        properties.insert(param.name.wire.clone(), param_schema(param, domain, krate));
        if param.required {
            required.push(Value::from(param.name.wire.clone()));
        }
    }
    if let Some(body) = &op.json_body {
        let mut schema = body_schema(&body.ty, domain, krate, 0);
        if let Value::Object(map) = &mut schema {
            map.insert(
                "description".into(),
                format!("The {} request body.", body.content_type).into(),
            );
        }
        properties.insert("body".into(), schema);
        if body.required {
            required.push("body".into());
        }
    }
    if matches!(op.response, Response::Page(_)) {
        properties.insert(
            "limit".into(),
            json!({ "type": "integer", "minimum": 1, "description": "Most items to return across pages (default 50)." }),
        );
        properties.insert(
            "pageMetadata".into(),
            json!({ "type": "boolean", "description": "Also return each page's paging fields." }),
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

/// A JSON body's schema: models spelled out with their properties (to a
/// bounded depth, since models may contain themselves).
fn body_schema(ty: &TypeRef, domain: &Domain, krate: &Crate, depth: usize) -> Value {
    match ty {
        TypeRef::Model(name) if depth < 4 => {
            let Some(model) = domain.models.iter().find(|m| &m.name == name) else {
                return json!({ "type": "object" });
            };
            let properties: Map<String, Value> = model
                .fields
                .iter()
                .map(|f| (f.name.wire.clone(), body_schema(&f.ty, domain, krate, depth + 1)))
                .collect();
            let required: Vec<&str> = model
                .fields
                .iter()
                .filter(|f| !f.optional)
                .map(|f| f.name.wire.as_str())
                .collect();
            json!({ "type": "object", "properties": properties, "required": required })
        }
        TypeRef::Array(item) => json!({ "type": "array", "items": body_schema(item, domain, krate, depth + 1) }),
        TypeRef::Map(value) => {
            json!({ "type": "object", "additionalProperties": body_schema(value, domain, krate, depth + 1) })
        }
        other => type_schema(other, domain, krate),
    }
}

fn param_schema(param: &Param, domain: &Domain, krate: &Crate) -> Value {
    let mut schema = type_schema(&param.ty, domain, krate);
    if let Value::Object(map) = &mut schema {
        if let (Some(format), TypeRef::String) = (&param.format, &param.ty) {
            map.insert("format".into(), format.clone().into());
        }
        if let Some(minimum) = param.minimum {
            map.insert("minimum".into(), minimum.into());
        }
        if let Some(maximum) = param.maximum {
            map.insert("maximum".into(), maximum.into());
        }
        if !param.description.is_empty() {
            map.insert("description".into(), param.description.clone().into());
        }
    }
    schema
}

fn type_schema(ty: &TypeRef, domain: &Domain, krate: &Crate) -> Value {
    match ty {
        TypeRef::String => json!({ "type": "string" }),
        TypeRef::Bool => json!({ "type": "boolean" }),
        TypeRef::I32 | TypeRef::I64 => json!({ "type": "integer" }),
        TypeRef::F64 => json!({ "type": "number" }),
        TypeRef::Date => json!({ "type": "string", "format": "date" }),
        TypeRef::DateTime | TypeRef::DateTimeRfc2822 => json!({ "type": "string", "format": "date-time" }),
        TypeRef::Validated(pattern) => match krate.validated.get(pattern) {
            Some(_) => json!({ "type": "string", "pattern": pattern }),
            None => json!({ "type": "string" }),
        },
        TypeRef::Enum(name) => {
            let values: Vec<&str> = domain
                .enums
                .iter()
                .find(|e| &e.name == name)
                .map(|e| e.variants.iter().map(|v| v.wire.as_str()).collect())
                .unwrap_or_default();
            json!({ "type": "string", "enum": values })
        }
        TypeRef::Model(_) | TypeRef::Map(_) => json!({ "type": "object" }),
        TypeRef::Json => json!({}),
        TypeRef::Array(item) => json!({ "type": "array", "items": type_schema(item, domain, krate) }),
    }
}
