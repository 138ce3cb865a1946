//! Relative-file `$ref`s: `$ref: definitions/pet.yaml#/Pet` (or a whole
//! file) is loaded and bundled into the document, so the rest of the
//! pipeline sees one self-contained spec.
//!
//! Referenced schemas are hoisted into `definitions` (parameters into
//! `parameters`, responses into `responses`) under the name the reference
//! ends with, made unique; path items are inlined where they are used.
//! Every `$ref` inside a loaded file is resolved against that file.
//!
//! Safety: only files inside the spec's own directory tree are read (no
//! `../../etc/passwd`), URLs are refused (no network at generation time),
//! and at most [`MAX_FILES`] files, [`MAX_REFS`] references and
//! [`MAX_NESTING`] levels of parts are followed. Each problem is a diagnostic at the `$ref` that caused it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diag::{Diagnostic, pointer_join};
use crate::source::Source;

/// Most files loaded for one spec.
pub const MAX_FILES: usize = 1_000;
/// Most external references followed for one spec.
pub const MAX_REFS: usize = 100_000;
/// Deepest nesting of parts referring to parts.
pub const MAX_NESTING: usize = 64;

/// Where a referenced value goes in the bundled document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Schema,
    Parameter,
    Response,
    PathItem,
}

impl Kind {
    fn section(self) -> &'static str {
        match self {
            Kind::Schema => "definitions",
            Kind::Parameter => "parameters",
            Kind::Response => "responses",
            Kind::PathItem => "paths",
        }
    }
}

struct Bundler {
    /// The directory every loaded file must be inside (canonical).
    root_dir: Option<PathBuf>,
    /// Loaded files by canonical path.
    files: BTreeMap<PathBuf, Value>,
    /// (file, pointer) -> the local reference it was bundled as.
    done: BTreeMap<(PathBuf, String), String>,
    /// Values to add: section -> name -> value.
    added: BTreeMap<&'static str, Vec<(String, Value)>>,
    /// Names taken per section (existing keys and added ones).
    taken: BTreeMap<&'static str, std::collections::BTreeSet<String>>,
    refs_followed: usize,
    /// How many parts are being walked, one inside another.
    nesting: usize,
    diags: Vec<Diagnostic>,
    /// The spec file, for diagnostics.
    spec_path: PathBuf,
}

/// Resolves every relative-file `$ref` in `doc` (read from `spec_path`),
/// bundling the referenced values in. Returns diagnostics (errors for refs
/// that cannot be followed). Files are read only inside `ref_root` (default:
/// the spec's directory).
pub fn bundle(spec_path: &Path, ref_root: Option<&Path>, doc: &mut Value) -> Vec<Diagnostic> {
    if !has_external_ref(doc, 0) {
        return Vec::new();
    }
    let root_dir = ref_root
        .or_else(|| spec_path.parent())
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .and_then(|p| p.canonicalize().ok());
    let mut taken = BTreeMap::new();
    for kind in [Kind::Schema, Kind::Parameter, Kind::Response] {
        let names = doc
            .get(kind.section())
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        taken.insert(kind.section(), names);
    }
    let base = spec_path
        .canonicalize()
        .unwrap_or_else(|_| spec_path.to_path_buf());
    let mut b = Bundler {
        root_dir,
        files: BTreeMap::new(),
        done: BTreeMap::new(),
        added: BTreeMap::new(),
        taken,
        refs_followed: 0,
        nesting: 0,
        diags: Vec::new(),
        spec_path: spec_path.to_path_buf(),
    };
    let origin = Origin {
        file: &base,
        in_root: true,
        base: "",
        top: Kind::PathItem,
    };
    b.walk(doc, &origin, &mut Vec::new());
    for (section, items) in std::mem::take(&mut b.added) {
        let Some(root) = doc.as_object_mut() else {
            break;
        };
        let entry = root
            .entry(section)
            .or_insert_with(|| Value::Object(Map::new()));
        if !entry.is_object() {
            *entry = Value::Object(Map::new());
        }
        if let Some(map) = entry.as_object_mut() {
            for (name, value) in items {
                map.insert(name, value);
            }
        }
    }
    b.diags
}

/// True when some `$ref` in `v` does not start with `#`.
fn has_external_ref(v: &Value, depth: usize) -> bool {
    if depth > 512 {
        return false;
    }
    match v {
        Value::Object(m) => m.iter().any(|(k, x)| {
            (k == "$ref" && x.as_str().is_some_and(|r| !r.starts_with('#')))
                || has_external_ref(x, depth + 1)
        }),
        Value::Array(a) => a.iter().any(|x| has_external_ref(x, depth + 1)),
        _ => false,
    }
}

