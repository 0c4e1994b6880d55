//! Stage 4: the Matrix event layer on top of the type model.
//!
//! Decides each event's kinds, builds the envelopes that wrap a content
//! type (from the core event schemas, so a field the spec adds to
//! `room_event.yaml` appears in every room event), and groups variant files
//! (`m.room.message$m.text.yaml`) into families chosen by a discriminator
//! field. The emitter turns this into kind traits, generic envelopes, type
//! aliases and the `Any*Event` dispatch enums.

use crate::diagnostics::{Diagnostic, Diagnostics, Place};
use crate::model::{Docs, EventField, Field, StructDef, TypeId, TypeKind, TypeModel, TypeRef};
use crate::names;

/// Where an event can appear, which decides its envelope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {
    MessageLike,
    State,
    GlobalAccountData,
    RoomAccountData,
    EphemeralRoom,
    Presence,
    ToDevice,
}

impl EventKind {
    pub const ALL: [EventKind; 7] = [
        EventKind::MessageLike,
        EventKind::State,
        EventKind::GlobalAccountData,
        EventKind::RoomAccountData,
        EventKind::EphemeralRoom,
        EventKind::Presence,
        EventKind::ToDevice,
    ];

    /// The Rust name of the kind (`MessageLike`), used for the enum variant,
    /// the content trait (`MessageLikeEventContent`) and dispatch enums.
    pub fn name(self) -> &'static str {
        match self {
            EventKind::MessageLike => "MessageLike",
            EventKind::State => "State",
            EventKind::GlobalAccountData => "GlobalAccountData",
            EventKind::RoomAccountData => "RoomAccountData",
            EventKind::EphemeralRoom => "EphemeralRoom",
            EventKind::Presence => "Presence",
            EventKind::ToDevice => "ToDevice",
        }
    }

    /// The kind's name in `x-event-kinds` (`global_account_data`).
    pub fn key(self) -> &'static str {
        match self {
            EventKind::MessageLike => "message_like",
            EventKind::State => "state",
            EventKind::GlobalAccountData => "global_account_data",
            EventKind::RoomAccountData => "room_account_data",
            EventKind::EphemeralRoom => "ephemeral_room",
            EventKind::Presence => "presence",
            EventKind::ToDevice => "to_device",
        }
    }

    /// The kind named `key` in `x-event-kinds`.
    pub fn from_key(key: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn description(self) -> &'static str {
        match self {
            EventKind::MessageLike => {
                "a message-like room event: sent in a room's timeline, not part of its state"
            }
            EventKind::State => {
                "a state event: part of a room's state, keyed by type and `state_key`"
            }
            EventKind::GlobalAccountData => {
                "global account data: stored per user, not tied to a room"
            }
            EventKind::RoomAccountData => "room account data: stored per user and room",
            EventKind::EphemeralRoom => {
                "an ephemeral room event: sent to a room's members but never stored"
            }
            EventKind::Presence => "a presence event: a user's online status",
            EventKind::ToDevice => "a to-device event: sent straight to a device, outside any room",
        }
    }
}

/// The kinds of the events on the plain `event.yaml` base, which the spec
/// tells apart only in its prose. The first kind is the event's main one;
/// its examples in the spec are written in that kind's envelope. The table
/// only narrows: a plain event it does not list gets [`PLAIN_KINDS`].
const KIND_TABLE: &[(&str, &[EventKind])] = {
    use EventKind::*;
    &[
        ("m.accepted_terms", &[GlobalAccountData]),
        ("m.direct", &[GlobalAccountData]),
        ("m.identity_server", &[GlobalAccountData]),
        ("m.ignored_user_list", &[GlobalAccountData]),
        ("m.invite_permission_config", &[GlobalAccountData]),
        ("m.push_rules", &[GlobalAccountData]),
        ("m.recent_emoji", &[GlobalAccountData]),
        ("m.fully_read", &[RoomAccountData]),
        ("m.marked_unread", &[RoomAccountData]),
        ("m.tag", &[RoomAccountData]),
        ("m.receipt", &[EphemeralRoom]),
        ("m.typing", &[EphemeralRoom]),
        ("m.presence", &[Presence]),
        ("m.dummy", &[ToDevice]),
        ("m.forwarded_room_key", &[ToDevice]),
        ("m.room_key", &[ToDevice]),
        ("m.room_key.withheld", &[ToDevice]),
        ("m.room_key_request", &[ToDevice]),
        ("m.secret.request", &[ToDevice]),
        ("m.secret.send", &[ToDevice]),
        // Encrypted events are sent in rooms (most of a real timeline) and
        // to devices (Olm-encrypted key sharing).
        ("m.room.encrypted", &[MessageLike, ToDevice]),
        // Key verification runs over to-device messages, or in a room as
        // message-like events related to the request.
        ("m.key.verification.*", &[ToDevice, MessageLike]),
    ]
};

