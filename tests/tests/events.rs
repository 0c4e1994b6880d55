//! The event layer of the generated code: dispatch by `type`, envelopes,
//! families, and lossless round trips of whole events.

use matrix_codegen_tests::golden::{events as fx, sample};
use serde_json::{json, Value};

/// Reads `input` as `T`, writes it back, and checks nothing changed. The
/// input is read three times: as text with sorted keys (`content` before
/// `type`, so the content is kept as raw JSON until the type is known), as
/// text with `type` first (the content is read in place), and from the
/// `serde_json::Value` itself (`from_value`, where raw JSON is made by
/// printing the value); all three must give the same value.
fn identical<T>(input: &Value) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
{
    let sorted = serde_json::to_string(input).unwrap();
    let typed: T = serde_json::from_str(&sorted).unwrap_or_else(|e| panic!("{e}\n{sorted}"));
    assert_eq!(&serde_json::to_value(&typed).unwrap(), input);
    let type_first = type_first(input);
    let in_place: T =
        serde_json::from_str(&type_first).unwrap_or_else(|e| panic!("{e}\n{type_first}"));
    assert_eq!(in_place, typed, "{type_first}");
    let from_value: T =
        serde_json::from_value(input.clone()).unwrap_or_else(|e| panic!("{e}\n{sorted}"));
    assert_eq!(from_value, typed, "from_value: {sorted}");
    typed
}

/// `input` as JSON text with its `type` key first.
fn type_first(input: &Value) -> String {
    let object = input.as_object().expect("an event object");
    let mut fields = vec![format!("\"type\":{}", object["type"])];
    for (key, value) in object.iter().filter(|(k, _)| *k != "type") {
        fields.push(format!("{}:{value}", Value::from(key.as_str())));
    }
    format!("{{{}}}", fields.join(","))
}

#[test]
fn type_first_text_puts_type_first() {
    let text = type_first(&json!({"content": {}, "type": "m.x", "a": 1}));
    assert_eq!(text, r#"{"type":"m.x","a":1,"content":{}}"#);
}

/// An event enum read the strict way (`deserialize_strict`), which fails
/// where the plain reading keeps an event that does not fit as `Invalid`.
#[derive(Debug)]
struct Strict<T>(#[allow(dead_code)] T);

impl<'de, T: sample::__private::FromObject<'de>> serde::Deserialize<'de> for Strict<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        sample::__private::deserialize_object(deserializer).map(Strict)
    }
}

/// The error reading `input` (with sorted keys) gives; reading it with
/// `type` first must fail too.
fn error_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(input: &Value) -> String {
    if input.get("type").is_some() {
        let in_place = serde_json::from_str::<T>(&type_first(input));
        assert!(in_place.is_err(), "{in_place:?}");
    }
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
    assert!(!fx::EventContent::is_fallback(&text.content));

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
    // whole too; content that fits neither is kept as `Invalid` with the
    // variant's error (and the strict reading refuses it with that error).
    let partial: fx::AnyMessageLikeEvent =
        identical(&with(json!({"msgtype": "m.location", "body": "somewhere"})));
    assert!(partial.content_is_fallback());
    let neither = with(json!({"msgtype": "m.location", "geo_uri": "geo:0,0"}));
    let invalid: fx::AnyMessageLikeEvent = identical(&neither);
    let err = &invalid.invalid().expect("kept as invalid").error;
    assert!(err.contains("content: missing field `body`"), "{err}");
    let err = fx::AnyMessageLikeEvent::deserialize_strict(&neither).unwrap_err();
    assert!(err.to_string().contains("missing field `body`"), "{err}");
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
}

