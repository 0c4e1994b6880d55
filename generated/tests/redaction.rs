//! Redacted events read typed, and `redact` does what each room version's
//! redaction algorithm says. Uses `m.room.message`, `m.room.member` and
//! `m.room.topic`, which every release and the sample spec have; the other
//! types the algorithm names are checked on JSON, through `RedactionRules`.

use matrix_events::redaction::RedactionRules;
use matrix_events::{
    AnyStateEvent, AnySyncMessageLikeEvent, AnySyncStateEvent, AnySyncTimelineEvent, EventContent,
};
use serde_json::{json, Map, Value};

/// The `m.room.redaction` a server puts in `unsigned.redacted_because`.
fn redaction_event() -> Value {
    json!({
        "type": "m.room.redaction",
        "event_id": "$redaction-1:example.org",
        "sender": "@mod:example.org",
        "origin_server_ts": 1_733_000_500_000_i64,
        "redacts": "$target:example.org",
        "content": {"redacts": "$target:example.org", "reason": "spam"},
    })
}

fn redacted(event_type: &str, state_key: Option<&str>, content: Value) -> Value {
    let mut event = json!({
        "type": event_type,
        "event_id": "$target:example.org",
        "sender": "@spammer:example.org",
        "origin_server_ts": 1_733_000_000_000_i64,
        "content": content,
        "unsigned": {"age": 1234, "redacted_because": redaction_event()},
    });
    if let Some(state_key) = state_key {
        event["state_key"] = json!(state_key);
    }
    event
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

/// Reads `event` from a sync timeline and checks it is written back as read.
fn read_timeline(event: &Value) -> AnySyncTimelineEvent {
    let read: AnySyncTimelineEvent = serde_json::from_value(event.clone()).unwrap();
    assert_eq!(&serde_json::to_value(&read).unwrap(), event);
    read
}

#[test]
fn a_redacted_message_reads_as_its_redacted_form() {
    let event = redacted("m.room.message", None, json!({}));
    let AnySyncTimelineEvent::MessageLike(AnySyncMessageLikeEvent::Redacted(message)) =
        read_timeline(&event)
    else {
        panic!("not a redacted message-like event");
    };
    assert_eq!(message.event_type(), "m.room.message");
    assert_eq!(message.event_id.to_string(), "$target:example.org");
    assert_eq!(message.sender.to_string(), "@spammer:example.org");
    assert!(message.content.kept.is_empty());
    // The strict reading still refuses it: it is not a message any more.
    assert!(AnySyncTimelineEvent::deserialize_strict(&event).is_err());
}

#[test]
fn a_redacted_state_event_keeps_its_state_key_and_what_redaction_kept() {
    // A topic's content keeps nothing, so it cannot be a topic any more.
    let topic = redacted("m.room.topic", Some(""), json!({}));
    let AnySyncTimelineEvent::State(AnySyncStateEvent::Redacted(state)) = read_timeline(&topic)
    else {
        panic!("not a redacted state event");
    };
    assert_eq!(state.event_type(), "m.room.topic");
    assert_eq!(state.state_key, "");

    // A member keeps `membership`, which is all its content needs: typed.
    let member = redacted(
        "m.room.member",
        Some("@spammer:example.org"),
        json!({"membership": "join"}),
    );
    let read: AnySyncStateEvent = serde_json::from_value(member.clone()).unwrap();
    assert_eq!(serde_json::to_value(&read).unwrap(), member);
    assert_eq!(read.event_type(), "m.room.member");
    assert!(!read.is_redacted() && read.invalid().is_none() && !read.is_unknown());
    let AnySyncTimelineEvent::State(in_timeline) = read_timeline(&member) else {
        panic!("a member event in the message-like side");
    };
    assert_eq!(in_timeline, read);
}

#[test]
fn only_events_that_say_they_were_redacted_read_as_redacted() {
    let mut event = redacted("m.room.message", None, json!({}));
    event.as_object_mut().unwrap().remove("unsigned");
    let read = read_timeline(&event);
    let AnySyncTimelineEvent::MessageLike(read) = read else {
        panic!("not message-like");
    };
    assert!(read.invalid().is_some(), "{read:?}");
}

/// A full event of each type the algorithm treats apart, with content keys
/// that every version drops, some versions keep, or v11 alone keeps.
fn full_events() -> Vec<Value> {
    let base = |event_type: &str, state_key: Option<&str>, content: Value| {
        let mut event = json!({
            "type": event_type,
            "event_id": format!("${event_type}:example.org"),
            "room_id": "!garden:example.org",
            "sender": "@alice:example.org",
            "origin_server_ts": 1_733_000_000_000_i64,
            "content": content,
            "unsigned": {"age": 5},
            "origin": "example.org",
            "membership": "join",
            "prev_state": [],
            "depth": 12,
            "hashes": {"sha256": "aGFzaA"},
            "signatures": {"example.org": {"ed25519:1": "c2ln"}},
            "auth_events": ["$create:example.org"],
            "prev_events": ["$prev:example.org"],
            "age_ts": 1_733_000_000_005_i64,
        });
        if let Some(state_key) = state_key {
            event["state_key"] = json!(state_key);
        }
        event
    };
    vec![
        base(
            "m.room.member",
            Some("@bob:example.org"),
            json!({
                "membership": "join",
                "displayname": "Bob",
                "avatar_url": "mxc://example.org/bob",
                "join_authorised_via_users_server": "@gatekeeper:example.org",
                "third_party_invite": {
                    "display_name": "b***@example.org",
                    "signed": {"mxid": "@bob:example.org", "token": "t0k", "signatures": {}},
                },
            }),
        ),
        base(
            "m.room.create",
            Some(""),
            json!({"creator": "@alice:example.org", "room_version": "9", "m.federate": false}),
        ),
        base(
            "m.room.join_rules",
            Some(""),
            json!({"join_rule": "restricted", "allow": [{"type": "m.room_membership", "room_id": "!space:example.org"}]}),
        ),
        base(
            "m.room.power_levels",
            Some(""),
            json!({"ban": 50, "invite": 0, "kick": 50, "redact": 50, "users": {"@alice:example.org": 100}, "notifications": {"room": 50}}),
        ),
        base(
            "m.room.aliases",
            Some("example.org"),
            json!({"aliases": ["#garden:example.org"]}),
        ),
        base(
            "m.room.history_visibility",
            Some(""),
            json!({"history_visibility": "shared"}),
        ),
        base(
            "m.room.redaction",
            None,
            json!({"redacts": "$old:example.org", "reason": "typo"}),
        ),
        base("m.room.topic", Some(""), json!({"topic": "Garden party"})),
        base(
            "m.room.message",
            None,
            json!({"msgtype": "m.text", "body": "hello"}),
        ),
    ]
}

/// The content each event of `full_events` keeps under `rules`, by type.
fn kept_content(rules: &RedactionRules, event_type: &str) -> Value {
    let v11 = *rules == RedactionRules::V11;
    let v9_or_later = matches!(rules.since(), "9" | "11");
    let v8_or_later = matches!(rules.since(), "8" | "9" | "11");
    match event_type {
        "m.room.member" if v11 => json!({
            "membership": "join",
            "join_authorised_via_users_server": "@gatekeeper:example.org",
            "third_party_invite": {"signed": {"mxid": "@bob:example.org", "token": "t0k", "signatures": {}}},
        }),
        "m.room.member" if v9_or_later => json!({
            "membership": "join",
            "join_authorised_via_users_server": "@gatekeeper:example.org",
        }),
        "m.room.member" => json!({"membership": "join"}),
        "m.room.create" if v11 => {
            json!({"creator": "@alice:example.org", "room_version": "9", "m.federate": false})
        }
        "m.room.create" => json!({"creator": "@alice:example.org"}),
        "m.room.join_rules" if v8_or_later => json!({
            "join_rule": "restricted",
            "allow": [{"type": "m.room_membership", "room_id": "!space:example.org"}],
        }),
        "m.room.join_rules" => json!({"join_rule": "restricted"}),
        "m.room.power_levels" if v11 => json!({
            "ban": 50, "invite": 0, "kick": 50, "redact": 50, "users": {"@alice:example.org": 100},
        }),
        "m.room.power_levels" => {
            json!({"ban": 50, "kick": 50, "redact": 50, "users": {"@alice:example.org": 100}})
        }
        "m.room.aliases" if *rules == RedactionRules::V1 => {
            json!({"aliases": ["#garden:example.org"]})
        }
        "m.room.history_visibility" => json!({"history_visibility": "shared"}),
        "m.room.redaction" if v11 => json!({"redacts": "$old:example.org"}),
        _ => json!({}),
    }
}

#[test]
fn redact_event_keeps_what_each_room_version_keeps() {
    let versions = [
        ("1", RedactionRules::V1),
        ("5", RedactionRules::V1),
        ("6", RedactionRules::V6),
        ("8", RedactionRules::V8),
        ("9", RedactionRules::V9),
        ("10", RedactionRules::V9),
        ("11", RedactionRules::V11),
    ];
    for (room_version, rules) in versions {
        assert_eq!(
            RedactionRules::for_room_version(room_version),
            Some(rules),
            "room version {room_version}"
        );
        for event in full_events() {
            let event_type = event["type"].as_str().unwrap().to_owned();
            let redacted = Value::Object(rules.redact_event(&object(event.clone())));
            let mut expected = event.clone();
            let top = expected.as_object_mut().unwrap();
            for gone in ["unsigned", "age_ts"] {
                top.remove(gone);
            }
            if rules == RedactionRules::V11 {
                for gone in ["origin", "membership", "prev_state"] {
                    top.remove(gone);
                }
            }
            top.insert("content".to_owned(), kept_content(&rules, &event_type));
            assert_eq!(
                redacted, expected,
                "{event_type} in room version {room_version}"
            );
        }
    }
    assert_eq!(RedactionRules::for_room_version("org.example.custom"), None);
}

#[test]
fn typed_redact_gives_the_typed_or_redacted_form() {
    let events = full_events();
    let member: AnyStateEvent = serde_json::from_value(events[0].clone()).unwrap();
    let topic: AnyStateEvent = serde_json::from_value(events[7].clone()).unwrap();
    for rules in [RedactionRules::V1, RedactionRules::V9, RedactionRules::V11] {
        // The member keeps `membership` and stays typed.
        let redacted = member.redact(rules);
        assert!(
            !redacted.is_redacted() && redacted.invalid().is_none(),
            "{redacted:?}"
        );
        assert_eq!(
            serde_json::to_value(&redacted).unwrap(),
            Value::Object(rules.redact_event(&object(events[0].clone())))
        );
        // The topic keeps nothing: the redacted form, written as redacted.
        let redacted = topic.redact(rules);
        assert!(redacted.is_redacted(), "{redacted:?}");
        assert_eq!(redacted.event_type(), "m.room.topic");
        assert_eq!(
            serde_json::to_value(&redacted).unwrap(),
            Value::Object(rules.redact_event(&object(events[7].clone())))
        );
    }

    // A sync message, redacted, then read back as a client gets it.
    let mut message = events[8].clone();
    for server_only in [
        "room_id",
        "origin",
        "membership",
        "prev_state",
        "depth",
        "hashes",
        "signatures",
        "auth_events",
        "prev_events",
        "age_ts",
    ] {
        message.as_object_mut().unwrap().remove(server_only);
    }
    let read: AnySyncTimelineEvent = serde_json::from_value(message).unwrap();
    let redacted = read.redact(RedactionRules::V11);
    let AnySyncTimelineEvent::MessageLike(AnySyncMessageLikeEvent::Redacted(event)) = &redacted
    else {
        panic!("not redacted: {redacted:?}");
    };
    assert!(event.content.kept.is_empty());
    assert_eq!(event.unsigned, None);
}

#[test]
fn content_redact_keeps_the_types_keys() {
    let member: AnySyncStateEvent = serde_json::from_value(json!({
        "type": "m.room.member", "event_id": "$m:example.org", "sender": "@bob:example.org",
        "origin_server_ts": 1, "state_key": "@bob:example.org",
        "content": {"membership": "leave", "displayname": "Bob", "reason": "bye"},
    }))
    .unwrap();
    let AnySyncStateEvent::RoomMember(member) = member else {
        panic!("not typed: {member:?}");
    };
    let kept = member.content.redact(&RedactionRules::V1);
    assert_eq!(Value::Object(kept.kept), json!({"membership": "leave"}));
    let kept = member.content.redact(&RedactionRules::V9);
    assert_eq!(Value::Object(kept.kept), json!({"membership": "leave"}));
}
