//! Events from clients older than the schema: a property the schema says
//! came after its event (`x-addedInMatrixVersion` later than the event's
//! own), or whose absence has a meaning, is required of senders but read
//! when absent. Exercised on the sample spec's call events, whose
//! `party_id` arrived in v1.7 and whose hangup `reason` defaults to
//! `user_hangup`, with VoIP events as version-0 clients send them.

use matrix_codegen_tests::golden::sample as events;
use serde_json::{json, Value};

use events::call::hangup::{CallHangupEventContent, Reason};
use events::call::invite::{CallInviteEventContent, Offer};
use events::{AnySyncMessageLikeEvent, AnySyncTimelineEvent};

fn timeline_event(kind: &str, content: Value) -> Value {
    json!({
        "type": kind,
        "event_id": format!("$v0-{kind}:example.org"),
        "sender": "@olduser:example.org",
        "origin_server_ts": 1_600_000_000_000_i64,
        "content": content,
    })
}

/// Reads `json` from a timeline and checks it is written back as read.
fn read(json: &Value) -> AnySyncMessageLikeEvent {
    let event: AnySyncTimelineEvent = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(&serde_json::to_value(&event).unwrap(), json);
    match event {
        AnySyncTimelineEvent::MessageLike(event) => event,
        other => panic!("not message-like: {other:?}"),
    }
}

#[test]
fn version_zero_call_events_read_typed() {
    let invite = timeline_event(
        "m.call.invite",
        json!({"call_id": "c0", "version": 0, "lifetime": 60000, "offer": {"type": "offer", "sdp": "v=0"}}),
    );
    let AnySyncMessageLikeEvent::CallInvite(invite) = read(&invite) else {
        panic!("invite")
    };
    assert_eq!(invite.content.party_id, None);
    assert_eq!(
        invite.content.version,
        events::call::invite::Version::Integer(0)
    );

    let answer = timeline_event(
        "m.call.answer",
        json!({"call_id": "c0", "version": 0, "answer": {"type": "answer", "sdp": "v=0"}}),
    );
    let AnySyncMessageLikeEvent::CallAnswer(answer) = read(&answer) else {
        panic!("answer")
    };
    assert_eq!(answer.content.party_id, None);

    let hangup = timeline_event("m.call.hangup", json!({"call_id": "c0", "version": 0}));
    let AnySyncMessageLikeEvent::CallHangup(hangup) = read(&hangup) else {
        panic!("hangup")
    };
    assert_eq!(
        (
            hangup.content.party_id.as_ref(),
            hangup.content.reason.as_ref()
        ),
        (None, None)
    );
    assert_eq!(hangup.content.reason_or_default(), Reason::UserHangup);
}

#[test]
fn constructors_still_take_what_senders_must_send() {
    let hangup = CallHangupEventContent::new("c1", "1", "DEVICE", Reason::UserBusy);
    assert_eq!(
        serde_json::to_value(&hangup).unwrap(),
        json!({"call_id": "c1", "version": "1", "party_id": "DEVICE", "reason": "user_busy"})
    );
    let invite = CallInviteEventContent::new("c1", "1", "DEVICE", Offer::new("v=0"), 30000);
    assert_eq!(invite.party_id.as_deref(), Some("DEVICE"));
}

#[test]
fn what_was_always_required_still_is() {
    // `call_id` is as old as the event: without it the content is not a hangup.
    let err = serde_json::from_value::<CallHangupEventContent>(json!({"version": 0})).unwrap_err();
    assert!(err.to_string().contains("missing field `call_id`"), "{err}");
    // `m.call.reject` arrived with `party_id` (both v1.7): required to read.
    let err = serde_json::from_value::<events::call::reject::CallRejectEventContent>(
        json!({"call_id": "c", "version": "1"}),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("missing field `party_id`"),
        "{err}"
    );
}
