//! The type table and what it holds: every type by id, with its kind.

use std::collections::BTreeMap;

use super::{Name, PageShape};

/// Index of a type in [`Types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub u32);

/// The type table. [`Types::get`] follows merges, so an id handed out before
/// two identical types were found to be one still works.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Types {
    defs: BTreeMap<TypeId, TypeDef>,
}

impl Types {
    /// The definition behind `id` (after following merges).
    ///
    /// # Panics
    /// Only on a generator bug: ids are only ever made by this table.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.defs[&self.resolve(id)]
    }

    /// The id whose definition `id` stands for, following aliases too.
    pub fn target(&self, id: TypeId) -> TypeId {
        let mut id = self.resolve(id);
        // Aliases point at types defined before them, so this ends.
        while let TypeKind::Alias(target) = self.defs[&id].kind {
            id = self.resolve(target);
        }
        id
    }

    /// The definition behind `id`, following aliases too: what the type is.
    pub fn definition(&self, id: TypeId) -> &TypeDef {
        &self.defs[&self.target(id)]
    }

    /// The id `id` was merged into, or `id` itself.
    pub fn resolve(&self, mut id: TypeId) -> TypeId {
        while let Some(TypeDef {
            kind: TypeKind::MergedInto(target),
            ..
        }) = self.defs.get(&id)
        {
            id = *target;
        }
        id
    }

    /// Every type that is emitted (merged ids left out), in id order.
    pub fn iter(&self) -> impl Iterator<Item = (TypeId, &TypeDef)> {
        self.defs
            .iter()
            .filter(|(_, def)| !matches!(def.kind, TypeKind::MergedInto(_)))
            .map(|(id, def)| (*id, def))
    }

    /// The types that live in `home`, in id order.
    pub fn in_home<'a>(&'a self, home: &'a Home) -> impl Iterator<Item = (TypeId, &'a TypeDef)> + 'a {
        self.iter().filter(move |(_, def)| &def.home == home)
    }

    pub(crate) fn insert(&mut self, id: TypeId, def: TypeDef) {
        self.defs.insert(id, def);
    }

    pub(crate) fn get_mut(&mut self, id: TypeId) -> Option<&mut TypeDef> {
        let id = self.resolve(id);
        self.defs.get_mut(&id)
    }

    pub(crate) fn next_id(&self) -> TypeId {
        TypeId(self.defs.keys().next_back().map_or(0, |id| id.0 + 1))
    }
}

/// Where a type is defined.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Home {
    /// The crate root (validated string types, shared by every API).
    Root,
    /// The module of one API (`api_v2010`).
    Domain(String),
}

/// One type of the generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust type name.
    pub name: String,
    /// Where it is defined.
    pub home: Home,
    /// Final doc text.
    pub docs: String,
    /// What it is.
    pub kind: TypeKind,
}

/// The kinds of types.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A struct of named fields.
    Struct(Struct),
    /// An open string enum.
    Enum(Enum),
    /// A string newtype that only holds values matching a pattern.
    Validated(Validated),
    /// One of several types that their JSON alone tells apart (`oneOf`).
    Union(Union),
    /// A second name for an identical type (two components of one shape).
    Alias(TypeId),
    /// Found identical to another type after its id was handed out; never
    /// emitted, [`Types::get`] follows it.
    MergedInto(TypeId),
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// Derives `Default` (every field is optional).
    pub default: bool,
    /// Set when a list operation returns it: where its items and next link are.
    pub page: Option<PageShape>,
    /// Where keys the spec does not declare are kept (a map beside the
    /// fields, of the `additionalProperties` type, else JSON); `None` when
    /// the spec says `additionalProperties: false`.
    pub additional: Option<Additional>,
}

/// The map of a struct's undeclared keys.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Additional {
    /// Its field's Rust name (`additional_properties`).
    pub field: String,
    /// Its values' type.
    pub ty: Ty,
}

impl Struct {
    /// Encoded and decoded field by field (the runtime's `codec::DecodeFields`
    /// when every field is optional, `codec::DecodeStruct` otherwise,
    /// `codec::encode_field`, `codec::With`) instead of by serde's derives,
    /// which write a field enum with its visitor, a sequence visitor and three
    /// wrapper types per codec field. An empty struct keeps the derives (a
    /// `match` of `_` alone is a clippy warning).
    pub fn decodes_by_fields(&self) -> bool {
        !self.fields.is_empty()
    }
}

/// A field of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Field name and JSON key.
    pub name: Name,
    /// Its type, without the `Option` or `Box`.
    pub ty: Ty,
    /// `Option<…>`: nullable, or not required.
    pub optional: bool,
    /// Behind a `Box` because the type contains itself.
    pub boxed: bool,
    /// How the value is (de)serialized, when serde's default does not fit.
    pub codec: Option<Codec>,
    /// Final doc text (empty: the spec says nothing).
    pub docs: String,
}

/// An open string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// Variants: Rust name and wire value.
    pub variants: Vec<Name>,
}

/// A `oneOf`/`anyOf` whose variants have distinct JSON kinds (a string, a
/// number, an object, …), or whose object variants a discriminator or
/// their keys tell apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// Variant names and types, in spec order.
    pub variants: Vec<(String, Ty)>,
    /// The variants held in a `Box` (the objects: each would make every
    /// value of the enum as large as itself).
    pub boxed: Vec<usize>,
    /// How an object value finds its variant.
    pub objects: ObjectChoice,
}

