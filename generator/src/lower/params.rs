//! Parameters: path-level and operation-level merged, simple types, and
//! the path template split into literal and parameter parts.

use super::resolve;
use super::*;

/// A parameter after `$ref` resolution, with its pointer.
pub(super) struct RawParam<'a> {
    pub(super) param: &'a spec::Parameter,
    pub(super) ptr: String,
}

/// Path-level parameters merged with the operation's (the operation wins),
/// with `$ref`s resolved.
pub(super) fn merged_params<'a>(
    cx: &mut Cx<'a>,
    item: &'a spec::PathItem,
    op: &'a spec::Operation,
    path_ptr: &str,
    op_ptr: &str,
) -> Vec<RawParam<'a>> {
    let mut out: Vec<RawParam<'a>> = Vec::new();
    let resolve = |cx: &mut Cx<'a>, p: &'a spec::Parameter, ptr: String| -> Option<RawParam<'a>> {
        match &p.reference {
            Some(r) => resolve::parameter(cx, r, &ptr, "swaggen skips the parameter")
                .map(|(param, ptr)| RawParam { param, ptr }),
            None => Some(RawParam { param: p, ptr }),
        }
    };
    for (i, p) in item.parameters.iter().enumerate() {
        let ptr = pointer_join(&pointer_join(path_ptr, "parameters"), &i.to_string());
        if let Some(rp) = resolve(cx, p, ptr) {
            out.push(rp);
        }
    }
    for (i, p) in op.parameters.iter().enumerate() {
        let ptr = pointer_join(&pointer_join(op_ptr, "parameters"), &i.to_string());
        if let Some(rp) = resolve(cx, p, ptr) {
            let key = (rp.param.name.clone(), rp.param.location.clone());
            if let Some(pos) = out
                .iter()
                .position(|o| (o.param.name.clone(), o.param.location.clone()) == key)
            {
                out[pos] = rp;
            } else {
                out.push(rp);
            }
        }
    }
    out
}

/// The type of a non-body parameter (or array items). Returns the type and
/// whether it is a file.
pub(super) fn simple_type(
    cx: &mut Cx<'_>,
    st: &spec::SimpleType,
    ptr: &str,
    place: Place<'_>,
    wire: &str,
    depth: usize,
) -> (Ty, bool) {
    if depth > 16 {
        cx.diags.error_help(
            "S0005",
            ptr,
            "parameter `items` nest too deeply",
            "use fewer levels of nested arrays",
        );
        return (Ty::String, false);
    }
    let type_name = match st.type_.as_deref() {
        Some(Value::String(s)) => s.as_str(),
        None if st.reference.is_some() => {
            cx.diags.warn_help(
                "S0202",
                ptr,
                format!(
                    "parameter `{wire}` uses `$ref` for its type; swaggen treats it as a string"
                ),
                "give the parameter a `type` (non-body parameters take simple types)",
            );
            return (Ty::String, false);
        }
        None => {
            cx.diags.warn_help(
                "S0201",
                ptr,
                format!("parameter `{wire}` has no `type`; swaggen treats it as a string"),
                "add `type` (and `format`) to the parameter, in the spec or with an overlay (`swaggen generate --overlay`)",
            );
            return (Ty::String, false);
        }
        Some(other) => {
            cx.diags.warn_help(
                "S0202",
                &pointer_join(ptr, "type"),
                format!("parameter `{wire}` has type {other}; swaggen treats it as a string"),
                "use one of `string`, `integer`, `number`, `boolean`, `array`, `file`",
            );
            return (Ty::String, false);
        }
    };
    let format = st.format.as_deref().and_then(Value::as_str);
    if type_name == "array" {
        let item_ptr = pointer_join(ptr, "items");
        let item = match &st.items {
            Some(items) => {
                simple_type(
                    cx,
                    items,
                    &item_ptr,
                    Place::Suffixed(&place, "Item"),
                    wire,
                    depth + 1,
                )
                .0
            }
            None => {
                cx.diags.warn_help(
                    "S0202",
                    ptr,
                    format!("array parameter `{wire}` has no `items`; swaggen uses strings"),
                    "add `items`",
                );
                Ty::String
            }
        };
        return (Ty::Vec(Box::new(item)), false);
    }
    if type_name == "string"
        && st
            .enum_
            .as_deref()
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
    {
        let schema = spec::Schema {
            type_: Some(Box::new(Value::String("string".to_owned()))),
            enum_: st.enum_.clone(),
            x_ms_enum: st.x_ms_enum.clone(),
            ..Default::default()
        };
        let ty = cx.lower(&schema, ptr, place, depth);
        if ty != Ty::String && ty != Ty::Json {
            return (ty, false);
        }
    }
    match primitive(type_name, format) {
        Some(Ty::Base64) => (Ty::String, false),
        // Binary text outside a file upload is sent as it is.
        Some(Ty::Bytes) if type_name != "file" => (Ty::String, false),
        Some(ty) => (ty.clone(), type_name == "file"),
        None => {
            cx.diags.warn_help(
                "S0202",
                &pointer_join(ptr, "type"),
                format!("parameter `{wire}` has unknown type `{type_name}`; swaggen treats it as a string"),
                "use one of `string`, `integer`, `number`, `boolean`, `array`, `file`",
            );
            (Ty::String, false)
        }
    }
}