/// The kinds of a plain event the table does not know: every envelope the
/// spec's plain events arrive in. Presence is left out, since its one event
/// is `m.presence`. A release's new account data or to-device event is then
/// readable the day the release is tagged.
pub const PLAIN_KINDS: &[EventKind] = &[
    EventKind::GlobalAccountData,
    EventKind::RoomAccountData,
    EventKind::EphemeralRoom,
    EventKind::ToDevice,
];

/// One event type and what the emitter needs to know about it.
#[derive(Clone, Debug)]
pub struct EventEntry {
    pub event_type: String,
    pub module: Vec<String>,
    /// `CallHangup` for `m.call.hangup`: dispatch variants and aliases.
    pub name: String,
    pub content: Content,
    /// Main kind first.
    pub kinds: Vec<EventKind>,
    pub docs: Docs,
    /// The schema file it comes from.
    pub file: crate::load::SpecPath,
    /// Other `type` strings it is read under (unstable names).
    pub aliases: Vec<String>,
    /// For a schema of every type with this prefix (`event_type` is then
    /// the prefix and `*`).
    pub prefix: Option<String>,
    /// Top-level fields only this event has (`redacts`): the envelopes are
    /// shared by every event of a kind, so these stay in the envelope's
    /// `extra` and get an accessor on this event's envelopes.
    pub own_fields: Vec<EventField>,
    /// What it adds to `unsigned` (`invite_room_state`): kept in
    /// `unsigned`'s undeclared properties, with a typed accessor on this
    /// event's envelopes that have `unsigned`.
    pub unsigned_fields: Vec<Field>,
    /// Whether its content gets the `Relations` trait: a message-like
    /// event whose content keeps `m.relates_to` with its undeclared
    /// properties (one that declares it has a typed field instead).
    pub carries_relations: bool,
}

/// An event's content type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Content {
    Struct(TypeId),
    /// Index into [`EventLayer::families`].
    Family(usize),
}

/// The envelopes events are wrapped in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnvelopeRole {
    MessageLike,
    SyncMessageLike,
    State,
    SyncState,
    StrippedState,
    ToDevice,
    GlobalAccountData,
    RoomAccountData,
    EphemeralRoom,
    Presence,
}

impl EnvelopeRole {
    pub const ALL: [EnvelopeRole; 10] = [
        EnvelopeRole::MessageLike,
        EnvelopeRole::SyncMessageLike,
        EnvelopeRole::State,
        EnvelopeRole::SyncState,
        EnvelopeRole::StrippedState,
        EnvelopeRole::ToDevice,
        EnvelopeRole::GlobalAccountData,
        EnvelopeRole::RoomAccountData,
        EnvelopeRole::EphemeralRoom,
        EnvelopeRole::Presence,
    ];