/// How a union's object value finds its variant.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ObjectChoice {
    /// At most one variant is an object: the JSON kind alone decides.
    ByKind,
    /// The value of `property` names the variant: (value, variant index).
    /// A value naming none is kept whole in the enum's `Other` variant.
    Tag {
        /// The discriminating property's wire name.
        property: String,
        /// Each value and the variant it names.
        values: Vec<(String, usize)>,
    },
    /// Each object variant's keys: (variant index, required keys, every
    /// declared key). The variant whose required keys are all present wins,
    /// the most required keys first, then the most declared keys present;
    /// an object no variant fits is kept in `Other`.
    Keys(Vec<(usize, Vec<String>, Vec<String>)>),
}

impl Union {
    /// Whether the enum has an `Other(serde_json::Value)` variant (object
    /// variants chosen by tag or keys: a value may fit none of them).
    pub fn has_other(&self) -> bool {
        self.objects != ObjectChoice::ByKind
    }
}

/// A validated string type.
#[derive(Debug, Clone, PartialEq)]
pub struct Validated {
    /// The spec's pattern.
    pub pattern: String,
    /// How values are checked.
    pub check: PatternCheck,
}

/// How a pattern is checked at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternCheck {
    /// Twilio's SID shape `^XX[0-9a-fA-F]{N}$` (or `^(XX|YY)…`, `[0-9a-f]`, or
    /// unanchored: found anywhere in the value), checked without a regex.
    Sid {
        /// The letters it may start with, e.g. `AC`.
        prefixes: Vec<String>,
        /// Number of hex digits after the prefix.
        hex_len: usize,
        /// `[0-9a-f]`: lower-case digits only.
        lower_only: bool,
        /// `^…$`: the whole value; otherwise a match anywhere in it, as JSON Schema reads a pattern.
        anchored: bool,
    },
    /// `^[A-Z]{2}[0-9a-fA-F]{32}$` (or `[a-zA-Z]`): a SID of any type, checked without a regex.
    AnySid {
        /// How many letters come first.
        letters: usize,
        /// Whether they must be upper case.
        upper_only: bool,
        /// Number of hex digits after them.
        hex_len: usize,
    },
    /// `^aia_asst_.+$`: a fixed start then at least one character, checked without a regex.
    Prefixed {
        /// The fixed start.
        prefix: String,
    },
    /// Any other pattern, checked with the `regex` crate.
    Regex,
    /// A pattern `regex` cannot run (look-around), checked with `fancy-regex`.
    Backtracking,
}

/// A value's type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ty {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// `time::Date`.
    Date,
    /// `time::OffsetDateTime`, in the given wire format.
    DateTime(DateTimeWire),
    /// `serde_json::Value`: free-form content, nothing dropped.
    Json,
    /// A type of the table.
    Named(TypeId),
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// `BTreeMap<String, T>`.
    Map(Box<Ty>),
}

/// The wire formats of a date-time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DateTimeWire {
    /// ISO 8601 / RFC 3339 (`format: date-time`).
    Rfc3339,
    /// RFC 2822 (Twilio's `format: date-time-rfc-2822`).
    Rfc2822,
}

/// How a field is (de)serialized: composes through `Option`, `Vec` and maps,
/// so a date inside an array is as typed as a date field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Codec {
    /// serde's own behaviour for this part.
    Same,
    /// RFC 3339 date-time.
    Rfc3339,
    /// RFC 2822 date-time.
    Rfc2822,
    /// `YYYY-MM-DD`.
    IsoDate,
    /// A number that may arrive as a JSON string (`"-0.0025"`).
    LenientNumber,
    /// An integer that may arrive as a JSON string (`"1"`).
    LenientInt,
    /// A boolean that may arrive as `"True"`/`"false"`.
    LenientBool,
    /// `Option<T>` where `null` and `""` are `None` (Twilio's unset SIDs).
    EmptyAsNone(Box<Codec>),
    /// `Vec<T>` of the inner codec.
    Vec(Box<Codec>),
    /// `BTreeMap<String, T>` of the inner codec.
    Map(Box<Codec>),
}

/// Counts of what a crate defines, for reports and benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypeCounts {
    /// Structs.
    pub structs: usize,
    /// Open enums.
    pub enums: usize,
    /// Validated string types.
    pub validated: usize,
    /// Aliases of identical component types.
    pub aliases: usize,
    /// Unions (`oneOf` told apart by JSON kind).
    pub unions: usize,
}

impl Types {
    /// How many types of each kind are emitted.
    pub fn counts(&self) -> TypeCounts {
        let mut counts = TypeCounts::default();
        for (_, def) in self.iter() {
            match def.kind {
                TypeKind::Struct(_) => counts.structs += 1,
                TypeKind::Enum(_) => counts.enums += 1,
                TypeKind::Validated(_) => counts.validated += 1,
                TypeKind::Alias(_) => counts.aliases += 1,
                TypeKind::Union(_) => counts.unions += 1,
                TypeKind::MergedInto(_) => {}
            }
        }
        counts
    }
}
