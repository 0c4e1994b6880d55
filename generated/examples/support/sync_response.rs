//! Builds a whole `/sync` response of our own from a spec's example events:
//! joined, invited, left and knocked rooms, each joined room with a name,
//! state, a timeline of every kind of room event the spec has examples for
//! (encrypted ones among them) plus redacted copies, room account data,
//! receipts and typing; global account data, presence, to-device messages,
//! device lists and one-time key counts beside them. Timelines grow until
//! the body reaches the size asked for. Malformed events (a wrong type in a
//! field the schema requires) can be spread through every section.
//!
//! Needs `mod spec_examples;` (support/spec_examples.rs) beside it.

use std::path::Path;

use matrix_events::EventKind;
use serde_json::{json, Map, Value};

use crate::spec_examples;

/// How the response is made.
pub struct Shape {
    pub joined: usize,
    pub invited: usize,
    pub left: usize,
    pub knocked: usize,
    /// The size the body grows to, in bytes (timelines lengthen for it).
    pub target_bytes: usize,
    /// Malformed events, spread over the sections in turn.
    pub malformed: usize,
    /// Write every object's `type` first (as servers tend to), instead of
    /// sorted keys (`content` before `type`, the harder order for a reader
    /// that reads in one pass).
    pub type_first: bool,
}

/// The body, and what went into it.
pub struct SyncResponse {
    pub json: String,
    /// Events written, malformed ones included.
    pub events: usize,
}

/// The examples of a spec, by the kind each is read in, ready to copy:
/// sync events (no `room_id`), redacted copies of the room events.
struct Examples {
    by_kind: Vec<(EventKind, Vec<Value>)>,
}

impl Examples {
    fn load(data_dir: &Path) -> Result<Examples, String> {
        let mut by_kind: Vec<(EventKind, Vec<Value>)> =
            EventKind::ALL.iter().map(|k| (*k, Vec::new())).collect();
        for file in spec_examples::example_files(data_dir)? {
            let example = spec_examples::load(&file)?;
            let Some((kind, _)) = spec_examples::kind_for(&example) else {
                continue;
            };
            if let Some((_, list)) = by_kind.iter_mut().find(|(k, _)| *k == kind) {
                list.push(example);
            }
        }
        Ok(Examples { by_kind })
    }

    fn of(&self, kind: EventKind) -> &[Value] {
        (self.by_kind.iter())
            .find(|(k, _)| *k == kind)
            .map_or(&[], |(_, list)| list.as_slice())
    }
}

/// A copy of a room event as `/sync` sends it: no `room_id`, its own
/// `event_id` and time.
fn sync_copy(event: &Value, room: usize, n: usize) -> Value {
    let mut event = event.clone();
    if let Value::Object(map) = &mut event {
        map.remove("room_id");
        if map.contains_key("event_id") {
            map.insert(
                "event_id".into(),
                json!(format!("$r{room}e{n}:example.org")),
            );
        }
        if map.contains_key("origin_server_ts") {
            map.insert(
                "origin_server_ts".into(),
                json!(1_733_000_000_000_i64 + n as i64),
            );
        }
    }
    event
}

/// What redaction leaves of a message-like event: its envelope, empty
/// content, and why in `unsigned`.
fn redacted(event: &Value, room: usize, n: usize) -> Value {
    let mut event = sync_copy(event, room, n);
    if let Value::Object(map) = &mut event {
        map.insert("content".into(), json!({}));
        map.insert(
            "unsigned".into(),
            json!({"redacted_because": {
                "type": "m.room.redaction",
                "event_id": format!("$r{room}x{n}:example.org"),
                "sender": "@mod:example.org",
                "origin_server_ts": 1_733_000_100_000_i64,
                "redacts": format!("$r{room}e{n}:example.org"),
                "content": {"reason": "spam"}
            }}),
        );
    }
    event
}

/// A state event for invite or knock state: type, state key, sender and
/// content only.
fn stripped(event: &Value) -> Value {
    let mut out = Map::new();
    for key in ["type", "state_key", "sender", "content"] {
        if let Some(value) = event.get(key) {
            out.insert(key.into(), value.clone());
        }
    }
    Value::Object(out)
}

