//! Building the type table: every type gets an id; structurally identical
//! types of one module become one; names of inline types wait until every
//! use is known, so a type shared by many owners is named from what they share.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::ir::{Home, ObjectChoice, Struct, Ty, TypeDef, TypeId, TypeKind, Types};
use crate::names::{camel, Namespace};

/// What makes two types one: the same kind, home and wire shape.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Shape {
    Enum(Home, Vec<String>),
    Struct(Home, Vec<(String, Ty, bool)>, Option<Ty>),
    Union(Home, Vec<(String, Ty)>, ObjectChoice),
}

/// Names an inline type could take, one per use, and the `format` of each use.
#[derive(Debug, Default)]
struct Pending {
    candidates: Vec<String>,
    formats: BTreeSet<Option<String>>,
}

/// The crate-wide type table under construction.
#[derive(Debug, Default)]
pub struct TypeTable {
    types: Types,
    shapes: HashMap<Shape, TypeId>,
    pending: BTreeMap<TypeId, Pending>,
}

impl TypeTable {
    /// The table as built so far.
    pub fn types(&self) -> &Types {
        &self.types
    }

    /// The finished table.
    pub fn finish(self) -> Types {
        self.types
    }

    pub fn get_mut(&mut self, id: TypeId) -> Option<&mut TypeDef> {
        self.types.get_mut(id)
    }

    /// A named type whose definition comes later ([`TypeTable::define`]), so
    /// that recursive references can point at it meanwhile.
    pub fn reserve(&mut self, name: String, home: Home, docs: String) -> TypeId {
        let id = self.types.next_id();
        let placeholder = TypeKind::Struct(Struct {
            fields: Vec::new(),
            default: true,
            page: None,
            additional: None,
        });
        self.types.insert(
            id,
            TypeDef {
                name,
                home,
                docs,
                kind: placeholder,
            },
        );
        id
    }

    /// Defines a reserved type. If a type of the same shape exists, the
    /// reserved one becomes an alias of it, or, when that type had no name of
    /// its own yet, the two become one type under the reserved name.
    pub fn define(&mut self, id: TypeId, kind: TypeKind) {
        let Some(def) = self.types.get_mut(id) else { return };
        let home = def.home.clone();
        let shape = self.shape(&home, &kind);
        let existing = shape.as_ref().and_then(|s| self.shapes.get(s).copied());
        let self_referencing = matches!(&kind, TypeKind::Struct(s) if s.fields.iter().any(|f| refers_to(&f.ty, id)));
        match existing {
            Some(other) if other != id && !self_referencing => {
                if self.pending.remove(&other).is_some() {
                    let (name, docs) = {
                        let def = &self.types.get(id);
                        (def.name.clone(), def.docs.clone())
                    };
                    if let Some(target) = self.types.get_mut(other) {
                        target.name = name;
                        if !docs.is_empty() {
                            target.docs = docs;
                        }
                    }
                    self.set_kind(id, TypeKind::MergedInto(other));
                } else {
                    self.set_kind(id, TypeKind::Alias(other));
                }
            }
            _ => {
                if let Some(shape) = shape {
                    self.shapes.entry(shape).or_insert(id);
                }
                self.set_kind(id, kind);
            }
        }
    }

    fn set_kind(&mut self, id: TypeId, kind: TypeKind) {
        if let Some(def) = self.types.get_mut(id) {
            def.kind = kind;
        }
    }

