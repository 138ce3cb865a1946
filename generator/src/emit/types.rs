//! Models: structs, enums, aliases and unions from `ir::TypeDef`.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc_attrs, doc_lines};
use super::{Ctx, ident, ty};
use crate::ir::{
    Api, BodyKind, Enum, EnumRepr, Outcome, Outcomes, Struct, Tagged, Ty, TypeDef, TypeKind,
    Variant,
};

fn type_docs(def: &TypeDef) -> TokenStream {
    match def.docs.as_deref().filter(|d| super::docs::has_text(d)) {
        Some(d) => doc_attrs(Some(d)),
        None => doc_lines(&def.about),
    }
}

/// The items of one type.
pub fn emit_type(def: &TypeDef, ctx: &Ctx, sizes: &Sizes<'_>) -> TokenStream {
    let docs = type_docs(def);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => emit_struct(&docs, &name, s),
        TypeKind::Enum(e) => emit_enum(&docs, &name, e, ctx),
        TypeKind::Alias(t) => {
            let t = ty(t);
            quote! {
                #docs
                pub type #name = #t;
            }
        }
        TypeKind::Tagged(t) => emit_tagged(&docs, &name, t, sizes),
        TypeKind::Untagged(v) => emit_untagged(&docs, &name, v, sizes),
        TypeKind::Outcomes(o) => emit_outcomes(&name, o, sizes),
    }
}

