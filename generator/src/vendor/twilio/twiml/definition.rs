//! The TwiML definition file, read and checked: every child names an
//! element, every attribute type is known, names are unique.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use serde::Deserialize;

use super::error;
use crate::error::{Error, SpecError};

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    /// Every element, in the order the builders are emitted.
    pub elements: Vec<ElementDef>,
    /// The enumerations attribute types name.
    pub enums: IndexMap<String, EnumDef>,
}

/// One element: `<Say>`, `<Dial>`, …
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElementDef {
    /// The Rust type's name (`Say`, `ReferSip`).
    pub name: String,
    /// The XML name when it differs from `name` (`Response`, `say-as`).
    pub xml: Option<String>,
    /// One line for the type's doc comment.
    pub doc: String,
    /// Whether the element holds text, and whether it must.
    pub text: Option<TextContent>,
    /// The elements it may contain, by `name`.
    #[serde(default)]
    pub children: Vec<String>,
    /// Its attributes: XML name → type.
    #[serde(default)]
    pub attributes: IndexMap<String, String>,
    /// The name of the method its parents add it with, when the snake case
    /// of `name` will not do (a keyword, or an attribute's name).
    pub method: Option<String>,
    /// Whether it is a whole TwiML document (`<Response>`): it gets
    /// `to_xml` with the XML declaration, and `Display`.
    #[serde(default)]
    pub document: bool,
}

impl ElementDef {
    /// The element's XML name.
    pub fn xml_name(&self) -> &str {
        self.xml.as_deref().unwrap_or(&self.name)
    }

    /// The method its parents add it with.
    pub fn adder(&self) -> String {
        self.method.clone().unwrap_or_else(|| crate::names::snake(&self.name))
    }
}

/// An element's text content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextContent {
    /// Made with its text (`<Number>`).
    Required,
    /// Made with or without it (`<Say>` may hold SSML elements only).
    Optional,
}

/// An enumeration of attribute values; the builders add a variant for
/// values Twilio documents later.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumDef {
    /// One line for the type's doc comment.
    pub doc: String,
    /// The values, as written in TwiML.
    pub values: Vec<String>,
}

/// What an attribute's setter takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttributeType {
    /// Any text.
    Text,
    /// A URL, absolute or relative to the webhook's.
    Url,
    /// A non-negative whole number.
    Integer,
    /// `true` or `false`.
    Boolean,
    /// One value of the named enum.
    Enum(String),
    /// Values of the named enum, separated by spaces.
    List(String),
}

impl Definition {
    /// Reads `yaml` and checks it; `file` names it in errors.
    pub fn parse(file: &str, yaml: &str) -> Result<Definition, Error> {
        let deserializer = serde_norway::Deserializer::from_str(yaml);
        let definition: Definition = serde_path_to_error::deserialize(deserializer)
            .map_err(|e| Error::Spec(vec![error(file, pointer(e.path()), e.inner().to_string())]))?;
        let problems = definition.problems(file);
        if problems.is_empty() {
            Ok(definition)
        } else {
            Err(Error::Spec(problems))
        }
    }

    /// The type of `element`'s attribute, checked by [`Definition::parse`].
    pub fn attribute_type(&self, written: &str) -> AttributeType {
        match written {
            "text" => AttributeType::Text,
            "url" => AttributeType::Url,
            "integer" => AttributeType::Integer,
            "boolean" => AttributeType::Boolean,
            other => match other.strip_suffix("[]") {
                Some(name) => AttributeType::List(name.to_owned()),
                None => AttributeType::Enum(other.to_owned()),
            },
        }
    }

    fn problems(&self, file: &str) -> Vec<SpecError> {
        let mut problems = self.name_problems(file);
        let names: BTreeSet<&str> = self.elements.iter().map(|e| e.name.as_str()).collect();
        for (index, element) in self.elements.iter().enumerate() {
            for (position, child) in element.children.iter().enumerate() {
                if !names.contains(child.as_str()) {
                    let message = format!("no element is named `{child}`");
                    problems.push(error(file, format!("/elements/{index}/children/{position}"), message));
                }
            }
            for (attribute, written) in &element.attributes {
                let pointer = format!(
                    "/elements/{index}/attributes/{}",
                    attribute.replace('~', "~0").replace('/', "~1")
                );
                if let AttributeType::Enum(name) | AttributeType::List(name) = self.attribute_type(written) {
                    if !self.enums.contains_key(&name) {
                        let message = format!(
                            "`{written}` is not text, url, integer, boolean or an enum of `enums` (with [] for a list)"
                        );
                        problems.push(error(file, pointer, message));
                    }
                }
            }
        }
        for (name, definition) in &self.enums {
            let mut seen = BTreeSet::new();
            for (position, value) in definition.values.iter().enumerate() {
                if !seen.insert(crate::names::camel(value)) {
                    let message = format!("`{value}` makes the same Rust variant as an earlier value");
                    problems.push(error(file, format!("/enums/{name}/values/{position}"), message));
                }
            }
        }
        problems
    }

    /// Element and enum names are unique, and so are the methods of each
    /// element (setters, adders and the ones every element has).
    fn name_problems(&self, file: &str) -> Vec<SpecError> {
        let mut problems = Vec::new();
        let mut names = BTreeSet::new();
        for (index, element) in self.elements.iter().enumerate() {
            if !names.insert(element.name.as_str()) || self.enums.contains_key(&element.name) {
                let message = format!("`{}` names another element or enum too", element.name);
                problems.push(error(file, format!("/elements/{index}/name"), message));
            }
        }
        for (index, element) in self.elements.iter().enumerate() {
            let mut methods: BTreeSet<String> = ["new", "text", "attribute", "element", "to_xml", "into_element"]
                .map(str::to_owned)
                .into();
            let adders = element.children.iter().map(|child| {
                let adder = self.elements.iter().find(|e| &e.name == child).map(ElementDef::adder);
                (format!("children/{child}"), adder.unwrap_or_default())
            });
            let setters = element
                .attributes
                .keys()
                .map(|a| (format!("attributes/{a}"), crate::names::snake(a)));
            for (place, method) in setters.chain(adders) {
                if !methods.insert(method.clone()) {
                    let message = format!("the method `{method}` would be made twice: give a child a `method` name");
                    problems.push(error(file, format!("/elements/{index}/{place}"), message));
                }
            }
        }
        problems
    }
}

/// The JSON pointer of where deserializing failed.
fn pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .map(|segment| match segment {
            Segment::Seq { index } => format!("/{index}"),
            Segment::Map { key } => format!("/{}", key.replace('~', "~0").replace('/', "~1")),
            Segment::Enum { variant } => format!("/{variant}"),
            Segment::Unknown => String::new(),
        })
        .collect()
}
