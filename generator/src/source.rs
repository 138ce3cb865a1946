//! Stage 1, load: text -> a JSON value tree, plus a locator that maps JSON
//! pointers back to line and column in the original text.
//!
//! YAML is read with `serde_yaml` (multi-document aware: empty documents are
//! accepted, two non-empty ones are an error); JSON with `serde_json`, since
//! real JSON specs contain control characters that YAML parsers reject.
//! Both become one `serde_json::Value` tree so later stages see one shape.

use std::collections::HashMap;
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

    /// Line and column (1-based) of the node a JSON pointer names (of its
    /// key, for a mapping entry), when the text has it.
    pub fn locate(&self, pointer: &str) -> Option<(usize, usize)> {
        self.locate_all(&[pointer]).pop().flatten()
    }

    /// [`Source::locate`] for many pointers, in one pass over the text
    /// that keeps only the nodes on their paths (a full position tree
    /// took over ten times the spec's size).
    pub fn locate_all(&self, pointers: &[&str]) -> Vec<Option<(usize, usize)>> {
        if pointers.is_empty() {
            return Vec::new();
        }
        let mut trie = Trie::default();
        let paths: Vec<Vec<usize>> = pointers.iter().map(|p| trie.insert(p)).collect();
        match self.format {
            Format::Json => trie.scan(&mut JsonEvents::new(&self.text)),
            Format::Yaml => trie.scan(&mut Unskippable(yaml_events(&self.text))),
        }
        paths.iter().map(|path| trie.resolve(path)).collect()
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

/// A document event, enough to follow JSON pointers.
enum Ev {
    /// A mapping starts.
    Map,
    /// A sequence starts.
    Seq,
    /// A scalar (its text, which matters for keys) or an alias.
    Scalar(String),
    /// A mapping or sequence ends.
    End,
}

/// Events of YAML text, from yaml-rust2's parser, until the stream ends or
/// the text cannot be parsed. (It also reads JSON, but queues a whole
/// flow-style document before its first event: too slow and too big.)
fn yaml_events(text: &str) -> impl Iterator<Item = (Ev, (usize, usize))> + '_ {
    use yaml_rust2::parser::{Event, Parser};
    let mut parser = Parser::new_from_str(text);
    std::iter::from_fn(move || {
        loop {
            let (event, marker) = parser.next_token().ok()?;
            let at = (marker.line(), marker.col() + 1);
            let ev = match event {
                Event::MappingStart(..) => Ev::Map,
                Event::SequenceStart(..) => Ev::Seq,
                Event::Scalar(value, ..) => Ev::Scalar(value),
                Event::Alias(_) => Ev::Scalar(String::new()),
                Event::MappingEnd | Event::SequenceEnd => Ev::End,
                Event::StreamEnd => return None,
                _ => continue,
            };
            return Some((ev, at));
        }
    })
}

/// Events of JSON text, with 1-based lines and columns counted in
/// characters (as yaml-rust2 counts them). Stops at text that is not JSON.
struct JsonEvents<'a> {
    text: &'a str,
    /// The next byte to read.
    pos: usize,
    /// Where positions have been counted to: a byte offset, and the line
    /// and column there.
    counted: (usize, usize, usize),
}

impl<'a> JsonEvents<'a> {
    fn new(text: &'a str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        JsonEvents {
            text,
            pos: 0,
            counted: (0, 1, 1),
        }
    }

    /// The line and column of a byte offset at or after the last one
    /// asked for (events come in order, so counting goes forward only).
    fn line_col(&mut self, offset: usize) -> (usize, usize) {
        // Characters are counted by their first bytes (not UTF-8
        // continuations); both counts are loops the compiler vectorizes.
        let chars = |bytes: &[u8]| bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count();
        let (from, mut line, mut col) = self.counted;
        let gap = self.text.as_bytes().get(from..offset).unwrap_or_default();
        let newlines = gap.iter().filter(|&&b| b == b'\n').count();
        match gap.iter().rposition(|&b| b == b'\n') {
            Some(last) => {
                line += newlines;
                col = 1 + chars(&gap[last + 1..]);
            }
            None => col += chars(gap),
        }
        self.counted = (offset.max(from), line, col);
        (line, col)
    }

    /// The end of the string whose opening quote is at `start`: the byte
    /// after its closing quote, and whether it holds an escape.
    fn string_end(&self, start: usize) -> Option<(usize, bool)> {
        let bytes = self.text.as_bytes();
        let mut i = start + 1;
        let mut any_escape = false;
        loop {
            match bytes.get(i)? {
                b'"' => return Some((i + 1, any_escape)),
                b'\\' => {
                    any_escape = true;
                    i += 2;
                }
                _ => i += 1,
            }
        }
    }

    /// The string whose opening quote is at `start`, unescaped; moves
    /// past it.
    fn string(&mut self, start: usize) -> Option<String> {
        let (end, any_escape) = self.string_end(start)?;
        self.pos = end;
        let raw = self.text.get(start..end)?;
        if any_escape {
            serde_json::from_str(raw).ok()
        } else {
            raw.get(1..raw.len() - 1).map(str::to_owned)
        }
    }
}

