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

#[path = "support/event_stream.rs"]
mod event_stream;

use std::path::PathBuf;
use std::process::ExitCode;

use event_stream::{read_in, Class};
use serde_json::Value;

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