    /// The Rust name of the envelope struct; the dispatch enum is `Any` + it.
    pub fn name(self) -> &'static str {
        match self {
            EnvelopeRole::MessageLike => "MessageLikeEvent",
            EnvelopeRole::SyncMessageLike => "SyncMessageLikeEvent",
            EnvelopeRole::State => "StateEvent",
            EnvelopeRole::SyncState => "SyncStateEvent",
            EnvelopeRole::StrippedState => "StrippedStateEvent",
            EnvelopeRole::ToDevice => "ToDeviceEvent",
            EnvelopeRole::GlobalAccountData => "GlobalAccountDataEvent",
            EnvelopeRole::RoomAccountData => "RoomAccountDataEvent",
            EnvelopeRole::EphemeralRoom => "EphemeralRoomEvent",
            EnvelopeRole::Presence => "PresenceEvent",
        }
    }

    pub fn kind(self) -> EventKind {
        match self {
            EnvelopeRole::MessageLike | EnvelopeRole::SyncMessageLike => EventKind::MessageLike,
            EnvelopeRole::State | EnvelopeRole::SyncState | EnvelopeRole::StrippedState => {
                EventKind::State
            }
            EnvelopeRole::ToDevice => EventKind::ToDevice,
            EnvelopeRole::GlobalAccountData => EventKind::GlobalAccountData,
            EnvelopeRole::RoomAccountData => EventKind::RoomAccountData,
            EnvelopeRole::EphemeralRoom => EventKind::EphemeralRoom,
            EnvelopeRole::Presence => EventKind::Presence,
        }
    }

    /// The alias an event of this envelope gets: `CallHangup` ->
    /// `SyncCallHangupEvent`. An event with two kinds whose aliases would
    /// otherwise both be plain (`FooEvent`) gets the kind's name as a prefix
    /// on all but its main one.
    pub fn alias(self, event_name: &str, kinds: &[EventKind]) -> String {
        let plain = format!("{event_name}Event");
        match self {
            EnvelopeRole::SyncMessageLike | EnvelopeRole::SyncState => format!("Sync{plain}"),
            EnvelopeRole::StrippedState => format!("Stripped{plain}"),
            EnvelopeRole::ToDevice => format!("ToDevice{plain}"),
            _ => {
                let main_plain = kinds.iter().find(|k| **k != EventKind::ToDevice);
                if main_plain == Some(&self.kind()) {
                    plain
                } else {
                    format!("{}{plain}", self.kind().name())
                }
            }
        }
    }

    /// The core schema the envelope's fields come from, and the fields the
    /// spec's prose adds for kinds that have no core schema of their own.
    fn source(self) -> (&'static str, &'static [(&'static str, bool)]) {
        match self {
            EnvelopeRole::MessageLike => ("room_event", &[]),
            EnvelopeRole::SyncMessageLike => ("sync_room_event", &[]),
            EnvelopeRole::State => ("state_event", &[]),
            EnvelopeRole::SyncState => ("sync_state_event", &[]),
            EnvelopeRole::StrippedState => ("stripped_state", &[]),
            // The spec's to-device examples carry no `sender`.
            EnvelopeRole::ToDevice => ("event", &[("sender", false)]),
            EnvelopeRole::GlobalAccountData => ("event", &[]),
            // Not sent in `/sync`, where the room is the section's, but the
            // spec's own examples up to v1.2 carry it.
            EnvelopeRole::RoomAccountData => ("event", &[("room_id", false)]),
            EnvelopeRole::EphemeralRoom => ("event", &[("room_id", false)]),
            EnvelopeRole::Presence => ("event", &[("sender", true)]),
        }
    }
}

/// A generic envelope: `content: C` plus the fields listed here; `type`
/// comes from the content type.
#[derive(Clone, Debug)]
pub struct Envelope {
    pub role: EnvelopeRole,
    pub fields: Vec<Field>,
    pub docs: Docs,
}

/// The structs a content is made of: itself, or a family's variants and fallback.
fn content_types<'a>(
    content: &Content,
    families: &'a [Family],
) -> impl Iterator<Item = TypeId> + 'a {
    let (one, family) = match *content {
        Content::Struct(id) => (Some(id), None),
        Content::Family(i) => (None, Some(&families[i])),
    };
    let members = family
        .into_iter()
        .flat_map(|f| f.variants.iter().map(|v| v.content).chain([f.fallback]));
    one.into_iter().chain(members)
}

/// The inherent methods of every envelope, which an accessor made for one
/// event's own fields must not shadow.
const ENVELOPE_METHODS: [&str; 8] = [
    "new",
    "from_parts",
    "with_event_type",
    "event_type",
    "content_is_fallback",
    "transaction_id",
    "prev_content",
    "replaces_state",
];

