//! Stage 4, emit: IR -> token streams, one small function per kind of item.
//! Emitted code uses fully qualified paths so no spec name can shadow
//! anything. Emitters never see the spec's types.

mod builders;
mod client;
mod docs;
mod manifest;
mod runtime;
mod types;

use std::cell::RefCell;
use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Ty};

pub use docs::escape as escape_docs;

/// One generated file, before formatting.
pub enum Emitted {
    /// Rust source as tokens.
    Rust(TokenStream),
    /// Any other text, final as it is.
    Text(String),
}

/// Records which parts of the runtime the emitted code calls, so the
/// runtime keeps exactly those (no dead code in the generated crate).
#[derive(Default)]
pub struct Ctx {
    used: RefCell<BTreeSet<&'static str>>,
}

impl Ctx {
    /// Marks a runtime section as used.
    pub fn use_section(&self, section: &'static str) {
        self.used.borrow_mut().insert(section);
    }

    fn is_used(&self, section: &str) -> bool {
        self.used.borrow().contains(section)
    }
}

/// Emits every file of the crate, as (relative path, content).
pub fn emit(api: &Api) -> Vec<(String, Emitted)> {
    let ctx = Ctx::default();
    if !api.operations.is_empty() {
        ctx.use_section("operations");
    }
    let builders = builders::emit_builders(api, &ctx);
    let client = client::emit_client(api, &ctx);
    let types = types::emit_types(api, &ctx);
    let (lib, support) = emit_lib(api, &ctx);
    let runtime = runtime::emit_runtime(api, &ctx);
    let cargo = manifest::cargo_toml(api, ctx.is_used("multipart"), ctx.is_used("path_param"));
    let mut files = vec![
        ("Cargo.toml".to_owned(), Emitted::Text(cargo)),
        ("README.md".to_owned(), Emitted::Text(manifest::readme(api))),
        (
            "clippy.toml".to_owned(),
            Emitted::Text(manifest::clippy_toml(api)),
        ),
        ("src/lib.rs".to_owned(), Emitted::Rust(lib)),
        ("src/client.rs".to_owned(), Emitted::Rust(client)),
        ("src/builders.rs".to_owned(), Emitted::Rust(builders)),
        ("src/types.rs".to_owned(), Emitted::Rust(types)),
        (
            "src/error.rs".to_owned(),
            Emitted::Rust(runtime::emit_error(&ctx)),
        ),
        ("src/runtime.rs".to_owned(), Emitted::Rust(runtime)),
    ];
    if let Some(support) = support {
        files.push(("src/support.rs".to_owned(), Emitted::Rust(support)));
    }
    files
}

fn emit_lib(api: &Api, ctx: &Ctx) -> (TokenStream, Option<TokenStream>) {
    let file_part = ctx.is_used("multipart").then(|| {
        quote! {
            /// A file to upload in a multipart form.
            #[derive(Debug, Clone, PartialEq, Eq)]
            pub struct FilePart {
                /// The file's name as sent to the server.
                pub file_name: ::std::string::String,
                /// The file's content.
                pub bytes: ::std::vec::Vec<u8>,
                /// The media type, if known (for example `image/png`).
                pub content_type: ::std::option::Option<::std::string::String>,
            }

            impl FilePart {
                /// A file with a name and content.
                pub fn new(file_name: impl ::std::convert::Into<::std::string::String>, bytes: impl ::std::convert::Into<::std::vec::Vec<u8>>) -> Self {
                    FilePart { file_name: file_name.into(), bytes: bytes.into(), content_type: ::std::option::Option::None }
                }

                /// Sets the media type.
                pub fn content_type(mut self, content_type: impl ::std::convert::Into<::std::string::String>) -> Self {
                    self.content_type = ::std::option::Option::Some(content_type.into());
                    self
                }
            }
        }
    });
    let base64 = api.uses.base64.then(|| types::emit_base64(ctx));
    let support = (file_part.is_some() || base64.is_some()).then(|| {
        quote! {
            //! Value types shared by operations and models.

            #file_part
            #base64
        }
    });
    (quote_lib(support.is_some()), support)
}

fn quote_lib(support: bool) -> TokenStream {
    let support = support.then(|| {
        quote! {
            #[rustfmt::skip]
            mod support;
            pub use support::*;
        }
    });
    quote! {
        #![doc = include_str!("../README.md")]

        #[rustfmt::skip]
        pub mod builders;
        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        mod error;
        #[rustfmt::skip]
        mod runtime;
        #[rustfmt::skip]
        pub mod types;

        pub use client::{Client, ClientBuilder};
        pub use error::{DecodeError, Error, ErrorResponse, Response};
        #support
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

/// The name without a `r#` prefix.
pub fn names_unraw(name: &str) -> &str {
    crate::names::unraw(name)
}
