//! Stage 3: a type space of named Rust types built from resolved schemas.
//!
//! Every struct, open enum and union the output will contain is a
//! [`TypeDef`] here, with its module, its name, its docs and the place in
//! the spec it came from. Later stages only read this model; naming and
//! de-duplication happen here, once.
//!
//! Names come from event types and property paths (`m.call.hangup` ->
//! `call::hangup::CallHangupEventContent`, its `reason` -> `Reason`). Types
//! defined in a file of their own and used through `$ref` are generated once,
//! in the `common` module, wherever they are used.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, Error};
use crate::ids::{is_identifier_format, Grammar};
use crate::load::SpecPath;
use crate::names;
use crate::resolve::{Additional, JsonType, Origin, ResolvedSpec, Schema};

/// The module shared types from referenced files are generated in.
pub const COMMON_MODULE: &str = "common";

/// The module of an API's shared definitions, in its own module
/// (`api::client_server::definitions`).
pub const API_DEFINITIONS_MODULE: &str = "definitions";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// A reference to a type, as a field or container element uses it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeRef {
    String,
    /// JSON integers: `i64`.
    Integer,
    /// JSON numbers: kept as written (`serde_json::Number`), so `0` stays
    /// `0` and `0.9` stays `0.9`.
    Number,
    Boolean,
    /// Anything at all: `serde_json::Value`.
    Any,
    /// An object the schema says nothing about: `serde_json::Map`.
    Object,
    Named(TypeId),
    /// A string in one of the spec's identifier formats: its type in the
    /// `ids` module (`UserId`).
    Id(IdRef),
    List(Box<TypeRef>),
    /// An object used as a map from names to values: `BTreeMap<String, T>`,
    /// or `BTreeMap<UserId, T>` when the keys have an identifier format.
    Map(Option<IdRef>, Box<TypeRef>),
    /// A value that may be `null`: `Option<T>`.
    Nullable(Box<TypeRef>),
    /// An event, read by the event layer's dispatch enum of this name at
    /// the crate root (`AnySyncTimelineEvent`).
    EventEnum(String),
}

/// An identifier type, by its place in [`TypeModel::ids`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdRef(pub usize);

/// A type made for one of the spec's identifier formats (`mx-user-id` ->
/// `UserId`), in the `ids` module.
#[derive(Clone, Debug, PartialEq)]
pub struct IdType {
    /// The format's key (`mx-user-id`).
    pub format: String,
    /// The Rust name, from the format's title (`User ID` -> `UserId`).
    pub name: String,
    pub title: String,
    /// Where the spec defines the format, as `string-formats.yaml` says.
    pub url: Option<String>,
    /// What `parse` checks; `None` for a format the generator has no
    /// grammar for, whose values are all accepted.
    pub grammar: Option<Grammar>,
}

/// Documentation gathered from the schema.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Docs {
    pub description: Option<String>,
    pub added_in: Option<String>,
    pub changed_in: Vec<(String, String)>,
    pub deprecated: bool,
}

impl Docs {
    fn of(schema: &Schema) -> Docs {
        Docs {
            description: schema.description.clone(),
            added_in: schema.added_in.clone(),
            changed_in: schema.changed_in.clone(),
            deprecated: schema.deprecated,
        }
    }
}

/// Where a type's name came from, for reporting how the output was named.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameSource {
    /// From the event type (`CallHangupEventContent`).
    EventType,
    /// From the schema's `title`.
    Title,
    /// From the property path or file name.
    Path,
    /// Made from one of the generator's own tables (the relation types).
    Table,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    pub name: String,
    /// Module path below the crate root, e.g. `["call", "hangup"]`.
    pub module: Vec<String>,
    pub docs: Docs,
    pub origin: Origin,
    pub name_source: NameSource,
    pub kind: TypeKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    Struct(StructDef),
    /// A string enum that also keeps any value it does not know.
    Enum(EnumDef),
    /// A value of one of several JSON types.
    Union(UnionDef),
}