impl Iterator for JsonEvents<'_> {
    type Item = (Ev, (usize, usize));

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.text.as_bytes();
        loop {
            let start = self.pos;
            let b = *bytes.get(start)?;
            self.pos += 1;
            let ev = match b {
                b'{' => Ev::Map,
                b'[' => Ev::Seq,
                b'}' | b']' => Ev::End,
                b',' | b':' | b' ' | b'\t' | b'\n' | b'\r' => continue,
                b'"' => Ev::Scalar(self.string(start)?),
                _ => {
                    // A number or literal: its text does not matter.
                    while let Some(&b) = bytes.get(self.pos) {
                        if matches!(b, b',' | b']' | b'}' | b':' | b' ' | b'\t' | b'\n' | b'\r') {
                            break;
                        }
                        self.pos += 1;
                    }
                    Ev::Scalar(String::new())
                }
            };
            return Some((ev, self.line_col(start)));
        }
    }
}

impl Events for JsonEvents<'_> {
    fn skip_container(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        let mut depth = 1usize;
        while let Some(&b) = bytes.get(self.pos) {
            match b {
                b'"' => match self.string_end(self.pos) {
                    Some((end, _)) => {
                        self.pos = end;
                        continue;
                    }
                    None => self.pos = bytes.len(),
                },
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        self.pos += 1;
                        return true;
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
        true
    }
}

/// A source of events that may pass over a container no pointer goes
/// into without reading it.
trait Events: Iterator<Item = (Ev, (usize, usize))> {
    /// Passes over the rest of the container whose start was just read;
    /// false when this source cannot (its events follow as usual).
    fn skip_container(&mut self) -> bool {
        false
    }
}

/// Events that cannot be skipped (YAML's, from its parser).
struct Unskippable<I>(I);

impl<I: Iterator<Item = (Ev, (usize, usize))>> Iterator for Unskippable<I> {
    type Item = (Ev, (usize, usize));

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next()
    }
}

impl<I: Iterator<Item = (Ev, (usize, usize))>> Events for Unskippable<I> {}

/// The nodes some JSON pointers name, with where each starts in the text.
#[derive(Default)]
struct Trie {
    nodes: Vec<TrieNode>,
}

#[derive(Default)]
struct TrieNode {
    children: HashMap<String, usize>,
    /// Where the node starts (its key, for a mapping entry); `None` until
    /// the scan meets it.
    at: Option<(usize, usize)>,
    /// The node is a scalar (or alias): deeper segments resolve to it.
    leaf: bool,
}

/// A container being read: its trie node (`None` when no pointer goes
/// through it) and, for a mapping, the key just read.
struct Frame {
    node: Option<usize>,
    map: bool,
    /// Mapping: the next node is a key.
    expect_key: bool,
    key: Option<(String, (usize, usize))>,
    /// Sequence: the index of the next item.
    index: usize,
}

impl Trie {
    /// Adds a pointer's path; returns the trie nodes along it (the root
    /// first).
    fn insert(&mut self, pointer: &str) -> Vec<usize> {
        if self.nodes.is_empty() {
            self.nodes.push(TrieNode::default());
        }
        let mut path = vec![0];
        if pointer.is_empty() {
            return path;
        }
        let mut node = 0;
        for raw in pointer.trim_start_matches('/').split('/') {
            let segment = raw.replace("~1", "/").replace("~0", "~");
            let next = self.nodes.len();
            let child = *self.nodes[node].children.entry(segment).or_insert(next);
            if child == next {
                self.nodes.push(TrieNode::default());
            }
            path.push(child);
            node = child;
        }
        path
    }

