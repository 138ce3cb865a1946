//! Spec text -> doc attributes. Text is always passed through a string
//! literal token (so it can never close a comment or an attribute) and
//! escaped so rustdoc renders it as text: code fences become `text` blocks
//! (never doctests), indented lines are not code blocks, brackets are not
//! intra-doc links, HTML tags are shown literally, bare URLs are wrapped.

use proc_macro2::TokenStream;
use quote::quote;

/// Characters that never reach the output: NUL and other C0 controls
/// (except tab and newline), and Unicode bidirectional controls.
fn is_dropped(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// Removes characters that must not appear in generated source (also
/// used for string literals built from spec text).
pub fn clean(text: &str) -> String {
    text.chars().filter(|c| !is_dropped(*c)).collect()
}

/// Largest doc text kept from one spec string.
const MAX_DOC_CHARS: usize = 16 * 1024;

/// Escapes spec text as rustdoc Markdown.
pub fn escape(text: &str) -> String {
    if is_plain(text) {
        // What the full escape makes of it, without its allocations.
        return text.trim_start().to_owned();
    }
    escape_markdown(text)
}

/// Text the full escape leaves as it is, but for leading spaces: one
/// line of printable ASCII with nothing Markdown or rustdoc reads
/// specially (brackets, HTML, entities, code, emphasis that starts a
/// list, fences, URLs) and no list marker at its start.
fn is_plain(text: &str) -> bool {
    text.len() <= MAX_DOC_CHARS
        && text.bytes().all(|b| {
            (b == b' ' || b.is_ascii_graphic())
                && !matches!(
                    b,
                    b'[' | b']' | b'<' | b'>' | b'\\' | b'`' | b'*' | b'&' | b'~'
                )
        })
        && !text
            .trim_start()
            .starts_with(|c: char| c == '-' || c == '+' || c.is_ascii_digit())
        && !text.contains("http")
}

/// [`escape`] in full.
fn escape_markdown(text: &str) -> String {
    let text = if text.contains('\r') {
        clean(&text.replace("\r\n", "\n").replace('\r', "\n"))
    } else if text.chars().any(is_dropped) {
        clean(text)
    } else {
        text.to_owned()
    };
    let text: String = if text.len() > MAX_DOC_CHARS && text.chars().count() > MAX_DOC_CHARS {
        let mut cut: String = text.chars().take(MAX_DOC_CHARS).collect();
        cut.push('…');
        cut
    } else {
        text
    };
    let mut out = Vec::new();
    let mut in_fence: Option<String> = None;
    let mut list_indent: Option<usize> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(fence) = &in_fence {
            if trimmed.starts_with(fence.as_str())
                && trimmed
                    .trim_start_matches(fence.chars().next().unwrap_or('`'))
                    .trim()
                    .is_empty()
            {
                out.push(fence.clone());
                in_fence = None;
            } else {
                out.push(line.replace('\t', "    "));
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let ch = trimmed.chars().next().unwrap_or('`');
            let len = trimmed.chars().take_while(|c| *c == ch).count();
            let fence: String = std::iter::repeat_n(ch, len).collect();
            out.push(format!("{fence}text"));
            in_fence = Some(fence);
            continue;
        }
        let escaped = escape_inline(trimmed);
        if trimmed.is_empty() {
            list_indent = None;
            out.push(escaped);
        } else if let Some((marker, content)) = split_list_item(&escaped) {
            if content.is_empty() {
                // A marker alone opens an empty item: its punctuation is
                // escaped so it shows as text.
                let (head, last) = marker.split_at(marker.len() - 1);
                let indent = " ".repeat(list_indent.unwrap_or(0));
                out.push(format!("{indent}{head}\\{last}"));
                continue;
            }
            // One space after the marker, so the item's text starts where
            // its continuation lines will (clippy's lazy-continuation and
            // over-indentation lints both measure against it).
            list_indent = Some(marker.len() + 1);
            out.push(format!("{marker} {content}"));
        } else if let Some(indent) = list_indent {
            // A line after a list item continues it: indent it so rustdoc
            // (and clippy's `doc_lazy_continuation`) read it as intended.
            out.push(format!("{}{escaped}", " ".repeat(indent)));
        } else {
            out.push(escaped);
        }
    }
    if let Some(fence) = in_fence {
        out.push(fence);
    }
    // Trim blank lines at both ends.
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.trim().is_empty()) {
        out.remove(0);
    }
    out.join("\n")
}

