//! The generated impls, exercised through the compiled golden modules: what
//! goes in comes back out, and bad input is refused with a useful error.

use matrix_codegen_tests::golden;
use serde_json::{json, Value};

/// Deserializes `input` as `T`, serializes it back, and returns both sides.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(input: Value) -> (T, Value) {
    let typed: T = serde_json::from_value(input).expect("deserializes");
    let back = serde_json::to_value(&typed).expect("serializes");
    (typed, back)
}

#[test]
fn open_enum_keeps_known_and_unknown_values() {
    use golden::open_enum::fixture::enum_::{FixtureEnumEventContent, Kind, Reason};
    let input = json!({"reason": "user_hangup", "kind": "m.login.password", "scheme": "m.fixture.scheme.v1"});
    let (content, back) = round_trip::<FixtureEnumEventContent>(input.clone());
    assert_eq!(content.reason, Reason::UserHangup);
    assert_eq!(content.kind, Some(Kind::LoginPassword));
    assert_eq!(back, input);

    let input = json!({"reason": "a_reason_from_the_future", "scheme": "m.fixture.scheme.v1"});
    let (content, back) = round_trip::<FixtureEnumEventContent>(input.clone());
    assert_eq!(
        content.reason,
        Reason::Other("a_reason_from_the_future".into())
    );
    assert_eq!(content.reason.as_str(), "a_reason_from_the_future");
    assert_eq!(back, input);

    assert_eq!("ice_failed".parse::<Reason>().unwrap(), Reason::IceFailed);
    assert_eq!(Reason::CustomThing.to_string(), "m.custom_thing");
    assert_eq!(Reason::from("self"), Reason::SelfValue);
    assert_eq!(Reason::from("1").as_str(), "1");
}

/// Enums of the same name and values in two events are one type, so that
/// a value read from one compares with the other's; one with other values
/// stays its own.
#[test]
fn the_same_enum_in_two_events_is_one_type() {
    use golden::same_types::fixture::{first, second, third};
    use std::any::TypeId;
    assert_eq!(
        TypeId::of::<first::Algorithm>(),
        TypeId::of::<second::Algorithm>()
    );
    assert_ne!(
        TypeId::of::<first::Algorithm>(),
        TypeId::of::<third::Algorithm>()
    );
    let (one, _) =
        round_trip::<first::FixtureFirstEventContent>(json!({"algorithm": "m.fixture.beta.v2"}));
    let (two, _) =
        round_trip::<second::FixtureSecondEventContent>(json!({"algorithm": "m.fixture.beta.v2"}));
    assert_eq!(one.algorithm, two.algorithm);
    assert_eq!(one.algorithm, Some(second::Algorithm::FixtureBetaV2));
}

/// A required property with one listed value that tells no variant apart
/// is an open enum that `new` fills in; one that does (the same object
/// shape pins it to another value elsewhere) is a constant.
#[test]
fn one_value_enums_are_open_unless_they_tag_a_variant() {
    use golden::open_enum::fixture::enum_::{FixtureEnumEventContent, Proposal, Scheme};
    let content = FixtureEnumEventContent::new("user_hangup");
    assert_eq!(content.scheme, Scheme::FixtureSchemeV1);
    assert_eq!(
        serde_json::to_value(&content).unwrap(),
        json!({"reason": "user_hangup", "scheme": "m.fixture.scheme.v1"})
    );

    // A value a later release might add reads typed and is written back.
    let input = json!({"reason": "user_hangup", "scheme": "m.fixture.scheme.v2"});
    let (content, back) = round_trip::<FixtureEnumEventContent>(input.clone());
    assert_eq!(content.scheme, Scheme::Other("m.fixture.scheme.v2".into()));
    assert_eq!(back, input);
    // Still required: absent is an error, as for any required field.
    assert!(serde_json::from_value::<FixtureEnumEventContent>(json!({"reason": "x"})).is_err());

    // `type` tags `proposal` apart from `reply`: a constant, checked on read.
    let proposal = json!({"type": "proposal", "text": "lunch?"});
    let (read, back) = round_trip::<Proposal>(proposal.clone());
    assert_eq!(read.text, "lunch?");
    assert_eq!(back, proposal);
    let wrong = json!({"type": "reply", "text": "lunch?"});
    assert!(serde_json::from_value::<Proposal>(wrong).is_err());
}

