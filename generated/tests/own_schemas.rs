//! `matrix-events` reads this repository's `extra-schemas/` beside the
//! spec unless `MATRIX_EXTRA_SCHEMAS` says otherwise: secret storage and
//! polls (under their unstable names, as clients send them) read typed in
//! a default build, and are unknown in a spec-only build
//! (`MATRIX_EXTRA_SCHEMAS=`). No release of the spec has schemas for them.

#[path = "../examples/support/event_stream.rs"]
mod event_stream;

use event_stream::read_in;
use serde_json::{json, Value};

fn own_events() -> Vec<(&'static str, Value)> {
    vec![
        (
            "global_account_data",
            json!({"type": "m.secret_storage.default_key", "content": {"key": "abc"}}),
        ),
        (
            "global_account_data",
            json!({"type": "m.secret_storage.key.abc", "content": {
                "name": "Recovery key",
                "algorithm": "m.secret_storage.v1.aes-hmac-sha2",
                "passphrase": {"algorithm": "m.pbkdf2", "salt": "c2FsdHk", "iterations": 500000},
                "iv": "gH2iNpiETFhApvW6/FFEJQ",
                "mac": "9Lw12m5SKDipNghdQXKjgpfdj1/K7HFI2brO+UWAGoM",
            }}),
        ),
        (
            "sync_timeline",
            json!({
                "type": "org.matrix.msc3381.poll.start",
                "event_id": "$poll1:example.org",
                "sender": "@alice:example.org",
                "origin_server_ts": 1_733_000_000_000_i64,
                "content": {
                    "org.matrix.msc3381.poll.start": {
                        "question": {"org.matrix.msc1767.text": "Lunch?"},
                        "kind": "org.matrix.msc3381.poll.disclosed",
                        "max_selections": 1,
                        "answers": [
                            {"id": "pizza", "org.matrix.msc1767.text": "Pizza"},
                            {"id": "salad", "org.matrix.msc1767.text": "Salad"},
                        ],
                    },
                    "org.matrix.msc1767.text": "Lunch?\n1. Pizza\n2. Salad",
                },
            }),
        ),
    ]
}

#[test]
fn own_schemas_are_read_unless_the_build_says_otherwise() {
    let expected = match option_env!("MATRIX_EXTRA_SCHEMAS") {
        None => "typed",
        Some("") => "unknown",
        // Other folders: what they hold is theirs to test.
        Some(_) => return,
    };
    for (context, event) in own_events() {
        let (class, detail, same) = read_in(context, &event).unwrap();
        assert_eq!(class.name(), expected, "{}: {detail}", event["type"]);
        assert!(same, "{} was not written back identical", event["type"]);
    }
}
