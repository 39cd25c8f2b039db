//! Which list operations page, and how: from the response's shape and the
//! operation's query parameters (or its `x-pagination` extension, for a spec
//! whose shape is ambiguous). Styles, first match wins: a next link in the
//! body (Twilio's `next_page_uri` and `meta.next_page_url` first), a cursor
//! in the body fed back as a parameter, Stripe's `has_more` with the last
//! item's id, the `Link` header, an offset, a page number.

use serde_json::Value;

use crate::ir::{Field, FieldPath, Location, PageShape, Paging, Param, Struct, Ty, TypeId, TypeKind, Types};

/// What the response and the parameters say, for detection.
pub struct ListSignals<'s> {
    /// The success body's type.
    pub ty: &'s Ty,
    /// The operation's parameters.
    pub params: &'s [Param],
    /// Whether the success response declares a `Link` header.
    pub link_header: bool,
    /// The operation's `x-pagination` extension, if any.
    pub extension: Option<&'s Value>,
}

/// A list operation's paging: how the next page is found, and where the
/// page struct (if the body is one) keeps its items and next-page data.
pub struct Detected {
    pub paging: Paging,
    pub shape: Option<(TypeId, PageShape)>,
}

/// Field names (lower case, without `_`, `-`, `.`, `@`) that hold a next link.
const LINK_FIELDS: [&str; 10] = [
    "next",
    "nexturl",
    "nextlink",
    "nextpage",
    "nextpageurl",
    "nextpageuri",
    "odatanextlink",
    "nexthref",
    "nexturi",
    "nextpagelink",
];
/// Field names that hold a cursor for the next page.
const CURSOR_FIELDS: [&str; 9] = [
    "nextcursor",
    "nextpagetoken",
    "nexttoken",
    "continuationtoken",
    "endcursor",
    "cursor",
    "after",
    "nextpagecursor",
    "next",
];
/// Query parameters that take a cursor.
const CURSOR_PARAMS: [&str; 9] = [
    "cursor",
    "pagetoken",
    "nexttoken",
    "continuationtoken",
    "continuation",
    "after",
    "pagecursor",
    "nextpagetoken",
    "starttoken",
];
/// Objects a next link or cursor is often kept in.
const CONTAINERS: [&str; 9] = [
    "meta",
    "links",
    "paging",
    "pagination",
    "pageinfo",
    "responsemetadata",
    "cursors",
    "metadata",
    "page",
];
/// Fields that hold the items, when a page has several arrays.
const ITEM_FIELDS: [&str; 9] = [
    "items", "data", "results", "values", "value", "entries", "records", "elements", "list",
];
const OFFSET_PARAMS: [&str; 4] = ["offset", "skip", "start", "startindex"];
const PAGE_PARAMS: [&str; 4] = ["page", "pagenumber", "pageno", "pagenum"];

/// `next_page_url` → `nextpageurl`: names compared whatever their case and separators.
fn plain(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-' | '.' | '@' | '$'))
        .flat_map(char::to_lowercase)
        .collect()
}

fn as_struct<'t>(types: &'t Types, ty: &Ty) -> Option<(TypeId, &'t Struct)> {
    let Ty::Named(id) = ty else { return None };
    let id = types.target(*id);
    match &types.definition(id).kind {
        TypeKind::Struct(s) => Some((id, s)),
        _ => None,
    }
}

/// A plain string (read as `&str` by the page's generated methods).
fn is_text(_types: &Types, ty: &Ty) -> bool {
    *ty == Ty::String
}

fn step(field: &Field) -> (String, bool) {
    (field.name.rust.clone(), field.optional)
}

/// A text field of `page` named one of `names` (the first name found
/// wins), at the top or inside one of its container objects (or a link
/// object's `href`).
fn find_text(types: &Types, page: &Struct, names: &[&str]) -> Option<FieldPath> {
    names.iter().find_map(|name| find_named(types, page, name))
}

