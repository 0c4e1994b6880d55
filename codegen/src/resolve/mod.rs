//! Stage 2: turn loaded YAML trees into [`Schema`] values with every `$ref`
//! followed and every `allOf` merged.
//!
//! `allOf` is flattened before merging: each member (following `$ref`s) is
//! expanded into its own leaf parts, and a leaf reached twice is merged once.
//! The core event schemas need this: `state_event.yaml` reaches
//! `sync_room_event.yaml` both through `room_event.yaml` and through
//! `sync_state_event.yaml`.
//!
//! A schema that is exactly one referenced file (a plain `$ref`, or a
//! one-member `allOf` that only adds a description) remembers that file in
//! [`Schema::definition`], so the model can give every use of it one shared
//! Rust type.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::diagnostics::{pointer_push, Diagnostic, Diagnostics, Error, Place};
use crate::load::{Node, SpecFiles, SpecPath};

mod api;

pub use api::{
    Authentication, Body, Example, Operation, Parameter, ParameterLocation, ResolvedApi, Response,
};

/// A JSON type named by the `type` keyword.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JsonType {
    Null,
    Boolean,
    Integer,
    Number,
    String,
    Array,
    Object,
}

impl JsonType {
    fn parse(name: &str) -> Option<JsonType> {
        Some(match name {
            "null" => JsonType::Null,
            "boolean" => JsonType::Boolean,
            "integer" => JsonType::Integer,
            "number" => JsonType::Number,
            "string" => JsonType::String,
            "array" => JsonType::Array,
            "object" => JsonType::Object,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Boolean => "boolean",
            JsonType::Integer => "integer",
            JsonType::Number => "number",
            JsonType::String => "string",
            JsonType::Array => "array",
            JsonType::Object => "object",
        }
    }
}

/// Where a schema was written: its file and the JSON pointer inside it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin {
    pub file: SpecPath,
    pub pointer: String,
}

impl Origin {
    pub fn child(&self, token: &str) -> Origin {
        Origin {
            file: self.file.clone(),
            pointer: pointer_push(&self.pointer, token),
        }
    }

    pub fn place(&self) -> Place {
        Place::Pointer(self.pointer.clone())
    }
}

/// What `additionalProperties` says.
#[derive(Clone, Debug, PartialEq)]
pub enum Additional {
    /// `additionalProperties: false`.
    Forbidden,
    /// A schema every other property's value must match.
    Schema(Box<Schema>),
}

