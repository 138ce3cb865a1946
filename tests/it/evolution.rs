//! Living with spec changes: `swaggen diff` over a table of spec pairs
//! (each change classified, with the bump it implies), and regeneration
//! into a folder that holds an earlier generation (version bumps,
//! `CHANGELOG.md` entries, stale generated files removed, the user's own
//! files untouched).

use std::path::{Path, PathBuf};

/// The spec every pair starts from.
const BASE: &str = r##"swagger: "2.0"
info:
  title: Pets
  version: "1.0.0"
  description: A pet store.
host: pets.example.com
paths:
  /pets/{id}:
    get:
      operationId: getPet
      description: Gets a pet.
      parameters:
        - {name: id, in: path, required: true, type: integer}
        - {name: verbose, in: query, type: boolean}
      responses:
        "200":
          description: The pet.
          schema:
            $ref: "#/definitions/Pet"
  /pets:
    post:
      operationId: addPet
      parameters:
        - name: pet
          in: body
          required: true
          schema:
            $ref: "#/definitions/Pet"
      responses:
        "201":
          description: Added.
definitions:
  Pet:
    type: object
    required: [id]
    properties:
      id: {type: integer}
      name: {type: string}
      color:
        type: string
        enum: [red, green]
"##;

/// A scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("swaggen-evolution-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write");
}

/// `swaggen diff OLD NEW --format json`, parsed.
fn diff(dir: &Path, old: &str, new: &str) -> serde_json::Value {
    let (a, b) = (dir.join("old.yaml"), dir.join("new.yaml"));
    write(&a, old);
    write(&b, new);
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = swaggen::cli::run(
        [
            "swaggen".into(),
            "diff".into(),
            a.into_os_string(),
            b.into_os_string(),
            "--format".into(),
            "json".into(),
        ],
        &mut out,
        &mut err,
    );
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    serde_json::from_slice(&out).expect("json report")
}

/// What a pair must report: (change, text in its item, breaking).
type Expect = Option<(&'static str, &'static str, bool)>;

/// The table of spec pairs: (what, the new spec, its bump, a change that
/// must be listed). Every new spec is `BASE` with one change.
fn pairs() -> Vec<(&'static str, String, &'static str, Expect)> {
    let r = |a: &str, b: &str| BASE.replacen(a, b, 1);
    vec![
        ("identical", BASE.to_owned(), "none", None),
        (
            "description only",
            r("Gets a pet.", "Gets one pet."),
            "patch",
            None,
        ),
        (
            "operation added",
            r(
                "  /pets:\n",
                "  /pets/count:\n    get:\n      operationId: countPets\n      responses:\n        \"200\":\n          description: N.\n          schema: {type: integer}\n  /pets:\n",
            ),
            "minor",
            Some(("added", "fn Client::count_pets()", false)),
        ),
        (
            "operation removed",
            {
                let start = BASE.find("  /pets:\n").expect("post");
                let end = BASE.find("definitions:").expect("definitions");
                format!("{}{}", &BASE[..start], &BASE[end..])
            },
            "major",
            Some(("removed", "fn Client::add_pet", true)),
        ),
        (
            "optional parameter added",
            r(
                "        - {name: verbose, in: query, type: boolean}",
                "        - {name: verbose, in: query, type: boolean}\n        - {name: lang, in: query, type: string}",
            ),
            "minor",
            Some(("added", "fn builders::GetPet::lang(String)", false)),
        ),
        (
            "required parameter added",
            r(
                "        - {name: verbose, in: query, type: boolean}",
                "        - {name: verbose, in: query, type: boolean}\n        - {name: lang, in: query, type: string, required: true}",
            ),
            "major",
            Some(("changed", "fn Client::get_pet(i64, String)", true)),
        ),
        (
            "parameter retyped",
            r(
                "{name: verbose, in: query, type: boolean}",
                "{name: verbose, in: query, type: string}",
            ),
            "major",
            Some(("changed", "fn builders::GetPet::verbose(String)", true)),
        ),
        (
            "optional property added (response and request body)",
            r(
                "      name: {type: string}",
                "      name: {type: string}\n      age: {type: integer}",
            ),
            "minor",
            Some(("added", "field types::Pet::age: Option<i64>", false)),
        ),
        (
            "required property added",
            r(
                "    required: [id]\n    properties:\n      id: {type: integer}",
                "    required: [id, tag]\n    properties:\n      id: {type: integer}\n      tag: {type: string}",
            ),
            "major",
            Some(("changed", "fn types::Pet::new(i64, String)", true)),
        ),
        (
            "property removed",
            r("      name: {type: string}\n", ""),
            "major",
            Some(("removed", "field types::Pet::name", true)),
        ),
        (
            "enum value added",
            r("enum: [red, green]", "enum: [red, green, blue]"),
            "minor",
            Some(("added", "variant types::PetColor::Blue", false)),
        ),
        (
            "enum value removed",
            r("enum: [red, green]", "enum: [red]"),
            "major",
            Some(("removed", "variant types::PetColor::Green", true)),
        ),
        // Same body type: the generated crate does not change at all.
        (
            "response status added (same body)",
            r(
                "        \"200\":\n          description: The pet.\n          schema:\n            $ref: \"#/definitions/Pet\"",
                "        \"200\":\n          description: The pet.\n          schema:\n            $ref: \"#/definitions/Pet\"\n        \"203\":\n          description: The pet, from a cache.\n          schema:\n            $ref: \"#/definitions/Pet\"",
            ),
            "none",
            None,
        ),
    ]
}

