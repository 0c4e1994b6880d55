//! `m.relates_to` on message content: typed reading by `rel_type`, the
//! helpers that make a reply, a thread message or an edit, and the
//! conversions from content to the `Any*` content enums and to events.
//! Uses `m.room.message`'s `m.text`, which every spec release and the sample
//! spec have; event IDs come from a read event, so the test does not depend
//! on whether the release has identifier types.

use matrix_events::relations::Relation;
use matrix_events::room::message::{
    RoomMessageEventContent, SyncRoomMessageEvent, TextMessageEventContent,
};
use matrix_events::{AnyMessageLikeContent, AnyTimelineEvent, MessageLikeEventContent, Relations};
use serde_json::{json, Value};

const ORIGINAL: &str = r#"{
    "type": "m.room.message",
    "event_id": "$root:example.org",
    "sender": "@alice:example.org",
    "origin_server_ts": 1733000000000,
    "content": {"msgtype": "m.text", "body": "lunch?"}
}"#;

fn original() -> SyncRoomMessageEvent {
    serde_json::from_str(ORIGINAL).unwrap()
}

fn text_with(relates_to: Value) -> Value {
    json!({"msgtype": "m.text", "body": "sure", "m.relates_to": relates_to})
}

/// Reads content carrying `relates_to`, checks it is written back as read,
/// and returns its relation.
fn relation_of(relates_to: Value) -> Relation {
    let json = text_with(relates_to);
    let content: RoomMessageEventContent = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(serde_json::to_value(&content).unwrap(), json);
    content.relation().expect("content has m.relates_to")
}

#[test]
fn each_relation_type_reads_into_its_variant() {
    let reply = relation_of(json!({"m.in_reply_to": {"event_id": "$a"}}));
    assert!(
        matches!(&reply, Relation::Reply(r) if &*r.in_reply_to.event_id == "$a"),
        "{reply:?}"
    );
    assert_eq!((reply.rel_type(), reply.event_id()), (None, Some("$a")));

    let thread = relation_of(json!({
        "rel_type": "m.thread", "event_id": "$root", "is_falling_back": true,
        "m.in_reply_to": {"event_id": "$last"}
    }));
    let Relation::Thread(t) = &thread else {
        panic!("{thread:?}")
    };
    assert_eq!((&*t.event_id, t.is_falling_back), ("$root", Some(true)));
    assert_eq!(t.in_reply_to.as_ref().map(|r| &*r.event_id), Some("$last"));
    assert_eq!(thread.rel_type(), Some("m.thread"));

    let edit = relation_of(json!({"rel_type": "m.replace", "event_id": "$old"}));
    assert!(
        matches!(&edit, Relation::Replacement(r) if &*r.event_id == "$old"),
        "{edit:?}"
    );

    let reaction = relation_of(json!({"rel_type": "m.annotation", "event_id": "$b", "key": "👍"}));
    assert!(
        matches!(&reaction, Relation::Annotation(a) if a.key == "👍"),
        "{reaction:?}"
    );

    let reference = relation_of(json!({"rel_type": "m.reference", "event_id": "$c"}));
    assert!(
        matches!(&reference, Relation::Reference(r) if &*r.event_id == "$c"),
        "{reference:?}"
    );
}

#[test]
fn an_unknown_or_ill_fitting_relation_is_kept_whole() {
    let custom = json!({"rel_type": "org.example.pin", "event_id": "$d", "pinned": true});
    let relation = relation_of(custom.clone());
    assert_eq!(
        relation,
        Relation::Other(custom.as_object().unwrap().clone())
    );
    assert_eq!(
        (relation.rel_type(), relation.event_id()),
        (Some("org.example.pin"), Some("$d"))
    );

    // A thread without its root is not a thread.
    let rootless = json!({"rel_type": "m.thread", "is_falling_back": true});
    assert!(matches!(relation_of(rootless), Relation::Other(_)));

    // A field the relation does not declare travels with it.
    let annotated =
        relation_of(json!({"rel_type": "m.replace", "event_id": "$e", "org.example.note": 1}));
    assert!(matches!(&annotated, Relation::Replacement(r) if r.extra["org.example.note"] == 1));
    assert_eq!(annotated.to_json()["org.example.note"], 1);

    // Not an object: no relation, and the value stays as it was.
    let odd = text_with(json!("$f"));
    let content: RoomMessageEventContent = serde_json::from_value(odd.clone()).unwrap();
    assert_eq!(content.relation(), None);
    assert_eq!(serde_json::to_value(&content).unwrap(), odd);
}

#[test]
fn helpers_make_replies_threads_and_edits() {
    let root = original();
    let answer: RoomMessageEventContent = TextMessageEventContent::new("sure").into();

    let reply = answer.clone().reply_to(root.event_id.clone());
    assert_eq!(
        serde_json::to_value(&reply).unwrap(),
        text_with(json!({"m.in_reply_to": {"event_id": "$root:example.org"}}))
    );

    let in_thread = answer
        .clone()
        .in_thread(root.event_id.clone(), root.event_id.clone());
    assert_eq!(
        serde_json::to_value(&in_thread).unwrap(),
        text_with(json!({
            "rel_type": "m.thread", "event_id": "$root:example.org", "is_falling_back": true,
            "m.in_reply_to": {"event_id": "$root:example.org"}
        }))
    );
    let answered = answer
        .clone()
        .reply_in_thread(root.event_id.clone(), root.event_id.clone());
    assert!(
        matches!(answered.relation(), Some(Relation::Thread(t)) if t.is_falling_back == Some(false))
    );

    let edit = reply.clone().edit_of(root.event_id.clone());
    let json = serde_json::to_value(&edit).unwrap();
    assert_eq!(
        json["m.new_content"],
        json!({"msgtype": "m.text", "body": "sure"})
    );
    assert_eq!(
        json["m.relates_to"],
        json!({"rel_type": "m.replace", "event_id": "$root:example.org"})
    );

    let mut cleared = reply;
    cleared.set_relation(None);
    assert_eq!(cleared, answer);
}

#[test]
fn content_turns_into_any_content_and_into_events() {
    let text = TextMessageEventContent::new("hi");
    let any = AnyMessageLikeContent::from(text.clone());
    assert!(
        matches!(&any, AnyMessageLikeContent::RoomMessage(RoomMessageEventContent::Text(t)) if *t == text)
    );
    assert_eq!(
        serde_json::to_value(&any).unwrap(),
        json!({"msgtype": "m.text", "body": "hi"})
    );

    let root = original();
    let content = RoomMessageEventContent::from(text);
    let event = content.clone().into_sync_message_like_event(
        root.event_id.clone(),
        root.sender.clone(),
        root.origin_server_ts,
    );
    assert_eq!(
        serde_json::to_value(&event).unwrap(),
        json!({
            "type": "m.room.message",
            "content": {"msgtype": "m.text", "body": "hi"},
            "event_id": "$root:example.org",
            "sender": "@alice:example.org",
            "origin_server_ts": 1733000000000_i64
        })
    );
    let mut full = serde_json::to_value(&event).unwrap();
    full["room_id"] = json!("!room:example.org");
    let read: AnyTimelineEvent = serde_json::from_value(full.clone()).unwrap();
    assert_eq!(serde_json::to_value(&read).unwrap(), full);
}
