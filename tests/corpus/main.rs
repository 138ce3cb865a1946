//! `corpus`: generates a crate from every spec in a folder (or list) into one
//! scratch workspace, checks them all with one `cargo clippy` call, and prints
//! a table: spec, outcome (generated / refused with the first error /
//! panicked), compiled, warnings, generation time; then a summary line.
//!
//! ```sh
//! cargo run --release -p swaggen-tests --bin corpus -- ../shared/corpus/dev
//! cargo run --release -p swaggen-tests --bin corpus -- --list tests/corpus-ci.txt
//! ```
//!
//! Exit status: 0 when every spec either compiles with zero warnings or is
//! refused with a diagnostic; 1 when a spec panics the generator or yields
//! a crate that fails to compile or warns. `--min-pass N` also fails the run
//! when fewer than N specs pass.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use clap::Parser;

#[derive(Parser, Debug)]
#[command(about = "Generate and compile-check a folder of Swagger 2.0 specs")]
struct Args {
    /// Spec files or folders (searched recursively for .json, .yaml, .yml).
    paths: Vec<PathBuf>,
    /// A file listing spec paths, one per line (relative to the list's folder;
    /// `#` starts a comment), or a `.tsv` manifest with a `path` column.
    #[arg(long)]
    list: Option<PathBuf>,
    /// The scratch workspace (default: `target/corpus` in this workspace).
    #[arg(long)]
    work: Option<PathBuf>,
    /// Generate only; skip `cargo clippy`.
    #[arg(long)]
    no_compile: bool,
    /// Also build every crate's docs (rustdoc warnings count) and run its
    /// doc tests.
    #[arg(long)]
    docs: bool,
    /// Also check every crate that has cargo features (one per tag) with
    /// `--no-default-features`, and with each feature alone.
    #[arg(long)]
    feature_sets: bool,
    /// Fail unless at least this many specs generate and compile cleanly.
    #[arg(long)]
    min_pass: Option<usize>,
    /// The folder relative `$ref`s may read from (default: the folder
    /// holding every spec given).
    #[arg(long)]
    ref_root: Option<PathBuf>,
    /// Write the table as Markdown to this file as well.
    #[arg(long)]
    markdown: Option<PathBuf>,
}

#[derive(Debug)]
enum Outcome {
    Generated,
    /// A file that is no Swagger document (a part other specs refer to).
    NotASpec,
    Refused(String),
    Panicked(String),
}

#[derive(Debug)]
struct Row {
    spec: String,
    slug: String,
    outcome: Outcome,
    warnings_gen: usize,
    gen_time: Duration,
    compiled: Option<bool>,
    rust_warnings: usize,
    rust_errors: usize,
    /// Cargo reported the crate's artifact (it finished checking).
    built: bool,
    first_problem: Option<String>,
    /// Every distinct compiler message (level and text), for the summary
    /// of problem classes.
    problems: std::collections::BTreeSet<String>,
}

fn main() {
    let args = Args::parse();
    std::process::exit(match run(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("corpus: {e}");
            2
        }
    });
}

