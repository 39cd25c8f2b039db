//! The builders, as tokens: one newtype over the runtime's `Element` per
//! element, one enum per enumeration. What every element shares (extra
//! attributes and children, conversion) is the runtime's `element!` macro.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::definition::{AttributeType, Definition, ElementDef, EnumDef, TextContent};
use crate::names;

/// The whole file: every enum, then every element.
pub fn elements(definition: &Definition) -> TokenStream {
    let enums = definition.enums.iter().map(|(name, def)| enumeration(name, def));
    let elements = definition.elements.iter().map(|element| builder(definition, element));
    quote! {
        use super::{spaced, Element};
        #(#enums)*
        #(#elements)*
    }
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

fn enumeration(name: &str, def: &EnumDef) -> TokenStream {
    let name = ident(name);
    let doc = format!(" {}", def.doc);
    let variants: Vec<Ident> = def.values.iter().map(|v| ident(&names::camel(v))).collect();
    let docs = def.values.iter().map(|v| format!(" `{v}`"));
    let values = &def.values;
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #( #[doc = #docs] #variants, )*
            /// A value this version does not list (one Twilio added later), written as given.
            Other(String),
        }

        impl #name {
            /// The value as TwiML writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #values, )*
                    Self::Other(value) => value,
                }
            }
        }

        impl AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
    }
}

fn builder(definition: &Definition, element: &ElementDef) -> TokenStream {
    let name = ident(&element.name);
    let xml = element.xml_name();
    let doc = format!(" {} (`<{xml}>`)", element.doc);
    let constructor = constructor(element);
    let setters = element
        .attributes
        .iter()
        .map(|(attribute, written)| setter(attribute, &definition.attribute_type(written)));
    let adders = element.children.iter().filter_map(|child| {
        let child = definition.elements.iter().find(|e| &e.name == child)?;
        let method = format_ident!("{}", child.adder());
        let ty = ident(&child.name);
        let doc = format!(" Adds a child `<{}>`.", child.xml_name());
        Some(quote! {
            #[doc = #doc]
            pub fn #method(self, child: #ty) -> Self {
                Self(self.0.child(child))
            }
        })
    });
    let text = element.text.map(|_| {
        quote! {
            /// Adds text after what the element holds so far (text and elements mix, as in SSML).
            pub fn text(self, text: impl Into<String>) -> Self {
                Self(self.0.text(text))
            }
        }
    });
    let document = element.document.then(|| quote! { super::document!(#name); });
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct #name(Element);

        #constructor

        impl #name {
            #(#setters)*
            #(#adders)*
            #text
        }

        super::element!(#name);
        #document
    }
}

/// `new`, and `Default` where the element may be empty.
fn constructor(element: &ElementDef) -> TokenStream {
    let name = ident(&element.name);
    let xml = element.xml_name();
    let default = quote! {
        impl Default for #name {
            fn default() -> Self {
                Self(Element::new(#xml))
            }
        }
    };
    let with_text = |doc: String| {
        quote! {
            impl #name {
                #[doc = #doc]
                pub fn new(text: impl Into<String>) -> Self {
                    Self(Element::new(#xml).text(text))
                }
            }
        }
    };
    match element.text {
        Some(TextContent::Required) => with_text(format!(" A `<{xml}>` holding `text`.")),
        Some(TextContent::Optional) => {
            let new = with_text(format!(" A `<{xml}>` holding `text`; `default()` makes one without."));
            quote! { #new #default }
        }
        None => {
            let doc = format!(" An empty `<{xml}>`, to add attributes and elements to.");
            quote! {
                impl #name {
                    #[doc = #doc]
                    pub fn new() -> Self {
                        Self::default()
                    }
                }
                #default
            }
        }
    }
}

fn setter(attribute: &str, ty: &AttributeType) -> TokenStream {
    let method = format_ident!("{}", names::snake(attribute));
    let (parameter, value, kind) = match ty {
        AttributeType::Text => (quote! { impl Into<String> }, quote! { value.into() }, String::new()),
        AttributeType::Url => (
            quote! { impl Into<String> },
            quote! { value.into() },
            " (a URL)".to_owned(),
        ),
        AttributeType::Integer => (quote! { u32 }, quote! { value.to_string() }, String::new()),
        AttributeType::Boolean => (quote! { bool }, quote! { value.to_string() }, String::new()),
        AttributeType::Enum(name) => {
            let ty = ident(name);
            (
                quote! { #ty },
                quote! { value.as_str().to_owned() },
                format!(" ([`{name}`])"),
            )
        }
        AttributeType::List(name) => {
            let ty = ident(name);
            let kind = format!(" ([`{name}`] values, written separated by spaces)");
            (quote! { impl IntoIterator<Item = #ty> }, quote! { spaced(value) }, kind)
        }
    };
    let doc = format!(" Sets `{attribute}`{kind}.");
    quote! {
        #[doc = #doc]
        pub fn #method(self, value: #parameter) -> Self {
            Self(self.0.set(#attribute, #value))
        }
    }
}
