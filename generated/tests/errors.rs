//! Malformed input is refused with the JSON path of the problem.
//! These use `m.call.invite` and `m.call.candidates`, which every spec
//! release has; the broken field comes first in each input, so the error is
//! the same whichever release the crate was built from (v1.1's `version` is
//! an integer, later ones' a string).

use matrix_events::call::candidates::CallCandidatesEventContent;
use matrix_events::call::invite::CallInviteEventContent;

#[test]
fn a_wrong_type_names_the_nested_field() {
    let json = r#"{"offer": {"type": "offer", "sdp": 5}, "call_id": "c", "version": "1", "party_id": "p", "lifetime": 60000}"#;
    let err = matrix_events::from_str::<CallInviteEventContent>(json).unwrap_err();
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
    assert!(matrix_events::from_str::<CallCandidatesEventContent>(json).is_err());
}
