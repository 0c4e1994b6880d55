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
//! Two more readings of ours bound what a change of design could win:
//! `ours_strict` reads with nothing set aside (`from_str_strict`: no
//! tolerance of fields of the wrong type, an event that does not fit fails
//! the batch), and the `_type_first` readings take the same events with
//! `type` moved to the front, so that `content` can be read in place
//! instead of being kept as raw text and parsed when `type` comes.
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

/// The same sections with each event's `type` written first (the batch,
/// like a server's canonical JSON, sorts keys, so `content` comes first).
fn type_first(sections: &[(String, String)]) -> Vec<(String, String)> {
    sections
        .iter()
        .map(|(name, json)| {
            let events: Vec<serde_json::Map<String, serde_json::Value>> =
                serde_json::from_str(json).unwrap();
            let events: Vec<String> = events
                .into_iter()
                .map(|mut event| {
                    let event_type = event.remove("type").expect("every event has a type");
                    let rest = serde_json::to_string(&event).unwrap();
                    let comma = if event.is_empty() { "" } else { "," };
                    format!("{{\"type\":{event_type}{comma}{}", &rest[1..])
                })
                .collect();
            (name.clone(), format!("[{}]", events.join(",")))
        })
        .collect()
}

fn ours(section: &str, json: &str, strict: bool) -> usize {
    fn read<T: DeserializeOwned>(json: &str, strict: bool) -> usize {
        let events: Vec<T> = if strict {
            matrix_events::from_str_strict(json).unwrap()
        } else {
            matrix_events::from_str(json).unwrap()
        };
        events.len()
    }
    use matrix_events as m;
    match section {
        "timeline" => read::<m::AnyTimelineEvent>(json, strict),
        "state" => read::<m::AnyStateEvent>(json, strict),
        "global_account_data" => read::<m::AnyGlobalAccountDataEvent>(json, strict),
        "room_account_data" => read::<m::AnyRoomAccountDataEvent>(json, strict),
        "ephemeral" => read::<m::AnyEphemeralRoomEvent>(json, strict),
        "to_device" => read::<m::AnyToDeviceEvent>(json, strict),
        "presence" => read::<m::AnyPresenceEvent>(json, strict),
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
            let events: Vec<T> = raws
                .iter()
                .filter_map(|raw| raw.deserialize().ok())
                .collect();
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
    let type_first = type_first(&sections);
    let bytes: usize = sections.iter().map(|(_, json)| json.len()).sum();
    let ours_count: usize = sections.iter().map(|(s, j)| ours(s, j, false)).sum();
    let strict_count: usize = type_first.iter().map(|(s, j)| ours(s, j, true)).sum();
    let ruma_count: usize = sections.iter().map(|(s, j)| ruma(s, j, false)).sum();
    assert_eq!(
        ours_count, strict_count,
        "every event of the batch reads strictly"
    );
    eprintln!("{ours_count} events; ruma typed {ruma_count}");
    let mut group = c.benchmark_group("events");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    for (name, input, strict) in [
        ("ours", &sections, false),
        ("ours_strict", &sections, true),
        ("ours_type_first", &type_first, false),
        ("ours_strict_type_first", &type_first, true),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| input.iter().map(|(s, j)| ours(s, j, strict)).sum::<usize>())
        });
    }
    group.bench_function("ruma", |b| {
        b.iter(|| {
            sections
                .iter()
                .map(|(s, j)| ruma(s, j, false))
                .sum::<usize>()
        })
    });
    group.bench_function("ruma_kept", |b| {
        b.iter(|| {
            sections
                .iter()
                .map(|(s, j)| ruma(s, j, true))
                .sum::<usize>()
        })
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
