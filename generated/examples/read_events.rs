//! Reads a stream of events through the `Any*` enum of the context each
//! arrived in, writes each back, and compares the two as JSON.
//!
//! ```text
//! cargo run -p matrix-events --example read_events -- [--each] FILE
//! ```
//!
//! FILE has one JSON object per line, `{"context": C, "event": {...}}`
//! (other keys are ignored; blank lines are skipped), C one of `timeline`,
//! `sync_timeline`, `state`, `sync_state`, `stripped_state`, `to_device`,
//! `global_account_data`, `room_account_data`, `ephemeral`, `presence`.
//! Each event is `typed` (read into its specific variant), `unknown` (a
//! type this crate does not know, kept whole), `invalid` (a known type
//! that does not fit its schema, kept whole with the error) or `error`
//! (not read at all). With `--each`, one line per event:
//! `LINE<TAB>CLASS<TAB>DETAIL`; without it, `FAIL LINE: why` for each
//! invalid, error or changed event. The last line is
//! `read_events: N events; typed T; unknown U; invalid I; errors E; written back identical W`.
//! Exits with 1 when any event is an error or is not written back identical.

use std::fmt::Debug;
use std::path::PathBuf;
use std::process::ExitCode;

use matrix_events::{
    AnyEphemeralRoomEvent, AnyGlobalAccountDataEvent, AnyPresenceEvent, AnyRoomAccountDataEvent,
    AnyStateEvent, AnyStrippedStateEvent, AnySyncStateEvent, AnySyncTimelineEvent,
    AnyTimelineEvent, AnyToDeviceEvent, InvalidEvent,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// What reading one event gave.
enum Class {
    Typed,
    Unknown,
    Invalid,
    Error,
}

impl Class {
    fn name(&self) -> &'static str {
        match self {
            Class::Typed => "typed",
            Class::Unknown => "unknown",
            Class::Invalid => "invalid",
            Class::Error => "error",
        }
    }
}

/// The `Any*` enums' common ground, for reading any context alike.
trait Dispatched: DeserializeOwned + Serialize + Debug {
    fn invalid(&self) -> Option<&InvalidEvent>;
    fn is_unknown(&self) -> bool;
}

macro_rules! dispatched {
    ($($name:ident),*) => {$(
        impl Dispatched for $name {
            fn invalid(&self) -> Option<&InvalidEvent> {
                $name::invalid(self)
            }
            fn is_unknown(&self) -> bool {
                $name::is_unknown(self)
            }
        }
    )*};
}

dispatched!(
    AnyTimelineEvent,
    AnySyncTimelineEvent,
    AnyStateEvent,
    AnySyncStateEvent,
    AnyStrippedStateEvent,
    AnyToDeviceEvent,
    AnyGlobalAccountDataEvent,
    AnyRoomAccountDataEvent,
    AnyEphemeralRoomEvent,
    AnyPresenceEvent
);

/// Reads `event` as `T`: its class, a detail (the variant, or why not),
/// and whether it was written back identical.
fn read_as<T: Dispatched>(event: &Value) -> (Class, String, bool) {
    let typed: T = match serde_json::from_value(event.clone()) {
        Ok(typed) => typed,
        Err(error) => return (Class::Error, error.to_string(), false),
    };
    let same = serde_json::to_value(&typed).ok().as_ref() == Some(event);
    let (class, detail) = if let Some(invalid) = typed.invalid() {
        let id = invalid.event_id().unwrap_or("-");
        (
            Class::Invalid,
            format!("{} {id}: {}", invalid.event_type, invalid.error),
        )
    } else if typed.is_unknown() {
        let kind = event.get("type").and_then(Value::as_str).unwrap_or("");
        (Class::Unknown, kind.to_owned())
    } else {
        (Class::Typed, variant_path(&typed))
    };
    (class, detail, same)
}

/// `MessageLike(RoomMessage` -> `MessageLike::RoomMessage`: the variants
/// down to the envelope, from the value's `Debug` text.
fn variant_path<T: Debug>(value: &T) -> String {
    let text = format!("{value:?}");
    let mut parts = Vec::new();
    let mut rest = text.as_str();
    while let Some(open) = rest.find('(') {
        let name = &rest[..open];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
            break;
        }
        parts.push(name);
        rest = &rest[open + 1..];
    }
    if let Some(name) = rest.split([' ', '{']).next().filter(|n| !n.is_empty()) {
        parts.push(name);
    }
    parts.join("::")
}

fn read_in(context: &str, event: &Value) -> Result<(Class, String, bool), String> {
    Ok(match context {
        "timeline" => read_as::<AnyTimelineEvent>(event),
        "sync_timeline" => read_as::<AnySyncTimelineEvent>(event),
        "state" => read_as::<AnyStateEvent>(event),
        "sync_state" => read_as::<AnySyncStateEvent>(event),
        "stripped_state" => read_as::<AnyStrippedStateEvent>(event),
        "to_device" => read_as::<AnyToDeviceEvent>(event),
        "global_account_data" => read_as::<AnyGlobalAccountDataEvent>(event),
        "room_account_data" => read_as::<AnyRoomAccountDataEvent>(event),
        "ephemeral" => read_as::<AnyEphemeralRoomEvent>(event),
        "presence" => read_as::<AnyPresenceEvent>(event),
        other => return Err(format!("unknown context `{other}`")),
    })
}

fn main() -> ExitCode {
    let mut each = false;
    let mut file = None;
    for arg in std::env::args_os().skip(1) {
        if arg == "--each" {
            each = true;
        } else {
            file = Some(PathBuf::from(arg));
        }
    }
    let Some(file) = file else {
        eprintln!("usage: read_events [--each] FILE");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("read_events: {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let mut counts = [0usize; 4];
    let (mut total, mut identical) = (0, 0);
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let number = index + 1;
        total += 1;
        let (class, detail, same) = match serde_json::from_str::<Value>(line) {
            Err(e) => (Class::Error, format!("not JSON: {e}"), false),
            Ok(record) => match (
                record.get("context").and_then(Value::as_str),
                record.get("event"),
            ) {
                (Some(context), Some(event)) => {
                    read_in(context, event).unwrap_or_else(|why| (Class::Error, why, false))
                }
                _ => (
                    Class::Error,
                    "no `context` string or no `event`".to_owned(),
                    false,
                ),
            },
        };
        if same {
            identical += 1;
        }
        if each {
            println!("{number}\t{}\t{detail}", class.name());
        } else if !matches!(class, Class::Typed | Class::Unknown) {
            println!("FAIL {number}: {} {detail}", class.name());
        } else if !same {
            println!("FAIL {number}: not written back identical ({detail})");
        }
        counts[class as usize] += 1;
    }
    let [typed, unknown, invalid, errors] = counts;
    println!(
        "read_events: {total} events; typed {typed}; unknown {unknown}; invalid {invalid}; errors {errors}; written back identical {identical}"
    );
    if errors == 0 && identical == total {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