/// Splits a line that starts a Markdown list item (`-`, `+`, `1.`, `2)`;
/// `*` is escaped, so it starts none) into its marker and its text, with
/// the spaces between them dropped. The text is empty for a marker alone.
fn split_list_item(line: &str) -> Option<(&str, &str)> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let marker_len = if line.starts_with(['-', '+']) {
        1
    } else if (1..10).contains(&digits) && line[digits..].starts_with(['.', ')']) {
        digits + 1
    } else {
        return None;
    };
    let (marker, rest) = line.split_at(marker_len);
    if rest.is_empty() {
        return Some((marker, ""));
    }
    // A marker must be followed by a space (tabs are spaces by now).
    rest.starts_with(' ').then(|| (marker, rest.trim_start()))
}

/// Escapes one line of prose, keeping its Markdown: code spans (a run
/// of backticks closed by a run of the same length) stay as they are,
/// with their text untouched, and emphasis, headings and tables stay.
/// Outside code spans, what would break rustdoc is escaped: brackets
/// (intra-doc links), `<` and `>` (HTML), `&`, backslashes, unmatched
/// backticks, and a `*` that would start a list item; bare URLs become
/// autolinks.
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    let mut at_start = true;
    while !rest.is_empty() {
        // A run of characters with nothing to escape, and that cannot
        // start a code span or a URL, is copied as it is.
        let plain = rest
            .find(|c| {
                matches!(
                    c,
                    '[' | ']' | '<' | '>' | '\\' | '`' | '*' | '&' | '\t' | 'h'
                )
            })
            .unwrap_or(rest.len());
        if plain > 0 {
            out.push_str(&rest[..plain]);
            rest = &rest[plain..];
            at_start = false;
            continue;
        }
        if let Some(span) = code_span(rest) {
            out.push_str(&rest[..span]);
            rest = &rest[span..];
            at_start = false;
            continue;
        }
        // Bare URLs become autolinks.
        if let Some(url_len) = url_at(rest) {
            let url = &rest[..url_len];
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url_len..];
            at_start = false;
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        match c {
            '[' | ']' | '<' | '>' | '\\' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '*' if at_start && rest[1..].starts_with([' ', '\t']) => out.push_str("\\*"),
            '&' => out.push_str("&amp;"),
            '\t' => out.push(' '),
            _ => out.push(c),
        }
        at_start = false;
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The length of a code span at the start of `text` (a run of backticks,
/// some text, and a run of the same number of backticks), if there is one
/// on this line.
fn code_span(text: &str) -> Option<usize> {
    let ticks = text.chars().take_while(|c| *c == '`').count();
    if ticks == 0 {
        return None;
    }
    let mut i = ticks;
    while i < text.len() {
        let rest = &text[i..];
        let run = rest.chars().take_while(|c| *c == '`').count();
        if run == ticks {
            return Some(i + run);
        }
        i += run.max(rest.chars().next().map_or(1, char::len_utf8));
    }
    None
}

/// Length of an http(s) URL at the start of `text`.
fn url_at(text: &str) -> Option<usize> {
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return None;
    }
    let end = text
        .find(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '<' | '>' | '"' | '`' | '[' | ']' | '{' | '}' | '|' | '\\' | '^'
                )
        })
        .unwrap_or(text.len());
    let url = text[..end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?', '\'']);
    (url.len() > "https://".len()).then_some(url.len())
}

/// True when spec text still says something once escaped (text made only
/// of dropped characters does not).
pub fn has_text(text: &str) -> bool {
    !escape(text).trim().is_empty()
}

/// `#[doc = "..."]` attributes for spec text (nothing for `None`/blank).
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    match text.map(escape).filter(|t| !t.trim().is_empty()) {
        Some(text) => doc_lines(&text),
        None => TokenStream::new(),
    }
}

