//! The runtime: modules of the `swaggen-runtime` workspace crate
//! (`runtime/src/`), copied whole into a generated crate's
//! `src/runtime/`. Which modules a crate receives follows from what its
//! operations and types need (`ir::Needs`, decided in lowering); each
//! optional module brings one dependency.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::Needs;

/// One module of the runtime crate.
pub struct Module {
    /// The module's name (its file is `src/runtime/{name}.rs`).
    pub name: &'static str,
    /// Its source, as in the runtime crate.
    pub source: &'static str,
}

const fn module(name: &'static str, source: &'static str) -> Module {
    Module { name, source }
}

/// Every generated crate's modules.
const ALWAYS: [Module; 6] = [
    module("de", include_str!("../../../runtime/src/de.rs")),
    module("error", include_str!("../../../runtime/src/error.rs")),
    module("model", include_str!("../../../runtime/src/model.rs")),
    module("param", include_str!("../../../runtime/src/param.rs")),
    module("request", include_str!("../../../runtime/src/request.rs")),
    module("retry", include_str!("../../../runtime/src/retry.rs")),
];
const BASE64: Module = module(
    "base64_data",
    include_str!("../../../runtime/src/base64_data.rs"),
);
const DATES: Module = module("dates", include_str!("../../../runtime/src/dates.rs"));
const MULTIPART: Module = module(
    "multipart",
    include_str!("../../../runtime/src/multipart.rs"),
);
const PAGING: Module = module("paging", include_str!("../../../runtime/src/paging.rs"));
const LRO: Module = module("lro", include_str!("../../../runtime/src/lro.rs"));

/// The runtime modules a crate receives: the core ones, and each
/// optional one its API needs, in name order.
pub fn modules(needs: Needs) -> Vec<&'static Module> {
    let mut modules: Vec<&'static Module> = ALWAYS.iter().collect();
    for (needed, module) in [
        (needs.base64, &BASE64),
        (needs.dates, &DATES),
        (needs.multipart, &MULTIPART),
        (needs.paging, &PAGING),
        (needs.lro, &LRO),
    ] {
        if needed {
            modules.push(module);
        }
    }
    modules.sort_by_key(|m| m.name);
    modules
}

/// `src/runtime/mod.rs`: the module declarations.
pub fn emit_mod(modules: &[&Module]) -> TokenStream {
    let names = modules.iter().map(|m| ident(m.name));
    quote! {
        //! The runtime every operation shares: building and sending
        //! requests, reading responses, errors. Copied from swaggen's
        //! runtime crate; public so that no item is dead code whatever
        //! features are on, but hidden: not part of the API.

        #(
            pub mod #names;
        )*
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_module_parses_and_never_names_the_crate_root() {
        let all = Needs {
            dates: true,
            multipart: true,
            base64: true,
            paging: true,
            lro: true,
        };
        for m in modules(all) {
            syn::parse_file(m.source).unwrap_or_else(|e| panic!("{}: {e}", m.name));
            // In a generated crate the modules live in `crate::runtime`.
            // (`$crate::` is whichever crate expands the model macros, and
            // `$crate::runtime` this module there.)
            // Doc links in what the macros write resolve in the crate
            // that expands them too.
            let source = m.source.replace("$crate::", "").replace("](crate::", "](");
            assert!(!source.contains("crate::"), "{} names `crate::`", m.name);
        }
        assert_eq!(modules(Needs::default()).len(), ALWAYS.len());
    }
}
