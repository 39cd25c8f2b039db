//! Projections of types, codecs and setter inputs to Rust tokens, shared by
//! every emitter.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Codec, Home, Input, Ty, TypeId, Types};

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Where code is being emitted: names of types of the same module are
/// written bare, others with their path.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub types: &'a Types,
    pub home: &'a Home,
}

impl Scope<'_> {
    /// The path of a type of the table.
    pub fn named(&self, id: TypeId) -> TokenStream {
        let def = self.types.get(id);
        let name = ident(&def.name);
        match &def.home {
            home if home == self.home => quote!(#name),
            Home::Root => quote!(crate::#name),
            Home::Domain(module) => {
                let module = ident(module);
                quote!(crate::#module::#name)
            }
        }
    }

    /// The Rust type of a value.
    pub fn rust_type(&self, ty: &Ty) -> TokenStream {
        match ty {
            Ty::String => quote!(String),
            Ty::Bool => quote!(bool),
            Ty::I32 => quote!(i32),
            Ty::I64 => quote!(i64),
            Ty::F64 => quote!(f64),
            Ty::Date => quote!(time::Date),
            Ty::DateTime(_) => quote!(time::OffsetDateTime),
            Ty::Json => quote!(serde_json::Value),
            Ty::Named(id) => self.named(*id),
            Ty::Vec(item) => {
                let item = self.rust_type(item);
                quote!(Vec<#item>)
            }
            Ty::Map(value) => {
                let value = self.rust_type(value);
                quote!(std::collections::BTreeMap<String, #value>)
            }
        }
    }

    /// The parameter type a setter declares for `input`.
    pub fn input_type(&self, input: &Input) -> TokenStream {
        match input {
            Input::Typed(ty) => self.rust_type(ty),
            Input::IntoString => quote!(impl Into<String>),
            // The value, a reference to it, or text checked before sending.
            Input::IntoValidated(ty) => {
                let ty = self.rust_type(ty);
                quote!(impl Into<crate::runtime::Checked<#ty>>)
            }
            Input::Json => quote!(serde_json::Value),
            Input::List(item) => {
                let item = match &**item {
                    Input::IntoValidated(ty) => {
                        let ty = self.rust_type(ty);
                        quote!(impl Into<#ty>)
                    }
                    other => self.input_type(other),
                };
                quote!(impl IntoIterator<Item = #item>)
            }
            Input::File => quote!(impl Into<crate::FilePart>),
        }
    }

    /// The owned type a value of `input` is read as (tool arguments).
    pub fn owned_input_type(&self, input: &Input) -> TokenStream {
        match input {
            Input::Typed(ty) | Input::IntoValidated(ty) => self.rust_type(ty),
            Input::IntoString => quote!(String),
            Input::Json => quote!(serde_json::Value),
            Input::List(item) => {
                let item = self.owned_input_type(item);
                quote!(Vec<#item>)
            }
            Input::File => quote!(crate::FilePart),
        }
    }
}

/// The expression that turns a setter argument `var` of `input` into what
/// the runtime's `Call` records (a reference to a value or a slice).
pub(crate) fn input_value(input: &Input, var: &Ident) -> TokenStream {
    match input {
        Input::IntoString | Input::IntoValidated(_) => quote!(&#var.into()),
        Input::List(item) => {
            let collect = match &**item {
                Input::IntoString => quote!(.map(Into::into).collect::<Vec<String>>()),
                Input::File => quote!(.map(Into::into).collect::<Vec<crate::FilePart>>()),
                _ => quote!(.collect::<Vec<_>>()),
            };
            quote!(&#var.into_iter() #collect)
        }
        Input::File => quote!(#var.into()),
        Input::Typed(_) | Input::Json => quote!(&#var),
    }
}

/// `#[serde(with = "…")]` for a codec: `serde_with`'s `As` over the runtime's
/// codec types (the module imports `crate::runtime::codec`).
pub(crate) fn codec_path(codec: &Codec) -> String {
    // Tokens print as `codec :: Same`; the attribute reads better compact.
    let adapter = codec_adapter(codec).to_string().replace(' ', "").replace(',', ", ");
    format!("codec::As::<{adapter}>")
}

/// The codec's type (`codec::EmptyAsNone<codec::LenientInt>`), for
/// `codec::With` and, as text, for [`codec_path`].
pub(crate) fn codec_adapter(codec: &Codec) -> TokenStream {
    match codec {
        Codec::Same => quote!(codec::Same),
        Codec::Rfc3339 => quote!(codec::Rfc3339),
        Codec::Rfc2822 => quote!(codec::Rfc2822),
        Codec::IsoDate => quote!(codec::IsoDate),
        Codec::LenientNumber => quote!(codec::LenientNumber),
        Codec::LenientInt => quote!(codec::LenientInt),
        Codec::LenientBool => quote!(codec::LenientBool),
        Codec::EmptyAsNone(inner) => {
            let inner = codec_adapter(inner);
            quote!(codec::EmptyAsNone<#inner>)
        }
        Codec::Vec(inner) => {
            let inner = codec_adapter(inner);
            quote!(Vec<#inner>)
        }
        Codec::Map(inner) => {
            let inner = codec_adapter(inner);
            quote!(std::collections::BTreeMap<codec::Same, #inner>)
        }
    }
}

/// A raw string literal (`r#"…"#`) that keeps `text`'s line breaks, so
/// multi-line text stays readable in the generated file.
pub(crate) fn raw_string(text: &str) -> proc_macro2::Literal {
    let hashes = "#".repeat(
        (1..)
            .find(|n| !text.contains(&format!("\"{}", "#".repeat(*n))))
            .unwrap_or(1),
    );
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| proc_macro2::Literal::string(text))
}

/// Records a JSON body `body` of type `ty` on `call`: through its codec when
/// serde has none of its own (a list or map of dates).
pub(crate) fn json_body_record(ty: &Ty, media: &str, call: TokenStream) -> TokenStream {
    match crate::lower::body_codec(ty) {
        Some(codec) => {
            let codec = codec_adapter(&codec);
            quote! {{
                use crate::runtime::codec;
                #call.json(#media, &codec::SerializeAsWrap::<_, #codec>::new(&body));
            }}
        }
        None => quote!(#call.json(#media, &body);),
    }
}

/// Reads a tool's JSON `body` argument of type `ty` (`Option<ty>`), through
/// its codec when serde has none of its own; `turbofish` names the type.
pub(crate) fn json_body_argument(ty: &Ty, turbofish: Option<TokenStream>) -> TokenStream {
    match crate::lower::body_codec(ty) {
        Some(codec) => {
            let codec = codec_adapter(&codec);
            quote!({
                use crate::runtime::codec;
                args.json_as::<#codec, _>("body")?
            })
        }
        None => {
            let turbofish = turbofish.map(|rust| quote!(::<#rust>));
            quote!(args.json #turbofish ("body")?)
        }
    }
}