fn find_named(types: &Types, page: &Struct, name: &str) -> Option<FieldPath> {
    for field in page.fields.iter().filter(|f| plain(&f.name.wire) == name) {
        if is_text(types, &field.ty) {
            return Some(FieldPath(vec![step(field)]));
        }
        // HAL: `next: {href}`.
        if let Some((_, link)) = as_struct(types, &field.ty) {
            if let Some(href) = link
                .fields
                .iter()
                .find(|f| f.name.wire == "href" && is_text(types, &f.ty))
            {
                return Some(FieldPath(vec![step(field), step(href)]));
            }
        }
    }
    let containers = page
        .fields
        .iter()
        .filter(|f| CONTAINERS.contains(&plain(&f.name.wire).as_str()));
    for container in containers {
        let Some((_, inner)) = as_struct(types, &container.ty) else {
            continue;
        };
        if let Some(FieldPath(mut path)) = find_named(types, inner, name) {
            path.insert(0, step(container));
            return Some(FieldPath(path));
        }
    }
    None
}

/// The query parameter of the operation named one of `names`.
fn query_param<'p>(params: &'p [Param], names: &[&str]) -> Option<&'p Param> {
    params
        .iter()
        .find(|p| p.location == Location::Query && names.contains(&plain(&p.name.wire).as_str()))
}

fn is_integer(param: &Param) -> bool {
    matches!(param.ty, Ty::I32 | Ty::I64)
}

/// The query parameter that sets how many items a page holds, for a
/// paginator's limit to ask for small pages.
pub fn page_size_param(params: &[Param]) -> Option<&Param> {
    const PAGE_SIZE: [&str; 9] = [
        "pagesize",
        "perpage",
        "limit",
        "count",
        "maxresults",
        "size",
        "top",
        "first",
        "maxitems",
    ];
    query_param(params, &PAGE_SIZE).filter(|p| is_integer(p))
}

/// The items of a page struct: its one array, or the array named like items.
fn items_of(page: &Struct) -> Option<&Field> {
    let mut arrays = page.fields.iter().filter(|f| matches!(f.ty, Ty::Vec(_)));
    let first = arrays.next()?;
    if arrays.next().is_none() {
        return Some(first);
    }
    page.fields
        .iter()
        .filter(|f| matches!(f.ty, Ty::Vec(_)))
        .find(|f| ITEM_FIELDS.contains(&plain(&f.name.wire).as_str()))
}

/// The paging of a list operation, if it has one. `Err` names what is wrong
/// with its `x-pagination` extension.
pub fn detect(types: &Types, signals: &ListSignals) -> Result<Option<Detected>, String> {
    if let Some(extension) = signals.extension {
        return overridden(types, signals, extension).map(Some);
    }
    let params = signals.params;
    let by_params = || {
        if signals.link_header {
            return Some(Paging::LinkHeader);
        }
        if let Some(offset) = query_param(params, &OFFSET_PARAMS).filter(|p| is_integer(p)) {
            return Some(Paging::Offset(offset.name.wire.clone()));
        }
        let page = query_param(params, &PAGE_PARAMS).filter(|p| is_integer(p))?;
        let first = page.bounds.and_then(|b| b.minimum).unwrap_or(1).max(0);
        Some(Paging::PageNumber(page.name.wire.clone(), first))
    };
    if let Ty::Vec(_) = signals.ty {
        return Ok(by_params().map(|paging| Detected { paging, shape: None }));
    }
    let Some((id, outer)) = as_struct(types, signals.ty) else {
        return Ok(None);
    };
    let (page, wrapper) = match items_of(outer) {
        Some(_) => (outer, None),
        None => match wrapped(types, outer) {
            Some((field, page)) => (page, Some(step(field))),
            None => return Ok(None),
        },
    };
    let Some(items) = items_of(page) else {
        return Ok(None);
    };
    let Some(mut shape) = items_shape(items, wrapper.clone()) else {
        return Ok(None);
    };
    let cursor_param = query_param(params, &CURSOR_PARAMS);
    // A field called just `next` is a cursor where the operation takes one.
    let link_names: Vec<&str> = match cursor_param {
        Some(_) => LINK_FIELDS.iter().copied().filter(|n| *n != "next").collect(),
        None => LINK_FIELDS.to_vec(),
    };
    let paging = if let Some(link) = find_text(types, page, &link_names) {
        shape.link = Some(link);
        Paging::Link
    } else if let (Some(param), Some(cursor)) = (cursor_param, find_text(types, page, &CURSOR_FIELDS)) {
        shape.cursor = Some(cursor);
        Paging::Cursor(param.name.wire.clone())
    } else if let Some((param, has_more)) = stripe_style(types, page, &shape.item, params) {
        shape.has_more = Some(has_more);
        Paging::Cursor(param)
    } else if let Some(paging) = by_params() {
        paging
    } else {
        return Ok(None);
    };
    if let Some(wrapper) = wrapper {
        let inside = |path: &mut Option<FieldPath>| {
            if let Some(FieldPath(steps)) = path {
                steps.insert(0, wrapper.clone());
            }
        };
        inside(&mut shape.link);
        inside(&mut shape.cursor);
        if let Some((flag, _)) = &mut shape.has_more {
            flag.0.insert(0, wrapper.clone());
        }
    }
    Ok(Some(Detected {
        paging,
        shape: Some((id, shape)),
    }))
}

