//! Matrix event types, generated from the Matrix specification's event
//! schemas by `matrix-codegen`.
//!
//! The types are built from the spec in `MATRIX_SPEC_DIR` at build time (or
//! from the sample spec in this repository when it is unset). Each event type
//! has a module named after it (`m.call.hangup` in `call::hangup`), holding
//! its content type and the types nested in it.
//!
//! Reading events: [`from_str`] into one of the `Any*Event` enums (chosen by
//! where the event came from: a room timeline, `/sync` state, to-device
//! messages...) or into a specific event alias such as
//! `call::hangup::CallHangupEvent`.
#![doc = include_str!(concat!(env!("OUT_DIR"), "/matrix_events.md"))]

include!(concat!(env!("OUT_DIR"), "/matrix_events.rs"));

use std::fmt;

/// A value that could not be read, with the JSON path of the offending field.
#[derive(Debug)]
pub struct Error {
    path: String,
    inner: serde_json::Error,
}

impl Error {
    /// Where in the input the problem is, as a dotted path (`offer.sdp`,
    /// `candidates[0].sdpMid`); `.` for the top level. An event's `content`
    /// that comes before its `type` can only be parsed once the whole object
    /// is read; a problem in it has the path `.` here, and the message
    /// names the path inside (`content.reason: ...`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The underlying serde_json error, with its line and column.
    pub fn inner(&self) -> &serde_json::Error {
        &self.inner
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path == "." {
            write!(f, "{}", self.inner)
        } else {
            write!(f, "{}: {}", self.path, self.inner)
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.inner)
    }
}

/// Reads any generated type from JSON text; on failure the error names the
/// JSON path of the field that was wrong or missing.
pub fn from_str<'a, T: serde::Deserialize<'a>>(json: &'a str) -> Result<T, Error> {
    serde_json::from_str(json).map_err(|inner| Error {
        path: __private::path_at(json, &inner),
        inner,
    })
}

/// Reads a generated type as [`from_str`] does, but with nothing set
/// aside: an optional field of the wrong type, at any depth, is an error
/// with its path instead of being kept with the undeclared properties. For
/// checking that a value fits its schema (the spec's examples).
pub fn from_str_strict<'a, T: serde::Deserialize<'a>>(json: &'a str) -> Result<T, Error> {
    __private::strictly(|| from_str(json))
}

/// Runs `read` with every event content in it read as the content of an
/// event of type `event_type`.
///
/// An event's content does not carry its type; the event around it, or the
/// request path it was sent to, does. The content enums (`AnyStateContent`
/// and its kin), and the API bodies that hold them (the body of `PUT
/// /rooms/{roomId}/send/{eventType}/{txnId}`), read only inside this:
///
/// ```
/// let content = matrix_events::with_event_type("m.room.topic", || {
///     matrix_events::from_str::<matrix_events::AnyStateContent>(r#"{"topic": "Lunch"}"#)
/// })?;
/// assert!(matches!(content, matrix_events::AnyStateContent::RoomTopic(_)));
/// # Ok::<(), matrix_events::Error>(())
/// ```
pub fn with_event_type<R>(event_type: &str, read: impl FnOnce() -> R) -> R {
    __private::with_event_type(event_type, read)
}
