//! Stage 2b: corrections for places where the spec's schemas and its prose
//! disagree, applied to the resolved schemas before types are made.
//!
//! Every correction is an [`Override`]: which events, which property, and one
//! general [`Change`]. The spec's known quirks are a table
//! ([`spec_quirks`]), and so are the shapes real events take that the
//! schemas refuse ([`real_world_deviations`]); a `build.rs` can add its own
//! through the `Builder`.
//! Nothing else in the pipeline knows about any particular event.

use serde_json::{json, Value};

use crate::diagnostics::Diagnostics;
use crate::load::Node;
use crate::resolve::{self, Property, ResolvedSpec, Schema};

/// One correction to the resolved schemas.
#[derive(Clone, Debug)]
pub struct Override {
    /// The event files it applies to, by name without `.yaml`: an exact
    /// name (`m.call.hangup`) or a prefix ending in `*` (`m.call.*`). Variant
    /// files (`m.room.message$m.text`) match by the part before `$`. Or a
    /// definition file of the HTTP APIs, by its path with `.yaml` (see
    /// [`Override::in_definition`]).
    pub events: String,
    /// Property names from the event's top level, e.g. `["content", "reason"]`.
    pub path: Vec<String>,
    pub change: Change,
    /// Why the correction is needed, for whoever reads the table.
    pub reason: String,
}

#[derive(Clone, Debug)]
pub enum Change {
    /// Replace the property's schema (written as JSON Schema, without
    /// `$ref`); its description stays.
    Type(Value),
    /// The property may be absent, and absence means this value. The field
    /// becomes optional to read (absent stays absent on the wire) and gets
    /// an `_or_default()` accessor; if the schema requires it, constructors
    /// still take it.
    DefaultWhenMissing(Value),
    /// Declare a property the schema lists in `required` but never declares.
    /// Nothing happens if the spec declares it.
    Declare(Value),
    /// Use this Rust name for the field.
    RustName(String),
    /// The property may be absent, whatever `required` says; when present
    /// it is read and written back as it came.
    Optional,
    /// Senders must send the property, as `required` says, but readers meet
    /// events without it: optional to read, still a parameter of `new`.
    ReadWhenMissing,
}

impl Override {
    pub fn new(events: &str, path: &[&str], change: Change, reason: &str) -> Self {
        Override {
            events: events.to_owned(),
            path: path.iter().map(|p| (*p).to_owned()).collect(),
            change,
            reason: reason.to_owned(),
        }
    }

    /// A correction to a file of the HTTP APIs: a definition
    /// (`api/application-service/definitions/protocol_base.yaml`), applied
    /// wherever its properties are used, or an endpoint file, applied to its
    /// inline schemas; `path` is the property names down to the property
    /// from the schema that holds them (a body, or the definition itself).
    /// A [`Change::Declare`] may also name a shared file of the event
    /// schemas (`event-schemas/schema/core-event-schema/unsigned_prop.yaml`):
    /// the property is added to every copy of it, wherever it is used.
    pub fn in_definition(file: &str, path: &[&str], change: Change, reason: &str) -> Self {
        Override::new(file, path, change, reason)
    }

    fn applies_to(&self, stem: &str) -> bool {
        let base = stem.split('$').next().unwrap_or(stem);
        crate::names::matches_pattern(&self.events, base)
    }
}

/// What the generator applies unless told otherwise: the spec's quirks and
/// the real-world deviations.
pub fn defaults() -> Vec<Override> {
    let mut all = spec_quirks();
    all.extend(real_world_deviations());
    all
}

/// The spec's known quirks, each one stated in its prose but not in its
/// schemas.
pub fn spec_quirks() -> Vec<Override> {
    vec![
        Override::in_definition(
            "api/application-service/definitions/protocol_base.yaml",
            &["icon"],
            Change::ReadWhenMissing,
            // The spec's own example of the third-party protocols (the
            // `gitter` entry of `getProtocols`) has no `icon`.
            "`icon` is required, but the spec's own protocol example leaves it out",
        ),
        Override::in_definition(
            "api/client-server/list_public_rooms.yaml",
            &["filter", "room_types"],
            Change::Type(json!({"type": "array", "items": {"type": ["string", "null"]}})),
            // v1.4 to v1.7 say the items are strings, while the text and the
            // example use `null` for rooms without a type; v1.8 says so.
            "`room_types` lists `null` for rooms of no type",
        ),
        Override::in_definition(
            "api/server-server/public_rooms.yaml",
            &["filter", "room_types"],
            Change::Type(json!({"type": "array", "items": {"type": ["string", "null"]}})),
            "`room_types` lists `null` for rooms of no type (as in the client-server API)",
        ),
        Override::new(
            "m.call.*",
            &["content", "version"],
            Change::Type(json!({"type": ["string", "integer"]})),
            "`version` is the string \"1\" since v1.7, but clients must still accept the integer 0 of the previous version",
        ),
        Override::new(
            "m.call.hangup",
            &["content", "reason"],
            Change::DefaultWhenMissing(json!("user_hangup")),
            "`reason` is required since v1.7, but a missing reason (older clients) means `user_hangup`",
        ),
        Override::new(
            "m.key.verification.accept",
            &["content", "method"],
            Change::Declare(json!({
                "type": "string",
                "description": "The verification method being accepted, as offered in `m.key.verification.start`."
            })),
            "`method` is listed in `required` but not declared",
        ),
        Override::new(
            "m.key.verification.accept",
            &["content", "method"],
            Change::Optional,
            "real clients leave the undeclared `method` out, and a reader that required it rejected valid events (ruma#2494)",
        ),
    ]
}

