//! Reading the sections of a /sync-like batch through the dispatch type of
//! each, shared by `bench_deserialize` and the criterion bench.

use matrix_events::{
    AnyEphemeralRoomEvent, AnyGlobalAccountDataEvent, AnyMessageLikeEvent, AnyPresenceEvent,
    AnyRoomAccountDataEvent, AnyStateEvent, AnyTimelineEvent, AnyToDeviceEvent,
};
use serde_json::Value;

/// The sections a batch may have, in the order they are reported.
pub const SECTIONS: [&str; 7] = [
    "timeline",
    "state",
    "global_account_data",
    "room_account_data",
    "ephemeral",
    "to_device",
    "presence",
];

/// The events of one section, read through its dispatch type.
pub enum Typed {
    Timeline(Vec<AnyTimelineEvent>),
    State(Vec<AnyStateEvent>),
    GlobalAccountData(Vec<AnyGlobalAccountDataEvent>),
    RoomAccountData(Vec<AnyRoomAccountDataEvent>),
    Ephemeral(Vec<AnyEphemeralRoomEvent>),
    ToDevice(Vec<AnyToDeviceEvent>),
    Presence(Vec<AnyPresenceEvent>),
}

/// Reads the JSON array of section `section` as `Vec<Any...Event>`, in one
/// `serde_json::from_str`. `None` for a section name not in [`SECTIONS`].
pub fn parse(section: &str, json: &str) -> Option<serde_json::Result<Typed>> {
    Some(match section {
        "timeline" => serde_json::from_str(json).map(Typed::Timeline),
        "state" => serde_json::from_str(json).map(Typed::State),
        "global_account_data" => serde_json::from_str(json).map(Typed::GlobalAccountData),
        "room_account_data" => serde_json::from_str(json).map(Typed::RoomAccountData),
        "ephemeral" => serde_json::from_str(json).map(Typed::Ephemeral),
        "to_device" => serde_json::from_str(json).map(Typed::ToDevice),
        "presence" => serde_json::from_str(json).map(Typed::Presence),
        _ => return None,
    })
}

impl Typed {
    pub fn len(&self) -> usize {
        match self {
            Typed::Timeline(v) => v.len(),
            Typed::State(v) => v.len(),
            Typed::GlobalAccountData(v) => v.len(),
            Typed::RoomAccountData(v) => v.len(),
            Typed::Ephemeral(v) => v.len(),
            Typed::ToDevice(v) => v.len(),
            Typed::Presence(v) => v.len(),
        }
    }

    /// How many events landed in an `Unknown` variant (a type the crate
    /// does not know, so the fast typed path was not taken).
    pub fn unknown(&self) -> usize {
        match self {
            Typed::Timeline(v) => v
                .iter()
                .filter(|e| {
                    matches!(
                        e,
                        AnyTimelineEvent::MessageLike(AnyMessageLikeEvent::Unknown(_))
                            | AnyTimelineEvent::State(AnyStateEvent::Unknown(_))
                    )
                })
                .count(),
            Typed::State(v) => count(v, |e| matches!(e, AnyStateEvent::Unknown(_))),
            Typed::GlobalAccountData(v) => {
                count(v, |e| matches!(e, AnyGlobalAccountDataEvent::Unknown(_)))
            }
            Typed::RoomAccountData(v) => {
                count(v, |e| matches!(e, AnyRoomAccountDataEvent::Unknown(_)))
            }
            Typed::Ephemeral(v) => count(v, |e| matches!(e, AnyEphemeralRoomEvent::Unknown(_))),
            Typed::ToDevice(v) => count(v, |e| matches!(e, AnyToDeviceEvent::Unknown(_))),
            Typed::Presence(v) => count(v, |e| matches!(e, AnyPresenceEvent::Unknown(_))),
        }
    }

    /// The events written back, one JSON value each.
    pub fn to_values(&self) -> serde_json::Result<Vec<Value>> {
        match self {
            Typed::Timeline(v) => serde_json::from_value(serde_json::to_value(v)?),
            Typed::State(v) => serde_json::from_value(serde_json::to_value(v)?),
            Typed::GlobalAccountData(v) => serde_json::from_value(serde_json::to_value(v)?),
            Typed::RoomAccountData(v) => serde_json::from_value(serde_json::to_value(v)?),
            Typed::Ephemeral(v) => serde_json::from_value(serde_json::to_value(v)?),
            Typed::ToDevice(v) => serde_json::from_value(serde_json::to_value(v)?),
            Typed::Presence(v) => serde_json::from_value(serde_json::to_value(v)?),
        }
    }
}

fn count<T>(events: &[T], is_unknown: impl Fn(&T) -> bool) -> usize {
    events.iter().filter(|e| is_unknown(e)).count()
}

/// Checks one section read both ways: how many events landed in `Unknown`,
/// and how many do not come back identical to the `serde_json::Value`
/// reading of the same bytes (fields lost or changed).
pub fn check(section: &str, json: &str) -> Result<(usize, usize), String> {
    let typed = parse(section, json)
        .ok_or_else(|| format!("`{section}` is not a section"))?
        .map_err(|e| format!("{section}: {e}"))?;
    let values: Vec<Value> = serde_json::from_str(json).map_err(|e| format!("{section}: {e}"))?;
    let back = typed.to_values().map_err(|e| format!("{section}: {e}"))?;
    let differ = if typed.len() == values.len() && back.len() == values.len() {
        back.iter().zip(&values).filter(|(a, b)| a != b).count()
    } else {
        values.len().max(back.len())
    };
    Ok((typed.unknown(), differ))
}
