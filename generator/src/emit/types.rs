//! Models: structs, enums, aliases and unions from `ir::TypeDef`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc_attrs, doc_lines};
use super::{ident, ty};
use crate::ir::{
    Api, BodyKind, Enum, EnumRepr, Outcomes, Struct, Tagged, Ty, TypeDef, TypeKind, Variant,
};

fn type_docs(def: &TypeDef) -> TokenStream {
    match def.docs.as_deref().filter(|d| super::docs::has_text(d)) {
        Some(d) => doc_attrs(Some(d)),
        None => doc_lines(&def.about),
    }
}

/// The items of one type that is not a model macro (see [`model_text`]).
pub fn emit_type(api: &Api, def: &TypeDef) -> TokenStream {
    let docs = type_docs(def);
    let name = ident(&def.name);
    match &def.kind {
        // Laid out as text by `model_text`.
        TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Outcomes(_) => TokenStream::new(),
        TypeKind::Alias(t) => {
            let t = ty(api, t);
            quote! {
                #docs
                pub type #name = #t;
            }
        }
        TypeKind::Tagged(t) => emit_tagged(api, &docs, &name, t),
        TypeKind::Untagged(v) => emit_untagged(api, &docs, &name, v),
    }
}

/// A struct or an enum of values as an invocation of the runtime's model
/// macros, laid out here: prettyplease would print a macro's body as a
/// few long lines; an outcome enum as plain text. `None` for the other
/// kinds (aliases and unions), which go through tokens.
pub fn model_text(api: &Api, def: &TypeDef, cfg: Option<&str>) -> Option<String> {
    let mut out = String::new();
    out.push_str(cfg.unwrap_or_default());
    let docs = |out: &mut String| match def.docs.as_deref().filter(|d| super::docs::has_text(d)) {
        Some(d) => super::docs::spec_comment_lines(Some(d), "    ", out),
        None => super::docs::comment_lines(&def.about, "    ", out),
    };
    match &def.kind {
        TypeKind::Struct(s) => {
            out.push_str("crate::__swaggen_model! {\n");
            docs(&mut out);
            struct_text(api, &def.name, s, &mut out);
        }
        TypeKind::Enum(e) => {
            out.push_str(match e.repr {
                EnumRepr::String => "crate::__swaggen_string_enum! {\n",
                EnumRepr::Integer => "crate::__swaggen_integer_enum! {\n",
            });
            docs(&mut out);
            enum_text(&def.name, e, &mut out);
        }
        TypeKind::Outcomes(o) => return Some(outcomes_text(api, &def.name, o, cfg)),
        TypeKind::Alias(_) | TypeKind::Tagged(_) | TypeKind::Untagged(_) => return None,
    }
    out.push_str("}\n");
    Some(out)
}

/// An enum of an operation's outcomes by status, laid out as text; an
/// enum of error bodies all JSON also gets `decode` (the status and body
/// to the variant).
fn outcomes_text(api: &Api, name: &str, o: &Outcomes, cfg: Option<&str>) -> String {
    let mut out = String::new();
    let what = if o.error {
        "The error bodies"
    } else {
        "The successful outcomes"
    };
    let builder = &o.builder;
    super::docs::comment_lines(
        &format!("{what} of [`{builder}`](crate::builders::{builder}), by status code."),
        "",
        &mut out,
    );
    out.push_str(cfg.unwrap_or_default());
    out.push_str("#[derive(Debug, Clone, PartialEq)]\n#[non_exhaustive]\npub enum ");
    out.push_str(name);
    out.push_str(" {\n");
    for outcome in &o.outcomes {
        let status = match outcome.status {
            Some(s) => format!("Status {s}"),
            None => "Any other status".to_owned(),
        };
        let docs = match outcome
            .docs
            .as_deref()
            .map(super::escape_docs)
            .filter(|d| !d.trim().is_empty())
        {
            // The status on its own paragraph: `d` may open with a fence.
            Some(d) => format!("{status}.\n\n{d}"),
            None => format!("{status}."),
        };
        super::docs::comment_lines(&docs, "    ", &mut out);
        out.push_str("    ");
        out.push_str(&outcome.name);
        if let Some(t) = outcome_ty(&outcome.body) {
            out.push('(');
            if outcome.boxed {
                out.push_str("::std::boxed::Box<");
                super::ty_text(api, &t, &mut out);
                out.push('>');
            } else {
                super::ty_text(api, &t, &mut out);
            }
            out.push(')');
        }
        out.push_str(",\n");
    }
    out.push_str("}\n");
    if o.error
        && o.outcomes
            .iter()
            .all(|o| matches!(o.body, BodyKind::Json(_)))
    {
        out.push('\n');
        out.push_str(cfg.unwrap_or_default());
        out.push_str("impl ");
        out.push_str(name);
        out.push_str(" {\n    /// Decodes an error body by status code.\n");
        out.push_str(
            "    pub(crate) fn decode(status: u16, body: &[u8]) -> ::std::option::Option<Self> {\n",
        );
        out.push_str("        match status {\n");
        for outcome in &o.outcomes {
            let pattern = outcome.status.map_or("_".to_owned(), |s| s.to_string());
            let boxed = if outcome.boxed {
                ".map(::std::boxed::Box::new)"
            } else {
                ""
            };
            let value = format!(
                "::serde_json::from_slice(body).ok(){boxed}.map({name}::{})",
                outcome.name
            );
            let one = format!("            {pattern} => {value},");
            if one.len() <= 100 {
                out.push_str(&one);
                out.push('\n');
            } else {
                out.push_str(&format!(
                    "            {pattern} => {{\n                {value}\n            }}\n"
                ));
            }
        }
        if o.outcomes.iter().all(|o| o.status.is_some()) {
            out.push_str("            _ => ::std::option::Option::None,\n");
        }
        out.push_str("        }\n    }\n}\n");
    }
    out
}

