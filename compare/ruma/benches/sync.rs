//! Reading a whole `/sync` response with every event typed: ours (one pass
//! into `api::client_server::sync::Response`) against ruma's (the response
//! through `IncomingResponseExt::try_from_http_response`, then each of its
//! `Raw` events deserialized into ruma's `Any*` enum of its place), with
//! `serde_json::Value` and `IgnoredAny` on the same bytes as the floor.
//!
//! The file is `SYNC_FILE` (default `/tmp/sync10.json`), written by
//! `make_sync_response`; `matrix-events` is built from `MATRIX_SPEC_DIR`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use matrix_events::api::client_server::sync;
use ruma_common::api::IncomingResponseExt;
use serde::de::IgnoredAny;

fn file() -> Vec<u8> {
    let path = std::env::var("SYNC_FILE").unwrap_or_else(|_| "/tmp/sync10.json".to_owned());
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// Ours: every event typed as the response is read.
fn ours(bytes: &[u8]) -> sync::Response {
    let text = std::str::from_utf8(bytes).unwrap();
    matrix_events::from_str(text).unwrap()
}

/// Ruma's: the response with its `Raw` events, then each event read into
/// the enum of its place.
fn ruma(bytes: &[u8]) -> usize {
    use ruma_client_api::sync::sync_events::v3::{Response, State};
    let response = Response::try_from_http_response(http::Response::new(bytes)).unwrap();
    let mut events = 0;
    let mut read = |ok: bool| events += usize::from(ok);
    for room in response.rooms.join.values() {
        for raw in &room.timeline.events {
            read(raw.deserialize().is_ok());
        }
        let (State::Before(state) | State::After(state)) = &room.state else {
            unreachable!("ruma has two kinds of state")
        };
        for raw in &state.events {
            read(raw.deserialize().is_ok());
        }
        for raw in &room.ephemeral.events {
            read(raw.deserialize().is_ok());
        }
        for raw in &room.account_data.events {
            read(raw.deserialize().is_ok());
        }
    }
    for room in response.rooms.invite.values() {
        for raw in &room.invite_state.events {
            read(raw.deserialize().is_ok());
        }
    }
    for room in response.rooms.knock.values() {
        for raw in &room.knock_state.events {
            read(raw.deserialize().is_ok());
        }
    }
    for room in response.rooms.leave.values() {
        for raw in &room.timeline.events {
            read(raw.deserialize().is_ok());
        }
    }
    for raw in &response.account_data.events {
        read(raw.deserialize().is_ok());
    }
    for raw in &response.presence.events {
        read(raw.deserialize().is_ok());
    }
    for raw in &response.to_device.events {
        read(raw.deserialize().is_ok());
    }
    events
}

fn bench(c: &mut Criterion) {
    let bytes = file();
    eprintln!("ruma typed {} events of the file", ruma(&bytes));
    let mut group = c.benchmark_group("sync");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.sample_size(20);
    group.bench_function("ours", |b| b.iter(|| ours(&bytes)));
    group.bench_function("ruma", |b| b.iter(|| ruma(&bytes)));
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(&bytes).unwrap())
    });
    group.bench_function("ignored_any", |b| {
        b.iter(|| serde_json::from_slice::<IgnoredAny>(&bytes).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
