//! Flattening a spec into what the diff compares: for every event, one
//! [`Facts`] per JSON position (`content.reason`, `content.candidates[].sdpMid`).
//!
//! Two views of each position are taken. The spec's own view comes from the
//! resolved schemas (JSON types, `required`, `enum`, annotations), before the
//! generator's quirk overrides, so a change the spec made is seen even where
//! an override papers over it. The Rust view comes from the type model built
//! with the overrides, as the generated code has it: its type, whether the
//! field is an `Option`, and which JSON values it accepts. The comparison
//! uses the first to find changes and the second to classify them.
//!
//! Positions are keyed by JSON path, never by Rust type names: names are
//! derived from titles and paths and can shift between releases without the
//! shape changing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::diagnostics::{Diagnostics, Error};
use crate::load::{SchemaLoader, SpecPath};
use crate::model::{self, Field, TypeKind, TypeModel, TypeRef};
use crate::overrides;
use crate::resolve::{self, Additional, JsonType, Schema};

/// Schemas nest a handful of levels; this only bounds a hostile input.
const MAX_DEPTH: usize = 64;

/// One spec directory, flattened.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// By event key: the event type, with `$variant` for the files of a
    /// variant family (`m.room.message$m.text`).
    pub events: BTreeMap<String, EventShape>,
    /// By API and operation id (`client-server sendMessage`), for the HTTP
    /// APIs the spec has.
    pub operations: BTreeMap<String, OperationShape>,
}

/// An endpoint, flattened: its parameters are positions under
/// `request.path`, `request.query` and `request.header`, its JSON body
/// under `request.body`, and each success response's body under
/// `response.<status>`. Events in the bodies stop at their place: they are
/// compared as events.
#[derive(Debug)]
pub struct OperationShape {
    /// `PUT`.
    pub method: String,
    /// The path template with the base path joined.
    pub path: String,
    /// Where the operation is written.
    pub origin: (SpecPath, String),
    pub shape: EventShape,
}

#[derive(Debug)]
pub struct EventShape {
    pub file: SpecPath,
    /// By JSON path; `""` is the event itself.
    pub positions: BTreeMap<String, Facts>,
}