/// A resolved schema: no `$ref`, no `allOf`.
#[derive(Clone, Debug, PartialEq)]
pub struct Schema {
    pub origin: Origin,
    /// The referenced file this schema is, whole and unchanged.
    pub definition: Option<SpecPath>,
    /// The files this schema's own `$ref`/`allOf` names directly, in order:
    /// for an event schema, its core base (`core-event-schema/room_event.yaml`).
    pub bases: Vec<SpecPath>,
    pub title: Option<String>,
    pub description: Option<String>,
    /// The `type` keyword; empty when the schema does not say.
    pub types: Vec<JsonType>,
    pub properties: Vec<Property>,
    pub required: Vec<String>,
    pub additional: Option<Additional>,
    pub pattern_properties: Vec<(String, Schema)>,
    pub items: Option<Box<Schema>>,
    /// Allowed values; empty when there is no `enum` (or `const`).
    pub enum_values: Vec<Value>,
    /// The members of a `oneOf` or `anyOf`.
    pub variants: Vec<Schema>,
    pub format: Option<String>,
    /// `x-pattern-format` on a `patternProperties` value: the string
    /// format of the keys it matches (`mx-user-id`).
    pub pattern_format: Option<String>,
    /// `x-event-kinds` at an event schema's top level: the kinds of an
    /// event on the plain `event.yaml` base (`global_account_data`...),
    /// each with where it is written.
    pub event_kinds: Vec<(String, Origin)>,
    /// `x-event-type-aliases` at an event schema's top level: other `type`
    /// strings the event is also sent under (a proposal's unstable name).
    pub type_aliases: Vec<String>,
    /// `x-event-type-prefix` at an event schema's top level: the schema is
    /// for every event type that starts with it (`m.secret_storage.key.`).
    pub type_prefix: Option<String>,
    pub deprecated: bool,
    /// The value an absent property stands for (`default`).
    pub default: Option<Value>,
    pub added_in: Option<String>,
    /// `x-changedInMatrixVersion`: version and what changed, in the spec's order.
    pub changed_in: Vec<(String, String)>,
    /// Readers meet the property absent though senders must send it: an
    /// override says so (see `overrides::Change::ReadWhenMissing`).
    pub read_when_missing: bool,
    /// Set by the API layer where an event of the spec sits (a `/sync`
    /// timeline's events): the dispatch enum that reads it
    /// (`AnySyncTimelineEvent`), which the type made for it is.
    pub event_enum: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Property {
    pub name: String,
    pub schema: Schema,
    /// A Rust field name chosen by an override, instead of the derived one.
    pub rust_name: Option<String>,
}

impl Schema {
    /// A schema that says nothing: any JSON value.
    pub fn empty(origin: Origin) -> Schema {
        Schema {
            origin,
            definition: None,
            bases: Vec::new(),
            title: None,
            description: None,
            types: Vec::new(),
            properties: Vec::new(),
            required: Vec::new(),
            additional: None,
            pattern_properties: Vec::new(),
            items: None,
            enum_values: Vec::new(),
            variants: Vec::new(),
            format: None,
            pattern_format: None,
            event_kinds: Vec::new(),
            type_aliases: Vec::new(),
            type_prefix: None,
            deprecated: false,
            default: None,
            added_in: None,
            changed_in: Vec::new(),
            read_when_missing: false,
            event_enum: None,
        }
    }

    pub fn property(&self, name: &str) -> Option<&Schema> {
        self.properties
            .iter()
            .find(|p| p.name == name)
            .map(|p| &p.schema)
    }

    pub fn is_required(&self, name: &str) -> bool {
        self.required.iter().any(|r| r == name)
    }

    pub fn allows(&self, t: JsonType) -> bool {
        self.types.contains(&t)
    }
}

/// Every schema file of the spec, resolved.
#[derive(Debug)]
pub struct ResolvedSpec {
    /// The top-level files of `event-schemas/schema/`, in path order.
    pub files: Vec<(SpecPath, Schema)>,
    /// The HTTP APIs asked for, in [`crate::load::API_NAMES`] order.
    pub apis: Vec<ResolvedApi>,
    /// Every file reached through `$ref`, resolved once.
    pub definitions: HashMap<SpecPath, Schema>,
    /// The spec's string formats, as loaded.
    pub string_formats: Vec<crate::load::StringFormat>,
}

/// Keywords that only constrain values or annotate; they never change the
/// shape of the generated types, so they are read past without a word.
const QUIET_KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "$comment",
    "example",
    "examples",
    "default",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "propertyNames",
    "readOnly",
    "writeOnly",
    "contentEncoding",
    "contentMediaType",
    "not",
];

/// Keywords that give the schema its shape; a one-member `allOf` whose own
/// part has none of these is only the member with a new description.
const SHAPE_KEYWORDS: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "items",
    "enum",
    "const",
    "oneOf",
    "anyOf",
];