/// The kind of value a `$ref` at `path` (keys from the walked value's root)
/// stands for.
fn kind_at(path: &[String], top: Kind) -> Kind {
    let n = path.len();
    if n == 0 {
        return top;
    }
    let parent = n
        .checked_sub(2)
        .and_then(|i| path.get(i))
        .map(String::as_str);
    if parent == Some("parameters") {
        return Kind::Parameter;
    }
    if parent == Some("responses") {
        return Kind::Response;
    }
    if parent == Some("paths") && n == 2 && top == Kind::PathItem {
        return Kind::PathItem;
    }
    Kind::Schema
}

impl Bundler {
    /// Walks a value loaded from a part (`file` at `pointer`). Parts that
    /// refer to parts nest; the nesting is bounded so no chain of files can
    /// exhaust the stack.
    fn walk_part(&mut self, value: &mut Value, file: &Path, pointer: &str, top: Kind) {
        if self.nesting >= MAX_NESTING {
            let message = format!(
                "external references nest more than {MAX_NESTING} files deep; swaggen stops here"
            );
            self.report(
                Diagnostic::error("S0103", pointer, message),
                file,
                "bundle the spec into fewer files",
            );
            return;
        }
        self.nesting += 1;
        let origin = Origin {
            file,
            in_root: false,
            base: pointer,
            top,
        };
        self.walk(value, &origin, &mut Vec::new());
        self.nesting -= 1;
    }

