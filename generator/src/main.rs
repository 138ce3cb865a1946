//! The `swaggen` command line: parses arguments, calls the library, prints
//! diagnostics. No generation logic lives here.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use swaggen::diag::Diagnostic;
use swaggen::{Options, config, write};

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
        /// Write nothing; exit 1 and show what differs if the output is stale.
        #[arg(long)]
        check: bool,
        /// Treat unresolvable $refs as errors instead of warnings.
        #[arg(long)]
        strict: bool,
        /// The jobs file used without SPEC.
        #[arg(long, default_value = "swaggen.toml")]
        config: PathBuf,
    },
    /// Lint a spec: print its diagnostics without generating anything.
    Check {
        /// The Swagger 2.0 spec (YAML or JSON).
        spec: PathBuf,
        /// Treat unresolvable $refs as errors.
        #[arg(long)]
        strict: bool,
    },
}

struct Job {
    spec: PathBuf,
    out: PathBuf,
    options: Options,
}

fn print(diags: &[Diagnostic]) {
    for d in diags {
        eprint!("{d}");
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate {
            spec,
            out,
            crate_name,
            check,
            strict,
            config,
        } => {
            let jobs = match spec {
                Some(spec) => {
                    let out = out.unwrap_or_else(|| PathBuf::from("generated"));
                    let mut regenerate = format!(
                        "swaggen generate {} --out {}",
                        swaggen::display_path(&spec),
                        swaggen::display_path(&out)
                    );
                    if let Some(name) = &crate_name {
                        regenerate.push_str(&format!(" --crate-name {name}"));
                    }
                    vec![Job {
                        spec,
                        out,
                        options: Options {
                            package_name: crate_name,
                            regenerate: Some(regenerate),
                            strict,
                        },
                    }]
                }
                None => match jobs_from(&config, strict) {
                    Ok(jobs) => jobs,
                    Err(d) => {
                        print(&[d]);
                        return ExitCode::from(1);
                    }
                },
            };
            let mut failed = false;
            for job in jobs {
                failed |= !run(&job, check);
            }
            if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Check { spec, strict } => {
            let options = Options {
                strict,
                ..Options::default()
            };
            let source = match swaggen::source::Source::read(&spec) {
                Ok(s) => s,
                Err(d) => {
                    print(&[d]);
                    return ExitCode::from(1);
                }
            };
            match swaggen::check_source(&source, &options) {
                Ok((api, diags)) => {
                    print(&diags);
                    eprintln!(
                        "{}: {} operations, {} types, {} warnings",
                        spec.display(),
                        api.operations.len(),
                        api.types.len(),
                        diags.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(failed) => {
                    print(&failed.diagnostics);
                    ExitCode::from(1)
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
            },
        })
        .collect())
}

/// Runs one job; false when it failed or (with --check) is stale.
fn run(job: &Job, check: bool) -> bool {
    let generated = match swaggen::generate(&job.spec, &job.options) {
        Ok(g) => g,
        Err(failed) => {
            print(&failed.diagnostics);
            let errors = failed.diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "error: {} not generated: {errors} error(s)",
                job.spec.display()
            );
            return false;
        }
    };
    print(&generated.diagnostics);
    if check {
        let stale = write::check_all(&job.out, &generated.files);
        if stale.is_empty() {
            eprintln!("{} is up to date", job.out.display());
            return true;
        }
        for s in &stale {
            eprintln!("stale: {}\n{}", s.path.display(), s.diff);
        }
        eprintln!(
            "error: {} file(s) in {} are stale; regenerate them",
            stale.len(),
            job.out.display()
        );
        return false;
    }
    match write::write_all(&job.out, &generated.files) {
        Ok(written) => {
            eprintln!(
                "generated {} ({} files, {} changed, {} warnings)",
                job.out.display(),
                generated.files.len(),
                written.len(),
                generated.diagnostics.len()
            );
            true
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", job.out.display());
            false
        }
    }
}
