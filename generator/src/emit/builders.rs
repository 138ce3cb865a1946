//! Request builders: one struct per operation, required parameters set by
//! the client method, optional ones by setters, and one `send()`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc_lines};
use super::types::outcome_ty;
use super::{ident, lit, ty};
use crate::ir::{
    Api, BodyEncoding, BodyKind, CollectionFormat, ErrorBody, FinalState, NextToken, OffsetPaging,
    Operation, Paging, Param, ParamIn, PathPart, Success, TokenPaging, Ty, TypeKind,
};

/// The field/argument type of a parameter.
pub fn param_ty(api: &Api, p: &Param) -> TokenStream {
    if p.file {
        quote!(crate::FilePart)
    } else {
        ty(api, &p.ty)
    }
}

/// The success type of an operation.
pub fn success_ty(api: &Api, op: &Operation) -> TokenStream {
    match &op.success {
        Success::Single(body) => match outcome_ty(body) {
            Some(t) => ty(api, &t),
            None => quote!(()),
        },
        Success::Outcomes(id) => {
            let name = ident(api.type_name(*id));
            quote!(crate::types::#name)
        }
    }
}

/// The error body type of an operation.
pub fn error_ty(api: &Api, op: &Operation) -> TokenStream {
    match &op.error {
        ErrorBody::Json(t) => ty(api, t),
        ErrorBody::Outcomes(id) => {
            let name = ident(api.type_name(*id));
            quote!(crate::types::#name)
        }
    }
}

/// Docs for a parameter (setter or argument).
pub fn param_docs(p: &Param) -> String {
    let place = match p.location {
        ParamIn::Path => "path",
        ParamIn::Query => "query",
        ParamIn::Header => "header",
        ParamIn::Form => "form",
    };
    let mut text = format!("The {} {place} parameter.", code(&p.wire));
    if let Some(default) = p.default.as_deref().filter(|_| !p.required) {
        text.push_str(&format!(
            " When not set, the server uses {}.",
            code(default)
        ));
    }
    if let Some(d) = p
        .docs
        .as_deref()
        .map(super::escape_docs)
        .filter(|d| !d.trim().is_empty())
    {
        text = format!("{d}\n\n{text}");
    }
    text
}

/// A value (`value: &T`) as a parameter's text.
fn to_param(value: &str) -> String {
    format!("crate::runtime::param::ToParam::to_param({value})")
}

/// The separator a list parameter's collection format joins items with;
/// `None` for `multi` (one pair per item).
fn separator(p: &Param) -> Option<&'static str> {
    match p.collection {
        CollectionFormat::Csv => Some(","),
        CollectionFormat::Ssv => Some(" "),
        CollectionFormat::Tsv => Some("\t"),
        CollectionFormat::Pipes => Some("|"),
        CollectionFormat::Multi => None,
    }
}

/// The text a parameter's value (`value: &T`) is sent as: lists joined
/// with their collection format's separator (`multi` with commas, where
/// one text is needed).
fn param_text(p: &Param, value: &str) -> String {
    if matches!(p.ty, Ty::Vec(_)) {
        let sep = lit(separator(p).unwrap_or(","));
        format!("crate::runtime::param::join({value}, {sep})")
    } else {
        to_param(value)
    }
}

/// One statement of `request()`: `head(args);`, on one line when it
/// fits, otherwise one argument per line.
fn call(out: &mut String, indent: &str, head: &str, args: &[String]) {
    super::list(out, indent, &format!("{head}("), args, ");");
}

/// `if let Some(value) = {place} { … }` around the statements `body`
/// writes one level deeper.
fn if_set(out: &mut String, indent: &str, place: &str, body: impl FnOnce(&mut String, &str)) {
    out.push_str(indent);
    out.push_str("if let ::std::option::Option::Some(value) = ");
    out.push_str(place);
    out.push_str(" {\n");
    body(out, &format!("{indent}    "));
    out.push_str(indent);
    out.push_str("}\n");
}

/// The statement that puts a query, header or url-encoded form
/// parameter into `request` through the runtime's `*_opt`/`*_list`
/// methods, which send nothing for an optional parameter not set; false
/// for the parameters it does not handle (path and multipart).
fn put_value(out: &mut String, p: &Param, multipart: bool) -> bool {
    let f = &p.name;
    let list = matches!(p.ty, Ty::Vec(_));
    let value = match (p.required, list) {
        (true, false) => format!("::std::option::Option::Some(&self.{f})"),
        (true, true) => format!("::std::option::Option::Some(self.{f}.as_slice())"),
        (false, false) => format!("self.{f}.as_ref()"),
        (false, true) => format!("self.{f}.as_deref()"),
    };
    let sep = match separator(p) {
        Some(s) => format!("::std::option::Option::Some({})", lit(s)),
        None => "::std::option::Option::None".to_owned(),
    };
    let secret = p.secret.to_string();
    let wire = lit(&p.wire);
    let (method, args) = match (p.location, list) {
        (ParamIn::Query, false) => ("query_opt", vec![wire, value]),
        (ParamIn::Query, true) => ("query_list", vec![wire, value, sep]),
        (ParamIn::Header, false) => ("header_opt", vec![wire, value, secret]),
        (ParamIn::Header, true) => {
            let s = lit(separator(p).unwrap_or(","));
            ("header_list", vec![wire, value, s, secret])
        }
        (ParamIn::Form, _) if multipart => return false,
        (ParamIn::Form, false) => ("form_opt", vec![wire, value]),
        (ParamIn::Form, true) => ("form_list", vec![wire, value, sep]),
        (ParamIn::Path, _) => return false,
    };
    call(out, "        ", &format!("request.{method}"), &args);
    true
}

/// Statements that put one multipart form field (`value: &T`) into
/// `form`: a file, one field per item (`multi`), or the value as text.
fn put_multipart(out: &mut String, indent: &str, p: &Param, value: &str) {
    let wire = lit(&p.wire);
    let multi = matches!(p.ty, Ty::Vec(_)) && p.collection == CollectionFormat::Multi;
    if p.file {
        let file = format!("::std::clone::Clone::clone({value})");
        call(out, indent, "form.file", &[wire, file]);
    } else if multi {
        out.push_str(&format!("{indent}for item in {value} {{\n"));
        call(
            out,
            &format!("{indent}    "),
            "form.text",
            &[wire, to_param("item")],
        );
        out.push_str(indent);
        out.push_str("}\n");
    } else {
        call(out, indent, "form.text", &[wire, param_text(p, value)]);
    }
}

/// The operation's name in requests and docs: its `operationId`, or its
/// method's name when it has none.
fn operation_name(op: &Operation) -> &str {
    op.operation_id
        .as_deref()
        .unwrap_or(super::names_unraw(&op.method_name))
}

/// `request()`, the request the builder describes, laid out as text (the
/// first item of the builder's `impl`).
fn request_text(api: &Api, op: &Operation, out: &mut String) {
    const IN: &str = "        ";
    out.push_str("    /// The request this builder describes.\n");
    out.push_str("    fn request(&self) -> crate::runtime::request::Request {\n");
    let operation = operation_name(op);
    let accept = match &op.accept {
        Some(a) => format!("::std::option::Option::Some({})", lit(a)),
        None => "::std::option::Option::None".to_owned(),
    };
    let method = format!("::reqwest::Method::{}", op.method.as_str());
    call(
        out,
        IN,
        "let mut request = crate::runtime::request::Request::new",
        &[method, lit(operation), lit(&op.path_template), accept],
    );
    out.push_str(IN);
    out.push_str("request.options(::std::clone::Clone::clone(&self.options));\n");
    if op.idempotent {
        out.push_str(IN);
        out.push_str("request.idempotent();\n");
    }
    for part in &op.path {
        match part {
            PathPart::Literal(text) => call(out, IN, "request.path", &[lit(text)]),
            PathPart::Client { index, whole } => {
                let c = &api.client_params[*index];
                let value = format!("self.client.{}.as_deref().unwrap_or_default()", c.name);
                call(
                    out,
                    IN,
                    "request.path_param",
                    &[lit(&c.wire), value, whole.to_string()],
                );
            }
            PathPart::Param { index, whole } => {
                let p = &op.params[*index];
                let text = format!("&{}", param_text(p, &format!("&self.{}", p.name)));
                let method = if p.raw_path {
                    "request.path_raw"
                } else {
                    "request.path_param"
                };
                call(out, IN, method, &[lit(&p.wire), text, whole.to_string()]);
            }
        }
    }
    let form = op.multipart && op.params.iter().any(|p| p.location == ParamIn::Form);
    if form {
        out.push_str(IN);
        out.push_str("let mut form = crate::runtime::multipart::Multipart::default();\n");
    }
    for (name, value) in &op.fixed_query {
        let value = format!("::std::string::String::from({})", lit(value));
        call(out, IN, "request.query", &[lit(name), value]);
    }
    // Client-level settings this operation declares.
    for &index in &op.client_params {
        let c = &api.client_params[index];
        let wire = lit(&c.wire);
        if_set(
            out,
            IN,
            &format!("&self.client.{}", c.name),
            |out, indent| match c.location {
                ParamIn::Header => call(
                    out,
                    indent,
                    "request.header_value",
                    &[wire, "value".to_owned()],
                ),
                _ => {
                    let value = "::std::clone::Clone::clone(value)".to_owned();
                    call(out, indent, "request.query", &[wire, value]);
                }
            },
        );
    }
    for p in op.params.iter().filter(|p| p.location != ParamIn::Path) {
        if put_value(out, p, op.multipart) {
        } else if p.required {
            put_multipart(out, IN, p, &format!("&self.{}", p.name));
        } else {
            if_set(out, IN, &format!("&self.{}", p.name), |out, indent| {
                put_multipart(out, indent, p, "value");
            });
        }
    }
    if form {
        out.push_str(IN);
        out.push_str("request.body(form);\n");
    }
    if let Some(b) = &op.body {
        // `reference` is `&T`, `owner` what `clone()` is called on.
        let put = |out: &mut String, indent: &str, reference: &str, owner: &str| match b.encoding {
            BodyEncoding::Json => call(out, indent, "request.json", &[reference.to_owned()]),
            BodyEncoding::Bytes | BodyEncoding::Text => {
                let owned = if matches!(b.ty, Ty::String) {
                    format!("{owner}.clone().into_bytes()")
                } else {
                    format!("{owner}.clone()")
                };
                call(out, indent, "request.raw", &[owned, lit(&b.content_type)]);
            }
        };
        let field = format!("self.{}", b.name);
        if b.required {
            put(out, IN, &format!("&{field}"), &field);
        } else {
            if_set(out, IN, &format!("&{field}"), |out, indent| {
                put(out, indent, "value", "value");
            });
        }
    }
    out.push_str(IN);
    out.push_str("request\n    }\n");
}

/// An operation's builder: the `__swaggen_builder!` invocation and the
/// opening of the builder's own `impl` with `request()`, as text (each
/// after `cfg`, the builder's `#[cfg]` line), and the rest of that `impl`
/// as tokens when there is more (`send_with_headers`, `wait`, `stream`).
pub fn emit_builder(api: &Api, op: &Operation, cfg: Option<&str>) -> (String, Option<TokenStream>) {
    let name = ident(&op.builder_name);

    // send(): the request.
    let method = ident(op.method.as_str());
    let operation = operation_name(op);
    let template = &op.path_template;
    let accept = match &op.accept {
        Some(a) => quote!(::std::option::Option::Some(#a)),
        None => quote!(::std::option::Option::None),
    };
    let security = (!api.credentials.is_empty()).then(|| {
        let alts = op.security.iter().map(|alt| quote!(&[#(#alt),*]));
        quote!(, &[#(#alts),*])
    });
    let decode_error = match &op.error {
        ErrorBody::Json(_) => {
            quote!(crate::runtime::request::json_error)
        }
        ErrorBody::Outcomes(id) => {
            let n = ident(api.type_name(*id));
            quote!(crate::types::#n::decode)
        }
    };
    let finish = match &op.success {
        Success::Single(body) => match body {
            BodyKind::Json(_) => {
                quote!(raw.json(#decode_error))
            }
            BodyKind::Text => {
                quote!(raw.text(#decode_error))
            }
            BodyKind::Bytes => {
                quote!(raw.bytes(#decode_error))
            }
            BodyKind::Empty => {
                quote!(raw.empty(#decode_error))
            }
        },
        Success::Outcomes(id) => {
            let outcomes = match &api.def(*id).kind {
                TypeKind::Outcomes(o) => o.outcomes.clone(),
                _ => Vec::new(),
            };
            let tname = ident(api.type_name(*id));
            let decode_arm = |i: usize| -> TokenStream {
                let o = &outcomes[i];
                let v = ident(&o.name);
                let boxed = o.boxed;
                let wrap = |inner: TokenStream| {
                    if boxed {
                        quote!(::std::boxed::Box::new(#inner))
                    } else {
                        inner
                    }
                };
                match &o.body {
                    BodyKind::Json(_) => {
                        if boxed {
                            quote!(raw.decode().map(|value| crate::types::#tname::#v(::std::boxed::Box::new(value))))
                        } else {
                            quote!(raw.decode().map(crate::types::#tname::#v))
                        }
                    }
                    BodyKind::Text => {
                        let value = wrap(quote!(
                            ::std::string::String::from_utf8_lossy(&raw.into_body()).into_owned()
                        ));
                        quote!(::std::result::Result::Ok(crate::types::#tname::#v(#value)))
                    }
                    BodyKind::Bytes => {
                        let value = wrap(quote!(raw.into_body()));
                        quote!(::std::result::Result::Ok(crate::types::#tname::#v(#value)))
                    }
                    BodyKind::Empty => quote!(::std::result::Result::Ok(crate::types::#tname::#v)),
                }
            };
            let arms = outcomes.iter().enumerate().filter_map(|(i, o)| {
                let status = o.status?;
                let arm = decode_arm(i);
                Some(quote!(#status => #arm,))
            });
            let first = if outcomes.is_empty() {
                quote!(::std::result::Result::Err(raw.into_error(#decode_error)))
            } else {
                decode_arm(0)
            };
            quote! {
                match raw.status().as_u16() {
                    #(#arms)*
                    _ if raw.status().is_success() => #first,
                    _ => ::std::result::Result::Err(raw.into_error(#decode_error)),
                }
            }
        }
    };
    let ok_ty = success_ty(api, op);
    let err_ty = error_ty(api, op);
    let wait = op.long_running.map(|final_state| {
        let final_state = ident(match final_state {
            FinalState::Default => "Default",
            FinalState::AzureAsyncOperation => "AzureAsyncOperation",
            FinalState::Location => "Location",
            FinalState::OriginalUri => "OriginalUri",
        });
        quote! {
            /// Sends the request and, as the operation is long-running,
            /// polls the status the server names (`Azure-AsyncOperation`
            /// or `Location`, only within the base URL's origin, waiting
            /// what the server asks or the retry policy's backoff) until
            /// it ends; the result is the operation's final body. An
            /// operation that ends `Failed` or `Canceled` is an
            /// [`Error::OperationFailed`](crate::Error::OperationFailed).
            pub fn wait(self) -> impl ::std::future::Future<Output = ::std::result::Result<#ok_ty, crate::Error<#err_ty>>> {
                let client = self.client;
                crate::runtime::lro::wait(
                    ::reqwest::Method::#method,
                    crate::runtime::lro::FinalState::#final_state,
                    client.retry_policy(),
                    client.execute(self.request() #security),
                    move |link: ::std::string::String| {
                        let mut poll = crate::runtime::request::Request::new(::reqwest::Method::GET, #operation, #template, #accept);
                        poll.options(crate::runtime::request::Options {
                            link: ::std::option::Option::Some(link),
                            ..::std::default::Default::default()
                        });
                        client.execute(poll #security)
                    },
                    |raw| #finish,
                )
            }
        }
    });
    let stream = op.paging.as_ref().map(|p| match p {
        Paging::Offset(o) => emit_offset_stream(api, op, o, &err_ty),
        Paging::Token(p) => emit_token_stream(api, op, p, &err_ty),
    });
    // A single body type: the macro writes `send_with_headers`, told
    // which `Raw` method decodes the body. Outcomes by status: written here.
    let send = match &op.success {
        Success::Single(body) => {
            let decode = match body {
                BodyKind::Json(_) => "json",
                BodyKind::Text => "text",
                BodyKind::Bytes => "bytes",
                BodyKind::Empty => "empty",
            };
            let error = match &op.error {
                ErrorBody::Json(_) => "crate::runtime::request::json_error".to_owned(),
                ErrorBody::Outcomes(id) => format!("crate::types::{}::decode", api.type_name(*id)),
            };
            let security = (!api.credentials.is_empty()).then(|| {
                let alts: Vec<String> = op
                    .security
                    .iter()
                    .map(|alt| {
                        let ids: Vec<String> = alt.iter().map(usize::to_string).collect();
                        format!("&[{}]", ids.join(", "))
                    })
                    .collect();
                format!(", security: &[{}]", alts.join(", "))
            });
            Some(format!(
                "send: {decode}({error}){};",
                security.unwrap_or_default()
            ))
        }
        Success::Outcomes(_) => None,
    };
    let send_with_headers = send.is_none().then(|| {
        quote! {
            /// Sends the request; the decoded body comes with the
            /// response's status and headers.
            pub fn send_with_headers(self) -> impl ::std::future::Future<Output = ::std::result::Result<crate::Response<#ok_ty>, crate::Error<#err_ty>>> {
                crate::runtime::request::respond::<#ok_ty, #err_ty>(
                    self.client.execute(self.request() #security),
                    |raw| #finish,
                )
            }
        }
    });
    let mut text = String::new();
    text.push_str(cfg.unwrap_or_default());
    text.push_str(&builder_text(api, op, &docs_text(op), send.as_deref()));
    text.push('\n');
    text.push_str(cfg.unwrap_or_default());
    text.push_str("impl<'a> ");
    text.push_str(&op.builder_name);
    text.push_str("<'a> {\n");
    request_text(api, op, &mut text);
    let tokens = (send_with_headers.is_some() || wait.is_some() || stream.is_some()).then(|| {
        quote! {
            impl<'a> #name<'a> {
                #send_with_headers

                #wait

                #stream
            }
        }
    });
    (text, tokens)
}

/// The builder's summary line.
fn docs_text(op: &Operation) -> String {
    let method_name = &op.method_name;
    format!(
        "A request to {} ({}), made by [`Client::{}`](crate::Client::{}).",
        code(operation_name(op)),
        // A code span shows its text literally: cleaned, not escaped.
        code(&format!("{} {}", op.method.as_str(), op.path_template)),
        super::names_unraw(method_name),
        super::names_unraw(method_name),
    )
}

/// The builder's struct, `Debug`, constructor, setters and `send()` as an
/// invocation of the runtime's `__swaggen_builder!`, laid out here (see
/// `types::model_text`). Parameters whose name says they are secret
/// (keys, tokens, passwords) are redacted in `Debug`.
fn builder_text(api: &Api, op: &Operation, docs: &str, send: Option<&str>) -> String {
    let mut out = String::from("crate::__swaggen_builder! {\n");
    super::docs::comment_lines(docs, "    ", &mut out);
    out.push_str("    pub struct ");
    out.push_str(&op.builder_name);
    out.push_str(" -> ");
    success_ty_text(api, op, &mut out);
    out.push_str(", ");
    error_ty_text(api, op, &mut out);
    out.push_str(" {\n");
    let field = |out: &mut String, mode: &str, name: &str, t: &dyn Fn(&mut String)| {
        out.push_str("        ");
        out.push_str(mode);
        out.push(' ');
        out.push_str(name);
        out.push_str(": ");
        t(out);
        out.push_str(",\n");
    };
    for p in &op.params {
        let secret = p.secret;
        let mode = match (secret, p.required) {
            (false, true) => "req",
            (false, false) => "opt",
            (true, true) => "secret_req",
            (true, false) => "secret_opt",
        };
        if !p.required {
            super::docs::comment_lines(&param_docs(p), "        ", &mut out);
        }
        field(&mut out, mode, &p.name, &|out| param_ty_text(api, p, out));
    }
    if let Some(b) = &op.body {
        if !b.required {
            match b.docs.as_deref().filter(|d| super::docs::has_text(d)) {
                Some(d) => super::docs::spec_comment_lines(Some(d), "        ", &mut out),
                None => super::docs::comment_lines("The request body.", "        ", &mut out),
            }
        }
        let mode = if b.required { "req" } else { "opt" };
        field(&mut out, mode, &b.name, &|out| {
            super::ty_text(api, &b.ty, out)
        });
    }
    out.push_str("    }\n    new(");
    let required = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| (&p.name, Some(p), &p.ty))
        .chain(
            op.body
                .iter()
                .filter(|b| b.required)
                .map(|b| (&b.name, None, &b.ty)),
        );
    for (i, (name, param, t)) in required.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(name);
        out.push_str(": ");
        match param {
            Some(p) => param_ty_text(api, p, &mut out),
            None => super::ty_text(api, t, &mut out),
        }
    }
    out.push_str(");\n");
    if let Some(send) = send {
        out.push_str("    ");
        out.push_str(send);
        out.push('\n');
    }
    out.push_str("}\n");
    out
}

/// [`param_ty`] as text.
fn param_ty_text(api: &Api, p: &Param, out: &mut String) {
    if p.file {
        out.push_str("crate::FilePart");
    } else {
        super::ty_text(api, &p.ty, out);
    }
}

/// [`success_ty`] as text.
fn success_ty_text(api: &Api, op: &Operation, out: &mut String) {
    match &op.success {
        Success::Single(body) => match outcome_ty(body) {
            Some(t) => super::ty_text(api, &t, out),
            None => out.push_str("()"),
        },
        Success::Outcomes(id) => {
            out.push_str("crate::types::");
            out.push_str(api.type_name(*id));
        }
    }
}

/// [`error_ty`] as text.
fn error_ty_text(api: &Api, op: &Operation, out: &mut String) {
    match &op.error {
        ErrorBody::Json(t) => super::ty_text(api, t, out),
        ErrorBody::Outcomes(id) => {
            out.push_str("crate::types::");
            out.push_str(api.type_name(*id));
        }
    }
}

/// `i64` from an integer parameter's value expression.
fn to_i64(t: &Ty, value: TokenStream) -> TokenStream {
    match t {
        Ty::I32 => quote!(i64::from(#value)),
        _ => value,
    }
}

/// `Option<i64>` from an optional integer's value expression.
fn opt_to_i64(t: &Ty, value: TokenStream) -> TokenStream {
    match t {
        Ty::I32 => quote!(#value.map(i64::from)),
        _ => value,
    }
}

/// A parameter value from an `i64` (failing the page when it does not fit).
fn from_i64(t: &Ty, value: TokenStream, what: &str) -> TokenStream {
    match t {
        Ty::I32 => {
            quote!(crate::runtime::paging::fit(#value, #what)?)
        }
        _ => value,
    }
}

/// `stream()` for paging by next link or cursor: the runtime's
/// `token_stream` fetches pages lazily; the operation says how to fetch a
/// page given the previous page's link or cursor, and where the items and
/// the next link or cursor are.
fn emit_token_stream(
    api: &Api,
    op: &Operation,
    p: &TokenPaging,
    err_ty: &TokenStream,
) -> TokenStream {
    let item = ty(api, &p.item_ty);
    let field_text = |field: &str, optional: bool| {
        let f = ident(field);
        if optional {
            quote!(body.#f.filter(|text| !text.is_empty()))
        } else {
            quote!(::std::option::Option::Some(body.#f).filter(|text| !text.is_empty()))
        }
    };
    let (use_next, next, how) = match &p.next {
        NextToken::LinkField { field, optional } => (
            quote!(if let ::std::option::Option::Some(link) = next { page.options.link = ::std::option::Option::Some(link); }),
            field_text(field, *optional),
            "follows each page's next link (only within the base URL's origin: a link elsewhere ends the stream with an error)".to_owned(),
        ),
        NextToken::LinkHeader => (
            quote!(if let ::std::option::Option::Some(link) = next { page.options.link = ::std::option::Option::Some(link); }),
            quote! {
                response
                    .headers
                    .get_all(::reqwest::header::LINK)
                    .iter()
                    .filter_map(|value| value.to_str().ok())
                    .find_map(crate::runtime::paging::next_link)
            },
            "follows the `rel=\"next\"` link of each response's `Link` header (only within the base URL's origin: a link elsewhere ends the stream with an error)".to_owned(),
        ),
        NextToken::Cursor {
            field,
            optional,
            param,
        } => {
            let param = &op.params[*param];
            let f = ident(&param.name);
            let set = if param.required {
                quote!(page.#f = cursor;)
            } else {
                quote!(page.#f = ::std::option::Option::Some(cursor);)
            };
            (
                quote!(if let ::std::option::Option::Some(cursor) = next { #set }),
                field_text(field, *optional),
                format!(
                    "sends each page's cursor back as the {} parameter",
                    code(&param.wire)
                ),
            )
        }
        NextToken::None => (
            quote!(let _ = next;),
            quote!(::std::option::Option::None),
            "reads the whole list from one response".to_owned(),
        ),
    };
    let page = if p.next == NextToken::None {
        quote!(page)
    } else {
        quote!(mut page)
    };
    let (next_from_headers, next_from_body) = if p.next == NextToken::LinkHeader {
        (quote!(let next = #next;), TokenStream::new())
    } else {
        (TokenStream::new(), quote!(let next = #next;))
    };
    let items = match (&p.items_field, p.items_optional) {
        (None, _) => quote!(body),
        (Some(f), optional) => {
            let f = ident(f);
            if optional {
                quote!(body.#f.unwrap_or_default())
            } else {
                quote!(body.#f)
            }
        }
    };
    let doc = doc_lines(&format!(
        "Streams every item, fetching pages lazily: it {how}, and ends at a page without one. An error ends the stream."
    ));
    quote! {
        #doc
        pub fn stream(self) -> impl ::futures::Stream<Item = ::std::result::Result<#item, crate::Error<#err_ty>>> + 'a {
            crate::runtime::paging::token_stream(
                self,
                |#page: Self, next: ::std::option::Option<::std::string::String>| async move {
                    #use_next
                    let response = page.send_with_headers().await?;
                    #next_from_headers
                    let body = response.body;
                    #next_from_body
                    ::std::result::Result::<_, crate::Error<#err_ty>>::Ok(crate::runtime::paging::Chunk {
                        items: #items,
                        next,
                    })
                },
            )
        }
    }
}

/// `stream()`: every item of every page, fetched lazily by the runtime's
/// `offset_stream`; the operation only says how to fetch one page.
fn emit_offset_stream(
    api: &Api,
    op: &Operation,
    o: &OffsetPaging,
    err_ty: &TokenStream,
) -> TokenStream {
    let offset_p = &op.params[o.offset];
    let count_p = &op.params[o.count];
    let offset_f = ident(&offset_p.name);
    let count_f = ident(&count_p.name);
    let item = ty(api, &o.item_ty);
    let start = if offset_p.required {
        to_i64(&offset_p.ty, quote!(self.#offset_f))
    } else {
        let conv = opt_to_i64(&offset_p.ty, quote!(self.#offset_f));
        quote!(#conv.unwrap_or(0))
    };
    let page_size = if count_p.required {
        let v = to_i64(&count_p.ty, quote!(self.#count_f));
        quote!(::std::option::Option::Some(#v))
    } else {
        opt_to_i64(&count_p.ty, quote!(self.#count_f))
    };
    let set_offset = {
        let v = from_i64(&offset_p.ty, quote!(offset), "offset");
        if offset_p.required {
            quote!(page.#offset_f = #v;)
        } else {
            quote!(page.#offset_f = ::std::option::Option::Some(#v);)
        }
    };
    let (window, size_param, set_size) = match o.max_window {
        Some(max) => {
            let shrink = from_i64(&count_p.ty, quote!(size), "page size");
            let set_count = if count_p.required {
                quote!(page.#count_f = #shrink;)
            } else {
                quote!(page.#count_f = ::std::option::Option::Some(#shrink);)
            };
            let msg = format!(
                "the server returns at most {max} items for one query (offset + {} <= {max}); narrow the query's filters to see the rest",
                count_p.wire
            );
            (
                quote!(::std::option::Option::Some((#max, #msg))),
                quote!(size),
                quote! {
                    if let ::std::option::Option::Some(size) = size {
                        #set_count
                    }
                },
            )
        }
        None => (
            quote!(::std::option::Option::None),
            quote!(_size),
            TokenStream::new(),
        ),
    };
    let items_f = ident(&o.items_field);
    let items = if o.items_optional {
        quote!(response.#items_f.unwrap_or_default())
    } else {
        quote!(response.#items_f)
    };
    let total = match (&o.total_field, o.total_optional) {
        (Some(f), true) => {
            let f = ident(f);
            opt_to_i64(&o.total_ty, quote!(response.#f))
        }
        (Some(f), false) => {
            let f = ident(f);
            let conv = to_i64(&o.total_ty, quote!(response.#f));
            quote!(::std::option::Option::Some(#conv))
        }
        (None, _) => quote!(::std::option::Option::None),
    };
    let doc = doc_lines(&format!(
        "Streams every item, fetching pages lazily: each page starts where the last ended (the {} parameter) and holds up to {} items. The stream ends at the total the server reports, or at an empty page. An error ends the stream.",
        code(&offset_p.wire),
        code(&count_p.wire),
    ));
    quote! {
        #doc
        pub fn stream(self) -> impl ::futures::Stream<Item = ::std::result::Result<#item, crate::Error<#err_ty>>> + 'a {
            let page_size: ::std::option::Option<i64> = #page_size;
            let start: i64 = #start;
            crate::runtime::paging::offset_stream(
                self,
                start,
                page_size,
                #window,
                |mut page: Self, offset: i64, #size_param: ::std::option::Option<i64>| async move {
                    #set_offset
                    #set_size
                    let response = page.send().await?;
                    ::std::result::Result::<_, crate::Error<#err_ty>>::Ok(crate::runtime::paging::Page {
                        items: #items,
                        total: #total,
                    })
                },
            )
        }
    }
}
