//! Malformed input is refused with the JSON path of the problem.
//! These use `m.call.invite` and `m.call.candidates`, which every spec
//! release has; the broken field comes first in each input, so the error is
//! the same whichever release the crate was built from (v1.1's `version` is
//! an integer, later ones' a string).

use matrix_events::call::candidates::CallCandidatesEventContent;
use matrix_events::call::invite::CallInviteEventContent;

/// `m.call.invite` content whose offer's `sdp` is a number.
const BROKEN_INVITE_CONTENT: &str = r#"{"offer": {"type": "offer", "sdp": 5}, "call_id": "c", "version": "1", "party_id": "p", "lifetime": 60000}"#;

#[test]
fn a_wrong_type_names_the_nested_field() {
    let err = matrix_events::from_str::<CallInviteEventContent>(BROKEN_INVITE_CONTENT).unwrap_err();
    assert_eq!(err.path(), "offer.sdp", "{err}");
    assert!(
        err.to_string()
            .starts_with("offer.sdp: invalid type: integer `5`"),
        "{err}"
    );
}

#[test]
fn a_missing_field_names_its_parent() {
    let json = r#"{"candidates": [{"sdpMid": "0", "sdpMLineIndex": 0}], "call_id": "c", "version": "1", "party_id": "p"}"#;
    let err = matrix_events::from_str::<CallCandidatesEventContent>(json).unwrap_err();
    assert_eq!(err.path(), "candidates[0]", "{err}");
    assert!(
        err.to_string().contains("missing field `candidate`"),
        "{err}"
    );
}

#[test]
fn trailing_garbage_is_an_error_too() {
    let json = r#"{"call_id": "c", "version": "1", "party_id": "p", "candidates": []} x"#;
    let err = matrix_events::from_str::<CallCandidatesEventContent>(json).unwrap_err();
    assert_eq!(err.path(), ".", "{err}");
}

/// An `m.call.invite` event whose offer's `sdp` is a number, with `type`
/// before or after `content`.
fn broken_invite(type_first: bool) -> String {
    let content = BROKEN_INVITE_CONTENT;
    let envelope = r#""event_id": "$e", "room_id": "!r", "sender": "@s", "origin_server_ts": 1"#;
    if type_first {
        format!(r#"{{"type": "m.call.invite", {envelope}, "content": {content}}}"#)
    } else {
        format!(r#"{{"content": {content}, {envelope}, "type": "m.call.invite"}}"#)
    }
}

#[test]
fn event_errors_name_the_path_inside_content_in_either_key_order() {
    use matrix_events::AnyMessageLikeEvent;
    for type_first in [true, false] {
        let json = broken_invite(type_first);
        // Read leniently (the `Any*` enums' `Deserialize`), the event is
        // kept whole as `Invalid`, its error naming the path.
        let event = matrix_events::from_str::<AnyMessageLikeEvent>(&json).unwrap();
        let invalid = event.invalid().expect("kept as invalid");
        assert_eq!(
            invalid.error, "content.offer.sdp: invalid type: integer `5`, expected a string",
            "type first: {type_first}"
        );
        // Read strictly, it is an error with the same path.
        let mut deserializer = serde_json::Deserializer::from_str(&json);
        let err = AnyMessageLikeEvent::deserialize_strict(&mut deserializer).unwrap_err();
        let expected = if type_first {
            // In place: the position is the one in the whole input.
            "invalid type: integer `5`, expected a string at line 1 column 147"
        } else {
            // Kept as text until `type` came: the message names the path.
            "content.offer.sdp: invalid type: integer `5`"
        };
        assert!(err.to_string().starts_with(expected), "{err}");
    }
}