/// Splits `/a/{b}/c.{fmt}` into literal and parameter parts. Declared path
/// parameters missing from the template are dropped; template names with no
/// declaration get a string parameter; both with a warning.
pub(super) fn split_path(
    cx: &mut Cx<'_>,
    template: &str,
    params: &mut Vec<Param>,
    client: &[ClientParam],
    scope: &mut Scope,
    ptr: &str,
) -> Vec<PathPart> {
    let mut in_template: Vec<&str> = Vec::new();
    let mut rest = template;
    while let (Some(open), Some(close)) = (rest.find('{'), rest.find('}')) {
        if close < open {
            rest = &rest[close + 1..];
            continue;
        }
        in_template.push(&rest[open + 1..close]);
        rest = &rest[close + 1..];
    }
    params.retain(|p| {
        let keep = p.location != ParamIn::Path || in_template.contains(&p.wire.as_str());
        if !keep {
            cx.diags.warn_help(
                "S0203",
                ptr,
                format!(
                    "path parameter `{}` is not in the path template; swaggen leaves it out",
                    p.wire
                ),
                "add it to the path or change `in`",
            );
        }
        keep
    });
    let client_path = |wire: &str| {
        client
            .iter()
            .position(|c| c.location == ParamIn::Path && c.wire == wire)
    };
    for wire in &in_template {
        if !params
            .iter()
            .any(|p| p.location == ParamIn::Path && p.wire == *wire)
            && client_path(wire).is_none()
        {
            cx.diags.warn_help(
                "S0203",
                ptr,
                format!("the path has `{{{wire}}}` but no path parameter `{wire}`; swaggen adds a string parameter"),
                "declare the parameter with `in: path`",
            );
            params.push(Param {
                name: scope.claim(&names::snake(wire)),
                wire: (*wire).to_owned(),
                location: ParamIn::Path,
                ty: Ty::String,
                required: true,
                collection: CollectionFormat::Csv,
                docs: None,
                file: false,
                default: None,
                raw_path: false,
                secret: names::looks_secret(wire),
            });
        }
    }
    // Required arguments: path parameters first, in template order, then
    // the others in spec order (a stable sort).
    params.sort_by_key(|p| match p.location {
        ParamIn::Path => (0, in_template.iter().position(|w| *w == p.wire)),
        _ => (1, None),
    });
    let mut parts = Vec::new();
    for (seg_index, segment) in template.split('/').enumerate() {
        if seg_index > 0 {
            push_literal(&mut parts, "/");
        }
        let mut rest = segment;
        while !rest.is_empty() {
            match (rest.find('{'), rest.find('}')) {
                (Some(open), Some(close)) if close > open => {
                    push_literal(&mut parts, &encode_literal(&rest[..open]));
                    let wire = &rest[open + 1..close];
                    let whole = open == 0 && close + 1 == rest.len() && rest.len() == segment.len();
                    if let Some(index) = params
                        .iter()
                        .position(|p| p.location == ParamIn::Path && p.wire == wire)
                    {
                        parts.push(PathPart::Param { index, whole });
                    } else if let Some(index) = client_path(wire) {
                        parts.push(PathPart::Client { index, whole });
                    }
                    rest = &rest[close + 1..];
                }
                _ => {
                    push_literal(&mut parts, &encode_literal(rest));
                    rest = "";
                }
            }
        }
    }
    parts
}

pub(super) fn push_literal(parts: &mut Vec<PathPart>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(PathPart::Literal(prev)) = parts.last_mut() {
        prev.push_str(text);
    } else {
        parts.push(PathPart::Literal(text.to_owned()));
    }
}

/// Percent-encodes characters that may not stand in a URL path.
pub(super) fn encode_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@%".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}
