//! The types a user's build script generated, used as a user would.

use downstream_example::call::hangup::{CallHangupEvent, Reason};
use downstream_example::{AnyMessageLikeEvent, EventContent};

#[test]
fn the_generated_types_read_and_write_events() {
    let json = r#"{"type": "m.call.hangup", "event_id": "$h", "room_id": "!r", "sender": "@a:b",
        "origin_server_ts": 1, "content": {"call_id": "c", "version": "1", "party_id": "p", "reason": "user_busy"}}"#;
    let event: AnyMessageLikeEvent = serde_json::from_str(json).unwrap();
    let AnyMessageLikeEvent::CallHangup(hangup) = &event else {
        panic!("{event:?}")
    };
    assert_eq!(hangup.content.reason_or_default(), Reason::UserBusy);
    let back: CallHangupEvent =
        serde_json::from_value(serde_json::to_value(hangup).unwrap()).unwrap();
    assert_eq!(&back, hangup);
}

#[test]
fn the_build_script_options_took_effect() {
    // `.events([...])`: only the events it names were generated.
    assert!(downstream_example::EVENT_TYPES.iter().all(|(t, _)| {
        [
            "m.call.",
            "m.poll.",
            "org.matrix.msc3381.poll.",
            "m.secret_storage.",
            "com.example.",
        ]
        .iter()
        .any(|p| t.starts_with(p))
    }));
    assert_eq!(
        <downstream_example::call::reject::CallRejectEventContent as EventContent>::EVENT_TYPE,
        "m.call.reject"
    );
    // `.derive("Eq")`: content types are `Eq`.
    fn is_eq<T: Eq>() {}
    is_eq::<downstream_example::call::hangup::CallHangupEventContent>();
}
