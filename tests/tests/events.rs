//! The event layer of the generated code: dispatch by `type`, envelopes,
//! families, and lossless round trips of whole events.

use matrix_codegen_tests::golden::{events as fx, sample};
use serde_json::{json, Value};

/// Reads `input` as `T`, writes it back, and checks nothing changed.
fn identical<T: serde::de::DeserializeOwned + serde::Serialize>(input: &Value) -> T {
    let text = serde_json::to_string(input).unwrap();
    let typed: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(&serde_json::to_value(&typed).unwrap(), input);
    typed
}

fn error_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(input: &Value) -> String {
    serde_json::from_str::<T>(&input.to_string())
        .unwrap_err()
        .to_string()
}

fn hangup(content: Value) -> Value {
    json!({
        "type": "m.call.hangup",
        "event_id": "$h:example.org",
        "room_id": "!r:example.org",
        "sender": "@a:example.org",
        "origin_server_ts": 1_700_000_000_000u64,
        "content": content,
    })
}

#[test]
fn a_known_event_lands_in_its_variant_with_unknown_things_kept() {
    use sample::call::hangup::Reason;
    use sample::AnyMessageLikeEvent;
    let mut event = hangup(json!({
        "call_id": "c", "version": 0, "party_id": "p",
        "reason": "a_reason_from_a_later_spec",
        "content_field_from_the_future": {"x": [1, 2.5]},
    }));
    event["top_level_from_the_future"] = json!(true);
    event["unsigned"] = json!({"age": 5, "membership": "join", "transaction_id": null});
    let parsed: AnyMessageLikeEvent = identical(&event);
    let AnyMessageLikeEvent::CallHangup(hangup) = parsed else {
        panic!("not CallHangup: {parsed:?}")
    };
    assert_eq!(
        hangup.content.reason,
        Some(Reason::Other("a_reason_from_a_later_spec".into()))
    );
    assert_eq!(
        hangup.content.extra["content_field_from_the_future"],
        json!({"x": [1, 2.5]})
    );
    assert_eq!(hangup.extra["top_level_from_the_future"], json!(true));
    assert_eq!(hangup.sender, "@a:example.org");
}

#[test]
fn call_version_zero_and_a_missing_reason_round_trip() {
    use sample::call::hangup::{Reason, Version};
    let event = hangup(json!({"call_id": "c", "version": 0, "party_id": "p"}));
    let parsed: sample::call::hangup::CallHangupEvent = identical(&event);
    assert_eq!(parsed.content.version, Version::Integer(0));
    assert_eq!(parsed.content.reason_or_default(), Reason::UserHangup);
}

#[test]
fn an_unknown_event_type_is_kept_whole() {
    let event = json!({
        "type": "org.example.custom", "event_id": "$e", "room_id": "!r", "sender": "@s",
        "origin_server_ts": 1, "content": {"anything": [null, {"goes": 1.0}]}, "extra": "kept",
    });
    let parsed: sample::AnyMessageLikeEvent = identical(&event);
    assert!(
        matches!(&parsed, sample::AnyMessageLikeEvent::Unknown(u) if u.event_type == "org.example.custom")
    );
    assert_eq!(parsed.event_type(), "org.example.custom");
}

#[test]
fn families_pick_their_variant_and_keep_unknown_ones() {
    use fx::fixture::message::FixtureMessageEventContent as Content;
    let base = json!({"type": "m.fixture.message", "event_id": "$e", "room_id": "!r", "sender": "@s", "origin_server_ts": 1});
    let with = |content: Value| {
        let mut e = base.clone();
        e["content"] = content;
        e
    };
    let text: fx::AnyMessageLikeEvent = identical(&with(
        json!({"body": "hi", "msgtype": "m.text", "format": "org.matrix.custom.html"}),
    ));
    let fx::AnyMessageLikeEvent::FixtureMessage(text) = text else {
        panic!()
    };
    assert!(matches!(text.content, Content::Text(ref t) if t.body == "hi"));
    assert!(!text.content_is_fallback_for_test());

    let unknown: fx::AnyMessageLikeEvent = identical(&with(
        json!({"msgtype": "org.example.poll", "body": "?", "answers": [1, 2]}),
    ));
    let fx::AnyMessageLikeEvent::FixtureMessage(unknown) = unknown else {
        panic!()
    };
    assert!(
        matches!(unknown.content, Content::Other(ref o) if o.extra["answers"] == json!([1, 2]))
    );

    // Content that fits the event's schema but not its variant's is kept
    // whole too; content that fits neither is refused with the variant's error.
    let partial: fx::AnyMessageLikeEvent =
        identical(&with(json!({"msgtype": "m.location", "body": "somewhere"})));
    assert!(partial.content_is_fallback());
    let err = error_of::<fx::AnyMessageLikeEvent>(&with(
        json!({"msgtype": "m.location", "geo_uri": "geo:0,0"}),
    ));
    assert!(err.contains("content: missing field `body`"), "{err}");
}

