//! A `/sync` response of our own mixing spec events, our own events (from
//! `events/`) and the repository's extra schemas (secret storage, polls
//! under stable and unstable names): each lands in its specific variant
//! and is written back as it came, its `type` included.

use downstream_example::{
    AnyGlobalAccountDataEvent, AnySyncStateEvent, AnySyncTimelineEvent, AnyToDeviceEvent,
    EventContent,
};
use serde_json::{json, Value};

fn sync_response() -> Value {
    json!({
        "next_batch": "s9_7_0_1",
        "account_data": {"events": [
            {"type": "com.example.preferences", "content": {"theme": "dark", "compact": true}},
            {"type": "m.secret_storage.default_key", "content": {"key": "Wq3nF8rT"}},
            {"type": "m.secret_storage.key.Wq3nF8rT", "content": {
                "algorithm": "m.secret_storage.v1.aes-hmac-sha2",
                "iv": "p2ZdGQ+1r4mWcCqJ0s9q1A",
                "mac": "Vq1pDg8bRk3v0JmS9tHfXwE2yQz7cLnA4uKe6oMr5iY"
            }}
        ]},
        "to_device": {"events": [
            {"type": "com.example.ping", "sender": "@me:example.org", "content": {"nonce": "n-41"}}
        ]},
        "rooms": {"join": {"!team:example.org": {
            "state": {"events": [
                {"type": "com.example.room.status", "state_key": "", "event_id": "$s1",
                 "sender": "@lead:example.org", "origin_server_ts": 1_732_100_000_000u64,
                 "content": {"status": "busy", "note": "release week"}}
            ]},
            "timeline": {"limited": false, "events": [
                {"type": "m.call.hangup", "event_id": "$c1", "sender": "@a:example.org",
                 "origin_server_ts": 1_732_100_001_000u64,
                 "content": {"call_id": "c", "party_id": "p", "version": "1", "reason": "user_hangup"}},
                {"type": "com.example.task", "event_id": "$t1", "sender": "@lead:example.org",
                 "origin_server_ts": 1_732_100_002_000u64,
                 "content": {"title": "Book the venue", "assignee": "@bob:example.org"}},
                {"type": "org.matrix.msc3381.poll.start", "event_id": "$p1", "sender": "@lead:example.org",
                 "origin_server_ts": 1_732_100_003_000u64,
                 "content": {
                    "org.matrix.msc3381.poll.start": {
                        "question": {"org.matrix.msc1767.text": "Lunch?"},
                        "kind": "org.matrix.msc3381.poll.disclosed",
                        "max_selections": 1,
                        "answers": [{"id": "y", "org.matrix.msc1767.text": "Yes"}, {"id": "n", "org.matrix.msc1767.text": "No"}]
                    },
                    "org.matrix.msc1767.text": "Lunch?\n1. Yes\n2. No"
                 }},
                {"type": "m.poll.response", "event_id": "$p2", "sender": "@bob:example.org",
                 "origin_server_ts": 1_732_100_004_000u64,
                 "content": {"m.relates_to": {"rel_type": "m.reference", "event_id": "$p1"},
                             "m.poll.response": {"answers": ["y"]}}},
                {"type": "org.matrix.msc3381.poll.response", "event_id": "$p3", "sender": "@carol:example.org",
                 "origin_server_ts": 1_732_100_005_000u64,
                 "content": {"m.relates_to": {"rel_type": "m.reference", "event_id": "$p1"},
                             "org.matrix.msc3381.poll.response": {"answers": ["n"]}}},
                {"type": "m.poll.end", "event_id": "$p4", "sender": "@lead:example.org",
                 "origin_server_ts": 1_732_100_006_000u64,
                 "content": {"m.relates_to": {"rel_type": "m.reference", "event_id": "$p1"},
                             "m.poll.end": {}, "m.text": "Yes wins."}}
            ]}
        }}}
    })
}

/// Reads a section as `Vec<T>`, checks it is written back as it came, and
/// returns the events.
fn section<T: serde::de::DeserializeOwned + serde::Serialize>(events: &Value) -> Vec<T> {
    let text = serde_json::to_string(events).unwrap();
    let read: Vec<T> = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(&serde_json::to_value(&read).unwrap(), events);
    read
}

