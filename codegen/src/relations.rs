//! The relation types of `m.relates_to`, as a table of the generator's.
//!
//! The spec's event schemas declare `m.relates_to` only as a generic object
//! (when they declare it at all: `m.room.message` does not); the shape of each
//! relation is given in prose, in the client-server API's sections on
//! replies, threads, edits, annotations and references. This table is that
//! prose as data. The model stage turns each row into a struct of the
//! `relations` module, so the relation types get the constructors, setters
//! and lossless serde of every other generated struct; the event layer then
//! gives message-like content the `Relations` trait that reads and sets them.

use crate::model::{
    Docs, Field, NameSource, StructDef, TypeDef, TypeId, TypeKind, TypeModel, TypeRef,
};
use crate::resolve::Origin;

/// The module the relation types are generated in.
pub const RELATIONS_MODULE: &str = "relations";

/// One way an event can relate to another.
pub struct RelationType {
    /// The Rust name of its struct, and of its variant of `Relation`.
    pub name: &'static str,
    /// The `rel_type` it is sent with; `None` for a reply, which has none.
    pub rel_type: Option<&'static str>,
    /// The spec section describing it, below `client-server-api/`.
    pub section: &'static str,
    pub added_in: Option<&'static str>,
    pub summary: &'static str,
    pub fields: &'static [RelationField],
}

pub struct RelationField {
    pub json: &'static str,
    pub rust: &'static str,
    pub value: FieldValue,
    pub required: bool,
    pub doc: &'static str,
}

#[derive(Clone, Copy)]
pub enum FieldValue {
    /// An event ID: the `ids` type when the spec has one, else `String`.
    EventId,
    Boolean,
    String,
    /// The `m.in_reply_to` object, `{"event_id": ...}`.
    InReplyTo,
}

const IN_REPLY_TO: RelationField = RelationField {
    json: "m.in_reply_to",
    rust: "in_reply_to",
    value: FieldValue::InReplyTo,
    required: true,
    doc: "The event this one replies to.",
};

const TARGET: RelationField = RelationField {
    json: "event_id",
    rust: "event_id",
    value: FieldValue::EventId,
    required: true,
    doc: "The event this one relates to.",
};

/// The relations the spec defines, in the order `Relation`'s variants take.
pub const RELATIONS: &[RelationType] = &[
    RelationType {
        name: "Reply",
        rel_type: None,
        section: "rich-replies",
        added_in: None,
        summary: "A reply to another event (a rich reply): `m.in_reply_to` without a `rel_type`.",
        fields: &[IN_REPLY_TO],
    },
    RelationType {
        name: "Thread",
        rel_type: Some("m.thread"),
        section: "threading",
        added_in: Some("1.4"),
        summary: "A message in the thread rooted at `event_id`. Clients that do not show threads read `m.in_reply_to` as a reply: to the thread's latest event when `is_falling_back` is true, else to the event really answered.",
        fields: &[
            RelationField {
                doc: "The thread's root event.",
                ..TARGET
            },
            RelationField {
                json: "is_falling_back",
                rust: "is_falling_back",
                value: FieldValue::Boolean,
                required: false,
                doc: "Whether `m.in_reply_to` is only there for clients that do not show threads.",
            },
            RelationField {
                required: false,
                doc: "The event this one replies to within the thread, or, when `is_falling_back` is true, the thread's latest event.",
                ..IN_REPLY_TO
            },
        ],
    },
    RelationType {
        name: "Replacement",
        rel_type: Some("m.replace"),
        section: "event-replacements",
        added_in: Some("1.4"),
        summary: "An edit of `event_id`: the new content is in the editing event's `m.new_content`.",
        fields: &[RelationField {
            doc: "The event this one replaces.",
            ..TARGET
        }],
    },
    RelationType {
        name: "Annotation",
        rel_type: Some("m.annotation"),
        section: "event-annotations-and-reactions",
        added_in: Some("1.7"),
        summary: "An annotation of `event_id`, such as a reaction; `key` is what it says (the emoji of a reaction).",
        fields: &[
            RelationField {
                doc: "The event annotated.",
                ..TARGET
            },
            RelationField {
                json: "key",
                rust: "key",
                value: FieldValue::String,
                required: true,
                doc: "The annotation: for a reaction, the emoji or text reacted with.",
            },
        ],
    },
    RelationType {
        name: "Reference",
        rel_type: Some("m.reference"),
        section: "reference-relations",
        added_in: None,
        summary: "A reference to `event_id`, which the referring event is about (a key verification's request, a poll's start).",
        fields: &[RelationField {
            doc: "The event referred to.",
            ..TARGET
        }],
    },
];

