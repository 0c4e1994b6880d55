//! Which events of a `/sync` file ruma's enums do not read, by type and
//! error: `SYNC_FILE=... cargo run --release --example ruma_failures`.

use std::collections::BTreeMap;

use ruma_client_api::sync::sync_events::v3::{Response, State};
use ruma_common::api::IncomingResponseExt;
use ruma_common::serde::Raw;

fn main() {
    let path = std::env::var("SYNC_FILE").unwrap_or_else(|_| "/tmp/sync10.json".to_owned());
    let bytes = std::fs::read(&path).unwrap();
    let response = Response::try_from_http_response(http::Response::new(&bytes[..])).unwrap();
    let mut failures: BTreeMap<String, usize> = BTreeMap::new();
    let mut total = 0;
    fn check<T: serde::de::DeserializeOwned>(
        raws: &[Raw<T>],
        total: &mut usize,
        failures: &mut BTreeMap<String, usize>,
    ) {
        for raw in raws {
            *total += 1;
            if let Err(e) = raw.deserialize() {
                let event_type: Option<String> = raw.get_field("type").ok().flatten();
                let key = format!("{}: {e}", event_type.unwrap_or_default());
                *failures.entry(key).or_default() += 1;
            }
        }
    }
    for room in response.rooms.join.values() {
        check(&room.timeline.events, &mut total, &mut failures);
        let (State::Before(state) | State::After(state)) = &room.state else {
            unreachable!()
        };
        check(&state.events, &mut total, &mut failures);
        check(&room.ephemeral.events, &mut total, &mut failures);
        check(&room.account_data.events, &mut total, &mut failures);
    }
    for room in response.rooms.invite.values() {
        check(&room.invite_state.events, &mut total, &mut failures);
    }
    for room in response.rooms.knock.values() {
        check(&room.knock_state.events, &mut total, &mut failures);
    }
    for room in response.rooms.leave.values() {
        check(&room.timeline.events, &mut total, &mut failures);
    }
    check(&response.account_data.events, &mut total, &mut failures);
    check(&response.presence.events, &mut total, &mut failures);
    check(&response.to_device.events, &mut total, &mut failures);
    let failed: usize = failures.values().sum();
    for (what, n) in &failures {
        println!("{n:6} {what}");
    }
    println!("ruma read {} of {total} events", total - failed);
}