/// Events as they really arrive, beside what the schemas say: each entry
/// is a shape that clients, bridges or servers send, or that the spec's
/// own rules produce, which the schemas refuse. Each says where it was
/// seen; the test events that exercise them are our own
/// (`generated/tests/data/real_traffic.jsonl`).
pub fn real_world_deviations() -> Vec<Override> {
    vec![
        Override::new(
            "m.sticker",
            &["content", "url"],
            Change::ReadWhenMissing,
            // matrix-org/matrix-spec#1667, mautrix/whatsapp#662, ruma#1820:
            // bridges send stickers in encrypted rooms as encrypted media,
            // with `file` (kept with the undeclared properties) and no `url`.
            "encrypted stickers carry `file` instead of `url`",
        ),
        Override::new(
            "m.room.member",
            &["content", "third_party_invite", "display_name"],
            Change::ReadWhenMissing,
            // rooms/v11, "Redactions": the content of m.room.member keeps
            // `third_party_invite` with only its `signed` key.
            "redaction in room version 11 and later leaves `third_party_invite` with only `signed`",
        ),
        Override::new(
            "m.room.create",
            &["content", "creator"],
            Change::ReadWhenMissing,
            // rooms/v11, "Event format": room version 11 drops `creator`;
            // releases before v1.8 still require it, and their types meet
            // create events of newer rooms.
            "rooms of version 11 and later have no `creator`",
        ),
        Override::new(
            "m.room.message",
            &["content", "msgtype"],
            Change::ReadWhenMissing,
            // matrix-org/dendrite#2722: test suites sent messages without
            // `msgtype` and servers accept them; the message reads as the
            // family's catch-all, with its `body`.
            "messages without `msgtype` are accepted by servers and reach clients",
        ),
        Override::new(
            "m.room.avatar",
            &["content", "url"],
            Change::ReadWhenMissing,
            // matrix-org/matrix-spec-proposals#2006, matrix-org/matrix-spec#987:
            // clients remove a room's avatar with content `{}`; releases
            // before the schema made `url` optional refuse it.
            "a room avatar is removed with no `url`",
        ),
        Override::new(
            "m.room.encrypted",
            &["content", "sender_key"],
            Change::ReadWhenMissing,
            // MSC3700, deprecated in v1.3: Megolm events from newer clients
            // leave out `sender_key` and `device_id`, which earlier
            // releases required.
            "Megolm events leave out the deprecated `sender_key`",
        ),
        Override::new(
            "m.room.encrypted",
            &["content", "device_id"],
            Change::ReadWhenMissing,
            // As `sender_key` above.
            "Megolm events leave out the deprecated `device_id`",
        ),
        Override::in_definition(
            "event-schemas/schema/core-event-schema/unsigned_prop.yaml",
            &["membership"],
            Change::Declare(json!({
                "type": "string",
                "enum": ["invite", "join", "knock", "leave", "ban"],
                "description": "The membership in the room, at this event, of the user the event was served to; `leave` when they had none.",
                "x-addedInMatrixVersion": "1.11"
            })),
            // MSC4115, in the client-server API's `ClientEvent` since v1.11:
            // servers add it to the events they serve (most of the spec's
            // own examples carry it, of every release), while the event
            // schemas' `unsigned` declares only `age`. Typed, it costs no
            // allocation and no map entry per event.
            "servers send `unsigned.membership`, declared by the client-server API but not by the event schemas",
        ),
    ]
}

/// Applies every override to every event file it names. An override whose
/// property a release does not have is skipped: the table serves all
/// releases.
pub fn apply(spec: &mut ResolvedSpec, overrides: &[Override], diags: &mut Diagnostics) {
    for (path, schema) in &mut spec.files {
        let stem = path.stem().to_owned();
        for o in overrides.iter().filter(|o| o.applies_to(&stem)) {
            apply_one(schema, o, diags);
        }
    }
    // Corrections to a definition file of the HTTP APIs apply wherever its
    // properties were merged in: every body and parameter of every operation.
    for o in overrides.iter().filter(|o| o.events.ends_with(".yaml")) {
        let Some((last, parents)) = o.path.split_last() else {
            continue;
        };
        if let Change::Declare(_) = o.change {
            declare_in_definition(spec, o, last, parents, diags);
            continue;
        }
        let pointer: String = o.path.iter().map(|p| format!("/properties/{p}")).collect();
        // The shared definitions are made into types from their own copy.
        for schema in body_schemas(&mut spec.apis).chain(spec.definitions.values_mut()) {
            each_schema(schema, &mut |parent| {
                // The property where the file writes it: at the top of a
                // definition, or inside an inline body schema.
                let here = |p: &Property| {
                    p.name == *last
                        && p.schema.origin.file.as_str() == o.events
                        && p.schema.origin.pointer.ends_with(&pointer)
                };
                if parent.properties.iter().any(here) {
                    change(parent, last, &o.change, diags);
                }
            });
        }
    }
}