/// Where doc text is wrapped: `/// ` and an item's indentation make the
/// lines end near 100 columns.
const WRAP: usize = 90;

/// Wraps Markdown at spaces so lines end near [`WRAP`] columns. Code
/// blocks, headings, table rows and words longer than the width are left
/// as they are; the lines a list item wraps into are indented to its
/// text (as clippy's lazy-continuation lint asks).
fn wrap(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / WRAP);
    let mut fence: Option<&str> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(if trimmed.starts_with("```") {
                "```"
            } else {
                "~~~"
            });
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if line.chars().count() <= WRAP || trimmed.starts_with(['#', '|']) {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let lead = line.len() - trimmed.len();
        let marker = split_list_item(trimmed).map_or(0, |(m, _)| m.len() + 1);
        let indent = " ".repeat(lead + marker);
        let mut width = 0;
        for (i, word) in line.split(' ').enumerate() {
            let len = word.chars().count();
            if i > 0
                && width + 1 + len > WRAP
                && !word.is_empty()
                && width > indent.len()
                && !starts_block(word)
            {
                out.push('\n');
                out.push_str(&indent);
                width = indent.len();
            } else if i > 0 {
                out.push(' ');
                width += 1;
            }
            out.push_str(word);
            width += len;
        }
        out.push('\n');
    }
    out
}

/// Whether a word at the start of a line would open a Markdown block (a
/// list item, a heading, a quote, a table row, a setext underline, a
/// fence) rather than continue the paragraph: wrapping never breaks a
/// line before one.
fn starts_block(word: &str) -> bool {
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    matches!(word, "-" | "+" | "*")
        || word.starts_with(['#', '>', '|'])
        || word.starts_with("```")
        || word.starts_with("~~~")
        || (!word.is_empty() && word.chars().all(|c| matches!(c, '=' | '-' | '_' | '*')))
        || ((1..10).contains(&digits) && matches!(&word[digits..], "." | ")"))
}

