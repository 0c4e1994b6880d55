//! Reads every example body of every operation of the HTTP APIs the crate
//! was built with (requests into their `RequestBody`, success responses
//! into their `Response`, error responses into `api::Error`) strictly,
//! writes each back, and compares the two as JSON. Examples that `$ref`
//! other example files (the event examples, federation PDUs) are merged
//! first, as the spec's tooling does.
//!
//! ```text
//! MATRIX_SPEC_DIR=DIR cargo run -p matrix-events --features api --example roundtrip_api -- DIR
//! ```
//!
//! DIR must be the spec the crate was built from. Each failure is one line
//! `FAIL <operationId> <request|status>: <why>`; the last line is
//! `roundtrip_api: N/M examples identical`.

#[path = "support/spec_examples.rs"]
mod spec_examples;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use matrix_events::api;
use serde_json::Value;

/// One example body and the type that reads it (`None`: no type is
/// generated for that body).
struct ApiExample {
    api: &'static str,
    operation_id: &'static str,
    which: &'static str,
    #[allow(dead_code)] // named in the generated list; the failures name the operation
    label: &'static str,
    file: &'static str,
    /// The event type content in the body is read as (the example of the
    /// path parameter that gives it), for bodies that hold content.
    event_type: Option<&'static str>,
    json: &'static str,
    read: Option<Reader>,
}

/// Reads a body strictly and writes it back as JSON.
type Reader = fn(&str) -> Result<Value, String>;

/// Reads `json` strictly as `T` and writes it back.
fn read<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) -> Result<Value, String> {
    let value: T = matrix_events::from_str_strict(json).map_err(|e| e.to_string())?;
    serde_json::to_value(&value).map_err(|e| e.to_string())
}

const EXAMPLES: &[ApiExample] =
    &include!(concat!(env!("OUT_DIR"), "/matrix_events_api_examples.rs"));

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: roundtrip_api SPEC_DATA_DIR");
        return ExitCode::from(2);
    };
    let mut identical = 0;
    let mut per_api: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for example in EXAMPLES {
        let counts = per_api.entry(example.api).or_default();
        counts.1 += 1;
        match round_trip(&dir, example) {
            Ok(()) => {
                identical += 1;
                counts.0 += 1;
            }
            Err(why) => println!("FAIL {} {}: {why}", example.operation_id, example.which),
        }
    }
    let apis: Vec<String> = (per_api.iter())
        .map(|(api, (n, m))| format!("{api} {n}/{m}"))
        .collect();
    println!("by API: {}", apis.join(", "));
    println!(
        "roundtrip_api: {identical}/{} examples identical",
        EXAMPLES.len()
    );
    if identical == EXAMPLES.len() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn round_trip(dir: &Path, example: &ApiExample) -> Result<(), String> {
    let Some(read) = example.read else {
        return Err("no type is generated for this body".to_owned());
    };
    let value: Value = serde_json::from_str(example.json).map_err(|e| e.to_string())?;
    let folder = dir.join(example.file);
    let folder = folder.parent().unwrap_or(dir);
    let merged = spec_examples::merge_refs(value, folder, 0)?;
    let text = serde_json::to_string(&merged).map_err(|e| e.to_string())?;
    let back = match example.event_type {
        Some(event_type) => matrix_events::with_event_type(event_type, || read(&text))?,
        None => read(&text)?,
    };
    if back == merged {
        Ok(())
    } else {
        Err(format!(
            "differs after the round trip: {}",
            spec_examples::first_difference(&merged, &back, String::new()).unwrap_or_default()
        ))
    }
}
