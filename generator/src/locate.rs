//! Placing diagnostics: each gets its file and line/column, in the overlay
//! that wrote the text it is about when one did, and `--strict` turns the
//! warnings that degrade types into errors.

use serde_json::Value;

use crate::diag::{self, Diagnostic};
use crate::overlay;
use crate::source::Source;

/// Where the merged document's text came from: the spec, or an overlay's
/// update.
pub struct Origins<'a> {
    pub source: &'a Source,
    pub overlays: &'a [(overlay::Overlay, Vec<overlay::Provenance>)],
    /// The merged document, when overlays were applied.
    pub doc: Option<&'a Value>,
}

/// Fills in file and line/column (in the overlay that wrote the text, when
/// one did) and applies `--strict`.
pub fn place(origins: &Origins<'_>, mut diags: Vec<Diagnostic>, strict: bool) -> Vec<Diagnostic> {
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