/// A property servers put in a room event's `unsigned` that the event
/// schemas do not declare, though the client-server API's `ClientEvent`
/// does: an envelope whose `unsigned` type lacks it gets a getter that
/// reads it from `unsigned`'s undeclared properties.
#[derive(Clone, Copy, Debug)]
pub struct ServerUnsigned {
    pub json_name: &'static str,
    /// Only state events carry it.
    pub states_only: bool,
    /// What the getter gives.
    pub value: UnsignedValue,
    pub doc: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsignedValue {
    /// A string, borrowed.
    Text,
    /// Content of the envelope's own content type, read anew.
    Content,
}

/// See [`ServerUnsigned`]. Servers send these whatever release the crate
/// is generated from: `prev_content` moved into `unsigned` in v1.2, where
/// servers had put it all along, and `replaces_state` was sent long before
/// v1.19 declared it.
pub const SERVER_UNSIGNED: [ServerUnsigned; 3] = [
    ServerUnsigned {
        json_name: "transaction_id",
        states_only: false,
        value: UnsignedValue::Text,
        doc: "The transaction ID the client gave when it sent this event, which its server adds for that client only, so that it can match the event to the one it sent.",
    },
    ServerUnsigned {
        json_name: "prev_content",
        states_only: true,
        value: UnsignedValue::Content,
        doc: "The content of the state event this one replaced, when the server lets the user see it: what a client compares to tell what changed (a new display name, a membership that went from `invite` to `join`).",
    },
    ServerUnsigned {
        json_name: "replaces_state",
        states_only: true,
        value: UnsignedValue::Text,
        doc: "The event ID of the state event this one replaced.",
    },
];

/// Whether some envelope's `unsigned` type declares the property itself.
fn declared_in_unsigned(model: &TypeModel, envelopes: &[Envelope], json_name: &str) -> bool {
    (envelopes.iter().flat_map(|e| &e.fields))
        .filter(|f| f.json_name == "unsigned")
        .filter_map(|f| unsigned_struct(model, f))
        .any(|s| s.fields.iter().any(|f| f.json_name == json_name))
}

/// The struct an envelope's `unsigned` field holds, when its undeclared
/// properties are kept as JSON by string key, where an event's own
/// `unsigned` properties can be read from.
pub fn unsigned_struct<'m>(model: &'m TypeModel, field: &Field) -> Option<&'m StructDef> {
    let TypeRef::Named(id) = field.ty else {
        return None;
    };
    match &model.get(id).kind {
        TypeKind::Struct(s) if s.extra == TypeRef::Any && s.extra_key.is_none() => Some(s),
        _ => None,
    }
}

/// Whether a struct keeps an undeclared `m.relates_to` as JSON, by string key.
fn keeps_relation(model: &TypeModel, id: TypeId) -> bool {
    match &model.get(id).kind {
        TypeKind::Struct(s) => {
            s.extra == TypeRef::Any
                && s.extra_key.is_none()
                && s.fields.iter().all(|f| f.json_name != "m.relates_to")
        }
        _ => false,
    }
}

/// Variant files of one event grouped into an enum over the discriminator.
#[derive(Clone, Debug)]
pub struct Family {
    pub event_type: String,
    pub module: Vec<String>,
    /// The content type name (`RoomMessageEventContent`), an enum.
    pub name: String,
    /// The JSON name of the content property that picks the variant.
    pub discriminator: String,
    pub variants: Vec<FamilyVariant>,
    /// The base schema's content, for values no variant claims.
    pub fallback: TypeId,
    /// The enum variant holding it (`Other`).
    pub fallback_name: String,
    pub docs: Docs,
}

#[derive(Clone, Debug)]
pub struct FamilyVariant {
    pub name: String,
    pub value: String,
    pub content: TypeId,
}

/// An example event from the spec, for the docs of the content it shows.
#[derive(Clone, Debug)]
pub struct Example {
    /// The example's file name without `.yaml` (`m.room.member$third_party_invite`).
    pub name: String,
    pub content: Content,
    pub json: serde_json::Value,
}

/// Everything the event layer adds to the type model.
#[derive(Debug)]
pub struct EventLayer {
    pub events: Vec<EventEntry>,
    pub envelopes: Vec<Envelope>,
    pub families: Vec<Family>,
    pub examples: Vec<Example>,
    /// Types that exist only to describe envelopes and are not emitted.
    pub hidden: Vec<TypeId>,
}