/// A page's shape with its items in the array field `items` (inside
/// `wrapper`, if any), nothing yet of the next page; `None` if it is no array.
fn items_shape(items: &Field, wrapper: Option<(String, bool)>) -> Option<PageShape> {
    let Ty::Vec(item) = &items.ty else { return None };
    Some(PageShape {
        wrapper,
        items_field: items.name.rust.clone(),
        items_optional: items.optional,
        item: (**item).clone(),
        link: None,
        cursor: None,
        has_more: None,
    })
}

/// The one object field of `outer` that holds a page (an array of items),
/// when `outer` has little else (no array, at most two other fields):
/// Spotify's `{albums: {items, next}}`, `{message, playlists: {…}}` — not
/// an album with its first page of tracks.
fn wrapped<'t>(types: &'t Types, outer: &'t Struct) -> Option<(&'t Field, &'t Struct)> {
    if outer.fields.len() > 3 || outer.fields.iter().any(|f| matches!(f.ty, Ty::Vec(_))) {
        return None;
    }
    let mut pages = outer
        .fields
        .iter()
        .filter_map(|f| as_struct(types, &f.ty).map(|(_, inner)| (f, inner)))
        .filter(|(_, inner)| items_of(inner).is_some());
    let only = pages.next()?;
    pages.next().is_none().then_some(only)
}

/// Stripe: a boolean `has_more`, a `starting_after` parameter and items
/// with a text `id`.
fn stripe_style(types: &Types, page: &Struct, item: &Ty, params: &[Param]) -> Option<(String, (FieldPath, FieldPath))> {
    let param = query_param(params, &["startingafter"])?;
    let has_more = page
        .fields
        .iter()
        .find(|f| plain(&f.name.wire) == "hasmore" && f.ty == Ty::Bool)?;
    let (_, item) = as_struct(types, item)?;
    let id = item
        .fields
        .iter()
        .find(|f| f.name.wire == "id" && is_text(types, &f.ty))?;
    let paths = (FieldPath(vec![step(has_more)]), FieldPath(vec![step(id)]));
    Some((param.name.wire.clone(), paths))
}

