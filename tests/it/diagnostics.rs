//! Broken specs (`tests/broken/`): `swaggen check` refuses each with
//! located, coded diagnostics (snapshotted), and safety limits hold on
//! inputs built here (deep nesting).

fn check(path: &str) -> (i32, String) {
    let mut out = Vec::new();
    let code = swaggen::cli::run(
        ["swaggen", "check", path].map(Into::into),
        &mut std::io::sink(),
        &mut out,
    );
    let text = String::from_utf8_lossy(&out).into_owned();
    let root = format!("{}/", crate::root().display());
    (code, text.replace(&root, ""))
}

#[test]
fn broken_specs_get_located_coded_diagnostics() {
    let dir = crate::root().join("tests/broken");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/broken")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert!(files.len() >= 10);
    let mut all = String::new();
    for file in files {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let (code, text) = check(&file.display().to_string());
        let expected = if name == "warnings-only.yaml" { 0 } else { 1 };
        assert_eq!(code, expected, "{name}:\n{text}");
        // Every diagnostic: level[code], then the file (with line:column
        // when the parser gives one), the JSON pointer and a hint.
        let heads: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("error[") || l.starts_with("warning["))
            .collect();
        assert!(!heads.is_empty(), "{name}: no diagnostics");
        assert_eq!(
            text.matches("  --> tests/broken/").count(),
            heads.len(),
            "{name}:\n{text}"
        );
        assert_eq!(
            text.matches("   = at: #").count(),
            heads.len(),
            "{name}:\n{text}"
        );
        assert_eq!(
            text.matches("   = help: ").count(),
            heads.len(),
            "{name}:\n{text}"
        );
        all.push_str(&format!("=== {name} (exit {code})\n{text}\n"));
    }
    insta::assert_snapshot!("broken_specs", all);
}

#[test]
fn ten_thousand_levels_of_nesting_are_refused_without_overflow() {
    let n = 10_000;
    let json = format!(
        r#"{{"swagger":"2.0","info":{{"title":"t","version":"1"}},"paths":{{}},"definitions":{{"Deep":{}{{"type":"string"}}{}}}}}"#,
        r#"{"type":"object","properties":{"a":"#.repeat(n),
        "}}".repeat(n)
    );
    let yaml = format!(
        "swagger: '2.0'\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ndefinitions:\n  Deep: {}{}\n",
        "[".repeat(n),
        "]".repeat(n)
    );
    for (name, text) in [("deep.json", json), ("deep.yaml", yaml)] {
        let failed =
            swaggen::generate_str(name, &text, &swaggen::Options::default()).expect_err("refused");
        assert_eq!(failed.diagnostics.len(), 1, "{name}");
        assert_eq!(failed.diagnostics[0].code, "S0005", "{name}");
        assert!(
            failed.diagnostics[0].message.contains("nests too deeply"),
            "{name}: {}",
            failed.diagnostics[0].message
        );
    }
}

/// Schemas nested inline deeper than lowering follows (but within the
/// parser's limit) are an error, not a stack overflow.
#[test]
fn deep_inline_schemas_are_cut_off_by_lowering() {
    let n = 60;
    let json = format!(
        r#"{{"swagger":"2.0","info":{{"title":"t","version":"1"}},"paths":{{}},"definitions":{{"Deep":{}{{"type":"string"}}{}}}}}"#,
        r#"{"type":"object","properties":{"a":"#.repeat(n),
        "}}".repeat(n)
    );
    match swaggen::generate_str("deep.json", &json, &swaggen::Options::default()) {
        Ok(g) => assert!(g.files.iter().any(|f| f.path == "src/types.rs")),
        Err(failed) => assert!(
            failed.diagnostics.iter().all(|d| d.code == "S0005"),
            "{}",
            crate::render(&failed.diagnostics)
        ),
    }
}

/// A file over the size limit is refused from its metadata, before it is
/// read (a sparse file: no 64 MiB written to disk).
#[test]
fn oversized_files_are_refused_before_reading() {
    let path = std::env::temp_dir().join(format!("swaggen-big-{}.yaml", std::process::id()));
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(swaggen::source::MAX_SPEC_BYTES as u64 + 1)
        .expect("sparse file");
    drop(file);
    let failed = swaggen::generate(&path, &swaggen::Options::default()).expect_err("refused");
    assert_eq!(failed.diagnostics.len(), 1);
    assert_eq!(failed.diagnostics[0].code, "S0005");
    assert!(failed.diagnostics[0].message.contains("reads at most"));
    let _ = std::fs::remove_file(&path);
}

#[test]
fn alias_cycles_are_errors_under_strict() {
    let spec = std::path::Path::new("..").join("tests/fixtures/schemas-wrong.yaml");
    let lenient =
        swaggen::generate(&spec, &swaggen::Options::default()).expect("generates with warnings");
    assert!(
        lenient
            .diagnostics
            .iter()
            .any(|d| d.code == "S0103" && !d.is_error())
    );
    let strict = swaggen::Options {
        strict: true,
        ..Default::default()
    };
    let failed = swaggen::generate(&spec, &strict).expect_err("refused under --strict");
    let cycles: Vec<_> = failed
        .diagnostics
        .iter()
        .filter(|d| d.code == "S0103")
        .collect();
    assert_eq!(cycles.len(), 6, "{:#?}", failed.diagnostics);
    assert!(
        cycles
            .iter()
            .all(|d| d.is_error() && d.location.line_col.is_some())
    );
}

/// Every code the generator can emit is in the README's table, and the
/// table lists no code the generator never emits.
#[test]
fn the_readme_lists_every_diagnostic_code() {
    let mut emitted = std::collections::BTreeSet::new();
    let mut stack = vec![crate::root().join("generator/src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("source dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source");
                for (i, _) in text.match_indices("\"S") {
                    let code = &text[i + 1..(i + 6).min(text.len())];
                    if code.len() == 5 && code[1..].bytes().all(|b| b.is_ascii_digit()) {
                        emitted.insert(code.to_owned());
                    }
                }
            }
        }
    }
    let readme = std::fs::read_to_string(crate::root().join("README.md")).expect("README");
    let listed: std::collections::BTreeSet<String> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("| S"))
        .map(|l| format!("S{}", &l[..4]))
        .collect();
    assert_eq!(listed, emitted);
}
