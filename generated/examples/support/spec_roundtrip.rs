//! The round trip of one spec example, shared by the `roundtrip` example
//! and the test that feeds it broken examples. Needs `mod spec_examples;`
//! (support/spec_examples.rs) beside it.
//!
//! An example passes only when it is typed strictly and written back
//! identical. The plain reading never fails on an event-shaped object, so
//! "written back identical" alone proves nothing: an example that does not
//! fit its type lands in `Invalid` (or `Redacted`), or reads typed with a
//! field set aside, and is still written back as it came. Each of those is
//! a failure here, with the reason first (`invalid: ...`, `set aside: ...`).

use std::path::Path;

use matrix_events::EventKind;
use serde_json::Value;

use crate::spec_examples;

/// Reads one example through the dispatch enum of the kind its shape calls
/// for, leniently and strictly, with `content` before `type` and with
/// `type` first, writes it back and compares. On success, the kind it was
/// read as.
pub fn round_trip(file: &Path) -> Result<EventKind, String> {
    let example = spec_examples::load(file)?;
    let event_type = example
        .get("type")
        .and_then(Value::as_str)
        .ok_or("no `type`")?
        .to_owned();
    let (kind, lacking) = spec_examples::kind_for(&example)
        .ok_or_else(|| format!("unknown: `{event_type}` is not an event type this crate knows"))?;
    if !lacking.is_empty() {
        return Err(format!(
            "read as {kind:?}, the best fit of its kinds, whose envelope has no `{}`",
            lacking.join("`, `")
        ));
    }
    // Sorted keys put `content` before `type`, so the content is kept as
    // text until the type is known; with `type` first it is read in place.
    // Both readings must agree.
    let text = serde_json::to_string(&example).map_err(|e| e.to_string())?;
    let text_type_first = spec_examples::type_first_json(&example);

    // Only room events have a redacted form.
    macro_rules! is_redacted {
        ($event:expr, redacted) => {
            $event.is_redacted()
        };
        ($event:expr) => {
            false
        };
    }
    macro_rules! through {
        ($any:ident $(, $redacted:ident)?) => {{
            let event: matrix_events::$any =
                matrix_events::from_str(&text).map_err(|e| format!("error: {e}"))?;
            if let Some(invalid) = event.invalid() {
                return Err(format!("invalid: {}", invalid.error));
            }
            if event.is_unknown() {
                return Err(format!("unknown: landed in the unknown variant of {}", stringify!($any)));
            }
            let redacted = is_redacted!(event $(, $redacted)?);
            if redacted && !labelled_redacted(file) {
                return Err(
                    "redacted: landed in the redacted form, but it is not a redacted example (`$redacted`)"
                        .to_owned(),
                );
            }
            if event.content_is_fallback() && written_for_a_variant(file) {
                return Err(
                    "fallback: landed in its family's fallback variant, not the variant it was written for"
                        .to_owned(),
                );
            }
            // The strict reading sets nothing aside, at any depth, and
            // refuses what the plain one keeps as `Invalid` or `Redacted`
            // (so a redacted example, read as such above, is not put to it).
            if !redacted {
                for (text, order) in [(&text, ""), (&text_type_first, " (with `type` first)")] {
                    if let Err(e) = matrix_events::from_str_strict::<matrix_events::$any>(text) {
                        return Err(format!("set aside{order}: {e}"));
                    }
                }
            }
            let in_place: matrix_events::$any = matrix_events::from_str(&text_type_first)
                .map_err(|e| format!("error with `type` first: {e}"))?;
            if in_place != event {
                return Err("reads differently with `type` first".to_owned());
            }
            serde_json::to_value(&event).map_err(|e| e.to_string())?
        }};
    }
    let back = match kind {
        EventKind::MessageLike => through!(AnyMessageLikeEvent, redacted),
        EventKind::State => through!(AnyStateEvent, redacted),
        EventKind::ToDevice => through!(AnyToDeviceEvent),
        EventKind::GlobalAccountData => through!(AnyGlobalAccountDataEvent),
        EventKind::RoomAccountData => through!(AnyRoomAccountDataEvent),
        EventKind::EphemeralRoom => through!(AnyEphemeralRoomEvent),
        EventKind::Presence => through!(AnyPresenceEvent),
    };
    match spec_examples::first_difference(&example, &back, String::new()) {
        None => Ok(kind),
        Some(path) => Err(format!(
            "differs at {}",
            if path.is_empty() { "/" } else { &path }
        )),
    }
}

/// Whether an example (`m.room.message$m.text.yaml`) illustrates a variant
/// schema of the same name, so it must land in that variant.
fn written_for_a_variant(example: &Path) -> bool {
    let Some(name) = example.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let schema = example
        .parent()
        .and_then(Path::parent)
        .map(|d| d.join("schema").join(name));
    name.contains('$') && schema.is_some_and(|s| s.is_file())
}

/// Whether an example says by its label that it shows a redacted event
/// (`m.room.topic$redacted.yaml`); the spec's examples have none.
fn labelled_redacted(example: &Path) -> bool {
    let stem = example.file_stem().and_then(|n| n.to_str()).unwrap_or("");
    stem.split('$').skip(1).any(|label| label == "redacted")
}