#[test]
fn nullable_and_optional_fields_keep_null_apart_from_absent() {
    use golden::nullable::fixture::nullable::FixtureNullableEventContent as Content;
    let explicit_null = json!({"displayname": null, "avatar_url": null, "base_url": null});
    let (content, back) = round_trip::<Content>(explicit_null.clone());
    assert_eq!(content.displayname, Some(None));
    assert_eq!(content.avatar_url, None);
    assert_eq!(back, explicit_null);

    let absent = json!({"avatar_url": "mxc://a/b"});
    let (content, back) = round_trip::<Content>(absent.clone());
    assert_eq!(content.displayname, None);
    assert_eq!(content.avatar_url.as_deref(), Some("mxc://a/b"));
    assert_eq!(back, absent);

    // `label` may not be null, but a null there is still written back.
    let stray_null = json!({"avatar_url": null, "label": null});
    let (content, back) = round_trip::<Content>(stray_null.clone());
    assert_eq!(content.label, None);
    assert_eq!(back, stray_null);
}

#[test]
fn required_fields_are_required() {
    use golden::nullable::fixture::nullable::FixtureNullableEventContent as Content;
    let err = serde_json::from_value::<Content>(json!({"displayname": "x"})).unwrap_err();
    assert!(
        err.to_string().contains("missing field `avatar_url`"),
        "{err}"
    );
}

#[test]
fn wrong_types_of_optional_fields_are_set_aside_and_non_objects_rejected() {
    use golden::numbers::fixture::numbers::FixtureNumbersEventContent as Content;
    let wrong = json!({"count": "three", "order": 0.5});
    let (content, back) = round_trip::<Content>(wrong.clone());
    assert_eq!(content.count, None);
    assert_eq!(content.fields_set_aside(), ["count"]);
    assert_eq!(back, wrong);
    let (content, _) = round_trip::<Content>(json!({"count": 3}));
    assert!(content.fields_set_aside().is_empty());
    let err = serde_json::from_value::<Content>(json!([1, 2])).unwrap_err();
    assert!(
        err.to_string().contains("FixtureNumbersEventContent"),
        "{err}"
    );
}

#[test]
fn numbers_keep_their_written_form() {
    use golden::numbers::fixture::numbers::FixtureNumbersEventContent as Content;
    let text = r#"{"count":3,"ts":1700000000000,"order":0.9,"index":0}"#;
    let content: Content = serde_json::from_str(text).unwrap();
    assert_eq!(content.count, Some(3));
    assert_eq!(serde_json::to_string(&content).unwrap(), text);
    let float_zero = r#"{"index":0.0}"#;
    let content: Content = serde_json::from_str(float_zero).unwrap();
    assert_eq!(serde_json::to_string(&content).unwrap(), float_zero);
}

#[test]
fn unions_choose_by_json_type() {
    use golden::union::fixture::union::{
        Action, Ciphertext, FixtureUnionEventContent, FixtureUnionValue as Scalar,
    };
    let input = json!({
        "ciphertext": {"curve_key": {"body": "b", "type": 0}},
        "actions": ["notify", {"set_tweak": "sound", "value": "default"}],
        "value": 42,
    });
    let (content, back) = round_trip::<FixtureUnionEventContent>(input.clone());
    assert!(matches!(content.ciphertext, Some(Ciphertext::Object(_))));
    let actions = content.actions.unwrap();
    assert!(matches!(&actions[0], Action::String(s) if s == "notify"));
    assert!(matches!(&actions[1], Action::Object(_)));
    assert_eq!(content.value, Some(Some(Scalar::Integer(42))));
    assert_eq!(back, input);

    for value in [json!("s"), json!(true), json!(null)] {
        let input = json!({"ciphertext": "opaque", "value": value});
        let (_, back) = round_trip::<FixtureUnionEventContent>(input.clone());
        assert_eq!(back, input);
    }
    let err =
        serde_json::from_value::<FixtureUnionEventContent>(json!({"value": 1.5})).unwrap_err();
    assert!(
        err.to_string()
            .contains("a JSON boolean or integer or string"),
        "{err}"
    );
}