pub fn resolve(files: &SpecFiles, diags: &mut Diagnostics) -> Result<ResolvedSpec, Error> {
    let mut resolver = Resolver::new(files, diags);
    let mut resolved = Vec::new();
    for path in &files.top_level {
        if let Some(schema) = resolver.file(path, None) {
            resolved.push((path.clone(), schema));
        }
    }

    // Building blocks nobody references (the core envelopes in a small
    // spec) are still needed by the event layer. The API folders hold
    // documents, not schemas: their schemas are read from the operations.
    for path in files.paths() {
        if !path.as_str().starts_with(crate::load::API_DIR) {
            resolver.ensure(path, None);
        }
    }
    #[cfg(feature = "api")]
    let apis = (files.api_files.iter())
        .map(|(name, paths)| resolver.api(name, paths))
        .collect();
    // `Builder` asks for no API when the generator is built without them.
    #[cfg(not(feature = "api"))]
    let apis = Vec::new();
    let definitions = resolver
        .definitions
        .into_iter()
        .filter_map(|(path, schema)| schema.map(|s| (path, s)))
        .collect();
    diags.check()?;
    Ok(ResolvedSpec {
        files: resolved,
        apis,
        definitions,
        string_formats: files.string_formats.clone(),
    })
}

/// Resolves a schema written outside the spec (an override), with no
/// `$ref`s to follow. `origin` says where it will stand in the spec.
pub fn standalone(node: &Node, origin: Origin, diags: &mut Diagnostics) -> Option<Schema> {
    if has_ref(node) {
        diags.push(Diagnostic::error(
            Some(origin.file.to_string()),
            origin.place(),
            "an override's schema may not use `$ref`",
        ));
        return None;
    }
    let files = SpecFiles::empty();
    let mut resolver = Resolver::new(&files, diags);
    resolver.schema(origin, node)
}

fn has_ref(node: &Node) -> bool {
    let mut refs = Vec::new();
    crate::load::collect_refs(node, "", &mut refs);
    !refs.is_empty()
}

struct Resolver<'a> {
    files: &'a SpecFiles,
    diags: &'a mut Diagnostics,
    /// `None` marks a file that failed to resolve, so it is reported once.
    definitions: HashMap<SpecPath, Option<Schema>>,
    parts: HashMap<Origin, Option<Schema>>,
    /// Files being resolved right now, to report `$ref` cycles instead of
    /// recursing forever.
    in_progress: Vec<SpecPath>,
    /// Set while a Swagger parameter object is read as the schema it also
    /// is: its own keys (`name`, `in`, `required: true`) are not keywords.
    swagger_parameter: bool,
    /// Set while an HTTP API's schemas are read: a schema that cannot be
    /// read is kept as any JSON (see `api::Resolver::api_schema`).
    in_api: bool,
}

/// One leaf of a flattened `allOf`: a schema node with its own `allOf` and
/// `$ref` set aside.
struct Part<'a> {
    origin: Origin,
    node: &'a Node,
}

impl<'a> Resolver<'a> {
    fn new(files: &'a SpecFiles, diags: &'a mut Diagnostics) -> Self {
        Resolver {
            files,
            diags,
            definitions: HashMap::new(),
            parts: HashMap::new(),
            in_progress: Vec::new(),
            swagger_parameter: false,
            in_api: false,
        }
    }

    fn error(&mut self, origin: &Origin, message: impl Into<String>) {
        self.diags.push(Diagnostic::error(
            Some(origin.file.to_string()),
            origin.place(),
            message,
        ));
    }