fn run(args: &Args) -> Result<i32, String> {
    let specs = collect(args)?;
    // Relative `$ref`s may read anywhere under the specs' common folder
    // (corpus specs refer to sibling folders), not only next to each spec.
    let ref_root = args.ref_root.clone().or_else(|| common_dir(&specs));
    if specs.is_empty() {
        return Err("no specs given (pass folders, files or --list)".into());
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let work = args
        .work
        .clone()
        .unwrap_or_else(|| root.join("target/corpus"));
    let crates_dir = work.join("crates");
    if crates_dir.exists() {
        std::fs::remove_dir_all(&crates_dir)
            .map_err(|e| format!("{}: {e}", crates_dir.display()))?;
    }
    std::fs::create_dir_all(&crates_dir).map_err(|e| format!("{}: {e}", crates_dir.display()))?;

    // Quiet the default panic hook: panics are reported in the table.
    std::panic::set_hook(Box::new(|_| {}));
    let mut rows = Vec::new();
    let mut used = BTreeMap::new();
    for spec in &specs {
        let slug = unique_slug(spec, &mut used);
        let options = swaggen::Options {
            package_name: Some(format!("corpus-{slug}")),
            regenerate: Some("corpus".into()),
            strict: false,
            overlays: Vec::new(),
            ref_root: ref_root.clone(),
            threads: None,
        };
        let start = Instant::now();
        let result = std::panic::catch_unwind(|| swaggen::generate(spec, &options));
        let gen_time = start.elapsed();
        let (outcome, warnings_gen) = match result {
            Ok(Ok(generated)) => {
                let dir = crates_dir.join(&slug);
                swaggen::write::write_all(&dir, &generated.files)
                    .map_err(|e| format!("{}: {e}", dir.display()))?;
                (Outcome::Generated, generated.diagnostics.len())
            }
            Ok(Err(failed))
                if failed
                    .diagnostics
                    .iter()
                    .any(|d| d.code == "S0003" && d.message.contains("no `swagger")) =>
            {
                (Outcome::NotASpec, 0)
            }
            Ok(Err(failed)) => {
                let first = failed
                    .diagnostics
                    .iter()
                    .find(|d| d.is_error())
                    .map(|d| one_line(&d.to_string()))
                    .unwrap_or_else(|| "refused without an error (bug)".into());
                (Outcome::Refused(first), failed.diagnostics.len())
            }
            Err(payload) => {
                let msg = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                (Outcome::Panicked(msg), 0)
            }
        };
        rows.push(Row {
            spec: spec.display().to_string(),
            slug,
            outcome,
            warnings_gen,
            gen_time,
            compiled: None,
            rust_warnings: 0,
            rust_errors: 0,
            built: false,
            first_problem: None,
            problems: std::collections::BTreeSet::new(),
        });
    }
    let _ = std::panic::take_hook();

    if !args.no_compile {
        compile(&root, &work, &mut rows, args)?;
    }
    let table = table(&rows);
    print!("{table}");
    if let Some(path) = &args.markdown {
        std::fs::write(path, &table).map_err(|e| format!("{}: {e}", path.display()))?;
    }

    let skipped = rows
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::NotASpec))
        .count();
    let total = rows.len() - skipped;
    let generated = rows
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Generated))
        .count();
    let refused = rows
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Refused(_)))
        .count();
    let panicked = rows
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Panicked(_)))
        .count();
    let passed = rows.iter().filter(|r| passes(r, args.no_compile)).count();
    let broken = rows
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Generated) && !passes(r, args.no_compile))
        .count();
    let gen_total: Duration = rows.iter().map(|r| r.gen_time).sum();
    println!(
        "\n{total} specs ({skipped} other files skipped): {passed} pass ({:.1}%), {generated} generated, {refused} refused, {panicked} panicked, {broken} generated but failed to compile cleanly; generation took {:.2}s in all",
        100.0 * passed as f64 / total as f64,
        gen_total.as_secs_f64()
    );
    let classes = problem_classes(&rows);
    if !classes.is_empty() {
        println!("\nProblem classes (crates affected):");
        for (class, n) in &classes {
            println!("{n:5}  {class}");
        }
    }
    let mut code = if panicked > 0 || broken > 0 { 1 } else { 0 };
    if let Some(min) = args.min_pass
        && passed < min
    {
        println!("FAIL: {passed} passed, fewer than --min-pass {min}");
        code = 1;
    }
    Ok(code)
}

fn passes(r: &Row, no_compile: bool) -> bool {
    matches!(r.outcome, Outcome::Generated)
        && (no_compile || (r.compiled == Some(true) && r.rust_warnings == 0 && r.rust_errors == 0))
}