#[test]
fn undeclared_fields_are_kept_at_every_level() {
    use golden::names::fixture::names::FixtureNamesEventContent as Content;
    let input = json!({
        "sdpMid": "0",
        "sdpMLineIndex": 0,
        "type": "t",
        "m.relates_to": {"event_id": "$e", "rel_type": "m.thread", "nested": {"x": [1, 2]}},
        "file": {"url": "mxc://x/y", "thumbnail_file": {"url": "mxc://x/z", "key": {"k": "v"}}},
        "candidates": [{"candidate": "c", "usernameFragment": "u"}],
        "not_in_schema": {"deep": null},
    });
    let (content, back) = round_trip::<Content>(input.clone());
    assert_eq!(content.sdp_mid.as_deref(), Some("0"));
    assert_eq!(content.type_.as_deref(), Some("t"));
    assert_eq!(content.extra["not_in_schema"], json!({"deep": null}));
    assert_eq!(
        content.relates_to.as_ref().unwrap().extra["rel_type"],
        json!("m.thread")
    );
    assert_eq!(back, input);
}

#[test]
fn fields_named_like_the_impls_locals_are_read_into_their_own_fields() {
    use golden::names::fixture::names::FixtureNamesEventContent as Content;
    let input = json!({"map": "m", "rest": 3, "key": "k", "undeclared": true});
    let (content, back) = round_trip::<Content>(input.clone());
    assert_eq!(content.map.as_deref(), Some("m"));
    assert_eq!(content.rest, Some(3));
    assert_eq!(content.key.as_deref(), Some("k"));
    assert_eq!(content.extra.len(), 1, "{:?}", content.extra);
    assert_eq!(content.extra["undeclared"], json!(true));
    assert_eq!(back, input);
}

#[test]
fn maps_and_properties_beside_maps() {
    use golden::maps::fixture::maps::FixtureMapsEventContent as Content;
    let input = json!({
        "events": {"m.room.name": 50},
        "users": {"@a:b": 100},
        "notifications": {"room": 50, "other_key": 20},
        "anything": {"free": ["form"]},
        "closed": {"only": "x"},
    });
    let (content, back) = round_trip::<Content>(input.clone());
    assert_eq!(content.events.as_ref().unwrap()["m.room.name"], 50);
    let notifications = content.notifications.as_ref().unwrap();
    assert_eq!(notifications.room, Some(50));
    assert_eq!(notifications.extra["other_key"], 20);
    assert_eq!(back, input);
    let err = serde_json::from_value::<Content>(json!({"notifications": {"x": "not a number"}}))
        .unwrap_err();
    assert!(err.to_string().contains("expected i64"), "{err}");
}

#[test]
fn a_map_entry_of_the_wrong_type_is_set_aside_and_written_back_in_place() {
    use golden::maps::fixture::maps::FixtureMapsEventContent as Content;
    // A power-levels-like `users` with one level written as a string.
    let input = json!({"users": {"@a:b": 100, "@c:d": "50", "@e:f": null}, "events": {"m.x": 1}});
    let (content, back) = round_trip::<Content>(input.clone());
    let users = content.users.as_ref().unwrap();
    assert_eq!(users.len(), 1);
    assert_eq!(users["@a:b"], 100);
    assert_eq!(content.fields_set_aside(), ["users"]);
    assert_eq!(back, input);

    // Entries set later go beside those set aside; one set for a key that
    // was set aside replaces it.
    let mut content = content;
    let users = content.users.as_mut().unwrap();
    users.insert("@g:h".to_owned(), 0);
    users.insert("@c:d".to_owned(), 25);
    assert_eq!(
        serde_json::to_value(&content).unwrap(),
        json!({"users": {"@a:b": 100, "@c:d": 25, "@e:f": null, "@g:h": 0}, "events": {"m.x": 1}})
    );

    // A value that is not a map at all is set aside whole.
    let input = json!({"users": ["@a:b"]});
    let (content, back) = round_trip::<Content>(input.clone());
    assert_eq!(content.users, None);
    assert_eq!(back, input);
}

