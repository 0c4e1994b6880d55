//! How spec names become Rust names.
//!
//! Rust names are derived from event types and property paths, which are
//! stable identifiers; schema titles are used only when they already look
//! like a Rust type name (many titles are sentences).

/// Words Rust reserves; a field or module with one of these names gets a
/// trailing underscore (`type` -> `type_`), keeping its JSON name via rename.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Splits a name into lowercase words at `.`, `_`, `-`, spaces, other
/// punctuation, and lower-to-upper case changes (`sdpMLineIndex` ->
/// `sdp`, `m`, `line`, `index`).
pub fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let boundary = c.is_uppercase()
            && !current.is_empty()
            && (prev.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit())
                || (prev.is_some_and(char::is_uppercase) && next.is_some_and(char::is_lowercase)));
        if boundary {
            words.push(std::mem::take(&mut current));
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Drops the `m.` namespace of Matrix identifiers: `m.relates_to` is
/// `relates_to` to a Rust reader, as it is in ruma.
pub fn strip_namespace(name: &str) -> &str {
    name.strip_prefix("m.").unwrap_or(name)
}

/// `m.call.hangup` -> `CallHangup`, `ice_timeout` -> `IceTimeout`.
pub fn pascal_case(name: &str) -> String {
    let mut out: String = words(name)
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect();
    if out.is_empty() {
        out.push_str("Value");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    if out == "Self" {
        out.push_str("Value");
    }
    if !out.chars().all(|c| c.is_ascii_alphanumeric()) {
        out = out.chars().filter(char::is_ascii_alphanumeric).collect();
        if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
            out.insert(0, 'V');
        }
    }
    out
}

/// `sdpMLineIndex` -> `sdp_m_line_index`; keywords get a trailing `_`.
pub fn snake_case(name: &str) -> String {
    let mut out = words(name).join("_");
    out.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    if out.is_empty() {
        out.push_str("field");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "n_");
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// A title is used as a type name only when it already is one: a single
/// PascalCase word such as `ThumbnailInfo`, not "The first event in the room."
pub fn clean_title(title: &str) -> Option<&str> {
    let t = title.trim();
    let ok = t.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && t.chars().all(|c| c.is_ascii_alphanumeric())
        && t.chars().any(|c| c.is_ascii_lowercase());
    ok.then_some(t)
}

/// The name of one element of a list property: `candidates` -> `Candidate`,
/// `aliases` -> `Alias`, `policies` -> `Policy`; a name that is not a plural
/// (`short_authentication_string`, `usage`) is kept: the list is a field,
/// not a type, so nothing else takes it.
pub fn singular(pascal: &str) -> String {
    if let Some(stem) = pascal.strip_suffix("ies") {
        if !stem.is_empty() {
            return format!("{stem}y");
        }
    }
    for ending in ["sses", "ses", "xes", "ches", "shes"] {
        if pascal.ends_with(ending) {
            return pascal[..pascal.len() - 2].to_owned();
        }
    }
    if let Some(stem) = pascal.strip_suffix('s') {
        if stem.len() > 2 && !stem.ends_with('s') {
            return stem.to_owned();
        }
    }
    pascal.to_owned()
}

/// A name from a title of a few plain words (`Event Receipts` ->
/// `EventReceipts`), where the title is a name written as words rather
/// than a sentence.
pub fn worded_title(title: &str) -> Option<String> {
    let words: Vec<&str> = title.split_whitespace().collect();
    let plain = (2..=3).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().all(|c| c.is_ascii_alphanumeric()))
        && words[0].starts_with(|c: char| c.is_ascii_uppercase());
    plain.then(|| pascal_case(&words.join("_")))
}

/// A property name too generic to name a type alone (`value`, `type`):
/// it is prefixed with its parent's name (`PushConditionValue`).
pub fn is_generic(pascal: &str) -> bool {
    matches!(pascal, "Value" | "Type" | "Item" | "Content")
}

/// The module path of an event type: `m.room_key.withheld` -> `room_key::withheld`.
pub fn module_path(event_type: &str) -> Vec<String> {
    strip_namespace(event_type)
        .split('.')
        .map(snake_case)
        .collect()
}

/// Whether `name` matches `pattern`: the same text, or, for a pattern
/// ending in `*`, a name starting with what comes before it (`m.call.*`).
pub(crate) fn matches_pattern(pattern: &str, name: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => name == pattern,
    }
}

/// The Rust name of an event type: `m.call.hangup` is `CallHangup`, the
/// stem of `CallHangupEventContent`, `CallHangupEvent` and the dispatch
/// variants.
pub fn event_name(event_type: &str) -> String {
    pascal_case(strip_namespace(event_type))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(pascal_case("m.call.hangup"), "MCallHangup");
        assert_eq!(pascal_case(strip_namespace("m.call.hangup")), "CallHangup");
        assert_eq!(pascal_case("ice_timeout"), "IceTimeout");
        assert_eq!(pascal_case("m.sas.v1"), "MSasV1");
        assert_eq!(snake_case("sdpMLineIndex"), "sdp_m_line_index");
        assert_eq!(snake_case("sdpMid"), "sdp_mid");
        assert_eq!(snake_case(strip_namespace("m.relates_to")), "relates_to");
        assert_eq!(snake_case("type"), "type_");
        assert_eq!(snake_case("override"), "override_");
        assert_eq!(snake_case("HTTPServer"), "http_server");
        assert_eq!(pascal_case("1"), "V1");
        assert_eq!(pascal_case("*"), "Value");
    }

    #[test]
    fn titles() {
        assert_eq!(clean_title("ThumbnailInfo"), Some("ThumbnailInfo"));
        assert_eq!(clean_title("The first event in the room."), None);
        assert_eq!(clean_title("User power levels"), None);
        assert_eq!(clean_title("ABC"), None);
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("Candidates"), "Candidate");
        assert_eq!(singular("Aliases"), "Alias");
        assert_eq!(singular("Policies"), "Policy");
        assert_eq!(singular("Actions"), "Action");
        assert_eq!(singular("Users"), "User");
        assert_eq!(singular("Address"), "Address");
        assert_eq!(
            singular("ShortAuthenticationString"),
            "ShortAuthenticationString"
        );
    }
}
