//! A `/sync` response of our own read into `api::client_server::sync::Response`:
//! each event lands in the dispatch enum of its place (timeline, state,
//! ephemeral, account data, to-device, presence, invite state), a malformed
//! event is kept as `Invalid` without costing the response, and the whole
//! is written back identical. Built with `--features api-client-server`.
#![cfg(feature = "api-client-server")]

#[path = "../examples/support/event_stream.rs"]
mod event_stream;
#[path = "../examples/support/spec_examples.rs"]
mod spec_examples;
#[path = "../examples/support/sync_response.rs"]
mod sync_response;
#[path = "../examples/support/sync_tally.rs"]
mod sync_tally;

use matrix_events::api::client_server::sync;
use matrix_events::{AnySyncMessageLikeEvent, AnySyncTimelineEvent, AnyToDeviceEvent};
use serde_json::{json, Value};
use sync_tally::Events;

fn sync_body() -> Value {
    json!({
        "next_batch": "s1_2_3",
        "rooms": {
            "join": {
                "!lunch:example.org": {
                    "timeline": {
                        "limited": false,
                        "prev_batch": "t0",
                        "events": [
                            {
                                "type": "m.room.encrypted",
                                "event_id": "$enc1:example.org",
                                "sender": "@alice:example.org",
                                "origin_server_ts": 1_733_000_000_000_i64,
                                "content": {
                                    "algorithm": "m.megolm.v1.aes-sha2",
                                    "ciphertext": "AwgAEnAC",
                                    "session_id": "sess1",
                                    "sender_key": "sk",
                                    "device_id": "PHONE"
                                }
                            },
                            {
                                "type": "m.room.message",
                                "event_id": "$bad1:example.org",
                                "sender": "@bob:example.org",
                                "origin_server_ts": 1_733_000_000_100_i64,
                                "content": {"msgtype": "m.text", "body": 42}
                            },
                            {
                                "type": "m.room.topic",
                                "state_key": "",
                                "event_id": "$topic1:example.org",
                                "sender": "@alice:example.org",
                                "origin_server_ts": 1_733_000_000_200_i64,
                                "content": {"topic": "Where to eat"}
                            }
                        ]
                    },
                    "ephemeral": {"events": [
                        {"type": "m.typing", "content": {"user_ids": ["@bob:example.org"]}}
                    ]},
                    "account_data": {"events": [
                        {"type": "m.fully_read", "content": {"event_id": "$enc1:example.org"}}
                    ]}
                }
            },
            "invite": {
                "!party:example.org": {
                    "invite_state": {"events": [
                        {
                            "type": "m.room.member",
                            "state_key": "@me:example.org",
                            "sender": "@carol:example.org",
                            "content": {"membership": "invite"}
                        }
                    ]}
                }
            }
        },
        "presence": {"events": [
            {"type": "m.presence", "sender": "@bob:example.org", "content": {"presence": "online"}}
        ]},
        "account_data": {"events": [
            {"type": "m.ignored_user_list", "content": {"ignored_users": {}}}
        ]},
        "to_device": {"events": [
            {
                "type": "m.room_key_request",
                "sender": "@alice:example.org",
                "content": {"action": "request_cancellation", "requesting_device_id": "PHONE", "request_id": "r1"}
            }
        ]}
    })
}

