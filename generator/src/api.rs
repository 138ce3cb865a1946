//! The public API of a generated crate, as plain lines made from the IR:
//! one sorted line per public item with its signature (`API.txt` in every
//! generated crate). `diff` compares two listings. Each line is
//! `KIND PATH SIGNATURE`; `KIND PATH` identifies the item.

use std::collections::BTreeSet;

use crate::ir::{
    Api, BodyKind, ErrorBody, Gate, Operation, Paging, Success, Ty, TypeDef, TypeKind,
};
use crate::names::unraw;

/// The file the listing is written to in every generated crate.
pub const API_TXT: &str = "API.txt";

/// The listing: sorted lines, each ending in a newline.
pub fn listing(api: &Api) -> String {
    let mut lines = BTreeSet::new();
    for f in &api.features {
        lines.insert(format!("feature {}", f.name));
    }
    for c in &api.client_params {
        lines.insert(format!("fn ClientBuilder::{}(String)", unraw(&c.name)));
    }
    for c in &api.credentials {
        let args = vec!["String"; c.kind.setter_examples().len()].join(", ");
        lines.insert(format!("fn ClientBuilder::{}({args})", unraw(&c.name)));
    }
    for op in &api.operations {
        operation(api, op, &mut lines);
    }
    for def in &api.types {
        type_def(api, def, &mut lines);
    }
    let mut out = String::new();
    out.push_str("# The public API: one line per item, `KIND PATH SIGNATURE`, sorted.\n\n");
    for line in lines {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// A type as written in the API.
pub fn ty(api: &Api, t: &Ty) -> String {
    match t {
        Ty::String => "String".into(),
        Ty::Bool => "bool".into(),
        Ty::I32 => "i32".into(),
        Ty::I64 => "i64".into(),
        Ty::F32 => "f32".into(),
        Ty::F64 => "f64".into(),
        Ty::DateTime => "DateTime<FixedOffset>".into(),
        Ty::Date => "NaiveDate".into(),
        Ty::Base64 => "Base64Data".into(),
        Ty::Bytes => "Vec<u8>".into(),
        Ty::Json => "serde_json::Value".into(),
        Ty::Named(id) => format!("types::{}", unraw(api.type_name(*id))),
        Ty::Vec(inner) => format!("Vec<{}>", ty(api, inner)),
        Ty::Map(inner) => format!("BTreeMap<String, {}>", ty(api, inner)),
        Ty::Option(inner) => format!("Option<{}>", ty(api, inner)),
        Ty::Boxed(inner) => format!("Box<{}>", ty(api, inner)),
    }
}

/// ` [features: a, b]` for a gated item.
fn gate(api: &Api, g: &Gate) -> String {
    match g {
        Gate::Always => String::new(),
        Gate::Any(fs) => {
            let names: Vec<&str> = fs
                .iter()
                .filter_map(|&f| api.features.get(f).map(|f| f.name.as_str()))
                .collect();
            format!(" [features: {}]", names.join(", "))
        }
    }
}

fn body(api: &Api, b: &BodyKind) -> String {
    match b {
        BodyKind::Json(t) => ty(api, t),
        BodyKind::Text => "String".into(),
        BodyKind::Bytes => "Vec<u8>".into(),
        BodyKind::Empty => "()".into(),
    }
}

fn operation(api: &Api, op: &Operation, lines: &mut BTreeSet<String>) {
    let g = gate(api, &op.gate);
    let builder = format!("builders::{}", unraw(&op.builder_name));
    let mut args: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| param_ty(api, p.file, &p.ty))
        .collect();
    if let Some(b) = op.body.as_ref().filter(|b| b.required) {
        args.push(ty(api, &b.ty));
    }
    lines.insert(format!(
        "fn Client::{}({}) -> {builder}{g}",
        unraw(&op.method_name),
        args.join(", ")
    ));
    for p in op.params.iter().filter(|p| !p.required) {
        lines.insert(format!(
            "fn {builder}::{}({}){g}",
            unraw(&p.name),
            param_ty(api, p.file, &p.ty)
        ));
    }
    if let Some(b) = op.body.as_ref().filter(|b| !b.required) {
        lines.insert(format!(
            "fn {builder}::{}({}){g}",
            unraw(&b.name),
            ty(api, &b.ty)
        ));
    }
    let ok = match &op.success {
        Success::Single(b) => body(api, b),
        Success::Outcomes(id) => format!("types::{}", unraw(api.type_name(*id))),
    };
    let err = match &op.error {
        ErrorBody::Json(t) => ty(api, t),
        ErrorBody::Outcomes(id) => format!("types::{}", unraw(api.type_name(*id))),
    };
    lines.insert(format!(
        "fn {builder}::send() -> Result<{ok}, Error<{err}>>{g}"
    ));
    if let Some(p) = &op.paging {
        let item = ty(
            api,
            match p {
                Paging::Offset(o) => &o.item_ty,
                Paging::Token(t) => &t.item_ty,
            },
        );
        lines.insert(format!(
            "fn {builder}::stream() -> Stream<Result<{item}, Error<{err}>>>{g}"
        ));
    }
    if op.long_running.is_some() {
        lines.insert(format!(
            "fn {builder}::wait() -> Result<{ok}, Error<{err}>>{g}"
        ));
    }
}

fn param_ty(api: &Api, file: bool, t: &Ty) -> String {
    if file { "FilePart".into() } else { ty(api, t) }
}

fn type_def(api: &Api, def: &TypeDef, lines: &mut BTreeSet<String>) {
    let g = gate(api, &def.gate);
    let path = format!("types::{}", unraw(&def.name));
    match &def.kind {
        TypeKind::Struct(s) => {
            let exhaustive = if s.grows() { "" } else { " (exhaustive)" };
            lines.insert(format!("struct {path}{exhaustive}{g}"));
            for f in &s.fields {
                lines.insert(format!(
                    "field {path}::{}: {}{g}",
                    unraw(&f.name),
                    ty(api, &f.ty)
                ));
            }
            if let Some(t) = &s.additional {
                lines.insert(format!(
                    "field {path}::additional_properties: BTreeMap<String, {}>{g}",
                    ty(api, t)
                ));
            }
            if let Some(required) = s.constructor() {
                let args: Vec<String> = required.iter().map(|f| ty(api, &f.ty)).collect();
                lines.insert(format!("fn {path}::new({}){g}", args.join(", ")));
            }
        }
        TypeKind::Enum(e) => {
            lines.insert(format!("enum {path}{g}"));
            for v in &e.variants {
                lines.insert(format!(
                    "variant {path}::{} = {:?}{g}",
                    unraw(&v.name),
                    v.wire
                ));
            }
            lines.insert(format!("variant {path}::{}(String){g}", unraw(&e.other)));
        }
        TypeKind::Tagged(t) => {
            lines.insert(format!("enum {path} (tag {:?}){g}", t.tag));
            for v in &t.variants {
                lines.insert(format!(
                    "variant {path}::{}({}) = {:?}{g}",
                    unraw(&v.name),
                    ty(api, &v.ty),
                    v.wire
                ));
            }
        }
        TypeKind::Untagged(variants) => {
            lines.insert(format!("enum {path} (untagged){g}"));
            for v in variants {
                lines.insert(format!(
                    "variant {path}::{}({}){g}",
                    unraw(&v.name),
                    ty(api, &v.ty)
                ));
            }
        }
        TypeKind::Outcomes(o) => {
            lines.insert(format!("enum {path}{g}"));
            for v in &o.outcomes {
                let payload = match &v.body {
                    BodyKind::Empty => String::new(),
                    other => format!("({})", body(api, other)),
                };
                lines.insert(format!("variant {path}::{}{payload}{g}", unraw(&v.name)));
            }
        }
        TypeKind::Alias(t) => {
            lines.insert(format!("type {path} = {}{g}", ty(api, t)));
        }
    }
}
