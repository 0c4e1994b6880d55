//! Loading the example events of a spec, shared by the examples and
//! benches that include this file with `#[path]`.
//!
//! An example is a JSON file under `event-schemas/examples/` (named
//! `.yaml`, as the spec does); its `$ref`s are merged as the spec's tooling
//! does: the referenced document first, the example's own keys over it.

use std::path::{Path, PathBuf};

use matrix_events::EventKind;
use serde_json::Value;

/// Every example file (`*.yaml`) of the spec whose `data/` folder is
/// `data_dir`, sorted by name.
#[allow(dead_code)] // not every user of this module reads the event examples
pub fn example_files(data_dir: &Path) -> Result<Vec<PathBuf>, String> {
    let examples = data_dir.join("event-schemas/examples");
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&examples) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "yaml"))
            .collect(),
        Err(e) => return Err(format!("cannot read {}: {e}", examples.display())),
    };
    files.sort();
    Ok(files)
}

/// Reads an example and merges its `$ref`s as the spec's tooling does: the
/// referenced document first, the example's own keys over it.
#[allow(dead_code)] // not every user of this module reads the event examples
pub fn load(file: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read: {e}"))?;
    let value: Value = serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?;
    let dir = file.parent().unwrap_or(Path::new("."));
    merge_refs(value, dir, 0)
}

/// Merges the `$ref`s in `value`, written in a file in `dir`.
pub fn merge_refs(value: Value, dir: &Path, depth: usize) -> Result<Value, String> {
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

/// `event` as JSON text with its `type` key first, so that a reader meets
/// the type before the content; other keys stay sorted.
#[allow(dead_code)] // not every user of this module writes type-first text
pub fn type_first_json(event: &Value) -> String {
    let to_json = |v: &Value| serde_json::to_string(v).expect("a JSON value serializes");
    let Value::Object(map) = event else {
        return to_json(event);
    };
    let Some(event_type) = map.get("type") else {
        return to_json(event);
    };
    let mut out = format!("{{\"type\":{}", to_json(event_type));
    for (key, value) in map.iter().filter(|(k, _)| *k != "type") {
        out.push(',');
        out.push_str(&to_json(&Value::String(key.clone())));
        out.push(':');
        out.push_str(&to_json(value));
    }
    out.push('}');
    out
}

/// The kind an example is read in, chosen by its shape: of its event
/// type's kinds (from `EVENT_TYPES`), the one whose envelope has the most of
/// the example's top-level fields that some envelope declares (`state_key`
/// calls for state, `room_id` and `event_id` for a room kind), the main
/// kind on a tie. With it come those fields its envelope lacks, which would
/// land in the envelope's `extra`: a room event read as to-device.
#[allow(dead_code)] // not every user of this module checks the fields
pub fn kind_for(example: &Value) -> Option<(EventKind, Vec<String>)> {
    let event_type = example.get("type")?.as_str()?;
    let (_, kinds) = matrix_events::EVENT_TYPES
        .iter()
        .find(|(t, _)| *t == event_type)?;
    let keys: Vec<&str> = match example {
        Value::Object(map) => map.keys().map(String::as_str).collect(),
        _ => Vec::new(),
    };
    let envelope_field = |key: &str| {
        EventKind::ALL
            .iter()
            .any(|k| k.envelope_fields().contains(&key))
    };
    let lacking = |kind: EventKind| -> Vec<String> {
        (keys.iter())
            .filter(|key| envelope_field(key) && !kind.envelope_fields().contains(key))
            .map(|key| (*key).to_owned())
            .collect()
    };
    kinds
        .iter()
        .map(|kind| (*kind, lacking(*kind)))
        .min_by_key(|(_, lacking)| lacking.len())
}

/// The JSON pointer of the first place two values differ.
#[allow(dead_code)] // not every user of this module compares
pub fn first_difference(a: &Value, b: &Value, at: String) -> Option<String> {
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