/// What the spec and the generated code say about one JSON position.
#[derive(Clone, Debug)]
pub struct Facts {
    /// The position this one is nested in; `None` for the event itself.
    pub parent: Option<String>,
    /// Where the schema is written: the file and JSON pointer. Changes are
    /// grouped by it, so a change to a shared file is reported once.
    pub origin: (SpecPath, String),
    /// A named property of an object (as opposed to array items, map
    /// values or the event itself), so it can be added, removed, required.
    pub is_property: bool,
    /// Listed in its object's `required`.
    pub required: bool,
    /// The JSON types allowed, sorted; empty when the schema allows anything.
    pub json_types: Vec<JsonType>,
    /// The `enum` values, as JSON text (`"user_busy"` is `user_busy`).
    pub enum_values: Vec<String>,
    pub deprecated: bool,
    /// Annotations that do not change the API: by name, their text.
    pub annotations: BTreeMap<&'static str, String>,
    /// The generated code's view; only content has generated structs.
    pub rust: Option<RustFacts>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RustFacts {
    /// The type as written in the generated code (`Vec<Candidate>`),
    /// without the `Option` of an optional field.
    pub display: String,
    /// The type with named types replaced by their kind (`Vec<struct>`):
    /// what the comparison looks at, since names can shift.
    pub shape: String,
    /// The JSON types a value may have and still deserialize.
    pub accepts: BTreeSet<JsonType>,
    /// The field is an `Option` (absent values are accepted).
    pub optional: bool,
    /// What an absent value means, when the generated code says.
    pub default: Option<Value>,
}

/// Loads, resolves and models a spec directory.
pub fn snapshot(dir: &Path, extra_schemas: &[std::path::PathBuf]) -> Result<Snapshot, Error> {
    let mut diags = Diagnostics::default();
    let apis: Vec<String> = (crate::load::API_NAMES.iter())
        .filter(|api| dir.join(crate::load::API_DIR).join(api).is_dir())
        .map(|api| (*api).to_owned())
        .collect();
    let files = SchemaLoader::new(dir)
        .with_extra_schemas(extra_schemas, false)
        .with_apis(&apis)
        .load(&mut diags)?;
    let mut corrected = resolve::resolve(&files, &mut diags)?;
    // The generated code sees the schemas with the quirk overrides applied;
    // the positions are read from the schemas as the spec writes them.
    let as_written = corrected.files.clone();
    // Both views of the APIs have their events placed: the positions stop
    // at them, and the model's bodies hold the event enums.
    let mut apis_as_written = corrected.apis.clone();
    crate::api::place_events(&mut apis_as_written);
    overrides::apply(&mut corrected, &overrides::defaults(), &mut diags);
    diags.check()?;
    crate::api::place_events(&mut corrected.apis);
    let model = model::build(&corrected, &mut diags)?;

    let mut snapshot = Snapshot::default();
    for event in &model.events {
        let Some((_, schema)) = as_written.iter().find(|(p, _)| *p == event.file) else {
            continue;
        };
        let mut key = match &event.variant_of {
            Some((_, variant)) => format!("{}${variant}", event.event_type),
            None => event.event_type.clone(),
        };
        if snapshot.events.contains_key(&key) {
            // Two files pinning one type; the file name tells them apart.
            key = format!("{key} ({})", event.file.stem());
        }
        let mut positions = BTreeMap::new();
        walk_event(schema, &mut positions);
        let mut rust = BTreeMap::new();
        let content = TypeRef::Named(event.content);
        rust_position(&model, &content, "content", None, 0, &mut rust);
        envelope_fields(&model, &positions, &mut rust);
        for (path, facts) in rust {
            if let Some(position) = positions.get_mut(&path) {
                position.rust = Some(facts);
            }
        }
        snapshot.events.insert(
            key,
            EventShape {
                file: event.file.clone(),
                positions,
            },
        );
    }
    for api in &apis_as_written {
        for operation in &api.operations {
            let key = format!("{} {}", api.name, operation.operation_id);
            let mut positions = BTreeMap::new();
            walk_operation(operation, &mut positions);
            let generated = (model.operations.iter())
                .find(|o| o.api == api.name && o.operation.operation_id == operation.operation_id);
            if let Some(generated) = generated {
                let mut rust = BTreeMap::new();
                rust_operation(&model, generated, &mut rust);
                for (path, facts) in rust {
                    if let Some(position) = positions.get_mut(&path) {
                        position.rust = Some(facts);
                    }
                }
            }
            let origin = &operation.origin;
            snapshot.operations.insert(
                key,
                OperationShape {
                    method: operation.method.clone(),
                    path: operation.path.clone(),
                    origin: (origin.file.clone(), origin.pointer.clone()),
                    shape: EventShape {
                        file: origin.file.clone(),
                        positions,
                    },
                },
            );
        }
    }
    Ok(snapshot)
}

/// Where a parameter's position is: `request.path`, `request.query`...
fn parameter_parent(location: resolve::ParameterLocation) -> &'static str {
    match location {
        resolve::ParameterLocation::Path => "request.path",
        resolve::ParameterLocation::Query => "request.query",
        resolve::ParameterLocation::Header => "request.header",
    }
}

fn walk_operation(operation: &resolve::Operation, out: &mut BTreeMap<String, Facts>) {
    // The positions that group the others: objects without a schema of
    // their own, so a parameter or body appearing is a field added.
    let grouping = Schema::empty(operation.origin.clone());
    out.insert(String::new(), facts(&grouping, None, false, false));
    for (path, parent) in [
        ("request", ""),
        ("request.path", "request"),
        ("request.query", "request"),
        ("request.header", "request"),
        ("response", ""),
    ] {
        out.insert(
            path.to_owned(),
            facts(&grouping, Some(parent.to_owned()), false, false),
        );
    }
    for parameter in &operation.parameters {
        let parent = parameter_parent(parameter.location);
        let path = child_path(parent, &parameter.name);
        let required = parameter.required;
        walk(
            &parameter.schema,
            path,
            Some(parent.to_owned()),
            true,
            required,
            0,
            out,
        );
    }
    if let Some(schema) = (operation.request_body.as_ref()).and_then(|b| b.schema.as_ref()) {
        walk(
            schema,
            "request.body".to_owned(),
            Some("request".to_owned()),
            true,
            true,
            0,
            out,
        );
    }
    let successes = (operation.responses.iter()).filter(|r| r.status.starts_with('2'));
    for response in successes {
        if let Some(schema) = response.body.as_ref().and_then(|b| b.schema.as_ref()) {
            // A new status is a new type beside the others, which old
            // responses do not need: an optional field.
            let path = format!("response.{}", response.status);
            walk(
                schema,
                path,
                Some("response".to_owned()),
                true,
                false,
                0,
                out,
            );
        }
    }
}