fn emit_struct(docs: &TokenStream, name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let fty = ty(&f.ty);
        let fdocs = match f.docs.as_deref().filter(|d| super::docs::has_text(d)) {
            Some(d) => doc_attrs(Some(d)),
            None => doc_lines(&format!("The {} property.", code(&f.wire))),
        };
        let read_only = f
            .read_only
            .then(|| doc_lines("\nSet by the server (read-only): leave it unset in requests."));
        let wire = &f.wire;
        let rename = (super::names_unraw(&f.name) != f.wire).then(|| quote!(rename = #wire,));
        let serde = if f.ty.is_option() {
            if f.required {
                quote!(#[serde(#rename default)])
            } else {
                quote!(#[serde(#rename default, skip_serializing_if = "::std::option::Option::is_none")])
            }
        } else if rename.is_some() {
            quote!(#[serde(#rename)])
        } else {
            quote!()
        };
        quote! {
            #fdocs
            #read_only
            #serde
            pub #fname: #fty,
        }
    });
    let additional = s.additional.as_ref().map(|t| {
        let t = ty(t);
        quote! {
            /// Properties not listed above.
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<::std::string::String, #t>,
        }
    });
    let default = s
        .fields
        .iter()
        .all(|f| f.ty.is_option())
        .then(|| quote!(Default,));
    let deserialize = emit_deserialize(name, s);
    // `#[non_exhaustive]`, so adding an optional property breaks no user:
    // a struct with required properties is made with `new` (the optional
    // ones are set on it), one without with `Default` (see `Struct::grows`).
    let non_exhaustive = s.grows().then(|| quote!(#[non_exhaustive]));
    let constructor = s.constructor().map(|required| {
        let args = required.iter().map(|f| {
            let n = ident(&f.name);
            let t = ty(&f.ty);
            quote!(#n: #t)
        });
        let inits = s.fields.iter().map(|f| {
            let n = ident(&f.name);
            if f.ty.is_option() {
                quote!(#n: ::std::option::Option::None,)
            } else {
                quote!(#n,)
            }
        });
        let additional = s
            .additional
            .as_ref()
            .map(|_| quote!(additional_properties: ::std::collections::BTreeMap::new(),));
        quote! {
            impl #name {
                /// A value with the required properties; the optional ones
                /// start unset (set them on the returned value).
                pub fn new(#(#args),*) -> Self {
                    #name { #(#inits)* #additional }
                }
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize)]
        #non_exhaustive
        pub struct #name {
            #(#fields)*
            #additional
        }

        #constructor

        #deserialize
    }
}

/// `Deserialize` for a struct, written out rather than derived: one map
/// visitor matching keys as text. serde's derive also generates a field
/// identifier type with its own visitor and a sequence form; on large specs
/// the derived impls were most of the crate's compile time.
fn emit_deserialize(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let local = |f: &crate::ir::Field| quote::format_ident!("f_{}", super::names_unraw(&f.name));
    // Each local's type is inferred from the field it fills.
    let decls = s.fields.iter().map(|f| {
        let l = local(f);
        quote!(let mut #l = ::std::option::Option::None;)
    });
    let arms = s.fields.iter().map(|f| {
        let l = local(f);
        let wire = &f.wire;
        if f.ty.is_option() {
            quote!(#wire => #l = map.next_value()?,)
        } else {
            quote!(#wire => #l = ::std::option::Option::Some(map.next_value()?),)
        }
    });
    let inits = s.fields.iter().map(|f| {
        let l = local(f);
        let field = ident(&f.name);
        let wire = &f.wire;
        if f.ty.is_option() {
            quote!(#field: #l,)
        } else {
            quote!(#field: #l.ok_or_else(|| ::serde::de::Error::missing_field(#wire))?,)
        }
    });
    let (rest_decl, rest, rest_init) = match &s.additional {
        Some(_) => (
            { quote!(let mut additional = ::std::collections::BTreeMap::new();) },
            quote!(additional.insert(key.into_string(), map.next_value()?);),
            quote!(additional_properties: additional,),
        ),
        None => (
            TokenStream::new(),
            quote!(map.next_value::<::serde::de::IgnoredAny>()?;),
            TokenStream::new(),
        ),
    };
    let expecting = format!("struct {}", super::names_unraw(&name.to_string()));
    // With no known fields, every key goes to the catch-all.
    let (key, each) = if s.fields.is_empty() {
        let key = if s.additional.is_some() {
            quote!(key)
        } else {
            quote!(_key)
        };
        (key, rest)
    } else {
        (
            quote!(key),
            quote!(match key.as_str() { #(#arms)* _ => { #rest } }),
        )
    };
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct Visitor;
                impl<'de> ::serde::de::Visitor<'de> for Visitor {
                    type Value = crate::types::#name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<Self::Value, A::Error> {
                        #(#decls)*
                        #rest_decl
                        while let ::std::option::Option::Some(#key) = map.next_key::<crate::runtime::de::Key<'de>>()? {
                            #each
                        }
                        ::std::result::Result::Ok(crate::types::#name { #(#inits)* #rest_init })
                    }
                }
                deserializer.deserialize_map(Visitor)
            }
        }
    }
}

fn emit_enum(docs: &TokenStream, name: &proc_macro2::Ident, e: &Enum, ctx: &Ctx) -> TokenStream {
    let other = ident(&e.other);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let variant_docs = e.variants.iter().map(|v| {
        match v
            .docs
            .as_deref()
            .map(super::escape_docs)
            .filter(|d| !d.trim().is_empty())
        {
            Some(d) => doc_lines(&format!("{}: {d}", code(&v.wire))),
            None => doc_lines(&code(&v.wire)),
        }
    });
    let to_param = ctx.is_used("to_param").then(|| {
        quote! {
            impl crate::runtime::param::ToParam for #name {
                fn to_param(&self) -> ::std::string::String {
                    self.to_string()
                }
            }
        }
    });
    match e.repr {
        EnumRepr::String => {
            let wires: Vec<_> = e.variants.iter().map(|v| v.wire.as_str()).collect();
            quote! {
                    #docs
                    #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
                    #[non_exhaustive]
            pub enum #name {
                        #( #variant_docs #variants, )*
                        /// A value this client does not know (the server may add values).
                        #other(::std::string::String),
                    }

                    impl #name {
                        /// The value as sent on the wire.
                        pub fn as_str(&self) -> &str {
                            match self {
                                #( #name::#variants => #wires, )*
                                #name::#other(value) => value.as_str(),
                            }
                        }
                    }

                    impl ::std::convert::From<&str> for #name {
                        fn from(value: &str) -> Self {
                            match value {
                                #( #wires => #name::#variants, )*
                                other => #name::#other(other.to_owned()),
                            }
                        }
                    }

                    impl ::std::fmt::Display for #name {
                        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            f.write_str(self.as_str())
                        }
                    }

                    impl ::serde::Serialize for #name {
                        fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                            serializer.serialize_str(self.as_str())
                        }
                    }

                    impl<'de> ::serde::Deserialize<'de> for #name {
                        fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                            let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                            ::std::result::Result::Ok(#name::from(value.as_str()))
                        }
                    }

                    #to_param
                }
        }
        EnumRepr::Integer => {
            let values: Vec<i64> = e
                .variants
                .iter()
                .map(|v| v.wire.parse().unwrap_or_default())
                .collect();
            quote! {
                    #docs
                    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
                    #[non_exhaustive]
            pub enum #name {
                        #( #variant_docs #variants, )*
                        /// A value this client does not know (the server may add values).
                        #other(i64),
                    }

                    impl #name {
                        /// The value as sent on the wire.
                        pub fn value(self) -> i64 {
                            match self {
                                #( #name::#variants => #values, )*
                                #name::#other(value) => value,
                            }
                        }
                    }

                    impl ::std::convert::From<i64> for #name {
                        fn from(value: i64) -> Self {
                            match value {
                                #( #values => #name::#variants, )*
                                other => #name::#other(other),
                            }
                        }
                    }

                    impl ::std::fmt::Display for #name {
                        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            ::std::write!(f, "{}", self.value())
                        }
                    }

                    impl ::serde::Serialize for #name {
                        fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                            serializer.serialize_i64(self.value())
                        }
                    }

                    impl<'de> ::serde::Deserialize<'de> for #name {
                        fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                            let value = <i64 as ::serde::Deserialize>::deserialize(deserializer)?;
                            ::std::result::Result::Ok(#name::from(value))
                        }
                    }

                    #to_param
                }
        }
    }
}

