//! Any text: swaggen must return a crate whose Rust files parse, or
//! diagnostics; never panic, hang or overflow its stack.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // JSON-looking input is read as JSON, the rest as YAML (as by extension).
    let name = if text.trim_start().starts_with('{') {
        "fuzz.json"
    } else {
        "fuzz.yaml"
    };
    if let Ok(generated) = swaggen::generate_str(name, text, &swaggen::Options::default()) {
        for file in generated.files.iter().filter(|f| f.path.ends_with(".rs")) {
            if let Err(e) = syn::parse_file(&file.contents) {
                panic!("{} does not parse: {e}", file.path);
            }
        }
    }
});