/// A malformed event for a section: the kinds' shapes with one required
/// field of the wrong type, numbered so each is told apart.
fn malformed(section: &str, n: usize) -> Value {
    match section {
        "timeline" => json!({"type": "m.room.message", "event_id": format!("$bad{n}:example.org"),
            "sender": "@mallory:example.org", "origin_server_ts": 1_733_000_000_000_i64,
            "content": {"msgtype": "m.text", "body": n}}),
        "state" => json!({"type": "m.room.member", "event_id": format!("$bad{n}:example.org"),
            "sender": "@mallory:example.org", "origin_server_ts": 1_733_000_000_000_i64,
            "state_key": "@mallory:example.org", "content": {"membership": n}}),
        "ephemeral" => json!({"type": "m.typing", "content": {"user_ids": n}}),
        "room_account_data" => json!({"type": "m.fully_read", "content": {"event_id": n}}),
        "invite_state" => {
            json!({"type": "m.room.name", "state_key": "", "sender": "@mallory:example.org",
            "content": {"name": n}})
        }
        "account_data" => json!({"type": "m.ignored_user_list", "content": {"ignored_users": n}}),
        "presence" => json!({"type": "m.presence", "sender": "@mallory:example.org",
            "content": {"presence": n}}),
        _ => json!({"type": "m.room_key_request", "sender": "@mallory:example.org",
            "content": {"action": n, "requesting_device_id": "X", "request_id": "r"}}),
    }
}

const SECTIONS: [&str; 8] = [
    "timeline",
    "state",
    "ephemeral",
    "room_account_data",
    "invite_state",
    "account_data",
    "presence",
    "to_device",
];

/// One joined room's lists, before they are written.
struct JoinedRoom {
    state: Vec<Value>,
    timeline: Vec<Value>,
    ephemeral: Vec<Value>,
    account_data: Vec<Value>,
}

