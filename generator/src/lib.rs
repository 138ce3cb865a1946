//! swaggen: a Swagger 2.0 -> Rust client generator.
//!
//! The pipeline: [`source`] (load text) -> [`spec`] (document model) ->
//! [`lower`] (IR, names, diagnostics) -> [`emit`] (tokens) -> [`format`](mod@format)
//! (source text) -> [`write`](mod@write) (disk). [`generate`] runs it end to end; the
//! CLI and build scripts call it.

pub mod api;
pub mod cli;
pub mod config;
pub mod diag;
pub mod diff;
pub mod emit;
pub mod format;
pub mod ir;
pub mod lower;
pub mod names;
pub mod overlay;
pub mod refs;
pub mod render;
pub mod source;
pub mod spec;
pub mod write;

use std::path::{Path, PathBuf};

use serde_json::Value;

use diag::{Diagnostic, Diagnostics};
use source::Source;
pub use write::File;

/// What to generate.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Cargo package name; derived from `info.title` when `None`.
    pub package_name: Option<String>,
    /// The command shown in headers as the way to regenerate.
    pub regenerate: Option<String>,
    /// Treat warnings that degrade types (dangling `$ref`s) as errors.
    pub strict: bool,
    /// Overlay files applied to the spec, in order, before parsing.
    pub overlays: Vec<PathBuf>,
    /// The directory relative-file `$ref`s may read from; `None` is the
    /// spec's own directory.
    pub ref_root: Option<PathBuf>,
    /// Threads for emitting and formatting; `None` uses every core. The
    /// output is the same for any number.
    pub threads: Option<usize>,
}

/// A successful generation.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The crate's files, in a fixed order.
    pub files: Vec<File>,
    /// Warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// A failed generation: at least one diagnostic is an error.
#[derive(Debug, Clone)]
pub struct Failed {
    /// Everything found, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the spec at `path` and generates a crate.
pub fn generate(path: &Path, options: &Options) -> Result<Generated, Failed> {
    let source = Source::read(path).map_err(|d| Failed {
        diagnostics: vec![d],
    })?;
    generate_source(&source, options)
}

/// Generates a crate from spec text in memory; `name` is how the spec is
/// named in diagnostics and headers.
pub fn generate_str(name: &str, text: &str, options: &Options) -> Result<Generated, Failed> {
    let source = Source::from_text(name, text.to_owned());
    generate_source(&source, options)
}

/// Parses and lowers a source, without emitting (used by `swaggen check`).
pub fn check_source(
    source: &Source,
    options: &Options,
) -> Result<(ir::Api, Vec<Diagnostic>), Failed> {
    // Reading the document model and lowering recurse once per nesting
    // level of the spec (up to the limits in `source` and `lower`): they
    // run on a thread whose stack is big enough for those, whatever stack
    // the caller has (a test thread has 2 MiB). Only pages used are
    // committed. Without a thread to be had, they run on this one.
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("swaggen-check".into())
            .stack_size(CHECK_STACK)
            .spawn_scoped(scope, || check_here(source, options))
            .ok()?;
        Some(
            handle
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e)),
        )
    })
    .unwrap_or_else(|| check_here(source, options))
}

/// The stack of the thread [`check_source`] runs on.
const CHECK_STACK: usize = 64 * 1024 * 1024;

/// [`check_source`] on the current thread.
fn check_here(source: &Source, options: &Options) -> Result<(ir::Api, Vec<Diagnostic>), Failed> {
    let mut diags = Diagnostics::default();
    let mut value = source.parse().map_err(|d| Failed {
        diagnostics: vec![d],
    })?;
    let mut located = Vec::new();
    let mut applied = Vec::new();
    for path in &options.overlays {
        match overlay::load(path) {
            Ok(o) => {
                let (ds, provenance) = overlay::apply_traced(&o, &mut value);
                located.extend(ds);
                applied.push((o, provenance));
            }
            Err(ds) => located.extend(ds),
        }
    }
    if located.iter().any(Diagnostic::is_error) {
        return Err(Failed {
            diagnostics: located,
        });
    }
    for d in refs::bundle(&source.path, options.ref_root.as_deref(), &mut value) {
        diags.push(d);
    }
    // The merged document is needed again only to trace diagnostics to
    // overlays; otherwise lowering frees it once the model is read.
    let doc = (!applied.is_empty()).then(|| value.clone());
    let api = lower_value(source, value, options, &mut diags);
    let origins = Origins {
        source,
        overlays: &applied,
        doc: doc.as_ref(),
    };
    located.extend(locate(&origins, diags.into_vec(), options.strict));
    match api {
        Some(api) if !located.iter().any(Diagnostic::is_error) => Ok((api, located)),
        _ => Err(Failed {
            diagnostics: located,
        }),
    }
}

