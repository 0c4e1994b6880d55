//! Times reading a /sync-like batch of events through the generated
//! dispatch types, against `serde::de::IgnoredAny` (the cost of just
//! parsing the JSON) and `serde_json::Value`, on the same bytes.
//!
//! ```text
//! cargo run --release -p matrix-events --example bench_deserialize -- FILE [ROUNDS]
//! ```
//!
//! FILE is a JSON object whose keys are among `timeline`, `state`,
//! `global_account_data`, `room_account_data`, `ephemeral`, `to_device` and
//! `presence`, each an array of events (make one with `make_sync_batch`).
//! Each section is captured as raw JSON first; then, ROUNDS times (default
//! 20, after one untimed warm-up round), each section's bytes are read as a
//! whole array by the three readers in turn:
//!
//! - typed: `Vec<AnyTimelineEvent>` for `timeline`, `Vec<AnyStateEvent>` for
//!   `state`, and so on (`AnyGlobalAccountDataEvent`,
//!   `AnyRoomAccountDataEvent`, `AnyEphemeralRoomEvent`, `AnyToDeviceEvent`,
//!   `AnyPresenceEvent`), with `serde_json::from_str`;
//! - `Vec<IgnoredAny>`; and `Vec<serde_json::Value>`.
//!
//! Only the parse is timed; dropping the result is not. It prints the
//! median per section and overall, in ns/event and MB/s, the ratios, a
//! check that nothing was lost (every event written back equals its `Value`
//! reading) and, last, `ns/event: X`: the overall median of the typed read.

#[path = "support/typed_sections.rs"]
mod typed_sections;

use std::collections::BTreeMap;
use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde::de::IgnoredAny;
use serde_json::value::RawValue;
use serde_json::Value;
use typed_sections::SECTIONS;

const READERS: [&str; 3] = ["typed", "IgnoredAny", "Value"];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (file, rounds) = match args.as_slice() {
        [file] => (file, 20),
        [file, rounds] => match rounds.parse::<usize>() {
            Ok(n) if n > 0 => (file, n),
            _ => return usage(),
        },
        _ => return usage(),
    };
    match run(file, rounds) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: bench_deserialize FILE [ROUNDS]");
    ExitCode::from(2)
}

struct Section<'a> {
    name: &'static str,
    json: &'a str,
    events: usize,
    /// Per reader, the time of each round.
    times: [Vec<Duration>; 3],
}

