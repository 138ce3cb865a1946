//! Names are decided here, once. Every spec string that becomes a Rust
//! identifier goes through this module: case conversion with heck, `r#` for
//! keywords that allow it, a `_` suffix for `self`/`Self`/`super`/`crate`, a
//! prefix for a leading digit, ASCII only, and a deterministic numeric suffix
//! for collisions within a scope.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of Rust 2024 that can be raw identifiers.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Replaces every character outside `[A-Za-z0-9_]` so heck sees word
/// boundaries. Symbol-only names get words so they stay distinguishable.
fn ascii_words(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_alphanumeric() {
            // Non-ASCII letters: keep them distinct and deterministic.
            out.push_str(&format!(" U{:x} ", c as u32));
        } else {
            out.push(' ');
        }
    }
    if out.trim().is_empty() && !input.is_empty() {
        // Symbols only (`+`, `<=`, `*`): spell them.
        for c in input.chars() {
            let word = match c {
                '+' => "plus",
                '-' => "minus",
                '*' => "star",
                '/' => "slash",
                '<' => "lt",
                '>' => "gt",
                '=' => "eq",
                '!' => "not",
                '.' => "dot",
                '@' => "at",
                '#' => "hash",
                '$' => "dollar",
                '%' => "percent",
                '&' => "and",
                '|' => "or",
                '~' => "tilde",
                '^' => "caret",
                '?' => "question",
                ':' => "colon",
                ',' => "comma",
                ';' => "semicolon",
                '_' => "underscore",
                _ => "symbol",
            };
            out.push(' ');
            out.push_str(word);
        }
    }
    out
}

/// Longest identifier made from a spec name. Longer names are cut and given
/// a hash of the whole name (so they stay distinct and deterministic):
/// rustdoc writes a file per type, and file names have a length limit.
const MAX_IDENT: usize = 64;

/// `name` cut to [`MAX_IDENT`] characters, with a hash of the whole name.
fn capped(name: String, sep: &str) -> String {
    if name.len() <= MAX_IDENT {
        return name;
    }
    // FNV-1a: small, stable across platforms and releases.
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    let keep: String = name.chars().take(MAX_IDENT - 9 - sep.len()).collect();
    let keep = keep.trim_end_matches('_');
    format!("{keep}{sep}{:08x}", hash & 0xffff_ffff)
}

/// A `snake_case` identifier (fields, methods, parameters, modules).
pub fn snake(input: &str) -> String {
    let mut name = capped(ascii_words(input).to_snake_case(), "_");
    if name.is_empty() {
        name = "value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'n');
    }
    keyword_safe(name)
}

/// The name of a type nested in `parent` and named after `child` (a
/// property or parameter): `parent` + `child` in camel case, without
/// saying the parent twice (`Click` + `ClickLocation` is
/// `ClickLocation`, not `ClickClickLocation`).
pub fn nested(parent: &str, child: &str) -> String {
    let child = camel(child);
    let parent = unraw(parent);
    // Only at a word boundary: `Pet` + `petition` stays `PetPetition`.
    let stutters = child
        .strip_prefix(parent)
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()));
    if stutters {
        child
    } else {
        format!("{parent}{child}")
    }
}

/// An `UpperCamelCase` identifier (types, enum variants).
pub fn camel(input: &str) -> String {
    let mut name = capped(ascii_words(input).to_upper_camel_case(), "H");
    if name.is_empty() {
        name = "Value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if name == "Self" {
        // `Self_` would not be camel case (rustc warns).
        return "SelfValue".to_owned();
    }
    keyword_safe(name)
}

/// An enum variant for a value: like [`camel`], but the empty string
/// becomes `Empty`.
pub fn variant(input: &str) -> String {
    if input.is_empty() {
        "Empty".to_owned()
    } else {
        camel(input)
    }
}