    /// A list of strings (`x-event-kinds`), each with its place; anything
    /// else is an error naming what the list should hold.
    fn string_list(&mut self, here: &Origin, value: &Node, what: &str) -> Vec<(String, Origin)> {
        let Node::Seq(items) = value else {
            self.error(
                here,
                format!("expected a list of {what}, found {}", value.kind_name()),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let place = here.child(&i.to_string());
            match item.as_str() {
                Some(text) => out.push((text.to_owned(), place)),
                None => self.error(
                    &place,
                    format!(
                        "expected a string among the {what}, found {}",
                        item.kind_name()
                    ),
                ),
            }
        }
        out
    }

    fn warn(&mut self, origin: &Origin, message: impl Into<String>) {
        self.diags.push(Diagnostic::warning(
            Some(origin.file.to_string()),
            origin.place(),
            message,
        ));
    }

    /// Resolves a whole file and returns a copy of the result.
    fn file(&mut self, path: &SpecPath, via: Option<&Origin>) -> Option<Schema> {
        if self.ensure(path, via) {
            self.definitions.get(path).cloned().flatten()
        } else {
            None
        }
    }

    /// Resolves a whole file into `definitions`, once; whether it resolved.
    /// `via` is the `$ref` that led here, for errors.
    fn ensure(&mut self, path: &SpecPath, via: Option<&Origin>) -> bool {
        if let Some(done) = self.definitions.get(path) {
            return done.is_some();
        }
        if let Some(at) = self.in_progress.iter().position(|p| p == path) {
            let mut chain: Vec<String> = self.in_progress[at..]
                .iter()
                .map(|p| p.to_string())
                .collect();
            chain.push(path.to_string());
            let origin = via.cloned().unwrap_or(Origin {
                file: path.clone(),
                pointer: String::new(),
            });
            self.diags.push(
                Diagnostic::error(
                    Some(origin.file.to_string()),
                    origin.place(),
                    format!("`$ref` cycle: {}", chain.join(" -> ")),
                )
                .with_hint("a schema may not contain itself; break the cycle"),
            );
            return false;
        }
        let files = self.files;
        let Some(node) = files.get(path) else {
            return false;
        };
        self.in_progress.push(path.clone());
        let origin = Origin {
            file: path.clone(),
            pointer: String::new(),
        };
        let mut schema = self.schema(origin, node);
        self.in_progress.pop();
        if let Some(s) = &mut schema {
            s.definition = Some(path.clone());
        }
        let resolved = schema.is_some();
        self.definitions.insert(path.clone(), schema);
        resolved
    }

    /// Resolves any schema node.
    fn schema(&mut self, origin: Origin, node: &'a Node) -> Option<Schema> {
        let mark = self.diags.len();
        let schema = self.schema_or_none(origin.clone(), node);
        if self.in_api && (schema.is_none() || self.diags.has_errors_since(mark)) {
            // What could not be read is kept as the JSON type it says it
            // is, if it says (a tuple is a list of any JSON), else as any
            // JSON: the parts read before the problem are not trusted.
            let mut any = Schema::empty(origin);
            any.types = (node.get("type"))
                .and_then(|t| parse_types(t).ok())
                .unwrap_or_default();
            any.description = string_at(node, "description");
            return Some(any);
        }
        schema
    }

    fn schema_or_none(&mut self, origin: Origin, node: &'a Node) -> Option<Schema> {
        let entries = match node {
            Node::Map(entries) => entries,
            Node::Bool(true) => return Some(Schema::empty(origin)),
            other => {
                let found = other.kind_name();
                self.error(
                    &origin,
                    format!("expected a schema (a mapping), found {found}"),
                );
                return None;
            }
        };

        let mut parts = Vec::new();
        let mut seen = HashSet::new();
        let mut refs_followed = Vec::new();
        self.flatten(
            origin.clone(),
            node,
            &mut parts,
            &mut seen,
            &mut refs_followed,
        )?;

        // A schema that only names one file, perhaps with a new description,
        // is that file's type.
        let own_shape = entries
            .iter()
            .any(|(k, _)| SHAPE_KEYWORDS.contains(&k.as_str()));
        let all_of_len = match node.get("allOf") {
            Some(Node::Seq(items)) => items.len(),
            _ => 0,
        };
        let alias_of = (refs_followed.len() == 1 && !own_shape && all_of_len <= 1)
            .then(|| refs_followed[0].clone())
            .filter(|_| node.get("$ref").is_some() || all_of_len == 1);

        let mut merged: Option<Schema> = None;
        for part in parts {
            let Some(resolved) = self.part(&part) else {
                continue;
            };
            merged = Some(match merged {
                None => resolved,
                Some(mut acc) => {
                    self.merge(&mut acc, resolved, &origin);
                    acc
                }
            });
        }
        let mut schema = merged.unwrap_or_else(|| Schema::empty(origin.clone()));
        // Titles and descriptions describe the schema they are written on;
        // a base's title ("CallEvent") does not name what extends it.
        schema.title = string_at(node, "title");
        schema.description = string_at(node, "description");
        schema.origin = origin.clone();
        schema.definition = alias_of;
        schema.bases = refs_followed;
        if let Some(def) = &schema.definition {
            if let Some(Some(target)) = self.definitions.get(def) {
                if schema.title.is_none() {
                    schema.title = target.title.clone();
                }
            }
        }
        self.check_required(&schema);
        Some(schema)
    }

    /// Expands `$ref` and `allOf` into leaf parts, bases first, each leaf once.
    fn flatten(
        &mut self,
        origin: Origin,
        node: &'a Node,
        parts: &mut Vec<Part<'a>>,
        seen: &mut HashSet<SpecPath>,
        refs_followed: &mut Vec<SpecPath>,
    ) -> Option<()> {
        if let Some(reference) = node.get("$ref") {
            let ref_origin = origin.child("$ref");
            let Some(reference) = reference.as_str() else {
                self.error(
                    &ref_origin,
                    format!("`$ref` must be a string, found {}", reference.kind_name()),
                );
                return None;
            };
            // The loader already refused references it could not follow.
            let target = origin.file.join(reference)?;
            refs_followed.push(target.clone());
            // Resolve the target on its own first: this caches it as a
            // definition and reports cycles through the file chain.
            if !self.ensure(&target, Some(&ref_origin)) {
                return None;
            }
            let files = self.files;
            let target_node = files.get(&target)?;
            if seen.insert(target.clone()) {
                let target_origin = Origin {
                    file: target,
                    pointer: String::new(),
                };
                let mut nested_refs = Vec::new();
                self.flatten(target_origin, target_node, parts, seen, &mut nested_refs)?;
            }
        }
        if let Some(all_of) = node.get("allOf") {
            let all_of_origin = origin.child("allOf");
            let Node::Seq(members) = all_of else {
                self.error(
                    &all_of_origin,
                    format!("`allOf` must be a list, found {}", all_of.kind_name()),
                );
                return None;
            };
            for (i, member) in members.iter().enumerate() {
                let member_origin = all_of_origin.child(&i.to_string());
                if !matches!(member, Node::Map(_)) {
                    self.error(
                        &member_origin,
                        format!(
                            "an `allOf` member must be a schema (a mapping), found {}",
                            member.kind_name()
                        ),
                    );
                    return None;
                }
                self.flatten(member_origin, member, parts, seen, refs_followed)?;
            }
        }
        parts.push(Part { origin, node });
        Some(())
    }

    /// Resolves one leaf part, once: a core schema's parts are shared by
    /// every event built on it, and their warnings should be said once.
    fn part(&mut self, part: &Part<'a>) -> Option<Schema> {
        if let Some(done) = self.parts.get(&part.origin) {
            return done.clone();
        }
        let resolved = self.part_uncached(part);
        self.parts.insert(part.origin.clone(), resolved.clone());
        resolved
    }

    /// Every keyword of a part except `$ref` and `allOf`.
    fn part_uncached(&mut self, part: &Part<'a>) -> Option<Schema> {
        let Node::Map(entries) = part.node else {
            return None;
        };
        let origin = &part.origin;
        let mut schema = Schema::empty(origin.clone());
        let mut ok = true;
        for (key, value) in entries {
            let here = origin.child(key);
            match key.as_str() {
                "$ref" | "allOf" | "title" | "description" => {}
                "name" | "in" | "required" | "collectionFormat" if self.swagger_parameter => {}
                "type" => match parse_types(value) {
                    Ok(types) => schema.types = types,
                    Err(message) => {
                        self.error(&here, message);
                        ok = false;
                    }
                },
                "properties" => {
                    let Node::Map(props) = value else {
                        self.error(
                            &here,
                            format!(
                                "`properties` must be a mapping of names to schemas, found {}",
                                value.kind_name()
                            ),
                        );
                        ok = false;
                        continue;
                    };
                    for (name, prop) in props {
                        match self.schema(here.child(name), prop) {
                            Some(s) => schema.properties.push(Property {
                                name: name.clone(),
                                schema: s,
                                rust_name: None,
                            }),
                            None => ok = false,
                        }
                    }
                }
                "required" => {
                    match value {
                        Node::Seq(names) => {
                            for (i, name) in names.iter().enumerate() {
                                match name.as_str() {
                                    Some(n) if !schema.required.iter().any(|r| r == n) => {
                                        schema.required.push(n.to_owned())
                                    }
                                    Some(_) => {}
                                    None => {
                                        self.error(&here.child(&i.to_string()), format!("`required` entries must be property names, found {}", name.kind_name()));
                                        ok = false;
                                    }
                                }
                            }
                        }
                        // Draft-3 style `required: true` on a property: a
                        // constraint that cannot be honoured from inside the
                        // property, so it is reported rather than guessed at.
                        _ => {
                            self.error(
                                &here,
                                format!(
                                    "`required` must be a list of property names, found {}",
                                    value.kind_name()
                                ),
                            );
                            ok = false;
                        }
                    }
                }
                "additionalProperties" => match value {
                    Node::Bool(true) => {}
                    Node::Bool(false) => schema.additional = Some(Additional::Forbidden),
                    _ => match self.schema(here, value) {
                        Some(s) => schema.additional = Some(Additional::Schema(Box::new(s))),
                        None => ok = false,
                    },
                },
                "patternProperties" => {
                    let Node::Map(patterns) = value else {
                        self.error(&here, format!("`patternProperties` must be a mapping of patterns to schemas, found {}", value.kind_name()));
                        ok = false;
                        continue;
                    };
                    for (pattern, child) in patterns {
                        match self.schema(here.child(pattern), child) {
                            Some(s) => schema.pattern_properties.push((pattern.clone(), s)),
                            None => ok = false,
                        }
                    }
                }
                "items" => match value {
                    Node::Seq(_) => {
                        self.diags.push(
                            Diagnostic::error(Some(here.file.to_string()), here.place(), "`items` as a list (a tuple) cannot be expressed as a Rust type here")
                                .with_hint("use one schema for all items"),
                        );
                        ok = false;
                    }
                    _ => match self.schema(here, value) {
                        Some(s) => schema.items = Some(Box::new(s)),
                        None => ok = false,
                    },
                },
                "enum" => match value {
                    Node::Seq(values) => {
                        schema.enum_values = values.iter().map(Node::to_json).collect()
                    }
                    _ => {
                        self.error(
                            &here,
                            format!(
                                "`enum` must be a list of values, found {}",
                                value.kind_name()
                            ),
                        );
                        ok = false;
                    }
                },
                "const" => schema.enum_values = vec![value.to_json()],
                "oneOf" | "anyOf" => {
                    let Node::Seq(members) = value else {
                        self.error(
                            &here,
                            format!(
                                "`{key}` must be a list of schemas, found {}",
                                value.kind_name()
                            ),
                        );
                        ok = false;
                        continue;
                    };
                    for (i, member) in members.iter().enumerate() {
                        match self.schema(here.child(&i.to_string()), member) {
                            Some(s) => schema.variants.push(s),
                            None => ok = false,
                        }
                    }
                }
                "format" => schema.format = value.as_str().map(str::to_owned),
                "deprecated" => schema.deprecated = matches!(value, Node::Bool(true)),
                "default" => schema.default = Some(value.to_json()),
                "x-addedInMatrixVersion" => schema.added_in = scalar_text(value),
                "x-changedInMatrixVersion" => match value {
                    Node::Map(changes) => {
                        schema.changed_in = changes
                            .iter()
                            .map(|(v, text)| (v.clone(), scalar_text(text).unwrap_or_default()))
                            .collect();
                    }
                    _ => self.warn(
                        &here,
                        "`x-changedInMatrixVersion` should map versions to text; ignored",
                    ),
                },
                "x-pattern-format" => schema.pattern_format = value.as_str().map(str::to_owned),
                "x-event-type-aliases" => {
                    let aliases = self.string_list(&here, value, "event types");
                    schema.type_aliases = aliases.into_iter().map(|(t, _)| t).collect();
                }
                "x-event-type-prefix" => match value.as_str() {
                    Some(prefix) if prefix.ends_with('.') && prefix.len() > 1 => {
                        schema.type_prefix = Some(prefix.to_owned())
                    }
                    _ => self.error(
                        &here,
                        "`x-event-type-prefix` must be a string ending in `.` (`m.secret_storage.key.`)",
                    ),
                },
                "x-event-kinds" => schema.event_kinds = self.string_list(&here, value, "event kinds"),
                k if k.starts_with("x-") => {}
                k if QUIET_KEYWORDS.contains(&k) => {}
                "if" | "then" | "else" | "dependentSchemas" | "dependentRequired"
                | "dependencies" => {
                    self.warn(
                        &here,
                        format!("`{key}` is not supported; the generated types ignore it"),
                    );
                }
                _ => self.warn(&here, format!("unknown keyword `{key}` is ignored")),
            }
        }
        ok.then_some(schema)
    }

    /// Merges a later `allOf` part into the accumulated schema.
    fn merge(&mut self, acc: &mut Schema, part: Schema, at: &Origin) {
        if !part.types.is_empty() {
            if acc.types.is_empty() {
                acc.types = part.types.clone();
            } else {
                let common = intersect_types(&acc.types, &part.types);
                if common.is_empty() {
                    let a: Vec<_> = acc.types.iter().map(|t| t.name()).collect();
                    let b: Vec<_> = part.types.iter().map(|t| t.name()).collect();
                    self.diags.push(
                        Diagnostic::error(
                            Some(at.file.to_string()),
                            at.place(),
                            format!(
                                "`allOf` members contradict each other: `{}` says type {}, `{}` says type {}",
                                acc.origin, a.join("/"), part.origin, b.join("/")
                            ),
                        )
                        .with_hint("no value can be both; make the types agree"),
                    );
                    return;
                }
                acc.types = common;
            }
        }
        for prop in part.properties {
            match acc.properties.iter_mut().find(|p| p.name == prop.name) {
                Some(existing) => {
                    let mut merged = existing.schema.clone();
                    let title = prop.schema.title.clone().or(merged.title.clone());
                    let description = prop
                        .schema
                        .description
                        .clone()
                        .or(merged.description.clone());
                    let origin = prop.schema.origin.clone();
                    self.merge(&mut merged, prop.schema, &origin);
                    merged.title = title;
                    merged.description = description;
                    merged.definition = None;
                    existing.schema = merged;
                }
                None => acc.properties.push(prop),
            }
        }
        for name in part.required {
            if !acc.required.contains(&name) {
                acc.required.push(name);
            }
        }
        if let Some(additional) = part.additional {
            acc.additional = Some(additional);
        }
        for (pattern, schema) in part.pattern_properties {
            match acc
                .pattern_properties
                .iter_mut()
                .find(|(p, _)| *p == pattern)
            {
                Some(slot) => slot.1 = schema,
                None => acc.pattern_properties.push((pattern, schema)),
            }
        }
        if part.items.is_some() {
            acc.items = part.items;
        }
        if !part.enum_values.is_empty() {
            if acc.enum_values.is_empty() {
                acc.enum_values = part.enum_values;
            } else {
                let common: Vec<Value> = acc
                    .enum_values
                    .iter()
                    .filter(|v| part.enum_values.contains(v))
                    .cloned()
                    .collect();
                if common.is_empty() {
                    self.diags.push(Diagnostic::error(
                        Some(at.file.to_string()),
                        at.place(),
                        "`allOf` members contradict each other: their `enum` lists share no value",
                    ));
                    return;
                }
                acc.enum_values = common;
            }
        }
        if !part.variants.is_empty() {
            acc.variants = part.variants;
        }
        if part.format.is_some() {
            acc.format = part.format;
        }
        if part.pattern_format.is_some() {
            acc.pattern_format = part.pattern_format;
        }
        if !part.event_kinds.is_empty() {
            acc.event_kinds = part.event_kinds;
        }
        if !part.type_aliases.is_empty() {
            acc.type_aliases = part.type_aliases;
        }
        if part.type_prefix.is_some() {
            acc.type_prefix = part.type_prefix;
        }
        acc.deprecated |= part.deprecated;
        if part.default.is_some() {
            acc.default = part.default;
        }
        if part.added_in.is_some() {
            acc.added_in = part.added_in;
        }
        for change in part.changed_in {
            if !acc.changed_in.contains(&change) {
                acc.changed_in.push(change);
            }
        }
    }

    /// A `required` name that no property declares is a spec slip, not a
    /// reason to stop: the field simply cannot be generated.
    fn check_required(&mut self, schema: &Schema) {
        let open = matches!(schema.additional, Some(Additional::Schema(_)))
            || !schema.pattern_properties.is_empty();
        if open || schema.properties.is_empty() {
            return;
        }
        let missing: Vec<String> = schema
            .required
            .iter()
            .filter(|r| schema.property(r).is_none())
            .cloned()
            .collect();
        for name in missing {
            self.warn(
                &schema.origin,
                format!("`required` names `{name}`, but no property `{name}` is declared"),
            );
        }
    }
}

/// `file` or `file#/json/pointer`, as diagnostics name places.
impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.pointer.is_empty() {
            write!(f, "{}", self.file)
        } else {
            write!(f, "{}#{}", self.file, self.pointer)
        }
    }
}