    /// An inline type: the existing one of the same shape, or a new one
    /// named later from `candidate` and the other uses' candidates.
    pub fn inline(
        &mut self,
        home: Home,
        candidate: String,
        format: Option<&str>,
        docs: String,
        kind: TypeKind,
    ) -> TypeId {
        let shape = self.shape(&home, &kind);
        let id = match shape.as_ref().and_then(|s| self.shapes.get(s)) {
            Some(existing) => *existing,
            None => {
                let id = self.types.next_id();
                self.types.insert(
                    id,
                    TypeDef {
                        name: candidate.clone(),
                        home,
                        docs,
                        kind,
                    },
                );
                if let Some(shape) = shape {
                    self.shapes.insert(shape, id);
                }
                self.pending.insert(id, Pending::default());
                id
            }
        };
        if let Some(pending) = self.pending.get_mut(&id) {
            pending.candidates.push(candidate);
            pending.formats.insert(format.map(str::to_owned));
        }
        id
    }

    /// Names the inline type `id` `name` (a component's name, already
    /// claimed) if it is still waiting for a name; whether it was.
    pub fn adopt(&mut self, id: TypeId, name: &str, docs: String) -> bool {
        if self.pending.remove(&id).is_none() {
            return false;
        }
        if let Some(def) = self.types.get_mut(id) {
            def.name = name.to_owned();
            if !docs.is_empty() {
                def.docs = docs;
            }
        }
        true
    }

    /// A root type (validated strings) named later by the caller.
    pub fn root(&mut self, name: String, docs: String, kind: TypeKind) -> TypeId {
        let id = self.types.next_id();
        let def = TypeDef {
            name,
            home: Home::Root,
            docs,
            kind,
        };
        self.types.insert(id, def);
        id
    }

    /// Names every inline type of `home` (in id order, so deterministically)
    /// within `namespace`, and fills in docs the spec did not give.
    pub fn finish_home(&mut self, home: &Home, namespace: &mut Namespace) {
        let ids: Vec<TypeId> = self
            .pending
            .keys()
            .copied()
            .filter(|id| &self.types.get(*id).home == home)
            .collect();
        for id in ids {
            let Some(pending) = self.pending.remove(&id) else {
                continue;
            };
            let name = namespace.claim(shared_name(&pending));
            if let Some(def) = self.types.get_mut(id) {
                def.name = name;
            }
        }
        let names: Vec<(TypeId, String)> = self
            .types
            .in_home(home)
            .filter(|(_, def)| def.docs.is_empty())
            .map(|(id, def)| (id, def.name.clone()))
            .collect();
        for (id, name) in names {
            if let Some(def) = self.types.get_mut(id) {
                def.docs = fallback_docs(&def.kind, &name);
            }
        }
    }

    fn shape(&self, home: &Home, kind: &TypeKind) -> Option<Shape> {
        match kind {
            TypeKind::Enum(e) => Some(Shape::Enum(
                home.clone(),
                e.variants.iter().map(|v| v.wire.clone()).collect(),
            )),
            TypeKind::Struct(s) => Some(Shape::Struct(
                home.clone(),
                s.fields
                    .iter()
                    .map(|f| (f.name.wire.clone(), self.resolved(&f.ty), f.optional))
                    .collect(),
                s.additional.as_ref().map(|a| self.resolved(&a.ty)),
            )),
            TypeKind::Union(u) => Some(Shape::Union(
                home.clone(),
                u.variants
                    .iter()
                    .map(|(name, ty)| (name.clone(), self.resolved(ty)))
                    .collect(),
                u.objects.clone(),
            )),
            _ => None,
        }
    }

    /// `ty` with merged ids replaced by their targets, so shapes compare.
    fn resolved(&self, ty: &Ty) -> Ty {
        match ty {
            Ty::Named(id) => Ty::Named(self.types.resolve(*id)),
            Ty::Vec(item) => Ty::Vec(Box::new(self.resolved(item))),
            Ty::Map(value) => Ty::Map(Box::new(self.resolved(value))),
            other => other.clone(),
        }
    }
}

fn refers_to(ty: &Ty, id: TypeId) -> bool {
    match ty {
        Ty::Named(other) => *other == id,
        Ty::Vec(inner) | Ty::Map(inner) => refers_to(inner, id),
        _ => false,
    }
}