impl EventEntry {
    /// Every exact `type` string the event is read under: its own (unless
    /// it is a prefix) and its aliases.
    pub fn exact_types(&self) -> impl Iterator<Item = &str> {
        let own = self.prefix.is_none().then_some(self.event_type.as_str());
        own.into_iter()
            .chain(self.aliases.iter().map(String::as_str))
    }
}

impl EventLayer {
    pub fn examples_of(&self, content: Content) -> impl Iterator<Item = &Example> {
        self.examples.iter().filter(move |e| e.content == content)
    }

    pub fn envelope(&self, role: EnvelopeRole) -> Option<&Envelope> {
        self.envelopes.iter().find(|e| e.role == role)
    }

    /// The first envelope built for events of `kind`, if any was.
    pub fn role_of_kind(&self, kind: EventKind) -> Option<EnvelopeRole> {
        (EnvelopeRole::ALL.into_iter()).find(|r| r.kind() == kind && self.envelope(*r).is_some())
    }

    /// Events of a kind, in event type order.
    pub fn of_kind(&self, kind: EventKind) -> impl Iterator<Item = &EventEntry> {
        self.events.iter().filter(move |e| e.kinds.contains(&kind))
    }
}

/// Kinds a caller states for events (`Builder::event_kinds`): an event
/// type or a prefix ending in `*`, and its kinds, main one first. They win
/// over the schema's base and the kind table.
pub type StatedKinds = [(String, Vec<EventKind>)];

pub fn build(
    model: &TypeModel,
    examples: &std::collections::BTreeMap<String, serde_json::Value>,
    stated: &StatedKinds,
    diags: &mut Diagnostics,
) -> EventLayer {
    let envelopes = envelopes(model);
    let families = families(model);
    let mut events = Vec::new();
    for def in model.events.iter().filter(|e| e.variant_of.is_none()) {
        let in_schema = schema_kinds(def, diags);
        let t = &def.event_type;
        let (kinds, unsure) = match kinds_of(t, &def.bases, stated, in_schema) {
            KindSource::Known(kinds) => (kinds, None),
            KindSource::PlainUnlisted => (
                PLAIN_KINDS.to_vec(),
                Some(format!("`{t}` is on the plain `event.yaml` base and not in the generator's kind table; it is read as every plain kind (global and room account data, ephemeral, to-device). State its kinds with `Builder::event_kinds` to narrow them")),
            ),
            KindSource::None => (
                Vec::new(),
                Some(format!("the kind of `{t}` is unknown (its base is none of the core event schemas); its types are generated, but no envelope or dispatch enum includes it")),
            ),
        };
        if let Some(message) = unsure {
            let place = Place::Pointer(String::new());
            diags.push(Diagnostic::warning(
                Some(def.file.to_string()),
                place,
                message,
            ));
        }
        let content = match families.iter().position(|f| f.event_type == def.event_type) {
            Some(i) => Content::Family(i),
            None => Content::Struct(def.content),
        };
        let own_fields = (def.top_level.iter())
            .filter(|f| {
                !(envelopes.iter().flat_map(|e| &e.fields)).any(|e| e.json_name == f.json_name)
            })
            .cloned()
            .map(|mut f| {
                // The envelopes' own methods keep their names.
                if ENVELOPE_METHODS.contains(&f.rust_name.as_str()) {
                    f.rust_name.push_str("_field");
                }
                f
            })
            .collect::<Vec<EventField>>();
        let unsigned_fields = (def.unsigned_fields.iter())
            .filter(|f| !declared_in_unsigned(model, &envelopes, &f.json_name))
            .cloned()
            .map(|mut f| {
                // Nor may they take the name of a method of the envelopes
                // or of a top-level field's accessor.
                while ENVELOPE_METHODS.contains(&f.rust_name.as_str())
                    || own_fields.iter().any(|o| o.rust_name == f.rust_name)
                {
                    f.rust_name.push_str("_field");
                }
                f
            })
            .collect();
        let carries_relations = !model.relations.structs.is_empty()
            && kinds.contains(&EventKind::MessageLike)
            && content_types(&content, &families).all(|id| keeps_relation(model, id));
        events.push(EventEntry {
            carries_relations,
            event_type: def.event_type.clone(),
            module: def.module.clone(),
            name: names::event_name(&def.event_type),
            content,
            kinds,
            docs: def.docs.clone(),
            file: def.file.clone(),
            aliases: def.aliases.clone(),
            prefix: def.prefix.clone(),
            own_fields,
            unsigned_fields,
        });
    }
    events.sort_by(|a, b| a.event_type.cmp(&b.event_type));
    clashes(&events, diags);
    events.dedup_by(|a, b| a.event_type == b.event_type);

    // The structs made for the core schemas only feed the envelopes, unless
    // some content type uses one (then it must exist).
    let core: Vec<TypeId> = model.core_schemas.iter().map(|(_, id)| *id).collect();
    let mut used = std::collections::HashSet::new();
    for (i, def) in model.types.iter().enumerate() {
        if !core.contains(&TypeId(i)) {
            referenced(&def.kind, &mut used);
        }
    }
    // An API body may be a core schema itself (v1.1's `getOneEvent`).
    for op in &model.operations {
        let bodies = (op.request_body.iter().chain(&op.response))
            .chain(op.other_responses.iter().map(|(_, ty)| ty))
            .chain(op.parameters.iter().map(|p| &p.field.ty));
        for ty in bodies {
            referenced_by(ty, &mut used);
        }
    }
    let hidden = core.into_iter().filter(|id| !used.contains(id)).collect();
    let examples = attach_examples(model, &families, examples);
    EventLayer {
        events,
        envelopes,
        families,
        examples,
        hidden,
    }
}

