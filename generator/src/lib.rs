//! swaggen: a Swagger 2.0 -> Rust client generator.
//!
//! The pipeline, one module per stage: [`source`] (load text) ->
//! `overlay` (apply overlays) -> [`refs`] (bundle relative-file
//! `$ref`s) -> `spec` (document model) -> `lower` (IR, names,
//! diagnostics) -> [`render`] (per piece: [`emit`] tokens or laid-out
//! text, then `format` it) -> [`write`](mod@write) (disk).
//! `locate` places diagnostics. This file only wires the stages:
//! [`generate`] runs them end to end; the CLI and build scripts call it.

pub(crate) mod api;
pub mod cli;
pub mod config;
pub mod diag;
pub mod diff;
pub mod emit;
pub(crate) mod format;
pub mod ir;
pub(crate) mod locate;
pub(crate) mod lower;
pub(crate) mod names;
pub(crate) mod overlay;
pub mod refs;
pub mod render;
pub mod source;
pub(crate) mod spec;
pub mod write;

use std::path::{Path, PathBuf};

use diag::{Diagnostic, Diagnostics};
use source::Source;

/// A generated file: path relative to the output directory, and content.
/// Rendering makes them; writing and the change report read them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Relative path with `/` separators.
    pub path: String,
    /// Full content.
    pub contents: String,
}

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

/// [`check_source`] on the current thread: load, overlays, bundle,
/// document model, lower; then every diagnostic is placed (file,
/// line/column, in the overlay that wrote the text when one did).
fn check_here(source: &Source, options: &Options) -> Result<(ir::Api, Vec<Diagnostic>), Failed> {
    let mut diags = Diagnostics::default();
    // JSON that no overlay changes and that has nothing to bundle goes
    // straight from the text to the document model, without a document
    // tree; anything else (or anything that does not read cleanly that
    // way) takes the stages one by one.
    let direct = (source.format == source::Format::Json && options.overlays.is_empty())
        .then(|| spec::read_json_text(&source.text, &mut diags))
        .flatten();
    let (model, applied, doc, mut located) = match direct {
        Some(spec) => (Some(spec), Vec::new(), None, Vec::new()),
        None => {
            let mut value = source.parse().map_err(|d| Failed {
                diagnostics: vec![d],
            })?;
            let (applied, located) = overlay::apply_all(&options.overlays, &mut value);
            if located.iter().any(Diagnostic::is_error) {
                return Err(Failed {
                    diagnostics: located,
                });
            }
            for d in refs::bundle(&source.path, options.ref_root.as_deref(), &mut value) {
                diags.push(d);
            }
            // The merged document is needed again only to trace
            // diagnostics to overlays; otherwise the model frees it once
            // read.
            let doc = (!applied.is_empty()).then(|| value.clone());
            // A document the model cannot read is loaded again (quietly)
            // to find where it does not fit.
            let reload = || {
                let mut value = source.parse().ok()?;
                overlay::apply_all(&options.overlays, &mut value);
                refs::bundle(&source.path, options.ref_root.as_deref(), &mut value);
                Some(value)
            };
            let model = spec::read(value, reload, &mut diags);
            (model, applied, doc, located)
        }
    };
    let api = model.map(|spec| {
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
        lower::lower(&spec, &lower_options, &mut diags)
    });
    let origins = locate::Origins {
        source,
        overlays: &applied,
        doc: doc.as_ref(),
    };
    located.extend(locate::place(&origins, diags.into_vec(), options.strict));
    match api {
        Some(api) if !located.iter().any(Diagnostic::is_error) => Ok((api, located)),
        _ => Err(Failed {
            diagnostics: located,
        }),
    }
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
