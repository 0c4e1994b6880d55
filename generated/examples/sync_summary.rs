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

use std::io::Read;
use std::process::ExitCode;

use matrix_events::api::client_server::sync;
use matrix_events::{
    AnyEphemeralRoomEvent, AnyGlobalAccountDataEvent, AnyPresenceEvent, AnyRoomAccountDataEvent,
    AnyStrippedStateEvent, AnySyncStateEvent, AnySyncTimelineEvent, AnyToDeviceEvent,
};

/// An event in any of the places `/sync` has, as far as counting goes.
trait Counted {
    fn invalid(&self) -> bool;
    fn unknown(&self) -> bool;
    /// The room name it carries, if it is an `m.room.name` event.
    fn room_name(&self) -> Option<&str> {
        None
    }
}

macro_rules! counted {
    ($($enum:ty),*) => {$(
        impl Counted for $enum {
            fn invalid(&self) -> bool {
                <$enum>::invalid(self).is_some()
            }
            fn unknown(&self) -> bool {
                self.is_unknown()
            }
        }
    )*};
}
counted!(
    AnySyncTimelineEvent,
    AnyEphemeralRoomEvent,
    AnyRoomAccountDataEvent,
    AnyGlobalAccountDataEvent,
    AnyPresenceEvent,
    AnyToDeviceEvent
);

impl Counted for AnySyncStateEvent {
    fn invalid(&self) -> bool {
        AnySyncStateEvent::invalid(self).is_some()
    }
    fn unknown(&self) -> bool {
        self.is_unknown()
    }
    fn room_name(&self) -> Option<&str> {
        match self {
            AnySyncStateEvent::RoomName(event) => Some(&event.content.name),
            _ => None,
        }
    }
}

impl Counted for AnyStrippedStateEvent {
    fn invalid(&self) -> bool {
        AnyStrippedStateEvent::invalid(self).is_some()
    }
    fn unknown(&self) -> bool {
        self.is_unknown()
    }
    fn room_name(&self) -> Option<&str> {
        match self {
            AnyStrippedStateEvent::RoomName(event) => Some(&event.content.name),
            _ => None,
        }
    }
}

/// A list the spec requires in one release and leaves optional in another
/// (`timeline.events`), read alike.
trait Events<T> {
    fn events(&self) -> &[T];
}

impl<T> Events<T> for Vec<T> {
    fn events(&self) -> &[T] {
        self
    }
}

impl<T> Events<T> for Option<Vec<T>> {
    fn events(&self) -> &[T] {
        self.as_deref().unwrap_or_default()
    }
}

#[derive(Default)]
struct Tally {
    events: usize,
    invalid: usize,
    unknown: usize,
}

impl Tally {
    fn add<E: Counted>(&mut self, events: &[E]) -> usize {
        for event in events {
            self.events += 1;
            self.invalid += usize::from(event.invalid());
            self.unknown += usize::from(event.unknown());
        }
        events.len()
    }

    fn typed(&self) -> usize {
        self.events - self.invalid - self.unknown
    }
}

fn name_in<E: Counted>(events: &[E]) -> Option<&str> {
    events.iter().find_map(Counted::room_name)
}

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
            let state = room.state.as_ref().map_or(&[][..], |s| s.events.events());
            let timeline = room
                .timeline
                .as_ref()
                .map_or(&[][..], |t| t.events.events());
            let ephemeral = room
                .ephemeral
                .as_ref()
                .map_or(&[][..], |e| e.events.events());
            let account = room
                .account_data
                .as_ref()
                .map_or(&[][..], |a| a.events.events());
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
            let state = room
                .invite_state
                .as_ref()
                .map_or(&[][..], |s| s.events.events());
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
            let state = room
                .knock_state
                .as_ref()
                .map_or(&[][..], |s| s.events.events());
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
            let timeline = room
                .timeline
                .as_ref()
                .map_or(&[][..], |t| t.events.events());
            let state = room.state.as_ref().map_or(&[][..], |s| s.events.events());
            let account = room
                .account_data
                .as_ref()
                .map_or(&[][..], |a| a.events.events());
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
    let global = outside.add(
        response
            .account_data
            .as_ref()
            .map_or(&[][..], |a| a.events.events()),
    );
    let presence = outside.add(
        response
            .presence
            .as_ref()
            .map_or(&[][..], |p| p.events.events()),
    );
    let to_device = outside.add(
        response
            .to_device
            .as_ref()
            .map_or(&[][..], |t| t.events.events()),
    );
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

impl Tally {
    fn merge(&mut self, other: Tally) {
        self.events += other.events;
        self.invalid += other.invalid;
        self.unknown += other.unknown;
    }
}
