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

/// Every way of breaking one value of an event: each leaf given a value of
/// another JSON type, each object or list replaced by a number, each key
/// removed. Returns the broken events as text.
fn broken_copies(event: &serde_json::Value) -> Vec<String> {
    use serde_json::Value;
    fn walk(value: &Value, at: &mut Vec<Value>, out: &mut Vec<Vec<(Vec<Value>, Option<Value>)>>) {
        // Each change: where (keys and indices), and the new value (`None`: removed).
        let replacement = match value {
            Value::Object(_) | Value::Array(_) => Value::from(5),
            Value::String(_) => Value::from(7),
            _ => Value::from("seven"),
        };
        if !at.is_empty() {
            out.push(vec![(at.clone(), Some(replacement))]);
        }
        match value {
            Value::Object(map) => {
                for (key, item) in map {
                    at.push(Value::from(key.as_str()));
                    out.push(vec![(at.clone(), None)]);
                    walk(item, at, out);
                    at.pop();
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    at.push(Value::from(index));
                    walk(item, at, out);
                    at.pop();
                }
            }
            _ => {}
        }
    }
    fn apply(value: &mut Value, at: &[Value], new: &Option<Value>) {
        let (last, parents) = at.split_last().unwrap();
        let mut target = value;
        for step in parents {
            target = match step {
                Value::String(key) => &mut target[key.as_str()],
                _ => &mut target[step.as_u64().unwrap() as usize],
            };
        }
        match (last, new) {
            (Value::String(key), None) => {
                target.as_object_mut().unwrap().remove(key.as_str());
            }
            (Value::String(key), Some(new)) => target[key.as_str()] = new.clone(),
            (index, Some(new)) => target[index.as_u64().unwrap() as usize] = new.clone(),
            (_, None) => {}
        }
    }
    let mut changes = Vec::new();
    walk(event, &mut Vec::new(), &mut changes);
    changes
        .iter()
        .flatten()
        .map(|(at, new)| {
            let mut copy = event.clone();
            apply(&mut copy, at, new);
            serde_json::to_string(&copy).unwrap()
        })
        .collect()
}

#[test]
fn error_paths_are_those_a_path_tracking_read_finds() {
    use matrix_events::AnyTimelineEvent;
    // The path comes from the error's line and column (`__private::path_at`);
    // `serde_path_to_error`, which tracks it while reading, is the reference.
    let corpus = include_str!("data/real_traffic.jsonl");
    let mut compared = 0;
    let mut differ = Vec::new();
    for line in corpus.lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        if record["context"] != "timeline" {
            continue;
        }
        for text in broken_copies(&record["event"]) {
            // Pretty-printed too, so that lines other than the first count.
            let pretty = serde_json::to_string_pretty(
                &serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            )
            .unwrap();
            for text in [text, pretty] {
                let ours = matrix_events::from_str_strict::<AnyTimelineEvent>(&text);
                let tracked = matrix_events::__private::strictly(|| {
                    let mut json = serde_json::Deserializer::from_str(&text);
                    serde_path_to_error::deserialize::<_, AnyTimelineEvent>(&mut json)
                });
                let (Err(ours), Err(tracked)) = (ours, tracked) else {
                    continue;
                };
                compared += 1;
                let (path, inner) = (tracked.path().to_string(), tracked.inner().to_string());
                if ours.path() != path || ours.inner().to_string() != inner {
                    differ.push(format!(
                        "{text}\n  ours: {ours}\n  tracked: {path}: {inner}"
                    ));
                }
            }
        }
    }
    assert!(
        compared > 1000,
        "only {compared} broken events were refused"
    );
    assert!(
        differ.is_empty(),
        "{} of {compared} differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
}
