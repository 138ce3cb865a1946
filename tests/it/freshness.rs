//! `generated-client/` must be what the generator makes from `specs/`.
//! `SWAGGEN_BLESS=1 cargo test` rewrites it.

use crate::root;

#[test]
fn generated_client_is_fresh() {
    let config = swaggen::config::load(&root().join("swaggen.toml")).expect("swaggen.toml loads");
    let bless = std::env::var_os("SWAGGEN_BLESS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for job in &config.jobs {
        let spec = swaggen::display_path(&job.spec);
        let crate_name = job.crate_name.clone().unwrap_or_default();
        let overlays: Vec<String> = job
            .overlays
            .iter()
            .map(|o| swaggen::display_path(o))
            .collect();
        let overlays: Vec<&str> = overlays.iter().map(String::as_str).collect();
        let mut generated = crate::generate_job(&spec, &overlays, &crate_name);
        let out = root().join(&job.out);
        // As `swaggen generate` does: version and changelog from the
        // earlier generation in the folder.
        swaggen::diff::evolve(&out, &mut generated.files, job.version.as_deref());
        if bless {
            swaggen::write::write_all(&out, &generated.files).expect("writes");
            continue;
        }
        for s in swaggen::write::check_all(&out, &generated.files) {
            stale.push(format!("{}\n{}", s.path.display(), s.diff));
        }
    }
    assert!(
        stale.is_empty(),
        "generated files are stale; run `cargo run -p swaggen -- generate` (or SWAGGEN_BLESS=1 cargo test) and commit:\n{}",
        stale.join("\n")
    );
}
