//! `swaggen.toml`: the generation jobs of a project.
//!
//! ```toml
//! [[job]]
//! spec = "specs/postmark.yaml"
//! overlays = ["specs/postmark.overlay.yaml"]
//! out = "generated-client"
//! crate-name = "postmark-client"
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::Diagnostic;

/// The whole file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Jobs, run in order.
    #[serde(rename = "job", default)]
    pub jobs: Vec<Job>,
}

/// One crate to generate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Job {
    /// The spec, relative to the config file.
    pub spec: PathBuf,
    /// Overlays applied in order, relative to the config file.
    #[serde(default)]
    pub overlays: Vec<PathBuf>,
    /// Output directory, relative to the config file.
    pub out: PathBuf,
    /// Cargo package name.
    pub crate_name: Option<String>,
    /// Dangling references are errors.
    #[serde(default)]
    pub strict: bool,
    /// The crate's version, pinned (otherwise each regeneration bumps the
    /// earlier version as the change to the public API says).
    pub version: Option<String>,
}

/// Reads and parses a config file.
pub fn load(path: &Path) -> Result<Config, Diagnostic> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Diagnostic::error(
            "S0801",
            "",
            format!("cannot read `{}`: {e}", path.display()),
        )
        .in_file(path)
        .with_help(
            "run swaggen where swaggen.toml is, or give a spec: `swaggen generate SPEC --out DIR`",
        )
    })?;
    let config: Config = toml::from_str(&text).map_err(|e| {
        let at = e.span().map(|span| {
            let before = &text[..span.start.min(text.len())];
            (
                before.matches('\n').count() + 1,
                before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1,
            )
        });
        Diagnostic::error(
            "S0801",
            "",
            format!("invalid swaggen.toml: {}", e.message()),
        )
        .in_file(path)
        .at(at)
        .with_help("each [[job]] takes spec, out, and optionally overlays, crate-name, strict")
    })?;
    if config.jobs.is_empty() {
        return Err(
            Diagnostic::error("S0801", "", "swaggen.toml lists no [[job]]")
                .in_file(path)
                .with_help("add a [[job]] with `spec` and `out`"),
        );
    }
    Ok(config)
}