fn lower_value(
    source: &Source,
    value: Value,
    options: &Options,
    diags: &mut Diagnostics,
) -> Option<ir::Api> {
    let Some(object) = value.as_object() else {
        diags.push(
            Diagnostic::error("S0003", "", "the document is not a mapping; a Swagger 2.0 spec is an object with `swagger: \"2.0\"`")
                .with_help("point swaggen at a Swagger 2.0 spec"),
        );
        return None;
    };
    if object.contains_key("openapi") {
        diags.push(
            Diagnostic::error(
                "S0003",
                "/openapi",
                "this is an OpenAPI 3 document; swaggen reads Swagger 2.0",
            )
            .with_help("use a Swagger 2.0 version of the spec"),
        );
        return None;
    }
    if !object.contains_key("swagger") {
        diags.push(
            Diagnostic::error(
                "S0003",
                "",
                "the document has no `swagger: \"2.0\"` field; it is not a Swagger 2.0 document",
            )
            .with_help("swaggen reads Swagger 2.0 (not OpenAPI 3); point it at a Swagger 2.0 spec"),
        );
        return None;
    }
    // From a reference: deserializing from the owned value recurses with
    // bigger frames and overflows the stack on deeply nested specs.
    let spec: spec::Swagger = match serde_path_to_error::deserialize(&value) {
        Ok(spec) => {
            drop(value);
            spec
        }
        Err(e) => {
            let pointer = path_to_pointer(e.path());
            diags.push(
                Diagnostic::error(
                    "S0004",
                    pointer,
                    format!(
                        "the document does not have Swagger 2.0's shape here: {}",
                        e.inner()
                    ),
                )
                .with_help("fix the value at this location (see the Swagger 2.0 specification)"),
            );
            return None;
        }
    };
    let spec_name = source.path.display().to_string();
    let regenerate = options
        .regenerate
        .clone()
        .unwrap_or_else(|| format!("swaggen generate {spec_name}"));
    let lower_options = lower::LowerOptions {
        package_name: options.package_name.clone(),
        spec_name,
        regenerate,
    };
    Some(lower::lower(&spec, &lower_options, diags))
}

/// A serde path (`paths./a.get.parameters[0]`) as a JSON pointer.
fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out = diag::pointer_join(&out, &index.to_string()),
            Segment::Map { key } => out = diag::pointer_join(&out, key),
            Segment::Enum { variant } => out = diag::pointer_join(&out, variant),
            Segment::Unknown => {}
        }
    }
    out
}

/// Where the merged document's text came from: the spec, or an overlay's
/// update.
struct Origins<'a> {
    source: &'a Source,
    overlays: &'a [(overlay::Overlay, Vec<overlay::Provenance>)],
    /// The merged document, when overlays were applied.
    doc: Option<&'a Value>,
}

/// Fills in file and line/column (in the overlay that wrote the text, when
/// one did) and applies `--strict`.
fn locate(origins: &Origins<'_>, mut diags: Vec<Diagnostic>, strict: bool) -> Vec<Diagnostic> {
    let source = origins.source;
    // The file each diagnostic's text is in, and its pointer there.
    let mut wanted: Vec<(usize, &Source, String)> = Vec::new();
    for (i, d) in diags.iter_mut().enumerate() {
        // References that resolve to nothing, or only to themselves.
        if strict && matches!(d.code, "S0101" | "S0103") {
            d.level = diag::Level::Error;
        }
        if d.location.file.is_none() && d.location.line_col.is_none() {
            let from_overlay = origins.doc.and_then(|doc| {
                origins.overlays.iter().rev().find_map(|(o, provenance)| {
                    overlay::trace(o, provenance, doc, &d.location.pointer).map(|p| (o, p))
                })
            });
            if let Some((o, overlay_pointer)) = from_overlay {
                d.location.file = Some(o.source.path.clone());
                wanted.push((i, &o.source, overlay_pointer));
                continue;
            }
        }
        if d.location.file.is_none() {
            d.location.file = Some(source.path.clone());
        }
        if d.location.line_col.is_none() && d.location.file.as_deref() == Some(&*source.path) {
            wanted.push((i, source, d.location.pointer.clone()));
        }
    }
    // One pass over each file's text places every diagnostic in it.
    let files = std::iter::once(source).chain(origins.overlays.iter().map(|(o, _)| &o.source));
    for file in files {
        let here: Vec<&(usize, &Source, String)> = wanted
            .iter()
            .filter(|(_, s, _)| std::ptr::eq(*s, file))
            .collect();
        let pointers: Vec<&str> = here.iter().map(|(_, _, p)| p.as_str()).collect();
        for ((i, _, _), at) in here.iter().zip(file.locate_all(&pointers)) {
            diags[*i].location.line_col = at;
        }
    }
    diags
}

/// Runs the whole pipeline on a loaded source.
pub fn generate_source(source: &Source, options: &Options) -> Result<Generated, Failed> {
    let (api, mut diagnostics) = check_source(source, options)?;
    let threads = options
        .threads
        .or_else(|| std::thread::available_parallelism().ok().map(usize::from))
        .unwrap_or(1);
    match render::render(&api, threads) {
        Ok(files) => Ok(Generated { files, diagnostics }),
        Err(d) => {
            diagnostics.push(d);
            Err(Failed { diagnostics })
        }
    }
}

/// A path as it should appear in generated files: relative paths as
/// given, with `/` separators.
pub fn display_path(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| match c {
            // The root is the empty text before the first separator.
            std::path::Component::RootDir => String::new(),
            c => c.as_os_str().to_string_lossy().into_owned(),
        })
        .collect();
    match parts.as_slice() {
        [root] if root.is_empty() => "/".to_owned(),
        _ => parts.join("/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths() {
        assert_eq!(display_path(Path::new("specs/a.yaml")), "specs/a.yaml");
        assert_eq!(display_path(Path::new("/tmp/out")), "/tmp/out");
        assert_eq!(display_path(Path::new("/")), "/");
        assert_eq!(display_path(Path::new("../x")), "../x");
    }
}