/// Makes a keyword usable: raw where Rust allows it, suffixed otherwise.
fn keyword_safe(name: String) -> String {
    if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The identifier without a `r#` prefix (for deriving other names).
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// One namespace: hands out unique names, deterministically, in the order
/// asked. A name taken twice gets `2`, `3`, ... (`_2` in snake case).
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope where `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Scope {
        Scope {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Reserves `candidate`, or the first free suffixed form of it.
    pub fn claim(&mut self, candidate: &str) -> String {
        // Names composed from several spec names (inline types) are capped
        // here as well.
        let capped_candidate;
        let candidate = if candidate.len() > MAX_IDENT {
            let sep = if candidate.contains('_')
                || candidate.starts_with(|c: char| c.is_ascii_lowercase())
            {
                "_"
            } else {
                "H"
            };
            capped_candidate = capped(unraw(candidate).to_owned(), sep);
            capped_candidate.as_str()
        } else {
            candidate
        };
        let base = unraw(candidate);
        if self.taken.insert(base.to_owned()) {
            return candidate.to_owned();
        }
        let sep = if base.contains('_') || base.starts_with(|c: char| c.is_ascii_lowercase()) {
            "_"
        } else {
            ""
        };
        let base = base.trim_end_matches('_');
        (2..)
            .map(|n| format!("{base}{sep}{n}"))
            .find(|name| self.taken.insert(name.clone()))
            .unwrap_or_default()
    }
}

/// True for a valid HTTP header field name (an RFC 9110 token).
pub fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// True for header or parameter names whose values look secret (redacted
/// in `Debug`, marked sensitive in requests).
pub fn looks_secret(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        "token",
        "key",
        "secret",
        "password",
        "authorization",
        "auth",
        "cookie",
        "session",
        "credential",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// A valid Cargo package name from a title (`[A-Za-z0-9_-]`, starting with
/// a letter, at most 64 characters).
pub fn package_name(input: &str) -> String {
    let mut name = snake(input).trim_start_matches("r#").replace('_', "-");
    name.truncate(64);
    let name = name.trim_matches('-').to_owned();
    if name.is_empty() {
        "api-client".to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("api-{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_table() {
        let table = [
            ("getMessagesOutbound", "get_messages_outbound"),
            ("X-Postmark-Server-Token", "x_postmark_server_token"),
            ("client_company", "client_company"),
            ("type", "r#type"),
            ("ref", "r#ref"),
            ("gen", "r#gen"),
            ("self", "self_"),
            ("Self", "self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("2fa", "n2fa"),
            ("", "value"),
            ("名前", "u540d_u524d"),
            ("$filter", "filter"),
            ("+", "plus"),
            ("<=", "lt_eq"),
            ("_", "underscore"),
            ("@odata.type", "odata_type"),
        ];
        for (input, want) in table {
            assert_eq!(snake(input), want, "snake({input:?})");
        }
    }

    #[test]
    fn long_names_are_capped_distinctly() {
        let a = snake(&"a".repeat(300));
        let b = snake(&format!("{}b", "a".repeat(299)));
        assert!(a.len() <= MAX_IDENT && b.len() <= MAX_IDENT, "{a} {b}");
        assert_ne!(a, b);
        assert_eq!(a, snake(&"a".repeat(300)), "deterministic");
        let c = camel(&"very long name ".repeat(30));
        assert!(c.len() <= MAX_IDENT, "{c}");
        assert!(c.starts_with("VeryLongName"), "{c}");
    }

    #[test]
    fn nested_names_do_not_stutter() {
        let cases = [
            ("Click", "ClickLocation", "ClickLocation"),
            ("Click", "click_location", "ClickLocation"),
            ("Click", "Platform", "ClickPlatform"),
            ("Pet", "petition", "PetPetition"),
            ("Pet", "Pet", "PetPet"),
            ("GetMessagesOutbound", "status", "GetMessagesOutboundStatus"),
        ];
        for (parent, child, want) in cases {
            assert_eq!(nested(parent, child), want, "{parent} + {child}");
        }
    }

    #[test]
    fn camel_table() {
        let table = [
            ("message", "Message"),
            ("Self", "SelfValue"),
            ("self", "SelfValue"),
            ("1st", "V1st"),
            ("", "Value"),
            ("io.k8s.api.core.v1.Pod", "IoK8sApiCoreV1Pod"),
            ("HTML", "Html"),
            ("-1", "V1"),
            ("café", "CafUe9"),
        ];
        for (input, want) in table {
            assert_eq!(camel(input), want, "camel({input:?})");
        }
        assert_eq!(variant(""), "Empty");
        assert_eq!(camel("-"), "Minus");
    }

    #[test]
    fn scope_suffixes_collisions_deterministically() {
        let mut scope = Scope::with_reserved(&["Client", "Error"]);
        assert_eq!(scope.claim("Client"), "Client2");
        assert_eq!(scope.claim("Client"), "Client3");
        assert_eq!(scope.claim("Pet"), "Pet");
        let mut fields = Scope::default();
        assert_eq!(fields.claim("r#type"), "r#type");
        assert_eq!(fields.claim("r#type"), "type_2");
        assert_eq!(fields.claim("a_b"), "a_b");
        assert_eq!(fields.claim("a_b"), "a_b_2");
    }

    #[test]
    fn package_names() {
        assert_eq!(package_name("Postmark API"), "postmark-api");
        assert_eq!(package_name("名前"), "u540d-u524d");
        assert_eq!(package_name("123"), "n123");
        assert_eq!(package_name("!!!"), "not-not-not");
    }
}