/// Two schema files for one event type, or two event types with one Rust
/// name (`org.example.foo_bar` and `org.example.foo.bar`), are errors
/// naming both files: the output would lose one or not compile. `events`
/// is sorted by type.
fn clashes(events: &[EventEntry], diags: &mut Diagnostics) {
    let error = |at: &EventEntry, message: String| {
        Diagnostic::error(Some(at.file.to_string()), Place::File, message)
    };
    for pair in events.windows(2) {
        if pair[0].event_type == pair[1].event_type {
            diags.push(error(
                &pair[1],
                format!(
                    "defines the event type `{}`, which `{}` defines too",
                    pair[1].event_type, pair[0].file
                ),
            ));
        }
    }
    // An unstable name may not be another event's type or unstable name.
    let mut by_type: std::collections::BTreeMap<&str, &EventEntry> = Default::default();
    for event in events {
        for t in event.exact_types() {
            match by_type.get(t) {
                // Two events of one own type are the loop above's to report.
                Some(first)
                    if first.file != event.file
                        && !(t == event.event_type && t == first.event_type) =>
                {
                    diags.push(error(
                        event,
                        format!("reads the type `{t}`, which `{}` reads too", first.file),
                    ))
                }
                Some(_) => {}
                None => {
                    by_type.insert(t, event);
                }
            }
        }
    }
    let mut by_name: std::collections::BTreeMap<&str, &EventEntry> = Default::default();
    for event in events {
        match by_name.get(event.name.as_str()) {
            Some(first) if first.event_type != event.event_type => diags.push(error(
                event,
                format!(
                    "the event type `{}` has the Rust name `{}`, which `{}` of `{}` has too",
                    event.event_type, event.name, first.event_type, first.file
                ),
            )),
            Some(_) => {}
            None => {
                by_name.insert(&event.name, event);
            }
        }
    }
}

/// How an event's kinds were found.
enum KindSource {
    /// From the caller, the base schema or the kind table.
    Known(Vec<EventKind>),
    /// A plain event the table does not list.
    PlainUnlisted,
    /// A base that is none of the core event schemas.
    None,
}

