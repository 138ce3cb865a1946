//! Stage 1, load: text -> a JSON value tree, plus a locator that maps JSON
//! pointers back to line and column in the original text.
//!
//! YAML is read with `serde_yaml` (multi-document aware: empty documents are
//! accepted, two non-empty ones are an error); JSON with `serde_json`, since
//! real JSON specs contain control characters that YAML parsers reject.
//! Both become one `serde_json::Value` tree so later stages see one shape.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Number, Value};

use crate::diag::Diagnostic;

/// Largest spec swaggen reads.
pub const MAX_SPEC_BYTES: usize = 64 * 1024 * 1024;

/// The hint for an input over [`MAX_SPEC_BYTES`].
const SIZE_HELP: &str =
    "split the spec into files joined by relative `$ref`s (each file is limited separately)";
/// Deepest nesting of YAML/JSON values swaggen accepts.
pub const MAX_DEPTH: usize = 256;

/// The text format of a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// YAML (any document that does not start with `{` or `[`).
    Yaml,
    /// JSON.
    Json,
}

/// One input file's text.
#[derive(Debug)]
pub struct Source {
    /// The path as the user gave it (used in diagnostics).
    pub path: PathBuf,
    /// The whole text.
    pub text: String,
    /// YAML or JSON.
    pub format: Format,
    index: OnceCell<Option<LocNode>>,
}

impl Source {
    /// Reads a file; a missing or unreadable file is an `S0001` error.
    pub fn read(path: &Path) -> Result<Source, Diagnostic> {
        let meta = std::fs::metadata(path).map_err(|e| read_error(path, &e))?;
        if meta.len() > MAX_SPEC_BYTES as u64 {
            return Err(Diagnostic::error(
                "S0005",
                "",
                format!(
                    "the file is {} bytes; swaggen reads at most {MAX_SPEC_BYTES} bytes",
                    meta.len()
                ),
            )
            .in_file(path)
            .with_help(SIZE_HELP));
        }
        let bytes = std::fs::read(path).map_err(|e| read_error(path, &e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            Diagnostic::error(
                "S0002",
                "",
                format!(
                    "the file is not valid UTF-8 (byte {})",
                    e.utf8_error().valid_up_to()
                ),
            )
            .in_file(path)
            .with_help("save the spec as UTF-8")
        })?;
        Ok(Source::from_text(path, text))
    }

    /// Wraps text already in memory; the format is guessed from the first
    /// non-blank character (`{` or `[` means JSON).
    pub fn from_text(path: impl Into<PathBuf>, text: String) -> Source {
        let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
        let format = if trimmed.starts_with('{') || trimmed.starts_with('[') {
            Format::Json
        } else {
            Format::Yaml
        };
        Source {
            path: path.into(),
            text,
            format,
            index: OnceCell::new(),
        }
    }

    /// Parses the text into a value tree.
    pub fn parse(&self) -> Result<Value, Diagnostic> {
        if self.text.len() > MAX_SPEC_BYTES {
            return Err(self
                .error_at(
                    "S0005",
                    None,
                    format!(
                        "the input is {} bytes; swaggen reads at most {MAX_SPEC_BYTES}",
                        self.text.len()
                    ),
                )
                .with_help(SIZE_HELP));
        }
        let text = self.text.strip_prefix('\u{feff}').unwrap_or(&self.text);
        match self.format {
            Format::Json => serde_json::from_str(text).map_err(|e| {
                let at = Some((e.line(), e.column()));
                if e.to_string().contains("recursion limit") {
                    self.error_at("S0005", at, format!("the JSON nests too deeply: {e}"))
                        .with_help("nest the document less deeply (serde_json stops at 128 levels)")
                } else {
                    self.error_at("S0002", at, format!("invalid JSON: {e}"))
                        .with_help("fix the JSON syntax at the position shown")
                }
            }),
            Format::Yaml => self.parse_yaml(text),
        }
    }