#[test]
fn a_list_item_of_the_wrong_type_is_set_aside_and_written_back_at_its_place() {
    use golden::names::fixture::names::{Candidate, FixtureNamesEventContent as Content};
    let input = json!({"candidates": [5, {"candidate": "a"}, "x", {"candidate": "b"}]});
    let (content, back) = round_trip::<Content>(input.clone());
    let candidates = content.candidates.as_ref().unwrap();
    let read: Vec<_> = candidates.iter().map(|c| c.candidate.as_deref()).collect();
    assert_eq!(read, [Some("a"), Some("b")]);
    assert_eq!(content.fields_set_aside(), ["candidates"]);
    assert_eq!(back, input);

    // An item added later comes after those read, set-aside ones in place.
    let mut content = content;
    (content.candidates.as_mut().unwrap()).push(Candidate::new().with_candidate("c"));
    assert_eq!(
        serde_json::to_value(&content).unwrap(),
        json!({"candidates": [5, {"candidate": "a"}, "x", {"candidate": "b"}, {"candidate": "c"}]})
    );

    // An item whose own optional field has the wrong type stays in the
    // list, with that field set aside inside it.
    let (content, _) = round_trip::<Content>(json!({"candidates": [{"candidate": 1}]}));
    let candidates = content.candidates.unwrap();
    assert_eq!(candidates.len(), 1);
    assert_eq!(candidates[0].fields_set_aside(), ["candidate"]);
}

#[test]
fn map_shaped_content_is_a_struct_with_entries() {
    use golden::map_content::fixture::map_content::FixtureMapContentEventContent as Content;
    let input = json!({"@alice:example.org": ["!a:example.org", "!b:example.org"]});
    let (content, back) = round_trip::<Content>(input.clone());
    assert_eq!(content.entries["@alice:example.org"].len(), 2);
    assert_eq!(back, input);
}

#[test]
fn sample_call_hangup_reads_an_event_content() {
    use golden::sample::call::hangup::{CallHangupEventContent, Reason, Version};
    let input = json!({"call_id": "c1", "version": "1", "party_id": "p", "reason": "user_busy"});
    let (content, back) = round_trip::<CallHangupEventContent>(input.clone());
    assert_eq!(content.reason, Some(Reason::UserBusy));
    assert_eq!(content.version, Version::String("1".into()));
    assert_eq!(back, input);

    // The spec requires `reason` since v1.7 but says a missing one means
    // `user_hangup`: it is accepted, stays absent, and the accessor applies it.
    let old_client = json!({"call_id": "c1", "version": 0, "party_id": "p"});
    let (content, back) = round_trip::<CallHangupEventContent>(old_client.clone());
    assert_eq!(content.reason, None);
    assert_eq!(content.reason_or_default(), Reason::UserHangup);
    assert_eq!(content.version, Version::Integer(0));
    assert_eq!(back, old_client);

    // `new` takes `impl Into` for each field senders must send, `reason`
    // included (it is optional only to read); a union takes its variants'
    // values.
    let busy = CallHangupEventContent::new("c3", "1", "p", Reason::UserBusy);
    assert_eq!(
        serde_json::to_value(&busy).unwrap(),
        json!({"call_id": "c3", "version": "1", "party_id": "p", "reason": "user_busy"})
    );
    assert_eq!(busy.reason_or_default(), Reason::UserBusy);
    let by_name = CallHangupEventContent::new("c3", Version::String("1".into()), "p", "user_busy");
    assert_eq!(by_name, busy);
    let old_style = CallHangupEventContent::new("c4", 0, "p", "user_hangup");
    assert_eq!(old_style.version, Version::Integer(0));
}

