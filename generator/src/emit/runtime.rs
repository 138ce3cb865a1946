//! The shared runtime module and the error type: hand-written Rust kept in
//! `static/`, of which the runtime keeps only the sections the generated
//! operations call.

use std::str::FromStr;

use proc_macro2::TokenStream;

use super::Ctx;
use crate::ir::Api;

const RUNTIME: &str = include_str!("static/runtime.rs");
const ERROR: &str = include_str!("static/error.rs");

fn tokens(source: &str) -> TokenStream {
    // The static sources are part of swaggen and are tested to parse.
    TokenStream::from_str(source).unwrap_or_default()
}

/// The error module.
pub fn emit_error(ctx: &Ctx) -> TokenStream {
    tokens(&filter_sections(ERROR, |name| ctx.is_used(name)))
}

/// Keeps the lines of `source` whose enclosing `// @section NAME` markers
/// are all enabled.
pub fn filter_sections(source: &str, enabled: impl Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(source.len());
    let mut stack: Vec<bool> = Vec::new();
    for line in source.lines() {
        let trimmed = line.trim();
        if let Some(name) = trimmed.strip_prefix("// @section ") {
            let parent = stack.last().copied().unwrap_or(true);
            stack.push(parent && enabled(name.trim()));
            continue;
        }
        if trimmed == "// @end" {
            stack.pop();
            continue;
        }
        if stack.last().copied().unwrap_or(true) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The runtime module, with the sections the other files used.
pub fn emit_runtime(api: &Api, ctx: &Ctx) -> TokenStream {
    let source = filter_sections(RUNTIME, |name| match name {
        "chrono" => api.uses.chrono,
        other => ctx.is_used(other),
    });
    if api.features.is_empty() {
        tokens(&source)
    } else {
        // Features can compile out every caller of a runtime item; public
        // (hidden) items are never dead code.
        tokens(&source.replace("pub(crate) ", "pub "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_sources_parse_whole() {
        for source in [RUNTIME, ERROR] {
            let all = filter_sections(source, |_| true);
            syn::parse_file(&all).expect("static source parses");
        }
        let none = filter_sections(RUNTIME, |_| false);
        syn::parse_file(&none).expect("runtime with no sections parses");
    }

    #[test]
    fn nested_sections_need_every_parent() {
        let src = "a\n// @section x\nb\n// @section y\nc\n// @end\n// @end\nd\n";
        assert_eq!(filter_sections(src, |n| n == "y"), "a\nd\n");
        assert_eq!(filter_sections(src, |n| n == "x"), "a\nb\nd\n");
        assert_eq!(filter_sections(src, |_| true), "a\nb\nc\nd\n");
    }
}
