//! Reads every example event of a spec through the dispatch enum of the
//! kind its shape calls for (`state_key`: state; room fields: a room
//! kind), leniently and strictly, with `content` before `type` and with
//! `type` first, writes it back, and compares the two as JSON.
//!
//! ```text
//! MATRIX_SPEC_DIR=DIR cargo run -p matrix-events --example roundtrip -- DIR
//! ```
//!
//! DIR must be the spec the crate was built from. An example passes when it
//! is typed strictly (not `Invalid`, `Unknown`, `Redacted` or a family's
//! fallback, nothing set aside at any depth, accepted by
//! `deserialize_strict`) and written back identical. Each failure is one
//! line `FAIL <file>: <why>`; the last line is
//! `roundtrip: N/M examples identical`, N counting the examples that pass.

#[path = "support/spec_examples.rs"]
mod spec_examples;
#[path = "support/spec_roundtrip.rs"]
mod spec_roundtrip;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

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
        match spec_roundtrip::round_trip(file) {
            Ok(kind) => {
                identical += 1;
                *per_kind.entry(format!("{kind:?}")).or_default() += 1;
            }
            Err(why) => println!("FAIL {name}: {why}"),
        }
    }
    let kinds: Vec<String> = per_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!(
        "typed strictly and identical, by kind: {}",
        kinds.join(", ")
    );
    println!("roundtrip: {identical}/{} examples identical", files.len());
    if identical == files.len() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
