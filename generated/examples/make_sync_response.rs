//! Writes a whole `/sync` response of our own, built from a spec's example
//! events, for `sync_summary` and the benchmarks: joined, invited, left and
//! knocked rooms; timelines with every kind of room event the spec has
//! examples for (encrypted, redacted ones among them), state, receipts,
//! typing, room and global account data, presence, to-device messages,
//! device lists and one-time key counts.
//!
//! ```text
//! MATRIX_SPEC_DIR=DIR cargo run --release -p matrix-events --example make_sync_response -- DIR OUT.json [TARGET_MB] [--malformed N] [--type-first]
//! ```
//!
//! DIR must be the spec the crate was built from. The response has 300
//! joined rooms, 40 invited, 30 left and 10 knocked; the timelines grow
//! until the file is TARGET_MB megabytes (default 10). `--malformed N`
//! spreads N events with a field of the wrong type over every section
//! (timeline, state, ephemeral, room account data, invite state, account
//! data, presence, to-device), in turn and in different rooms. Keys are
//! written sorted (`content` before `type`, the harder order for a reader
//! in one pass); `--type-first` writes each object's `type` first.

#[path = "support/spec_examples.rs"]
mod spec_examples;
#[path = "support/sync_response.rs"]
mod sync_response;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let usage = || {
        eprintln!(
            "usage: make_sync_response SPEC_DATA_DIR OUT.json [TARGET_MB] [--malformed N] [--type-first]"
        );
        ExitCode::from(2)
    };
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut malformed = 0;
    let type_first = args.iter().any(|a| a == "--type-first");
    args.retain(|a| a != "--type-first");
    if let Some(at) = args.iter().position(|a| a == "--malformed") {
        match args.get(at + 1).map(|n| n.parse()) {
            Some(Ok(n)) => malformed = n,
            _ => return usage(),
        }
        args.drain(at..at + 2);
    }
    let (dir, out) = match (args.first(), args.get(1)) {
        (Some(dir), Some(out)) if args.len() <= 3 => (PathBuf::from(dir), PathBuf::from(out)),
        _ => return usage(),
    };
    let target_mb: f64 = match args.get(2).map(|a| a.parse()) {
        None => 10.0,
        Some(Ok(mb)) if mb > 0.0 => mb,
        Some(_) => return usage(),
    };
    let shape = sync_response::Shape {
        joined: 300,
        invited: 40,
        left: 30,
        knocked: 10,
        target_bytes: (target_mb * 1e6) as usize,
        malformed,
        type_first,
    };
    let response = match sync_response::build(&dir, &shape) {
        Ok(response) => response,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    if let Err(e) = std::fs::write(&out, &response.json) {
        eprintln!("error: cannot write {}: {e}", out.display());
        return ExitCode::from(1);
    }
    println!(
        "wrote {}: {} bytes, {} rooms, {} events ({} malformed)",
        out.display(),
        response.json.len(),
        shape.joined + shape.invited + shape.left + shape.knocked,
        response.events,
        shape.malformed
    );
    ExitCode::SUCCESS
}