/// The Rust view of an operation's positions, as [`walk_operation`]
/// names them.
fn rust_operation(
    model: &TypeModel,
    operation: &model::OperationDef,
    out: &mut BTreeMap<String, RustFacts>,
) {
    for parameter in &operation.parameters {
        let field = &parameter.field;
        let path = child_path(parameter_parent(parameter.location), &field.json_name);
        rust_position(model, &field.ty, &path, Some(field), 0, out);
    }
    if let Some(body) = &operation.request_body {
        rust_position(model, body, "request.body", None, 0, out);
    }
    let responses = (operation.response_status.iter())
        .zip(&operation.response)
        .chain(operation.other_responses.iter().map(|(s, t)| (s, t)));
    for (status, body) in responses {
        rust_position(model, body, &format!("response.{status}"), None, 0, out);
    }
}

/// The generated view of an event's top-level fields besides `content`:
/// the envelopes' fields, which come from the core schemas' structs (a
/// `sender` that becomes a `UserId` there is a change to every event).
fn envelope_fields(
    model: &TypeModel,
    positions: &BTreeMap<String, Facts>,
    out: &mut BTreeMap<String, RustFacts>,
) {
    for path in positions
        .keys()
        .filter(|p| !p.is_empty() && *p != "content")
    {
        let field = (model.core_schemas.iter()).find_map(|(_, id)| match &model.get(*id).kind {
            TypeKind::Struct(s) => s.fields.iter().find(|f| f.json_name == *path),
            _ => None,
        });
        if let Some(field) = field {
            rust_position(model, &field.ty, path, Some(field), 0, out);
        }
    }
}

/// The path of a property below `parent`. Names with dots
/// (`m.relates_to`) are bracketed so the path still reads unambiguously.
pub fn child_path(parent: &str, name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$' || c == '@');
    match (parent.is_empty(), plain) {
        (true, true) => name.to_owned(),
        (false, true) => format!("{parent}.{name}"),
        (_, false) => format!("{parent}[{name:?}]"),
    }
}

const ITEMS: &str = "[]";
const MAP_VALUES: &str = ".*";

fn walk_event(event: &Schema, out: &mut BTreeMap<String, Facts>) {
    let root = facts(event, None, false, false);
    out.insert(String::new(), root);
    for prop in &event.properties {
        // The `type` property pins the event type, which is the key itself.
        if prop.name == "type" {
            continue;
        }
        let path = child_path("", &prop.name);
        let required = event.is_required(&prop.name);
        walk(
            &prop.schema,
            path,
            Some(String::new()),
            true,
            required,
            0,
            out,
        );
    }
}

fn walk(
    schema: &Schema,
    path: String,
    parent: Option<String>,
    is_property: bool,
    required: bool,
    depth: usize,
    out: &mut BTreeMap<String, Facts>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    out.insert(path.clone(), facts(schema, parent, is_property, required));
    if schema.event_enum.is_some() {
        // Events in an API body: the events themselves are compared as
        // events.
        return;
    }
    for alt in alternatives(schema) {
        for prop in &alt.properties {
            let child = child_path(&path, &prop.name);
            let required = alt.is_required(&prop.name);
            walk(
                &prop.schema,
                child,
                Some(path.clone()),
                true,
                required,
                depth + 1,
                out,
            );
        }
        if let Some(items) = &alt.items {
            let child = format!("{path}{ITEMS}");
            walk(
                items,
                child,
                Some(path.clone()),
                false,
                false,
                depth + 1,
                out,
            );
        }
        let values = map_values(alt);
        // One value schema is a plain map however it is spelled
        // (`additionalProperties` or one pattern); several are told apart
        // by their patterns.
        let single = values.len() == 1;
        for (pattern, value) in values {
            let child = if single {
                format!("{path}{MAP_VALUES}")
            } else {
                format!("{path}[/{pattern}/]")
            };
            walk(
                value,
                child,
                Some(path.clone()),
                false,
                false,
                depth + 1,
                out,
            );
        }
    }
}

/// The schemas a value may match: the non-null members of a `oneOf` or
/// `anyOf` (nested ones flattened), or the schema itself. Their properties,
/// items and map values are all children of the one position, as they are
/// fields of the one generated union.
fn alternatives(schema: &Schema) -> Vec<&Schema> {
    fn collect<'s>(schema: &'s Schema, depth: usize, out: &mut Vec<&'s Schema>) {
        if schema.variants.is_empty() || depth > MAX_DEPTH {
            out.push(schema);
            return;
        }
        for member in &schema.variants {
            if member.types != [JsonType::Null] {
                collect(member, depth + 1, out);
            }
        }
    }
    let mut out = Vec::new();
    collect(schema, 0, &mut out);
    out
}

