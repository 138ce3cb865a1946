//! Request builders: one struct per operation, required parameters set by
//! the client method, optional ones by setters, and one `send()`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc_attrs, doc_lines};
use super::types::{Sizes, outcome_boxed, outcome_ty};
use super::{Ctx, ident, ty};
use crate::ir::{
    Api, BodyEncoding, BodyKind, CollectionFormat, ErrorBody, FinalState, NextToken, OffsetPaging,
    Operation, Paging, Param, ParamIn, PathPart, Success, TokenPaging, Ty, TypeKind,
};

/// The field/argument type of a parameter.
pub fn param_ty(p: &Param) -> TokenStream {
    if p.file {
        quote!(crate::FilePart)
    } else {
        ty(&p.ty)
    }
}

/// The success type of an operation.
pub fn success_ty(op: &Operation) -> TokenStream {
    match &op.success {
        Success::Single(body) => match outcome_ty(body) {
            Some(t) => ty(&t),
            None => quote!(()),
        },
        Success::Outcomes(name) => {
            let name = ident(name);
            quote!(crate::types::#name)
        }
    }
}

/// The error body type of an operation.
pub fn error_ty(op: &Operation) -> TokenStream {
    match &op.error {
        ErrorBody::Json(t) => ty(t),
        ErrorBody::Outcomes(name) => {
            let name = ident(name);
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

fn to_param(value: TokenStream) -> TokenStream {
    quote!(crate::runtime::param::ToParam::to_param(#value))
}

/// The text a parameter's value (`value: &T`) is sent as: lists joined
/// with their collection format's separator.
fn param_text(p: &Param, value: &TokenStream) -> TokenStream {
    if matches!(p.ty, Ty::Vec(_)) {
        let sep = match p.collection {
            CollectionFormat::Csv | CollectionFormat::Multi => ",",
            CollectionFormat::Ssv => " ",
            CollectionFormat::Tsv => "\t",
            CollectionFormat::Pipes => "|",
        };
        quote!(crate::runtime::param::join(#value, #sep))
    } else {
        to_param(value.clone())
    }
}

/// Statements that put one parameter's value (`value: &T`) into `request`.
fn put_param(p: &Param, value: TokenStream, multipart: bool, ctx: &Ctx) -> TokenStream {
    let wire = &p.wire;
    let list_item = matches!(p.ty, Ty::Vec(_));
    // Computed only where used (whether enums implement `ToParam` follows).
    let text = || param_text(p, &value);
    let multi = list_item && p.collection == CollectionFormat::Multi;
    match p.location {
        ParamIn::Path => {
            let text = text();
            quote!(request.path_param(#wire, &#text, true);)
        }
        ParamIn::Query if multi => {
            let item = to_param(quote!(item));
            quote!(for item in #value { request.query(#wire, #item); })
        }
        ParamIn::Query => {
            let text = text();
            quote!(request.query(#wire, #text);)
        }
        ParamIn::Header => {
            let secret = crate::names::looks_secret(wire);
            let text = text();
            quote!(request.header(#wire, &#text, #secret);)
        }
        ParamIn::Form if multipart => {
            ctx.use_section("multipart");
            if p.file {
                quote!(form.file(#wire, ::std::clone::Clone::clone(#value));)
            } else if multi {
                let item = to_param(quote!(item));
                quote!(for item in #value { form.text(#wire, #item); })
            } else {
                let text = text();
                quote!(form.text(#wire, #text);)
            }
        }
        ParamIn::Form => {
            if multi {
                let item = to_param(quote!(item));
                quote!(for item in #value { request.form(#wire, #item); })
            } else {
                let text = text();
                quote!(request.form(#wire, #text);)
            }
        }
    }
}

#[allow(clippy::too_many_lines)]
pub fn emit_builder(api: &Api, op: &Operation, ctx: &Ctx, sizes: &Sizes<'_>) -> TokenStream {
    let name = ident(&op.builder_name);
    let method_name = &op.method_name;
    let docs = doc_lines(&format!(
        "A request to {} ({}), made by [`Client::{}`](crate::Client::{}).",
        code(
            op.operation_id
                .as_deref()
                .unwrap_or(super::names_unraw(method_name))
        ),
        // A code span shows its text literally: cleaned, not escaped.
        code(&format!("{} {}", op.method.as_str(), op.path_template)),
        super::names_unraw(method_name),
        super::names_unraw(method_name),
    ));
    let multipart = op.multipart;
    let fields = op.params.iter().map(|p| {
        let f = ident(&p.name);
        let t = param_ty(p);
        if p.required {
            quote!(#f: #t,)
        } else {
            quote!(#f: ::std::option::Option<#t>,)
        }
    });
    let body_field = op.body.as_ref().map(|b| {
        let f = ident(&b.name);
        let t = ty(&b.ty);
        if b.required {
            quote!(#f: #t,)
        } else {
            quote!(#f: ::std::option::Option<#t>,)
        }
    });
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let new_args = required.iter().map(|p| {
        let f = ident(&p.name);
        let t = param_ty(p);
        quote!(#f: #t)
    });
    let body_arg = op.body.as_ref().filter(|b| b.required).map(|b| {
        let f = ident(&b.name);
        let t = ty(&b.ty);
        quote!(#f: #t)
    });
    let new_args: Vec<TokenStream> = new_args.chain(body_arg).collect();
    let inits = op.params.iter().map(|p| {
        let f = ident(&p.name);
        if p.required {
            quote!(#f,)
        } else {
            quote!(#f: ::std::option::Option::None,)
        }
    });
    let body_init = op.body.as_ref().map(|b| {
        let f = ident(&b.name);
        if b.required {
            quote!(#f,)
        } else {
            quote!(#f: ::std::option::Option::None,)
        }
    });
    let setters = op.params.iter().filter(|p| !p.required).map(|p| {
        let f = ident(&p.name);
        let t = param_ty(p);
        let d = doc_lines(&param_docs(p));
        quote! {
            #d
            pub fn #f(mut self, value: impl ::std::convert::Into<#t>) -> Self {
                self.#f = ::std::option::Option::Some(value.into());
                self
            }
        }
    });
    let body_setter = op.body.as_ref().filter(|b| !b.required).map(|b| {
        let f = ident(&b.name);
        let t = ty(&b.ty);
        let d = match b.docs.as_deref().filter(|d| super::docs::has_text(d)) {
            Some(d) => doc_attrs(Some(d)),
            None => doc_lines("The request body."),
        };
        quote! {
            #d
            pub fn #f(mut self, value: impl ::std::convert::Into<#t>) -> Self {
                self.#f = ::std::option::Option::Some(value.into());
                self
            }
        }
    });

    // send(): the request.
    let method = ident(op.method.as_str());
    let operation = op
        .operation_id
        .as_deref()
        .unwrap_or(super::names_unraw(&op.method_name));
    let template = &op.path_template;
    let idempotent = op.idempotent.then(|| quote!(request.idempotent();));
    let accept = match &op.accept {
        Some(a) => quote!(::std::option::Option::Some(#a)),
        None => quote!(::std::option::Option::None),
    };
    let mut statements = Vec::new();
    for part in &op.path {
        match part {
            PathPart::Literal(text) => {
                statements.push(quote!(request.path(#text);));
            }
            PathPart::Client { index, whole } => {
                let c = &api.client_params[*index];
                let f = ident(&c.name);
                let wire = &c.wire;
                statements.push(quote!(request.path_param(#wire, self.client.#f.as_deref().unwrap_or_default(), #whole);));
            }
            PathPart::Param { index, whole } => {
                let p = &op.params[*index];
                let f = ident(&p.name);
                let text = param_text(p, &quote!(&self.#f));
                let wire = &p.wire;
                if p.raw_path {
                    statements.push(quote!(request.path_raw(#wire, &#text, #whole);));
                } else {
                    statements.push(quote!(request.path_param(#wire, &#text, #whole);));
                }
            }
        }
    }
    let form = multipart && op.params.iter().any(|p| p.location == ParamIn::Form);
    if form {
        statements.push(quote!(let mut form = crate::runtime::multipart::Multipart::default();));
    }
    for (name, value) in &op.fixed_query {
        statements.push(quote!(request.query(#name, ::std::string::String::from(#value));));
    }
    // Client-level settings this operation declares.
    for &index in &op.client_params {
        let c = &api.client_params[index];
        let f = ident(&c.name);
        let wire = &c.wire;
        statements.push(match c.location {
            ParamIn::Header => quote! {
                if let ::std::option::Option::Some(value) = &self.client.#f {
                    request.header_value(#wire, value);
                }
            },
            _ => {
                quote! {
                    if let ::std::option::Option::Some(value) = &self.client.#f {
                        request.query(#wire, ::std::clone::Clone::clone(value));
                    }
                }
            }
        });
    }
    for p in op.params.iter().filter(|p| p.location != ParamIn::Path) {
        let f = ident(&p.name);
        if p.required {
            statements.push(put_param(p, quote!(&self.#f), multipart, ctx));
        } else {
            let put = put_param(p, quote!(value), multipart, ctx);
            statements.push(quote!(if let ::std::option::Option::Some(value) = &self.#f { #put }));
        }
    }
    if form {
        statements.push(quote!(request.body(form);));
    }
    if let Some(b) = &op.body {
        let f = ident(&b.name);
        let put = match b.encoding {
            BodyEncoding::Json => {
                quote!(request.json(value);)
            }
            BodyEncoding::Bytes | BodyEncoding::Text => {
                let ct = &b.content_type;
                let bytes = if matches!(b.ty, Ty::String) {
                    quote!(value.clone().into_bytes())
                } else {
                    quote!(value.clone())
                };
                quote!(request.raw(#bytes, #ct);)
            }
        };
        if b.required {
            statements.push(quote!({ let value = &self.#f; #put }));
        } else {
            statements.push(quote!(if let ::std::option::Option::Some(value) = &self.#f { #put }));
        }
    }
    let security = (!api.credentials.is_empty()).then(|| {
        let alts = op.security.iter().map(|alt| quote!(&[#(#alt),*]));
        quote!(, &[#(#alts),*])
    });
    let decode_error = match &op.error {
        ErrorBody::Json(_) => {
            quote!(crate::runtime::request::json_error)
        }
        ErrorBody::Outcomes(n) => {
            let n = ident(n);
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
        Success::Outcomes(type_name) => {
            let outcomes = match api
                .types
                .iter()
                .find(|t| &t.name == type_name)
                .map(|t| &t.kind)
            {
                Some(TypeKind::Outcomes(o)) => o.outcomes.clone(),
                _ => Vec::new(),
            };
            let tname = ident(type_name);
            let decode_arm = |i: usize| -> TokenStream {
                let o = &outcomes[i];
                let v = ident(&o.name);
                let boxed = outcome_boxed(&outcomes, i, sizes);
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
    let ok_ty = success_ty(op);
    let err_ty = error_ty(op);
    let wait = op.long_running.map(|final_state| {
        let final_state = ident(match final_state {
            FinalState::Default => "Default",
            FinalState::AzureAsyncOperation => "AzureAsyncOperation",
            FinalState::Location => "Location",
            FinalState::OriginalUri => "OriginalUri",
        });
        ctx.use_section("lro");
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
        Paging::Offset(o) => emit_offset_stream(op, o, &err_ty, ctx),
        Paging::Token(p) => emit_token_stream(op, p, &err_ty, ctx),
    });
    let body_fields = body_field.into_iter();
    // Debug shows every value except those of parameters whose name says
    // they are secret (keys, tokens, passwords).
    let debug_fields = op
        .params
        .iter()
        .map(|p| {
            let f = ident(&p.name);
            let shown = super::names_unraw(&p.name);
            if crate::names::looks_secret(&p.wire) {
                quote!(.field(#shown, &"<redacted>"))
            } else {
                quote!(.field(#shown, &self.#f))
            }
        })
        .chain(op.body.as_ref().map(|b| {
            let f = ident(&b.name);
            let shown = super::names_unraw(&b.name);
            quote!(.field(#shown, &self.#f))
        }));
    let shown_name = super::names_unraw(&op.builder_name);
    quote! {
        #docs
        #[must_use = "a request does nothing until you call `send()`"]
        #[derive(Clone)]
        pub struct #name<'a> {
            client: &'a crate::Client,
            options: crate::runtime::request::Options,
            #(#fields)*
            #(#body_fields)*
        }

        impl ::std::fmt::Debug for #name<'_> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#shown_name)
                    #(#debug_fields)*
                    .field("options", &self.options)
                    .finish_non_exhaustive()
            }
        }

        impl<'a> #name<'a> {
            pub(crate) fn new(client: &'a crate::Client, #(#new_args),*) -> Self {
                #name {
                    client,
                    options: crate::runtime::request::Options::default(),
                    #(#inits)*
                    #body_init
                }
            }

            #(#setters)*
            #body_setter

            /// Sets how long this request may take, instead of the
            /// client's timeout.
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.options.timeout = ::std::option::Option::Some(timeout);
                self
            }

            /// Sets the most bytes of the response body read, instead of
            /// the client's limit.
            pub fn max_body_size(mut self, bytes: u64) -> Self {
                self.options.max_body_size = ::std::option::Option::Some(bytes);
                self
            }

            /// Sets how this request is retried, instead of the client's
            /// policy ([`RetryPolicy::none()`](crate::RetryPolicy::none)
            /// sends it once).
            pub fn retry(mut self, policy: crate::RetryPolicy) -> Self {
                self.options.retry = ::std::option::Option::Some(policy);
                self
            }

            /// Sends the request and reads the response.
            pub fn send(self) -> impl ::std::future::Future<Output = ::std::result::Result<#ok_ty, crate::Error<#err_ty>>> {
                crate::runtime::request::body_only(self.send_with_headers())
            }

            /// Sends the request; the decoded body comes with the
            /// response's status and headers.
            pub fn send_with_headers(self) -> impl ::std::future::Future<Output = ::std::result::Result<crate::Response<#ok_ty>, crate::Error<#err_ty>>> {
                crate::runtime::request::respond::<#ok_ty, #err_ty>(
                    self.client.execute(self.request() #security),
                    |raw| #finish,
                )
            }

            /// The request this builder describes.
            fn request(&self) -> crate::runtime::request::Request {
                let mut request = crate::runtime::request::Request::new(::reqwest::Method::#method, #operation, #template, #accept);
                request.options(::std::clone::Clone::clone(&self.options));
                #idempotent
                #(#statements)*
                request
            }

            #wait

            #stream
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
    op: &Operation,
    p: &TokenPaging,
    err_ty: &TokenStream,
    ctx: &Ctx,
) -> TokenStream {
    ctx.use_section("paging");
    let item = ty(&p.item_ty);
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
    op: &Operation,
    o: &OffsetPaging,
    err_ty: &TokenStream,
    ctx: &Ctx,
) -> TokenStream {
    ctx.use_section("paging");
    let offset_p = &op.params[o.offset];
    let count_p = &op.params[o.count];
    let offset_f = ident(&offset_p.name);
    let count_f = ident(&count_p.name);
    let item = ty(&o.item_ty);
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
