//! A bounded property test: random but structurally valid specs (odd names,
//! every primitive type and format, enums, arrays, maps, nested objects,
//! references between definitions, cycles, all parameter locations) always
//! generate, deterministically, and every emitted Rust file parses.
//! (The corpus runner and fixtures check that such crates compile.)

use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Names as specs write them: words, keywords, digits, symbols, non-ASCII.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-zA-Z0-9]{0,10}",
        "[A-Za-z0-9_ .$-]{0,12}",
        Just("type".to_owned()),
        Just("self".to_owned()),
        Just("Self".to_owned()),
        Just("Client".to_owned()),
        Just("Result".to_owned()),
        Just("ref".to_owned()),
        Just("1st".to_owned()),
        Just("naïve".to_owned()),
        Just(String::new()),
    ]
}

fn primitive() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "string", "format": "date-time"})),
        Just(json!({"type": "string", "format": "date"})),
        Just(json!({"type": "string", "format": "byte"})),
        Just(json!({"type": "string", "format": "binary"})),
        Just(json!({"type": "string", "format": "uuid"})),
        Just(json!({"type": "integer"})),
        Just(json!({"type": "integer", "format": "int32"})),
        Just(json!({"type": "integer", "format": "int64"})),
        Just(json!({"type": "number", "format": "float"})),
        Just(json!({"type": "number"})),
        Just(json!({"type": "boolean"})),
        Just(json!({"type": "object"})),
        Just(json!({})),
        prop::collection::vec(name(), 1..5).prop_map(|v| json!({"type": "string", "enum": v})),
        prop::collection::vec(-3i64..300, 1..4).prop_map(|v| json!({"type": "integer", "enum": v})),
    ]
}

/// A schema; `refs` is how many definitions exist (a `$ref` picks one).
fn schema(refs: usize) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        4 => primitive(),
        1 => (0..refs.max(1)).prop_map(move |i| if refs == 0 {
            json!({"type": "string"})
        } else {
            json!({"$ref": format!("#/definitions/D{i}")})
        }),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            inner
                .clone()
                .prop_map(|i| json!({"type": "array", "items": i})),
            inner
                .clone()
                .prop_map(|i| json!({"type": "object", "additionalProperties": i})),
            (
                prop::collection::vec((name(), inner.clone(), any::<bool>()), 0..4),
                any::<bool>()
            )
                .prop_map(|(props, nullable)| {
                    let mut properties = Map::new();
                    let mut required = Vec::new();
                    for (n, mut s, req) in props {
                        if nullable && let Some(o) = s.as_object_mut() {
                            o.insert("x-nullable".into(), json!(true));
                        }
                        if req {
                            required.push(json!(n.clone()));
                        }
                        properties.insert(n, s);
                    }
                    json!({"type": "object", "properties": properties, "required": required})
                }),
            prop::collection::vec(inner, 1..3).prop_map(|parts| json!({"allOf": parts})),
        ]
    })
}

fn parameter() -> impl Strategy<Value = Value> {
    (
        name(),
        prop_oneof![Just("query"), Just("header"), Just("formData")],
        primitive(),
        any::<bool>(),
        prop_oneof![Just("csv"), Just("multi"), Just("pipes"), Just("ssv")],
        any::<bool>(),
    )
        .prop_map(|(n, place, mut ty, required, collection, array)| {
            // Parameters take simple types only.
            if ty.get("type").is_none_or(|t| t == "object") {
                ty = json!({"type": "string"});
            }
            let mut p = json!({"name": n, "in": place, "required": required});
            let target = p.as_object_mut().expect("object");
            if array {
                target.insert("type".into(), json!("array"));
                target.insert("items".into(), ty);
                target.insert("collectionFormat".into(), json!(collection));
            } else if let Some(o) = ty.as_object() {
                target.extend(o.clone());
            }
            p
        })
}