#[derive(Clone, Debug, PartialEq)]
pub struct StructDef {
    pub fields: Vec<Field>,
    /// What properties the schema does not declare may hold. Every struct
    /// keeps them, so nothing read is lost when written back.
    pub extra: TypeRef,
    /// Rust name of the field holding undeclared properties.
    pub extra_field: String,
    /// The identifier type of those properties' names, if their schema
    /// gives them a format (`m.direct`'s user IDs).
    pub extra_key: Option<IdRef>,
    pub extra_docs: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub rust_name: String,
    pub json_name: String,
    pub ty: TypeRef,
    pub required: bool,
    /// What an absent optional field stands for.
    pub default: Option<Value>,
    pub docs: Docs,
    /// The one value a required property's `enum` allows, when that value
    /// tells which variant the object is (`msgtype` of a text message, an
    /// SDP `type` of `offer`): the type says it, so no Rust field holds it;
    /// it is written as this value and checked on read.
    pub constant: Option<String>,
    /// The one value a required property's `enum` allows when it picks no
    /// variant, so that it is only the one value this release knows
    /// (`algorithm` of `m.room_key.withheld`): the field is an open enum
    /// like any other, and `new` fills this value in.
    pub sole_value: Option<String>,
    /// Required of senders but accepted when absent (then `required` is
    /// false): the schema says the property came after its event
    /// (`party_id`, added in v1.7 to call events older than that), or that
    /// absence has a meaning (a `default`, as a hangup's `reason` has).
    /// Constructors still take it.
    pub required_to_send: bool,
    /// Held as `Option<Box<T>>`: an optional struct big enough that
    /// carrying it inline would make every value of its parents (and of
    /// the event enums above them) that much bigger to move, while it is
    /// mostly absent (see [`BOX_AT_BYTES`]).
    pub boxed: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumDef {
    pub variants: Vec<EnumVariant>,
    /// Name of the variant holding any other string.
    pub other_variant: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumVariant {
    pub name: String,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UnionDef {
    /// One variant per JSON type, each distinct.
    pub variants: Vec<UnionVariant>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub json_type: JsonType,
    pub ty: TypeRef,
}

/// An event schema file and the content type made for it.
#[derive(Clone, Debug, PartialEq)]
pub struct EventDef {
    pub event_type: String,
    pub file: SpecPath,
    /// `Some(("m.room.message", "m.text"))` for `m.room.message$m.text.yaml`.
    pub variant_of: Option<(String, String)>,
    pub module: Vec<String>,
    pub content: TypeId,
    pub docs: Docs,
    /// The core schemas the event schema is built on (`room_event`,
    /// `state_event`, ...), for the event layer to read kinds from.
    pub bases: Vec<SpecPath>,
    /// Other `type` strings the event is sent under (`x-event-type-aliases`).
    pub aliases: Vec<String>,
    /// Set for a schema of every type starting with this
    /// (`x-event-type-prefix`); `event_type` is then the prefix and `*`.
    pub prefix: Option<String>,
    /// The kinds the schema states with `x-event-kinds`, as written.
    pub stated_kinds: Vec<(String, crate::resolve::Origin)>,
    /// The schema's top-level properties other than `type` and `content`,
    /// its envelope's included: the event layer keeps those no envelope
    /// has (`redacts` of `m.room.redaction`).
    pub top_level: Vec<EventField>,
    /// The properties the schema adds to `unsigned` in its own file
    /// (`invite_room_state` of `m.room.member`), typed: the envelope's
    /// `unsigned` is shared by every event of its kind, so they stay with
    /// its undeclared properties and get typed accessors.
    pub unsigned_fields: Vec<Field>,
}

/// A top-level property of an event schema.
#[derive(Clone, Debug, PartialEq)]
pub struct EventField {
    pub json_name: String,
    pub rust_name: String,
    /// The value is a plain JSON string (an event ID, a user ID...).
    pub is_string: bool,
    pub docs: Docs,
}

/// The whole type space.
#[derive(Debug, Default)]
pub struct TypeModel {
    pub types: Vec<TypeDef>,
    pub events: Vec<EventDef>,
    /// The structs made for the core event schemas (`room_event`,
    /// `state_event`...), by file name without `.yaml`, for the event layer
    /// to build its envelopes from.
    pub core_schemas: Vec<(String, TypeId)>,
    /// One type per identifier format of the spec's `string-formats.yaml`,
    /// in its order.
    pub ids: Vec<IdType>,
    /// The types of `m.relates_to`'s relations, from the generator's table.
    pub relations: crate::relations::RelationTypes,
    /// The operations of the HTTP APIs asked for, with the types of their
    /// bodies.
    pub operations: Vec<OperationDef>,
    /// Open enums and unions that another one of the same name and the
    /// same values already is, each with that one: `Algorithm` of
    /// `m.room_key`, `m.room.encryption` and `m.room_key.withheld`,
    /// `version` of every call event. Each is generated once and the
    /// others re-export it, so that values compare across events while
    /// every path still names the type.
    pub same_as: BTreeMap<TypeId, TypeId>,
}

/// One HTTP API operation and the types made for its bodies, in the module
/// `api::<api>::<operation id in snake case>`.
#[derive(Clone, Debug, PartialEq)]
pub struct OperationDef {
    /// The API's folder name (`client-server`).
    pub api: String,
    pub module: Vec<String>,
    pub operation: crate::resolve::Operation,
    /// The JSON request body's type (`RequestBody`), if the operation
    /// takes one.
    pub request_body: Option<TypeRef>,
    /// The type of the JSON body of its (first) success response
    /// (`Response`, or `Response200` when there are several and `Response`
    /// is the enum of them).
    pub response: Option<TypeRef>,
    /// The status of that response (`200`).
    pub response_status: Option<String>,
    /// Further success statuses with a JSON body of their own
    /// (`Response201`), by status.
    pub other_responses: Vec<(String, TypeRef)>,
    /// The media type of a request body that is not JSON (a media upload,
    /// `application/octet-stream`): `Request` holds its bytes.
    pub request_media: Option<String>,
    /// The media type of a success response body that is not JSON (a
    /// media download), when no success response is JSON: `Response`
    /// holds its bytes, their `Content-Type` and `Content-Disposition`.
    pub response_media: Option<String>,
    /// The path, query and header parameters, as fields of its `Request`.
    pub parameters: Vec<ParameterField>,
}

/// A parameter of an operation, as a field of its `Request`.
#[derive(Clone, Debug, PartialEq)]
pub struct ParameterField {
    /// `json_name` is the parameter's name in the path, query or header.
    pub field: Field,
    pub location: crate::resolve::ParameterLocation,
}

/// The module the HTTP APIs are generated in.
pub const API_MODULE: &str = "api";

/// The module of one API: `client-server` -> `api::client_server`.
pub fn api_module(api: &str) -> Vec<String> {
    vec![API_MODULE.to_owned(), names::snake_case(api)]
}

impl TypeModel {
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    pub fn id(&self, id: IdRef) -> &IdType {
        &self.ids[id.0]
    }
}

/// The module identifier types are generated in.
pub const IDS_MODULE: &str = "ids";

/// The identifier types of a spec's string formats: one per `mx-` format,
/// named from its title. Two titles that make one name are an error.
fn id_types(spec: &ResolvedSpec, diags: &mut Diagnostics) -> Vec<IdType> {
    let mut out: Vec<IdType> = Vec::new();
    for format in spec
        .string_formats
        .iter()
        .filter(|f| is_identifier_format(&f.key))
    {
        let name = names::pascal_case(&format.title);
        if let Some(first) = out.iter().find(|t| t.name == name) {
            diags.push(Diagnostic::error(
                Some(format.file.to_string()),
                crate::diagnostics::Place::Pointer(crate::diagnostics::pointer_push(
                    &crate::diagnostics::pointer_push("", &format.key),
                    "title",
                )),
                format!(
                    "the formats `{}` and `{}` would both be the type `{name}`; give them titles that differ in more than case and punctuation",
                    first.format, format.key
                ),
            ));
            continue;
        }
        out.push(IdType {
            format: format.key.clone(),
            name,
            title: format.title.clone(),
            url: format.url.clone(),
            grammar: Grammar::of(&format.key),
        });
    }
    out
}

/// Whether events may lack a required property because they were sent
/// before it was required: it was added after its event (`since`), a
/// change after `since` made it required, or its absence has a stated
/// meaning (`default`). Read from the schema's annotations, not a list;
/// the overrides' table of deviations adds what the annotations miss.
fn optional_before(schema: &Schema, since: (u32, u32)) -> bool {
    let later = |version: &str| crate::release::major_minor(version).is_some_and(|v| v > since);
    let added_later = schema.added_in.as_deref().is_some_and(later);
    let says_required = |text: &str| {
        let text = text.to_ascii_lowercase();
        text.contains("required") || text.contains("optional")
    };
    let made_required_later = (schema.changed_in.iter())
        .any(|(version, text)| later(version) && says_required(text))
        // The change note may only list what changed ("values were added")
        // while the description says the property used to be optional.
        || (schema.changed_in.iter().any(|(version, _)| later(version))
            && schema
                .description
                .as_deref()
                .is_some_and(|d| d.to_ascii_lowercase().contains("optional in previous")));
    added_later || made_required_later || schema.default.is_some() || schema.read_when_missing
}

pub fn build(spec: &ResolvedSpec, diags: &mut Diagnostics) -> Result<TypeModel, Error> {
    let ids = id_types(spec, diags);
    let mut builder = ModelBuilder {
        spec,
        diags,
        model: TypeModel {
            ids,
            ..TypeModel::default()
        },
        taken: HashMap::new(),
        definitions: HashMap::new(),
        building: HashSet::new(),
        event_since: (1, 0),
        tags: tags(spec),
        family_discriminators: Vec::new(),
        in_operations: false,
    };
    let families: HashSet<&str> = spec
        .files
        .iter()
        .filter_map(|(path, _)| path.stem().split_once('$').map(|(base, _)| base))
        .collect();
    for (path, schema) in &spec.files {
        let base = (path.stem().split_once('$'))
            .and_then(|(base, _)| spec.files.iter().find(|(p, _)| p.stem() == base));
        builder.family_discriminators = base
            .map(|(_, base)| family_discriminators(schema, base))
            .unwrap_or_default();
        builder.event(path, schema, families.contains(path.stem()));
        builder.family_discriminators.clear();
    }
    // Envelope fields are as old as the envelopes.
    builder.event_since = (1, 0);
    builder.core_schemas();
    #[cfg(feature = "api")]
    builder.operations(spec);
    let mut model = builder.model;
    crate::relations::add_types(&mut model);
    box_large_optional_fields(&mut model);
    model.same_as = same_types(&model);
    let reserved = [
        (!model.ids.is_empty(), IDS_MODULE, "the identifier types"),
        (!model.operations.is_empty(), API_MODULE, "the HTTP APIs"),
        (
            !model.relations.structs.is_empty(),
            crate::relations::RELATIONS_MODULE,
            "the relation types",
        ),
    ];
    for (used, module, holds) in reserved {
        if let Some(clash) = (model.events.iter()).find(|e| used && e.module[..] == [module]) {
            diags.push(Diagnostic::error(
                Some(clash.file.to_string()),
                crate::diagnostics::Place::File,
                format!(
                    "the event `{}` would have the module `{module}`, which holds {holds}",
                    clash.event_type
                ),
            ));
        }
    }
    diags.check()?;
    Ok(model)
}

/// The open enums and unions that are the same as another one (see
/// [`TypeModel::same_as`]): same name, same values or variants, both
/// deprecated or neither. The one kept is the oldest: one with no
/// `x-addedInMatrixVersion`, else the first made, so that what the type's
/// docs say holds for every use.
fn same_types(model: &TypeModel) -> BTreeMap<TypeId, TypeId> {
    let mut groups: BTreeMap<(&str, String), Vec<TypeId>> = BTreeMap::new();
    for (i, def) in model.types.iter().enumerate() {
        let key = match &def.kind {
            TypeKind::Struct(_) => continue,
            kind => format!("{:?} {kind:?}", def.docs.deprecated),
        };
        groups.entry((&def.name, key)).or_default().push(TypeId(i));
    }
    let mut same_as = BTreeMap::new();
    for ids in groups.values().filter(|ids| ids.len() > 1) {
        let oldest =
            (ids.iter().copied()).min_by_key(|id| (model.get(*id).docs.added_in.is_some(), *id));
        let Some(kept) = oldest else { continue };
        same_as.extend(ids.iter().filter(|id| **id != kept).map(|id| (*id, kept)));
    }
    same_as
}

/// The estimated size in bytes from which an optional struct field is
/// boxed. Media `info` (about 240 bytes inline, with its thumbnail's) is
/// above it, as ruma boxes it; `unsigned` (about 64, and on nearly every
/// event, where a box would cost an allocation) is below.
pub const BOX_AT_BYTES: usize = 128;

/// Marks the optional fields to box: those of a struct type whose
/// estimated size reaches [`BOX_AT_BYTES`], without a default or a fixed
/// value (which read and construct by value). The core envelopes' fields
/// stay as they are: the event layer reads and builds them in its own
/// code, and `unsigned`, on nearly every event, would cost an allocation.
fn box_large_optional_fields(model: &mut TypeModel) {
    let mut sizes = vec![None; model.types.len()];
    let mut marked = Vec::new();
    for (t, def) in model.types.iter().enumerate() {
        let TypeKind::Struct(s) = &def.kind else {
            continue;
        };
        if model.core_schemas.iter().any(|(_, id)| id.0 == t) {
            continue;
        }
        for (f, field) in s.fields.iter().enumerate() {
            let plain = !field.required
                && !field.required_to_send
                && field.default.is_none()
                && field.constant.is_none()
                && field.sole_value.is_none();
            let TypeRef::Named(id) = field.ty else {
                continue;
            };
            let is_struct = matches!(model.get(id).kind, TypeKind::Struct(_));
            if plain && is_struct && estimated_size(model, id, &mut sizes) >= BOX_AT_BYTES {
                marked.push((t, f));
            }
        }
    }
    for (t, f) in marked {
        if let TypeKind::Struct(s) = &mut model.types[t].kind {
            s.fields[f].boxed = true;
        }
    }
}

/// Roughly `size_of` the type, as emitted on a 64-bit target: enough to
/// tell a small struct from a big one. A type met again while its own size
/// is being estimated counts as a pointer.
fn estimated_size(model: &TypeModel, id: TypeId, sizes: &mut Vec<Option<usize>>) -> usize {
    if let Some(size) = sizes[id.0] {
        return size;
    }
    sizes[id.0] = Some(8);
    let size = match &model.get(id).kind {
        TypeKind::Struct(s) => {
            let fields: usize = (s.fields.iter())
                .filter(|f| f.constant.is_none())
                .map(|f| {
                    if f.boxed {
                        return 8;
                    }
                    let inner = ref_size(model, &f.ty, sizes);
                    // Strings, vectors and maps give `None` a niche.
                    let niche = matches!(
                        f.ty,
                        TypeRef::String | TypeRef::Id(_) | TypeRef::List(_) | TypeRef::Map(..)
                    );
                    if f.required || niche {
                        inner
                    } else {
                        inner + 8
                    }
                })
                .sum();
            fields + 24
        }
        TypeKind::Enum(_) => 24,
        TypeKind::Union(_) => 32,
    };
    sizes[id.0] = Some(size);
    size
}

fn ref_size(model: &TypeModel, ty: &TypeRef, sizes: &mut Vec<Option<usize>>) -> usize {
    match ty {
        TypeRef::Integer => 8,
        TypeRef::Boolean => 1,
        TypeRef::Any => 32,
        TypeRef::String
        | TypeRef::Number
        | TypeRef::Object
        | TypeRef::Id(_)
        | TypeRef::List(_)
        | TypeRef::Map(..) => 24,
        TypeRef::Named(id) => estimated_size(model, *id, sizes),
        TypeRef::Nullable(inner) => ref_size(model, inner, sizes) + 8,
        // The dispatch enums hold whole events.
        TypeRef::EventEnum(_) => 256,
    }
}

struct ModelBuilder<'a> {
    spec: &'a ResolvedSpec,
    diags: &'a mut Diagnostics,
    model: TypeModel,
    /// Names already used, per module.
    taken: HashMap<Vec<String>, HashSet<String>>,
    /// The type made for each referenced file, made once.
    definitions: HashMap<SpecPath, TypeRef>,
    /// Files whose type is being made; a file reached again while its type
    /// is being made refers to itself, which a Rust value cannot hold inline.
    building: HashSet<SpecPath>,
    /// The release the event (or shared definition) being built appeared in
    /// (`x-addedInMatrixVersion` of its schema; `(1, 0)` when it has none,
    /// for what is older than the annotations), against which its
    /// properties count as added later.
    event_since: (u32, u32),
    /// The one-value properties that tell objects of one shape apart
    /// (see [`tags`]).
    tags: HashSet<Tag>,
    /// The properties the content about to be made discriminates its
    /// variant family by (`msgtype` of `m.room.message$m.text.yaml`); taken
    /// by the first struct made, the content root.
    family_discriminators: Vec<String>,
    /// Set while the HTTP APIs' operations are made.
    in_operations: bool,
}

/// A one-value property and the names of every property of its object.
type Tag = (String, Vec<String>);

/// The one-value required properties that are tags: objects of the same
/// properties pin them to different values, so the value tells which of
/// those objects a value is (an SDP description's `type`, `offer` in one
/// place and `answer` in another). Other one-value properties only list
/// the one value a release knows. (A `oneOf` of objects is kept as JSON,
/// see `indistinct_union`, so no tag of one needs a constant.)
fn tags(spec: &ResolvedSpec) -> HashSet<Tag> {
    fn walk(schema: &Schema, seen: &mut HashMap<Tag, HashSet<String>>) {
        let mut names: Vec<String> = schema.properties.iter().map(|p| p.name.clone()).collect();
        names.sort();
        for prop in &schema.properties {
            if let Some(value) = one_value(&prop.schema).filter(|_| schema.is_required(&prop.name))
            {
                (seen.entry((prop.name.clone(), names.clone())).or_default()).insert(value);
            }
            walk(&prop.schema, seen);
        }
        let nested = (schema.items.iter().map(|s| &**s))
            .chain(schema.pattern_properties.iter().map(|(_, s)| s))
            .chain(&schema.variants)
            .chain(match &schema.additional {
                Some(Additional::Schema(s)) => Some(&**s),
                _ => None,
            });
        for inner in nested {
            walk(inner, seen);
        }
    }
    let mut seen = HashMap::new();
    let files = spec.files.iter().map(|(_, s)| s);
    for schema in files.chain(spec.definitions.values()) {
        walk(schema, &mut seen);
    }
    (seen.into_iter())
        .filter(|(_, values)| values.len() > 1)
        .map(|(tag, _)| tag)
        .collect()
}

/// What to call a type about to be made, and where.
struct Naming {
    module: Vec<String>,
    /// The name from the path, used when there is no clean title.
    path_name: String,
    /// The enclosing type's name, prefixed when the plain name is taken.
    parent: Option<String>,
    /// Event content roots are named from the event type, never from titles.
    fixed: bool,
}

impl<'a> ModelBuilder<'a> {
    /// The core envelopes, whether or not any content refers to them.
    fn core_schemas(&mut self) {
        let mut paths: Vec<&SpecPath> = self.spec.definitions.keys().collect();
        paths.sort();
        for name in CORE_SCHEMAS {
            // The core folder's copy wins over a stray one elsewhere (v1.1
            // keeps `stripped_state.yaml` at the top level).
            let found = paths
                .iter()
                .filter(|p| p.stem() == *name)
                .min_by_key(|p| !p.as_str().contains("core-event-schema/"));
            if let Some(path) = found {
                if let TypeRef::Named(id) = self.definition(path) {
                    self.model.core_schemas.push(((*name).to_owned(), id));
                }
            }
        }
    }

    /// The types of the HTTP APIs' operations, after the events' (which
    /// they use), and the error type they share.
    #[cfg(feature = "api")]
    fn operations(&mut self, spec: &ResolvedSpec) {
        self.in_operations = true;
        for api in &spec.apis {
            for operation in &api.operations {
                self.operation(&api.name, operation);
            }
        }
        if !self.model.operations.is_empty() {
            let codes = spec.apis.iter().flat_map(|a| a.error_codes.iter().cloned());
            self.error_type(codes.collect());
        }
    }

    /// `api::Error`, the standard error body, and `api::ErrorCode`, an open
    /// enum of the codes the API files name. The spec's `error.yaml` leaves
    /// `errcode` a string and lists the codes in prose, so the type is made
    /// here rather than from a schema.
    #[cfg(feature = "api")]
    fn error_type(&mut self, codes: std::collections::BTreeSet<String>) {
        let module = vec![API_MODULE.to_owned()];
        let origin = crate::resolve::Origin {
            file: SpecPath::new(crate::load::API_DIR),
            pointer: String::new(),
        };
        let doc = |text: &str| Docs {
            description: Some(text.to_owned()),
            ..Docs::default()
        };
        let mut used = HashSet::new();
        let variants = (codes.into_iter())
            .map(|code| EnumVariant {
                name: unique(
                    names::pascal_case(&code["M_".len()..].to_ascii_lowercase()),
                    &mut used,
                ),
                value: code,
            })
            .collect();
        let other_variant = unique("Other".to_owned(), &mut used);
        let code_id = TypeId(self.model.types.len());
        self.model.types.push(TypeDef {
            name: "ErrorCode".to_owned(),
            module: module.clone(),
            docs: doc("The code of an error (`errcode`): the codes the spec's API files name, and any other kept as written."),
            origin: origin.clone(),
            name_source: NameSource::Table,
            kind: TypeKind::Enum(EnumDef {
                variants,
                other_variant,
            }),
        });
        let field = |json: &str, ty: TypeRef, required: bool, text: &str| Field {
            rust_name: json.to_owned(),
            json_name: json.to_owned(),
            ty,
            required,
            default: None,
            docs: doc(text),
            constant: None,
            sole_value: None,
            required_to_send: false,
            boxed: false,
        };
        self.model.types.push(TypeDef {
            name: "Error".to_owned(),
            module,
            docs: doc("The standard error body of every API: a code, a message for people, and whatever else the error carries (kept in `extra`)."),
            origin,
            name_source: NameSource::Table,
            kind: TypeKind::Struct(StructDef {
                fields: vec![
                    field("errcode", TypeRef::Named(code_id), true, "What went wrong, as a code."),
                    field("error", TypeRef::String, false, "What went wrong, for people."),
                    field(
                        "retry_after_ms",
                        TypeRef::Integer,
                        false,
                        "How long to wait before trying again, in milliseconds (with `M_LIMIT_EXCEEDED`).",
                    ),
                ],
                extra: TypeRef::Any,
                extra_field: "extra".to_owned(),
                extra_key: None,
                extra_docs: "Properties the error carries beside these, kept so that nothing read is lost when the value is written back.".to_owned(),
            }),
        });
    }

    /// The types of an operation's JSON bodies: `RequestBody` and
    /// `Response` in its module, or, when a body is exactly a shared
    /// definition, that definition's type.
    #[cfg(feature = "api")]
    fn operation(&mut self, api: &str, operation: &crate::resolve::Operation) {
        let mut module = api_module(api);
        // Two ids may differ only in case (`queryUserByID` and
        // `queryUserById` in v1.1's application-service API): the later one
        // gets a number, with a warning.
        let plain = names::snake_case(&operation.operation_id);
        let taken = |name: &str| {
            name == API_DEFINITIONS_MODULE
                || (self.model.operations.iter())
                    .any(|o| o.api == api && o.module.last().map(String::as_str) == Some(name))
        };
        let mut op_module = plain.clone();
        let mut n = 2;
        while taken(&op_module) {
            op_module = format!("{plain}_{n}");
            n += 1;
        }
        if op_module != plain {
            self.diags.push(Diagnostic::warning(
                Some(operation.origin.file.to_string()),
                operation.origin.place(),
                format!(
                    "the operation `{}` would have the module `{plain}`, which is taken; it is `{op_module}`",
                    operation.operation_id
                ),
            ));
        }
        module.push(op_module);
        // `Request` is written by the emitter; no type made here takes it.
        self.taken_in(&module).insert("Request".to_owned());
        self.event_since = (operation.added_in.as_deref())
            .and_then(crate::release::major_minor)
            .unwrap_or((1, 0));
        let body_type = |builder: &mut Self, schema: &Schema, name: &str| {
            if let Some(file) = &schema.definition {
                return builder.definition(file);
            }
            let object_like = schema.types.is_empty() || schema.allows(JsonType::Object);
            if object_like && schema.variants.is_empty() && schema.event_enum.is_none() {
                return builder.struct_type(
                    schema,
                    Naming {
                        module: module.clone(),
                        path_name: name.to_owned(),
                        parent: None,
                        fixed: true,
                    },
                );
            }
            // A list or a union: `name` is left for the alias the emitter
            // writes, its parts named after it.
            builder.taken_in(&module).insert(name.to_owned());
            builder.type_of(
                schema,
                Naming {
                    module: module.clone(),
                    path_name: format!("{name}Value"),
                    parent: None,
                    fixed: false,
                },
            )
        };
        let request_body = (operation.request_body.as_ref())
            .and_then(|b| b.schema.as_ref())
            .map(|schema| body_type(self, schema, "RequestBody"));
        let mut successes = (operation.responses.iter())
            .filter(|r| r.status.starts_with('2'))
            .filter_map(|r| Some((r.status.as_str(), r.body.as_ref()?.schema.as_ref()?)));
        let first = successes.next();
        let several = successes.clone().next().is_some();
        let response_status = first.map(|(status, _)| status.to_owned());
        // With several success bodies, `Response` is the enum of them and
        // each body is named by its status.
        let response = first.map(|(status, schema)| match several {
            true => body_type(self, schema, &format!("Response{status}")),
            false => body_type(self, schema, "Response"),
        });
        let other_responses = successes
            .map(|(status, schema)| {
                let name = format!("Response{status}");
                (status.to_owned(), body_type(self, schema, &name))
            })
            .collect();
        let media = |body: Option<&crate::resolve::Body>| {
            body.filter(|b| b.schema.is_none())
                .and_then(|b| b.media_type.clone())
        };
        let request_media = media(operation.request_body.as_ref());
        let response_media = match response {
            Some(_) => None,
            None => (operation.responses.iter())
                .filter(|r| r.status.starts_with('2'))
                .find_map(|r| media(r.body.as_ref())),
        };
        if response_media.is_some() {
            // Written by the emitter, as `Request` is.
            self.taken_in(&module).insert("Response".to_owned());
        }
        // `Request` holds the parameters and its body, named `body`.
        let mut rust_names: HashSet<String> = ["body".to_owned()].into();
        let mut parameters = Vec::new();
        for p in &operation.parameters {
            let naming = Naming {
                module: module.clone(),
                path_name: names::pascal_case(&p.name),
                parent: Some("Request".to_owned()),
                fixed: false,
            };
            let ty = self.type_of(&p.schema, naming);
            let mut rust_name = names::snake_case(&p.name);
            while !rust_names.insert(rust_name.clone()) {
                rust_name.push('_');
            }
            let mut docs = Docs::of(&p.schema);
            if p.description.is_some() {
                docs.description = p.description.clone();
            }
            parameters.push(ParameterField {
                field: Field {
                    rust_name,
                    json_name: p.name.clone(),
                    ty,
                    required: p.required,
                    default: p.schema.default.clone(),
                    docs,
                    constant: None,
                    sole_value: None,
                    required_to_send: false,
                    boxed: false,
                },
                location: p.location,
            });
        }
        self.model.operations.push(OperationDef {
            api: api.to_owned(),
            module,
            operation: operation.clone(),
            request_body,
            response,
            response_status,
            other_responses,
            request_media,
            response_media,
            parameters,
        });
    }

    fn event(&mut self, path: &SpecPath, schema: &Schema, family_base: bool) {
        let Some(content) = schema.property("content") else {
            // Files without `content` are building blocks other schemas
            // reference (`m.key.verification.m.relates_to`), not events.
            return;
        };
        let stem = path.stem();
        let (base_name, variant) = match stem.split_once('$') {
            Some((base, suffix)) => (base, Some(suffix.to_owned())),
            None => (stem, None),
        };
        let pinned: Vec<&str> = schema
            .property("type")
            .map(|t| t.enum_values.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if pinned.is_empty() && !base_name.contains('.') {
            // Event types are namespaced (`m.room.member`); a file such as
            // v1.1's top-level `stripped_state.yaml` is an envelope.
            return;
        }
        let event_type = if let Some(prefix) = &schema.type_prefix {
            format!("{prefix}*")
        } else if pinned.contains(&base_name) {
            base_name.to_owned()
        } else if let Some(first) = pinned.first() {
            (*first).to_owned()
        } else {
            self.diags.push(Diagnostic::warning(
                Some(path.to_string()),
                crate::diagnostics::Place::Pointer("/properties/type".into()),
                format!("event schema does not pin its `type` with an `enum`; using `{base_name}` from the file name"),
            ));
            base_name.to_owned()
        };
        let module = names::module_path(event_type.trim_end_matches(".*"));
        let last = module.last().cloned().unwrap_or_default();
        let name = match &variant {
            // The base schema of a variant family holds what is left when no
            // variant matches; the family's enum takes the content name.
            None if family_base => format!("Other{}EventContent", names::pascal_case(&last)),
            None => format!("{}EventContent", names::event_name(&event_type)),
            Some(suffix) => format!(
                "{}{}EventContent",
                names::pascal_case(names::strip_namespace(suffix)),
                names::pascal_case(&last)
            ),
        };
        let naming = Naming {
            module: module.clone(),
            path_name: name,
            parent: None,
            fixed: true,
        };
        self.event_since = (schema.added_in.as_deref())
            .and_then(crate::release::major_minor)
            .unwrap_or((1, 0));
        let ty = self.object_type(content, naming);
        let TypeRef::Named(id) = ty else {
            self.diags.push(Diagnostic::warning(
                Some(path.to_string()),
                content.origin.place(),
                "event content is not an object with properties; no content type is generated",
            ));
            return;
        };
        let unsigned_fields = match schema.property("unsigned") {
            Some(unsigned) => self.unsigned_fields(path, unsigned, &module, &event_type),
            None => Vec::new(),
        };
        // The event's own description says what the event is for; the
        // content's is usually the generic one inherited from `event.yaml`.
        if schema.description.is_some() {
            self.model.types[id.0].docs.description = schema.description.clone();
        }
        self.model.events.push(EventDef {
            event_type,
            file: path.clone(),
            variant_of: variant.map(|v| (base_name.to_owned(), v)),
            module,
            content: id,
            docs: Docs::of(schema),
            bases: schema.bases.clone(),
            aliases: schema.type_aliases.clone(),
            prefix: schema.type_prefix.clone(),
            stated_kinds: schema.event_kinds.clone(),
            top_level: (schema.properties.iter())
                .filter(|p| p.name != "type" && p.name != "content")
                .map(|p| EventField {
                    json_name: p.name.clone(),
                    rust_name: names::snake_case(names::strip_namespace(&p.name)),
                    is_string: p.schema.types == [JsonType::String]
                        && p.schema.enum_values.is_empty(),
                    docs: Docs::of(&p.schema),
                })
                .collect(),
            unsigned_fields,
        });
    }

    /// The types of the properties an event schema adds to `unsigned`:
    /// those written in its own file rather than in the `unsigned` schema
    /// it builds on. Stripped state inside them is read as the dispatch
    /// enum of stripped state events.
    fn unsigned_fields(
        &mut self,
        path: &SpecPath,
        unsigned: &Schema,
        module: &[String],
        event_type: &str,
    ) -> Vec<Field> {
        let mut fields = Vec::new();
        for p in &unsigned.properties {
            if p.schema.origin.file != *path {
                continue;
            }
            let mut schema = p.schema.clone();
            read_stripped_state_as_events(&mut schema);
            let naming = Naming {
                module: module.to_vec(),
                path_name: format!(
                    "{}{}",
                    names::event_name(event_type),
                    names::pascal_case(&p.name)
                ),
                parent: None,
                fixed: false,
            };
            let ty = self.type_of(&schema, naming);
            fields.push(Field {
                rust_name: names::snake_case(names::strip_namespace(&p.name)),
                json_name: p.name.clone(),
                ty,
                required: false,
                default: None,
                docs: Docs::of(&p.schema),
                constant: None,
                sole_value: None,
                required_to_send: false,
                boxed: false,
            });
        }
        fields
    }

    /// Makes the type of an event's content: always a struct, so the event
    /// layer has a named type even for content with no declared fields.
    fn object_type(&mut self, schema: &Schema, naming: Naming) -> TypeRef {
        let object_like = schema.types.is_empty() || schema.allows(JsonType::Object);
        if object_like && schema.variants.is_empty() {
            return self.struct_type(schema, naming);
        }
        self.type_of(schema, naming)
    }

    /// The Rust type for a schema, making named types as needed.
    fn type_of(&mut self, schema: &Schema, naming: Naming) -> TypeRef {
        if let Some(name) = &schema.event_enum {
            return TypeRef::EventEnum(name.clone());
        }
        if let Some(file) = &schema.definition {
            if !naming.fixed {
                return self.definition(file);
            }
        }
        let non_null: Vec<JsonType> = schema
            .types
            .iter()
            .copied()
            .filter(|t| *t != JsonType::Null)
            .collect();
        let nullable = schema.allows(JsonType::Null);

        let inner = if !schema.variants.is_empty() {
            return self.union_of_variants(schema, naming);
        } else if non_null.len() > 1 {
            self.union_of_types(schema, &non_null, naming)
        } else {
            let single = non_null.first().copied().or_else(|| infer_type(schema));
            match single {
                Some(JsonType::String) if !schema.enum_values.is_empty() => {
                    self.string_enum(schema, naming)
                }
                Some(t) => self.single_type(schema, t, naming),
                None => TypeRef::Any,
            }
        };
        if nullable {
            TypeRef::Nullable(Box::new(inner))
        } else {
            inner
        }
    }

    fn single_type(&mut self, schema: &Schema, t: JsonType, naming: Naming) -> TypeRef {
        match t {
            JsonType::String => match self.id_of(schema.format.as_deref()) {
                Some(id) => TypeRef::Id(id),
                None => {
                    self.check_format_listed(schema);
                    TypeRef::String
                }
            },
            JsonType::Integer => TypeRef::Integer,
            JsonType::Number => TypeRef::Number,
            JsonType::Boolean => TypeRef::Boolean,
            JsonType::Null => TypeRef::Any,
            JsonType::Array => {
                let item_naming = Naming {
                    module: naming.module.clone(),
                    path_name: names::singular(&naming.path_name),
                    parent: naming.parent.clone(),
                    fixed: false,
                };
                let item = match &schema.items {
                    Some(items) => self.type_of(items, item_naming),
                    None => TypeRef::Any,
                };
                TypeRef::List(Box::new(item))
            }
            JsonType::Object => {
                if !schema.properties.is_empty() {
                    return self.struct_type(schema, naming);
                }
                match self.map_value(schema, &naming) {
                    Some((key, value)) => TypeRef::Map(key, Box::new(value)),
                    None => TypeRef::Object,
                }
            }
        }
    }

    /// A Matrix format the spec's list lacks is most likely a typo or a
    /// list that lags the schemas; the value stays a string.
    fn check_format_listed(&mut self, schema: &Schema) {
        let Some(format) = schema.format.as_deref() else {
            return;
        };
        let Some(list) = self.spec.string_formats.first().map(|f| &f.file) else {
            return;
        };
        if is_identifier_format(format) {
            self.diags.push(Diagnostic::warning(
                Some(schema.origin.file.to_string()),
                schema.origin.place(),
                format!(
                    "the format `{format}` is not listed in `{list}`; the value stays a `String`"
                ),
            ));
        }
    }

    /// The identifier type of a string format, if it has one.
    fn id_of(&self, format: Option<&str>) -> Option<IdRef> {
        let format = format?;
        (self.model.ids.iter())
            .position(|t| t.format == format)
            .map(IdRef)
    }

    /// The key and value types of an object used as a map, if the schema
    /// says one. Keys have an identifier type when every pattern that
    /// matches them says the same format (`x-pattern-format`).
    fn map_value(&mut self, schema: &Schema, naming: &Naming) -> Option<(Option<IdRef>, TypeRef)> {
        // A value's title of a few words names it better than the path
        // (`Event Receipts` rather than `ReceiptEventContentValue`).
        let value_naming = |value: &Schema| Naming {
            module: naming.module.clone(),
            path_name: (value.title.as_deref())
                .and_then(names::worded_title)
                .unwrap_or_else(|| format!("{}Value", naming.path_name)),
            parent: naming.parent.clone(),
            fixed: false,
        };
        let mut candidates: Vec<TypeRef> = Vec::new();
        if let Some(Additional::Schema(value)) = &schema.additional {
            candidates.push(self.type_of(value, value_naming(value)));
        }
        let mut key_formats = Vec::new();
        for (_, value) in &schema.pattern_properties {
            candidates.push(self.type_of(value, value_naming(value)));
            key_formats.push(self.id_of(value.pattern_format.as_deref()));
        }
        let first = candidates.first()?.clone();
        let key = match key_formats.first() {
            Some(k) if schema.additional.is_none() && key_formats.iter().all(|f| f == k) => *k,
            _ => None,
        };
        // Keys matching different patterns may hold different types; one
        // Rust map can then only hold JSON values.
        let value = if candidates.iter().all(|c| *c == first) {
            first
        } else {
            TypeRef::Any
        };
        Some((key, value))
    }

    fn struct_type(&mut self, schema: &Schema, naming: Naming) -> TypeRef {
        let (id, name) = self.reserve(schema, &naming);
        let discriminators = std::mem::take(&mut self.family_discriminators);
        let mut property_names: Vec<String> =
            schema.properties.iter().map(|p| p.name.clone()).collect();
        property_names.sort();
        let mut fields = Vec::new();
        let mut rust_names: HashSet<String> = HashSet::new();
        for prop in &schema.properties {
            let plain = names::pascal_case(names::strip_namespace(&prop.name));
            let field_naming = Naming {
                module: naming.module.clone(),
                path_name: if names::is_generic(&plain) {
                    let owner = name.strip_suffix("EventContent").unwrap_or(&name);
                    format!("{owner}{plain}")
                } else {
                    plain
                },
                parent: Some(name.clone()),
                fixed: false,
            };
            let mut required = schema.is_required(&prop.name);
            let only = required.then(|| one_value(&prop.schema)).flatten();
            // A one-value property is a constant only where another value
            // would mean another variant; elsewhere a later release may add
            // values, and readers must take them.
            let tag = (prop.name.clone(), property_names.clone());
            let (constant, sole_value) =
                if discriminators.contains(&prop.name) || self.tags.contains(&tag) {
                    (only, None)
                } else {
                    (None, only)
                };
            // Events sent before the property was required lack it, and a
            // reader must still take them: required to send, optional to read.
            let required_to_send =
                required && constant.is_none() && optional_before(&prop.schema, self.event_since);
            if required_to_send {
                required = false;
            }
            let ty = match constant {
                Some(_) => TypeRef::String,
                None => self.type_of(&prop.schema, field_naming),
            };
            let mut rust_name = match &prop.rust_name {
                Some(chosen) => names::snake_case(chosen),
                None => names::snake_case(names::strip_namespace(&prop.name)),
            };
            while !rust_names.insert(rust_name.clone()) {
                rust_name.push('_');
            }
            let mut docs = Docs::of(&prop.schema);
            if docs.description.is_none() {
                if let Some(def) = &prop.schema.definition {
                    docs.description = self
                        .spec
                        .definitions
                        .get(def)
                        .and_then(|d| d.description.clone());
                }
            }
            fields.push(Field {
                rust_name,
                json_name: prop.name.clone(),
                ty,
                required,
                required_to_send,
                boxed: false,
                default: prop.schema.default.clone(),
                docs,
                constant,
                sole_value,
            });
        }
        let (extra_key, extra) = self
            .map_value(schema, &naming)
            .unwrap_or((None, TypeRef::Any));
        // Content that is only a map (`m.direct`, `m.receipt`) holds its
        // data in this field, so it gets a name that says so.
        let mut extra_field = if fields.is_empty() && extra != TypeRef::Any {
            "entries"
        } else {
            "extra"
        }
        .to_owned();
        while rust_names.contains(&extra_field) {
            extra_field.push('_');
        }
        let extra_docs = if extra_field.starts_with("entries") {
            "The entries of the map, by key."
        } else {
            "Properties the schema does not declare, kept so that nothing read is lost when the value is written back."
        }
        .to_owned();
        self.finish(
            id,
            TypeKind::Struct(StructDef {
                fields,
                extra,
                extra_field,
                extra_key,
                extra_docs,
            }),
        );
        TypeRef::Named(id)
    }

    fn string_enum(&mut self, schema: &Schema, naming: Naming) -> TypeRef {
        let values: Vec<&str> = schema
            .enum_values
            .iter()
            .filter_map(Value::as_str)
            .collect();
        if values.len() != schema.enum_values.len() {
            // Mixed or non-string enums constrain values only; the value
            // itself is still a string.
            return TypeRef::String;
        }
        let (id, _) = self.reserve(schema, &naming);
        let mut used = HashSet::new();
        let mut variants = Vec::new();
        for value in values {
            if variants.iter().any(|v: &EnumVariant| v.value == value) {
                continue;
            }
            let base = names::pascal_case(names::strip_namespace(value));
            let name = unique(base, &mut used);
            variants.push(EnumVariant {
                name,
                value: value.to_owned(),
            });
        }
        let other_variant = unique("Other".to_owned(), &mut used);
        self.finish(
            id,
            TypeKind::Enum(EnumDef {
                variants,
                other_variant,
            }),
        );
        TypeRef::Named(id)
    }

    /// `type: [string, object]` and the like.
    fn union_of_types(&mut self, schema: &Schema, types: &[JsonType], naming: Naming) -> TypeRef {
        let alternatives: Vec<(JsonType, Schema)> = types
            .iter()
            .map(|&t| {
                let mut alt = schema.clone();
                alt.types = vec![t];
                alt.definition = None;
                alt.title = None;
                (t, alt)
            })
            .collect();
        self.union(schema, alternatives, naming)
    }

    /// `oneOf`/`anyOf`: `null` members make the result nullable; a single
    /// remaining member is just that type.
    fn union_of_variants(&mut self, schema: &Schema, naming: Naming) -> TypeRef {
        let mut nullable = schema.allows(JsonType::Null);
        let mut members = Vec::new();
        for member in &schema.variants {
            if member.types == [JsonType::Null] {
                nullable = true;
            } else {
                members.push(member);
            }
        }
        let inner = match members.as_slice() {
            [] => TypeRef::Any,
            [only] => {
                let mut only = (*only).clone();
                if only.description.is_none() {
                    only.description = schema.description.clone();
                }
                self.type_of(&only, naming)
            }
            many => {
                let mut alternatives = Vec::new();
                for member in many {
                    let t = member
                        .types
                        .iter()
                        .copied()
                        .find(|t| *t != JsonType::Null)
                        .or_else(|| infer_type(member));
                    match t {
                        Some(t) => alternatives.push((t, (*member).clone())),
                        None => return self.indistinct_union(schema),
                    }
                }
                self.union(schema, alternatives, naming)
            }
        };
        if nullable && !matches!(inner, TypeRef::Nullable(_) | TypeRef::Any) {
            TypeRef::Nullable(Box::new(inner))
        } else {
            inner
        }
    }

    fn union(
        &mut self,
        schema: &Schema,
        alternatives: Vec<(JsonType, Schema)>,
        naming: Naming,
    ) -> TypeRef {
        let mut seen = HashSet::new();
        for (t, _) in &alternatives {
            // An integer is also a number, so the two cannot be told apart
            // by looking at the JSON either.
            let key = if *t == JsonType::Integer {
                JsonType::Number
            } else {
                *t
            };
            if !seen.insert(key) {
                return self.indistinct_union(schema);
            }
        }
        let (id, name) = self.reserve(schema, &naming);
        let mut variants = Vec::new();
        for (t, alt) in alternatives {
            let variant_name = union_variant_name(t);
            let alt_naming = Naming {
                module: naming.module.clone(),
                path_name: format!("{}{}", naming.path_name, variant_name),
                parent: Some(name.clone()),
                fixed: false,
            };
            let ty = self.type_of(&alt, alt_naming);
            variants.push(UnionVariant {
                name: variant_name.to_owned(),
                json_type: t,
                ty,
            });
        }
        self.finish(id, TypeKind::Union(UnionDef { variants }));
        TypeRef::Named(id)
    }

    /// Alternatives that share a JSON type can only be told apart by trying
    /// each; the value is kept as JSON instead, with a warning.
    fn indistinct_union(&mut self, schema: &Schema) -> TypeRef {
        self.diags.push(Diagnostic::warning(
            Some(schema.origin.file.to_string()),
            schema.origin.place(),
            "alternatives of the same JSON type cannot be told apart; the value is kept as `serde_json::Value`",
        ));
        TypeRef::Any
    }

    /// The type of a referenced file, made once and shared by every use.
    fn definition(&mut self, file: &SpecPath) -> TypeRef {
        if let Some(done) = self.definitions.get(file) {
            return done.clone();
        }
        let Some(schema) = self.spec.definitions.get(file) else {
            return TypeRef::Any;
        };
        if !self.building.insert(file.clone()) {
            self.diags.push(Diagnostic::error(
                Some(file.to_string()),
                schema.origin.place(),
                "this schema contains itself; a recursive type cannot be generated",
            ));
            return TypeRef::Any;
        }
        // An API's shared definitions go beside its operations, unless an
        // event reached them first (events are made before operations).
        let api_file = (file.as_str().strip_prefix("api/")).and_then(|r| r.split_once('/'));
        let module = match api_file.filter(|_| self.in_operations) {
            Some((api, _)) => {
                let mut module = api_module(api);
                module.push(API_DEFINITIONS_MODULE.to_owned());
                module
            }
            None => vec![COMMON_MODULE.to_owned()],
        };
        let naming = Naming {
            module,
            path_name: names::pascal_case(names::strip_namespace(file.stem())),
            parent: None,
            fixed: false,
        };
        let mut canonical = schema.clone();
        canonical.definition = None;
        // A shared type is made once, for whichever event reaches it first:
        // what counts as added later is measured from its own file.
        let event_since = std::mem::replace(
            &mut self.event_since,
            (schema.added_in.as_deref())
                .and_then(crate::release::major_minor)
                .unwrap_or((1, 0)),
        );
        let ty = self.type_of(&canonical, naming);
        self.event_since = event_since;
        self.building.remove(file);
        self.definitions.insert(file.clone(), ty.clone());
        ty
    }

    /// The names taken in `module`, the reserved ones from the start.
    fn taken_in(&mut self, module: &[String]) -> &mut HashSet<String> {
        (self.taken.entry(module.to_vec()))
            .or_insert_with(|| RESERVED_NAMES.iter().map(|n| (*n).to_owned()).collect())
    }

    /// Picks a free name in the module and claims a slot for the type.
    fn reserve(&mut self, schema: &Schema, naming: &Naming) -> (TypeId, String) {
        let title = if naming.fixed {
            None
        } else {
            schema.title.as_deref().and_then(names::clean_title)
        };
        let (base, source) = match title {
            Some(t) => (t.to_owned(), NameSource::Title),
            None if naming.fixed => (naming.path_name.clone(), NameSource::EventType),
            None => (naming.path_name.clone(), NameSource::Path),
        };
        let taken = self.taken_in(&naming.module);
        let mut name = base.clone();
        if taken.contains(&name) {
            if let Some(parent) = &naming.parent {
                name = format!("{parent}{base}");
            }
        }
        let name = unique(name, taken);
        let id = TypeId(self.model.types.len());
        self.model.types.push(TypeDef {
            name: name.clone(),
            module: naming.module.clone(),
            docs: Docs::of(schema),
            origin: schema.origin.clone(),
            name_source: source,
            // Replaced by `finish` once the members are known; reserving
            // first keeps names in the order a reader meets the schema.
            kind: TypeKind::Struct(StructDef {
                fields: Vec::new(),
                extra: TypeRef::Any,
                extra_field: String::new(),
                extra_key: None,
                extra_docs: String::new(),
            }),
        });
        (id, name)
    }

    fn finish(&mut self, id: TypeId, kind: TypeKind) {
        self.model.types[id.0].kind = kind;
    }
}

/// The core event schemas the event layer builds envelopes from.
pub const CORE_SCHEMAS: &[&str] = &[
    "event",
    "sync_room_event",
    "room_event",
    "sync_state_event",
    "state_event",
    "stripped_state",
];

/// Names the generated code uses unqualified (prelude types and traits, and
/// the local `Visitor` of each serde impl); a type with one of these names
/// would shadow it, so they are never given out.
const RESERVED_NAMES: &[&str] = &[
    "String",
    "Option",
    "Some",
    "None",
    "Vec",
    "Box",
    "Result",
    "Ok",
    "Err",
    "Visitor",
    "From",
    "Into",
    "Clone",
    "Copy",
    "Default",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "Ord",
    "PartialOrd",
    "Send",
    "Sync",
    "Sized",
    "Iterator",
    "ToString",
    "ToOwned",
    "AsRef",
    "Drop",
    "Fn",
    "Self",
];

/// Marks the stripped state events in an event schema's own `unsigned`
/// properties (`invite_room_state` holds a list of them) to be read as the
/// dispatch enum of their envelope, as the API layer marks the events it
/// places, rather than as the bare envelope struct.
fn read_stripped_state_as_events(schema: &mut Schema) {
    if schema
        .definition
        .as_ref()
        .is_some_and(|file| file.stem() == "stripped_state")
    {
        schema.event_enum = Some(STRIPPED_STATE_EVENT_ENUM.to_owned());
    }
    if let Some(items) = &mut schema.items {
        read_stripped_state_as_events(items);
    }
}

/// The dispatch enum of stripped state events, which the event layer names
/// after the `StrippedStateEvent` envelope.
const STRIPPED_STATE_EVENT_ENUM: &str = "AnyStrippedStateEvent";

/// `name`, or `name2`, `name3`... whichever is free first; claims it.
fn unique(name: String, taken: &mut HashSet<String>) -> String {
    if taken.insert(name.clone()) {
        return name;
    }
    let mut n = 2;
    loop {
        let candidate = format!("{name}{n}");
        if taken.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

/// The content properties a family variant (`m.room.message$m.text.yaml`)
/// pins to one value while its family's base schema leaves them open: what
/// tells the family's variants apart (`msgtype`).
fn family_discriminators(variant: &Schema, base: &Schema) -> Vec<String> {
    let (Some(variant), Some(base)) = (variant.property("content"), base.property("content"))
    else {
        return Vec::new();
    };
    (variant.properties.iter())
        .filter(|p| variant.is_required(&p.name) && one_value(&p.schema).is_some())
        .filter(|p| {
            base.property(&p.name)
                .is_some_and(|b| one_value(b).is_none())
        })
        .map(|p| p.name.clone())
        .collect()
}

/// The value of a string schema whose `enum` lists exactly one (how the
/// spec pins a discriminator, an event type, or the one value it knows).
fn one_value(schema: &Schema) -> Option<String> {
    let string = schema.types.is_empty() || schema.types == [JsonType::String];
    match (string, schema.enum_values.as_slice()) {
        (true, [Value::String(value)]) if schema.variants.is_empty() => Some(value.clone()),
        _ => None,
    }
}

/// A schema without `type` still tells its type by what it declares.
pub(crate) fn infer_type(schema: &Schema) -> Option<JsonType> {
    if !schema.properties.is_empty()
        || schema.additional.is_some()
        || !schema.pattern_properties.is_empty()
    {
        return Some(JsonType::Object);
    }
    if schema.items.is_some() {
        return Some(JsonType::Array);
    }
    if !schema.enum_values.is_empty() && schema.enum_values.iter().all(Value::is_string) {
        return Some(JsonType::String);
    }
    None
}

fn union_variant_name(t: JsonType) -> &'static str {
    match t {
        JsonType::Null => "Null",
        JsonType::Boolean => "Boolean",
        JsonType::Integer => "Integer",
        JsonType::Number => "Number",
        JsonType::String => "String",
        JsonType::Array => "Array",
        JsonType::Object => "Object",
    }
}

/// Types grouped by module, modules in path order, types in the order made.
pub fn by_module(model: &TypeModel) -> BTreeMap<Vec<String>, Vec<TypeId>> {
    let mut modules: BTreeMap<Vec<String>, Vec<TypeId>> = BTreeMap::new();
    for (i, t) in model.types.iter().enumerate() {
        modules.entry(t.module.clone()).or_default().push(TypeId(i));
    }
    modules
}