#[test]
fn every_event_lands_in_the_enum_of_its_place() {
    let body = sync_body();
    let text = body.to_string();
    let response: sync::Response = matrix_events::from_str(&text).unwrap();

    let rooms = response.rooms.as_ref().unwrap();
    let joined = &rooms.join.as_ref().unwrap()["!lunch:example.org"];
    let timeline = joined.timeline.as_ref().unwrap().events.events();
    assert!(matches!(
        &timeline[0],
        AnySyncTimelineEvent::MessageLike(AnySyncMessageLikeEvent::RoomEncrypted(_))
    ));
    // The malformed message is kept whole, with its error, in its place.
    let invalid = timeline[1].invalid().expect("an integer body is invalid");
    assert_eq!(invalid.event_id(), Some("$bad1:example.org"));
    assert!(
        invalid.error.starts_with("content.body"),
        "{}",
        invalid.error
    );
    assert!(matches!(timeline[2], AnySyncTimelineEvent::State(_)));
    assert_eq!(timeline[2].event_type(), "m.room.topic");

    let typing = &joined.ephemeral.as_ref().unwrap().events.as_ref().unwrap()[0];
    assert_eq!(typing.event_type(), "m.typing");
    assert!(!typing.is_unknown() && typing.invalid().is_none());
    let read_marker = &joined
        .account_data
        .as_ref()
        .unwrap()
        .events
        .as_ref()
        .unwrap()[0];
    assert_eq!(read_marker.event_type(), "m.fully_read");
    assert!(read_marker.invalid().is_none());

    let invite = &rooms.invite.as_ref().unwrap()["!party:example.org"];
    let member = &invite
        .invite_state
        .as_ref()
        .unwrap()
        .events
        .as_ref()
        .unwrap()[0];
    assert_eq!(member.event_type(), "m.room.member");
    assert!(member.invalid().is_none());

    let presence = &response.presence.as_ref().unwrap().events.as_ref().unwrap()[0];
    assert!(presence.invalid().is_none() && !presence.is_unknown());
    let ignored = &response
        .account_data
        .as_ref()
        .unwrap()
        .events
        .as_ref()
        .unwrap()[0];
    assert_eq!(ignored.event_type(), "m.ignored_user_list");
    // `to_device.events` is declared in the spec's prose only.
    let to_device = &response
        .to_device
        .as_ref()
        .unwrap()
        .events
        .as_ref()
        .unwrap()[0];
    assert!(matches!(to_device, AnyToDeviceEvent::RoomKeyRequest(_)));

    // Nothing lost, the malformed event included.
    assert_eq!(serde_json::to_value(&response).unwrap(), body);
    // Read strictly, the malformed event fails the response, with its path.
    let strict = matrix_events::from_str_strict::<sync::Response>(&text).unwrap_err();
    assert!(strict.to_string().contains("content.body"), "{strict}");
}

#[test]
fn the_send_operation_says_where_it_goes() {
    use matrix_events::api::client_server::send_message;
    let metadata = send_message::METADATA;
    assert_eq!(
        metadata.path,
        "/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}"
    );
    assert!(metadata.requires_authentication());
    assert_eq!(metadata.operation_id, "sendMessage");
    assert_eq!(metadata.method.as_str(), "PUT");
}

/// Invalid events in every place of a response, and all events.
fn invalid_and_total(response: &sync::Response) -> (usize, usize) {
    let mut all = sync_tally::Tally::default();
    for tally in sync_tally::by_place(response).into_values() {
        all.merge(tally);
    }
    (all.invalid, all.events)
}

/// A whole response of our own (`make_sync_response`'s, at a smaller
/// size): every event read, the malformed ones, one or more in each
/// section, kept as `Invalid` where they were, and the whole written back
/// identical.
#[test]
fn a_whole_response_reads_with_malformed_events_in_every_section() {
    let Ok(spec) = std::env::var("MATRIX_SPEC_DIR") else {
        eprintln!("MATRIX_SPEC_DIR is not set; skipped");
        return;
    };
    let shape = sync_response::Shape {
        joined: 30,
        invited: 4,
        left: 3,
        knocked: 2,
        target_bytes: 600_000,
        malformed: 20,
        type_first: false,
    };
    let made = sync_response::build(std::path::Path::new(&spec), &shape).unwrap();
    assert!(made.json.len() >= 500_000, "{}", made.json.len());
    let response: sync::Response = matrix_events::from_str(&made.json).unwrap();
    let (invalid, total) = invalid_and_total(&response);
    assert_eq!((invalid, total), (20, made.events));
    let input: Value = serde_json::from_str(&made.json).unwrap();
    assert_eq!(serde_json::to_value(&response).unwrap(), input);
    // The strict reading refuses the first of them.
    assert!(matrix_events::from_str_strict::<sync::Response>(&made.json).is_err());
    let clean = sync_response::Shape {
        malformed: 0,
        type_first: true,
        ..shape
    };
    let clean = sync_response::build(std::path::Path::new(&spec), &clean).unwrap();
    let response: sync::Response = matrix_events::from_str(&clean.json).unwrap();
    assert_eq!(invalid_and_total(&response), (0, clean.events));
}

