//! Stage 4, emit: IR -> the crate's files as data: token streams (one
//! small function per kind of item), text laid out here (the runtime
//! macros' invocations, TOML, Markdown) and runtime sources. `render`
//! turns them into files. Emitted code uses fully qualified paths so no
//! spec name can shadow anything. Emitters never see the spec's types and
//! decide nothing: names, gates, needs and shapes come from the IR.

mod builders;
mod client;
mod docs;
mod manifest;
mod runtime;
mod types;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Gate, Operation, Ty};

pub use docs::escape as escape_docs;

/// One piece of a big file (a builder, a type, a group of client
/// methods), emitted and formatted on its own so pieces can go in
/// parallel and memory holds the tokens of one piece at a time.
#[derive(Debug, Clone, Copy)]
pub enum Piece {
    /// A file's opening `//!` docs.
    Head(&'static str),
    /// The builder of the operation at this index.
    Builder(usize),
    /// The type at this index.
    Type(usize),
    /// `Client`, its builder and its shared methods.
    ClientCore,
    /// The client methods of the operations under one feature (or none).
    Methods(Option<usize>),
}

const BUILDERS_HEAD: &str = "Request builders, one per operation. Get one from a\n[`Client`](crate::Client) method, set optional parameters, then\ncall `send()`.";
const TYPES_HEAD: &str = "The API's data types, from the spec's definitions and inline schemas.";
const CLIENT_HEAD: &str = "The client and its builder.";

/// The pieces of `client.rs`, `builders.rs` and `types.rs`, in order.
fn pieces(api: &Api) -> Vec<(&'static str, Vec<Piece>)> {
    let mut client = vec![Piece::Head(CLIENT_HEAD), Piece::ClientCore];
    if api.operations.iter().any(|op| op.gate == Gate::Always) {
        client.push(Piece::Methods(None));
    }
    client.extend((0..api.features.len()).map(|f| Piece::Methods(Some(f))));
    let builders = std::iter::once(Piece::Head(BUILDERS_HEAD))
        .chain((0..api.operations.len()).map(Piece::Builder))
        .collect();
    let types = std::iter::once(Piece::Head(TYPES_HEAD))
        .chain((0..api.types.len()).map(Piece::Type))
        .collect();
    vec![
        ("src/client.rs", client),
        ("src/builders.rs", builders),
        ("src/types.rs", types),
    ]
}

/// What a piece emits: tokens to format, or text swaggen laid out itself
/// (the macro invocations). A gated piece carries its `#[cfg]` already.
pub enum Emitted {
    /// Items to format.
    Tokens(TokenStream),
    /// Laid-out text.
    Text(String),
    /// Text that ends inside an open `impl` block, then the block's last
    /// items as tokens (an `impl` block of them, whose header is dropped):
    /// a builder's macro invocation, then its own `impl` with `request()`
    /// laid out here and the methods written as tokens.
    Impl(String, Option<TokenStream>),
}

/// A file of the crate as emitted; `render` formats it and adds the
/// `@generated` header.
pub enum Body {
    /// A big file, emitted piece by piece (see [`piece`]).
    Pieces(Vec<Piece>),
    /// A small Rust file's items.
    Rust(TokenStream),
    /// Text in the file's own syntax (TOML, Markdown, the API listing).
    Text(String),
    /// A runtime module's source, copied as it is.
    Verbatim(&'static str),
}

/// Every file of the crate, in order: the big files as pieces, the rest
/// whole.
pub fn files(api: &Api) -> Vec<(String, Body)> {
    let modules = runtime::modules(api.needs);
    let mut files = vec![
        (
            "Cargo.toml".to_owned(),
            Body::Text(manifest::cargo_toml(api)),
        ),
        ("README.md".to_owned(), Body::Text(manifest::readme(api))),
        (
            "clippy.toml".to_owned(),
            Body::Text(manifest::clippy_toml()),
        ),
        (
            crate::api::API_TXT.to_owned(),
            Body::Text(crate::api::listing(api)),
        ),
        ("src/lib.rs".to_owned(), Body::Rust(emit_lib(api))),
    ];
    files.extend(
        pieces(api)
            .into_iter()
            .map(|(path, pieces)| (path.to_owned(), Body::Pieces(pieces))),
    );
    files.push((
        "src/runtime/mod.rs".to_owned(),
        Body::Rust(runtime::emit_mod(&modules)),
    ));
    for m in modules {
        files.push((
            format!("src/runtime/{}.rs", m.name),
            Body::Verbatim(m.source),
        ));
    }
    files
}

/// The output of one piece.
pub fn piece(api: &Api, piece: Piece) -> Emitted {
    match piece {
        Piece::Head(text) => Emitted::Tokens(docs::inner_doc_lines(text)),
        Piece::Type(i) => {
            let def = &api.types[i];
            let cfg = cfg_text(api, &def.gate);
            match types::model_text(api, def, cfg.as_deref()) {
                Some(text) => Emitted::Text(text),
                None => Emitted::Tokens(gated(
                    types::emit_type(api, def),
                    cfg_tokens(api, &def.gate),
                )),
            }
        }
        Piece::Builder(i) => {
            let op = &api.operations[i];
            let cfg = cfg_text(api, &op.gate);
            let (text, tokens) = builders::emit_builder(api, op, cfg.as_deref());
            Emitted::Impl(text, tokens)
        }
        Piece::ClientCore => Emitted::Tokens(client::emit_client(api)),
        Piece::Methods(feature) => {
            let ops: Vec<&Operation> = api
                .operations
                .iter()
                .filter(|op| match (&op.gate, feature) {
                    (Gate::Always, None) => true,
                    (Gate::Any(fs), Some(f)) => fs.first() == Some(&f),
                    _ => false,
                })
                .collect();
            let gate = match feature {
                Some(f) => Gate::Any(vec![f]),
                None => Gate::Always,
            };
            let feature = feature.and_then(|f| api.features.get(f));
            let cfg = cfg_text(api, &gate);
            Emitted::Text(client::methods_text(api, &ops, feature, cfg.as_deref()))
        }
    }
}

/// The feature names of a gate (none for `Always`).
fn gate_features<'a>(api: &'a Api, gate: &Gate) -> Vec<&'a str> {
    match gate {
        Gate::Always => Vec::new(),
        Gate::Any(features) => features
            .iter()
            .filter_map(|&f| api.features.get(f).map(|f| f.name.as_str()))
            .collect(),
    }
}

