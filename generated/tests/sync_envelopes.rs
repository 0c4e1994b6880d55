//! Events in the envelopes a client really gets them in: a `/sync`
//! response of our own, each section read through the `Any*` enum of its
//! kind, every event written back identically. The spec's examples are
//! written one per file in their main kind; this is the check that an event
//! also reads right where it arrives (an encrypted message in a room
//! timeline, an encrypted to-device message, a new release's account data).
//!
//! The crate is built from whichever spec `MATRIX_SPEC_DIR` names; events
//! of types that spec lacks are left out and listed. `.ci/run` runs this
//! against every release.

use std::fmt::Debug;

use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};

fn sync_response() -> Value {
    json!({
        "next_batch": "s1204_88_17_3",
        "account_data": {"events": [
            {"type": "m.direct", "content": {"@bob:example.org": ["!dm:example.org"]}},
            {"type": "m.key_backup", "content": {"enabled": true}}
        ]},
        "to_device": {"events": [
            {
                "type": "m.room.encrypted",
                "sender": "@bob:example.org",
                "content": {
                    "algorithm": "m.olm.v1.curve25519-aes-sha2",
                    "sender_key": "Kx3BqJ0p2F8mHq1cT5vW7yZ9aB4dE6gH8jK0mN2pQ4s",
                    "ciphertext": {
                        "hS8qYb3vC5xZ7nM9kL1jH3gF5dS7aP9oI1uY3tR5eW0": {
                            "type": 0,
                            "body": "AwogbG9uZ2VyIHRoYW4gYSByZWFsIG9uZSB3b3VsZCBiZQ"
                        }
                    }
                }
            },
            {
                "type": "m.room_key_bundle",
                "sender": "@bob:example.org",
                "content": {
                    "room_id": "!room:example.org",
                    "file": {
                        "url": "mxc://example.org/bundle1",
                        "key": {"kty": "oct", "alg": "A256CTR", "ext": true, "key_ops": ["encrypt", "decrypt"], "k": "qcHVMSgYg-71CauWBezXI5qkaRb0LuIy-Wx5kIaHMIA"},
                        "iv": "X85+XgHN+HEAAAAAAAAAAA",
                        "hashes": {"sha256": "5qG4fFnbbVdlAW/jCdsQmddUMdTZ2aq7Yr02Jz4qdfk"},
                        "v": "v2"
                    }
                }
            }
        ]},
        "rooms": {"join": {"!room:example.org": {
            "timeline": {"limited": false, "prev_batch": "t34-23535_0_0", "events": [
                {
                    "type": "m.room.member",
                    "state_key": "@alice:example.org",
                    "event_id": "$join-alice",
                    "sender": "@alice:example.org",
                    "origin_server_ts": 1_732_000_000_000u64,
                    "unsigned": {"age": 5012},
                    "content": {"membership": "join", "displayname": "Alice"}
                },
                {
                    "type": "m.room.encrypted",
                    "event_id": "$enc-1",
                    "sender": "@alice:example.org",
                    "origin_server_ts": 1_732_000_001_000u64,
                    "unsigned": {"age": 4012, "transaction_id": "m1732.1"},
                    "content": {
                        "algorithm": "m.megolm.v1.aes-sha2",
                        "ciphertext": "AwgAEpABqOCAaP6NqXquQcEsrGCVInjRTLHmVH0tBs3eZBxQ",
                        "device_id": "QWERTYUIOP",
                        "sender_key": "Kx3BqJ0p2F8mHq1cT5vW7yZ9aB4dE6gH8jK0mN2pQ4s",
                        "session_id": "Yb3vC5xZ7nM9kL1jH3gF5dS7aP9oI1uY3tR5eW0hS8q"
                    }
                },
                {
                    "type": "m.call.invite",
                    "event_id": "$call-1",
                    "sender": "@alice:example.org",
                    "origin_server_ts": 1_732_000_002_000u64,
                    "content": {
                        "call_id": "c1", "party_id": "p1", "version": "1", "lifetime": 60000,
                        "offer": {"type": "offer", "sdp": "v=0\r\n"}
                    }
                },
                {
                    "type": "m.room.message",
                    "event_id": "$msg-1",
                    "sender": "@bob:example.org",
                    "origin_server_ts": 1_732_000_003_000u64,
                    "content": {"msgtype": "m.text", "body": "hello"}
                }
            ]},
            "ephemeral": {"events": [
                {"type": "m.typing", "content": {"user_ids": ["@bob:example.org"]}}
            ]},
            "account_data": {"events": [
                {"type": "m.fully_read", "content": {"event_id": "$msg-1"}}
            ]}
        }}}
    })
}

/// Reads every event of a section the crate knows the type of, writes each
/// back, and returns the variant each landed in (`MessageLike(RoomEncrypted`).
fn read_section<T: DeserializeOwned + Serialize + Debug>(events: &Value) -> Vec<(String, String)> {
    let events: Vec<Value> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| knows(e["type"].as_str().unwrap_or_default()))
        .cloned()
        .collect();
    // The whole section at once, as a client would.
    let text = serde_json::to_string(&events).unwrap();
    let read: Vec<T> = matrix_events::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(
        serde_json::to_value(&read).unwrap(),
        Value::Array(events.clone())
    );
    events
        .iter()
        .zip(&read)
        .map(|(input, event)| {
            (
                input["type"].as_str().unwrap().to_owned(),
                variant_of(event),
            )
        })
        .collect()
}