#[test]
fn every_event_lands_in_its_own_variant_and_comes_back_as_it_came() {
    let sync = sync_response();
    let room = &sync["rooms"]["join"]["!team:example.org"];

    let account = section::<AnyGlobalAccountDataEvent>(&sync["account_data"]["events"]);
    assert!(
        matches!(&account[0], AnyGlobalAccountDataEvent::ComExamplePreferences(e) if e.content.compact == Some(true))
    );
    assert!(
        matches!(&account[1], AnyGlobalAccountDataEvent::SecretStorageDefaultKey(e) if e.content.key == "Wq3nF8rT")
    );
    let AnyGlobalAccountDataEvent::SecretStorageKey(key) = &account[2] else {
        panic!("{:?}", account[2]);
    };
    // One schema for every `m.secret_storage.key.<id>`; the type is kept.
    assert_eq!(key.event_type(), "m.secret_storage.key.Wq3nF8rT");
    assert_eq!(key.content.algorithm, "m.secret_storage.v1.aes-hmac-sha2");

    let to_device = section::<AnyToDeviceEvent>(&sync["to_device"]["events"]);
    assert!(
        matches!(&to_device[0], AnyToDeviceEvent::ComExamplePing(e) if e.content.nonce == "n-41")
    );

    let state = section::<AnySyncStateEvent>(&room["state"]["events"]);
    assert!(
        matches!(&state[0], AnySyncStateEvent::ComExampleRoomStatus(e) if e.content.status.as_str() == "busy")
    );

    let timeline = section::<AnySyncTimelineEvent>(&room["timeline"]["events"]);
    let types: Vec<(&str, String)> = timeline
        .iter()
        .map(|e| {
            let AnySyncTimelineEvent::MessageLike(e) = e else {
                panic!("{e:?}")
            };
            let variant = format!("{e:?}");
            (
                e.event_type(),
                variant[..variant.find('(').unwrap()].to_owned(),
            )
        })
        .collect();
    assert_eq!(
        types,
        [
            ("m.call.hangup", "CallHangup".to_owned()),
            ("com.example.task", "ComExampleTask".to_owned()),
            ("org.matrix.msc3381.poll.start", "PollStart".to_owned()),
            ("m.poll.response", "PollResponse".to_owned()),
            (
                "org.matrix.msc3381.poll.response",
                "PollResponse".to_owned()
            ),
            ("m.poll.end", "PollEnd".to_owned()),
        ]
    );
}

#[test]
fn content_of_own_events_is_typed() {
    use downstream_example::com::example::task::ComExampleTaskEventContent;
    use downstream_example::poll::start::{PollStartEvent, PollStartEventContent};

    assert_eq!(
        <PollStartEventContent as EventContent>::EVENT_TYPE,
        "m.poll.start"
    );
    assert!(PollStartEventContent::accepts_type(
        "org.matrix.msc3381.poll.start"
    ));
    assert!(!PollStartEventContent::accepts_type(
        "org.matrix.msc3381.poll.end"
    ));

    // Read on its own, under the unstable name, and sent under it again.
    let unstable = json!({"type": "org.matrix.msc3381.poll.start", "event_id": "$p", "room_id": "!r:example.org",
        "sender": "@a:example.org", "origin_server_ts": 1,
        "content": {"org.matrix.msc3381.poll.start": {"question": {"org.matrix.msc1767.text": "Q"}, "answers": []}}});
    let poll: PollStartEvent = serde_json::from_value(unstable.clone()).unwrap();
    let block = poll.content.org_matrix_msc3381_poll_start.as_ref().unwrap();
    assert_eq!(block.question.org_matrix_msc1767_text.as_deref(), Some("Q"));
    assert_eq!(serde_json::to_value(&poll).unwrap(), unstable);

    let task: ComExampleTaskEventContent =
        serde_json::from_value(json!({"title": "t", "assignee": "@bob:example.org"})).unwrap();
    let assignee: &downstream_example::ids::UserId = task.assignee.as_ref().unwrap();
    assert_eq!(assignee.localpart(), Some("bob"));
}
