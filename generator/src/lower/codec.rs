//! How values travel, decided once for every emitter: the serde codec of a
//! field (through `Option`, `Vec` and maps) and what a setter accepts.

use crate::ir::{Codec, DateTimeWire, Input, Ty, TypeKind, Types};

/// The codec of a field of type `ty` (`Option<ty>` when `optional`), or
/// `None` when serde's own behaviour fits.
///
/// Values the server sends are decoded leniently: numbers, integers and
/// booleans may arrive as strings, and an optional value sent as `""` is
/// absent (Twilio sends `""` for unset SIDs).
pub fn field_codec(ty: &Ty, optional: bool, types: &Types) -> Option<Codec> {
    let inner = value_codec(ty);
    let validated = matches!(ty, Ty::Named(id) if matches!(types.definition(*id).kind, TypeKind::Validated(_)));
    match (optional, inner) {
        (true, Some(inner)) => Some(Codec::EmptyAsNone(Box::new(inner))),
        (true, None) if validated => Some(Codec::EmptyAsNone(Box::new(Codec::Same))),
        (_, inner) => inner,
    }
}

/// The codec a whole JSON body of type `ty` is decoded and written with,
/// `None` when serde's own fits: a date or date-time, alone or in lists and
/// maps (GitHub's `meta/get-all-versions` answers a list of dates), which
/// has no serde without a codec.
pub(crate) fn body_codec(ty: &Ty) -> Option<Codec> {
    fn has_date(ty: &Ty) -> bool {
        match ty {
            Ty::Date | Ty::DateTime(_) => true,
            Ty::Vec(item) | Ty::Map(item) => has_date(item),
            _ => false,
        }
    }
    has_date(ty).then(|| value_codec(ty)).flatten()
}

/// The codec of a value inside a field, `None` when serde's own fits.
fn value_codec(ty: &Ty) -> Option<Codec> {
    match ty {
        Ty::Date => Some(Codec::IsoDate),
        Ty::DateTime(DateTimeWire::Rfc3339) => Some(Codec::Rfc3339),
        Ty::DateTime(DateTimeWire::Rfc2822) => Some(Codec::Rfc2822),
        Ty::F64 => Some(Codec::LenientNumber),
        Ty::I32 | Ty::I64 => Some(Codec::LenientInt),
        Ty::Bool => Some(Codec::LenientBool),
        Ty::Vec(item) => value_codec(item).map(|c| Codec::Vec(Box::new(c))),
        Ty::Map(value) => value_codec(value).map(|c| Codec::Map(Box::new(c))),
        Ty::String | Ty::Json | Ty::Named(_) => None,
    }
}

/// What a setter of a query, header, path or form value of type `ty` takes.
/// Objects travel as their JSON text, so they are taken as JSON.
pub fn input(ty: &Ty, types: &Types) -> Input {
    match ty {
        Ty::String => Input::IntoString,
        Ty::Map(_) => Input::Json,
        Ty::Named(id) if matches!(types.definition(*id).kind, TypeKind::Struct(_) | TypeKind::Union(_)) => Input::Json,
        Ty::Named(id) if matches!(types.definition(*id).kind, TypeKind::Validated(_)) => {
            Input::IntoValidated(ty.clone())
        }
        Ty::Vec(item) => Input::List(Box::new(match input(item, types) {
            // A list takes the values themselves: `impl Into` does not compose through iterators.
            Input::IntoValidated(ty) => Input::Typed(ty),
            other => other,
        })),
        other => Input::Typed(other.clone()),
    }
}
