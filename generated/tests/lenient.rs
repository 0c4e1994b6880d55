//! Reading never fails on an event-shaped object: an event of a known type
//! that does not fit its schema is kept whole as `Invalid`, with its error,
//! and one such event does not cost the others of its batch. Uses
//! `m.room.message`'s `m.text`, which every release and the sample spec have.

use matrix_events::{AnySyncMessageLikeEvent, AnySyncStateEvent, AnySyncTimelineEvent};
use serde_json::{json, Value};

fn message(i: usize) -> Value {
    json!({
        "type": "m.room.message",
        "event_id": format!("$m{i}:example.org"),
        "sender": "@alice:example.org",
        "origin_server_ts": 1_733_000_000_000_i64 + i as i64,
        "content": {"msgtype": "m.text", "body": format!("message {i}")},
    })
}

/// Each of these is a known type that does not fit, in a different way.
fn malformed(i: usize) -> Value {
    let mut event = message(i);
    match (i / 100) % 5 {
        0 => event["content"]["body"] = json!(i),
        1 => event["content"] = json!({"msgtype": "m.text"}),
        2 => event["content"] = json!("not an object"),
        3 => event["origin_server_ts"] = json!("yesterday"),
        _ => {
            event.as_object_mut().unwrap().remove("sender");
        }
    }
    event
}

#[test]
fn a_batch_with_malformed_events_reads_whole() {
    let events: Vec<Value> = (0..1000)
        .map(|i| {
            if i % 100 == 7 {
                malformed(i)
            } else {
                message(i)
            }
        })
        .collect();
    let text = serde_json::to_string(&events).unwrap();
    let read: Vec<AnySyncTimelineEvent> = serde_json::from_str(&text).unwrap();
    assert_eq!(read.len(), 1000);
    let mut typed = 0;
    let mut invalid = Vec::new();
    for event in &read {
        match event {
            AnySyncTimelineEvent::MessageLike(AnySyncMessageLikeEvent::RoomMessage(_)) => {
                typed += 1
            }
            other => {
                let bad = other.invalid().expect("typed or invalid");
                invalid.push((
                    bad.event_type.clone(),
                    bad.event_id().unwrap().to_owned(),
                    bad.error.clone(),
                ));
            }
        }
    }
    assert_eq!((typed, invalid.len()), (990, 10));
    for (event_type, event_id, error) in &invalid {
        println!("{event_type} {event_id}: {error}");
        assert_eq!(event_type, "m.room.message");
    }
    let paths: Vec<&str> = invalid
        .iter()
        .map(|(_, _, e)| e.split(':').next().unwrap())
        .collect();
    assert_eq!(
        &paths[..5],
        [
            "content.body",
            "content",
            "content",
            "origin_server_ts",
            "missing field `sender`"
        ],
        "{invalid:?}"
    );
    assert_eq!(invalid[0].1, "$m7:example.org");
    // Written back as read, the malformed ones included.
    assert_eq!(serde_json::to_value(&read).unwrap(), Value::Array(events));
}

#[test]
fn the_strict_reading_refuses_what_the_lenient_one_keeps() {
    let bad = malformed(0);
    let lenient: AnySyncTimelineEvent = serde_json::from_value(bad.clone()).unwrap();
    assert!(lenient.invalid().is_some());
    let strict = AnySyncTimelineEvent::deserialize_strict(&bad).unwrap_err();
    assert!(
        strict.to_string().contains("invalid type: integer `0`"),
        "{strict}"
    );
    let good = message(1);
    let strict = AnySyncTimelineEvent::deserialize_strict(&good).unwrap();
    assert_eq!(serde_json::to_value(&strict).unwrap(), good);
}

/// Bob's own `m.room.member` in a sync timeline, with `content`.
fn bob_member(content: Value) -> Value {
    json!({
        "type": "m.room.member",
        "state_key": "@bob:example.org",
        "event_id": "$member:example.org",
        "sender": "@bob:example.org",
        "origin_server_ts": 1,
        "content": content,
    })
}

#[test]
fn an_invalid_state_event_keeps_what_a_server_needs() {
    let event = bob_member(json!({"membership": 5}));
    let read: AnySyncTimelineEvent = serde_json::from_value(event.clone()).unwrap();
    let AnySyncTimelineEvent::State(AnySyncStateEvent::Invalid(invalid)) = &read else {
        panic!("{read:?}")
    };
    assert_eq!(
        (invalid.event_type.as_str(), invalid.state_key()),
        ("m.room.member", Some("@bob:example.org"))
    );
    assert!(
        invalid
            .error
            .starts_with("content.membership: invalid type"),
        "{}",
        invalid.error
    );
    assert_eq!(serde_json::to_value(&read).unwrap(), event);
}

#[test]
fn only_objects_with_a_string_type_are_events() {
    for not_an_event in [
        json!([1]),
        json!({"content": {}}),
        json!({"type": 5, "content": {}}),
    ] {
        let result = serde_json::from_value::<AnySyncTimelineEvent>(not_an_event.clone());
        assert!(result.is_err(), "{not_an_event}");
    }
}

