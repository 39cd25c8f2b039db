//! Detects which list responses are pages, and of which of Twilio's two styles.

use std::collections::BTreeMap;

use crate::ir::{Model, NextLink, PageShape, TypeRef};

/// A page has exactly one array field (the items) and either a top-level
/// `next_page_uri` (v2010) or a `meta` object with `next_page_url` (v1+).
pub fn page_shape(models: &BTreeMap<String, Model>, name: &str) -> Option<PageShape> {
    let model = models.get(name)?;
    let mut arrays = model.fields.iter().filter(|f| matches!(f.ty, TypeRef::Array(_)));
    let items = arrays.next()?;
    if arrays.next().is_some() {
        return None;
    }
    let TypeRef::Array(item) = &items.ty else { return None };
    let field = |model: &'_ Model, wire: &str| model.fields.iter().find(|f| f.name.wire == wire).cloned();
    let next = if let Some(link) = field(model, "next_page_uri") {
        NextLink::TopLevel {
            field: link.name.rust,
            optional: link.optional,
        }
    } else {
        let meta = field(model, "meta")?;
        let TypeRef::Model(meta_model) = &meta.ty else {
            return None;
        };
        let link = field(models.get(meta_model)?, "next_page_url")?;
        NextLink::InMeta {
            meta_field: meta.name.rust,
            meta_optional: meta.optional,
            field: link.name.rust,
            optional: link.optional,
        }
    };
    let (items_field, items_optional) = (items.name.rust.clone(), items.optional);
    Some(PageShape {
        items_field,
        items_optional,
        item: (**item).clone(),
        next,
    })
}
