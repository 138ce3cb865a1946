//! The workspace's integration tests, in one binary to keep link time down.

mod azure;
mod cli;
mod diagnostics;
mod echo_client;
mod evolution;
mod fixtures;
mod freshness;
mod generate;
mod paging;
mod postmark_client;
mod property;
mod resilience;
mod security;

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Runs the generator the way `swaggen.toml`'s jobs do, from the root.
pub fn generate_job(spec: &str, overlays: &[&str], crate_name: &str) -> swaggen::Generated {
    let options = swaggen::Options {
        package_name: Some(crate_name.to_owned()),
        regenerate: Some("cargo run -p swaggen -- generate".to_owned()),
        strict: false,
        overlays: overlays.iter().map(|o| root().join(o)).collect(),
        ref_root: None,
        threads: None,
    };
    let source = swaggen::source::Source::from_text(
        spec,
        std::fs::read_to_string(root().join(spec)).expect("spec is readable"),
    );
    match swaggen::generate_source(&source, &options) {
        Ok(g) => g,
        Err(failed) => panic!("generation failed: {:#?}", failed.diagnostics),
    }
}

/// Diagnostics rendered as the CLI prints them.
/// Paths under the workspace root are shown relative to it, so snapshots
/// hold no machine paths.
pub fn render(diags: &[swaggen::diag::Diagnostic]) -> String {
    let root = format!("{}/", root().display());
    diags
        .iter()
        .map(|d| d.to_string().replace(&root, ""))
        .collect()
}

/// A runtime module copied whole from the `swaggen-runtime` crate (which
/// tests it): snapshots leave these out, but keep `src/runtime/mod.rs`,
/// which says which modules a crate receives.
pub fn is_runtime_copy(path: &str) -> bool {
    path.starts_with("src/runtime/") && path != "src/runtime/mod.rs"
}