/// A struct's part of a `__swaggen_model!` invocation (see the macro in
/// the runtime's `model` module).
fn struct_text(api: &Api, name: &str, s: &Struct, out: &mut String) {
    if s.fields.iter().all(|f| f.ty.is_option()) {
        out.push_str("    #[derive(Default)]\n");
    }
    // `#[non_exhaustive]`, so adding an optional property breaks no user:
    // a struct with required properties is made with `new` (the optional
    // ones are set on it), one without with `Default` (see `Struct::grows`).
    if s.grows() {
        out.push_str("    #[non_exhaustive]\n");
    }
    out.push_str("    pub struct ");
    out.push_str(name);
    out.push_str(" {\n");
    for f in &s.fields {
        match f.docs.as_deref().filter(|d| super::docs::has_text(d)) {
            Some(d) => super::docs::spec_comment_lines(Some(d), "        ", out),
            None => super::docs::comment_lines(
                &format!("The {} property.", code(&f.wire)),
                "        ",
                out,
            ),
        }
        if f.read_only {
            super::docs::comment_lines(
                "\nSet by the server (read-only): leave it unset in requests.",
                "        ",
                out,
            );
        }
        let (mode, t) = match (&f.ty, f.required) {
            (Ty::Option(inner), false) => ("opt", &**inner),
            (Ty::Option(inner), true) => ("null", &**inner),
            (t, _) => ("req", t),
        };
        out.push_str("        ");
        out.push_str(mode);
        out.push(' ');
        out.push_str(&f.name);
        out.push_str(": ");
        super::ty_text(api, t, out);
        out.push_str(" = ");
        out.push_str(&proc_macro2::Literal::string(&f.wire).to_string());
        out.push_str(",\n");
    }
    if let Some(t) = &s.additional {
        out.push_str("        ..");
        super::ty_text(api, t, out);
        out.push('\n');
    }
    out.push_str("    }\n");
    if let Some(required) = s.constructor() {
        out.push_str("    new(");
        for (i, f) in required.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&f.name);
            out.push_str(": ");
            super::ty_text(api, &f.ty, out);
        }
        out.push_str(");\n");
    }
}

/// An enum's part of a `__swaggen_string_enum!` or
/// `__swaggen_integer_enum!` invocation.
fn enum_text(name: &str, e: &Enum, out: &mut String) {
    out.push_str("    pub enum ");
    out.push_str(name);
    out.push_str(" {\n");
    for v in &e.variants {
        let text = match v
            .docs
            .as_deref()
            .map(super::escape_docs)
            .filter(|d| !d.trim().is_empty())
        {
            Some(d) => format!("{}: {d}", code(&v.wire)),
            None => code(&v.wire),
        };
        super::docs::comment_lines(&text, "        ", out);
        out.push_str("        ");
        out.push_str(&v.name);
        out.push_str(" = ");
        let value = match e.repr {
            EnumRepr::String => proc_macro2::Literal::string(&v.wire),
            EnumRepr::Integer => {
                proc_macro2::Literal::i64_unsuffixed(v.wire.parse().unwrap_or_default())
            }
        };
        out.push_str(&value.to_string());
        out.push_str(",\n");
    }
    out.push_str("    }\n    ");
    out.push_str(&e.other);
    out.push('\n');
}

/// A payload type, boxed when lowering says so.
fn payload(api: &Api, t: &Ty, boxed: bool) -> TokenStream {
    let t = ty(api, t);
    if boxed {
        quote!(::std::boxed::Box<#t>)
    } else {
        t
    }
}

fn emit_tagged(
    api: &Api,
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    t: &Tagged,
) -> TokenStream {
    let tag = &t.tag;
    let variants = t.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = &v.wire;
        let p = payload(api, &v.ty, v.boxed);
        let vdocs = doc_lines(&format!("{} is {}.", code(tag), code(wire)));
        quote! {
            #vdocs
            #[serde(rename = #wire)]
            #vname(#p),
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(tag = #tag)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    }
}

fn emit_untagged(
    api: &Api,
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    variants: &[Variant],
) -> TokenStream {
    let variants = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let p = payload(api, &v.ty, v.boxed);
        let vdocs = doc_lines(&format!("The value as {}.", code(&v.name)));
        quote! {
            #vdocs
            #vname(#p),
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// The payload type of an outcome, `None` for an empty body.
pub fn outcome_ty(body: &BodyKind) -> Option<Ty> {
    match body {
        BodyKind::Json(t) => Some(t.clone()),
        BodyKind::Text => Some(Ty::String),
        BodyKind::Bytes => Some(Ty::Bytes),
        BodyKind::Empty => None,
    }
}