fn collect(args: &Args) -> Result<Vec<PathBuf>, String> {
    let mut specs = Vec::new();
    if let Some(list) = &args.list {
        let text = std::fs::read_to_string(list).map_err(|e| missing(list, &e))?;
        let base = list.parent().unwrap_or(Path::new("."));
        let tsv = list.extension().is_some_and(|e| e == "tsv");
        // A manifest (`.tsv`): the `path` column names the specs.
        let path_column = text
            .lines()
            .next()
            .and_then(|h| h.split('\t').position(|c| c == "path"))
            .filter(|_| tsv);
        for line in text.lines().skip(usize::from(tsv)) {
            if let Some(col) = path_column {
                if let Some(p) = line.split('\t').nth(col).filter(|p| !p.is_empty()) {
                    specs.push(base.join(p));
                }
                continue;
            }
            let line = line.split('#').next().unwrap_or("").trim();
            if !line.is_empty() {
                let path = base.join(line);
                if path.is_dir() {
                    walk(&path, &mut specs).map_err(|e| format!("{}: {e}", path.display()))?;
                } else {
                    specs.push(path);
                }
            }
        }
    }
    for p in &args.paths {
        if p.is_dir() {
            walk(p, &mut specs).map_err(|e| format!("{}: {e}", p.display()))?;
        } else {
            specs.push(p.clone());
        }
    }
    let absent: Vec<String> = specs
        .iter()
        .filter(|s| !s.exists())
        .map(|s| format!("  {}", s.display()))
        .collect();
    if !absent.is_empty() {
        return Err(format!(
            "{} listed spec(s) not found:\n{}\n{CORPUS_HINT}",
            absent.len(),
            absent.join("\n")
        ));
    }
    Ok(specs)
}

/// Where the larger corpus lives, for messages about missing files.
const CORPUS_HINT: &str = "The CI subset (tests/corpus-ci.txt) reads only files inside the repository. \
The full dev corpus (../shared/corpus) exists only in the project's own working setup, beside the \
checkout; without it, run the subset or pass your own spec folders.";

/// The error for a list file that cannot be read.
fn missing(list: &Path, error: &std::io::Error) -> String {
    if error.kind() == std::io::ErrorKind::NotFound {
        format!("list file {} not found.\n{CORPUS_HINT}", list.display())
    } else {
        format!("{}: {error}", list.display())
    }
}

/// The deepest folder containing every spec.
fn common_dir(specs: &[PathBuf]) -> Option<PathBuf> {
    let mut common: Option<PathBuf> = None;
    for spec in specs {
        let dir = spec.canonicalize().ok()?.parent()?.to_path_buf();
        common = Some(match common {
            None => dir,
            Some(c) => {
                let mut c = c;
                while !dir.starts_with(&c) {
                    c = c.parent()?.to_path_buf();
                }
                c
            }
        });
    }
    common
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("json" | "yaml" | "yml")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

/// A package-name-safe, unique folder name for a spec.
fn unique_slug(spec: &Path, used: &mut BTreeMap<String, usize>) -> String {
    let stem = spec
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("spec")
        .to_ascii_lowercase();
    let mut slug: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    slug = slug.trim_matches('-').to_owned();
    while slug.contains("--") {
        slug = slug.replace("--", "-");
    }
    if slug.is_empty() {
        slug = "spec".into();
    }
    let n = used.entry(slug.clone()).or_insert(0);
    *n += 1;
    if *n > 1 {
        slug = format!("{slug}-{n}");
    }
    slug
}

fn one_line(s: &str) -> String {
    let s = s.lines().next().unwrap_or("").trim();
    if s.chars().count() > 160 {
        format!("{}…", s.chars().take(160).collect::<String>())
    } else {
        s.to_owned()
    }
}

/// Writes the scratch workspace manifest and runs one `cargo clippy` over
/// every generated crate, attributing messages to packages.
fn compile(root: &Path, work: &Path, rows: &mut [Row], args: &Args) -> Result<(), String> {
    let members: Vec<String> = rows
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Generated))
        .map(|r| format!("    \"crates/{}\",\n", r.slug))
        .collect();
    if members.is_empty() {
        return Ok(());
    }
    let manifest = format!(
        "# Scratch workspace written by the corpus runner.\n[workspace]\nresolver = \"3\"\nmembers = [\n{}]\n",
        members.concat()
    );
    std::fs::write(work.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    // Pin dependency versions to the ones this workspace already uses.
    let lock = work.join("Cargo.lock");
    if !lock.exists() {
        let _ = std::fs::copy(root.join("Cargo.lock"), &lock);
    }
    eprintln!("corpus: cargo clippy over {} crates …", members.len());
    cargo_json(work, &["clippy", "--workspace", "--keep-going"], rows, "")?;
    for row in rows.iter_mut() {
        if matches!(row.outcome, Outcome::Generated) {
            row.compiled = Some(row.built && row.rust_errors == 0);
        }
    }
    if args.feature_sets {
        feature_sets(work, rows)?;
    }
    if args.docs {
        eprintln!("corpus: cargo doc and doc tests …");
        cargo_json(
            work,
            &["doc", "--workspace", "--no-deps", "--keep-going"],
            rows,
            "rustdoc ",
        )?;
        doc_tests(work, rows)?;
    }
    Ok(())
}

