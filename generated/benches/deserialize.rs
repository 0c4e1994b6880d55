//! Reading a /sync-like batch of events through the generated dispatch
//! types (`Vec<AnyTimelineEvent>`, `Vec<AnyStateEvent>`, ... per section),
//! against `Vec<IgnoredAny>` and `Vec<serde_json::Value>` on the same bytes.
//!
//! The batch is built when the bench starts, from the examples of the spec
//! the crate was built from: `MATRIX_SPEC_DIR`, else `../spec`. Its size is
//! `MATRIX_BENCH_MB` megabytes (default 1).
//!
//! ```text
//! MATRIX_SPEC_DIR=../shared/matrix-spec/v1.18/data cargo bench -p matrix-events --bench deserialize
//! ```
//!
//! `bench_deserialize` (an example) gives the same figures per section.

#[path = "../examples/support/spec_examples.rs"]
mod spec_examples;
#[path = "../examples/support/sync_batch.rs"]
mod sync_batch;
#[path = "../examples/support/typed_sections.rs"]
mod typed_sections;

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use serde::de::IgnoredAny;
use serde_json::value::RawValue;
use serde_json::Value;

fn spec_dir() -> PathBuf {
    std::env::var_os("MATRIX_SPEC_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec"))
}

fn deserialize(c: &mut Criterion) {
    let dir = spec_dir();
    let mb: f64 = std::env::var("MATRIX_BENCH_MB")
        .ok()
        .map(|v| v.parse().expect("MATRIX_BENCH_MB is a number"))
        .unwrap_or(1.0);
    let batch = sync_batch::build(&dir, (mb * 1e6) as usize, false)
        .unwrap_or_else(|e| panic!("cannot build a batch from {}: {e}", dir.display()));
    let raw: BTreeMap<&str, &RawValue> = serde_json::from_str(&batch.json).expect("batch is JSON");
    // Each section's bytes, in report order; all three readers get these.
    let sections: Vec<(&str, &str)> = typed_sections::SECTIONS
        .iter()
        .filter_map(|name| raw.get(name).map(|r| (*name, r.get())))
        .collect();
    let events: usize = batch.sections.iter().map(|(_, n)| n).sum();
    for (name, json) in &sections {
        let (unknown, differ) = typed_sections::check(name, json).expect("the batch reads");
        assert_eq!(
            (unknown, differ),
            (0, 0),
            "{name}: events in Unknown, events not written back identical"
        );
    }
    eprintln!(
        "batch from {}: {:.2} MB, {events} events ({} examples x {} copies, {} skipped; {})",
        dir.display(),
        batch.json.len() as f64 / 1e6,
        batch.examples,
        batch.rounds,
        batch.skipped.len(),
        (batch.sections.iter())
            .map(|(name, n)| format!("{name} {n}"))
            .collect::<Vec<_>>()
            .join(", "),
    );

    let mut group = c.benchmark_group("sync_batch");
    group.throughput(Throughput::Elements(events as u64));
    group.sample_size(30);
    // One batch per iteration, its result dropped outside the timing (as
    // in `bench_deserialize`) and before the next, so that results do not
    // pile up in memory.
    group.bench_function("typed", |b| {
        b.iter_batched(
            || (),
            |()| {
                (sections.iter())
                    .map(|(name, json)| {
                        let typed = typed_sections::parse(name, black_box(json));
                        typed.expect("a section").expect("reads")
                    })
                    .collect::<Vec<_>>()
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("ignored_any", |b| {
        b.iter_batched(
            || (),
            |()| read_all::<IgnoredAny>(&sections),
            BatchSize::PerIteration,
        )
    });
    group.bench_function("value", |b| {
        b.iter_batched(
            || (),
            |()| read_all::<Value>(&sections),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// Every section read as `Vec<T>`.
fn read_all<T: serde::de::DeserializeOwned>(sections: &[(&str, &str)]) -> Vec<Vec<T>> {
    (sections.iter())
        .map(|(_, json)| serde_json::from_str::<Vec<T>>(black_box(json)).expect("reads"))
        .collect()
}

criterion_group!(benches, deserialize);
criterion_main!(benches);