    /// Walks `value`, rewriting references; `path` holds the keys from the
    /// walked value's root down to `value`.
    fn walk(&mut self, value: &mut Value, origin: &Origin<'_>, path: &mut Vec<String>) {
        if path.len() > 256 {
            return;
        }
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let reference = reference.clone();
                    if !reference.starts_with('#') || !origin.in_root {
                        let kind = kind_at(path, origin.top);
                        let site = path
                            .iter()
                            .fold(origin.base.to_owned(), |p, key| pointer_join(&p, key));
                        let site = pointer_join(&site, "$ref");
                        match self.resolve(&reference, origin.file, kind, &site) {
                            Some(Resolved::Local(local)) => {
                                map.insert("$ref".into(), Value::String(local));
                            }
                            Some(Resolved::Inline(v)) => *value = v,
                            None => {}
                        }
                    }
                    return;
                }
                for (k, v) in map.iter_mut() {
                    path.push(k.clone());
                    self.walk(v, origin, path);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter_mut().enumerate() {
                    path.push(i.to_string());
                    self.walk(v, origin, path);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    /// An error at `site` in `file`; a schema is replaced by an untyped
    /// one so lowering does not report the same `$ref` again.
    fn refuse(
        &mut self,
        file: &Path,
        site: &str,
        kind: Kind,
        message: String,
        help: &str,
    ) -> Option<Resolved> {
        self.report(Diagnostic::error("S0102", site, message), file, help);
        placeholder(kind)
    }

    /// A reference to a file or node that does not exist: like a dangling
    /// local `$ref`, a warning (an error under `--strict`); a schema
    /// becomes an untyped JSON value.
    fn missing(
        &mut self,
        file: &Path,
        site: &str,
        kind: Kind,
        message: String,
        help: &str,
    ) -> Option<Resolved> {
        self.report(Diagnostic::warning("S0101", site, message), file, help);
        placeholder(kind)
    }

    /// Records a diagnostic written in `file` (the spec, or a loaded part).
    fn report(&mut self, diagnostic: Diagnostic, file: &Path, help: &str) {
        let file = if self.files.contains_key(file) {
            file
        } else {
            &self.spec_path
        };
        let diagnostic = diagnostic.in_file(file).with_help(help);
        self.diags.push(diagnostic);
    }

    /// True when `path` may be read.
    fn inside(&self, path: &Path) -> bool {
        self.root_dir
            .as_ref()
            .is_none_or(|root| path.starts_with(root))
    }

    fn outside(
        &mut self,
        file: &Path,
        site: &str,
        kind: Kind,
        reference: &str,
    ) -> Option<Resolved> {
        self.refuse(
            file,
            site,
            kind,
            format!("`$ref: {reference}` points outside the spec's directory; swaggen reads only files next to the spec or below it"),
            "copy the referenced file into the spec's directory tree, or allow a wider directory with `--ref-root DIR`",
        )
    }

    /// Follows one reference written in `file`.
    fn resolve(
        &mut self,
        reference: &str,
        file: &Path,
        kind: Kind,
        site: &str,
    ) -> Option<Resolved> {
        self.refs_followed += 1;
        if self.refs_followed > MAX_REFS {
            if self.refs_followed == MAX_REFS + 1 {
                return self.refuse(
                    file,
                    site,
                    kind,
                    format!(
                        "more than {MAX_REFS} external references; swaggen stops following them"
                    ),
                    "bundle the spec into fewer files",
                );
            }
            return placeholder(kind);
        }
        let (file_part, fragment) = match reference.split_once('#') {
            Some((f, p)) => (f, p),
            None => (reference, ""),
        };
        if file_part.contains("://") || file_part.starts_with("//") {
            return self.refuse(
                file,
                site,
                kind,
                format!("`$ref: {reference}` is a URL; swaggen reads no network resources at generation time"),
                "download the file next to the spec and refer to it by a relative path",
            );
        }
        let target = if file_part.is_empty() {
            file.to_path_buf()
        } else {
            let decoded = percent_decode(file_part);
            let dir = file.parent().unwrap_or(Path::new("."));
            // Checked before touching the file system (so nothing outside
            // is even probed), and again after resolving symbolic links.
            let joined = normalize(&dir.join(decoded));
            if !self.inside(&joined) {
                return self.outside(file, site, kind, reference);
            }
            match joined.canonicalize() {
                Ok(p) if self.inside(&p) => p,
                Ok(_) => return self.outside(file, site, kind, reference),
                Err(e) => {
                    return self.missing(
                        file,
                        site,
                        kind,
                        format!("`$ref: {reference}` names a file that cannot be read ({e}); swaggen uses an untyped JSON value"),
                        "check the path; it is relative to the file the `$ref` is written in",
                    );
                }
            }
        };
        let pointer = percent_decode(fragment);
        let key = (target.clone(), pointer.clone());
        if let Some(local) = self.done.get(&key) {
            return Some(Resolved::Local(local.clone()));
        }
        if !self.files.contains_key(&target) {
            if self.files.len() >= MAX_FILES {
                return self.refuse(
                    file,
                    site,
                    kind,
                    format!("more than {MAX_FILES} files referenced; swaggen stops loading them"),
                    "bundle the spec into fewer files",
                );
            }
            let loaded = Source::read(&target).and_then(|s| s.parse());
            match loaded {
                Ok(v) => {
                    self.files.insert(target.clone(), v);
                }
                Err(d) => {
                    return self.refuse(
                        file,
                        site,
                        kind,
                        format!("`$ref: {reference}`: {}", d.message),
                        "fix the referenced file",
                    );
                }
            }
        }
        let found = self
            .files
            .get(&target)
            .and_then(|doc| doc.pointer(&pointer))
            .cloned();
        let Some(mut found) = found else {
            return self.missing(
                file,
                site,
                kind,
                format!("`$ref: {reference}`: the file has nothing at `#{pointer}`; swaggen uses an untyped JSON value"),
                "fix the JSON pointer after `#`",
            );
        };
        if kind == Kind::PathItem {
            // Path items are inlined; their own references resolve against
            // the file they came from.
            self.walk_part(&mut found, &target, &pointer, Kind::Schema);
            return Some(Resolved::Inline(found));
        }
        let section = kind.section();
        let wanted = pointer
            .rsplit('/')
            .next()
            .filter(|s| !s.is_empty())
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .unwrap_or_else(|| {
                target
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("External")
                    .to_owned()
            });
        let taken = self.taken.entry(section).or_default();
        let mut name = wanted.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{wanted}{n}");
            n += 1;
        }
        taken.insert(name.clone());
        let local = format!("#/{section}/{}", name.replace('~', "~0").replace('/', "~1"));
        self.done.insert(key, local.clone());
        self.walk_part(&mut found, &target, &pointer, kind);
        self.added.entry(section).or_default().push((name, found));
        Some(Resolved::Local(local))
    }
}

/// What a reference that cannot be followed becomes: an untyped schema in
/// schema positions (so it is reported once); elsewhere it stays as written.
fn placeholder(kind: Kind) -> Option<Resolved> {
    (kind == Kind::Schema).then(|| Resolved::Inline(Value::Object(Map::new())))
}

/// Where a walked value came from.
struct Origin<'p> {
    /// The file it was read from (relative refs resolve against it).
    file: &'p Path,
    /// True for the spec itself, whose `#` refs stay as they are.
    in_root: bool,
    /// The value's JSON pointer in `file`.
    base: &'p str,
    /// What the value itself is.
    top: Kind,
}

enum Resolved {
    /// Rewrite the `$ref` to this local reference.
    Local(String),
    /// Replace the referring object with this value.
    Inline(Value),
}

/// An absolute path with `.` and `..` resolved lexically (no file system
/// access beyond the current directory).
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Decodes `%XX` escapes (as written in URI references).
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}
