//! The round trip of the spec's examples must fail each way an example can
//! miss its type, although the plain reading keeps every such example and
//! writes it back identical. Examples of our own, in the spec's layout in a
//! temporary folder, go through the same code as `--example roundtrip`.
//! Uses `m.room.member`, `m.room.topic` and `m.room.message`'s `m.text`,
//! which every release and the sample spec have.

#[path = "../examples/support/spec_examples.rs"]
mod spec_examples;
#[path = "../examples/support/spec_roundtrip.rs"]
mod spec_roundtrip;

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

fn room_event(event_type: &str, content: Value) -> Value {
    json!({
        "type": event_type,
        "event_id": "$e1:example.org",
        "room_id": "!room:example.org",
        "sender": "@alice:example.org",
        "origin_server_ts": 1_733_000_000_000_i64,
        "content": content,
    })
}

fn state_event(event_type: &str, state_key: &str, content: Value) -> Value {
    let mut event = room_event(event_type, content);
    event["state_key"] = json!(state_key);
    event
}

fn redacted_topic() -> Value {
    let mut event = state_event("m.room.topic", "", json!({}));
    event["unsigned"] = json!({"redacted_because": {
        "type": "m.room.redaction",
        "event_id": "$r1:example.org",
        "sender": "@mod:example.org",
        "origin_server_ts": 1_733_000_000_500_i64,
        "content": {"reason": "spam"},
    }});
    event
}

/// `(file name, example, the reason it must fail with, or None to pass)`.
fn examples() -> Vec<(&'static str, Value, Option<&'static str>)> {
    let member = |content| state_event("m.room.member", "@bob:example.org", content);
    let mut topic_with_string_age = state_event("m.room.topic", "", json!({"topic": "Lunch"}));
    topic_with_string_age["unsigned"] = json!({"age": "a while"});
    vec![
        // Fit their types: pass.
        (
            "m.room.member.yaml",
            member(json!({"membership": "join", "displayname": "Bob"})),
            None,
        ),
        (
            "m.room.message$hello.yaml",
            room_event(
                "m.room.message",
                json!({"msgtype": "m.text", "body": "hello"}),
            ),
            None,
        ),
        ("m.room.topic$redacted.yaml", redacted_topic(), None),
        // Kept as `Invalid` by the plain reading.
        (
            "m.room.member$no_membership.yaml",
            member(json!({"displayname": "Bob"})),
            Some("invalid: content: missing field `membership`"),
        ),
        (
            "m.room.topic$not_an_object.yaml",
            state_event("m.room.topic", "", json!("Lunch")),
            Some("invalid: content: invalid type: string"),
        ),
        // The redacted form, for an example that does not say it is one.
        (
            "m.room.topic$cut.yaml",
            redacted_topic(),
            Some("redacted: "),
        ),
        // A type the crate does not know.
        (
            "org.example.unknown.yaml",
            room_event("org.example.unknown", json!({"x": 1})),
            Some("unknown: "),
        ),
        // Written for `m.text` (a schema of that name is beside it) but
        // landing in the family's fallback.
        (
            "m.room.message$m.text.yaml",
            room_event(
                "m.room.message",
                json!({"msgtype": "m.texty", "body": "hi"}),
            ),
            Some("fallback: "),
        ),
        // Typed, with a field of the wrong type set aside: in the content,
        // and deeper, in the envelope's `unsigned`.
        (
            "m.room.member$number_name.yaml",
            member(json!({"membership": "join", "displayname": 7})),
            Some("set aside: content.displayname: invalid type: integer `7`"),
        ),
        (
            "m.room.topic$string_age.yaml",
            topic_with_string_age,
            Some("set aside: unsigned.age: invalid type: string \"a while\""),
        ),
    ]
}

/// A folder in the layout of a spec's `data/`, holding the examples and
/// the `m.text` variant schema that marks its example as written for it.
fn spec_folder() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("roundtrip-check-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let examples_dir = dir.join("event-schemas/examples");
    let schema_dir = dir.join("event-schemas/schema");
    std::fs::create_dir_all(&examples_dir).unwrap();
    std::fs::create_dir_all(&schema_dir).unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/event-schemas/schema");
    let text = "m.room.message$m.text.yaml";
    std::fs::copy(sample.join(text), schema_dir.join(text)).unwrap();
    for (name, example, _) in examples() {
        let json = serde_json::to_string_pretty(&example).unwrap();
        std::fs::write(examples_dir.join(name), json).unwrap();
    }
    dir
}

#[test]
fn every_way_of_missing_the_type_fails_the_round_trip() {
    let dir = spec_folder();
    let files = spec_examples::example_files(&dir).unwrap();
    let expected = examples();
    assert_eq!(files.len(), expected.len());
    let mut passed = 0;
    let mut problems = Vec::new();
    for file in &files {
        let name = file.file_name().unwrap().to_str().unwrap();
        let (_, _, must) = expected.iter().find(|(n, _, _)| *n == name).unwrap();
        let got = spec_roundtrip::round_trip(file);
        println!("{name}: {got:?}");
        match (must, &got) {
            (None, Ok(_)) => passed += 1,
            (Some(why), Err(said)) if said.starts_with(why) => {}
            _ => problems.push(format!("{name}: expected {must:?}, got {got:?}")),
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(problems.is_empty(), "{problems:#?}");
    // What `roundtrip` would print as its last line.
    let good = expected
        .iter()
        .filter(|(_, _, must)| must.is_none())
        .count();
    assert_eq!(
        format!("roundtrip: {passed}/{} examples identical", files.len()),
        format!("roundtrip: {good}/10 examples identical")
    );
}

/// Each broken example is still read and written back identical by the
/// plain reading: only the strict checks tell it apart.
#[test]
fn the_broken_examples_are_written_back_identical_all_the_same() {
    for (name, example, must) in examples() {
        if must.is_none() || name.starts_with("org.example") {
            continue;
        }
        let event: matrix_events::AnyStateEvent = match example.get("state_key") {
            Some(_) => serde_json::from_value(example.clone()).unwrap(),
            None => continue,
        };
        assert_eq!(serde_json::to_value(&event).unwrap(), example, "{name}");
    }
    for (name, example, must) in examples() {
        if must.is_none() || example.get("state_key").is_some() || name.starts_with("org.") {
            continue;
        }
        let event: matrix_events::AnyMessageLikeEvent =
            serde_json::from_value(example.clone()).unwrap();
        assert_eq!(serde_json::to_value(&event).unwrap(), example, "{name}");
    }
}