#[test]
fn an_optional_field_of_the_wrong_type_is_set_aside_not_fatal() {
    // `displayname` and `avatar_url` are optional strings, `third_party_invite`
    // an optional object: wrong values leave the member typed.
    let event = bob_member(json!({
        "membership": "join",
        "displayname": 5,
        "avatar_url": ["mxc://example.org/a"],
        "third_party_invite": "none",
        "reason": "back again",
    }));
    let read: AnySyncTimelineEvent = serde_json::from_value(event.clone()).unwrap();
    let AnySyncTimelineEvent::State(AnySyncStateEvent::RoomMember(member)) = &read else {
        panic!("{read:?}")
    };
    let content = &member.content;
    assert_eq!(content.membership.as_str(), "join");
    assert_eq!(content.reason.as_deref(), Some("back again"));
    assert_eq!((&content.displayname, &content.avatar_url), (&None, &None));
    assert!(content.third_party_invite.is_none());
    assert_eq!(
        content.fields_set_aside(),
        ["avatar_url", "displayname", "third_party_invite"]
    );
    assert_eq!(serde_json::to_value(&read).unwrap(), event);

    // A value of the right shape that is wrong further in still fails.
    let mut deeper = event.clone();
    deeper["content"]["third_party_invite"] = json!({"display_name": "b***"});
    let read: AnySyncTimelineEvent = serde_json::from_value(deeper.clone()).unwrap();
    let AnySyncTimelineEvent::State(AnySyncStateEvent::Invalid(invalid)) = &read else {
        panic!("{read:?}")
    };
    assert!(
        invalid.error.starts_with("content.third_party_invite"),
        "{}",
        invalid.error
    );
    assert_eq!(serde_json::to_value(&read).unwrap(), deeper);
}

/// `unsigned.membership`, which servers add to the events they serve, is
/// a field of its own (no entry among the undeclared properties), a value
/// no release lists stays as written, and a value of another JSON type is
/// set aside rather than failing the event; all are written back as read.
#[test]
fn unsigned_membership_is_typed_and_kept() {
    use matrix_events::common::Membership;
    let with = |membership: Value| {
        let mut event = message(1);
        event["unsigned"] = json!({"age": 5, "membership": membership});
        event
    };
    let cases = [
        (json!("join"), Some(Membership::Join), false),
        (json!("leave"), Some(Membership::Leave), false),
        (
            json!("xyz.observer"),
            Some(Membership::Other("xyz.observer".to_owned())),
            false,
        ),
        (json!(3), None, true),
    ];
    for (membership, expected, set_aside) in cases {
        let event = with(membership.clone());
        let read: AnySyncMessageLikeEvent = serde_json::from_value(event.clone()).unwrap();
        let AnySyncMessageLikeEvent::RoomMessage(message) = &read else {
            panic!("{membership}: read as {read:?}");
        };
        let unsigned = message.unsigned.as_ref().expect("unsigned was read");
        assert_eq!(unsigned.membership, expected, "{membership}");
        // The same type as an `m.room.member` content's, so the two compare.
        let as_member: Option<&matrix_events::room::member::Membership> =
            unsigned.membership.as_ref();
        assert_eq!(as_member, expected.as_ref(), "{membership}");
        assert_eq!(
            unsigned.extra.contains_key("membership"),
            set_aside,
            "{membership}"
        );
        assert_eq!(serde_json::to_value(&read).unwrap(), event, "{membership}");
    }
}

/// A scalar field read leniently is typed when its value is of its type,
/// nullable or not (`displayname` is `["string", "null"]` in some
/// releases): only a value of another type is set aside.
#[test]
fn scalars_of_their_type_are_not_set_aside() {
    use matrix_events::room::member::RoomMemberEventContent;
    let read = |content: Value| -> RoomMemberEventContent {
        let content: RoomMemberEventContent = serde_json::from_value(content.clone()).unwrap();
        content
    };
    let typed = read(json!({
        "membership": "join",
        "displayname": "Alice",
        "avatar_url": "mxc://example.org/a",
    }));
    assert!(typed.fields_set_aside().is_empty(), "{typed:?}");
    assert!(typed.extra.is_empty(), "{typed:?}");
    assert_eq!(
        serde_json::to_value(&typed.displayname).unwrap(),
        json!("Alice")
    );
    assert_eq!(
        serde_json::to_value(&typed.avatar_url).unwrap(),
        json!("mxc://example.org/a")
    );

    let wrong = json!({"membership": "join", "displayname": 7, "avatar_url": false});
    let aside = read(wrong.clone());
    let mut fields = aside.fields_set_aside();
    fields.sort();
    assert_eq!(fields, ["avatar_url", "displayname"]);
    assert_eq!(aside.extra["displayname"], json!(7));
    assert_eq!(serde_json::to_value(&aside).unwrap(), wrong);
}
