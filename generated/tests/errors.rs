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
    // `type` first: the content is read in place, so serde_path_to_error
    // sees the field and the position is the one in the whole input.
    let json = broken_invite(true);
    let err = matrix_events::from_str::<matrix_events::AnyMessageLikeEvent>(&json).unwrap_err();
    assert_eq!(err.path(), "content.offer.sdp", "{err}");
    assert!(
        err.to_string().starts_with(
            "content.offer.sdp: invalid type: integer `5`, expected a string at line 1 column 147"
        ),
        "{err}"
    );

    // `content` first: it is kept as text until `type` is known, and the
    // error found on parsing it names the path in its message.
    let json = broken_invite(false);
    let err = matrix_events::from_str::<matrix_events::AnyMessageLikeEvent>(&json).unwrap_err();
    assert_eq!(err.path(), ".", "{err}");
    assert!(
        err.to_string()
            .starts_with("content.offer.sdp: invalid type: integer `5`"),
        "{err}"
    );
    let err = serde_json::from_str::<matrix_events::AnyMessageLikeEvent>(&json).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("content.offer.sdp: invalid type: integer `5`"),
        "{err}"
    );
}
