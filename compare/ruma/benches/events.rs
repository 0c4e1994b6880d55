//! Reading a batch of events with every event typed: ours against
//! ruma-events 0.35, on the batch `make_sync_batch` writes (one array per
//! kind: `timeline`, `state`, `global_account_data`, `room_account_data`,
//! `ephemeral`, `to_device`, `presence`). Ours reads each array as a
//! `Vec` of the kind's `Any*` enum in one pass; ruma's as a `Vec<Raw<_>>`
//! of its enum, then each event deserialized, the way ruma's users read
//! events they cannot let fail a whole batch: `ruma` drops each typed
//! event at once, `ruma_kept` keeps them in a `Vec` as ours are kept.
//! `serde_json::Value` and `IgnoredAny` read the same bytes as the floor.
//!
//! The file is `BATCH_FILE` (default `/tmp/batch10.json`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ruma_common::serde::Raw;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::value::RawValue;

fn sections() -> Vec<(String, String)> {
    let path = std::env::var("BATCH_FILE").unwrap_or_else(|_| "/tmp/batch10.json".to_owned());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let map: std::collections::BTreeMap<String, Box<RawValue>> =
        serde_json::from_str(&text).unwrap();
    map.into_iter()
        .map(|(k, v)| (k, v.get().to_owned()))
        .collect()
}

fn ours(section: &str, json: &str) -> usize {
    fn read<T: DeserializeOwned>(json: &str) -> usize {
        let events: Vec<T> = matrix_events::from_str(json).unwrap();
        events.len()
    }
    use matrix_events as m;
    match section {
        "timeline" => read::<m::AnyTimelineEvent>(json),
        "state" => read::<m::AnyStateEvent>(json),
        "global_account_data" => read::<m::AnyGlobalAccountDataEvent>(json),
        "room_account_data" => read::<m::AnyRoomAccountDataEvent>(json),
        "ephemeral" => read::<m::AnyEphemeralRoomEvent>(json),
        "to_device" => read::<m::AnyToDeviceEvent>(json),
        "presence" => read::<m::AnyPresenceEvent>(json),
        other => panic!("unknown section {other}"),
    }
}

/// With `keep`, the typed events are collected into a `Vec` and dropped
/// together, as ours are (and as a client holding a timeline does);
/// without, each is dropped as soon as it is read, so the allocator hands
/// the same few blocks back every time.
fn ruma(section: &str, json: &str, keep: bool) -> usize {
    fn read<T: DeserializeOwned>(json: &str, keep: bool) -> usize {
        let raws: Vec<Raw<T>> = serde_json::from_str(json).unwrap();
        if keep {
            let events: Vec<T> = raws.iter().filter_map(|raw| raw.deserialize().ok()).collect();
            events.len()
        } else {
            raws.iter().filter(|raw| raw.deserialize().is_ok()).count()
        }
    }
    use ruma_events as r;
    match section {
        "timeline" => read::<r::AnyTimelineEvent>(json, keep),
        "state" => read::<r::AnyStateEvent>(json, keep),
        "global_account_data" => read::<r::AnyGlobalAccountDataEvent>(json, keep),
        "room_account_data" => read::<r::AnyRoomAccountDataEvent>(json, keep),
        "ephemeral" => read::<r::AnySyncEphemeralRoomEvent>(json, keep),
        "to_device" => read::<r::AnyToDeviceEvent>(json, keep),
        "presence" => read::<r::presence::PresenceEvent>(json, keep),
        other => panic!("unknown section {other}"),
    }
}

fn bench(c: &mut Criterion) {
    let sections = sections();
    let bytes: usize = sections.iter().map(|(_, json)| json.len()).sum();
    let ours_count: usize = sections.iter().map(|(s, j)| ours(s, j)).sum();
    let ruma_count: usize = sections.iter().map(|(s, j)| ruma(s, j, false)).sum();
    eprintln!("{ours_count} events; ruma typed {ruma_count}");
    let mut group = c.benchmark_group("events");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("ours", |b| {
        b.iter(|| sections.iter().map(|(s, j)| ours(s, j)).sum::<usize>())
    });
    group.bench_function("ruma", |b| {
        b.iter(|| sections.iter().map(|(s, j)| ruma(s, j, false)).sum::<usize>())
    });
    group.bench_function("ruma_kept", |b| {
        b.iter(|| sections.iter().map(|(s, j)| ruma(s, j, true)).sum::<usize>())
    });
    group.bench_function("value", |b| {
        b.iter(|| {
            for (_, json) in &sections {
                std::hint::black_box(serde_json::from_str::<serde_json::Value>(json).unwrap());
            }
        })
    });
    group.bench_function("ignored_any", |b| {
        b.iter(|| {
            for (_, json) in &sections {
                serde_json::from_str::<IgnoredAny>(json).unwrap();
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