fn spec() -> impl Strategy<Value = Value> {
    (0usize..4)
        .prop_flat_map(|defs| {
            (
                name(),
                prop::collection::vec(schema(defs), defs),
                prop::collection::vec(
                    (
                        "[a-z]{1,8}",
                        prop::option::of("[a-z]{1,6}"),
                        prop_oneof![
                            Just("get"),
                            Just("post"),
                            Just("put"),
                            Just("delete"),
                            Just("patch")
                        ],
                        prop::option::of(name()),
                        prop::collection::vec(parameter(), 0..4),
                        prop::option::of(schema(defs)),
                        prop::collection::btree_map(
                            prop_oneof![
                                Just("200"),
                                Just("201"),
                                Just("204"),
                                Just("400"),
                                Just("default")
                            ],
                            prop::option::of(schema(defs)),
                            1..3,
                        ),
                        // Tags become cargo features (odd ones included).
                        prop::option::of(prop_oneof![
                            Just("pets".to_owned()),
                            Just("Store Front".to_owned()),
                            Just("2fa".to_owned()),
                            Just("default".to_owned()),
                            name(),
                        ]),
                    ),
                    1..4,
                ),
            )
        })
        .prop_map(|(title, defs, ops)| {
            let mut definitions = Map::new();
            for (i, d) in defs.into_iter().enumerate() {
                definitions.insert(format!("D{i}"), d);
            }
            let mut paths = Map::new();
            for (segment, param, method, op_id, mut params, body, responses, tag) in ops {
                let mut template = format!("/{segment}");
                let params_list = params.as_mut_slice();
                let mut all: Vec<Value> = params_list.to_vec();
                if let Some(p) = &param {
                    template.push_str(&format!("/{{{p}}}"));
                    all.push(json!({"name": p, "in": "path", "required": true, "type": "string"}));
                }
                if let Some(b) = body {
                    // A body and form fields do not mix.
                    all.retain(|p| p["in"] != "formData");
                    all.push(json!({"name": "body", "in": "body", "schema": b}));
                }
                let mut resp = Map::new();
                for (status, schema) in responses {
                    let mut r = json!({"description": "r"});
                    if let (Some(s), Some(o)) = (schema, r.as_object_mut()) {
                        o.insert("schema".into(), s);
                    }
                    resp.insert(status.to_owned(), r);
                }
                let mut op = json!({"parameters": all, "responses": resp});
                if let (Some(id), Some(o)) = (op_id, op.as_object_mut()) {
                    o.insert("operationId".into(), json!(id));
                }
                if let (Some(tag), Some(o)) = (tag, op.as_object_mut()) {
                    o.insert("tags".into(), json!([tag]));
                }
                let item = paths.entry(template).or_insert_with(|| json!({}));
                if let Some(o) = item.as_object_mut() {
                    o.insert(method.to_owned(), op);
                }
            }
            json!({
                "swagger": "2.0",
                "info": {"title": title, "version": "1.0"},
                "host": "example.com",
                "paths": paths,
                "definitions": definitions,
            })
        })
}

proptest! {
    // 64 cases in `cargo test`; `PROPTEST_CASES=5000` for a longer search.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_valid_specs_generate_parsable_deterministic_crates(spec in spec()) {
        let text = serde_json::to_string_pretty(&spec).expect("json");
        let options = swaggen::Options::default();
        let first = swaggen::generate_str("random.json", &text, &options);
        let generated = match first {
            Ok(g) => g,
            Err(failed) => {
                return Err(TestCaseError::fail(format!(
                    "refused:\n{}\n{text}",
                    crate::render(&failed.diagnostics)
                )));
            }
        };
        for f in generated.files.iter().filter(|f| f.path.ends_with(".rs")) {
            if let Err(e) = syn::parse_file(&f.contents) {
                return Err(TestCaseError::fail(format!("{} does not parse: {e}\n{text}", f.path)));
            }
        }
        // Emit and format run on several threads: the output may not depend
        // on how many.
        let one_thread = swaggen::Options { threads: Some(1), ..swaggen::Options::default() };
        let again = swaggen::generate_str("random.json", &text, &one_thread).expect("generates again");
        prop_assert_eq!(generated.files.len(), again.files.len());
        for (a, b) in generated.files.iter().zip(&again.files) {
            if a != b {
                let diff = similar::TextDiff::from_lines(&a.contents, &b.contents)
                    .unified_diff()
                    .header("first", "again")
                    .to_string();
                return Err(TestCaseError::fail(format!("{} differs between runs:\n{diff}\n{text}", a.path)));
            }
        }
    }
}
