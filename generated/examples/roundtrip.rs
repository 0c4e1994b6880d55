//! Reads every example event of a spec through the dispatch enum of the
//! kind its shape calls for (`state_key`: state; room fields: a room
//! kind), with `content` before `type` and with `type` first, writes it
//! back, and compares the two as JSON.
//!
//! ```text
//! MATRIX_SPEC_DIR=DIR cargo run -p matrix-events --example roundtrip -- DIR
//! ```
//!
//! DIR must be the spec the crate was built from. Each failure is one line
//! `FAIL <file>: <why>`; the last line is `roundtrip: N/M examples identical`.

#[path = "support/spec_examples.rs"]
mod spec_examples;

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
    let files = match spec_examples::example_files(&dir) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };

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
    let example = spec_examples::load(file)?;
    let event_type = example
        .get("type")
        .and_then(Value::as_str)
        .ok_or("no `type`")?
        .to_owned();
    let (kind, lacking) = spec_examples::kind_for(&example)
        .ok_or_else(|| format!("`{event_type}` is not an event type this crate knows"))?;
    if !lacking.is_empty() {
        return Err(format!(
            "read as {kind:?}, the best fit of its kinds, whose envelope has no `{}`",
            lacking.join("`, `")
        ));
    }
    // Sorted keys put `content` before `type`, so the content is kept as
    // text until the type is known; with `type` first it is read in place.
    // Both readings must agree.
    let text = serde_json::to_string(&example).map_err(|e| e.to_string())?;
    let text_type_first = spec_examples::type_first_json(&example);

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
            let in_place: matrix_events::$any = matrix_events::from_str(&text_type_first)
                .map_err(|e| format!("with `type` first: {e}"))?;
            if in_place != event {
                return Err("reads differently with `type` first".to_owned());
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
