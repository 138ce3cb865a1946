//! The `swaggen` command line: parses arguments, calls the library, prints
//! diagnostics. No generation logic lives here. `main.rs` only calls
//! [`run`], so tests drive the command line in-process.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::diag::Diagnostic;
use crate::{Options, config, write};

/// Swagger 2.0 -> Rust client generator.
///
/// Generates a typed, documented, async Rust client crate (reqwest, serde)
/// from a Swagger 2.0 spec in YAML or JSON.
#[derive(Parser)]
#[command(name = "swaggen", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a client crate.
    ///
    /// Without SPEC, runs every [[job]] in ./swaggen.toml (or --config).
    /// Exit status: 0 on success (warnings allowed), 1 on errors or stale
    /// output with --check, 2 on usage errors.
    Generate {
        /// The Swagger 2.0 spec (YAML or JSON).
        spec: Option<PathBuf>,
        /// Output directory for the crate (with SPEC; default: ./generated).
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Cargo package name (with SPEC; default: from info.title).
        #[arg(long)]
        crate_name: Option<String>,
        /// An OpenAPI Overlay 1.0 file applied to SPEC before generating
        /// (repeatable; applied in order).
        #[arg(long = "overlay", value_name = "FILE")]
        overlays: Vec<PathBuf>,
        /// Write nothing; exit 1 and show what differs if the output is stale.
        #[arg(long)]
        check: bool,
        /// Treat unresolvable $refs as errors instead of warnings.
        #[arg(long)]
        strict: bool,
        /// The directory relative-file $refs may read from (default: the
        /// spec's own directory; files outside it are refused).
        #[arg(long, value_name = "DIR")]
        ref_root: Option<PathBuf>,
        /// The jobs file used without SPEC.
        #[arg(long, default_value = "swaggen.toml")]
        config: PathBuf,
        /// Threads that emit and format code (default: one per core). The
        /// output is the same for any number.
        #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
    },
    /// Compare the public APIs two specs generate: each change (added,
    /// removed, changed; breaking or not), then the semver bump.
    ///
    /// Exit status: 0 when it compared, 1 for errors in either spec, 2 on
    /// usage errors.
    Diff {
        /// The earlier spec.
        old: PathBuf,
        /// The later spec.
        new: PathBuf,
        /// Overlay files applied to both specs (repeatable; in order).
        #[arg(long = "overlay", value_name = "FILE")]
        overlays: Vec<PathBuf>,
        /// `text` (a line per change, then the bump) or `json`.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Lint a spec: print its diagnostics without generating anything.
    Check {
        /// The Swagger 2.0 spec (YAML or JSON).
        spec: PathBuf,
        /// Treat unresolvable $refs as errors.
        #[arg(long)]
        strict: bool,
        /// Overlay files applied before checking (repeatable).
        #[arg(long = "overlay", value_name = "FILE")]
        overlays: Vec<PathBuf>,
        /// The directory relative-file $refs may read from (default: the
        /// spec's own directory).
        #[arg(long, value_name = "DIR")]
        ref_root: Option<PathBuf>,
    },
}

/// The output of `swaggen diff`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

struct Job {
    spec: PathBuf,
    out: PathBuf,
    options: Options,
    /// A pinned crate version.
    version: Option<String>,
}

fn print(err: &mut dyn Write, diags: &[Diagnostic]) {
    for d in diags {
        let _ = write!(err, "{d}");
    }
}

/// Runs the command line with `args` (the first is the program name),
/// writing results (`swaggen diff`'s report) to `out` and messages to
/// `err`. Returns the exit status: 0 success, 1 errors (or stale output
/// with `--check`), 2 usage errors.
pub fn run(
    args: impl IntoIterator<Item = OsString>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = write!(err, "{}", e.render());
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Generate {
            spec,
            out,
            crate_name,
            overlays,
            check,
            strict,
            ref_root,
            config,
            jobs: threads,
        } => {
            let threads = threads.map(usize::from);
            let jobs = match spec {
                Some(spec) => {
                    let out = out.unwrap_or_else(|| PathBuf::from("generated"));
                    let mut regenerate = format!(
                        "swaggen generate {} --out {}",
                        crate::display_path(&spec),
                        crate::display_path(&out)
                    );
                    for overlay in &overlays {
                        regenerate
                            .push_str(&format!(" --overlay {}", crate::display_path(overlay)));
                    }
                    if let Some(name) = &crate_name {
                        regenerate.push_str(&format!(" --crate-name {name}"));
                    }
                    if let Some(dir) = &ref_root {
                        regenerate.push_str(&format!(" --ref-root {}", crate::display_path(dir)));
                    }
                    vec![Job {
                        spec,
                        out,
                        options: Options {
                            package_name: crate_name,
                            regenerate: Some(regenerate),
                            strict,
                            overlays,
                            ref_root,
                            threads,
                        },
                        version: None,
                    }]
                }
                None => match jobs_from(&config, strict) {
                    Ok(mut jobs) => {
                        for job in &mut jobs {
                            job.options.threads = threads;
                        }
                        jobs
                    }
                    Err(d) => {
                        print(err, &[d]);
                        return 1;
                    }
                },
            };
            let mut failed = false;
            for job in jobs {
                failed |= !run_job(&job, check, err);
            }
            if failed { 1 } else { 0 }
        }
        Command::Diff {
            old,
            new,
            overlays,
            format,
        } => diff(&old, &new, overlays, format, out, err),
        Command::Check {
            spec,
            strict,
            overlays,
            ref_root,
        } => {
            let options = Options {
                strict,
                overlays,
                ref_root,
                ..Options::default()
            };
            let source = match crate::source::Source::read(&spec) {
                Ok(s) => s,
                Err(d) => {
                    print(err, &[d]);
                    return 1;
                }
            };
            match crate::check_source(&source, &options) {
                Ok((api, diags)) => {
                    print(err, &diags);
                    let _ = writeln!(
                        err,
                        "{}: {} operations, {} types, {} warnings",
                        spec.display(),
                        api.operations.len(),
                        api.types.len(),
                        diags.len()
                    );
                    0
                }
                Err(failed) => {
                    print(err, &failed.diagnostics);
                    1
                }
            }
        }
    }
}

