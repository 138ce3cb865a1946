//! Stage 4, emit: IR -> token streams, one small function per kind of item.
//! Emitted code uses fully qualified paths so no spec name can shadow
//! anything. Emitters never see the spec's types.

mod builders;
mod client;
mod docs;
mod manifest;
mod runtime;
mod types;

use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::diag::Diagnostic;
use crate::ir::{Api, Gate, Operation, Ty};
use types::Sizes;

pub use docs::escape as escape_docs;

/// One piece of a big file (a builder, a type, a group of client
/// methods), emitted and formatted on its own so pieces can go in
/// parallel and memory holds the tokens of one piece at a time.
#[derive(Debug, Clone, Copy)]
enum Piece {
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
/// (the model macros' invocations, gate included).
enum Emitted {
    Tokens(TokenStream, Gate),
    Text(String),
    /// Text, then tokens under the same gate (a builder: its macro
    /// invocation, then its own `impl`).
    Both(String, TokenStream, Gate),
}

/// The output of one piece.
fn emit_piece(api: &Api, piece: Piece, sizes: &Sizes<'_>) -> Emitted {
    let (tokens, gate) = match piece {
        Piece::Type(i) => {
            let def = &api.types[i];
            if let Some(text) = types::model_text(def, cfg_text(api, &def.gate).as_deref()) {
                return Emitted::Text(text);
            }
            (types::emit_type(def, sizes), def.gate.clone())
        }
        Piece::Builder(i) => {
            let op = &api.operations[i];
            let (text, tokens) = builders::emit_builder(api, op, sizes);
            let text = format!("{}{text}", cfg_text(api, &op.gate).unwrap_or_default());
            return Emitted::Both(text, tokens, op.gate.clone());
        }
        piece => emit_piece_tokens(api, piece),
    };
    Emitted::Tokens(tokens, gate)
}

/// The tokens of a piece that is not a type, and the gate it is
/// compiled under.
fn emit_piece_tokens(api: &Api, piece: Piece) -> (TokenStream, Gate) {
    match piece {
        Piece::Head(text) => (docs::inner_doc_lines(text), Gate::Always),
        Piece::Builder(_) | Piece::Type(_) => (TokenStream::new(), Gate::Always),
        Piece::ClientCore => (client::emit_client(api), Gate::Always),
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
            (client::emit_methods(api, &ops, feature), gate)
        }
    }
}

