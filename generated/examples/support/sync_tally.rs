//! Counting the events of a `/sync` response as read: by place, how many,
//! how many kept `Invalid`, how many of a type the crate does not know.
//! Shared by `sync_summary` and the tests that read whole responses.

// Each user of this module includes it on its own and uses only part of it.
#![allow(dead_code)]

use matrix_events::api::client_server::sync;
use matrix_events::{
    AnyEphemeralRoomEvent, AnyGlobalAccountDataEvent, AnyPresenceEvent, AnyRoomAccountDataEvent,
    AnyStrippedStateEvent, AnySyncStateEvent, AnySyncTimelineEvent, AnyToDeviceEvent,
};

/// An event in any of the places `/sync` has, as far as counting goes.
pub trait Counted {
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
pub trait Events<T> {
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

/// The events of a list inside an optional section (`room.timeline`).
macro_rules! events_of {
    ($section:expr) => {
        $section.as_ref().map_or(&[][..], |s| s.events.events())
    };
}
#[allow(unused_imports)] // not every user of this module names it
pub(crate) use events_of;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub events: usize,
    pub invalid: usize,
    pub unknown: usize,
}

impl Tally {
    /// Counts `events`; how many there were.
    pub fn add<E: Counted>(&mut self, events: &[E]) -> usize {
        for event in events {
            self.events += 1;
            self.invalid += usize::from(event.invalid());
            self.unknown += usize::from(event.unknown());
        }
        events.len()
    }

    pub fn typed(&self) -> usize {
        self.events - self.invalid - self.unknown
    }

    pub fn merge(&mut self, other: Tally) {
        self.events += other.events;
        self.invalid += other.invalid;
        self.unknown += other.unknown;
    }
}

/// The name a room's state gives it, if any.
pub fn name_in<E: Counted>(events: &[E]) -> Option<&str> {
    events.iter().find_map(Counted::room_name)
}

/// Every event of a response, by the place it was read in: `timeline`,
/// `state`, `ephemeral`, `room_account_data` (joined and left rooms),
/// `invite_state`, `knock_state`, `account_data`, `presence`, `to_device`.
pub fn by_place(response: &sync::Response) -> std::collections::BTreeMap<&'static str, Tally> {
    let mut places: std::collections::BTreeMap<&'static str, Tally> = Default::default();
    if let Some(rooms) = &response.rooms {
        for room in rooms.join.iter().flatten().map(|(_, room)| room) {
            places
                .entry("timeline")
                .or_default()
                .add(events_of!(room.timeline));
            places
                .entry("state")
                .or_default()
                .add(events_of!(room.state));
            places
                .entry("ephemeral")
                .or_default()
                .add(events_of!(room.ephemeral));
            (places.entry("room_account_data").or_default()).add(events_of!(room.account_data));
        }
        for room in rooms.leave.iter().flatten().map(|(_, room)| room) {
            places
                .entry("timeline")
                .or_default()
                .add(events_of!(room.timeline));
            places
                .entry("state")
                .or_default()
                .add(events_of!(room.state));
            (places.entry("room_account_data").or_default()).add(events_of!(room.account_data));
        }
        for room in rooms.invite.iter().flatten().map(|(_, room)| room) {
            (places.entry("invite_state").or_default()).add(events_of!(room.invite_state));
        }
        for room in rooms.knock.iter().flatten().map(|(_, room)| room) {
            (places.entry("knock_state").or_default()).add(events_of!(room.knock_state));
        }
    }
    (places.entry("account_data").or_default()).add(events_of!(response.account_data));
    places
        .entry("presence")
        .or_default()
        .add(events_of!(response.presence));
    places
        .entry("to_device")
        .or_default()
        .add(events_of!(response.to_device));
    places
}