/// A payload type, boxed when it would make the enum much larger than its
/// other variants.
fn payload(t: &Ty, sizes: &Sizes<'_>, smallest: usize) -> TokenStream {
    if sizes.size(t, 0) > smallest + 128 {
        let t = ty(t);
        quote!(::std::boxed::Box<#t>)
    } else {
        ty(t)
    }
}

fn smallest(sizes: &Sizes<'_>, tys: &[Option<&Ty>]) -> usize {
    tys.iter()
        .map(|t| t.map_or(0, |t| sizes.size(t, 0)))
        .min()
        .unwrap_or(0)
}

fn emit_tagged(
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    t: &Tagged,
    sizes: &Sizes<'_>,
) -> TokenStream {
    let tag = &t.tag;
    let min = smallest(
        sizes,
        &t.variants.iter().map(|v| Some(&v.ty)).collect::<Vec<_>>(),
    );
    let variants = t.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = &v.wire;
        let p = payload(&v.ty, sizes, min);
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
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    variants: &[Variant],
    sizes: &Sizes<'_>,
) -> TokenStream {
    let min = smallest(
        sizes,
        &variants.iter().map(|v| Some(&v.ty)).collect::<Vec<_>>(),
    );
    let variants = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let p = payload(&v.ty, sizes, min);
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

/// Whether an outcome's payload is boxed in its enum.
pub fn outcome_boxed(outcomes: &[Outcome], index: usize, sizes: &Sizes<'_>) -> bool {
    let tys: Vec<Option<Ty>> = outcomes.iter().map(|o| outcome_ty(&o.body)).collect();
    let refs: Vec<Option<&Ty>> = tys.iter().map(Option::as_ref).collect();
    let min = smallest(sizes, &refs);
    tys[index]
        .as_ref()
        .is_some_and(|t| sizes.size(t, 0) > min + 128)
}

fn emit_outcomes(name: &proc_macro2::Ident, o: &Outcomes, sizes: &Sizes<'_>) -> TokenStream {
    let builder = &o.builder;
    let what = if o.error {
        "The error bodies"
    } else {
        "The successful outcomes"
    };
    let docs = doc_lines(&format!(
        "{what} of [`{builder}`](crate::builders::{builder}), by status code."
    ));
    let outcomes = o.outcomes.as_slice();
    let error_enum = o.error;
    let variants = outcomes.iter().enumerate().map(|(i, o)| {
        let vname = ident(&o.name);
        let status = match o.status {
            Some(s) => format!("Status {s}"),
            None => "Any other status".to_owned(),
        };
        let vdocs = match o
            .docs
            .as_deref()
            .map(super::escape_docs)
            .filter(|d| !d.trim().is_empty())
        {
            // The status on its own paragraph: `d` may open with a fence.
            Some(d) => doc_lines(&format!("{status}.\n\n{d}")),
            None => doc_lines(&format!("{status}.")),
        };
        match outcome_ty(&o.body) {
            Some(t) => {
                let p = if outcome_boxed(outcomes, i, sizes) {
                    let t = ty(&t);
                    quote!(::std::boxed::Box<#t>)
                } else {
                    ty(&t)
                };
                quote!( #vdocs #vname(#p), )
            }
            None => quote!( #vdocs #vname, ),
        }
    });
    // Error enums decode from a status and a body.
    let decode =
        (error_enum && outcomes.iter().all(|o| matches!(o.body, BodyKind::Json(_)))).then(|| {
            let arms = outcomes.iter().enumerate().map(|(i, o)| {
                let vname = ident(&o.name);
                let wrap = if outcome_boxed(outcomes, i, sizes) {
                    quote!(.map(::std::boxed::Box::new))
                } else {
                    quote!()
                };
                let pat = match o.status {
                    Some(s) => quote!(#s),
                    None => quote!(_),
                };
                quote!(#pat => ::serde_json::from_slice(body).ok()#wrap.map(#name::#vname),)
            });
            let fallback = outcomes
                .iter()
                .all(|o| o.status.is_some())
                .then(|| quote!(_ => ::std::option::Option::None,));
            quote! {
                impl #name {
                    /// Decodes an error body by status code.
                    pub(crate) fn decode(status: u16, body: &[u8]) -> ::std::option::Option<Self> {
                        match status {
                            #(#arms)*
                            #fallback
                        }
                    }
                }
            }
        });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
        #decode
    }
}

/// Rough in-memory sizes of types, to box enum payloads that would make
/// an enum much larger than its other variants (clippy's
/// `large_enum_variant`).
pub struct Sizes<'a> {
    types: BTreeMap<&'a str, &'a TypeDef>,
}

impl<'a> Sizes<'a> {
    /// Indexes the API's types.
    pub fn new(api: &'a Api) -> Self {
        Sizes {
            types: api.types.iter().map(|t| (t.name.as_str(), t)).collect(),
        }
    }

    /// Approximate size in bytes.
    pub fn size(&self, t: &Ty, depth: usize) -> usize {
        if depth > 16 {
            return 64;
        }
        match t {
            Ty::Bool => 1,
            Ty::I32 | Ty::F32 => 4,
            Ty::I64 | Ty::F64 | Ty::Boxed(_) => 8,
            Ty::DateTime => 16,
            Ty::Date => 4,
            Ty::String | Ty::Base64 | Ty::Bytes | Ty::Vec(_) | Ty::Map(_) => 24,
            Ty::Json => 32,
            Ty::Option(inner) => self.size(inner, depth + 1) + 8,
            Ty::Named(n) => match self.types.get(n.as_str()).map(|d| &d.kind) {
                Some(TypeKind::Struct(s)) => {
                    s.fields
                        .iter()
                        .map(|f| self.size(&f.ty, depth + 1))
                        .sum::<usize>()
                        + if s.additional.is_some() { 24 } else { 0 }
                }
                Some(TypeKind::Enum(_)) => 24,
                Some(TypeKind::Alias(inner)) => self.size(inner, depth + 1),
                Some(TypeKind::Tagged(Tagged { variants, .. }) | TypeKind::Untagged(variants)) => {
                    8 + variants
                        .iter()
                        .map(|v| self.size(&v.ty, depth + 1).min(136))
                        .max()
                        .unwrap_or(0)
                }
                Some(TypeKind::Outcomes(_)) | None => 64,
            },
        }
    }
}
