//! Events shaped as clients and servers really send them, in every context
//! they arrive in (`data/real_traffic.jsonl`, written by
//! `data/make_real_traffic.py`): old VoIP events, redacted events, stubs
//! without `sender`, wrong value types, custom and unstable types, state
//! with `prev_content`, stripped invite state, to-device, account data,
//! receipts, presence; encrypted stickers without `url`, messages without
//! `msgtype`, members redacted under room version 11, a busy room's
//! conversation. Whatever release the crate is built from, none may fail to
//! read, every one must be written back identical, and those the file
//! marks (`"expect"`) must read as typed or invalid as marked.

#[path = "../examples/support/event_stream.rs"]
mod event_stream;

use event_stream::{read_in, Class};
use serde_json::Value;

#[test]
fn real_shaped_events_read_in_every_context_and_write_back_identical() {
    let text = include_str!("data/real_traffic.jsonl");
    let mut counts = [0usize; 4];
    let mut problems = Vec::new();
    let mut marked = 0;
    for (index, line) in text.lines().enumerate() {
        let record: Value = serde_json::from_str(line).unwrap();
        let context = record["context"].as_str().unwrap();
        let (class, detail, same) = read_in(context, &record["event"]).unwrap();
        if matches!(class, Class::Error) || !same {
            problems.push(format!("line {}: {} {detail}", index + 1, class.name()));
        }
        // The deviations and redactions the file marks read as it says,
        // whenever the crate knows their type (the sample spec knows few).
        let event_type = record["event"]["type"].as_str().unwrap_or_default();
        let known = matrix_events::EVENT_TYPES
            .iter()
            .any(|(t, _)| *t == event_type);
        if let Some(expected) = record.get("expect").and_then(Value::as_str) {
            if known && class.name() != expected {
                problems.push(format!(
                    "line {}: {} but marked {expected}: {detail}",
                    index + 1,
                    class.name()
                ));
            }
            marked += 1;
        }
        counts[class as usize] += 1;
    }
    let [typed, unknown, invalid, errors] = counts;
    println!("typed {typed}; unknown {unknown}; invalid {invalid}; errors {errors}");
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(marked >= 40, "only {marked} events are marked");
    assert!(typed > 0, "nothing was typed");
    // The malformed events of the file are known types in every release.
    assert!(invalid > 0, "no malformed event was kept as invalid");
}

/// What the getters of a member event or a message give for `unsigned`,
/// in a form to compare with the JSON the event came as.
#[derive(Debug, Default, PartialEq)]
struct UnsignedSeen {
    /// Each stripped event's `type`, and whether it was typed.
    invite_room_state: Option<Vec<(String, bool)>>,
    knock_room_state: Option<Vec<(String, bool)>>,
    prev_content: Option<Value>,
    replaces_state: Option<String>,
    transaction_id: Option<String>,
}

fn stripped_seen(events: Vec<matrix_events::AnyStrippedStateEvent>) -> Vec<(String, bool)> {
    (events.iter())
        .map(|e| {
            (
                e.event_type().to_owned(),
                !e.is_unknown() && e.invalid().is_none(),
            )
        })
        .collect()
}

macro_rules! member_seen {
    ($event:expr) => {
        UnsignedSeen {
            invite_room_state: $event.invite_room_state().map(stripped_seen),
            knock_room_state: $event.knock_room_state().map(stripped_seen),
            prev_content: ($event.prev_content()).map(|c| serde_json::to_value(c).unwrap()),
            replaces_state: $event.replaces_state().map(str::to_owned),
            transaction_id: $event.transaction_id().map(str::to_owned),
        }
    };
}

/// The getters' view of a member event or a message read in `context`;
/// `None` for any other event.
fn unsigned_seen(context: &str, event: &Value) -> Option<UnsignedSeen> {
    use matrix_events::{
        AnyMessageLikeEvent as M, AnyStateEvent as S, AnySyncMessageLikeEvent as SM,
        AnySyncStateEvent as SS, AnySyncTimelineEvent as ST, AnyTimelineEvent as T,
    };
    let message = |transaction_id: Option<&str>| UnsignedSeen {
        transaction_id: transaction_id.map(str::to_owned),
        ..UnsignedSeen::default()
    };
    let event = event.clone();
    match context {
        "timeline" => match serde_json::from_value(event).ok()? {
            T::State(S::RoomMember(e)) => Some(member_seen!(e)),
            T::MessageLike(M::RoomMessage(e)) => Some(message(e.transaction_id())),
            _ => None,
        },
        "sync_timeline" => match serde_json::from_value(event).ok()? {
            ST::State(SS::RoomMember(e)) => Some(member_seen!(e)),
            ST::MessageLike(SM::RoomMessage(e)) => Some(message(e.transaction_id())),
            _ => None,
        },
        "state" => match serde_json::from_value(event).ok()? {
            S::RoomMember(e) => Some(member_seen!(e)),
            _ => None,
        },
        "sync_state" => match serde_json::from_value(event).ok()? {
            SS::RoomMember(e) => Some(member_seen!(e)),
            _ => None,
        },
        _ => None,
    }
}

/// What the getters should give, from the JSON alone: a list where there
/// is a list (each event typed when this crate knows its type), content
/// that has the `membership` a member event requires, strings as they are.
fn unsigned_expected(event: &Value) -> UnsignedSeen {
    let unsigned = &event["unsigned"];
    let stripped = |key: &str| {
        unsigned[key].as_array().map(|events| {
            (events.iter())
                .map(|e| {
                    let event_type = e["type"].as_str().unwrap().to_owned();
                    let known = (matrix_events::EVENT_TYPES.iter()).any(|(t, _)| *t == event_type);
                    (event_type, known)
                })
                .collect()
        })
    };
    let is_member = event["type"] == "m.room.member";
    let text = |key: &str| unsigned[key].as_str().map(str::to_owned);
    UnsignedSeen {
        invite_room_state: stripped("invite_room_state"),
        knock_room_state: stripped("knock_room_state"),
        prev_content: Some(unsigned["prev_content"].clone())
            .filter(|c| is_member && c["membership"].is_string()),
        replaces_state: text("replaces_state").filter(|_| is_member),
        transaction_id: text("transaction_id"),
    }
}

/// The getters for what `unsigned` carries, on the real-shaped events:
/// invite and knock room state as stripped events (a type this crate
/// lacks kept as unknown), the content a state event replaced typed as
/// the event's own, the echo's transaction ID; `None` for a list that is
/// not one or previous content that is not the event's content type.
#[test]
fn what_unsigned_carries_reads_through_the_getters_in_every_context() {
    let text = include_str!("data/real_traffic.jsonl");
    let mut problems = Vec::new();
    let mut found = [0usize; 5];
    for (index, line) in text.lines().enumerate() {
        let record: Value = serde_json::from_str(line).unwrap();
        let context = record["context"].as_str().unwrap();
        let Some(seen) = unsigned_seen(context, &record["event"]) else {
            continue;
        };
        let expected = unsigned_expected(&record["event"]);
        if seen != expected {
            problems.push(format!("line {}: {seen:?}, not {expected:?}", index + 1));
        }
        for (count, some) in found.iter_mut().zip([
            seen.invite_room_state.is_some(),
            seen.knock_room_state.is_some(),
            seen.prev_content.is_some(),
            seen.replaces_state.is_some(),
            seen.transaction_id.is_some(),
        ]) {
            *count += usize::from(some);
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    println!("invite, knock, prev_content, replaces_state, transaction_id: {found:?}");
    assert!(
        found.iter().all(|n| *n >= 2),
        "each getter gave a value at least twice: {found:?}"
    );
}