/// The name of a type all uses share: the format they all declare
/// (`http-method` → `HttpMethod`), else the name every use suggests, else
/// the words all suggestions end with (`ListCallResponseMeta`,
/// `ListQueueResponseMeta` → `ResponseMeta`) unless they say nothing of the
/// type (`SuccessSchema`, `Response`: see [`crate::names::is_generic`]),
/// else the first suggestion.
fn shared_name(pending: &Pending) -> String {
    let first = pending
        .candidates
        .first()
        .cloned()
        .unwrap_or_else(|| "Value".to_owned());
    if pending.candidates.iter().all(|c| *c == first) {
        return first;
    }
    if let [Some(format)] = pending.formats.iter().collect::<Vec<_>>().as_slice() {
        return camel(format);
    }
    let words: Vec<Vec<String>> = pending.candidates.iter().map(|c| camel_words(c)).collect();
    let mut suffix: Vec<&String> = Vec::new();
    for depth in 1.. {
        let mut at = words.iter().map(|w| w.len().checked_sub(depth).map(|i| &w[i]));
        let Some(Some(word)) = at.next() else { break };
        if at.all(|other| other == Some(word)) {
            suffix.insert(0, word);
        } else {
            break;
        }
    }
    let suffix: String = suffix.into_iter().map(String::as_str).collect();
    if suffix.is_empty() || crate::names::is_generic(&suffix) {
        first
    } else {
        suffix
    }
}

/// `ListCallResponseMeta` → `[List, Call, Response, Meta]`.
fn camel_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for ch in name.chars() {
        match words.last_mut() {
            Some(word) if !ch.is_ascii_uppercase() => word.push(ch),
            _ => words.push(ch.to_string()),
        }
    }
    words
}

fn fallback_docs(kind: &TypeKind, name: &str) -> String {
    match kind {
        TypeKind::Enum(_) => {
            format!("Values of `{name}`; a value this client does not know is kept in `UnknownValue`.")
        }
        TypeKind::Struct(_) => format!("`{name}`: an object the spec does not describe."),
        TypeKind::Union(union) => {
            let names: Vec<String> = union.variants.iter().map(|(v, _)| format!("`{v}`")).collect();
            let how = match &union.objects {
                ObjectChoice::ByKind => "told apart by the JSON value itself".to_owned(),
                ObjectChoice::Tag { property, .. } => {
                    format!("an object's variant named by its `{property}`; one naming none is kept in `Other`")
                }
                ObjectChoice::Keys(_) => {
                    "an object's variant chosen by the keys it has; one that fits none is kept in `Other`".to_owned()
                }
            };
            format!("One of {}: {how}.", names.join(", "))
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(candidates: &[&str], formats: &[Option<&str>]) -> Pending {
        Pending {
            candidates: candidates.iter().map(|c| (*c).to_owned()).collect(),
            formats: formats.iter().map(|f| f.map(str::to_owned)).collect(),
        }
    }

    #[test]
    fn shared_types_are_named_from_what_their_uses_share() {
        let cases = [
            (pending(&["A", "A"], &[None]), "A"),
            (
                pending(
                    &["UpdateCallMethod", "CreateCallStatusCallbackMethod"],
                    &[Some("http-method")],
                ),
                "HttpMethod",
            ),
            (
                pending(&["ListCallResponseMeta", "ListQueueResponseMeta"], &[None]),
                "ResponseMeta",
            ),
            (pending(&["Foo", "Bar"], &[None]), "Foo"),
            // Slack: `conversations.setPurpose success schema` and setTopic's share a shape.
            (
                pending(
                    &[
                        "ConversationsSetPurposeSuccessSchema",
                        "ConversationsSetTopicSuccessSchema",
                    ],
                    &[None],
                ),
                "ConversationsSetPurposeSuccessSchema",
            ),
        ];
        for (pending, want) in cases {
            assert_eq!(shared_name(&pending), want);
        }
    }
}