fn jobs_from(config_path: &Path, strict: bool) -> Result<Vec<Job>, Diagnostic> {
    let config = config::load(config_path)?;
    let base = config_path.parent().unwrap_or(Path::new("."));
    Ok(config
        .jobs
        .into_iter()
        .map(|job| Job {
            spec: base.join(&job.spec),
            out: base.join(&job.out),
            options: Options {
                package_name: job.crate_name,
                regenerate: Some("cargo run -p swaggen -- generate".to_owned()),
                strict: strict || job.strict,
                overlays: job.overlays.iter().map(|o| base.join(o)).collect(),
                ref_root: None,
                threads: None,
            },
            version: job.version,
        })
        .collect())
}

/// `swaggen diff`: both specs generated in memory (with the same
/// overlays), their API listings compared.
fn diff(
    old: &Path,
    new: &Path,
    overlays: Vec<PathBuf>,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let options = Options {
        overlays,
        regenerate: Some("swaggen generate".to_owned()),
        ..Options::default()
    };
    let mut generated = Vec::new();
    for spec in [old, new] {
        match crate::generate(spec, &options) {
            Ok(g) => generated.push(g),
            Err(failed) => {
                print(err, &failed.diagnostics);
                let _ = writeln!(err, "error: {} does not generate", spec.display());
                return 1;
            }
        }
    }
    let [before, after] = &generated[..] else {
        return 1;
    };
    let listing = |g: &crate::Generated| {
        g.files
            .iter()
            .find(|f| f.path == crate::diff::API_TXT)
            .map(|f| f.contents.clone())
            .unwrap_or_default()
    };
    // The output names each spec's file: not a change to the crate.
    let body = |g: &crate::Generated, spec: &Path| -> Vec<(String, String)> {
        let name = spec.display().to_string();
        g.files
            .iter()
            .map(|f| (f.path.clone(), f.contents.replace(&name, "SPEC")))
            .collect()
    };
    let output_differs = body(before, old) != body(after, new);
    let report = crate::diff::compare(&listing(before), &listing(after), output_differs);
    let text = match format {
        Format::Text => report.text(),
        Format::Json => report.json(),
    };
    let _ = out.write_all(text.as_bytes());
    0
}

/// Runs one job; false when it failed or (with --check) is stale.
fn run_job(job: &Job, check: bool, err: &mut dyn Write) -> bool {
    let mut generated = match crate::generate(&job.spec, &job.options) {
        Ok(g) => g,
        Err(failed) => {
            print(err, &failed.diagnostics);
            let errors = failed.diagnostics.iter().filter(|d| d.is_error()).count();
            let _ = writeln!(
                err,
                "error: {} not generated: {errors} error(s)",
                job.spec.display()
            );
            return false;
        }
    };
    print(err, &generated.diagnostics);
    // Against the earlier generation in the folder: version and changelog.
    let report = crate::diff::evolve(&job.out, &mut generated.files, job.version.as_deref());
    if let Some(report) = report
        .as_ref()
        .filter(|r| r.bump != crate::diff::Bump::None)
    {
        let _ = write!(err, "{}: {}", job.out.display(), report.summary());
    }
    if check {
        let stale = write::check_all(&job.out, &generated.files);
        if stale.is_empty() {
            let _ = writeln!(err, "{} is up to date", job.out.display());
            return true;
        }
        for s in &stale {
            let _ = writeln!(err, "stale: {}\n{}", s.path.display(), s.diff);
        }
        let _ = writeln!(
            err,
            "error: {} file(s) in {} are stale; regenerate them",
            stale.len(),
            job.out.display()
        );
        return false;
    }
    match write::write_all(&job.out, &generated.files) {
        Ok(written) => {
            let _ = writeln!(
                err,
                "generated {} ({} files, {} changed, {} warnings)",
                job.out.display(),
                generated.files.len(),
                written.len(),
                generated.diagnostics.len()
            );
            true
        }
        Err(e) => {
            let _ = writeln!(err, "error: cannot write {}: {e}", job.out.display());
            false
        }
    }
}
