//! Events shaped as clients and servers really send them, in every context
//! they arrive in (`data/real_traffic.jsonl`, written by
//! `data/make_real_traffic.py`): old VoIP events, redacted events, stubs
//! without `sender`, wrong value types, custom and unstable types, state
//! with `prev_content`, stripped invite state, to-device, account data,
//! receipts, presence; encrypted stickers without `url`, messages without
//! `msgtype`, members redacted under room version 11, a busy room's
//! conversation. Whatever release the crate is built from, none may fail to
//! read, every one must be written back identical, and those the file
//! marks (`"expect"`) must read as typed or invalid as marked.

#[path = "../examples/support/event_stream.rs"]
mod event_stream;

use event_stream::{read_in, Class};
use serde_json::Value;

#[test]
fn real_shaped_events_read_in_every_context_and_write_back_identical() {
    let text = include_str!("data/real_traffic.jsonl");
    let mut counts = [0usize; 4];
    let mut problems = Vec::new();
    let mut marked = 0;
    for (index, line) in text.lines().enumerate() {
        let record: Value = serde_json::from_str(line).unwrap();
        let context = record["context"].as_str().unwrap();
        let (class, detail, same) = read_in(context, &record["event"]).unwrap();
        if matches!(class, Class::Error) || !same {
            problems.push(format!("line {}: {} {detail}", index + 1, class.name()));
        }
        // The deviations and redactions the file marks read as it says,
        // whenever the crate knows their type (the sample spec knows few).
        let event_type = record["event"]["type"].as_str().unwrap_or_default();
        let known = matrix_events::EVENT_TYPES
            .iter()
            .any(|(t, _)| *t == event_type);
        if let Some(expected) = record.get("expect").and_then(Value::as_str) {
            if known && class.name() != expected {
                problems.push(format!(
                    "line {}: {} but marked {expected}: {detail}",
                    index + 1,
                    class.name()
                ));
            }
            marked += 1;
        }
        counts[class as usize] += 1;
    }
    let [typed, unknown, invalid, errors] = counts;
    println!("typed {typed}; unknown {unknown}; invalid {invalid}; errors {errors}");
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(marked >= 40, "only {marked} events are marked");
    assert!(typed > 0, "nothing was typed");
    // The malformed events of the file are known types in every release.
    assert!(invalid > 0, "no malformed event was kept as invalid");
}