/// `#[doc = "..."]` attributes for text that is already Markdown written
/// by swaggen (not escaped again), wrapped near 100 columns.
pub fn doc_lines(text: &str) -> TokenStream {
    let wrapped = wrap(text);
    let lines = wrapped.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// Doc comment lines (`///`) at an indentation, for text swaggen lays
/// out itself (the bodies of model macros): the lines [`doc_lines`] makes,
/// as prettyplease prints them.
pub fn comment_lines(text: &str, indent: &str, out: &mut String) {
    for line in wrap(text).lines() {
        // As prettyplease prints doc attributes: no trailing blanks.
        let line = line.trim_end();
        out.push_str(indent);
        out.push_str("///");
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// [`comment_lines`] for spec text, escaped (nothing for `None`/blank).
pub fn spec_comment_lines(text: Option<&str>, indent: &str, out: &mut String) {
    if let Some(text) = text.map(escape).filter(|t| !t.trim().is_empty()) {
        comment_lines(&text, indent, out);
    }
}

/// Inner doc attributes (`//!`) from swaggen's own text, one per line.
pub fn inner_doc_lines(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| format!(" {l}"));
    quote! { #( #![doc = #lines] )* }
}

/// Escapes text for use inside an inline code span in swaggen's own docs.
pub fn code(text: &str) -> String {
    let text = clean(text).replace(['\n', '\r'], " ").replace('\t', "\\t");
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_table() {
        let table = [
            ("plain text", "plain text"),
            (
                "see [Foo] and <b>bold</b>",
                "see \\[Foo\\] and \\<b\\>bold\\</b\\>",
            ),
            ("a */ b \"#]", "a */ b \"#\\]"),
            // Markdown is kept: code spans (their text untouched), emphasis.
            (
                "use `snake_case` and `a[0] <b>`, *really*",
                "use `snake_case` and `a[0] <b>`, *really*",
            ),
            ("``a ` b`` then `x", "``a ` b`` then \\`x"),
            ("* not a list", "\\* not a list"),
            ("# Heading", "# Heading"),
            ("go to https://x.io/a_b.", "go to <https://x.io/a_b>."),
            ("```\nfn main() {}\n```", "```text\nfn main() {}\n```"),
            ("```rust\nlet x = 1;", "```text\nlet x = 1;\n```"),
            ("    indented code", "indented code"),
            ("bidi \u{202e}evil\u{2066} nul\0", "bidi evil nul"),
            ("a & b", "a &amp; b"),
            ("\n\nx\n\n", "x"),
            ("- a\nmore\n\nafter", "- a\n  more\n\nafter"),
            ("1. a\nmore", "1. a\n   more"),
            // Wide or tab gaps after a marker become one space, so the
            // continuation lines up with the item's text.
            ("-   a\nmore", "- a\n  more"),
            ("-\ta\nmore", "- a\n  more"),
            ("10)    a\n  more", "10) a\n    more"),
            (
                "text\n+ item\n   deep\nlazy",
                "text\n+ item\n  deep\n  lazy",
            ),
            // A marker alone is text, not an empty item.
            ("-\nnext", "\\-\nnext"),
            ("1.\nnext", "1\\.\nnext"),
            ("- a\n-\nb", "- a\n  \\-\n  b"),
            // Not list items.
            ("-dash", "-dash"),
            ("1.5 seconds", "1.5 seconds"),
            ("1234567890. x", "1234567890. x"),
        ];
        for (input, want) in table {
            assert_eq!(escape(input), want, "escape({input:?})");
        }
    }

    #[test]
    fn plain_text_takes_the_short_way_to_the_same_result() {
        let plain = [
            "plain text",
            "   leading spaces stay out",
            "trailing spaces stay in   ",
            "",
            "   ",
            "The user's name (optional), e.g. \"Ann\"; 50% off! #tag {x} | a_b",
        ];
        for text in plain {
            assert!(is_plain(text), "{text:?}");
            assert_eq!(escape(text), escape_markdown(text), "{text:?}");
        }
        let not_plain = [
            "two\nlines",
            "- item",
            "+ item",
            "1. first",
            "a [link]",
            "see http://x.io",
            "tab\there",
            "ümlaut",
            "~~~",
            "a `code` span",
            "* star",
            "a & b",
        ];
        for text in not_plain {
            assert!(!is_plain(text), "{text:?}");
        }
    }

    #[test]
    fn long_lines_wrap_near_the_width_and_list_items_keep_their_indent() {
        let long = "word ".repeat(40);
        let wrapped = wrap(long.trim_end());
        assert!(wrapped.lines().count() > 2);
        assert!(
            wrapped.lines().all(|l| l.chars().count() <= WRAP),
            "{wrapped}"
        );
        let item = format!("- {}", "item ".repeat(40).trim_end());
        let wrapped = wrap(&item);
        let mut lines = wrapped.lines();
        assert!(lines.next().is_some_and(|l| l.starts_with("- item")));
        assert!(lines.all(|l| l.starts_with("  item")), "{wrapped}");
        let numbered = format!("12. {}", "x ".repeat(60).trim_end());
        assert!(
            wrap(&numbered)
                .lines()
                .skip(1)
                .all(|l| l.starts_with("    x"))
        );
        // A line never starts with what would open a block.
        let prose = format!(
            "{} 9 - Software 2024. is - here",
            "word ".repeat(16).trim_end()
        );
        for line in wrap(&prose).lines().chain(wrap(&"a - ".repeat(40)).lines()) {
            assert!(
                !starts_block(line.split(' ').next().unwrap_or_default()),
                "{line:?}"
            );
        }
        // Fences, headings, tables and long words stay.
        let code = format!("```text\n{long}\n```");
        assert_eq!(wrap(&code).trim_end(), code);
        let url = format!("<https://example.com/{}>", "a".repeat(120));
        assert_eq!(wrap(&url).trim_end(), url);
        let heading = format!("# {}", long.trim_end());
        assert_eq!(wrap(&heading).trim_end(), heading);
    }

    #[test]
    fn code_spans() {
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("x"), "`x`");
    }
}
