//! Reading one event through the `Any*` enum of the context it arrived
//! in, for `read_events` and the real-traffic test: its class, a detail
//! (the variant, or why not) and whether it was written back identical.

use std::fmt::Debug;

use matrix_events::{
    AnyEphemeralRoomEvent, AnyGlobalAccountDataEvent, AnyPresenceEvent, AnyRoomAccountDataEvent,
    AnyStateEvent, AnyStrippedStateEvent, AnySyncStateEvent, AnySyncTimelineEvent,
    AnyTimelineEvent, AnyToDeviceEvent, InvalidEvent,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// What reading one event gave.
pub enum Class {
    Typed,
    Unknown,
    Invalid,
    Error,
}

impl Class {
    pub fn name(&self) -> &'static str {
        match self {
            Class::Typed => "typed",
            Class::Unknown => "unknown",
            Class::Invalid => "invalid",
            Class::Error => "error",
        }
    }
}

/// The `Any*` enums' common ground, for reading any context alike.
trait Dispatched: DeserializeOwned + Serialize + Debug {
    fn invalid(&self) -> Option<&InvalidEvent>;
    fn is_unknown(&self) -> bool;
}

macro_rules! dispatched {
    ($($name:ident),*) => {$(
        impl Dispatched for $name {
            fn invalid(&self) -> Option<&InvalidEvent> {
                $name::invalid(self)
            }
            fn is_unknown(&self) -> bool {
                $name::is_unknown(self)
            }
        }
    )*};
}

dispatched!(
    AnyTimelineEvent,
    AnySyncTimelineEvent,
    AnyStateEvent,
    AnySyncStateEvent,
    AnyStrippedStateEvent,
    AnyToDeviceEvent,
    AnyGlobalAccountDataEvent,
    AnyRoomAccountDataEvent,
    AnyEphemeralRoomEvent,
    AnyPresenceEvent
);

/// Reads `event` as `T`: its class, a detail (the variant, or why not),
/// and whether it was written back identical.
fn read_as<T: Dispatched>(event: &Value) -> (Class, String, bool) {
    let typed: T = match serde_json::from_value(event.clone()) {
        Ok(typed) => typed,
        Err(error) => return (Class::Error, error.to_string(), false),
    };
    let same = serde_json::to_value(&typed).ok().as_ref() == Some(event);
    let (class, detail) = if let Some(invalid) = typed.invalid() {
        let id = invalid.event_id().unwrap_or("-");
        (
            Class::Invalid,
            format!("{} {id}: {}", invalid.event_type, invalid.error),
        )
    } else if typed.is_unknown() {
        let kind = event.get("type").and_then(Value::as_str).unwrap_or("");
        (Class::Unknown, kind.to_owned())
    } else {
        (Class::Typed, variant_path(&typed))
    };
    (class, detail, same)
}

/// `MessageLike(RoomMessage` -> `MessageLike::RoomMessage`: the variants
/// down to the envelope, from the value's `Debug` text.
fn variant_path<T: Debug>(value: &T) -> String {
    let text = format!("{value:?}");
    let mut parts = Vec::new();
    let mut rest = text.as_str();
    while let Some(open) = rest.find('(') {
        let name = &rest[..open];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
            break;
        }
        parts.push(name);
        rest = &rest[open + 1..];
    }
    if let Some(name) = rest.split([' ', '{']).next().filter(|n| !n.is_empty()) {
        parts.push(name);
    }
    parts.join("::")
}

pub fn read_in(context: &str, event: &Value) -> Result<(Class, String, bool), String> {
    Ok(match context {
        "timeline" => read_as::<AnyTimelineEvent>(event),
        "sync_timeline" => read_as::<AnySyncTimelineEvent>(event),
        "state" => read_as::<AnyStateEvent>(event),
        "sync_state" => read_as::<AnySyncStateEvent>(event),
        "stripped_state" => read_as::<AnyStrippedStateEvent>(event),
        "to_device" => read_as::<AnyToDeviceEvent>(event),
        "global_account_data" => read_as::<AnyGlobalAccountDataEvent>(event),
        "room_account_data" => read_as::<AnyRoomAccountDataEvent>(event),
        "ephemeral" => read_as::<AnyEphemeralRoomEvent>(event),
        "presence" => read_as::<AnyPresenceEvent>(event),
        other => return Err(format!("unknown context `{other}`")),
    })
}
