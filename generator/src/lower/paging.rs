//! Paging vocabularies -> `ir::Paging`: `x-swaggen-paging` (styles
//! `offset`, `next-link` and `cursor`) and Azure's `x-ms-pageable`. Each
//! is checked against the lowered operation and its response type; a
//! description that does not fit gets a warning and no stream.

use serde_json::Value;

use super::{Cx, schema};
use crate::diag::pointer_join;
use crate::ir::{
    BodyKind, NextToken, OffsetPaging, Operation, Paging, ParamIn, Struct, Success, TokenPaging,
    Ty, TypeKind,
};
use crate::spec;

/// The help of a malformed `x-swaggen-paging`.
const SWAGGEN_HELP: &str = "x-swaggen-paging takes `style: offset` (offset: PARAM, count: PARAM, items: FIELD, optionally total: FIELD and max-window: N), `style: next-link` (items: FIELD or none for an array body, and next: FIELD or next-header: Link) or `style: cursor` (items: FIELD, cursor: FIELD, param: PARAM)";

/// The help of a malformed `x-ms-pageable`.
const AZURE_HELP: &str = "x-ms-pageable takes nextLinkName (a response property holding the next page's URL, or null) and itemName (the array property, `value` by default)";

/// The paging an operation describes, if any (`x-swaggen-paging` wins
/// over `x-ms-pageable`).
pub(super) fn lower(
    lowered: &Operation,
    op: &spec::Operation,
    ptr: &str,
    cx: &mut Cx<'_>,
) -> Option<Paging> {
    let types = &cx.types;
    let (name, help, result) = if let Some(ext) = &op.x_swaggen_paging {
        let style = ext.get("style").and_then(Value::as_str);
        let result = match style {
            Some("offset") | None => offset_paging(lowered, ext, types).map(Paging::Offset),
            Some("next-link") => next_link_paging(lowered, ext, types).map(Paging::Token),
            Some("cursor") => cursor_paging(lowered, ext, types).map(Paging::Token),
            Some(other) => Err(format!(
                "has style `{other}`; swaggen knows `offset`, `next-link` and `cursor`"
            )),
        };
        ("x-swaggen-paging", SWAGGEN_HELP, result)
    } else if let Some(ext) = &op.x_ms_pageable {
        (
            "x-ms-pageable",
            AZURE_HELP,
            ms_pageable(lowered, ext, types).map(Paging::Token),
        )
    } else {
        return None;
    };
    match result {
        Ok(paging) => Some(paging),
        Err(message) => {
            cx.diags.warn_help(
                "S0701",
                &pointer_join(ptr, name),
                format!("`{name}` {message}; swaggen generates no stream for this operation"),
                help,
            );
            None
        }
    }
}

/// The struct of the operation's JSON success response.
fn response_struct<'s>(op: &Operation, types: &'s schema::Types) -> Result<&'s Struct, String> {
    let Success::Single(BodyKind::Json(Ty::Named(response))) = &op.success else {
        return Err("needs the operation's success response to be a JSON object schema".to_owned());
    };
    match types.kind(*response) {
        TypeKind::Struct(s) => Ok(s),
        _ => Err(format!(
            "needs `{}` to be an object with properties",
            types.name(*response)
        )),
    }
}

/// The array field `wire` of `s`: its Rust name, item type, and whether
/// it is an `Option`.
fn items_of(s: &Struct, wire: &str, key: &str) -> Result<(String, Ty, bool), String> {
    let field = s.fields.iter().find(|f| f.wire == wire).ok_or_else(|| {
        format!("names `{wire}` as `{key}`, but the response has no such property")
    })?;
    match &field.ty {
        Ty::Vec(t) => Ok((field.name.clone(), (**t).clone(), false)),
        Ty::Option(inner) => match &**inner {
            Ty::Vec(t) => Ok((field.name.clone(), (**t).clone(), true)),
            _ => Err(format!("names `{wire}` as `{key}`, but it is not an array")),
        },
        _ => Err(format!("names `{wire}` as `{key}`, but it is not an array")),
    }
}

/// The string field `wire` of `s`: its Rust name, and whether it is an
/// `Option`.
fn string_field(s: &Struct, wire: &str, key: &str) -> Result<(String, bool), String> {
    let field = s.fields.iter().find(|f| f.wire == wire).ok_or_else(|| {
        format!("names `{wire}` as `{key}`, but the response has no such property")
    })?;
    match &field.ty {
        Ty::String => Ok((field.name.clone(), false)),
        Ty::Option(inner) if **inner == Ty::String => Ok((field.name.clone(), true)),
        _ => Err(format!("names `{wire}` as `{key}`, but it is not a string")),
    }
}

/// `style: next-link`: items in a field (or the array body), the next
/// page's link in a field or in the `Link` header.
fn next_link_paging(
    op: &Operation,
    ext: &Value,
    types: &schema::Types,
) -> Result<TokenPaging, String> {
    let text = |key: &str| ext.get(key).and_then(Value::as_str);
    let header = match text("next-header") {
        Some(h) if h.eq_ignore_ascii_case("link") => true,
        Some(h) => {
            return Err(format!(
                "has `next-header: {h}`; only the RFC 8288 `Link` header is understood"
            ));
        }
        None => false,
    };
    if header && text("next").is_some() {
        return Err("has both `next` and `next-header`; give one".to_owned());
    }
    let (items_field, item_ty, items_optional) = match text("items") {
        None => match &op.success {
            Success::Single(BodyKind::Json(Ty::Vec(item))) => (None, (**item).clone(), false),
            _ => {
                return Err("has no `items`, but the success response is not an array".to_owned());
            }
        },
        Some(wire) => {
            let (field, ty, optional) = items_of(response_struct(op, types)?, wire, "items")?;
            (Some(field), ty, optional)
        }
    };
    let next = if header {
        NextToken::LinkHeader
    } else {
        let wire =
            text("next").ok_or("needs `next` (a response property) or `next-header: Link`")?;
        let (field, optional) = string_field(response_struct(op, types)?, wire, "next")?;
        NextToken::LinkField { field, optional }
    };
    Ok(TokenPaging {
        items_field,
        items_optional,
        item_ty,
        next,
    })
}