fn run(file: &str, rounds: usize) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    let raw: BTreeMap<String, &RawValue> =
        serde_json::from_str(&text).map_err(|e| format!("{file}: {e}"))?;
    if let Some(key) = raw.keys().find(|k| !SECTIONS.contains(&k.as_str())) {
        return Err(format!(
            "{file}: `{key}` is not a section (expected some of {})",
            SECTIONS.join(", ")
        ));
    }
    let mut sections: Vec<Section> = Vec::new();
    for name in SECTIONS {
        let Some(json) = raw.get(name).map(|r| r.get()) else {
            continue;
        };
        let events = serde_json::from_str::<Vec<IgnoredAny>>(json)
            .map_err(|e| format!("{file}: `{name}` is not an array: {e}"))?
            .len();
        sections.push(Section {
            name,
            json,
            events,
            times: Default::default(),
        });
    }
    if sections.is_empty() {
        return Err(format!("{file}: no sections"));
    }

    // Correctness first, untimed: every event reads, and nothing is lost.
    let mut unknown = 0;
    let mut differ = 0;
    for s in &sections {
        let (u, d) = typed_sections::check(s.name, s.json)?;
        unknown += u;
        differ += d;
    }

    // One warm-up round, then the timed ones. The readers take turns on
    // each section, so that drift on a shared machine hits all three alike.
    for round in 0..=rounds {
        for s in &mut sections {
            for (reader, times) in s.times.iter_mut().enumerate() {
                let elapsed = time_read(reader, s.name, s.json)?;
                if round > 0 {
                    times.push(elapsed);
                }
            }
        }
    }

    let total_events: usize = sections.iter().map(|s| s.events).sum();
    let total_bytes: usize = sections.iter().map(|s| s.json.len()).sum();
    if cfg!(debug_assertions) {
        eprintln!(
            "note: this is a debug build; run with --release for figures that mean something"
        );
    }
    println!(
        "{file}: {:.2} MB, {total_events} events in {} section{}; {rounds} rounds (+1 warm-up), medians; parse only, drop not timed",
        total_bytes as f64 / 1e6,
        sections.len(),
        if sections.len() == 1 { "" } else { "s" },
    );
    println!(
        "{:<20} {:>7} {:>10} | {:>9} {:>7} | {:>9} {:>7} | {:>9} {:>7} | {:>9} {:>9}",
        "section",
        "events",
        "bytes",
        "typed ns",
        "MB/s",
        "Ignored ns",
        "MB/s",
        "Value ns",
        "MB/s",
        "typed/Ign",
        "typed/Val",
    );
    for s in &sections {
        let medians = s.times.each_ref().map(|t| median(t));
        print_row(s.name, s.events, s.json.len(), medians);
    }
    // Overall: per round, the sum over sections; then the median of those.
    let overall: [Duration; 3] = std::array::from_fn(|reader| {
        let totals: Vec<Duration> = (0..rounds)
            .map(|round| sections.iter().map(|s| s.times[reader][round]).sum())
            .collect();
        median(&totals)
    });
    print_row("overall", total_events, total_bytes, overall);
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    println!(
        "ratios (overall medians): typed/IgnoredAny {:.2}x, typed/Value {:.2}x, Value/IgnoredAny {:.2}x",
        ratio(overall[0], overall[1]),
        ratio(overall[0], overall[2]),
        ratio(overall[2], overall[1]),
    );
    println!(
        "lossless: {}/{total_events} events written back identical to their Value reading; {unknown} in an Unknown variant",
        total_events - differ,
    );
    println!(
        "ns/event: {:.0}",
        overall[0].as_secs_f64() * 1e9 / total_events as f64
    );
    Ok(())
}

/// Reads one section's bytes with one of the three readers; the time of
/// the parse alone.
fn time_read(reader: usize, section: &str, json: &str) -> Result<Duration, String> {
    let fail = |e: serde_json::Error| format!("{section} ({}): {e}", READERS[reader]);
    match reader {
        0 => timed(|| typed_sections::parse(section, black_box(json)).expect("a known section")),
        1 => timed(|| serde_json::from_str::<Vec<IgnoredAny>>(black_box(json))),
        _ => timed(|| serde_json::from_str::<Vec<Value>>(black_box(json))),
    }
    .map_err(fail)
}

/// How long `parse` took; the clock stops before its result is dropped, so
/// that freeing what one reader built is not counted against it.
fn timed<T>(parse: impl FnOnce() -> serde_json::Result<T>) -> serde_json::Result<Duration> {
    let start = Instant::now();
    let value = parse()?;
    let elapsed = start.elapsed();
    drop(black_box(value));
    Ok(elapsed)
}

fn print_row(name: &str, events: usize, bytes: usize, medians: [Duration; 3]) {
    let ns = |d: Duration| d.as_secs_f64() * 1e9 / events as f64;
    let mbs = |d: Duration| bytes as f64 / 1e6 / d.as_secs_f64();
    println!(
        "{name:<20} {events:>7} {bytes:>10} | {:>9.0} {:>7.1} | {:>9.0} {:>7.1} | {:>9.0} {:>7.1} | {:>8.2}x {:>8.2}x",
        ns(medians[0]),
        mbs(medians[0]),
        ns(medians[1]),
        mbs(medians[1]),
        ns(medians[2]),
        mbs(medians[2]),
        medians[0].as_secs_f64() / medians[1].as_secs_f64(),
        medians[0].as_secs_f64() / medians[2].as_secs_f64(),
    );
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 0 {
        (sorted[mid - 1] + sorted[mid]) / 2
    } else {
        sorted[mid]
    }
}