/// The variants an event's `Debug` text starts with: `MessageLike(RoomEncrypted`.
fn variant_of(event: &impl Debug) -> String {
    let text = format!("{event:?}");
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '(' || c == '_'))
        .unwrap_or(text.len());
    // The last name is the envelope's struct, not a variant.
    let path = &text[..end];
    path.rsplit_once('(')
        .map_or(path, |(variants, _)| variants)
        .to_owned()
}

fn knows(event_type: &str) -> bool {
    matrix_events::EVENT_TYPES
        .iter()
        .any(|(t, _)| *t == event_type)
}

#[test]
fn a_sync_response_reads_every_event_into_its_variant() {
    let sync = sync_response();
    let room = &sync["rooms"]["join"]["!room:example.org"];
    let timeline = read_section::<matrix_events::AnySyncTimelineEvent>(&room["timeline"]["events"]);
    let to_device = read_section::<matrix_events::AnyToDeviceEvent>(&sync["to_device"]["events"]);
    let global =
        read_section::<matrix_events::AnyGlobalAccountDataEvent>(&sync["account_data"]["events"]);
    let room_data =
        read_section::<matrix_events::AnyRoomAccountDataEvent>(&room["account_data"]["events"]);
    let ephemeral =
        read_section::<matrix_events::AnyEphemeralRoomEvent>(&room["ephemeral"]["events"]);

    let all: Vec<&(String, String)> = [&timeline, &to_device, &global, &room_data, &ephemeral]
        .into_iter()
        .flatten()
        .collect();
    eprintln!("read: {all:?}");
    // Every spec, the sample included, has `m.call.invite`.
    assert!(timeline.contains(&("m.call.invite".into(), "MessageLike(CallInvite".into())));
    for (event_type, variant) in &all {
        assert!(
            !variant.contains("Unknown") && !variant.contains("Invalid"),
            "`{event_type}` is known but landed in {variant}"
        );
    }
    if knows("m.room.encrypted") {
        assert!(timeline.contains(&(
            "m.room.encrypted".into(),
            "MessageLike(RoomEncrypted".into()
        )));
        assert!(to_device.contains(&("m.room.encrypted".into(), "RoomEncrypted".into())));
    } else {
        eprintln!("this spec has no `m.room.encrypted`; its checks were left out");
    }
    if knows("m.room.member") {
        assert!(timeline.contains(&("m.room.member".into(), "State(RoomMember".into())));
    }
    if knows("m.key_backup") {
        assert!(global.contains(&("m.key_backup".into(), "KeyBackup".into())));
    }
    if knows("m.room_key_bundle") {
        assert!(to_device.contains(&("m.room_key_bundle".into(), "RoomKeyBundle".into())));
    }
}

/// An invite as it arrives in a joined room's timeline: the member event
/// with the state the inviting server gave in `unsigned`, which reads as
/// stripped state events through the member event's accessor.
#[test]
fn an_invites_room_state_in_unsigned_reads_as_stripped_events() {
    use matrix_events::room::member::{Membership, SyncRoomMemberEvent};
    use matrix_events::{AnyStrippedStateEvent, AnySyncStateEvent};
    let input = json!({
        "type": "m.room.member",
        "event_id": "$invite-cy:example.org",
        "sender": "@bob:example.org",
        "state_key": "@cy:example.org",
        "origin_server_ts": 1_700_000_000_000_i64,
        "content": {"membership": "invite"},
        "unsigned": {
            "age": 9,
            "knock_room_state": [
                {"type": "m.room.member", "state_key": "@bob:example.org",
                 "sender": "@bob:example.org", "content": {"membership": "join"}},
                {"type": "org.example.unknown", "state_key": "",
                 "sender": "@bob:example.org", "content": {"anything": 1}}
            ]
        }
    });
    let event: AnySyncStateEvent = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(serde_json::to_value(&event).unwrap(), input);
    let AnySyncStateEvent::RoomMember(event) = event else {
        panic!("not a member event: {event:?}");
    };
    let event: SyncRoomMemberEvent = event;
    assert_eq!(event.invite_room_state(), None);
    let state = event.knock_room_state().expect("the knock's room state");
    match &state[..] {
        [AnyStrippedStateEvent::RoomMember(bob), AnyStrippedStateEvent::Unknown(other)] => {
            assert_eq!(bob.content.membership, Membership::Join);
            assert_eq!(other.event_type, "org.example.unknown");
        }
        other => panic!("not a member and an unknown event: {other:?}"),
    }
}

/// A state change as `/sync` gives it: the state it replaced in
/// `unsigned.prev_content`, typed as the event's own content.
#[test]
fn the_content_a_state_event_replaced_reads_as_its_content_type() {
    use matrix_events::room::member::{Membership, SyncRoomMemberEvent};
    let input = json!({
        "type": "m.room.member",
        "event_id": "$leave-cy:example.org",
        "sender": "@cy:example.org",
        "state_key": "@cy:example.org",
        "origin_server_ts": 1_700_000_000_000_i64,
        "content": {"membership": "leave"},
        "unsigned": {
            "replaces_state": "$join-cy:example.org",
            "prev_content": {"membership": "join", "displayname": "Cy"}
        }
    });
    let event: SyncRoomMemberEvent = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(serde_json::to_value(&event).unwrap(), input);
    assert_eq!(event.replaces_state(), Some("$join-cy:example.org"));
    let before = event.prev_content().expect("the content it replaced");
    assert_eq!(before.membership, Membership::Join);
    assert_eq!(
        serde_json::to_value(&before).unwrap(),
        input["unsigned"]["prev_content"]
    );
    assert_eq!(event.content.membership, Membership::Leave);
}
