//! Builds a /sync-like batch of events from a spec's examples: a JSON
//! object with one array per section (`timeline`, `state`, ...), each
//! event in the section of its type's main kind (`EVENT_TYPES`), the
//! examples repeated until the batch reaches a target size.
//!
//! Needs `mod spec_examples;` (support/spec_examples.rs) beside it.

use std::path::Path;

use matrix_events::EventKind;
use serde_json::Value;

use crate::spec_examples;

/// The section of a /sync-like batch that holds events of a kind.
pub fn section_of(kind: EventKind) -> &'static str {
    match kind {
        EventKind::MessageLike => "timeline",
        EventKind::State => "state",
        EventKind::GlobalAccountData => "global_account_data",
        EventKind::RoomAccountData => "room_account_data",
        EventKind::EphemeralRoom => "ephemeral",
        EventKind::ToDevice => "to_device",
        EventKind::Presence => "presence",
    }
}

/// A batch, as JSON text, and what it holds.
pub struct Batch {
    pub json: String,
    /// Each section present, in the order written, with its event count.
    pub sections: Vec<(&'static str, usize)>,
    /// How many examples went in, and how many times each was repeated.
    pub examples: usize,
    pub rounds: usize,
    /// Example files left out, with why (no `type`, a type not known).
    pub skipped: Vec<String>,
}

/// Builds a batch of at least `target_bytes` (and at least one copy of
/// every usable example) from the examples of the spec in `data_dir`.
///
/// Keys are written sorted, as `serde_json::Value` holds them, which puts
/// `content` before `type`; with `type_first`, `type` is written first.
/// Copies after the first get a distinct `event_id` and a later
/// `origin_server_ts`.
pub fn build(data_dir: &Path, target_bytes: usize, type_first: bool) -> Result<Batch, String> {
    const ORDER: [EventKind; 7] = [
        EventKind::MessageLike,
        EventKind::State,
        EventKind::GlobalAccountData,
        EventKind::RoomAccountData,
        EventKind::EphemeralRoom,
        EventKind::ToDevice,
        EventKind::Presence,
    ];
    let mut by_section: Vec<Vec<Value>> = vec![Vec::new(); ORDER.len()];
    let mut skipped = Vec::new();
    let mut examples = 0;
    for file in spec_examples::example_files(data_dir)? {
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        let example = spec_examples::load(&file).map_err(|e| format!("{name}: {e}"))?;
        let Some(event_type) = example.get("type").and_then(Value::as_str) else {
            skipped.push(format!("{name}: no `type`"));
            continue;
        };
        let Some((kind, _)) = spec_examples::kind_for(&example) else {
            skipped.push(format!("{name}: `{event_type}` is not a known event type"));
            continue;
        };
        let section = ORDER.iter().position(|k| *k == kind).unwrap_or(0);
        let mut example = example;
        if kind == EventKind::ToDevice {
            // The spec's to-device examples leave out the `sender` that
            // `/sync` gives every to-device event.
            if let Value::Object(map) = &mut example {
                (map.entry("sender")).or_insert_with(|| Value::String("@alice:example.org".into()));
            }
        }
        by_section[section].push(example);
        examples += 1;
    }
    if examples == 0 {
        return Err(format!(
            "no usable examples under {}",
            data_dir.join("event-schemas/examples").display()
        ));
    }

    let mut texts: Vec<String> = vec![String::new(); ORDER.len()];
    let mut counts = vec![0usize; ORDER.len()];
    let mut rounds = 0;
    while rounds == 0 || texts.iter().map(String::len).sum::<usize>() < target_bytes {
        for (i, events) in by_section.iter().enumerate() {
            for event in events {
                let event = vary(event, rounds);
                let text = &mut texts[i];
                text.push_str(if counts[i] == 0 { "\n" } else { ",\n" });
                write_event(text, &event, type_first);
                counts[i] += 1;
            }
        }
        rounds += 1;
    }

    let mut json = String::from("{");
    let mut sections = Vec::new();
    for (i, kind) in ORDER.iter().enumerate() {
        if counts[i] == 0 {
            continue;
        }
        if !sections.is_empty() {
            json.push(',');
        }
        let name = section_of(*kind);
        json.push_str(&format!("\"{name}\":["));
        json.push_str(&texts[i]);
        json.push_str("\n]");
        sections.push((name, counts[i]));
    }
    json.push_str("}\n");
    Ok(Batch {
        json,
        sections,
        examples,
        rounds,
        skipped,
    })
}

/// The `round`-th copy of an event: the same but for its `event_id` and
/// `origin_server_ts`, so that copies are not byte-identical.
fn vary(event: &Value, round: usize) -> Value {
    let mut event = event.clone();
    if round == 0 {
        return event;
    }
    if let Some(Value::String(id)) = event.get_mut("event_id") {
        *id = match id.split_once(':') {
            Some((local, server)) => format!("{local}_{round}:{server}"),
            None => format!("{id}_{round}"),
        };
    }
    if let Some(Value::Number(ts)) = event.get_mut("origin_server_ts") {
        if let Some(t) = ts.as_i64() {
            *ts = (t + round as i64).into();
        }
    }
    event
}

fn write_event(out: &mut String, event: &Value, type_first: bool) {
    if type_first {
        out.push_str(&spec_examples::type_first_json(event));
    } else {
        out.push_str(&serde_json::to_string(event).expect("a JSON value serializes"));
    }
}