/// `style: cursor`: items and a cursor in response fields; the cursor is
/// sent back as a string parameter.
fn cursor_paging(
    op: &Operation,
    ext: &Value,
    types: &schema::Types,
) -> Result<TokenPaging, String> {
    let text = |key: &str| ext.get(key).and_then(Value::as_str);
    let s = response_struct(op, types)?;
    let items_wire =
        text("items").ok_or("needs `items` naming the response property with the items")?;
    let (items_field, item_ty, items_optional) = items_of(s, items_wire, "items")?;
    let cursor_wire =
        text("cursor").ok_or("needs `cursor` naming the response property with the next cursor")?;
    let (field, optional) = string_field(s, cursor_wire, "cursor")?;
    let param_wire =
        text("param").ok_or("needs `param` naming the parameter the cursor is sent as")?;
    let param = op
        .params
        .iter()
        .position(|p| p.wire == param_wire && matches!(p.location, ParamIn::Query | ParamIn::Header))
        .ok_or_else(|| format!("names `{param_wire}` as `param`, but the operation has no such query or header parameter"))?;
    if op.params[param].ty != Ty::String {
        return Err(format!(
            "names `{param_wire}` as `param`, but it is not a string parameter"
        ));
    }
    Ok(TokenPaging {
        items_field: Some(items_field),
        items_optional,
        item_ty,
        next: NextToken::Cursor {
            field,
            optional,
            param,
        },
    })
}

/// Azure's `x-ms-pageable`: `itemName` (default `value`) holds the items,
/// `nextLinkName` the next page's URL (`null`: the list comes in one
/// response). `operationName` names AutoRest's next-page method and has
/// no use here.
fn ms_pageable(op: &Operation, ext: &Value, types: &schema::Types) -> Result<TokenPaging, String> {
    if !ext.is_object() {
        return Err("is not an object".to_owned());
    }
    let s = response_struct(op, types)?;
    let item_wire = match ext.get("itemName") {
        None | Some(Value::Null) => "value",
        Some(Value::String(name)) => name.as_str(),
        Some(_) => return Err("has an `itemName` that is not a string".to_owned()),
    };
    let (items_field, item_ty, items_optional) = items_of(s, item_wire, "itemName")?;
    let next = match ext.get("nextLinkName") {
        None | Some(Value::Null) => NextToken::None,
        Some(Value::String(wire)) => {
            let (field, optional) = string_field(s, wire, "nextLinkName")?;
            NextToken::LinkField { field, optional }
        }
        Some(_) => return Err("has a `nextLinkName` that is not a string or null".to_owned()),
    };
    Ok(TokenPaging {
        items_field: Some(items_field),
        items_optional,
        item_ty,
        next,
    })
}

/// Reads `x-swaggen-paging` (offset style) against the lowered operation.
fn offset_paging(
    op: &Operation,
    ext: &Value,
    types: &schema::Types,
) -> Result<OffsetPaging, String> {
    let text = |key: &str| ext.get(key).and_then(Value::as_str);
    let integer_param = |key: &str| -> Result<usize, String> {
        let wire = text(key).ok_or_else(|| format!("needs `{key}` naming a query parameter"))?;
        let index = op
            .params
            .iter()
            .position(|p| p.wire == wire && p.location == ParamIn::Query)
            .ok_or_else(|| {
                format!("names `{wire}` as `{key}`, but the operation has no such query parameter")
            })?;
        match op.params[index].ty {
            Ty::I32 | Ty::I64 => Ok(index),
            _ => Err(format!(
                "names `{wire}` as `{key}`, but it is not an integer parameter"
            )),
        }
    };
    let offset = integer_param("offset")?;
    let count = integer_param("count")?;
    let s = response_struct(op, types)?;
    let items_wire =
        text("items").ok_or("needs `items` naming the response property with the items")?;
    let (items_field, item_ty, items_optional) = items_of(s, items_wire, "items")?;
    let (total_field, total_optional, total_ty) = match text("total") {
        None => (None, false, Ty::I64),
        Some(wire) => {
            let f = s.fields.iter().find(|f| f.wire == wire).ok_or_else(|| {
                format!("names `{wire}` as `total`, but the response has no such property")
            })?;
            match &f.ty {
                Ty::I32 | Ty::I64 => (Some(f.name.clone()), false, f.ty.clone()),
                Ty::Option(inner) if matches!(**inner, Ty::I32 | Ty::I64) => {
                    (Some(f.name.clone()), true, (**inner).clone())
                }
                _ => {
                    return Err(format!(
                        "names `{wire}` as `total`, but it is not an integer"
                    ));
                }
            }
        }
    };
    let max_window = match ext.get("max-window") {
        None => None,
        Some(v) => Some(
            v.as_i64()
                .filter(|n| *n > 0)
                .ok_or("has a `max-window` that is not a positive integer")?,
        ),
    };
    Ok(OffsetPaging {
        offset,
        count,
        items_field,
        item_ty,
        items_optional,
        total_field,
        total_optional,
        total_ty,
        max_window,
    })
}