/// Declares a property on every copy of the schema a definition file
/// writes at `parents` (the file's top for none): the definition's own,
/// and each one a `$ref` merged into an event, a body or another
/// definition, so that every use agrees on one type.
fn declare_in_definition(
    spec: &mut ResolvedSpec,
    o: &Override,
    last: &str,
    parents: &[String],
    diags: &mut Diagnostics,
) {
    let pointer: String = parents.iter().map(|p| format!("/properties/{p}")).collect();
    let events = spec.files.iter_mut().map(|(_, schema)| schema);
    let bodies = body_schemas(&mut spec.apis);
    for schema in events.chain(bodies).chain(spec.definitions.values_mut()) {
        each_schema(schema, &mut |parent| {
            if parent.origin.file.as_str() == o.events && parent.origin.pointer == pointer {
                change(parent, last, &o.change, diags);
            }
        });
    }
}

/// The schemas of every request and response body of every operation.
fn body_schemas(apis: &mut [resolve::ResolvedApi]) -> impl Iterator<Item = &mut Schema> {
    let operations = apis.iter_mut().flat_map(|a| &mut a.operations);
    operations.flat_map(|op| {
        (op.request_body.iter_mut())
            .chain(op.responses.iter_mut().filter_map(|r| r.body.as_mut()))
            .filter_map(|b| b.schema.as_mut())
    })
}

/// Calls `f` on `schema` and every schema inside it.
fn each_schema(schema: &mut Schema, f: &mut impl FnMut(&mut Schema)) {
    f(schema);
    for p in &mut schema.properties {
        each_schema(&mut p.schema, f);
    }
    if let Some(items) = &mut schema.items {
        each_schema(items, f);
    }
    if let Some(resolve::Additional::Schema(value)) = &mut schema.additional {
        each_schema(value, f);
    }
    for (_, value) in &mut schema.pattern_properties {
        each_schema(value, f);
    }
    for variant in &mut schema.variants {
        each_schema(variant, f);
    }
}

fn apply_one(root: &mut Schema, o: &Override, diags: &mut Diagnostics) {
    let Some((last, parents)) = o.path.split_last() else {
        return;
    };
    let mut parent = root;
    for name in parents {
        match parent.properties.iter_mut().find(|p| p.name == *name) {
            Some(p) => parent = &mut p.schema,
            None => return,
        }
    }
    change(parent, last, &o.change, diags);
}

/// Makes `change` to the property `last` of `parent`.
fn change(parent: &mut Schema, last: &str, change: &Change, diags: &mut Diagnostics) {
    match change {
        Change::Declare(schema) => {
            if parent.property(last).is_none() {
                let origin = parent.origin.child("properties").child(last);
                if let Some(s) = resolve::standalone(&Node::from_json(schema), origin, diags) {
                    parent.properties.push(Property {
                        name: last.to_owned(),
                        schema: s,
                        rust_name: None,
                    });
                }
            }
        }
        Change::DefaultWhenMissing(value) => {
            // A required property stays required of senders: the model
            // makes any property with a default optional to read.
            if let Some(p) = parent.properties.iter_mut().find(|p| p.name == *last) {
                p.schema.default = Some(value.clone());
            }
        }
        Change::Type(schema) => {
            if let Some(p) = parent.properties.iter_mut().find(|p| p.name == *last) {
                let old = &p.schema;
                if let Some(mut s) =
                    resolve::standalone(&Node::from_json(schema), old.origin.clone(), diags)
                {
                    s.description = s.description.or_else(|| old.description.clone());
                    s.added_in = s.added_in.or_else(|| old.added_in.clone());
                    if s.changed_in.is_empty() {
                        s.changed_in = old.changed_in.clone();
                    }
                    s.deprecated |= old.deprecated;
                    s.read_when_missing |= old.read_when_missing;
                    p.schema = s;
                }
            }
        }
        Change::ReadWhenMissing => {
            if let Some(p) = parent.properties.iter_mut().find(|p| p.name == *last) {
                p.schema.read_when_missing = true;
            }
        }
        Change::Optional => {
            if parent.property(last).is_some() {
                parent.required.retain(|r| r != last);
            }
        }
        Change::RustName(name) => {
            if let Some(p) = parent.properties.iter_mut().find(|p| p.name == *last) {
                p.rust_name = Some(name.clone());
            }
        }
    }
}
