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

/// Every way of breaking one value of an event: each value given one of
/// another JSON type (a number for an object, a list or a string, a string
/// for the rest), each key removed. Returns the broken events as text.
fn broken_copies(event: &serde_json::Value) -> Vec<String> {
    use serde_json::Value;
    fn walk(value: &Value, copy: &mut Value, at: &mut Vec<Value>, out: &mut Vec<String>) {
        let replacement = match value {
            Value::Object(_) | Value::Array(_) => Value::from(5),
            Value::String(_) => Value::from(7),
            _ => Value::from("seven"),
        };
        if let Some(slot) = copy.pointer_mut(&pointer(at)) {
            if !at.is_empty() {
                let kept = std::mem::replace(slot, replacement);
                out.push(copy.to_string());
                *copy.pointer_mut(&pointer(at)).unwrap() = kept;
            }
        }
        match value {
            Value::Object(map) => {
                for (key, item) in map {
                    let parent = copy.pointer_mut(&pointer(at)).unwrap();
                    let kept = parent.as_object_mut().unwrap().remove(key).unwrap();
                    out.push(copy.to_string());
                    let parent = copy.pointer_mut(&pointer(at)).unwrap();
                    parent.as_object_mut().unwrap().insert(key.clone(), kept);
                    at.push(Value::from(key.as_str()));
                    walk(item, copy, at, out);
                    at.pop();
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    at.push(Value::from(index));
                    walk(item, copy, at, out);
                    at.pop();
                }
            }
            _ => {}
        }
    }
    fn pointer(at: &[Value]) -> String {
        at.iter()
            .map(|step| match step {
                Value::String(key) => format!("/{}", key.replace('~', "~0").replace('/', "~1")),
                index => format!("/{index}"),
            })
            .collect()
    }
    let mut out = Vec::new();
    walk(event, &mut event.clone(), &mut Vec::new(), &mut out);
    out
}

/// The event's text with `type` first, so that `content` is read in place
/// (`serde_json` writes keys sorted, which puts `content` first).
fn type_first(text: &str) -> String {
    let mut event: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text).unwrap();
    let Some(event_type) = event.remove("type") else {
        return text.to_owned();
    };
    let rest = serde_json::to_string(&event).unwrap();
    let comma = if event.is_empty() { "" } else { "," };
    format!("{{\"type\":{event_type}{comma}{}", &rest[1..])
}

/// Reads `text` as `T` strictly, once finding the error's path from its
/// position (`from_str_strict`) and once tracking it (`serde_path_to_error`);
/// `None` if either read succeeds, else the two paths and messages.
fn both_paths<T: serde::de::DeserializeOwned>(text: &str) -> Option<[String; 2]> {
    let ours = matrix_events::from_str_strict::<T>(text).err()?;
    let tracked = matrix_events::__private::strictly(|| {
        let mut json = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize::<_, T>(&mut json)
    })
    .err()?;
    Some([
        format!("{}: {}", ours.path(), ours.inner()),
        format!("{}: {}", tracked.path(), tracked.inner()),
    ])
}

#[test]
fn error_paths_are_those_a_path_tracking_read_finds() {
    use matrix_events::*;
    // The path comes from the error's line and column (`__private::path_at`);
    // `serde_path_to_error`, which tracks it while reading, is the reference.
    // The corpus, and a call's candidates, which every release and the
    // sample spec know, so that paths go past a list's first item whatever
    // the crate was built from.
    let candidates = r#"{"context": "timeline", "event": {"type": "m.call.candidates", "event_id": "$cand:example.org", "room_id": "!call:example.org", "sender": "@carol:example.org", "origin_server_ts": 1733000000000, "content": {"call_id": "call-7", "party_id": "laptop", "version": "1", "candidates": [{"candidate": "candidate:1 1 UDP 2130706431 192.0.2.10 50000 typ host", "sdpMid": "audio", "sdpMLineIndex": 0}, {"candidate": "candidate:2 1 UDP 2130706430 192.0.2.10 50002 typ host", "sdpMid": "video", "sdpMLineIndex": 1}]}}}"#;
    let corpus = format!(
        "{}\n{candidates}",
        include_str!("data/real_traffic.jsonl").trim_end()
    );
    let mut compared = 0;
    let mut in_lists = 0;
    let mut differ = Vec::new();
    for line in corpus.lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        for text in broken_copies(&record["event"]) {
            // `type` first reads `content` in place, so that the paths go
            // into it; pretty-printed, lines other than the first count.
            let in_place = type_first(&text);
            let pretty = serde_json::to_string_pretty(
                &serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            )
            .unwrap();
            for text in [text, in_place, pretty] {
                let paths = match record["context"].as_str().unwrap() {
                    "timeline" => both_paths::<AnyTimelineEvent>(&text),
                    "sync_timeline" => both_paths::<AnySyncTimelineEvent>(&text),
                    "state" => both_paths::<AnyStateEvent>(&text),
                    "sync_state" => both_paths::<AnySyncStateEvent>(&text),
                    "stripped_state" => both_paths::<AnyStrippedStateEvent>(&text),
                    "to_device" => both_paths::<AnyToDeviceEvent>(&text),
                    "global_account_data" => both_paths::<AnyGlobalAccountDataEvent>(&text),
                    "room_account_data" => both_paths::<AnyRoomAccountDataEvent>(&text),
                    "ephemeral" => both_paths::<AnyEphemeralRoomEvent>(&text),
                    "presence" => both_paths::<AnyPresenceEvent>(&text),
                    other => panic!("unknown context `{other}`"),
                };
                let Some([ours, tracked]) = paths else {
                    continue;
                };
                compared += 1;
                let path = ours.split(": ").next().unwrap();
                if path.contains('[') && !path.contains("[0]") {
                    in_lists += 1;
                }
                if ours != tracked {
                    differ.push(format!("{text}\n  ours:    {ours}\n  tracked: {tracked}"));
                }
            }
        }
    }
    // Enough cases, and among them paths through lists past their first
    // item (`content.candidates[1].sdpMid`, `content.allow[1].room_id`).
    eprintln!("{compared} compared, {in_lists} past a list's first item");
    assert!(
        compared > 5000,
        "only {compared} broken events were refused"
    );
    assert!(
        in_lists >= 5,
        "only {in_lists} paths go past a list's first item"
    );
    assert!(
        differ.is_empty(),
        "{} of {compared} differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
}
