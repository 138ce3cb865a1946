//! `generate` end to end, and stage by stage, on the seed, Postmark's full
//! spec and the largest dev-corpus specs (those in `../shared` are skipped
//! when it is absent). Run: `cargo bench -p swaggen --bench generate`.
//! Throughput is reported in bytes of spec per second.

use std::path::{Path, PathBuf};

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use swaggen::source::Source;

fn main() {
    divan::main();
}

const SPECS: &[&str] = &[
    "specs/postmark.yaml",
    "../shared/postmark/postmark-server.swagger.yaml",
    "../shared/corpus/dev/github/sendgrid.json",
    "../shared/corpus/dev/github/temporal.json",
    "../shared/corpus/dev/github/kubevirt.json",
    "../shared/corpus/dev/github/argo-workflows.json",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The spec's text, or `None` (said once per spec on stderr) when the
/// file is not there.
fn source(spec: &str) -> Option<Source> {
    static SAID: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let path = root().join(spec);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(Source::from_text(spec, text)),
        Err(error) => {
            let mut said = SAID
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if !said.iter().any(|s| s == spec) {
                eprintln!(
                    "skipped {spec}: {error} (the dev corpus lives in ../shared beside the \
                     checkout, in the project's own setup only)"
                );
                said.push(spec.to_owned());
            }
            None
        }
    }
}

fn options() -> swaggen::Options {
    swaggen::Options::default()
}

/// Read, parse, lower, emit and format, with emit and format on every
/// core (what the CLI does).
#[divan::bench(args = SPECS, sample_count = 10)]
fn end_to_end(bencher: Bencher, spec: &str) {
    let Some(src) = source(spec) else { return };
    bencher
        .counter(BytesCount::new(src.text.len()))
        .bench_local(|| swaggen::generate_source(black_box(&src), &options()));
}

/// The same on one thread.
#[divan::bench(args = SPECS, sample_count = 10)]
fn end_to_end_one_thread(bencher: Bencher, spec: &str) {
    let Some(src) = source(spec) else { return };
    let options = swaggen::Options {
        threads: Some(1),
        ..options()
    };
    bencher
        .counter(BytesCount::new(src.text.len()))
        .bench_local(|| swaggen::generate_source(black_box(&src), &options));
}

/// Text to a JSON value (YAML or JSON parsing).
#[divan::bench(args = SPECS, sample_count = 10)]
fn stage_parse(bencher: Bencher, spec: &str) {
    let Some(src) = source(spec) else { return };
    bencher
        .counter(BytesCount::new(src.text.len()))
        .bench_local(|| black_box(&src).parse());
}

/// Parse, document model and lowering to the IR.
#[divan::bench(args = SPECS, sample_count = 10)]
fn stage_parse_and_lower(bencher: Bencher, spec: &str) {
    let Some(src) = source(spec) else { return };
    bencher
        .counter(BytesCount::new(src.text.len()))
        .bench_local(|| swaggen::check_source(black_box(&src), &options()));
}

/// IR to token streams and laid-out text, on one thread.
#[divan::bench(args = SPECS, sample_count = 10)]
fn stage_emit(bencher: Bencher, spec: &str) {
    let Some(src) = source(spec) else { return };
    let Ok((api, _)) = swaggen::check_source(&src, &options()) else {
        return;
    };
    bencher
        .counter(BytesCount::new(src.text.len()))
        .bench_local(|| {
            let api = black_box(&api);
            swaggen::emit::files(api)
                .into_iter()
                .flat_map(|(_, body)| match body {
                    swaggen::emit::Body::Pieces(pieces) => pieces,
                    _ => Vec::new(),
                })
                .map(|piece| swaggen::emit::piece(api, piece))
                .collect::<Vec<_>>()
        });
}

/// IR to formatted files (emit and format), on one thread.
#[divan::bench(args = SPECS, sample_count = 10)]
fn stage_emit_and_format(bencher: Bencher, spec: &str) {
    let Some(src) = source(spec) else { return };
    let Ok((api, _)) = swaggen::check_source(&src, &options()) else {
        return;
    };
    bencher
        .counter(BytesCount::new(src.text.len()))
        .bench_local(|| swaggen::render::render(black_box(&api), 1));
}