/// The real-shaped events of `data/real_traffic.jsonl` (old, redacted,
/// malformed, custom, stubs without `sender`...) put where each arrives: in
/// a `/sync` response (its timeline, state, invite state, ephemeral, room
/// and global account data, presence, to-device) and, with their
/// `room_id`, in a `/messages` response (`chunk` and `state`). In the
/// response every event reads as it reads alone (typed, unknown or kept
/// `Invalid`), none fails the response, and both responses are written back
/// identical.
#[test]
fn real_shaped_events_read_in_sync_and_messages_responses() {
    use event_stream::{read_in, Class};
    use matrix_events::api::client_server::get_room_events;
    use sync_tally::Tally;

    let mut lists: std::collections::BTreeMap<&str, Vec<Value>> = Default::default();
    let mut expected: std::collections::BTreeMap<&str, Tally> = Default::default();
    for line in include_str!("data/real_traffic.jsonl").lines() {
        let record: Value = serde_json::from_str(line).unwrap();
        let context = record["context"].as_str().unwrap();
        let place = match context {
            "sync_timeline" => "timeline",
            "sync_state" => "state",
            "stripped_state" => "invite_state",
            "global_account_data" => "account_data",
            "timeline" => "messages_chunk",
            "state" => "messages_state",
            "ephemeral" => "ephemeral",
            "room_account_data" => "room_account_data",
            "presence" => "presence",
            "to_device" => "to_device",
            other => panic!("a context with no place in a response: {other}"),
        };
        let (class, detail, _) = read_in(context, &record["event"]).unwrap();
        assert!(
            !matches!(class, Class::Error),
            "{}: {line}: {detail}",
            class.name()
        );
        let tally = expected.entry(place).or_default();
        tally.events += 1;
        tally.invalid += usize::from(matches!(class, Class::Invalid));
        tally.unknown += usize::from(matches!(class, Class::Unknown));
        lists
            .entry(place)
            .or_default()
            .push(record["event"].clone());
    }
    let mut list = |place: &str| Value::Array(lists.remove(place).unwrap_or_default());
    let body = json!({
        "next_batch": "s9",
        "rooms": {
            "join": {"!real:example.org": {
                "timeline": {"events": list("timeline"), "limited": true, "prev_batch": "p1"},
                "state": {"events": list("state")},
                "ephemeral": {"events": list("ephemeral")},
                "account_data": {"events": list("room_account_data")}
            }},
            "invite": {"!asked:example.org": {"invite_state": {"events": list("invite_state")}}}
        },
        "account_data": {"events": list("account_data")},
        "presence": {"events": list("presence")},
        "to_device": {"events": list("to_device")}
    });
    let messages = json!({"start": "t1", "end": "t2", "chunk": list("messages_chunk"), "state": list("messages_state")});
    assert!(
        lists.is_empty(),
        "places not put in a response: {:?}",
        lists.keys()
    );

    let text = body.to_string();
    let response: sync::Response = matrix_events::from_str(&text).unwrap();
    let read = sync_tally::by_place(&response);
    for (place, tally) in expected.iter().filter(|(p, _)| !p.starts_with("messages")) {
        assert_eq!(read.get(place), Some(tally), "{place}");
    }
    assert_eq!(serde_json::to_value(&response).unwrap(), body);

    let text = messages.to_string();
    let page: get_room_events::Response = matrix_events::from_str(&text).unwrap();
    let mut chunk = Tally::default();
    for event in &page.chunk {
        chunk.events += 1;
        chunk.invalid += usize::from(event.invalid().is_some());
        chunk.unknown += usize::from(event.is_unknown());
    }
    let mut state = Tally::default();
    for event in page.state.iter().flatten() {
        state.events += 1;
        state.invalid += usize::from(event.invalid().is_some());
        state.unknown += usize::from(event.is_unknown());
    }
    assert_eq!(Some(&chunk), expected.get("messages_chunk"));
    assert_eq!(Some(&state), expected.get("messages_state"));
    assert_eq!(serde_json::to_value(&page).unwrap(), messages);
    let all: usize = expected.values().map(|t| t.events).sum();
    let invalid: usize = expected.values().map(|t| t.invalid).sum();
    assert!(all >= 380 && invalid > 0, "{all} events, {invalid} invalid");
    println!("{all} real-shaped events in /sync and /messages; {invalid} kept Invalid in place");
}
