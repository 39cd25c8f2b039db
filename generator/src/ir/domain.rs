//! Domains: one spec file each, with its operations, the enums of its
//! documented error bodies and, by tag, its cargo features.

use super::{Home, Operation, Ty, TypeId};

/// One spec file: a module and a cargo feature of the generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Domain {
    /// Module and feature name, e.g. `api_v2010`.
    pub module: String,
    /// The spec file it comes from.
    pub spec_file: String,
    /// Final module doc text.
    pub docs: String,
    /// Operations, in path then method order.
    pub operations: Vec<Operation>,
    /// Enums of documented error bodies, one per distinct set of them.
    pub error_sets: Vec<ErrorSet>,
    /// With `--features-by tag`: which cargo feature compiles what.
    pub tag_features: Option<TagFeatures>,
    /// The webhooks the API sends (OpenAPI 3.1 `webhooks`), whose payload
    /// types a receiving server decodes.
    pub webhooks: Vec<Webhook>,
}

/// A webhook: the request the API sends to a subscriber.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// Its key under `webhooks` (`newPet`, `balancePlatform.accountHolder.created`).
    pub name: String,
    /// The HTTP method it is sent with (`POST`).
    pub method: String,
    /// The type of its JSON body.
    pub payload: Ty,
}

/// An API whose operations are behind a cargo feature per tag
/// (`--features-by tag`), so a user compiles only the parts they call.
/// Operations without a tag, and types no operation uses, come with the
/// API's own feature.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TagFeatures {
    /// One per feature, by name.
    pub features: Vec<TagFeature>,
    /// A type of the API's module that only tagged operations use: the
    /// features any of which compiles it. Types not listed come with the API.
    pub types: std::collections::BTreeMap<TypeId, Vec<String>>,
    /// The same for error sets, by name.
    pub error_sets: std::collections::BTreeMap<String, Vec<String>>,
}

/// One tag's cargo feature.
#[derive(Debug, Clone, PartialEq)]
pub struct TagFeature {
    /// Feature name: `<module>-<tag in snake case>` (`api_github_com-repos`).
    pub name: String,
    /// The spec's tags it stands for (two spellings of one name share it).
    pub tags: Vec<String>,
    /// How many operations it compiles.
    pub operations: usize,
}

/// The error bodies an operation documents, as one enum by status.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorSet {
    /// Enum name (`ListThingsError`).
    pub name: String,
    /// The operations (`operationId`s) that return it.
    pub operations: Vec<String>,
    /// `<Builder>Error` of each later operation that shares it: a type
    /// alias each, so an operation's error type has the name a user would
    /// write, whichever operation came first.
    pub aliases: Vec<String>,
    /// Variants, most specific status first.
    pub variants: Vec<ErrorVariant>,
}

/// One documented error body.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorVariant {
    /// Which statuses it is for.
    pub status: ErrorStatus,
    /// Variant name (`NotFound`).
    pub name: String,
    /// The body's type.
    pub ty: Ty,
    /// Final doc text.
    pub docs: String,
}

/// The statuses an error body is documented for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ErrorStatus {
    /// One status (`404`).
    Code(u16),
    /// A class (`4XX` is 4).
    Range(u16),
    /// Any other (`default`).
    Default,
}

impl Domain {
    /// Where this domain's types live.
    pub fn home(&self) -> Home {
        Home::Domain(self.module.clone())
    }

    /// The features any of which compiles type `id` (none: it comes with the API).
    pub fn type_features(&self, id: TypeId) -> &[String] {
        self.tag_features
            .as_ref()
            .and_then(|by_tag| by_tag.types.get(&id))
            .map_or(&[], Vec::as_slice)
    }

    /// Its features by tag (`--features-by tag`); none without.
    pub fn features_by_tag(&self) -> &[TagFeature] {
        self.tag_features
            .as_ref()
            .map_or(&[], |by_tag| by_tag.features.as_slice())
    }

    /// Whether no operation is sure to be compiled: there are none, or all
    /// are behind tag features (what uses the client may then be unused).
    pub fn every_operation_gated(&self) -> bool {
        self.operations.iter().all(|op| op.feature.is_some())
    }

    /// The features any of which compiles error set `name`.
    pub fn error_set_features(&self, name: &str) -> &[String] {
        self.tag_features
            .as_ref()
            .and_then(|by_tag| by_tag.error_sets.get(name))
            .map_or(&[], Vec::as_slice)
    }
}
