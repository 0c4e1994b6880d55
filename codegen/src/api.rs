//! The Matrix layer of the HTTP APIs: where events sit in their bodies.
//!
//! The API files describe events through generic schemas
//! (`client_event.yaml`, `event_batch.yaml`, the core event schemas), which
//! cannot tell a `/sync` timeline from room account data. Which dispatch
//! enum of the event layer reads each place is stated in [`PLACES`], the
//! one hand-written table of this layer, and marked on the resolved schemas
//! ([`Schema::event_enum`]) before types are made, so the body types hold
//! `AnySyncTimelineEvent` and its kin instead of a generic struct. A place
//! an older release does not have is passed over.

use crate::resolve::{Additional, JsonType, Property, ResolvedSpec, Schema};

/// One place events sit: the API, the operation, the body (`request`, or a
/// response status), the path inside it (property names, `[]` for a list's
/// items, `{}` for a map's values, joined by `.`; empty for the body
/// itself), and the enum that reads what is there.
pub struct EventPlace {
    pub api: &'static str,
    pub operation_id: &'static str,
    pub body: &'static str,
    pub path: &'static str,
    pub event_enum: &'static str,
    /// The spec declares the place in its prose only (`/sync`'s
    /// `to_device` is a bare object whose `events` the E2E section
    /// describes): the missing properties on the path are declared, as
    /// optional lists and objects.
    pub declared_in_prose: bool,
}

const fn place(
    operation_id: &'static str,
    path: &'static str,
    event_enum: &'static str,
) -> EventPlace {
    EventPlace {
        api: "client-server",
        operation_id,
        body: "200",
        path,
        event_enum,
        declared_in_prose: false,
    }
}

/// Where the client-server API's responses carry events, by what the spec
/// says of each place in its prose.
pub const PLACES: &[EventPlace] = &[
    // GET /sync
    place(
        "sync",
        "account_data.events.[]",
        "AnyGlobalAccountDataEvent",
    ),
    place("sync", "presence.events.[]", "AnyPresenceEvent"),
    EventPlace {
        declared_in_prose: true,
        ..place("sync", "to_device.events.[]", "AnyToDeviceEvent")
    },
    place(
        "sync",
        "rooms.join.{}.timeline.events.[]",
        "AnySyncTimelineEvent",
    ),
    place("sync", "rooms.join.{}.state.events.[]", "AnySyncStateEvent"),
    place(
        "sync",
        "rooms.join.{}.state_after.events.[]",
        "AnySyncStateEvent",
    ),
    place(
        "sync",
        "rooms.join.{}.account_data.events.[]",
        "AnyRoomAccountDataEvent",
    ),
    place(
        "sync",
        "rooms.join.{}.ephemeral.events.[]",
        "AnyEphemeralRoomEvent",
    ),
    place(
        "sync",
        "rooms.leave.{}.timeline.events.[]",
        "AnySyncTimelineEvent",
    ),
    place(
        "sync",
        "rooms.leave.{}.state.events.[]",
        "AnySyncStateEvent",
    ),
    place(
        "sync",
        "rooms.leave.{}.state_after.events.[]",
        "AnySyncStateEvent",
    ),
    place(
        "sync",
        "rooms.leave.{}.account_data.events.[]",
        "AnyRoomAccountDataEvent",
    ),
    place(
        "sync",
        "rooms.invite.{}.invite_state.events.[]",
        "AnyStrippedStateEvent",
    ),
    place(
        "sync",
        "rooms.knock.{}.knock_state.events.[]",
        "AnyStrippedStateEvent",
    ),
    // GET /rooms/{roomId}/messages, /context, /event, /state, /members
    place("getRoomEvents", "chunk.[]", "AnyTimelineEvent"),
    place("getRoomEvents", "state.[]", "AnyStateEvent"),
    place("getEventContext", "event", "AnyTimelineEvent"),
    place("getEventContext", "events_before.[]", "AnyTimelineEvent"),
    place("getEventContext", "events_after.[]", "AnyTimelineEvent"),
    place("getEventContext", "state.[]", "AnyStateEvent"),
    place("getOneRoomEvent", "", "AnyTimelineEvent"),
    place("getRoomState", "[]", "AnyStateEvent"),
    place("getMembersByRoom", "chunk.[]", "AnyStateEvent"),
    // Relations, threads, notifications, peeking
    place("getRelatingEvents", "chunk.[]", "AnyTimelineEvent"),
    place(
        "getRelatingEventsWithRelType",
        "chunk.[]",
        "AnyTimelineEvent",
    ),
    place(
        "getRelatingEventsWithRelTypeAndEventType",
        "chunk.[]",
        "AnyTimelineEvent",
    ),
    place("getThreadRoots", "chunk.[]", "AnyTimelineEvent"),
    place(
        "getNotifications",
        "notifications.[].event",
        "AnyTimelineEvent",
    ),
    place("peekEvents", "chunk.[]", "AnyTimelineEvent"),
    // Initial syncs (deprecated, still in older releases)
    place("initialSync", "presence.[]", "AnyPresenceEvent"),
    place(
        "initialSync",
        "account_data.[]",
        "AnyGlobalAccountDataEvent",
    ),
    place(
        "initialSync",
        "rooms.[].messages.chunk.[]",
        "AnyTimelineEvent",
    ),
    place("initialSync", "rooms.[].state.[]", "AnyStateEvent"),
    place(
        "initialSync",
        "rooms.[].account_data.[]",
        "AnyRoomAccountDataEvent",
    ),
    place("roomInitialSync", "messages.chunk.[]", "AnyTimelineEvent"),
    place("roomInitialSync", "state.[]", "AnyStateEvent"),
    place(
        "roomInitialSync",
        "account_data.[]",
        "AnyRoomAccountDataEvent",
    ),
    place("roomInitialSync", "presence.[]", "AnyPresenceEvent"),
    // Search
    place(
        "search",
        "search_categories.room_events.results.[].result",
        "AnyTimelineEvent",
    ),
    place(
        "search",
        "search_categories.room_events.results.[].context.events_before.[]",
        "AnyTimelineEvent",
    ),
    place(
        "search",
        "search_categories.room_events.results.[].context.events_after.[]",
        "AnyTimelineEvent",
    ),
    place(
        "search",
        "search_categories.room_events.state.{}.[]",
        "AnyStateEvent",
    ),
];

