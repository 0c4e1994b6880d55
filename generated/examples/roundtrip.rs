//! Reads every example event of a spec through the dispatch enum of its
//! kind, writes it back, and compares the two as JSON.
//!
//! ```text
//! MATRIX_SPEC_DIR=DIR cargo run -p matrix-events --example roundtrip -- DIR
//! ```
//!
//! DIR must be the spec the crate was built from. Each failure is one line
//! `FAIL <file>: <why>`; the last line is `roundtrip: N/M examples identical`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use matrix_events::EventKind;
use serde_json::Value;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: roundtrip SPEC_DATA_DIR");
        return ExitCode::from(2);
    };
    let examples = dir.join("event-schemas/examples");
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&examples) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "yaml"))
            .collect(),
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", examples.display());
            return ExitCode::from(1);
        }
    };
    files.sort();

    let mut identical = 0;
    let mut per_kind: BTreeMap<String, usize> = BTreeMap::new();
    for file in &files {
        let name = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        match round_trip(file) {
            Ok(kind) => {
                identical += 1;
                *per_kind.entry(format!("{kind:?}")).or_default() += 1;
            }
            Err(why) => println!("FAIL {name}: {why}"),
        }
    }
    let kinds: Vec<String> = per_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!(
        "dispatched to their specific variant, by kind: {}",
        kinds.join(", ")
    );
    println!("roundtrip: {identical}/{} examples identical", files.len());
    if identical == files.len() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// One example: merged, read through its kind's dispatch enum, written back.
fn round_trip(file: &Path) -> Result<EventKind, String> {
    let example = load(file)?;
    let event_type = example
        .get("type")
        .and_then(Value::as_str)
        .ok_or("no `type`")?
        .to_owned();
    let kind = matrix_events::EVENT_TYPES
        .iter()
        .find(|(t, _)| *t == event_type)
        .and_then(|(_, kinds)| kinds.first().copied())
        .ok_or_else(|| format!("`{event_type}` is not an event type this crate knows"))?;
    let text = serde_json::to_string(&example).map_err(|e| e.to_string())?;

    macro_rules! through {
        ($any:ident) => {{
            let event: matrix_events::$any =
                matrix_events::from_str(&text).map_err(|e| e.to_string())?;
            if matches!(event, matrix_events::$any::Unknown(_)) {
                return Err(format!(
                    "landed in the unknown variant of {}",
                    stringify!($any)
                ));
            }
            if event.content_is_fallback() && written_for_a_variant(file) {
                return Err(
                    "landed in its family's fallback variant, not the variant it was written for"
                        .to_owned(),
                );
            }
            serde_json::to_value(&event).map_err(|e| e.to_string())?
        }};
    }
    let back = match kind {
        EventKind::MessageLike => through!(AnyMessageLikeEvent),
        EventKind::State => through!(AnyStateEvent),
        EventKind::ToDevice => through!(AnyToDeviceEvent),
        EventKind::GlobalAccountData => through!(AnyGlobalAccountDataEvent),
        EventKind::RoomAccountData => through!(AnyRoomAccountDataEvent),
        EventKind::EphemeralRoom => through!(AnyEphemeralRoomEvent),
        EventKind::Presence => through!(AnyPresenceEvent),
    };
    match first_difference(&example, &back, String::new()) {
        None => Ok(kind),
        Some(path) => Err(format!(
            "differs at {}",
            if path.is_empty() { "/" } else { &path }
        )),
    }
}

/// Whether an example (`m.room.message$m.text.yaml`) illustrates a variant
/// schema of the same name, so it must land in that variant.
fn written_for_a_variant(example: &Path) -> bool {
    let Some(name) = example.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let schema = example
        .parent()
        .and_then(Path::parent)
        .map(|d| d.join("schema").join(name));
    name.contains('$') && schema.is_some_and(|s| s.is_file())
}

/// Reads an example and merges its `$ref`s as the spec's tooling does: the
/// referenced document first, the example's own keys over it.
fn load(file: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read: {e}"))?;
    let value: Value = serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?;
    let dir = file.parent().unwrap_or(Path::new("."));
    merge_refs(value, dir, 0)
}

fn merge_refs(value: Value, dir: &Path, depth: usize) -> Result<Value, String> {
    if depth > 32 {
        return Err("`$ref`s nest too deep (a cycle?)".to_owned());
    }
    match value {
        Value::Object(mut map) => {
            let base = match map.remove("$ref") {
                Some(Value::String(target)) => {
                    let path = dir.join(&target);
                    let text = std::fs::read_to_string(&path)
                        .map_err(|e| format!("cannot read `$ref` {target}: {e}"))?;
                    let base: Value = serde_json::from_str(&text)
                        .map_err(|e| format!("`$ref` {target} is not JSON: {e}"))?;
                    Some(merge_refs(base, path.parent().unwrap_or(dir), depth + 1)?)
                }
                Some(other) => return Err(format!("`$ref` is not a string: {other}")),
                None => None,
            };
            let mut own = serde_json::Map::new();
            for (k, v) in map {
                own.insert(k, merge_refs(v, dir, depth + 1)?);
            }
            Ok(match base {
                Some(Value::Object(mut base)) => {
                    base.extend(own);
                    Value::Object(base)
                }
                // A reference to a list (or scalar) stands for it whole.
                Some(other) => other,
                None => Value::Object(own),
            })
        }
        Value::Array(items) => items
            .into_iter()
            .map(|v| merge_refs(v, dir, depth + 1))
            .collect::<Result<_, _>>()
            .map(Value::Array),
        other => Ok(other),
    }
}

/// The JSON pointer of the first place two values differ.
fn first_difference(a: &Value, b: &Value, at: String) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys()) {
                let here = format!("{at}/{key}");
                match (x.get(key), y.get(key)) {
                    (Some(p), Some(q)) => {
                        if let Some(d) = first_difference(p, q, here) {
                            return Some(d);
                        }
                    }
                    (Some(_), None) => {
                        return Some(format!("{here} (missing after the round trip)"))
                    }
                    (None, Some(_)) => return Some(format!("{here} (added by the round trip)")),
                    (None, None) => {}
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| first_difference(p, q, format!("{at}/{i}"))),
        _ if a == b => None,
        _ => Some(format!("{at} ({a} became {b})")),
    }
}
