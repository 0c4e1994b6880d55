//! Writes a /sync-like batch of events, built from a spec's examples, for
//! `bench_deserialize`.
//!
//! ```text
//! MATRIX_SPEC_DIR=DIR cargo run --release -p matrix-events --example make_sync_batch -- DIR OUT.json [TARGET_MB] [--type-first]
//! ```
//!
//! DIR must be the spec the crate was built from. OUT.json is a JSON object
//! with one array per section (`timeline`, `state`, `global_account_data`,
//! `room_account_data`, `ephemeral`, `to_device`, `presence`); each example
//! (with its `$ref`s merged, as `roundtrip` does) goes in the section of its
//! type's main kind, and the examples are repeated, each copy with its own
//! `event_id`, until the file is TARGET_MB megabytes (default 10). Keys are
//! written sorted, which puts `content` before `type` (the harder order for
//! a one-pass reader); `--type-first` writes `type` first instead.

#[path = "support/spec_examples.rs"]
mod spec_examples;
#[path = "support/sync_batch.rs"]
mod sync_batch;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut type_first = false;
    let mut args = Vec::new();
    for arg in std::env::args_os().skip(1) {
        if arg == "--type-first" {
            type_first = true;
        } else {
            args.push(arg);
        }
    }
    let usage = || {
        eprintln!("usage: make_sync_batch SPEC_DATA_DIR OUT.json [TARGET_MB] [--type-first]");
        ExitCode::from(2)
    };
    let (dir, out) = match (args.first(), args.get(1)) {
        (Some(dir), Some(out)) if args.len() <= 3 => (PathBuf::from(dir), PathBuf::from(out)),
        _ => return usage(),
    };
    let target_mb: f64 = match args.get(2).map(|a| a.to_string_lossy().parse()) {
        None => 10.0,
        Some(Ok(mb)) if mb > 0.0 => mb,
        Some(_) => return usage(),
    };

    let batch = match sync_batch::build(&dir, (target_mb * 1e6) as usize, type_first) {
        Ok(batch) => batch,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    for why in &batch.skipped {
        eprintln!("skipped {why}");
    }
    if let Err(e) = std::fs::write(&out, &batch.json) {
        eprintln!("error: cannot write {}: {e}", out.display());
        return ExitCode::from(1);
    }
    let sections: Vec<String> = (batch.sections.iter())
        .map(|(name, n)| format!("{name} {n}"))
        .collect();
    let events: usize = batch.sections.iter().map(|(_, n)| n).sum();
    println!(
        "wrote {}: {:.2} MB, {events} events ({} examples x {} copies; {}){}",
        out.display(),
        batch.json.len() as f64 / 1e6,
        batch.examples,
        batch.rounds,
        sections.join(", "),
        if type_first { ", `type` first" } else { "" },
    );
    ExitCode::SUCCESS
}