/// The `#[cfg]` attribute for a gate, as tokens.
fn cfg_tokens(api: &Api, gate: &Gate) -> Option<TokenStream> {
    match gate_features(api, gate).as_slice() {
        [] => None,
        [one] => Some(quote!(#[cfg(feature = #one)])),
        many => Some(quote!(#[cfg(any(#(feature = #many),*))])),
    }
}

/// Puts `cfg` on every item of `tokens`, after its doc attributes. The
/// items of a piece are the ones swaggen emits, each ending at a `;` or
/// a `{ … }` block at the top level.
fn gated(tokens: TokenStream, cfg: Option<TokenStream>) -> TokenStream {
    use proc_macro2::{Delimiter, TokenTree};
    let Some(cfg) = cfg else {
        return tokens;
    };
    let mut out = TokenStream::new();
    let mut iter = tokens.into_iter().peekable();
    while iter.peek().is_some() {
        // Doc attributes: `#` and a bracketed group starting with `doc`.
        loop {
            let is_doc = {
                let mut ahead = iter.clone();
                matches!(ahead.next(), Some(TokenTree::Punct(p)) if p.as_char() == '#')
                    && matches!(ahead.next(), Some(TokenTree::Group(g))
                        if g.delimiter() == Delimiter::Bracket
                            && g.stream().into_iter().next().is_some_and(|t| t.to_string() == "doc"))
            };
            if !is_doc {
                break;
            }
            out.extend(iter.next());
            out.extend(iter.next());
        }
        out.extend(cfg.clone());
        for tree in iter.by_ref() {
            let end = match &tree {
                TokenTree::Punct(p) => p.as_char() == ';',
                TokenTree::Group(g) => g.delimiter() == Delimiter::Brace,
                _ => false,
            };
            out.extend([tree]);
            if end {
                break;
            }
        }
    }
    out
}

/// `src/lib.rs`: the modules, and the re-exports that make up the API
/// beside `Client` and the builders: the error types, the runtime's value
/// types, and the crates whose types appear in the API.
fn emit_lib(api: &Api) -> TokenStream {
    let needs = api.needs;
    let file_part = needs.multipart.then(|| {
        quote! {
            #[rustfmt::skip]
            pub use runtime::multipart::FilePart;
        }
    });
    let base64 = needs.base64.then(|| {
        quote! {
            #[rustfmt::skip]
            pub use runtime::base64_data::Base64Data;
        }
    });
    let chrono = api.needs.dates.then(|| {
        quote! {
            /// The `chrono` crate, whose date types appear in this API.
            #[rustfmt::skip]
            pub use ::chrono;
        }
    });
    let futures = needs.paging.then(|| {
        quote! {
            /// The `futures` crate, for the streams of paged operations
            /// (`futures::StreamExt`).
            #[rustfmt::skip]
            pub use ::futures;
        }
    });
    // `#[rustfmt::skip]` on each `use`: rustfmt would otherwise sort and
    // rewrap them, and `cargo fmt` must leave generated files as they are.
    // Not on `mod runtime`: an attribute on a `mod` declaration makes the
    // module's contents macro-expanded for rustc, and its exported model
    // macros could then not be named by path. The runtime's files are
    // already rustfmt's layout.
    quote! {
        #![doc = include_str!("../README.md")]

        #[rustfmt::skip]
        pub mod builders;
        #[rustfmt::skip]
        mod client;
        #[doc(hidden)]
        pub mod runtime;
        #[rustfmt::skip]
        pub mod types;

        #[rustfmt::skip]
        pub use client::{Client, ClientBuilder};
        #[rustfmt::skip]
        pub use runtime::error::{ConfigError, DecodeError, Error, ErrorResponse, OperationFailed, Response, TransportError};
        #[rustfmt::skip]
        pub use runtime::request::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY_SIZE, redirect_policy};
        #[rustfmt::skip]
        pub use runtime::retry::RetryPolicy;
        #file_part
        #base64
        /// The `reqwest` crate, whose types appear in this API.
        #[rustfmt::skip]
        pub use ::reqwest;
        #chrono
        #futures
    }
}

/// An identifier token from an IR name (`r#type` becomes a raw identifier).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type for an IR type, fully qualified.
pub fn ty(api: &Api, t: &Ty) -> TokenStream {
    match t {
        Ty::String => quote!(::std::string::String),
        Ty::Bool => quote!(bool),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::F32 => quote!(f32),
        Ty::F64 => quote!(f64),
        Ty::DateTime => quote!(::chrono::DateTime<::chrono::FixedOffset>),
        Ty::Date => quote!(::chrono::NaiveDate),
        Ty::Base64 => quote!(crate::Base64Data),
        Ty::Bytes => quote!(::std::vec::Vec<u8>),
        Ty::Json => quote!(::serde_json::Value),
        Ty::Named(id) => {
            let n = ident(api.type_name(*id));
            quote!(crate::types::#n)
        }
        Ty::Vec(inner) => {
            let inner = ty(api, inner);
            quote!(::std::vec::Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = ty(api, inner);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        Ty::Option(inner) => {
            let inner = ty(api, inner);
            quote!(::std::option::Option<#inner>)
        }
        Ty::Boxed(inner) => {
            let inner = ty(api, inner);
            quote!(::std::boxed::Box<#inner>)
        }
    }
}

/// A type as text, the way [`ty`]'s tokens are printed (for code swaggen
/// lays out itself).
pub fn ty_text(api: &Api, t: &Ty, out: &mut String) {
    let (open, inner) = match t {
        Ty::String => return out.push_str("::std::string::String"),
        Ty::Bool => return out.push_str("bool"),
        Ty::I32 => return out.push_str("i32"),
        Ty::I64 => return out.push_str("i64"),
        Ty::F32 => return out.push_str("f32"),
        Ty::F64 => return out.push_str("f64"),
        Ty::DateTime => return out.push_str("::chrono::DateTime<::chrono::FixedOffset>"),
        Ty::Date => return out.push_str("::chrono::NaiveDate"),
        Ty::Base64 => return out.push_str("crate::Base64Data"),
        Ty::Bytes => return out.push_str("::std::vec::Vec<u8>"),
        Ty::Json => return out.push_str("::serde_json::Value"),
        Ty::Named(id) => {
            out.push_str("crate::types::");
            return out.push_str(api.type_name(*id));
        }
        Ty::Vec(inner) => ("::std::vec::Vec<", inner),
        Ty::Map(inner) => (
            "::std::collections::BTreeMap<::std::string::String, ",
            inner,
        ),
        Ty::Option(inner) => ("::std::option::Option<", inner),
        Ty::Boxed(inner) => ("::std::boxed::Box<", inner),
    };
    out.push_str(open);
    ty_text(api, inner, out);
    out.push('>');
}

/// Lines of `items` at `indent`, on one line when it fits in 100
/// columns, otherwise one item per line (as prettyplease breaks them).
pub(crate) fn list(out: &mut String, indent: &str, open: &str, items: &[String], close: &str) {
    let one = format!("{indent}{open}{}{close}", items.join(", "));
    if one.len() <= 100 || items.is_empty() {
        out.push_str(&one);
    } else {
        out.push_str(indent);
        out.push_str(open);
        out.push('\n');
        for item in items {
            out.push_str(indent);
            out.push_str("    ");
            out.push_str(item);
            out.push_str(",\n");
        }
        out.push_str(indent);
        out.push_str(close.trim_start_matches(' '));
    }
    out.push('\n');
}

/// A string literal as Rust writes it (as `quote!` would print it).
pub(crate) fn lit(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

/// The `#[cfg]` line for a gate, as text (see [`cfg_tokens`]).
fn cfg_text(api: &Api, gate: &Gate) -> Option<String> {
    let names: Vec<String> = gate_features(api, gate)
        .into_iter()
        .map(|f| format!("feature = {}", proc_macro2::Literal::string(f)))
        .collect();
    Some(match names.as_slice() {
        [] => return None,
        [one] => format!("#[cfg({one})]\n"),
        many => format!("#[cfg(any({}))]\n", many.join(", ")),
    })
}

/// The name without a `r#` prefix.
pub fn names_unraw(name: &str) -> &str {
    crate::names::unraw(name)
}