/// Checks every crate with its default features off, then each crate
/// with features with each feature alone: every combination must compile
/// without warnings.
fn feature_sets(work: &Path, rows: &mut [Row]) -> Result<(), String> {
    eprintln!("corpus: cargo clippy --no-default-features …");
    cargo_json(
        work,
        &[
            "clippy",
            "--workspace",
            "--keep-going",
            "--no-default-features",
        ],
        rows,
        "no-default-features ",
    )?;
    let mut sets = Vec::new();
    for row in rows.iter().filter(|r| r.compiled == Some(true)) {
        let manifest = work.join("crates").join(&row.slug).join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
        let table: toml::Table = text
            .parse()
            .map_err(|e| format!("{}: {e}", manifest.display()))?;
        if let Some(features) = table.get("features").and_then(toml::Value::as_table) {
            for name in features.keys().filter(|k| *k != "default") {
                sets.push((row.slug.clone(), name.clone()));
            }
        }
    }
    eprintln!(
        "corpus: cargo clippy with each of {} features alone …",
        sets.len()
    );
    for (slug, feature) in sets {
        let package = format!("corpus-{slug}");
        cargo_json(
            work,
            &[
                "clippy",
                "-p",
                &package,
                "--no-default-features",
                "--features",
                &feature,
            ],
            rows,
            &format!("feature `{feature}` alone: "),
        )?;
    }
    Ok(())
}

