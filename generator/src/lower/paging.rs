//! Detects which list responses are pages, and of which of Twilio's two styles.

use crate::ir::{Field, NextLink, PageShape, Struct, Ty, TypeId, TypeKind, Types};

fn as_struct(types: &Types, id: TypeId) -> Option<&Struct> {
    match &types.definition(id).kind {
        TypeKind::Struct(s) => Some(s),
        _ => None,
    }
}

/// A page has exactly one array field (the items) and either a top-level
/// `next_page_uri` (v2010) or a `meta` object with `next_page_url` (v1+).
pub fn page_shape(types: &Types, id: TypeId) -> Option<PageShape> {
    let page = as_struct(types, id)?;
    let mut arrays = page.fields.iter().filter(|f| matches!(f.ty, Ty::Vec(_)));
    let items = arrays.next()?;
    if arrays.next().is_some() {
        return None;
    }
    let Ty::Vec(item) = &items.ty else { return None };
    let field = |s: &'_ Struct, wire: &str| -> Option<Field> { s.fields.iter().find(|f| f.name.wire == wire).cloned() };
    let next = if let Some(link) = field(page, "next_page_uri") {
        NextLink::TopLevel {
            field: link.name.rust,
            optional: link.optional,
        }
    } else {
        let meta = field(page, "meta")?;
        let Ty::Named(meta_id) = &meta.ty else {
            return None;
        };
        let link = field(as_struct(types, *meta_id)?, "next_page_url")?;
        NextLink::InMeta {
            meta_field: meta.name.rust,
            meta_optional: meta.optional,
            field: link.name.rust,
            optional: link.optional,
        }
    };
    Some(PageShape {
        items_field: items.name.rust.clone(),
        items_optional: items.optional,
        item: (**item).clone(),
        next,
    })
}
