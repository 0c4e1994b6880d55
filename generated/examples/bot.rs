//! A bot that answers "hi": it reads a message from a `/sync` timeline,
//! answers it three ways (plainly, as a reply, in a thread), shows what a
//! client sends for each, and reads each back to check nothing changed.
//!
//! `cargo run -p matrix-events --example bot` (any spec with `m.room.message`
//! and its `m.text` variant: the sample spec, or `MATRIX_SPEC_DIR` pointing
//! at a release). Exits with 1 if an answer does not read back identically.

use std::process::ExitCode;

use matrix_events::relations::Relation;
use matrix_events::room::message::{RoomMessageEventContent, TextMessageEventContent};
use matrix_events::{
    AnySyncMessageLikeEvent, AnySyncTimelineEvent, EventContent, MessageLikeEventContent, Relations,
};

/// One event of a room's timeline, as `/sync` hands it to the bot.
const INCOMING: &str = r#"{
    "type": "m.room.message",
    "event_id": "$greeting-41:example.org",
    "sender": "@alice:example.org",
    "origin_server_ts": 1733000000000,
    "content": {"msgtype": "m.text", "body": "hello bot"},
    "unsigned": {"age": 120}
}"#;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bot: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let event: AnySyncTimelineEvent = serde_json::from_str(INCOMING).map_err(|e| e.to_string())?;
    let AnySyncTimelineEvent::MessageLike(AnySyncMessageLikeEvent::RoomMessage(message)) = event
    else {
        return Err(format!("expected a message, read {}", event.event_type()));
    };
    let RoomMessageEventContent::Text(text) = &message.content else {
        return Err("expected a text message".to_owned());
    };
    println!("read from {}: {:?}", message.sender, text.body);

    // The three answers, one line each.
    let hi: RoomMessageEventContent = TextMessageEventContent::new("hi").into();
    let reply = hi.clone().reply_to(message.event_id.clone());
    let in_thread = hi
        .clone()
        .in_thread(message.event_id.clone(), message.event_id.clone());

    let mut failures = 0;
    for (what, content) in [("plain", &hi), ("reply", &reply), ("thread", &in_thread)] {
        // What a client sends: the content is the body of
        // `PUT /_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}`.
        let body = serde_json::to_string(content).map_err(|e| e.to_string())?;
        println!(
            "{what}: PUT .../send/{}/txn-{what} {body}",
            RoomMessageEventContent::EVENT_TYPE
        );
        let relation = content.relation().map(|r| describe(&r));
        println!("  relation: {}", relation.as_deref().unwrap_or("none"));

        // Read back as the content, and as the event the server returns
        // in the next `/sync`.
        let back: RoomMessageEventContent =
            serde_json::from_str(&body).map_err(|e| e.to_string())?;
        let event = content.clone().into_sync_message_like_event(
            message.event_id.clone(),
            message.sender.clone(),
            message.origin_server_ts + 1,
        );
        let event_json = serde_json::to_value(&event).map_err(|e| e.to_string())?;
        let read: AnySyncTimelineEvent =
            serde_json::from_value(event_json.clone()).map_err(|e| e.to_string())?;
        let written = serde_json::to_value(&read).map_err(|e| e.to_string())?;
        let same = &back == content
            && serde_json::to_string(&back).ok().as_ref() == Some(&body)
            && written == event_json
            && matches!(read, AnySyncTimelineEvent::MessageLike(AnySyncMessageLikeEvent::RoomMessage(ref e)) if &e.content == content);
        println!(
            "  read back: {}",
            if same { "identical" } else { "DIFFERENT" }
        );
        if !same {
            failures += 1;
        }
    }
    match failures {
        0 => Ok(()),
        n => Err(format!("{n} answers did not read back identically")),
    }
}

fn describe(relation: &Relation) -> String {
    match relation {
        Relation::Reply(reply) => format!("reply to {}", reply.in_reply_to.event_id),
        Relation::Thread(thread) => format!(
            "in the thread of {} (falling back to a reply to {})",
            thread.event_id,
            (thread.in_reply_to.as_ref()).map_or("nothing", |r| &*r.event_id)
        ),
        other => format!("{other:?}"),
    }
}