    /// Notes where each node of the trie starts, reading the first
    /// document's events in order; stops at its end.
    /// Containers no pointer goes into are passed over when the events
    /// allow it.
    fn scan(&mut self, events: &mut impl Events) {
        let mut stack: Vec<Frame> = Vec::new();
        while let Some((event, at)) = events.next() {
            let container = match &event {
                Ev::Map => Some(true),
                Ev::Seq => Some(false),
                Ev::Scalar(_) => None,
                Ev::End => {
                    stack.pop();
                    if stack.is_empty() {
                        return;
                    }
                    continue;
                }
            };
            // Which trie node this value is, if any.
            let node = match stack.last_mut() {
                None => Some((0, at)),
                Some(frame) if frame.map && frame.expect_key => {
                    frame.expect_key = false;
                    frame.key = match (event, frame.node) {
                        (Ev::Scalar(value), Some(_)) => Some((value, at)),
                        _ => None,
                    };
                    if let Some(map) = container
                        && !events.skip_container()
                    {
                        // A complex key: read through it.
                        stack.push(Frame::new(None, map));
                    }
                    continue;
                }
                Some(frame) if frame.map => {
                    frame.expect_key = true;
                    let key = frame.key.take();
                    frame.node.zip(key).and_then(|(parent, (key, key_at))| {
                        self.nodes[parent].children.get(&key).map(|&c| (c, key_at))
                    })
                }
                Some(frame) => {
                    let index = frame.index;
                    frame.index += 1;
                    frame.node.and_then(|parent| {
                        self.nodes[parent]
                            .children
                            .get(&index.to_string())
                            .map(|&c| (c, at))
                    })
                }
            };
            if let Some((id, node_at)) = node {
                let entry = &mut self.nodes[id];
                entry.at = Some(node_at);
                entry.leaf = container.is_none();
            }
            match (container, node) {
                (Some(map), Some((id, _))) => stack.push(Frame::new(Some(id), map)),
                (Some(map), None) => {
                    if !events.skip_container() {
                        stack.push(Frame::new(None, map));
                    }
                }
                (None, _) if stack.is_empty() => return,
                (None, _) => {}
            }
        }
    }

    /// Where a path's node starts: `None` when the text lacks it, the
    /// scalar's position when the path goes on past a scalar.
    fn resolve(&self, path: &[usize]) -> Option<(usize, usize)> {
        let mut best = self.nodes.get(*path.first()?)?.at?;
        for pair in path.windows(2) {
            let (parent, child) = (&self.nodes[pair[0]], &self.nodes[pair[1]]);
            if parent.leaf {
                return Some(best);
            }
            best = child.at?;
        }
        Some(best)
    }
}

impl Frame {
    fn new(node: Option<usize>, map: bool) -> Frame {
        Frame {
            node,
            map,
            expect_key: map,
            key: None,
            index: 0,
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

    /// Every pointer of a JSON document resolves to the same place with the
    /// JSON scanner as with yaml-rust2's parser (which reads JSON too).
    #[test]
    fn json_scanner_agrees_with_yaml_parser() {
        let text = "{\n  \"a\": [1, {\"b\": \"x\"}, [true, null]],\n  \"k\\\"q\\u00e9\": {\"é/~\": -1.5e3},\n\t\"s\": \"a, b] c\",\"t\":{}}";
        let value: Value = serde_json::from_str(text).expect("valid JSON");
        let mut pointers = vec![String::new()];
        let mut i = 0;
        while i < pointers.len() {
            let p = pointers[i].clone();
            match value.pointer(&p) {
                Some(Value::Object(m)) => pointers.extend(
                    m.keys()
                        .map(|k| format!("{p}/{}", k.replace('~', "~0").replace('/', "~1"))),
                ),
                Some(Value::Array(a)) => pointers.extend((0..a.len()).map(|n| format!("{p}/{n}"))),
                _ => {}
            }
            i += 1;
        }
        pointers.push("/a/1/b/deeper".to_owned());
        pointers.push("/missing".to_owned());
        let refs: Vec<&str> = pointers.iter().map(String::as_str).collect();
        let scan = |json: bool| {
            let mut trie = Trie::default();
            let paths: Vec<Vec<usize>> = refs.iter().map(|p| trie.insert(p)).collect();
            if json {
                trie.scan(&mut JsonEvents::new(text));
            } else {
                trie.scan(&mut Unskippable(yaml_events(text)));
            }
            paths.iter().map(|p| trie.resolve(p)).collect::<Vec<_>>()
        };
        let (json, yaml) = (scan(true), scan(false));
        for ((p, j), y) in refs.iter().zip(&json).zip(&yaml) {
            assert_eq!(j, y, "{p}");
        }
        // Everything but `/missing` is found.
        assert_eq!(json.iter().filter(|a| a.is_some()).count(), refs.len() - 1);
        let src = Source::from_text("a.json", text.to_owned());
        assert_eq!(src.locate("/k\"qé/é~1~0"), Some((3, 18)));
        // Asked alone, each is found where the full scan found it: the
        // containers no pointer goes into are passed over.
        for (p, j) in refs.iter().zip(&json) {
            assert_eq!(src.locate(p), *j, "{p}");
        }
    }

    #[test]
    fn json_syntax_error_has_position() {
        let src = Source::from_text("a.json", "{\n  \"a\": ,\n}".to_owned());
        let err = src.parse().expect_err("bad json");
        assert_eq!(err.location.line_col, Some((2, 8)));
    }
}
