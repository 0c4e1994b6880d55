//! Identifier types: generated from `string-formats.yaml`, used wherever a
//! schema gives a field or a map's keys a format, read leniently (any
//! string, kept as written) and checked only on request.

use matrix_codegen_tests::golden::{identifiers as fx, sample};
use serde_json::{json, Value};

fn hangup_from(sender: &str) -> Value {
    json!({
        "type": "m.call.hangup",
        "event_id": "$h:example.org",
        "room_id": "!r:example.org",
        "sender": sender,
        "origin_server_ts": 1_700_000_000_000u64,
        "content": {"call_id": "c", "version": "1", "party_id": "p", "reason": "user_hangup"},
    })
}

#[test]
fn an_identifier_off_the_grammar_is_read_kept_and_written_back() {
    let input = hangup_from("not a user id");
    let text = serde_json::to_string(&input).unwrap();
    let event: sample::AnyMessageLikeEvent = matrix_events_from_str(&text);
    let sample::AnyMessageLikeEvent::CallHangup(hangup) = &event else {
        panic!("not the hangup variant: {event:?}");
    };
    let sender: &sample::ids::UserId = &hangup.sender;
    assert_eq!(sender.as_str(), "not a user id");
    assert!(!sender.is_valid());
    assert_eq!(sender.localpart(), None);
    assert_eq!(serde_json::to_value(&event).unwrap(), input);

    let err = sample::ids::UserId::parse("not a user id").unwrap_err();
    assert_eq!(err.format(), "User ID");
    assert_eq!(
        err.to_string(),
        "not a valid User ID: it does not start with its sigil"
    );
    assert!("not a user id".parse::<sample::ids::UserId>().is_err());
}

#[test]
fn envelopes_and_fields_the_schemas_mark_use_the_identifier_types() {
    let input = hangup_from("@alice:example.org");
    let event: sample::call::hangup::CallHangupEvent =
        matrix_events_from_str(&serde_json::to_string(&input).unwrap());
    let sender: &sample::ids::UserId = &event.sender;
    let room: &sample::ids::RoomId = &event.room_id;
    let id: &sample::ids::EventId = &event.event_id;
    assert!(sender.is_valid() && room.is_valid() && id.is_valid());
    assert_eq!(sender.localpart(), Some("alice"));
    assert_eq!(sender.server_name(), Some("example.org"));
    assert_eq!(room.server_name(), Some("example.org"));
    assert_eq!(*sender, "@alice:example.org");
    assert_eq!(sender.to_string(), "@alice:example.org");

    let invite: sample::call::invite::CallInviteEventContent = serde_json::from_value(json!({
        "call_id": "c", "version": "1", "party_id": "p", "lifetime": 60000,
        "offer": {"type": "offer", "sdp": "v=0"}, "invitee": "@bob:example.org"
    }))
    .unwrap();
    let invitee: Option<sample::ids::UserId> = invite.invitee;
    assert_eq!(invitee.as_deref(), Some("@bob:example.org"));
}

#[test]
fn maps_keyed_by_identifiers_read_any_key_and_look_up_by_str() {
    let input = json!({
        "owner": "@owner:example.org",
        "alias": "#room:example.org",
        "avatar_url": "mxc://example.org/abc_DEF-1",
        "members": ["@a:example.org", "someone odd"],
        "levels": {"@a:example.org": 50, "not a user": 10},
        "token": "anything at all",
        "homepage": "https://example.org",
        "unlisted": "x"
    });
    let content: fx::fixture::ids::FixtureIdsEventContent =
        serde_json::from_value(input.clone()).unwrap();
    assert_eq!(serde_json::to_value(&content).unwrap(), input);

    let levels = content.levels.as_ref().unwrap();
    assert_eq!(levels.get("@a:example.org"), Some(&50));
    assert_eq!(levels.get("not a user"), Some(&10));
    let invalid: Vec<&str> = (levels.keys())
        .filter(|k| !k.is_valid())
        .map(|k| k.as_str())
        .collect();
    assert_eq!(invalid, ["not a user"]);
    let members = content.members.as_ref().unwrap();
    assert_eq!(
        members
            .iter()
            .map(fx::ids::UserId::is_valid)
            .collect::<Vec<_>>(),
        [true, false]
    );
    let alias = content.alias.as_ref().unwrap();
    assert_eq!(alias.localpart(), Some("room"));
    let avatar = content.avatar_url.as_ref().unwrap();
    assert_eq!(avatar.server_name(), Some("example.org"));
    assert_eq!(avatar.media_id(), Some("abc_DEF-1"));
    assert!(avatar.is_valid());
    // A format with no grammar: a type, and every string parses.
    assert!(content.token.as_ref().unwrap().is_valid());
    assert!(fx::ids::FixtureToken::parse("").is_ok());
    // `uri` is no Matrix identifier, and an unlisted format has no type.
    let _: &Option<String> = &content.homepage;
    let _: &Option<String> = &content.unlisted;

    let map_input = json!({"@a:example.org": ["!r:example.org"], "bad key": []});
    let map: fx::fixture::id_map::FixtureIdMapEventContent =
        serde_json::from_value(map_input.clone()).unwrap();
    assert!(map.entries.contains_key("bad key"));
    assert_eq!(serde_json::to_value(&map).unwrap(), map_input);
}

#[test]
fn parse_checks_the_grammar_of_each_format() {
    use sample::ids::{EventId, RoomId, ServerName, UserId};
    for ok in [
        "@alice:example.org",
        "@a.b_c=d-e/f+g:matrix.org:8448",
        "@Historical!Name:[::1]",
    ] {
        assert!(UserId::parse(ok).is_ok(), "{ok}");
    }
    for bad in [
        "alice:example.org",
        "@alice",
        "@:example.org",
        "@al ice:example.org",
        "@alice:exa mple.org",
        "@alice:example.org:99999999",
    ] {
        assert!(UserId::parse(bad).is_err(), "{bad}");
    }
    let long = format!("@{}:example.org", "a".repeat(250));
    assert_eq!(
        UserId::parse(&long).unwrap_err().reason(),
        "it is longer than 255 bytes"
    );

    assert!(RoomId::parse("!opaque:example.org").is_ok());
    assert!(RoomId::parse("!opaqueRoomVersion12").is_ok());
    assert!(RoomId::parse("#alias:example.org").is_err());
    assert!(EventId::parse("$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg").is_ok());
    assert!(EventId::parse("$old:example.org").is_ok());
    assert!(EventId::parse("$").is_err());

    for ok in [
        "example.org",
        "example.org:8448",
        "1.2.3.4",
        "[1234:5678::abcd]:443",
    ] {
        let name = ServerName::parse(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
        assert!(name.is_valid());
    }
    let name = ServerName::parse("[1234:5678::abcd]:443").unwrap();
    assert_eq!((name.host(), name.port()), ("[1234:5678::abcd]", Some(443)));
    for bad in [
        "",
        "exa_mple.org",
        "example.org:",
        "example.org:port",
        "[::1",
    ] {
        assert!(ServerName::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn base64_and_content_uri_grammars() {
    use fx::ids::MatrixContentUri;
    assert!(MatrixContentUri::parse("mxc://example.org/media").is_ok());
    assert!(MatrixContentUri::parse("https://example.org/media").is_err());
    assert!(MatrixContentUri::parse("mxc://example.org/").is_err());
    assert!(MatrixContentUri::parse("mxc://example.org/a/b").is_err());
}

fn matrix_events_from_str<T: serde::de::DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}