/// Marks every place of [`PLACES`] that the spec's operations have; the
/// places passed through become types of their own (an event list in a
/// `/sync` timeline is not the same type as one in `/messages`).
pub fn place_events(spec: &mut ResolvedSpec) {
    for place in PLACES {
        let Some(api) = spec.apis.iter_mut().find(|a| a.name == place.api) else {
            continue;
        };
        let operations = api
            .operations
            .iter_mut()
            .filter(|o| o.operation_id == place.operation_id);
        for operation in operations {
            let body = if place.body == "request" {
                operation.request_body.as_mut()
            } else {
                (operation.responses.iter_mut())
                    .find(|r| r.status == place.body)
                    .and_then(|r| r.body.as_mut())
            };
            if let Some(schema) = body.and_then(|b| b.schema.as_mut()) {
                let path: Vec<&str> = place.path.split('.').filter(|t| !t.is_empty()).collect();
                mark(schema, place, &path);
            }
        }
    }
}

/// Marks the schema at `path` below `schema`; whether it was there.
fn mark(schema: &mut Schema, place: &EventPlace, path: &[&str]) -> bool {
    let Some((first, rest)) = path.split_first() else {
        schema.event_enum = Some(place.event_enum.to_owned());
        // The events' own schema no longer makes the type.
        schema.definition = None;
        return true;
    };
    let next = match *first {
        "[]" => schema.items.as_deref_mut(),
        "{}" => match &mut schema.additional {
            Some(Additional::Schema(values)) => Some(&mut **values),
            _ => schema.pattern_properties.first_mut().map(|(_, s)| s),
        },
        name => {
            let declare = place.declared_in_prose
                && schema.properties.iter().all(|p| p.name != name)
                && schema.allows(JsonType::Object);
            if declare {
                let mut declared = Schema::empty(schema.origin.child("properties").child(name));
                declared.types = vec![if rest.first() == Some(&"[]") {
                    JsonType::Array
                } else {
                    JsonType::Object
                }];
                if declared.types == [JsonType::Array] {
                    declared.items = Some(Box::new(Schema::empty(declared.origin.child("items"))));
                }
                schema.properties.push(Property {
                    name: name.to_owned(),
                    schema: declared,
                    rust_name: None,
                });
            }
            (schema.properties.iter_mut())
                .find(|p| p.name == name)
                .map(|p| &mut p.schema)
        }
    };
    let marked = next.is_some_and(|next| mark(next, place, rest));
    if marked {
        // A shared definition on the way (`timeline_batch.yaml`) is made
        // here as a type of its own, which holds the marked events.
        schema.definition = None;
    }
    marked
}
