//! Every spec in `tests/fixtures/` (one construct or hostile input each):
//! an insta snapshot of what swaggen makes of it (diagnostics, manifest and
//! Rust modules), and every emitted Rust file parses. The corpus runner
//! (`tests/corpus-ci.txt`, run by CI) compiles and lints the same crates.

use std::path::{Path, PathBuf};

/// Top-level fixture specs (`parts/` holds files they refer to).
fn fixtures() -> Vec<PathBuf> {
    let dir = crate::root().join("tests/fixtures");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            )
        })
        .collect();
    specs.sort();
    specs
}

/// Generates a fixture as the CLI would, naming it relative to the root so
/// snapshots carry no machine paths.
fn run(spec: &Path) -> Result<swaggen::Generated, swaggen::Failed> {
    let stem = spec
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("utf-8 name");
    let relative = spec
        .strip_prefix(crate::root())
        .expect("fixture under the root");
    let options = swaggen::Options {
        package_name: Some(format!("fixture-{stem}")),
        regenerate: Some(format!("swaggen generate {}", relative.display())),
        ..Default::default()
    };
    // Tests run in `tests/`; the path is relative to it (as a user's is
    // relative to their working directory).
    swaggen::generate(&Path::new("..").join(relative), &options)
}

/// The fixtures generated into checked-in crates (`swaggen.toml` jobs),
/// whose files the freshness test compares.
fn checked_in() -> Vec<PathBuf> {
    let config = swaggen::config::load(&crate::root().join("swaggen.toml")).expect("swaggen.toml");
    config
        .jobs
        .iter()
        .map(|j| crate::root().join(&j.spec))
        .collect()
}

/// What a snapshot holds: diagnostics, then every file except the runtime
/// modules copied whole (tested in the runtime crate), unless the fixture
/// is a checked-in crate (`files` false), whose files are that crate.
fn render(result: &Result<swaggen::Generated, swaggen::Failed>, files: bool) -> String {
    let mut out = String::new();
    match result {
        Ok(g) => {
            out.push_str("# diagnostics\n");
            out.push_str(&crate::render(&g.diagnostics));
            for f in g.files.iter().filter(|_| files) {
                if crate::is_runtime_copy(&f.path) {
                    continue;
                }
                out.push_str(&format!("\n# {}\n", f.path));
                out.push_str(&f.contents);
            }
        }
        Err(failed) => {
            out.push_str("# refused\n");
            out.push_str(&crate::render(&failed.diagnostics));
        }
    }
    out
}

#[test]
fn fixture_snapshots() {
    let specs = fixtures();
    assert!(specs.len() >= 20, "fixtures found: {}", specs.len());
    let checked_in = checked_in();
    for spec in specs {
        let stem = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name")
            .to_owned();
        let result = run(&spec);
        // Only the hostile-refs fixture is meant to be refused.
        assert_eq!(
            result.is_err(),
            stem == "refs-outside",
            "{stem}: refused = {}",
            result.is_err()
        );
        if let Ok(g) = &result {
            for f in g.files.iter().filter(|f| f.path.ends_with(".rs")) {
                if let Err(e) = syn::parse_file(&f.contents) {
                    panic!("{stem}: {} does not parse: {e}", f.path);
                }
            }
        }
        let files = !checked_in.contains(&spec);
        insta::assert_snapshot!(format!("fixture__{stem}"), render(&result, files));
    }
}

#[test]
fn relative_refs_are_bundled_and_hostile_ones_refused() {
    let fixtures = crate::root().join("tests/fixtures");
    let g = run(&fixtures.join("relative-refs.yaml")).expect("generates");
    assert!(
        g.diagnostics.is_empty(),
        "{}",
        crate::render(&g.diagnostics)
    );
    let types = &g
        .files
        .iter()
        .find(|f| f.path == "src/types.rs")
        .expect("types.rs")
        .contents;
    // Parts' definitions keep their names; the clash with the local `Tag`
    // is resolved with a suffix; the cycle across files is boxed.
    for needle in [
        "pub struct Pet",
        "pub struct Owner",
        "pub struct Tag2",
        "pub struct Problem",
        "::std::boxed::Box<crate::types::Owner>",
    ] {
        assert!(types.contains(needle), "types.rs lacks {needle}");
    }

    let failed = run(&fixtures.join("refs-outside.yaml")).expect_err("refused");
    let codes: Vec<&str> = failed.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["S0102", "S0102"]);
    let text = crate::render(&failed.diagnostics);
    assert!(text.contains("outside the spec's directory"), "{text}");
    assert!(text.contains("is a URL"), "{text}");
    assert!(!text.contains("root:"), "no file content leaks: {text}");

    // Missing files degrade with a warning, and are errors under --strict.
    let missing = fixtures.join("refs-missing.yaml");
    let g = run(&missing).expect("generates with warnings");
    assert_eq!(g.diagnostics.len(), 2);
    let strict = swaggen::Options {
        strict: true,
        ..Default::default()
    };
    assert!(swaggen::generate(&missing, &strict).is_err());
}

/// A chain of parts each referring to the next is cut off with an error
/// before it can exhaust the stack.
#[test]
fn deep_chains_of_parts_are_refused() {
    let dir = std::env::temp_dir().join(format!("swaggen-chain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let n = swaggen::refs::MAX_NESTING + 10;
    for i in 0..n {
        std::fs::write(
            dir.join(format!("p{i}.yaml")),
            format!(
                "type: object\nproperties:\n  next:\n    $ref: p{}.yaml\n",
                i + 1
            ),
        )
        .expect("write part");
    }
    std::fs::write(dir.join(format!("p{n}.yaml")), "type: string\n").expect("write last");
    let spec = dir.join("spec.yaml");
    std::fs::write(
        &spec,
        "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          schema: {$ref: p0.yaml}\n",
    )
    .expect("write spec");
    let failed = swaggen::generate(&spec, &swaggen::Options::default()).expect_err("refused");
    assert!(
        failed.diagnostics.iter().any(|d| d.code == "S0103"),
        "{}",
        crate::render(&failed.diagnostics)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