/// The value schemas of an object used as a map, with the pattern each is
/// for (`""` for `additionalProperties`).
fn map_values(schema: &Schema) -> Vec<(&str, &Schema)> {
    let mut values = Vec::new();
    if let Some(Additional::Schema(value)) = &schema.additional {
        values.push(("", value.as_ref()));
    }
    for (pattern, value) in &schema.pattern_properties {
        values.push((pattern.as_str(), value));
    }
    values
}

fn facts(schema: &Schema, parent: Option<String>, is_property: bool, required: bool) -> Facts {
    let alts = alternatives(schema);
    let mut types: BTreeSet<JsonType> = BTreeSet::new();
    let mut any = false;
    for alt in &alts {
        let own: Vec<JsonType> = if alt.types.is_empty() {
            crate::model::infer_type(alt).into_iter().collect()
        } else {
            alt.types.clone()
        };
        any |= own.is_empty();
        types.extend(own);
    }
    let nullable = schema.allows(JsonType::Null)
        || schema.variants.iter().any(|m| m.types == [JsonType::Null]);
    if nullable {
        types.insert(JsonType::Null);
    }
    let json_types = if any {
        Vec::new()
    } else {
        types.into_iter().collect()
    };
    let enum_source = match alts.as_slice() {
        [only] if schema.enum_values.is_empty() => only,
        _ => schema,
    };
    let enum_values = enum_source.enum_values.iter().map(value_text).collect();

    let mut annotations = BTreeMap::new();
    let mut note = |name: &'static str, text: Option<String>| {
        if let Some(text) = text {
            annotations.insert(name, text);
        }
    };
    note("description", schema.description.clone());
    note("title", schema.title.clone());
    note("format", schema.format.clone());
    note("default", schema.default.as_ref().map(Value::to_string));
    note("x-addedInMatrixVersion", schema.added_in.clone());
    if !schema.changed_in.is_empty() {
        let changes: Vec<String> = schema
            .changed_in
            .iter()
            .map(|(version, text)| format!("{version}: {text}"))
            .collect();
        note("x-changedInMatrixVersion", Some(changes.join("\n")));
    }
    let spelling: Vec<String> = alts
        .iter()
        .flat_map(|alt| map_values(alt))
        .map(|(pattern, _)| match pattern {
            "" => "additionalProperties".to_owned(),
            p => format!("patternProperties {p}"),
        })
        .collect();
    if !spelling.is_empty() {
        note("map keys", Some(spelling.join(", ")));
    }

    // A file reached through `$ref` is the place its schema is written;
    // for anything else, the origin says where its keywords were.
    let origin = match &schema.definition {
        Some(file) => (file.clone(), String::new()),
        None => (schema.origin.file.clone(), schema.origin.pointer.clone()),
    };
    Facts {
        parent,
        origin,
        is_property,
        required,
        json_types,
        enum_values,
        deprecated: schema.deprecated,
        annotations,
        rust: None,
    }
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Records the Rust view of the position at `path` and below. The paths
/// it makes match [`walk`]'s, so the two views join on them.
fn rust_position(
    model: &TypeModel,
    ty: &TypeRef,
    path: &str,
    field: Option<&Field>,
    depth: usize,
    out: &mut BTreeMap<String, RustFacts>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    out.insert(
        path.to_owned(),
        RustFacts {
            display: rust_display(model, ty, 0),
            shape: rust_shape(model, ty, 0),
            accepts: accepted_types(model, ty, 0),
            optional: field.is_some_and(|f| !f.required),
            default: field.and_then(|f| f.default.clone()),
        },
    );
    rust_children(model, ty, path, depth, out);
}

fn rust_children(
    model: &TypeModel,
    ty: &TypeRef,
    path: &str,
    depth: usize,
    out: &mut BTreeMap<String, RustFacts>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    match ty {
        TypeRef::Nullable(inner) => rust_children(model, inner, path, depth + 1, out),
        TypeRef::List(item) => {
            rust_position(model, item, &format!("{path}{ITEMS}"), None, depth + 1, out)
        }
        TypeRef::Map(_, value) => rust_position(
            model,
            value,
            &format!("{path}{MAP_VALUES}"),
            None,
            depth + 1,
            out,
        ),
        TypeRef::Named(id) => match &model.get(*id).kind {
            TypeKind::Struct(s) => {
                for f in &s.fields {
                    let child = child_path(path, &f.json_name);
                    rust_position(model, &f.ty, &child, Some(f), depth + 1, out);
                }
                if s.extra != TypeRef::Any {
                    let child = format!("{path}{MAP_VALUES}");
                    rust_position(model, &s.extra, &child, None, depth + 1, out);
                }
            }
            // A union's members are alternatives at the same position.
            TypeKind::Union(u) => {
                for v in &u.variants {
                    rust_children(model, &v.ty, path, depth + 1, out);
                }
            }
            TypeKind::Enum(_) => {}
        },
        _ => {}
    }
}

