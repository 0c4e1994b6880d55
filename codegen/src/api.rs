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

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::SpecPath;
use crate::resolve::{Additional, JsonType, Property, ResolvedApi, Schema};

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
    /// For event content (an `Any*Content` enum) rather than events: the
    /// path parameter that gives its event type (`eventType`). `Request::new`
    /// takes the type from the content instead of asking for it.
    pub type_parameter: Option<&'static str>,
    /// Only where the schema there is an event schema (`stripped_state.yaml`):
    /// later releases replaced the events of the place with something else
    /// (federation PDUs).
    pub while_event_schema: bool,
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
        type_parameter: None,
        while_event_schema: false,
    }
}

/// Stripped state in a federation body, while the spec says it is that
/// (v1.16 made invite and knock room state full PDUs).
const fn federation_stripped_state(
    operation_id: &'static str,
    body: &'static str,
    path: &'static str,
) -> EventPlace {
    EventPlace {
        api: "server-server",
        body,
        while_event_schema: true,
        ..place(operation_id, path, "AnyStrippedStateEvent")
    }
}

/// Event content at `path` of a client-server body (`request` or a
/// status), of the type that the path parameter `type_parameter` names.
const fn content(
    operation_id: &'static str,
    body: &'static str,
    path: &'static str,
    content_enum: &'static str,
    type_parameter: &'static str,
) -> EventPlace {
    EventPlace {
        body,
        type_parameter: Some(type_parameter),
        ..place(operation_id, path, content_enum)
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
    place("getEvents", "chunk.[]", "AnyTimelineEvent"),
    place("getOneEvent", "", "AnyTimelineEvent"),
    // Spaces: the `m.space.child` state of each room
    place(
        "getSpaceHierarchy",
        "rooms.[].children_state.[]",
        "AnyStrippedStateEvent",
    ),
    EventPlace {
        api: "server-server",
        ..place(
            "getSpaceHierarchy",
            "room.children_state.[]",
            "AnyStrippedStateEvent",
        )
    },
    EventPlace {
        api: "server-server",
        ..place(
            "getSpaceHierarchy",
            "children.[].children_state.[]",
            "AnyStrippedStateEvent",
        )
    },
    federation_stripped_state("sendInviteV1", "request", "unsigned.invite_room_state.[]"),
    federation_stripped_state("sendInviteV2", "request", "invite_room_state.[]"),
    federation_stripped_state("sendKnock", "200", "knock_room_state.[]"),
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
    place("initialSync", "rooms.[].invite", "AnyStateEvent"),
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
    // Event content sent and fetched, its type in the path
    content(
        "sendMessage",
        "request",
        "",
        "AnyMessageLikeContent",
        "eventType",
    ),
    content(
        "setRoomStateWithKey",
        "request",
        "",
        "AnyStateContent",
        "eventType",
    ),
    content(
        "sendToDevice",
        "request",
        "messages.{}.{}",
        "AnyToDeviceContent",
        "eventType",
    ),
    content(
        "setAccountData",
        "request",
        "",
        "AnyGlobalAccountDataContent",
        "type",
    ),
    content(
        "getAccountData",
        "200",
        "",
        "AnyGlobalAccountDataContent",
        "type",
    ),
    content(
        "setAccountDataPerRoom",
        "request",
        "",
        "AnyRoomAccountDataContent",
        "type",
    ),
    content(
        "getAccountDataPerRoom",
        "200",
        "",
        "AnyRoomAccountDataContent",
        "type",
    ),
    // The events a homeserver pushes to an application service
    EventPlace {
        api: "application-service",
        body: "request",
        ..place("sendTransaction", "events.[]", "AnyTimelineEvent")
    },
];

/// Marks every place of [`PLACES`] that the spec's operations have; the
/// places passed through become types of their own (an event list in a
/// `/sync` timeline is not the same type as one in `/messages`).
pub fn place_events(apis: &mut [ResolvedApi]) {
    for place in PLACES {
        let Some(api) = apis.iter_mut().find(|a| a.name == place.api) else {
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
            let Some(schema) = body.and_then(|b| b.schema.as_mut()) else {
                continue;
            };
            let path: Vec<&str> = place.path.split('.').filter(|t| !t.is_empty()).collect();
            let has_type = (operation.parameters.iter())
                .any(|p| Some(p.name.as_str()) == place.type_parameter);
            if place.type_parameter.is_some() && !has_type {
                // Content whose type nothing gives stays JSON.
                continue;
            }
            if mark(schema, place, &path) && place.type_parameter.is_some() {
                operation.event_type_parameter = place.type_parameter.map(str::to_owned);
            }
        }
    }
}

/// Marks the schema at `path` below `schema`; whether it was there.
fn mark(schema: &mut Schema, place: &EventPlace, path: &[&str]) -> bool {
    let Some((first, rest)) = path.split_first() else {
        if place.while_event_schema
            && !(schema.definition.iter().chain(&schema.bases)).any(is_event_schema)
        {
            return false;
        }
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

/// Warns of every place in an API body where the spec puts events (a
/// schema that is, or is built on, a generic event schema) and [`PLACES`]
/// does not say which enum reads them: they stay JSON, and the table may
/// be missing a place a new release added. One warning per operation.
pub fn warn_of_unplaced_events(apis: &[ResolvedApi], diags: &mut Diagnostics) {
    for api in apis {
        for operation in &api.operations {
            let mut found = Vec::new();
            let request = operation.request_body.iter().map(|b| ("request", b));
            let responses = (operation.responses.iter())
                .filter(|r| r.status.starts_with('2'))
                .filter_map(|r| Some((r.status.as_str(), r.body.as_ref()?)));
            for (body, content) in request.chain(responses) {
                if let Some(schema) = &content.schema {
                    unplaced(schema, &mut format!("{body} "), &mut found, 0);
                }
            }
            if found.is_empty() {
                continue;
            }
            diags.push(Diagnostic::warning(
                Some(operation.origin.file.to_string()),
                operation.origin.place(),
                format!(
                    "`{}` ({}) has events the generator's table of event places does not place, kept as JSON: {}",
                    operation.operation_id,
                    api.name,
                    found.join(", ")
                ),
            ));
        }
    }
}

/// Collects in `found` the paths (as [`EventPlace::path`] writes them,
/// after the body's name) of event-shaped schemas below `schema` that no
/// enum reads.
fn unplaced(schema: &Schema, path: &mut String, found: &mut Vec<String>, depth: usize) {
    if schema.event_enum.is_some() || depth > 16 {
        return;
    }
    let event_shaped = (schema.definition.iter())
        .chain(&schema.bases)
        .find(|file| is_event_schema(file));
    if let Some(file) = event_shaped {
        found.push(format!(
            "{} (`{}`)",
            path.trim_end_matches(['.', ' ']),
            file.file_name()
        ));
        return;
    }
    let mut below = |child: &Schema, token: &str| {
        let len = path.len();
        path.push_str(token);
        path.push('.');
        unplaced(child, path, found, depth + 1);
        path.truncate(len);
    };
    for property in &schema.properties {
        below(&property.schema, &property.name);
    }
    if let Some(items) = &schema.items {
        below(items, "[]");
    }
    if let Some(Additional::Schema(values)) = &schema.additional {
        below(values, "{}");
    }
    for (_, values) in &schema.pattern_properties {
        below(values, "{}");
    }
    for variant in &schema.variants {
        below(variant, "");
    }
}

/// Whether `file` describes an event in general: the client-server API's
/// event definitions, or the core event schemas.
fn is_event_schema(file: &SpecPath) -> bool {
    let name = file.file().rsplit('/').next().unwrap_or_default();
    // The batches (`timeline_batch.yaml`) are not events; their `events`
    // are, and are looked at.
    file.file().contains("core-event-schema/")
        || matches!(
            name,
            "client_event.yaml" | "client_event_without_room_id.yaml"
        )
}