    fn parse_yaml(&self, text: &str) -> Result<Value, Diagnostic> {
        let mut found: Option<Value> = None;
        for (index, document) in serde_yaml::Deserializer::from_str(text).enumerate() {
            let FromYaml(value) = FromYaml::deserialize(document).map_err(|e| {
                let at = e.location().map(|l| (l.line(), l.column()));
                let text = e.to_string();
                if text.contains("recursion limit") {
                    self.error_at("S0005", at, format!("the YAML nests too deeply: {e}"))
                        .with_help("nest the document less deeply (at most 128 levels)")
                } else if text.contains("repetition limit") {
                    self.error_at("S0005", at, format!("the YAML's aliases expand too far: {e}"))
                        .with_help("YAML aliases (`*name`) expanding to huge documents are refused; write the values out or use `$ref`")
                } else {
                    self.error_at("S0002", at, format!("invalid YAML: {e}"))
                        .with_help("fix the YAML syntax at the position shown")
                }
            })?;
            if value.is_null() {
                continue;
            }
            if found.is_some() {
                return Err(self.error_at(
                    "S0002",
                    None,
                    format!("the file holds more than one non-empty YAML document (document {} is the second)", index + 1),
                )
                .with_help("keep one Swagger document per file"));
            }
            found = Some(value);
        }
        found.ok_or_else(|| {
            self.error_at("S0003", None, "the file holds no document".to_owned())
                .with_help("point swaggen at a Swagger 2.0 spec")
        })
    }

    fn error_at(&self, code: &'static str, at: Option<(usize, usize)>, msg: String) -> Diagnostic {
        Diagnostic::error(code, "", msg).in_file(&self.path).at(at)
    }

    /// Line and column (1-based) of the node a JSON pointer names, when the
    /// text can be indexed. Computed lazily, once, on first use.
    pub fn locate(&self, pointer: &str) -> Option<(usize, usize)> {
        let root = self.index.get_or_init(|| index_text(&self.text)).as_ref()?;
        let mut node = root;
        let mut best = node.at;
        if pointer.is_empty() {
            return Some(best);
        }
        for raw in pointer.trim_start_matches('/').split('/') {
            let segment = raw.replace("~1", "/").replace("~0", "~");
            match &node.kind {
                LocKind::Map(entries) => {
                    let (key_at, child) = entries
                        .iter()
                        .find(|(k, _, _)| *k == segment)
                        .map(|(_, at, n)| (*at, n))?;
                    best = key_at;
                    node = child;
                }
                LocKind::Seq(items) => {
                    let child = items.get(segment.parse::<usize>().ok()?)?;
                    best = child.at;
                    node = child;
                }
                LocKind::Leaf => return Some(best),
            }
        }
        Some(best)
    }
}

fn read_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "S0001",
        "",
        format!("cannot read `{}`: {e}", path.display()),
    )
    .in_file(path)
    .with_help("check the path; it is relative to the current directory")
}

/// A JSON value read from YAML. Mapping keys that are numbers or booleans
/// (such as the unquoted response code `200:`) become strings; integers
/// beyond 64 bits become floats; tags (`!foo value`) are dropped.
struct FromYaml(Value);

impl<'de> Deserialize<'de> for FromYaml {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(YamlVisitor).map(FromYaml)
    }
}

struct YamlVisitor;