/// Runs a cargo command with JSON messages in the scratch workspace and
/// counts each package's warnings and errors into its row (`label` marks
/// the tool in the problem classes).
fn cargo_json(work: &Path, args: &[&str], rows: &mut [Row], label: &str) -> Result<(), String> {
    let start = Instant::now();
    let mut child = cargo(work)
        .args(args)
        .args(["--message-format=json", "--quiet"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    // Cargo's own errors ("could not document `corpus-x`": rustdoc failed
    // without a diagnostic) come on stderr; read it beside stdout.
    let stderr = child.stderr.take().map(|mut err| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut err, &mut text);
            text
        })
    });
    let by_slug: BTreeMap<String, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.slug.clone(), i))
        .collect();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let Ok(msg) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            // `path+file:///…/crates/<slug>#corpus-<slug>@0.1.0`
            let Some(row) = msg["package_id"]
                .as_str()
                .and_then(slug_of)
                .and_then(|slug| by_slug.get(slug).copied())
                .and_then(|index| rows.get_mut(index))
            else {
                continue;
            };
            match msg["reason"].as_str() {
                Some("compiler-message") => {
                    let m = &msg["message"];
                    let level = m["level"].as_str().unwrap_or("");
                    // Summary lines ("N warnings emitted") have no spans.
                    let summary = m["spans"].as_array().is_some_and(Vec::is_empty);
                    if summary || !matches!(level, "warning" | "error") {
                        continue;
                    }
                    if level == "warning" {
                        row.rust_warnings += 1;
                    } else {
                        row.rust_errors += 1;
                    }
                    let text = m["message"].as_str().unwrap_or("");
                    row.problems
                        .insert(format!("{label}{level}: {}", class_of(text)));
                    if row.first_problem.is_none() {
                        row.first_problem = m["rendered"].as_str().map(str::to_owned);
                    }
                }
                Some("compiler-artifact") if label.is_empty() => row.built = true,
                _ => {}
            }
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    let stderr = stderr.and_then(|t| t.join().ok()).unwrap_or_default();
    eprint!("{stderr}");
    for rest in stderr.split("could not ").skip(1) {
        let Some(slug) = rest
            .split_once("`corpus-")
            .and_then(|(_, r)| r.split('`').next())
        else {
            continue;
        };
        if let Some(row) = rows.iter_mut().find(|r| r.slug == slug)
            && row.rust_errors == 0
        {
            let what = rest.split(' ').next().unwrap_or("build");
            row.rust_errors += 1;
            row.problems
                .insert(format!("{label}error: could not {what}"));
            row.first_problem
                .get_or_insert_with(|| format!("cargo could not {what} the crate"));
        }
    }
    eprintln!(
        "corpus: cargo {} finished in {:.1}s ({status})",
        args.first().copied().unwrap_or(""),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Runs every crate's doc tests; a crate whose doc tests fail gets an error.
fn doc_tests(work: &Path, rows: &mut [Row]) -> Result<(), String> {
    let start = Instant::now();
    let output = cargo(work)
        .args(["test", "--doc", "--workspace", "--no-fail-fast", "--quiet"])
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let text = String::from_utf8_lossy(&output.stderr);
    // "error: doctest failed, to rerun pass `-p corpus-x --doc`"
    for rest in text.split("to rerun pass `-p corpus-").skip(1) {
        let slug = rest.split(' ').next().unwrap_or("");
        if let Some(row) = rows.iter_mut().find(|r| r.slug == slug) {
            row.rust_errors += 1;
            row.problems.insert("error: doc tests fail".to_owned());
            row.first_problem
                .get_or_insert_with(|| "doc tests fail".to_owned());
        }
    }
    eprintln!(
        "corpus: cargo test --doc finished in {:.1}s ({})",
        start.elapsed().as_secs_f64(),
        output.status
    );
    Ok(())
}

/// `cargo`, in the scratch workspace, with its own target directory.
fn cargo(work: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .current_dir(work)
        .env("CARGO_TARGET_DIR", work.join("target"));
    command
}

/// The scratch folder of a package id (`path+file:///…/crates/<slug>#…`).
fn slug_of(id: &str) -> Option<&str> {
    let path = id.split('#').next()?;
    path.rsplit_once("/crates/").map(|(_, slug)| slug)
}

/// A compiler message with the names in backticks blanked, so messages
/// about different items count as one class.
fn class_of(message: &str) -> String {
    let mut out = String::new();
    let mut in_tick = false;
    for c in message.chars() {
        if c == '`' {
            in_tick = !in_tick;
            if in_tick {
                out.push_str("`…`");
            }
        } else if !in_tick {
            out.push(c);
        }
    }
    out
}

fn problem_classes(rows: &[Row]) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for r in rows {
        for p in &r.problems {
            *counts.entry(p.clone()).or_default() += 1;
        }
        if let Outcome::Refused(d) = &r.outcome {
            let code = d.split(':').next().unwrap_or(d);
            *counts.entry(format!("refused: {code}")).or_default() += 1;
        }
    }
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| spec | outcome | compiled | warnings | swaggen warnings | gen ms | first problem |\n|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let (outcome, problem) = match &r.outcome {
            Outcome::Generated => ("generated", r.first_problem.as_deref().map(one_line)),
            Outcome::Refused(d) => ("refused", Some(d.clone())),
            Outcome::NotASpec => ("skipped (not a Swagger document)", None),
            Outcome::Panicked(m) => ("PANICKED", Some(one_line(m))),
        };
        let compiled = match r.compiled {
            Some(true) => "yes",
            Some(false) => "NO",
            None => "-",
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {:.1} | {} |\n",
            r.spec,
            outcome,
            compiled,
            r.rust_warnings,
            r.warnings_gen,
            r.gen_time.as_secs_f64() * 1000.0,
            problem.unwrap_or_default().replace('|', "\\|")
        ));
    }
    out
}