fn parse_types(value: &Node) -> Result<Vec<JsonType>, String> {
    let names: Vec<&Node> = match value {
        Node::Seq(items) => items.iter().collect(),
        single => vec![single],
    };
    let mut types = Vec::new();
    for name in names {
        let Some(text) = name.as_str() else {
            return Err(format!(
                "`type` must be a type name or a list of them, found {}",
                name.kind_name()
            ));
        };
        let Some(t) = JsonType::parse(text) else {
            return Err(format!(
                "`type: {text}` is not a JSON Schema type (null, boolean, integer, number, string, array, object)"
            ));
        };
        if !types.contains(&t) {
            types.push(t);
        }
    }
    // Order carries no meaning in a type list; sorting it makes
    // `[string, null]` and `[null, string]` the same schema.
    types.sort();
    Ok(types)
}

fn intersect_types(a: &[JsonType], b: &[JsonType]) -> Vec<JsonType> {
    let mut out = Vec::new();
    for &x in a {
        for &y in b {
            let common = match (x, y) {
                _ if x == y => Some(x),
                (JsonType::Integer, JsonType::Number) | (JsonType::Number, JsonType::Integer) => {
                    Some(JsonType::Integer)
                }
                _ => None,
            };
            if let Some(c) = common {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
    }
    out.sort();
    out
}

fn string_at(node: &Node, key: &str) -> Option<String> {
    node.get(key).and_then(scalar_text)
}

/// The text of a scalar; YAML may read `1.7` or `true` as something other
/// than a string where the spec means text.
fn scalar_text(node: &Node) -> Option<String> {
    match node {
        Node::String(s) => Some(s.clone()),
        Node::Number(n) => Some(n.to_string()),
        Node::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
