//! Identifier formats: which of the spec's string formats become Rust types
//! of their own, and which grammar each is checked against.
//!
//! The formats, their names and their links come from the spec's
//! `string-formats.yaml`. The grammars are prose in the spec's appendices,
//! so they are the one hand-written table here; the checks themselves are
//! functions of the generated code's `__private` module
//! (`emit/private_module.rs`), one per [`Grammar`], named by
//! [`Grammar::name`]. A format the table does not know still gets its
//! type, with no checks.

/// The grammar an identifier format follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Grammar {
    /// `@localpart:server_name`.
    UserId,
    /// `!opaque:server_name`, or `!opaque` from room version 12.
    RoomId,
    /// `$opaque`, or `$opaque:server_name` in room versions 1 and 2.
    EventId,
    /// `#alias:server_name`.
    RoomAlias,
    /// A host name, IPv4 address or bracketed IPv6 address, and a port.
    ServerName,
    /// `mxc://server_name/media_id`.
    MxcUri,
    /// Base64 without `=` padding.
    UnpaddedBase64,
    /// URL-safe base64 (`-` and `_`) without padding.
    UrlSafeUnpaddedBase64,
}

/// The formats whose grammar the generated checks know, by the key the
/// spec gives them.
const GRAMMARS: &[(&str, Grammar)] = &[
    ("mx-user-id", Grammar::UserId),
    ("mx-room-id", Grammar::RoomId),
    ("mx-event-id", Grammar::EventId),
    ("mx-room-alias", Grammar::RoomAlias),
    ("mx-server-name", Grammar::ServerName),
    ("mx-mxc-uri", Grammar::MxcUri),
    ("mx-unpadded-base64", Grammar::UnpaddedBase64),
    ("mx-urlsafe-unpadded-base64", Grammar::UrlSafeUnpaddedBase64),
];

impl Grammar {
    /// The grammar of a format, if the table knows it.
    pub fn of(format: &str) -> Option<Grammar> {
        GRAMMARS
            .iter()
            .find(|(key, _)| *key == format)
            .map(|(_, g)| *g)
    }

    /// The grammar's name in the `__private` module: its check function
    /// and the accessors `id_impls!` adds (`user_id`).
    pub fn name(self) -> &'static str {
        match self {
            Grammar::UserId => "user_id",
            Grammar::RoomId => "room_id",
            Grammar::EventId => "event_id",
            Grammar::RoomAlias => "room_alias",
            Grammar::ServerName => "server_name",
            Grammar::MxcUri => "mxc_uri",
            Grammar::UnpaddedBase64 => "unpadded_base64",
            Grammar::UrlSafeUnpaddedBase64 => "urlsafe_unpadded_base64",
        }
    }

    /// What a valid value looks like, for the type's docs.
    pub fn shape(self) -> &'static str {
        match self {
            Grammar::UserId => "`@localpart:server_name`, at most 255 bytes",
            Grammar::RoomId => {
                "`!opaque_id:server_name`, or `!opaque_id` from room version 12; at most 255 bytes"
            }
            Grammar::EventId => {
                "`$opaque_id`, or `$opaque_id:server_name` in room versions 1 and 2; at most 255 bytes"
            }
            Grammar::RoomAlias => "`#alias:server_name`, at most 255 bytes",
            Grammar::ServerName => {
                "a DNS name, an IPv4 address or an IPv6 address in brackets, with an optional `:port`"
            }
            Grammar::MxcUri => "`mxc://server_name/media_id`",
            Grammar::UnpaddedBase64 => "standard base64 without `=` padding",
            Grammar::UrlSafeUnpaddedBase64 => {
                "URL-safe base64 (`-` and `_` for `+` and `/`) without `=` padding"
            }
        }
    }
}

/// Whether values of a format get a type of their own. The spec's own
/// formats carry the `mx-` prefix; JSON Schema's standard ones (`uri`,
/// `email`) are no Matrix identifiers and stay strings.
pub fn is_identifier_format(key: &str) -> bool {
    key.starts_with("mx-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_grammar_has_a_distinct_name_and_one_format() {
        let mut names: Vec<&str> = GRAMMARS.iter().map(|(_, g)| g.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), GRAMMARS.len());
        assert_eq!(Grammar::of("mx-user-id"), Some(Grammar::UserId));
        assert_eq!(Grammar::of("mx-something-new"), None);
        assert!(GRAMMARS.iter().all(|(key, _)| is_identifier_format(key)));
        assert!(!is_identifier_format("uri"));
    }
}