/// Whether a message's content is the family's fallback, through the trait.
trait FallbackCheck {
    fn content_is_fallback_for_test(&self) -> bool;
}

impl FallbackCheck for fx::fixture::message::FixtureMessageEvent {
    fn content_is_fallback_for_test(&self) -> bool {
        fx::EventContent::is_fallback(&self.content)
    }
}

#[test]
fn the_timeline_tells_state_from_message_like() {
    use fx::AnyTimelineEvent;
    let state = json!({"type": "m.fixture.topic", "state_key": "", "event_id": "$e", "room_id": "!r", "sender": "@s", "origin_server_ts": 1, "content": {"topic": "t"}});
    assert!(matches!(
        identical::<AnyTimelineEvent>(&state),
        AnyTimelineEvent::State(fx::AnyStateEvent::FixtureTopic(_))
    ));
    let unknown_state = json!({"type": "org.example.state", "state_key": "k", "event_id": "$e", "room_id": "!r", "sender": "@s", "origin_server_ts": 1, "content": {}});
    assert!(matches!(
        identical::<AnyTimelineEvent>(&unknown_state),
        AnyTimelineEvent::State(fx::AnyStateEvent::Unknown(_))
    ));
    let unknown_message = json!({"type": "org.example.message", "event_id": "$e", "room_id": "!r", "sender": "@s", "origin_server_ts": 1, "content": {}});
    assert!(matches!(
        identical::<AnyTimelineEvent>(&unknown_message),
        AnyTimelineEvent::MessageLike(fx::AnyMessageLikeEvent::Unknown(_))
    ));
}

#[test]
fn kinds_from_the_table_reach_their_envelopes() {
    use fx::EventContent;
    let to_device = json!({"type": "m.room_key", "content": {"algorithm": "m.megolm.v1.aes-sha2", "session_id": "s"}});
    let parsed: fx::AnyToDeviceEvent = identical(&to_device);
    assert!(matches!(parsed, fx::AnyToDeviceEvent::RoomKey(ref e) if e.sender.is_none()));
    assert_eq!(fx::room_key::RoomKeyEventContent::EVENT_TYPE, "m.room_key");
    assert_eq!(
        fx::room_key::RoomKeyEventContent::KINDS,
        &[fx::EventKind::ToDevice]
    );
    // An event the kind table does not know has types but no dispatch.
    assert!(fx::EVENT_TYPES
        .iter()
        .any(|(t, kinds)| *t == "m.fixture.mystery" && kinds.is_empty()));
}

#[test]
fn malformed_events_are_refused_naming_the_path() {
    let wrong_type = hangup(json!({"call_id": "c", "version": "1", "party_id": "p", "reason": 5}));
    let err = error_of::<sample::AnyMessageLikeEvent>(&wrong_type);
    assert!(
        err.starts_with("content.reason: invalid type: integer `5`"),
        "{err}"
    );

    let missing_in_content = hangup(json!({"version": "1", "party_id": "p"}));
    let err = error_of::<sample::AnyMessageLikeEvent>(&missing_in_content);
    assert!(err.starts_with("content: missing field `call_id`"), "{err}");

    let mut missing_envelope_field =
        hangup(json!({"call_id": "c", "version": "1", "party_id": "p"}));
    missing_envelope_field
        .as_object_mut()
        .unwrap()
        .remove("event_id");
    let err = error_of::<sample::AnyMessageLikeEvent>(&missing_envelope_field);
    assert!(err.contains("missing field `event_id`"), "{err}");

    let wrong_event = hangup(json!({"call_id": "c", "version": "1", "party_id": "p"}));
    let err = error_of::<sample::call::reject::CallRejectEvent>(&wrong_event);
    assert!(
        err.contains("invalid value: string \"m.call.hangup\", expected m.call.reject"),
        "{err}"
    );
}