/// `x-pagination: {style, param, field, items}`: the spec says how it pages.
fn overridden(types: &Types, signals: &ListSignals, extension: &Value) -> Result<Detected, String> {
    let text = |key: &str| extension.get(key).and_then(Value::as_str);
    let style = text("style").ok_or("`style` is required: link, link-header, cursor, offset or page")?;
    let param = || -> Result<String, String> {
        let name = text("param").ok_or(format!("style `{style}` needs `param`, the query parameter"))?;
        let found = signals
            .params
            .iter()
            .find(|p| p.location == Location::Query && p.name.wire == name);
        found
            .map(|p| p.name.wire.clone())
            .ok_or(format!("`param` `{name}` is no query parameter of the operation"))
    };
    let paging = match style {
        "link" => Paging::Link,
        "link-header" => Paging::LinkHeader,
        "cursor" => Paging::Cursor(param()?),
        "offset" => Paging::Offset(param()?),
        "page" => {
            let first = extension.get("first").and_then(Value::as_i64).unwrap_or(1);
            Paging::PageNumber(param()?, first)
        }
        other => {
            return Err(format!(
                "unknown `style` `{other}`: link, link-header, cursor, offset or page"
            ))
        }
    };
    let Some((id, page)) = as_struct(types, signals.ty) else {
        return match (signals.ty, &paging) {
            (Ty::Vec(_), Paging::LinkHeader | Paging::Offset(_) | Paging::PageNumber(..)) => {
                Ok(Detected { paging, shape: None })
            }
            _ => Err(format!(
                "style `{style}` needs an object response with the items in an array"
            )),
        };
    };
    let items = match text("items") {
        Some(name) => page
            .fields
            .iter()
            .find(|f| f.name.wire == name && matches!(f.ty, Ty::Vec(_))),
        None => items_of(page),
    };
    let items = items.ok_or("no array of items found in the response: name it with `items`")?;
    let mut shape = items_shape(items, None).ok_or("the items are not an array")?;
    if matches!(paging, Paging::Link | Paging::Cursor(_)) {
        let field = text("field").ok_or(format!("style `{style}` needs `field`: the response field, dotted"))?;
        let path =
            field_path(types, page, field).ok_or(format!("`field` `{field}` is no text field of the response"))?;
        match paging {
            Paging::Link => shape.link = Some(path),
            _ => shape.cursor = Some(path),
        }
    }
    Ok(Detected {
        paging,
        shape: Some((id, shape)),
    })
}

/// `response_metadata.next_cursor` → the fields to follow, ending in text.
fn field_path(types: &Types, page: &Struct, dotted: &str) -> Option<FieldPath> {
    let mut path = Vec::new();
    let mut current = page;
    let mut wires = dotted.split('.').peekable();
    while let Some(wire) = wires.next() {
        let field = current.fields.iter().find(|f| f.name.wire == wire)?;
        path.push(step(field));
        if wires.peek().is_none() {
            return is_text(types, &field.ty).then_some(FieldPath(path));
        }
        current = as_struct(types, &field.ty)?.1;
    }
    None
}

/// How many list-like operations of `domains` page, by style.
pub fn coverage(domains: &[crate::ir::Domain], types: &Types) -> crate::error::PagingCoverage {
    use crate::ir::{HttpMethod, Response};
    let mut coverage = crate::error::PagingCoverage::default();
    for op in domains.iter().flat_map(|d| &d.operations) {
        let list_like = match &op.response {
            Response::Page(_) => true,
            Response::Json(Ty::Vec(_)) => true,
            Response::Json(ty) => as_struct(types, ty).is_some_and(|(_, s)| items_of(s).is_some()),
            _ => false,
        };
        if op.method != HttpMethod::Get || !list_like {
            continue;
        }
        coverage.list_like += 1;
        if let Some(paging) = &op.paging {
            *coverage.by_style.entry(paging.label()).or_default() += 1;
        }
    }
    coverage
}

#[cfg(test)]
mod tests {
    use super::plain;
    use crate::{load, Error, Packaging};

    #[test]
    fn a_wrong_x_pagination_is_an_error_at_its_pointer() {
        let spec = r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /events:
    get:
      operationId: listEvents
      x-pagination: {style: cursor, param: after, field: paging.last}
      parameters: [{name: after_id, in: query, schema: {type: string}}]
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {type: object, properties: {events: {type: array, items: {type: string}}}}
"#;
        let specs = load::load_documents(&[("t.yaml".into(), spec.into())]).expect("loads");
        let Err(Error::Spec(errors)) = crate::generate_from_reported(&specs, &Packaging::new("t", true)) else {
            panic!("a wrong x-pagination is refused");
        };
        assert_eq!(errors[0].pointer, "/paths/~1events/get/x-pagination");
        assert!(
            errors[0].message.contains("`param` `after` is no query parameter"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn names_compare_without_case_or_separators() {
        assert_eq!(plain("next_page_url"), "nextpageurl");
        assert_eq!(plain("@odata.nextLink"), "odatanextlink");
        assert_eq!(plain("response_metadata"), "responsemetadata");
        assert_eq!(plain("PageToken"), "pagetoken");
    }
}
