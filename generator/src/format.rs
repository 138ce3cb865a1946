//! Formatting, the second half of rendering: token streams -> source
//! text, via `syn` (which also validates the tokens) and `prettyplease`,
//! with a blank line between items.

use proc_macro2::TokenStream;

use crate::diag::Diagnostic;

/// Formats items: tokens that do not parse are an internal error (a
/// swaggen bug), reported as a diagnostic rather than a panic.
pub fn items(tokens: TokenStream) -> Result<String, Diagnostic> {
    Ok(unparse_spaced(parse(tokens)?))
}

/// Tokens as a file of items; tokens that do not parse are the internal
/// error S9001.
fn parse(tokens: TokenStream) -> Result<syn::File, Diagnostic> {
    syn::parse2(tokens)
        .map_err(|e| internal(format!("swaggen produced Rust that does not parse ({e})")))
}

/// The impl members' tokens were not one `impl` block: the internal
/// error S9001.
fn not_one_impl() -> Diagnostic {
    internal("swaggen produced impl items that are not one impl block".to_owned())
}

fn internal(what: String) -> Diagnostic {
    Diagnostic::error("S9001", "", format!("internal error: {what}"))
        .with_help("this is a bug in swaggen; please report it with the spec")
}

/// The file as prettyplease writes it, with a blank line between items
/// (prettyplease puts none), so items read apart in a diff.
fn unparse_spaced(mut file: syn::File) -> String {
    let mut items = std::mem::take(&mut file.items).into_iter();
    // The other items go one by one in a file without the first's inner
    // attributes.
    let mut single = file.clone();
    single.attrs.clear();
    single.shebang = None;
    let mut out = match items.next() {
        // A first item that is an impl block is spaced like the others,
        // unless the file's inner attributes must be printed before it.
        Some(syn::Item::Impl(block)) if block.items.len() > 1 && file.attrs.is_empty() => {
            let mut out = String::new();
            impl_spaced(&mut single, block, &mut out);
            out
        }
        first => {
            file.items.extend(first);
            prettyplease::unparse(&file)
        }
    };
    for item in items {
        out.push('\n');
        match item {
            syn::Item::Impl(block) if block.items.len() > 1 => {
                impl_spaced(&mut single, block, &mut out);
            }
            item => {
                single.items = vec![item];
                out.push_str(&prettyplease::unparse(&single));
            }
        }
    }
    out
}

/// An `impl` block with a blank line between its items.
fn impl_spaced(single: &mut syn::File, block: syn::ItemImpl, out: &mut String) {
    let (header, members) = impl_parts(single, block);
    out.push_str(&header);
    out.push_str(&members);
    out.push_str("}\n");
}

/// The items of one `impl` block (given as tokens) as text, at their
/// indentation, a blank line between them, without the block's header and
/// closing brace: for a block whose opening swaggen laid out itself.
pub fn impl_members(tokens: TokenStream) -> Result<String, Diagnostic> {
    let mut file: syn::File = parse(tokens)?;
    match file.items.pop() {
        Some(syn::Item::Impl(block)) if file.items.is_empty() => Ok(impl_parts(&mut file, block).1),
        _ => Err(not_one_impl()),
    }
}

/// An `impl` block's header (its docs, attributes and opening line) and
/// its items: each item is printed in a copy of the block on its own, and
/// the copies' bodies are joined with a blank line between them.
fn impl_parts(single: &mut syn::File, mut block: syn::ItemImpl) -> (String, String) {
    let members = std::mem::take(&mut block.items);
    let mut header = String::new();
    let mut body = String::new();
    for (i, member) in members.into_iter().enumerate() {
        let mut one = block.clone();
        one.items = vec![member];
        single.items = vec![syn::Item::Impl(one)];
        let text = prettyplease::unparse(single);
        // The header starts at the `impl` line, after the block's docs
        // and attributes (docs may hold a line like `/// {`), and ends at
        // the first unindented line that opens the block; the body ends
        // before the closing `}`.
        let lines: Vec<&str> = text.lines().collect();
        let start = lines
            .iter()
            .position(|l| l.starts_with("impl") || l.starts_with("unsafe impl"))
            .unwrap_or(0);
        let open = lines
            .iter()
            .skip(start)
            .position(|l| !l.starts_with(char::is_whitespace) && l.ends_with('{'))
            .map_or(start, |i| start + i);
        let close = lines.iter().rposition(|l| *l == "}").unwrap_or(lines.len());
        if i == 0 {
            for line in lines.get(..=open).unwrap_or_default() {
                header.push_str(line);
                header.push('\n');
            }
        } else {
            body.push('\n');
        }
        for line in lines.get(open + 1..close).unwrap_or_default() {
            body.push_str(line);
            body.push('\n');
        }
    }
    (header, body)
}

#[cfg(test)]
mod tests {
    use super::items;

    #[test]
    fn impl_items_are_spaced_whatever_the_docs_hold() {
        let tokens: proc_macro2::TokenStream = syn::parse_quote! {
            #[doc = " An example body:"]
            #[doc = " {"]
            #[doc = "     \"a\": 1"]
            #[doc = " }"]
            #[cfg(feature = "x")]
            impl Client {
                #[doc = " One."]
                pub fn one(&self) {}
                #[doc = " Two."]
                pub fn two(&self) {}
            }
        };
        let text = items(tokens).unwrap_or_default();
        assert_eq!(
            text,
            "/// An example body:\n/// {\n///     \"a\": 1\n/// }\n#[cfg(feature = \"x\")]\nimpl Client {\n    /// One.\n    pub fn one(&self) {}\n\n    /// Two.\n    pub fn two(&self) {}\n}\n"
        );
        syn::parse_file(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    }
}