/// Builds the response from the examples of the spec in `data_dir`.
pub fn build(data_dir: &Path, shape: &Shape) -> Result<SyncResponse, String> {
    let examples = Examples::load(data_dir)?;
    let timeline_examples: Vec<&Value> = (examples.of(EventKind::MessageLike).iter())
        .chain(examples.of(EventKind::State))
        .collect();
    if timeline_examples.is_empty() || shape.joined == 0 {
        return Err(format!(
            "no room event examples under {}, or no joined room",
            data_dir.display()
        ));
    }
    let state = examples.of(EventKind::State);
    let mut joined: Vec<JoinedRoom> = (0..shape.joined)
        .map(|room| {
            let name = json!({
                "type": "m.room.name", "state_key": "", "sender": "@alice:example.org",
                "event_id": format!("$r{room}name:example.org"),
                "origin_server_ts": 1_733_000_000_000_i64,
                "content": {"name": format!("Room {room}")}
            });
            let copies = state
                .iter()
                .enumerate()
                .map(|(i, e)| sync_copy(e, room, 100_000 + i));
            JoinedRoom {
                state: std::iter::once(name).chain(copies).collect(),
                timeline: Vec::new(),
                ephemeral: examples.of(EventKind::EphemeralRoom).to_vec(),
                account_data: examples.of(EventKind::RoomAccountData).to_vec(),
            }
        })
        .collect();
    let mut invited: Vec<Vec<Value>> = (0..shape.invited)
        .map(|_| state.iter().take(4).map(stripped).collect())
        .collect();
    let knocked: Vec<Vec<Value>> = (0..shape.knocked)
        .map(|_| state.iter().take(3).map(stripped).collect())
        .collect();
    let left: Vec<Vec<Value>> = (0..shape.left)
        .map(|room| {
            (timeline_examples.iter().take(3).enumerate())
                .map(|(i, e)| sync_copy(e, 50_000 + room, i))
                .collect()
        })
        .collect();
    let mut global = examples.of(EventKind::GlobalAccountData).to_vec();
    let mut presence = examples.of(EventKind::Presence).to_vec();
    // The spec's to-device examples leave out the `sender` that `/sync`
    // gives every to-device event.
    let mut to_device: Vec<Value> = (examples.of(EventKind::ToDevice).iter())
        .map(|event| {
            let mut event = event.clone();
            if let Value::Object(map) = &mut event {
                map.entry("sender")
                    .or_insert_with(|| json!("@alice:example.org"));
            }
            event
        })
        .collect();

    let write = |joined: &[JoinedRoom], invited: &[Vec<Value>], lists: [&Vec<Value>; 3]| {
        let [global, presence, to_device] = lists;
        let join: Map<String, Value> = (joined.iter().enumerate())
            .map(|(room, r)| {
                (format!("!room{room}:example.org"), json!({
                    "summary": {"m.heroes": ["@alice:example.org"], "m.joined_member_count": 2},
                    "state": {"events": r.state},
                    "timeline": {"events": r.timeline, "limited": true, "prev_batch": format!("p{room}")},
                    "ephemeral": {"events": r.ephemeral},
                    "account_data": {"events": r.account_data},
                    "unread_notifications": {"highlight_count": 0, "notification_count": r.timeline.len()}
                }))
            })
            .collect();
        let rooms = |prefix: &str, key: &str, lists: &[Vec<Value>]| -> Map<String, Value> {
            (lists.iter().enumerate())
                .map(|(i, events)| {
                    let mut room = Map::new();
                    room.insert(key.to_owned(), json!({"events": events}));
                    (format!("!{prefix}{i}:example.org"), Value::Object(room))
                })
                .collect()
        };
        let leave: Map<String, Value> = (left.iter().enumerate())
            .map(|(i, events)| {
                (format!("!left{i}:example.org"),
                 json!({"timeline": {"events": events, "limited": false}, "state": {"events": []}}))
            })
            .collect();
        json!({
            "next_batch": "s72595_4483_1934",
            "rooms": {
                "join": join,
                "invite": rooms("invited", "invite_state", invited),
                "leave": leave,
                "knock": rooms("knocked", "knock_state", &knocked),
            },
            "account_data": {"events": global},
            "presence": {"events": presence},
            "to_device": {"events": to_device},
            "device_lists": {"changed": ["@bob:example.org"], "left": ["@carol:example.org"]},
            "device_one_time_keys_count": {"signed_curve25519": 20},
            "device_unused_fallback_key_types": ["signed_curve25519"]
        })
    };

    // Grow the timelines in turn, an event each, until the body is big
    // enough; every tenth message-like event goes in redacted.
    let mut size = write(&joined, &invited, [&global, &presence, &to_device])
        .to_string()
        .len();
    let rooms = joined.len();
    let mut n = 0;
    while n < rooms || size < shape.target_bytes {
        let room = n % rooms;
        // Each room meets the examples in another order.
        let example = timeline_examples[(n / rooms + room * 7) % timeline_examples.len()];
        let message_like = example.get("state_key").is_none();
        let event = if message_like && n % 10 == 9 {
            redacted(example, room, n)
        } else {
            sync_copy(example, room, n)
        };
        // The event and the comma before it.
        size += event.to_string().len() + 1;
        joined[room].timeline.push(event);
        n += 1;
    }

    // The malformed events: each section in turn, each time another room,
    // at a place inside the list.
    for n in 0..shape.malformed {
        let section = SECTIONS[n % SECTIONS.len()];
        let room = (n * 7 + 3) % rooms;
        let list = match section {
            "timeline" => &mut joined[room].timeline,
            "state" => &mut joined[room].state,
            "ephemeral" => &mut joined[room].ephemeral,
            "room_account_data" => &mut joined[room].account_data,
            "invite_state" => match invited.get_mut(n % shape.invited.max(1)) {
                Some(list) => list,
                None => &mut joined[room].state,
            },
            "account_data" => &mut global,
            "presence" => &mut presence,
            _ => &mut to_device,
        };
        let at = (n * 5) % (list.len() + 1);
        list.insert(at, malformed(section, n));
    }
    let body = write(&joined, &invited, [&global, &presence, &to_device]);
    let events = joined
        .iter()
        .map(|r| r.state.len() + r.timeline.len() + r.ephemeral.len() + r.account_data.len())
        .chain(invited.iter().chain(&knocked).chain(&left).map(Vec::len))
        .sum::<usize>()
        + global.len()
        + presence.len()
        + to_device.len();
    let json = match shape.type_first {
        true => {
            let mut out = String::new();
            write_type_first(&body, &mut out);
            out
        }
        false => serde_json::to_string(&body).map_err(|e| e.to_string())?,
    };
    Ok(SyncResponse { json, events })
}

/// `value` as JSON text with each object's `type` key first, the other
/// keys sorted.
fn write_type_first(value: &Value, out: &mut String) {
    let text = |v: &Value| serde_json::to_string(v).expect("a JSON value serializes");
    match value {
        Value::Object(map) => {
            out.push('{');
            let first = map.get_key_value("type").into_iter();
            let rest = map.iter().filter(|(k, _)| *k != "type");
            for (i, (key, value)) in first.chain(rest).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&text(&Value::String(key.clone())));
                out.push(':');
                write_type_first(value, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_type_first(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&text(other)),
    }
}