/// The relation types added to a model, by [`RELATIONS`]' order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RelationTypes {
    /// The type of their event IDs (that of the `room_event` envelope's).
    pub event_id: Option<TypeRef>,
    pub in_reply_to: Option<TypeId>,
    pub structs: Vec<TypeId>,
}

/// Adds the relation types to a model that has message-like events (whose
/// envelope is the `room_event` core schema): only those carry relations.
pub fn add_types(model: &mut TypeModel) {
    let Some(&(_, room_event)) = model
        .core_schemas
        .iter()
        .find(|(name, _)| name == "room_event")
    else {
        return;
    };
    // The type events' own `event_id` has, so that an ID read from an
    // event can be passed on as it is: an identifier type where the spec
    // annotates it (v1.19), `String` before.
    let event_id = match &model.get(room_event).kind {
        TypeKind::Struct(s) => (s.fields.iter())
            .find(|f| f.json_name == "event_id")
            .map(|f| f.ty.clone())
            .filter(|ty| matches!(ty, TypeRef::Id(_)))
            .unwrap_or(TypeRef::String),
        _ => TypeRef::String,
    };
    let in_reply_to = push(
        model,
        "InReplyTo",
        Docs {
            description: Some(
                "The event a reply answers: the value of `m.in_reply_to`.".to_owned(),
            ),
            ..Docs::default()
        },
        vec![field(
            &RelationField {
                doc: "The event replied to.",
                ..TARGET
            },
            event_id.clone(),
        )],
    );
    let mut structs = Vec::new();
    for relation in RELATIONS {
        let mut fields = Vec::new();
        if let Some(rel_type) = relation.rel_type {
            fields.push(Field {
                rust_name: "rel_type".to_owned(),
                json_name: "rel_type".to_owned(),
                ty: TypeRef::String,
                required: true,
                default: None,
                docs: Docs::default(),
                constant: Some(rel_type.to_owned()),
                sole_value: None,
                required_to_send: false,
                boxed: false,
            });
        }
        for f in relation.fields {
            let ty = match f.value {
                FieldValue::EventId => event_id.clone(),
                FieldValue::Boolean => TypeRef::Boolean,
                FieldValue::String => TypeRef::String,
                FieldValue::InReplyTo => TypeRef::Named(in_reply_to),
            };
            fields.push(field(f, ty));
        }
        let description = format!(
            "{}\n\nSee [the spec](/client-server-api/#{}).",
            relation.summary, relation.section
        );
        let docs = Docs {
            description: Some(description),
            added_in: relation.added_in.map(str::to_owned),
            ..Docs::default()
        };
        structs.push(push(model, relation.name, docs, fields));
    }
    model.relations = RelationTypes {
        event_id: Some(event_id),
        in_reply_to: Some(in_reply_to),
        structs,
    };
}

fn field(f: &RelationField, ty: TypeRef) -> Field {
    Field {
        rust_name: f.rust.to_owned(),
        json_name: f.json.to_owned(),
        ty,
        required: f.required,
        default: None,
        docs: Docs {
            description: Some(f.doc.to_owned()),
            ..Docs::default()
        },
        constant: None,
        sole_value: None,
        required_to_send: false,
        boxed: false,
    }
}

fn push(model: &mut TypeModel, name: &str, docs: Docs, fields: Vec<Field>) -> TypeId {
    let id = TypeId(model.types.len());
    model.types.push(TypeDef {
        name: name.to_owned(),
        module: vec![RELATIONS_MODULE.to_owned()],
        docs,
        origin: Origin {
            file: crate::load::SpecPath::new("(the generator's relation table)"),
            pointer: format!("/{name}"),
        },
        name_source: NameSource::Table,
        kind: TypeKind::Struct(StructDef {
            fields,
            extra: TypeRef::Any,
            extra_field: "extra".to_owned(),
            extra_key: None,
            extra_docs: "Properties the relation does not declare, kept so that nothing read is lost when the value is written back.".to_owned(),
        }),
    });
    id
}