/// The kinds an event schema states with `x-event-kinds`, if it does; an
/// unknown name is an error at its place.
fn schema_kinds(def: &crate::model::EventDef, diags: &mut Diagnostics) -> Option<Vec<EventKind>> {
    if def.stated_kinds.is_empty() {
        return None;
    }
    let mut kinds = Vec::new();
    for (key, origin) in &def.stated_kinds {
        match EventKind::from_key(key) {
            Some(kind) if !kinds.contains(&kind) => kinds.push(kind),
            Some(_) => {}
            None => {
                let known: Vec<&str> = EventKind::ALL.iter().map(|k| k.key()).collect();
                diags.push(Diagnostic::error(
                    Some(origin.file.to_string()),
                    origin.place(),
                    format!(
                        "`{key}` is not an event kind; the kinds are {}",
                        known.join(", ")
                    ),
                ));
            }
        }
    }
    Some(kinds)
}

fn kinds_of(
    event_type: &str,
    bases: &[crate::load::SpecPath],
    stated: &StatedKinds,
    in_schema: Option<Vec<EventKind>>,
) -> KindSource {
    let matching = |pattern: &str| crate::names::matches_pattern(pattern, event_type);
    if let Some((_, kinds)) = stated.iter().rev().find(|(p, _)| matching(p)) {
        return KindSource::Known(kinds.clone());
    }
    if let Some(kinds) = in_schema {
        return KindSource::Known(kinds);
    }
    let base_named = |stem: &str| bases.iter().any(|b| b.stem() == stem);
    if base_named("state_event") {
        KindSource::Known(vec![EventKind::State])
    } else if base_named("room_event") {
        KindSource::Known(vec![EventKind::MessageLike])
    } else if let Some((_, kinds)) = KIND_TABLE.iter().find(|(p, _)| matching(p)) {
        KindSource::Known(kinds.to_vec())
    } else if base_named("event") {
        KindSource::PlainUnlisted
    } else {
        KindSource::None
    }
}

fn envelopes(model: &TypeModel) -> Vec<Envelope> {
    let core = |name: &str| {
        model
            .core_schemas
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, id)| *id)
    };
    let mut out = Vec::new();
    for role in EnvelopeRole::ALL {
        let (source, added) = role.source();
        let Some(id) = core(source) else { continue };
        let def = model.get(id);
        let TypeKind::Struct(s) = &def.kind else {
            continue;
        };
        let mut fields: Vec<Field> = s
            .fields
            .iter()
            .filter(|f| f.json_name != "type" && f.json_name != "content")
            .cloned()
            .collect();
        for (name, required) in added {
            if fields.iter().all(|f| f.json_name != *name) {
                fields.push(Field {
                    rust_name: (*name).to_owned(),
                    json_name: (*name).to_owned(),
                    // `unify_identifier_fields` below makes it an
                    // identifier where a core schema's field of the name is.
                    ty: TypeRef::String,
                    required: *required,
                    default: None,
                    docs: Docs::default(),
                    constant: None,
                    sole_value: None,
                    required_to_send: false,
                    boxed: false,
                });
            }
        }
        out.push(Envelope {
            role,
            fields,
            docs: def.docs.clone(),
        });
    }
    unify_identifier_fields(&mut out);
    out
}

/// Fields are read before an event's kind is known, into one slot per
/// name, so a name must have one type in every envelope. A core schema
/// that marks a field as an identifier where another leaves it a plain
/// string (as `stripped_state.yaml` did before v1.19) gets the identifier
/// in both: identifiers read any string.
fn unify_identifier_fields(envelopes: &mut [Envelope]) {
    let ids: Vec<(String, TypeRef)> = (envelopes.iter().flat_map(|e| &e.fields))
        .filter(|f| matches!(f.ty, TypeRef::Id(_)))
        .map(|f| (f.json_name.clone(), f.ty.clone()))
        .collect();
    for field in envelopes.iter_mut().flat_map(|e| &mut e.fields) {
        if field.ty == TypeRef::String {
            if let Some((_, id)) = ids.iter().find(|(name, _)| *name == field.json_name) {
                field.ty = id.clone();
            }
        }
    }
}