/// A plain-base event the kind table does not list (a new release's account
/// data or to-device event) is read wherever plain events arrive.
#[test]
fn a_plain_event_the_table_does_not_know_is_read_in_every_plain_kind() {
    use fx::EventKind::*;
    assert!(fx::EVENT_TYPES.contains(&(
        "m.fixture.mystery",
        &[GlobalAccountData, RoomAccountData, EphemeralRoom, ToDevice]
    )));
    let example: Value = serde_json::from_str(
        &std::fs::read_to_string(
            fixture("events").join("event-schemas/examples/m.fixture.mystery.yaml"),
        )
        .unwrap(),
    )
    .unwrap();
    let clue = |content: &fx::fixture::mystery::FixtureMysteryEventContent| content.clue.clone();
    let expected = Some("the butler's umbrella".to_owned());
    match identical::<fx::AnyGlobalAccountDataEvent>(&example) {
        fx::AnyGlobalAccountDataEvent::FixtureMystery(e) => assert_eq!(clue(&e.content), expected),
        other => panic!("not the specific variant: {other:?}"),
    }
    match identical::<fx::AnyToDeviceEvent>(&example) {
        fx::AnyToDeviceEvent::FixtureMystery(e) => assert_eq!(clue(&e.content), expected),
        other => panic!("not the specific variant: {other:?}"),
    }
    let mut in_room = example.clone();
    in_room["room_id"] = json!("!room:example.org");
    assert!(matches!(
        identical::<fx::AnyEphemeralRoomEvent>(&in_room),
        fx::AnyEphemeralRoomEvent::FixtureMystery(ref e) if e.room_id.as_deref() == Some("!room:example.org")
    ));
    assert!(matches!(
        identical::<fx::AnyRoomAccountDataEvent>(&example),
        fx::AnyRoomAccountDataEvent::FixtureMystery(_)
    ));

    // Generation says so once, naming the event, and a build script can
    // narrow the kinds.
    let spec = fixture("events");
    let generated = matrix_codegen::Builder::new()
        .spec_dir(&spec)
        .generate()
        .unwrap();
    let warnings: Vec<String> = (generated.warnings.iter())
        .map(|w| w.one_line())
        .filter(|w| w.contains("m.fixture.mystery"))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].contains("read as every plain kind"),
        "{}",
        warnings[0]
    );
    let narrowed = matrix_codegen::Builder::new()
        .spec_dir(&spec)
        .event_kinds("m.fixture.mystery", [matrix_codegen::EventKind::ToDevice])
        .generate()
        .unwrap();
    assert!(!narrowed
        .warnings
        .iter()
        .any(|w| w.one_line().contains("m.fixture.mystery")));
    assert!(narrowed
        .code
        .contains(r#"("m.fixture.mystery", &[EventKind::ToDevice])"#));
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

#[test]
fn malformed_events_are_refused_naming_the_path() {
    let wrong_type = hangup(json!({"call_id": "c", "version": "1", "party_id": "p", "reason": 5}));
    let err = error_of::<Strict<sample::AnyMessageLikeEvent>>(&wrong_type);
    assert!(
        err.starts_with("content.reason: invalid type: integer `5`"),
        "{err}"
    );

    let missing_in_content = hangup(json!({"version": "1", "party_id": "p"}));
    let err = error_of::<Strict<sample::AnyMessageLikeEvent>>(&missing_in_content);
    assert!(err.starts_with("content: missing field `call_id`"), "{err}");

    let mut missing_envelope_field =
        hangup(json!({"call_id": "c", "version": "1", "party_id": "p"}));
    missing_envelope_field
        .as_object_mut()
        .unwrap()
        .remove("event_id");
    let err = error_of::<Strict<sample::AnyMessageLikeEvent>>(&missing_envelope_field);
    assert!(err.contains("missing field `event_id`"), "{err}");

    let wrong_event = hangup(json!({"call_id": "c", "version": "1", "party_id": "p"}));
    let err = error_of::<sample::call::reject::CallRejectEvent>(&wrong_event);
    assert!(
        err.contains("invalid value: string \"m.call.hangup\", expected m.call.reject"),
        "{err}"
    );
}

#[test]
fn a_repeated_type_or_content_is_refused() {
    let envelope = r#""event_id": "$e", "room_id": "!r", "sender": "@s", "origin_server_ts": 1"#;
    let content = r#"{"call_id": "c", "version": "1", "party_id": "p"}"#;
    let twice_type = format!(
        r#"{{"type": "m.call.hangup", "content": {content}, {envelope}, "type": "org.example.other"}}"#
    );
    let err = serde_json::from_str::<Strict<sample::AnyMessageLikeEvent>>(&twice_type).unwrap_err();
    assert!(err.to_string().contains("duplicate field `type`"), "{err}");
    let twice_content = format!(
        r#"{{"content": {content}, "type": "m.call.hangup", {envelope}, "content": {{}}}}"#
    );
    let err =
        serde_json::from_str::<Strict<sample::AnyMessageLikeEvent>>(&twice_content).unwrap_err();
    assert!(
        err.to_string().contains("duplicate field `content`"),
        "{err}"
    );
    // The typed envelope refuses them too, in either key order.
    let twice_type_typed = format!(
        r#"{{"type": "m.call.hangup", "content": {content}, {envelope}, "type": "m.call.hangup"}}"#
    );
    for input in [&twice_type_typed, &twice_content] {
        let err = serde_json::from_str::<sample::call::hangup::CallHangupEvent>(input).unwrap_err();
        assert!(
            err.to_string().contains("duplicate field"),
            "{input}: {err}"
        );
    }
    let twice_content_typed = format!(
        r#"{{"type": "m.call.hangup", "content": {content}, {envelope}, "content": {content}}}"#
    );
    let err = serde_json::from_str::<sample::call::hangup::CallHangupEvent>(&twice_content_typed)
        .unwrap_err();
    assert!(
        err.to_string().contains("duplicate field `content`"),
        "{err}"
    );
}

#[test]
fn top_level_fields_of_one_event_type_are_read_through_accessors_and_kept() {
    let event = json!({
        "type": "m.fixture.retract",
        "content": {"why": "typo"},
        "retracts": "$taken-back",
        "weight": 3,
        "event_id": "$e", "room_id": "!r", "sender": "@s", "origin_server_ts": 1,
    });
    let typed: fx::fixture::retract::FixtureRetractEvent = identical(&event);
    assert_eq!(typed.retracts(), Some("$taken-back"));
    assert_eq!(typed.weight(), Some(&json!(3)));
    // Through the dispatch enum the same event has the same accessors.
    match identical::<fx::AnyMessageLikeEvent>(&event) {
        fx::AnyMessageLikeEvent::FixtureRetract(ev) => {
            assert_eq!(ev.retracts(), Some("$taken-back"))
        }
        other => panic!("not dispatched to FixtureRetract: {other:?}"),
    }
    // Absent, or not a string: `None`, and the value is still written back.
    let mut odd = event.clone();
    odd["retracts"] = json!(7);
    odd.as_object_mut().unwrap().remove("weight");
    let typed: fx::fixture::retract::SyncFixtureRetractEvent = identical(&odd);
    assert_eq!(typed.retracts(), None);
    assert_eq!(typed.weight(), None);
}

/// Building content: `new` takes `impl Into` for each required field,
/// optional ones chain with `with_<field>`, and a variant's content turns
/// into its family's with `.into()`.
#[test]
fn content_is_built_in_one_expression_and_converts_into_its_family() {
    use fx::fixture::message::{FixtureMessageEventContent, TextMessageEventContent};
    let content: FixtureMessageEventContent = TextMessageEventContent::new("hi")
        .with_format("org.matrix.custom.html")
        .into();
    let FixtureMessageEventContent::Text(text) = &content else {
        panic!("{content:?}");
    };
    assert_eq!(text.body, "hi");
    let json = json!({"msgtype": "m.text", "body": "hi", "format": "org.matrix.custom.html"});
    assert_eq!(serde_json::to_value(&content).unwrap(), json);
    assert_eq!(
        serde_json::from_value::<FixtureMessageEventContent>(json).unwrap(),
        content
    );
}