impl<'de> serde::de::Visitor<'de> for YamlVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(i.into()))
    }
    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(u.into()))
    }
    fn visit_i128<E>(self, i: i128) -> Result<Value, E> {
        Ok(float(i as f64))
    }
    fn visit_u128<E>(self, u: u128) -> Result<Value, E> {
        Ok(float(u as f64))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(float(f))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(FromYaml(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(FromYaml(k)) = map.next_key()? {
            let key = match k {
                Value::String(s) => s,
                Value::Null => "null".to_owned(),
                Value::Bool(_) | Value::Number(_) => k.to_string(),
                Value::Array(_) | Value::Object(_) => {
                    return Err(serde::de::Error::custom(
                        "a mapping key is a collection; keys must be strings",
                    ));
                }
            };
            let FromYaml(v) = map.next_value()?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use serde::de::VariantAccess;
        let (_tag, variant): (serde::de::IgnoredAny, _) = data.variant()?;
        variant.newtype_variant::<FromYaml>().map(|v| v.0)
    }
}

fn float(f: f64) -> Value {
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

/// A position tree: where each node of the document starts.
#[derive(Debug)]
struct LocNode {
    at: (usize, usize),
    kind: LocKind,
}

#[derive(Debug)]
enum LocKind {
    Map(Vec<(String, (usize, usize), LocNode)>),
    Seq(Vec<LocNode>),
    Leaf,
}

/// Indexes YAML or JSON text with yaml-rust2's event parser (JSON is YAML
/// for this purpose). Returns `None` when the text cannot be parsed.
fn index_text(text: &str) -> Option<LocNode> {
    use yaml_rust2::parser::{Event, Parser};
    let mut parser = Parser::new_from_str(text);
    let pos = |m: &yaml_rust2::scanner::Marker| (m.line(), m.col() + 1);
    // Skip to the first document's root node.
    let mut stack: Vec<LocNode> = Vec::new();
    let mut keys: Vec<Option<(String, (usize, usize))>> = Vec::new();
    loop {
        let (event, marker) = parser.next_token().ok()?;
        let at = pos(&marker);
        let finished = match event {
            Event::StreamEnd => return None,
            Event::MappingStart(..) => {
                stack.push(LocNode {
                    at,
                    kind: LocKind::Map(Vec::new()),
                });
                keys.push(None);
                None
            }
            Event::SequenceStart(..) => {
                stack.push(LocNode {
                    at,
                    kind: LocKind::Seq(Vec::new()),
                });
                keys.push(None);
                None
            }
            Event::MappingEnd | Event::SequenceEnd => {
                keys.pop();
                stack.pop()
            }
            Event::Scalar(value, ..) => {
                // A scalar in key position of a mapping is a key.
                if let (
                    Some(LocNode {
                        kind: LocKind::Map(_),
                        ..
                    }),
                    Some(slot @ None),
                ) = (stack.last(), keys.last_mut())
                {
                    *slot = Some((value, at));
                    None
                } else {
                    Some(LocNode {
                        at,
                        kind: LocKind::Leaf,
                    })
                }
            }
            Event::Alias(_) => Some(LocNode {
                at,
                kind: LocKind::Leaf,
            }),
            _ => None,
        };
        if let Some(node) = finished {
            match stack.last_mut() {
                None => return Some(node),
                Some(LocNode {
                    kind: LocKind::Seq(items),
                    ..
                }) => items.push(node),
                Some(LocNode {
                    kind: LocKind::Map(entries),
                    ..
                }) => {
                    let (key, key_at) = keys.last_mut()?.take()?;
                    entries.push((key, key_at, node));
                }
                Some(LocNode {
                    kind: LocKind::Leaf,
                    ..
                }) => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_empty_document_is_accepted() {
        let src = Source::from_text("a.yaml", "---\nswagger: '2.0'\n200: x\n---\n".to_owned());
        let v = src.parse().expect("parses");
        assert_eq!(v["swagger"], "2.0");
        assert_eq!(v["200"], "x");
    }

    #[test]
    fn two_documents_are_an_error() {
        let src = Source::from_text("a.yaml", "a: 1\n---\nb: 2\n".to_owned());
        let err = src.parse().expect_err("two documents");
        assert!(err.message.contains("more than one"), "{}", err.message);
    }

    #[test]
    fn locates_yaml_and_json_pointers() {
        let src = Source::from_text("a.yaml", "a:\n  b:\n    - x\n    - y: 1\n".to_owned());
        assert_eq!(src.locate("/a/b/1/y"), Some((4, 7)));
        assert_eq!(src.locate("/a/b/0"), Some((3, 7)));
        assert_eq!(src.locate("/nope"), None);
        let src = Source::from_text("a.json", "{\n  \"p\": {\"a/b\": 3}\n}".to_owned());
        assert_eq!(src.locate("/p/a~1b"), Some((2, 9)));
    }

    #[test]
    fn json_syntax_error_has_position() {
        let src = Source::from_text("a.json", "{\n  \"a\": ,\n}".to_owned());
        let err = src.parse().expect_err("bad json");
        assert_eq!(err.location.line_col, Some((2, 8)));
    }
}