/// A property the schema pins to one value is no field: it is written as
/// that value, and a value read that says otherwise is refused (elsewhere
/// than in a variant family, where it sends the content to the fallback).
#[test]
fn pinned_properties_are_written_and_checked_but_not_fields() {
    use matrix_codegen_tests::golden::sample::call::invite::Offer;
    let offer = Offer::new("v=0");
    assert_eq!(
        serde_json::to_value(&offer).unwrap(),
        json!({"type": "offer", "sdp": "v=0"})
    );
    let read: Offer = serde_json::from_value(json!({"sdp": "v=0", "type": "offer"})).unwrap();
    assert_eq!(read, offer);
    let wrong = serde_json::from_value::<Offer>(json!({"type": "answer", "sdp": "v=0"}))
        .unwrap_err()
        .to_string();
    assert!(
        wrong.contains("invalid value: string \"answer\", expected offer"),
        "{wrong}"
    );
    let missing = serde_json::from_value::<Offer>(json!({"sdp": "v=0"}))
        .unwrap_err()
        .to_string();
    assert!(missing.contains("missing field `type`"), "{missing}");
}

#[test]
fn the_state_an_invite_carries_in_unsigned_reads_as_stripped_events() {
    use golden::sample::room::member::{Membership, RoomMemberEvent};
    use golden::sample::{AnyStateEvent, AnyStrippedStateEvent};
    let input = json!({
        "type": "m.room.member",
        "event_id": "$invite-ana:home.test",
        "sender": "@bo:home.test",
        "state_key": "@ana:home.test",
        "room_id": "!ferns:home.test",
        "origin_server_ts": 1_700_000_000_000_i64,
        "content": {"membership": "invite", "displayname": "Ana"},
        "unsigned": {
            "age": 52,
            "invite_room_state": [
                {"type": "m.room.topic", "state_key": "", "sender": "@bo:home.test",
                 "content": {"topic": "Ferns and mosses"}},
                {"type": "m.room.member", "state_key": "@bo:home.test", "sender": "@bo:home.test",
                 "content": {"membership": "join"}},
                {"type": "m.room.avatar", "state_key": "", "sender": "@bo:home.test",
                 "content": {"url": "mxc://home.test/leaf"}}
            ]
        }
    });
    let (event, back) = round_trip::<AnyStateEvent>(input.clone());
    assert_eq!(back, input, "the stripped state is written back as it came");
    let AnyStateEvent::RoomMember(event) = event else {
        panic!("not a member event: {event:?}");
    };
    let state = event.invite_room_state().expect("the invite's room state");
    assert_eq!(state.len(), 3);
    match &state[0] {
        AnyStrippedStateEvent::RoomTopic(topic) => {
            assert_eq!(topic.content.topic, "Ferns and mosses");
            assert_eq!(topic.sender.as_str(), "@bo:home.test");
        }
        other => panic!("not a topic: {other:?}"),
    }
    match &state[1] {
        AnyStrippedStateEvent::RoomMember(member) => {
            assert_eq!(member.content.membership, Membership::Join);
            assert_eq!(member.state_key, "@bo:home.test");
        }
        other => panic!("not a member event: {other:?}"),
    }
    // A type the sample does not know is still there, kept whole.
    assert!(
        matches!(&state[2], AnyStrippedStateEvent::Unknown(e) if e.event_type == "m.room.avatar")
    );
    assert_eq!(event.knock_room_state(), None);

    // Without `unsigned`, or with something else where the list should
    // be, there is nothing to type, and what came is still written back.
    let mut plain = input.clone();
    plain.as_object_mut().unwrap().remove("unsigned");
    let (event, _) = round_trip::<RoomMemberEvent>(plain);
    assert_eq!(event.invite_room_state(), None);
    let mut odd = input;
    odd["unsigned"]["knock_room_state"] = json!("not a list");
    let (event, back) = round_trip::<RoomMemberEvent>(odd.clone());
    assert_eq!(event.knock_room_state(), None);
    assert_eq!(event.invite_room_state().map(|s| s.len()), Some(3));
    assert_eq!(back, odd);
}

