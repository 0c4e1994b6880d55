//! Random schema trees, valid and not, through the whole pipeline: it must
//! never panic, and whatever it generates must parse as Rust.

mod support;

use std::cell::RefCell;
use std::path::PathBuf;

use matrix_codegen::Builder;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn name() -> impl Strategy<Value = String> {
    // Property names in the spec include dots, capitals and keywords.
    prop_oneof![
        "[a-z_]{1,8}",
        "m\\.[a-z_]{1,6}",
        "[a-zA-Z]{1,6}",
        Just("type".to_owned()),
        Just("self".to_owned()),
        Just("".to_owned()),
        "[ -~]{0,6}",
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "integer"})),
        Just(json!({"type": "number", "format": "float"})),
        Just(json!({"type": "boolean"})),
        Just(json!({"type": ["string", "null"]})),
        Just(json!({"type": ["string", "integer", "boolean", "null"]})),
        Just(json!({"type": "object"})),
        Just(json!({})),
        Just(json!({"$ref": "components/shared.yaml"})),
        Just(json!({"$ref": "components/missing.yaml"})),
        Just(json!({"$ref": "../../../outside.yaml"})),
        Just(json!({"type": 42})),
        Just(json!({"type": "file"})),
        Just(json!({"properties": ["a"]})),
        Just(json!({"required": "a"})),
        Just(json!({"items": [{"type": "string"}]})),
        Just(json!({"not": {"type": "string"}, "pattern": "^x", "x-weight": 3})),
        prop::collection::vec(name(), 1..4).prop_map(|values| json!({"type": "string", "enum": values})),
        any::<i64>().prop_map(|n| json!({"enum": [n, "mixed"]})),
        "[A-Za-z ]{0,12}".prop_map(|title| json!({"type": "object", "title": title, "properties": {"a": {"type": "string"}}})),
    ]
}

fn schema() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 40, 4, |inner| {
        prop_oneof![
            (prop::collection::vec((name(), inner.clone()), 0..4), prop::collection::vec(name(), 0..3)).prop_map(
                |(props, required)| {
                    let props: Map<String, Value> = props.into_iter().collect();
                    json!({"type": "object", "properties": props, "required": required})
                }
            ),
            inner.clone().prop_map(|items| json!({"type": "array", "items": items})),
            inner.clone().prop_map(|value| json!({"type": "object", "additionalProperties": value})),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| json!({"type": "object", "properties": {"room": a}, "patternProperties": {"^@": b}})),
            prop::collection::vec(inner.clone(), 1..3).prop_map(|v| json!({"oneOf": v})),
            prop::collection::vec(inner.clone(), 1..3).prop_map(|v| json!({"anyOf": v})),
            prop::collection::vec(inner.clone(), 1..3).prop_map(|v| json!({"allOf": v})),
            (inner, "[a-z ]{0,10}").prop_map(|(s, d)| json!({"allOf": [s], "description": d, "deprecated": true})),
        ]
    })
}

thread_local! {
    // One folder per test thread, reused by every case the thread runs; the
    // thread's exit drops it, and `Scratch` removes it then.
    static DIR: RefCell<Option<support::Scratch>> = const { RefCell::new(None) };
}

fn spec_dir() -> PathBuf {
    DIR.with(|d| {
        let mut slot = d.borrow_mut();
        let dir = slot.get_or_insert_with(|| {
            let dir = support::temp_dir(&format!("{:?}", std::thread::current().id()));
            std::fs::create_dir_all(dir.join("event-schemas/schema/components")).unwrap();
            dir
        });
        dir.to_path_buf()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_schemas_never_panic_and_output_parses(
        content in schema(),
        shared in schema(),
        event_type in "m\\.[a-z_]{1,5}(\\.[a-zA-Z_]{1,5}){0,2}",
    ) {
        let dir = spec_dir();
        let event = json!({
            "type": "object",
            "properties": {"content": content, "type": {"type": "string", "enum": [event_type]}},
        });
        let schemas = dir.join("event-schemas/schema");
        std::fs::write(schemas.join("m.prop.yaml"), event.to_string()).unwrap();
        std::fs::write(schemas.join("components/shared.yaml"), shared.to_string()).unwrap();

        match Builder::new().spec_dir(&dir).generate() {
            Ok(generated) => {
                prop_assert!(syn::parse_file(&generated.code).is_ok());
            }
            Err(error) => {
                prop_assert!(error.errors().count() > 0);
                for d in error.errors() {
                    prop_assert!(d.file.is_some(), "an error without a file: {}", d);
                }
            }
        }
    }
}
