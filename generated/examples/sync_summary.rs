//! Reads a `/sync` response body the way a client does and tells what is in
//! it: one line per room, then the totals.
//!
//! ```text
//! cargo run -p matrix-events --features api-client-server,http --example sync_summary -- FILE
//! ```
//!
//! FILE (or standard input when it is `-` or missing) is read whole into
//! `api::client_server::sync::Response`, every event into the enum of its
//! place. A room's line gives its ID, its name when its state or invite
//! state has one, its events by section and kind, and how many are invalid
//! (kept as `Invalid` in place) or of a type this crate does not know. The
//! last line is `sync_summary: R rooms; E events; typed T; unknown U;
//! invalid I; written back identical: yes|no`, the last part comparing the
//! response written back with the input, as JSON.

#[path = "support/sync_tally.rs"]
mod sync_tally;

use std::io::Read;
use std::process::ExitCode;

use matrix_events::api::client_server::sync;
use matrix_events::AnySyncTimelineEvent;
use sync_tally::{events_of, name_in, Counted, Events, Tally};

fn main() -> ExitCode {
    let path = std::env::args().nth(1).filter(|p| p != "-");
    let text = match &path {
        Some(path) => std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}")),
        None => {
            let mut text = String::new();
            (std::io::stdin().read_to_string(&mut text))
                .map(|_| text)
                .map_err(|e| format!("cannot read standard input: {e}"))
        }
    };
    let text = match text {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let response: sync::Response = match matrix_events::from_str(&text) {
        Ok(response) => response,
        Err(e) => {
            eprintln!("error: not a /sync response: {e}");
            return ExitCode::from(1);
        }
    };

    let mut total = Tally::default();
    let mut rooms = 0;
    let name = |name: Option<&str>| name.map_or(String::new(), |n| format!(" {n:?}"));
    if let Some(all) = &response.rooms {
        for (id, room) in all.join.iter().flatten() {
            let mut tally = Tally::default();
            let state = events_of!(room.state);
            let timeline = events_of!(room.timeline);
            let ephemeral = events_of!(room.ephemeral);
            let account = events_of!(room.account_data);
            let state_in_timeline = (timeline.iter())
                .filter(|e| matches!(e, AnySyncTimelineEvent::State(_)))
                .count();
            let counts = (
                tally.add(timeline),
                tally.add(state),
                tally.add(ephemeral),
                tally.add(account),
            );
            let room_name = name_in(state).or_else(|| {
                (timeline.iter()).find_map(|e| match e {
                    AnySyncTimelineEvent::State(state) => state.room_name(),
                    _ => None,
                })
            });
            println!(
                "join {id}{}: timeline {} (message-like {}, state {}), state {}, ephemeral {}, account data {}; invalid {}; unknown {}",
                name(room_name),
                counts.0,
                counts.0 - state_in_timeline,
                state_in_timeline,
                counts.1,
                counts.2,
                counts.3,
                tally.invalid,
                tally.unknown
            );
            rooms += 1;
            total.merge(tally);
        }
        for (id, room) in all.invite.iter().flatten() {
            let mut tally = Tally::default();
            let state = events_of!(room.invite_state);
            let n = tally.add(state);
            println!(
                "invite {id}{}: invite state {n}; invalid {}; unknown {}",
                name(name_in(state)),
                tally.invalid,
                tally.unknown
            );
            rooms += 1;
            total.merge(tally);
        }
        for (id, room) in all.knock.iter().flatten() {
            let mut tally = Tally::default();
            let state = events_of!(room.knock_state);
            let n = tally.add(state);
            println!(
                "knock {id}{}: knock state {n}; invalid {}; unknown {}",
                name(name_in(state)),
                tally.invalid,
                tally.unknown
            );
            rooms += 1;
            total.merge(tally);
        }
        for (id, room) in all.leave.iter().flatten() {
            let mut tally = Tally::default();
            let timeline = events_of!(room.timeline);
            let state = events_of!(room.state);
            let account = events_of!(room.account_data);
            let counts = (tally.add(timeline), tally.add(state), tally.add(account));
            println!(
                "leave {id}{}: timeline {}, state {}, account data {}; invalid {}; unknown {}",
                name(name_in(state)),
                counts.0,
                counts.1,
                counts.2,
                tally.invalid,
                tally.unknown
            );
            rooms += 1;
            total.merge(tally);
        }
    }
    let mut outside = Tally::default();
    let global = outside.add(events_of!(response.account_data));
    let presence = outside.add(events_of!(response.presence));
    let to_device = outside.add(events_of!(response.to_device));
    println!(
        "outside rooms: account data {global}, presence {presence}, to-device {to_device}; invalid {}; unknown {}",
        outside.invalid, outside.unknown
    );
    total.merge(outside);

    let identical = match (
        serde_json::from_str::<serde_json::Value>(&text),
        serde_json::to_value(&response),
    ) {
        (Ok(input), Ok(output)) => input == output,
        _ => false,
    };
    println!(
        "sync_summary: {rooms} rooms; {} events; typed {}; unknown {}; invalid {}; written back identical: {}",
        total.events,
        total.typed(),
        total.unknown,
        total.invalid,
        if identical { "yes" } else { "no" }
    );
    ExitCode::SUCCESS
}