#[test]
fn what_servers_add_to_unsigned_reads_through_getters() {
    use golden::sample::room::member::{Membership, RoomMemberEvent};
    use golden::sample::room::message::RoomMessageEvent;
    let input = json!({
        "type": "m.room.member",
        "event_id": "$rename:home.test",
        "sender": "@ana:home.test",
        "state_key": "@ana:home.test",
        "room_id": "!ferns:home.test",
        "origin_server_ts": 1_700_000_000_000_i64,
        "content": {"membership": "join", "displayname": "Ana B."},
        "unsigned": {
            "age": 8,
            "transaction_id": "m1700000000000.3",
            "replaces_state": "$join:home.test",
            "prev_content": {"membership": "join", "displayname": "Ana"}
        }
    });
    let (event, back) = round_trip::<RoomMemberEvent>(input.clone());
    assert_eq!(back, input);
    assert_eq!(event.transaction_id(), Some("m1700000000000.3"));
    assert_eq!(event.replaces_state(), Some("$join:home.test"));
    let before = event.prev_content().expect("the content it replaced");
    assert_eq!(before.membership, Membership::Join);
    assert_eq!(before.displayname.as_deref(), Some("Ana"));
    assert_eq!(event.content.displayname.as_deref(), Some("Ana B."));

    // Content that is not the event's content type, or a value of another
    // type, gives `None`; it is still written back as it came.
    let mut odd = input;
    odd["unsigned"]["prev_content"] = json!({"displayname": "no membership"});
    odd["unsigned"]["transaction_id"] = json!(17);
    let (event, back) = round_trip::<RoomMemberEvent>(odd.clone());
    assert_eq!(back, odd);
    assert!(event.prev_content().is_none());
    assert_eq!(event.transaction_id(), None);

    // Message-like events carry a transaction ID too, but no state.
    let message = json!({
        "type": "m.room.message",
        "event_id": "$hi:home.test",
        "sender": "@ana:home.test",
        "room_id": "!ferns:home.test",
        "origin_server_ts": 1_700_000_000_001_i64,
        "content": {"msgtype": "m.text", "body": "hi"},
        "unsigned": {"transaction_id": "m1700000000001.4"}
    });
    let (event, _) = round_trip::<RoomMessageEvent>(message);
    assert_eq!(event.transaction_id(), Some("m1700000000001.4"));
}

#[test]
fn an_object_an_event_adds_to_unsigned_reads_as_its_own_type() {
    use golden::events::fixture::topic::{FixtureTopicEvent, FixtureTopicHistory};
    let input = json!({
        "type": "m.fixture.topic",
        "event_id": "$topic:home.test",
        "sender": "@ana:home.test",
        "state_key": "",
        "room_id": "!ferns:home.test",
        "origin_server_ts": 1_700_000_000_000_i64,
        "content": {"topic": "Mosses"},
        "unsigned": {"set_by_bot": "@gardener:home.test", "history": {"changes": 3, "since": "spring"}}
    });
    let (event, back) = round_trip::<FixtureTopicEvent>(input.clone());
    assert_eq!(back, input);
    assert_eq!(event.set_by_bot().as_deref(), Some("@gardener:home.test"));
    let history: FixtureTopicHistory = event.history().expect("the topic's history");
    assert_eq!(history.changes, 3);
    assert_eq!(history.since.as_deref(), Some("spring"));

    // Without its required `changes`, the object is not the type.
    let mut odd = input;
    odd["unsigned"]["history"] = json!({"since": "spring"});
    let (event, back) = round_trip::<FixtureTopicEvent>(odd.clone());
    assert_eq!(back, odd);
    assert!(event.history().is_none());
}