fn families(model: &TypeModel) -> Vec<Family> {
    let mut out: Vec<Family> = Vec::new();
    for base in model.events.iter().filter(|e| e.variant_of.is_none()) {
        let members: Vec<_> = model
            .events
            .iter()
            .filter(|e| {
                e.variant_of
                    .as_ref()
                    .is_some_and(|(b, _)| *b == base.file.stem())
            })
            .collect();
        if members.is_empty() {
            continue;
        }
        let Some(discriminator) = discriminator(model, base.content, members[0].content) else {
            continue;
        };
        let mut variants = Vec::new();
        let mut used = std::collections::HashSet::new();
        for member in members {
            let value = pinned_value(model, member.content, &discriminator)
                .or_else(|| member.variant_of.as_ref().map(|(_, suffix)| suffix.clone()))
                .unwrap_or_default();
            let mut name = names::pascal_case(names::strip_namespace(&value));
            while !used.insert(name.clone()) {
                name.push('_');
            }
            variants.push(FamilyVariant {
                name,
                value,
                content: member.content,
            });
        }
        let mut fallback_name = "Other".to_owned();
        while used.contains(&fallback_name) {
            fallback_name.push('_');
        }
        out.push(Family {
            event_type: base.event_type.clone(),
            module: base.module.clone(),
            name: format!("{}EventContent", names::event_name(&base.event_type)),
            discriminator,
            variants,
            fallback: base.content,
            fallback_name,
            docs: model.get(base.content).docs.clone(),
        });
    }
    out
}

/// The content property a variant pins to one value while the base leaves
/// it open (`msgtype`, `method`).
fn discriminator(model: &TypeModel, base: TypeId, variant: TypeId) -> Option<String> {
    let TypeKind::Struct(v) = &model.get(variant).kind else {
        return None;
    };
    let TypeKind::Struct(b) = &model.get(base).kind else {
        return None;
    };
    v.fields.iter().find_map(|f| {
        let pinned = pinned_value(model, variant, &f.json_name).is_some();
        let open_in_base = b
            .fields
            .iter()
            .find(|bf| bf.json_name == f.json_name)
            .is_some_and(|bf| pinned_value(model, base, &bf.json_name).is_none());
        (pinned && open_in_base).then(|| f.json_name.clone())
    })
}

/// The one value a field is pinned to, if it is.
fn pinned_value(model: &TypeModel, content: TypeId, field: &str) -> Option<String> {
    let TypeKind::Struct(s) = &model.get(content).kind else {
        return None;
    };
    s.fields
        .iter()
        .find(|f| f.json_name == field)?
        .constant
        .clone()
}

/// Pairs each example with the content it shows: the schema file of the
/// same name (`m.room.message$m.text`), else the name cut at the first `$`
/// (`m.room.member$third_party_invite` shows `m.room.member`).
fn attach_examples(
    model: &TypeModel,
    families: &[Family],
    examples: &std::collections::BTreeMap<String, serde_json::Value>,
) -> Vec<Example> {
    let mut out = Vec::new();
    for (name, json) in examples {
        let by_stem = |stem: &str| model.events.iter().find(|e| e.file.stem() == stem);
        let Some(def) = by_stem(name).or_else(|| by_stem(name.split('$').next().unwrap_or(name)))
        else {
            continue;
        };
        let content = match families.iter().position(|f| f.fallback == def.content) {
            Some(i) => Content::Family(i),
            None => Content::Struct(def.content),
        };
        out.push(Example {
            name: name.clone(),
            content,
            json: json.clone(),
        });
    }
    out
}

/// Every named type a type refers to, itself included.
fn referenced_by(ty: &TypeRef, out: &mut std::collections::HashSet<TypeId>) {
    match ty {
        TypeRef::Named(id) => {
            out.insert(*id);
        }
        TypeRef::List(inner) | TypeRef::Map(_, inner) | TypeRef::Nullable(inner) => {
            referenced_by(inner, out)
        }
        _ => {}
    }
}

/// Every named type a type definition refers to.
fn referenced(kind: &TypeKind, out: &mut std::collections::HashSet<TypeId>) {
    let walk = referenced_by;
    match kind {
        TypeKind::Struct(s) => {
            s.fields.iter().for_each(|f| walk(&f.ty, out));
            walk(&s.extra, out);
        }
        TypeKind::Union(u) => u.variants.iter().for_each(|v| walk(&v.ty, out)),
        TypeKind::Enum(_) => {}
    }
}