fn rust_display(model: &TypeModel, ty: &TypeRef, depth: usize) -> String {
    if depth > MAX_DEPTH {
        return "..".to_owned();
    }
    let inner = |t: &TypeRef| rust_display(model, t, depth + 1);
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Integer => "i64".to_owned(),
        TypeRef::Number => "Number".to_owned(),
        TypeRef::Boolean => "bool".to_owned(),
        TypeRef::Any => "Value".to_owned(),
        TypeRef::Object => "Map<String, Value>".to_owned(),
        TypeRef::Named(id) => model.get(*id).name.clone(),
        TypeRef::Id(id) => model.id(*id).name.clone(),
        TypeRef::List(t) => format!("Vec<{}>", inner(t)),
        TypeRef::Map(key, t) => format!("BTreeMap<{}, {}>", key_display(model, *key), inner(t)),
        TypeRef::Nullable(t) => format!("Option<{}>", inner(t)),
        TypeRef::EventEnum(name) => name.clone(),
    }
}

/// The Rust key type of a map.
fn key_display(model: &TypeModel, key: Option<crate::model::IdRef>) -> String {
    key.map_or_else(|| "String".to_owned(), |id| model.id(id).name.clone())
}

fn rust_shape(model: &TypeModel, ty: &TypeRef, depth: usize) -> String {
    if depth > MAX_DEPTH {
        return "..".to_owned();
    }
    let inner = |t: &TypeRef| rust_shape(model, t, depth + 1);
    match ty {
        TypeRef::Named(id) => match &model.get(*id).kind {
            TypeKind::Struct(_) => "struct".to_owned(),
            TypeKind::Enum(_) => "enum".to_owned(),
            TypeKind::Union(u) => {
                let members: Vec<String> = u.variants.iter().map(|v| inner(&v.ty)).collect();
                format!("union({})", members.join(" | "))
            }
        },
        TypeRef::List(t) => format!("Vec<{}>", inner(t)),
        TypeRef::Map(key, t) => format!("BTreeMap<{}, {}>", key_display(model, *key), inner(t)),
        TypeRef::Nullable(t) => format!("Option<{}>", inner(t)),
        other => rust_display(model, other, depth),
    }
}

/// The JSON types a value may have for the generated type to accept it.
/// Open enums take any string; `Number` takes integers too.
fn accepted_types(model: &TypeModel, ty: &TypeRef, depth: usize) -> BTreeSet<JsonType> {
    use JsonType::*;
    if depth > MAX_DEPTH {
        return BTreeSet::new();
    }
    match ty {
        // Identifiers are read leniently: any string.
        TypeRef::String | TypeRef::Id(_) => [String].into(),
        TypeRef::Integer => [Integer].into(),
        TypeRef::Number => [Integer, Number].into(),
        TypeRef::Boolean => [Boolean].into(),
        TypeRef::Any => [Null, Boolean, Integer, Number, String, Array, Object].into(),
        TypeRef::Object | TypeRef::Map(..) | TypeRef::EventEnum(_) => [Object].into(),
        TypeRef::List(_) => [Array].into(),
        TypeRef::Nullable(t) => {
            let mut types = accepted_types(model, t, depth + 1);
            types.insert(Null);
            types
        }
        TypeRef::Named(id) => match &model.get(*id).kind {
            TypeKind::Struct(_) => [Object].into(),
            TypeKind::Enum(_) => [String].into(),
            TypeKind::Union(u) => u
                .variants
                .iter()
                .flat_map(|v| accepted_types(model, &v.ty, depth + 1))
                .collect(),
        },
    }
}

/// The JSON types the spec allows at a position, for classifying where
/// the generated code has no view (the event envelope). Values of an
/// `enum` are not a restriction here: generated enums are open.
pub fn spec_accepts(facts: &Facts) -> BTreeSet<JsonType> {
    use JsonType::*;
    if facts.json_types.is_empty() {
        return [Null, Boolean, Integer, Number, String, Array, Object].into();
    }
    let mut types: BTreeSet<JsonType> = facts.json_types.iter().copied().collect();
    if types.contains(&Number) {
        types.insert(Integer);
    }
    types
}