/// The `#[cfg]` attribute for a gate.
pub fn cfg_attr(api: &Api, gate: &Gate) -> Option<syn::Attribute> {
    let Gate::Any(features) = gate else {
        return None;
    };
    let names: Vec<&str> = features
        .iter()
        .filter_map(|&f| api.features.get(f).map(|f| f.name.as_str()))
        .collect();
    // Feature names are string literals: these always parse.
    Some(match names.as_slice() {
        [one] => syn::parse_quote!(#[cfg(feature = #one)]),
        many => syn::parse_quote!(#[cfg(any(#(feature = #many),*))]),
    })
}

/// Emits and formats every file of the crate, as (relative path,
/// contents). Pieces of the big files are spread over `threads` threads;
/// the output does not depend on the number of threads.
pub fn emit(api: &Api, threads: usize) -> Result<Vec<(String, String)>, Diagnostic> {
    let plan = pieces(api);
    let sizes = Sizes::new(api);
    let work = |piece| match emit_piece(api, piece, &sizes) {
        Emitted::Tokens(tokens, gate) => crate::format::piece(tokens, cfg_attr(api, &gate)),
        Emitted::Text(text) => Ok(text),
        Emitted::Both(text, tokens, gate) => {
            let rest = crate::format::piece(tokens, cfg_attr(api, &gate))?;
            Ok(format!("{text}\n{rest}"))
        }
    };
    let flat: Vec<Piece> = plan.iter().flat_map(|(_, p)| p.iter().copied()).collect();
    let texts = render(&flat, threads, work)?;
    let header = crate::format::header_lines(api, "//");
    let mut texts = texts.into_iter();
    let big: Vec<(String, String)> = plan
        .iter()
        .map(|(path, p)| {
            let mut body = format!("{header}\n");
            // A blank line between pieces, as between the items of one.
            for (i, text) in texts.by_ref().take(p.len()).enumerate() {
                if i > 0 {
                    body.push('\n');
                }
                body.push_str(&text);
            }
            ((*path).to_owned(), body)
        })
        .collect();

    let modules = runtime::modules(api.needs);
    let lib = emit_lib(api);
    let cargo = manifest::cargo_toml(api);
    let rust = |path: &str, tokens: TokenStream| {
        crate::format::rust_file(api, path, tokens).map(|text| (path.to_owned(), text))
    };
    let mut files = vec![
        ("Cargo.toml".to_owned(), cargo),
        ("README.md".to_owned(), manifest::readme(api)),
        ("clippy.toml".to_owned(), manifest::clippy_toml(api)),
        (crate::diff::API_TXT.to_owned(), crate::api::listing(api)),
        rust("src/lib.rs", lib)?,
    ];
    files.extend(big);
    files.push(rust("src/runtime/mod.rs", runtime::emit_mod(&modules))?);
    for m in modules {
        files.push((
            format!("src/runtime/{}.rs", m.name),
            format!("{header}\n{}", m.source),
        ));
    }
    Ok(files)
}

/// Emits only the tokens of every piece, on this thread (for benchmarks
/// of the emit stage alone).
pub fn emit_tokens(api: &Api) -> Vec<TokenStream> {
    let sizes = Sizes::new(api);
    pieces(api)
        .into_iter()
        .flat_map(|(_, p)| p)
        .filter_map(|piece| match emit_piece(api, piece, &sizes) {
            Emitted::Tokens(tokens, _) | Emitted::Both(_, tokens, _) => Some(tokens),
            Emitted::Text(_) => None,
        })
        .collect()
}

/// Maps every piece to text on up to `threads` threads (token streams
/// cannot cross threads, so each piece is emitted and formatted on one);
/// returns the texts in order.
fn render(
    pieces: &[Piece],
    threads: usize,
    f: impl Fn(Piece) -> Result<String, Diagnostic> + Sync,
) -> Result<Vec<String>, Diagnostic> {
    let run = |next: &AtomicUsize| {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(&piece) = pieces.get(i) else { break };
            done.push((i, f(piece)));
        }
        done
    };
    let next = AtomicUsize::new(0);
    let threads = threads.clamp(1, pieces.len().max(1));
    let results = if threads == 1 {
        vec![run(&next)]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads).map(|_| scope.spawn(|| run(&next))).collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    };
    let mut texts: Vec<Option<String>> = vec![None; pieces.len()];
    for (i, text) in results.into_iter().flatten() {
        texts[i] = Some(text?);
    }
    Ok(texts.into_iter().map(Option::unwrap_or_default).collect())
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
pub fn ty(t: &Ty) -> TokenStream {
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
        Ty::Named(n) => {
            let n = ident(n);
            quote!(crate::types::#n)
        }
        Ty::Vec(inner) => {
            let inner = ty(inner);
            quote!(::std::vec::Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = ty(inner);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        Ty::Option(inner) => {
            let inner = ty(inner);
            quote!(::std::option::Option<#inner>)
        }
        Ty::Boxed(inner) => {
            let inner = ty(inner);
            quote!(::std::boxed::Box<#inner>)
        }
    }
}

/// A type as text, the way [`ty`]'s tokens are printed (for code swaggen
/// lays out itself).
pub fn ty_text(t: &Ty, out: &mut String) {
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
        Ty::Named(n) => {
            out.push_str("crate::types::");
            return out.push_str(n);
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
    ty_text(inner, out);
    out.push('>');
}

/// The `#[cfg]` line for a gate, as text (see [`cfg_attr`]).
pub fn cfg_text(api: &Api, gate: &Gate) -> Option<String> {
    let Gate::Any(features) = gate else {
        return None;
    };
    let names: Vec<String> = features
        .iter()
        .filter_map(|&f| api.features.get(f))
        .map(|f| format!("feature = {}", proc_macro2::Literal::string(&f.name)))
        .collect();
    Some(match names.as_slice() {
        [one] => format!("#[cfg({one})]\n"),
        many => format!("#[cfg(any({}))]\n", many.join(", ")),
    })
}

/// The name without a `r#` prefix.
pub fn names_unraw(name: &str) -> &str {
    crate::names::unraw(name)
}
