//! The command line, driven in-process through `swaggen::cli::run`.

use std::ffi::OsString;
use std::path::Path;

fn run(args: &[&str]) -> (i32, String) {
    let mut err = Vec::new();
    let args: Vec<OsString> = std::iter::once("swaggen")
        .chain(args.iter().copied())
        .map(OsString::from)
        .collect();
    let code = swaggen::cli::run(args, &mut std::io::sink(), &mut err);
    (code, String::from_utf8_lossy(&err).into_owned())
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("swaggen-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn seed() -> String {
    crate::root()
        .join("specs/postmark.yaml")
        .display()
        .to_string()
}

#[test]
fn check_on_a_stale_directory_exits_1_and_names_the_files() {
    let dir = scratch("stale");
    let out = dir.join("out");
    let out_s = out.display().to_string();
    let (code, _) = run(&["generate", &seed(), "--out", &out_s]);
    assert_eq!(code, 0);
    let (code, msg) = run(&["generate", &seed(), "--out", &out_s, "--check"]);
    assert_eq!(code, 0, "{msg}");
    std::fs::write(out.join("src/types.rs"), "// edited\n").expect("edit");
    let (code, msg) = run(&["generate", &seed(), "--out", &out_s, "--check"]);
    assert_eq!(code, 1);
    assert!(msg.contains("stale:") && msg.contains("types.rs"), "{msg}");
    assert!(msg.contains("-// edited"), "diff shown: {msg}");
    // --check wrote nothing.
    assert_eq!(
        std::fs::read_to_string(out.join("src/types.rs")).expect("read"),
        "// edited\n"
    );
}

#[test]
fn missing_spec_file_is_a_clear_error() {
    let (code, msg) = run(&["generate", "/nonexistent/spec.yaml", "--out", "/tmp/never"]);
    assert_eq!(code, 1);
    assert!(
        msg.contains("error[S0001]") && msg.contains("/nonexistent/spec.yaml"),
        "{msg}"
    );
    assert!(!msg.contains("panicked"), "{msg}");
}

#[test]
fn yaml_syntax_error_has_a_position() {
    let dir = scratch("yaml");
    let spec = dir.join("bad.yaml");
    std::fs::write(&spec, "swagger: '2.0'\npaths:\n  /a: [unclosed\n").expect("write");
    let (code, msg) = run(&["check", &spec.display().to_string()]);
    assert_eq!(code, 1);
    assert!(msg.contains("error[S0002]: invalid YAML"), "{msg}");
    assert!(msg.contains(&format!("{}:", spec.display())), "{msg}");
}

#[test]
fn non_swagger_documents_are_refused() {
    let dir = scratch("nonswagger");
    for (name, text, want) in [
        (
            "openapi.yaml",
            "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n",
            "OpenAPI 3",
        ),
        ("list.json", "[1, 2, 3]", "not a mapping"),
        ("other.yaml", "name: not a spec\n", "no `swagger"),
        ("shape.yaml", "swagger: '2.0'\npaths: []\n", "S0004"),
    ] {
        let spec = dir.join(name);
        std::fs::write(&spec, text).expect("write");
        let (code, msg) = run(&[
            "generate",
            &spec.display().to_string(),
            "--out",
            &dir.join("o").display().to_string(),
        ]);
        assert_eq!(code, 1, "{name}: {msg}");
        assert!(msg.contains(want), "{name}: {msg}");
        assert!(
            !Path::new(&dir.join("o")).exists(),
            "{name}: nothing written"
        );
    }
}

#[test]
fn usage_errors_exit_2_and_help_is_complete() {
    let (code, msg) = run(&["generate", "--bogus"]);
    assert_eq!(code, 2, "{msg}");
    let (code, msg) = run(&["generate", "--help"]);
    assert_eq!(code, 0);
    for flag in [
        "--out",
        "--crate-name",
        "--check",
        "--strict",
        "--config",
        "[SPEC]",
    ] {
        assert!(msg.contains(flag), "{flag} in help: {msg}");
    }
}