#[test]
fn spec_changes_are_classified_with_their_bump() {
    let dir = scratch("pairs");
    for (what, new, bump, expect) in pairs() {
        assert_eq!(new == BASE, what == "identical", "{what}: the pair differs");
        let report = diff(&dir, BASE, &new);
        assert_eq!(report["bump"], bump, "{what}: {report:#}");
        if let Some((change, item, breaking)) = expect {
            let found = report["changes"]
                .as_array()
                .expect("changes")
                .iter()
                .any(|c| {
                    c["change"] == change
                        && c["item"].as_str().is_some_and(|i| i.contains(item))
                        && c["breaking"] == breaking
                });
            assert!(
                found,
                "{what}: no {change} {item:?} (breaking: {breaking}) in {report:#}"
            );
        }
        if bump == "none" {
            assert_eq!(report["changes"], serde_json::json!([]), "{what}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `swaggen generate SPEC --out OUT`; returns stderr.
fn generate(spec: &Path, out: &Path, extra: &[&str]) -> String {
    let mut args: Vec<std::ffi::OsString> = vec![
        "swaggen".into(),
        "generate".into(),
        spec.into(),
        "--out".into(),
        out.into(),
        "--crate-name".into(),
        "pets".into(),
    ];
    args.extend(extra.iter().map(Into::into));
    let mut err = Vec::new();
    let code = swaggen::cli::run(args, &mut std::io::sink(), &mut err);
    let err = String::from_utf8_lossy(&err).into_owned();
    assert_eq!(code, 0, "{err}");
    err
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("readable")
}

fn version(out: &Path) -> String {
    let cargo: toml::Table = toml::from_str(&read(&out.join("Cargo.toml"))).expect("toml");
    cargo["package"]["version"]
        .as_str()
        .expect("version")
        .to_owned()
}

#[test]
fn regenerating_bumps_the_version_and_keeps_a_changelog() {
    let dir = scratch("regenerate");
    let spec = dir.join("pets.yaml");
    let out = dir.join("pets");
    write(&spec, BASE);
    generate(&spec, &out, &[]);
    assert_eq!(version(&out), "1.0.0");
    assert!(read(&out.join("CHANGELOG.md")).contains("## 1.0.0\n\n- First generation"));
    assert!(read(&out.join("API.txt")).contains("fn Client::get_pet(i64) -> builders::GetPet\n"));

    // The user's own files, and a file an earlier swaggen generated.
    write(&out.join("NOTES.md"), "mine\n");
    write(&out.join("src/extra.rs"), "// mine\npub fn extra() {}\n");
    write(
        &out.join("src/old.rs"),
        "// @generated by swaggen 0.0.1 from x. Do not edit by hand.\n",
    );

    // An additive change: minor.
    write(
        &spec,
        &BASE.replace(
            "      name: {type: string}",
            "      name: {type: string}\n      age: {type: integer}",
        ),
    );
    let said = generate(&spec, &out, &[]);
    assert!(
        said.contains("API: 1 added, 0 removed, 0 changed (0 breaking); bump: minor"),
        "{said}"
    );
    assert_eq!(version(&out), "1.1.0");
    let changelog = read(&out.join("CHANGELOG.md"));
    let newest = changelog.find("## 1.1.0").expect("entry");
    assert!(
        newest < changelog.find("## 1.0.0").expect("first"),
        "{changelog}"
    );
    assert!(
        changelog.contains("- added: `field types::Pet::age: Option<i64>`"),
        "{changelog}"
    );
    assert!(
        !out.join("src/old.rs").exists(),
        "a stale generated file is removed"
    );
    assert_eq!(read(&out.join("NOTES.md")), "mine\n");
    assert!(out.join("src/extra.rs").exists(), "the user's file stays");

    // The same spec again: nothing changes, and --check agrees.
    let before = read(&out.join("CHANGELOG.md"));
    generate(&spec, &out, &[]);
    assert_eq!(version(&out), "1.1.0");
    assert_eq!(read(&out.join("CHANGELOG.md")), before);
    generate(&spec, &out, &["--check"]);

    // A breaking change: major, listed first.
    write(
        &spec,
        &BASE.replace(
            "{name: verbose, in: query, type: boolean}",
            "{name: verbose, in: query, type: boolean, required: true}",
        ),
    );
    let said = generate(&spec, &out, &[]);
    assert!(said.contains("bump: major"), "{said}");
    assert!(
        said.contains("breaking: changed fn Client::get_pet(i64, bool)"),
        "{said}"
    );
    assert_eq!(version(&out), "2.0.0");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_one_operation_change_touches_only_that_operation() {
    let generate = |text: &str| {
        swaggen::generate_str("pets.yaml", text, &swaggen::Options::default())
            .expect("generates")
            .files
    };
    let before = generate(BASE);
    let after = generate(&BASE.replacen(
        "        - {name: verbose, in: query, type: boolean}",
        "        - {name: verbose, in: query, type: boolean}\n        - {name: lang, in: query, type: string}",
        1,
    ));
    let mut changed = Vec::new();
    for (old, new) in before.iter().zip(&after) {
        assert_eq!(old.path, new.path);
        if old.contents == new.contents {
            continue;
        }
        changed.push(new.path.clone());
        if new.path != "src/builders.rs" {
            continue;
        }
        // Every changed line lies in `GetPet`'s builder: from its macro
        // invocation to the next builder's.
        let lines: Vec<&str> = new.contents.lines().collect();
        let invocations: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.starts_with("crate::__swaggen_builder! {"))
            .map(|(i, _)| i)
            .collect();
        let at = invocations
            .iter()
            .position(|&i| {
                lines[i..]
                    .iter()
                    .find(|l| l.trim_start().starts_with("pub struct "))
                    .is_some_and(|l| l.contains("pub struct GetPet "))
            })
            .expect("GetPet");
        let start = invocations[at];
        let end = invocations.get(at + 1).copied().unwrap_or(lines.len());
        let diff = similar::TextDiff::from_lines(&old.contents, &new.contents);
        for op in diff.ops() {
            let range = op.new_range();
            if op.tag() != similar::DiffTag::Equal {
                assert!(
                    range.start >= start && range.end <= end,
                    "lines {range:?} changed outside GetPet ({start}..{end})"
                );
            }
        }
    }
    assert_eq!(changed, ["API.txt", "src/builders.rs"]);
}

/// A user crate written against `BASE`'s API: it builds a body, reads and
/// matches a response, calls both operations and inspects an error, the
/// way an application would.
const USER: &str = r#"//! Written against the base Pets API.

use pets::types::{Pet, PetColor};

/// A body with the required property and two optional ones.
pub fn build() -> Pet {
    let mut pet = Pet::new(1);
    pet.name = Some("Rex".to_owned());
    pet.color = Some(PetColor::Red);
    pet
}

/// Every field read, the enum matched.
pub fn describe(pet: &Pet) -> String {
    let color = match &pet.color {
        Some(PetColor::Red) => "red",
        Some(PetColor::Green) => "green",
        Some(other) => other.as_str(),
        None => "none",
    };
    format!("{} {:?} {color}", pet.id, pet.name)
}

/// Both operations, with the optional parameter.
pub async fn calls(base_url: &str) -> Result<String, pets::Error<serde_json::Value>> {
    let client = pets::Client::builder().base_url(base_url)?.build()?;
    let pet = client.get_pet(7).verbose(true).send().await?;
    let _created: serde_json::Value = client.add_pet(build()).send().await?;
    Ok(describe(&pet))
}

/// An error, inspected.
pub fn status_of(error: &pets::Error<serde_json::Value>) -> Option<u16> {
    error.status().map(|s| s.as_u16())
}
"#;

/// `cargo` with the corpus runner's target directory: its dependencies are
/// the generated crates' dependencies, so each is built once for both.
fn cargo(work: &Path) -> std::process::Command {
    let mut command =
        std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .current_dir(work)
        .env(
            "CARGO_TARGET_DIR",
            crate::root().join("target/corpus/target"),
        )
        .env_remove("RUSTFLAGS")
        .args(["--quiet", "--color", "never"]);
    command
}

/// Each pair's crates compile; a crate written against the old API
/// compiles against every new one the table calls additive, and fails
/// against every new one it calls breaking (so it does exercise what the
/// breaking changes take away).
#[test]
fn additive_changes_keep_a_user_crate_compiling() {
    let work = crate::root().join("target/evolution");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("work dir");
    let mut cases = vec![("base", BASE.to_owned(), "none")];
    cases.extend(
        pairs()
            .into_iter()
            .filter(|(what, ..)| *what != "identical")
            .map(|(what, new, bump, _)| (what, new, bump)),
    );
    let mut members = Vec::new();
    let (mut additive, mut breaking) = (Vec::new(), Vec::new());
    for (i, (what, spec, bump)) in cases.iter().enumerate() {
        let api = format!("pets-{i}");
        let user = format!("user-{i}");
        let spec_path = work.join(format!("{api}.yaml"));
        write(&spec_path, spec);
        let generated = swaggen::generate(
            &spec_path,
            &swaggen::Options {
                package_name: Some(api.clone()),
                ..swaggen::Options::default()
            },
        )
        .unwrap_or_else(|f| panic!("{what}: {:#?}", f.diagnostics));
        swaggen::write::write_all(&work.join(&api), &generated.files).expect("written");
        std::fs::create_dir_all(work.join(&user).join("src")).expect("user dir");
        write(
            &work.join(&user).join("Cargo.toml"),
            &format!(
                "[package]\nname = \"{user}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
                 [dependencies]\npets = {{ package = \"{api}\", path = \"../{api}\" }}\nserde_json = \"1\"\n"
            ),
        );
        write(&work.join(&user).join("src/lib.rs"), USER);
        members.push(api.clone());
        if *bump == "major" {
            breaking.push((*what, user));
        } else {
            additive.push(user);
        }
    }
    let quoted: Vec<String> = members
        .iter()
        .chain(&additive)
        .chain(breaking.iter().map(|(_, u)| u))
        .map(|m| format!("\"{m}\""))
        .collect();
    write(
        &work.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            quoted.join(", ")
        ),
    );
    let _ = std::fs::copy(crate::root().join("Cargo.lock"), work.join("Cargo.lock"));

    // Every generated crate, and the user crate against every additive one.
    let mut check = cargo(&work);
    check.args(["check", "--offline"]);
    for package in members.iter().chain(&additive) {
        check.args(["-p", package]);
    }
    let output = check.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(additive.len(), 7, "base and six non-breaking pairs");

    // Against each breaking one, the user crate stops compiling.
    assert_eq!(breaking.len(), 6);
    for (what, user) in &breaking {
        let output = cargo(&work)
            .args(["check", "--offline", "-p", user])
            .output()
            .expect("cargo runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !output.status.success() && stderr.contains("error[E"),
            "{what}: the user crate still compiles against it\n{stderr}"
        );
    }
}
