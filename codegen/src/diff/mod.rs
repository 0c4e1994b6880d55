//! `matrix-codegen diff`: what changed between two spec releases, as the
//! generated Rust API sees it.
//!
//! Both specs are loaded and resolved, and every event is flattened into
//! positions keyed by JSON path ([`walk`]). Positions are compared one by one:
//! fields added or removed, optional <-> required, type changes, `enum`
//! values added or removed, deprecation, and (shown only on request)
//! descriptions and `x-` annotations. Comparing resolved schemas instead of
//! YAML text means the way a schema is written (`$ref` or inline, the order
//! of a type list, `patternProperties` or `additionalProperties` for a map)
//! makes no difference.
//!
//! Every change is classified twice:
//! - breaking: code using the generated types may stop compiling (a field
//!   removed, a required field added to `new()`, a type changed). Adding an
//!   optional field is not, since structs are `#[non_exhaustive]`; nor is
//!   adding an `enum` value, since generated enums are open.
//! - wire-compatible: events that were valid under the old spec still
//!   deserialize into the new types.
//!
//! The classification follows the generated code, which includes the
//! generator's quirk overrides: where an override keeps a field's Rust type
//! as it was, the spec's change is still reported, with a note.
//!
//! A change made in a file several events share (a core schema, a `$ref`d
//! definition) is reported once, with the events it affects.
//!
//! The HTTP APIs the specs have are compared the same way, each operation
//! flattened into positions (`request.query.limit`, `request.body.visibility`,
//! `response.200.chunk[]`) beside its method and path: operations added,
//! removed or moved to another method or path, and every field change
//! above.

mod report;
pub mod walk;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::diagnostics::Error;
use crate::load::SpecPath;
use crate::resolve::JsonType;
use walk::{spec_accepts, EventShape, Facts, Snapshot};

pub use report::Format;

/// The changes between two specs.
#[derive(Debug)]
pub struct SpecDiff {
    /// How to call the old spec in the report: its release when known,
    /// else its path.
    pub old: String,
    pub new: String,
    /// API changes and annotation-only changes, in event and path order.
    pub changes: Vec<SpecChange>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChangeKind {
    EventAdded,
    EventRemoved,
    /// An HTTP API operation (endpoint) added, removed, or given another
    /// method or path.
    OperationAdded,
    OperationRemoved,
    OperationMoved,
    FieldAdded,
    FieldRemoved,
    OptionalToRequired,
    RequiredToOptional,
    TypeChanged,
    EnumValuesAdded,
    EnumValuesRemoved,
    Deprecated,
    Undeprecated,
    /// Descriptions, titles, formats, `x-` annotations, or the spelling of
    /// a map: nothing the generated API or the wire format depends on.
    AnnotationsChanged,
}

impl ChangeKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            ChangeKind::EventAdded => "event_added",
            ChangeKind::EventRemoved => "event_removed",
            ChangeKind::OperationAdded => "operation_added",
            ChangeKind::OperationRemoved => "operation_removed",
            ChangeKind::OperationMoved => "operation_moved",
            ChangeKind::FieldAdded => "field_added",
            ChangeKind::FieldRemoved => "field_removed",
            ChangeKind::OptionalToRequired => "optional_to_required",
            ChangeKind::RequiredToOptional => "required_to_optional",
            ChangeKind::TypeChanged => "type_changed",
            ChangeKind::EnumValuesAdded => "enum_values_added",
            ChangeKind::EnumValuesRemoved => "enum_values_removed",
            ChangeKind::Deprecated => "deprecated",
            ChangeKind::Undeprecated => "undeprecated",
            ChangeKind::AnnotationsChanged => "annotations_changed",
        }
    }
}

/// One change, with every place it shows up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecChange {
    pub kind: ChangeKind,
    /// What changed, without where: `type integer -> string`.
    pub detail: String,
    /// Every event and JSON path the change affects, in order.
    pub locations: Vec<Location>,
    /// The file the change was made in, when it is not the event's own
    /// file (a core schema or a shared definition).
    pub defined_in: Option<String>,
    /// Code using the generated types may need changing.
    pub breaking: bool,
    /// Events valid under the old spec still deserialize.
    pub wire_compatible: bool,
    /// What the generated code makes of it, when that is not obvious.
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The event key, or for an HTTP API operation its API and operation
    /// id (`client-server sendMessage`).
    pub event: String,
    /// JSON path inside the event (`content.reason`); empty for the event.
    pub path: String,
}

impl SpecChange {
    /// False for changes shown only with `--all`.
    pub fn is_api_change(&self) -> bool {
        self.kind != ChangeKind::AnnotationsChanged
    }

    /// The affected events, each once, in order.
    pub fn events(&self) -> Vec<&str> {
        let mut seen = BTreeSet::new();
        self.locations
            .iter()
            .map(|l| l.event.as_str())
            .filter(|e| seen.insert(*e))
            .collect()
    }
}

/// Whether a location's key names an HTTP API operation
/// (`client-server sendMessage`) rather than an event.
pub fn is_operation(key: &str) -> bool {
    key.split_once(' ')
        .is_some_and(|(api, _)| crate::load::API_NAMES.contains(&api))
}

impl SpecDiff {
    pub fn api_changes(&self) -> impl Iterator<Item = &SpecChange> {
        self.changes.iter().filter(|c| c.is_api_change())
    }

    /// The report in `format`; annotation-only changes only when `all`.
    pub fn render(&self, format: Format, all: bool) -> String {
        report::render(self, format, all)
    }
}

/// A spec that could not be compared, and why.
#[derive(Debug)]
pub struct DiffError {
    /// The spec directory that failed to load.
    pub dir: PathBuf,
    /// Its problems, each with the file and place (relative to `dir`).
    pub error: Error,
}

impl std::fmt::Display for DiffError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cannot read the spec in `{}`:\n{}",
            self.dir.display(),
            self.error
        )
    }
}

impl std::error::Error for DiffError {}

/// Compares the specs in two `data/` directories.
pub fn diff_dirs(old: &Path, new: &Path) -> Result<SpecDiff, DiffError> {
    diff_with_extra_schemas((old, &[]), (new, &[]))
}

/// [`diff_dirs`] with folders of one's own schemas on each side (see
/// `Builder::extra_schemas`), so a change to them is reported like a
/// change to the spec.
pub fn diff_with_extra_schemas(
    (old, old_extra): (&Path, &[PathBuf]),
    (new, new_extra): (&Path, &[PathBuf]),
) -> Result<SpecDiff, DiffError> {
    let load = |dir: &Path, extra: &[PathBuf]| {
        walk::snapshot(dir, extra).map_err(|error| DiffError {
            dir: dir.to_path_buf(),
            error,
        })
    };
    let old_snapshot = load(old, old_extra)?;
    let new_snapshot = load(new, new_extra)?;
    let (mut old_label, mut new_label) = (label(old), label(new));
    if old_label == new_label {
        old_label = old.display().to_string();
        new_label = new.display().to_string();
    }
    Ok(SpecDiff {
        old: old_label,
        new: new_label,
        changes: compare(&old_snapshot, &new_snapshot),
    })
}

/// The release a spec directory holds, if its `SOURCE.json` (written by
/// `sync`) or a `vX.Y` folder on its path says; else the path.
fn label(dir: &Path) -> String {
    (crate::release::recorded_release(dir))
        .or_else(|| crate::release::release_folder(dir))
        .unwrap_or_else(|| dir.display().to_string())
}

/// All changes between two flattened specs.
pub fn compare(old: &Snapshot, new: &Snapshot) -> Vec<SpecChange> {
    let mut changes = Changes::default();
    let keys: BTreeSet<&String> = old.events.keys().chain(new.events.keys()).collect();
    for key in keys {
        match (old.events.get(key), new.events.get(key)) {
            (None, Some(added)) => changes.add(
                Found::harmless(ChangeKind::EventAdded, "event added"),
                key,
                "",
                &added.file,
                (added.file.clone(), String::new()),
            ),
            (Some(removed), None) => changes.add(
                Found {
                    kind: ChangeKind::EventRemoved,
                    detail: "event removed".to_owned(),
                    breaking: true,
                    wire_compatible: true,
                    note: Some("events of this type now deserialize as unknown events".to_owned()),
                },
                key,
                "",
                &removed.file,
                (removed.file.clone(), String::new()),
            ),
            (Some(before), Some(after)) => compare_event(key, before, after, &mut changes),
            (None, None) => {}
        }
    }
    let keys: BTreeSet<&String> = (old.operations.keys())
        .chain(new.operations.keys())
        .collect();
    for key in keys {
        let endpoint = |o: &walk::OperationShape| format!("{} {}", o.method, o.path);
        match (old.operations.get(key), new.operations.get(key)) {
            (None, Some(added)) => changes.add(
                Found::harmless(
                    ChangeKind::OperationAdded,
                    format!("endpoint added: {}", endpoint(added)),
                ),
                key,
                "",
                &added.shape.file,
                added.origin.clone(),
            ),
            (Some(removed), None) => changes.add(
                Found {
                    kind: ChangeKind::OperationRemoved,
                    detail: format!("endpoint removed: {}", endpoint(removed)),
                    // Its module goes, and servers no longer answer it.
                    breaking: true,
                    wire_compatible: false,
                    note: None,
                },
                key,
                "",
                &removed.shape.file,
                removed.origin.clone(),
            ),
            (Some(before), Some(after)) => {
                if endpoint(before) != endpoint(after) {
                    changes.add(
                        Found {
                            kind: ChangeKind::OperationMoved,
                            detail: format!(
                                "endpoint moved: {} -> {}",
                                endpoint(before),
                                endpoint(after)
                            ),
                            // Only `METADATA` changes in the Rust API; a
                            // request sent the old way is not answered.
                            breaking: false,
                            wire_compatible: false,
                            note: None,
                        },
                        key,
                        "",
                        &after.shape.file,
                        after.origin.clone(),
                    );
                }
                compare_event(key, &before.shape, &after.shape, &mut changes);
            }
            (None, None) => {}
        }
    }
    changes.finish()
}

fn compare_event(key: &str, old: &EventShape, new: &EventShape, changes: &mut Changes) {
    let paths: BTreeSet<&String> = old.positions.keys().chain(new.positions.keys()).collect();
    // Positions whose type changed, and whether old values still read.
    // Paths are in order, so a list or a map comes before its items or
    // values.
    let mut retyped: HashMap<&String, bool> = HashMap::new();
    // Each change is filed under the place its schema is written: in the
    // new spec, except for a removed field, which only the old one has.
    for path in paths {
        match (old.positions.get(path), new.positions.get(path)) {
            (Some(before), Some(after)) => {
                for found in compare_position(before, after) {
                    if found.kind == ChangeKind::TypeChanged {
                        retyped.insert(path, found.wire_compatible);
                        // The items' new type is the list's, which says it
                        // (`Vec<String>` -> `Vec<UserId>`): one change,
                        // unless the items' says more (old items refused).
                        let container = (after.parent.as_ref()).filter(|_| !after.is_property);
                        let said = container.and_then(|c| retyped.get(c));
                        if said.is_some_and(|wire| found.wire_compatible || !wire) {
                            continue;
                        }
                    }
                    changes.add(found, key, path, &new.file, after.origin.clone());
                }
            }
            (None, Some(after)) if after.is_property && holds_fields(after, old) => {
                changes.add(
                    field_added(after),
                    key,
                    path,
                    &new.file,
                    after.origin.clone(),
                );
            }
            (Some(before), None) if before.is_property && holds_fields(before, new) => {
                changes.add(
                    Found {
                        kind: ChangeKind::FieldRemoved,
                        detail: format!("field removed (was {})", describe(before)),
                        breaking: true,
                        // Generated structs keep undeclared properties.
                        wire_compatible: true,
                        note: None,
                    },
                    key,
                    path,
                    &old.file,
                    before.origin.clone(),
                );
            }
            // Positions below a field that was added or removed, or whose
            // type changed, are part of that one change.
            _ => {}
        }
    }
}

/// Whether the other spec has this position's parent as an object with
/// fields, so that this position's appearing or vanishing is a field added
/// or removed, and not part of a larger change above it.
fn holds_fields(position: &Facts, other: &EventShape) -> bool {
    let Some(parent) = position
        .parent
        .as_ref()
        .and_then(|p| other.positions.get(p))
    else {
        return false;
    };
    parent.json_types.is_empty() || parent.json_types.contains(&JsonType::Object)
}

/// A change found at one position, before grouping.
struct Found {
    kind: ChangeKind,
    detail: String,
    breaking: bool,
    wire_compatible: bool,
    note: Option<String>,
}

impl Found {
    /// A change that neither breaks code nor refuses old events.
    fn harmless(kind: ChangeKind, detail: impl Into<String>) -> Found {
        Found {
            kind,
            detail: detail.into(),
            breaking: false,
            wire_compatible: true,
            note: None,
        }
    }
}

fn field_added(after: &Facts) -> Found {
    let spec_required = after.required;
    // The generated field is what matters to code and to old events: an
    // override may keep a field the spec requires optional.
    let optional = after.rust.as_ref().map_or(!spec_required, |r| r.optional);
    let note = match (&after.rust, spec_required && optional) {
        (Some(rust), true) => Some(with_spec_view(
            optional_note(rust.default.as_ref()),
            true,
            false,
        )),
        _ => None,
    };
    Found {
        kind: ChangeKind::FieldAdded,
        detail: format!(
            "field added ({}, {})",
            if spec_required {
                "required"
            } else {
                "optional"
            },
            describe(after)
        ),
        // A required field is a new parameter of `new()`.
        breaking: !optional,
        wire_compatible: optional,
        note,
    }
}

/// Adds how the change would be classified from the schemas alone, for
/// notes on changes the generated code absorbs (through an override).
fn with_spec_view(note: String, breaking: bool, wire_compatible: bool) -> String {
    format!(
        "{note} (from the schemas alone: {}, {})",
        if breaking { "breaking" } else { "non-breaking" },
        if wire_compatible {
            "wire-compatible"
        } else {
            "not wire-compatible"
        }
    )
}

fn optional_note(default: Option<&serde_json::Value>) -> String {
    match default {
        Some(value) => format!(
            "the generated field stays optional: a missing value means {}",
            match value {
                serde_json::Value::String(s) => format!("`{s}`"),
                other => format!("`{other}`"),
            }
        ),
        None => "the generated field stays optional".to_owned(),
    }
}

fn compare_position(old: &Facts, new: &Facts) -> Vec<Found> {
    let mut found = Vec::new();
    let both_rust = old.rust.as_ref().zip(new.rust.as_ref());

    if old.is_property && new.is_property && old.required != new.required {
        let (old_optional, new_optional) = match both_rust {
            Some((a, b)) => (a.optional, b.optional),
            None => (!old.required, !new.required),
        };
        let note = (old_optional == new_optional).then(|| {
            let note = if new_optional {
                optional_note(new.rust.as_ref().and_then(|r| r.default.as_ref()))
            } else {
                "the generated field stays required".to_owned()
            };
            with_spec_view(note, true, !new.required || old.required)
        });
        let (kind, detail) = if new.required {
            (ChangeKind::OptionalToRequired, "optional -> required")
        } else {
            (ChangeKind::RequiredToOptional, "required -> optional")
        };
        found.push(Found {
            kind,
            detail: detail.to_owned(),
            // `T` <-> `Option<T>`, and a `new()` parameter more or less.
            breaking: old_optional != new_optional,
            // Old events lacking the field are fine if the new field is
            // optional, or if the old spec required it anyway.
            wire_compatible: new_optional || !old_optional,
            note,
        });
    }

    let old_enum = !old.enum_values.is_empty();
    let new_enum = !new.enum_values.is_empty();
    let rust_changed = both_rust.is_some_and(|(a, b)| a.shape != b.shape);
    let type_changed = old.json_types != new.json_types || old_enum != new_enum || rust_changed;
    if type_changed {
        let mut detail = format!("type {} -> {}", describe(old), describe(new));
        let mut note = None;
        if let Some((a, b)) = both_rust {
            if a.display != b.display {
                detail.push_str(&format!(" (Rust `{}` -> `{}`)", a.display, b.display));
            }
            if !rust_changed {
                let unchanged = format!(
                    "the generated type is unchanged: `{}` accepts {}",
                    b.display,
                    type_list(b.accepts.iter().copied())
                );
                let spec_wire = spec_accepts(old).is_subset(&spec_accepts(new));
                note = Some(with_spec_view(unchanged, true, spec_wire));
            }
        }
        let accepts = |f: &Facts| match &f.rust {
            Some(r) => r.accepts.clone(),
            None => spec_accepts(f),
        };
        found.push(Found {
            kind: ChangeKind::TypeChanged,
            detail,
            breaking: match both_rust {
                Some(_) => rust_changed,
                None => true,
            },
            wire_compatible: accepts(old).is_subset(&accepts(new)),
            note,
        });
    } else if old_enum && new_enum {
        let added: Vec<&str> = new
            .enum_values
            .iter()
            .filter(|v| !old.enum_values.contains(v))
            .map(String::as_str)
            .collect();
        let removed: Vec<&str> = old
            .enum_values
            .iter()
            .filter(|v| !new.enum_values.contains(v))
            .map(String::as_str)
            .collect();
        if !added.is_empty() {
            // Enums are open: code matching on them already handles
            // unknown values, and old events never hold the new ones.
            found.push(Found::harmless(
                ChangeKind::EnumValuesAdded,
                format!("values added: {}", added.join(", ")),
            ));
        }
        if !removed.is_empty() {
            // A removed value removes an enum variant, unless the generated
            // type holds no enum at all. The shape names kinds, not type
            // names, so `enum` in it means an enum (maybe inside a `Vec`).
            let is_enum = new.rust.as_ref().map_or(true, |r| r.shape.contains("enum"));
            found.push(Found {
                kind: ChangeKind::EnumValuesRemoved,
                detail: format!("values removed: {}", removed.join(", ")),
                breaking: is_enum,
                // Open enums keep values they do not list.
                wire_compatible: true,
                note: None,
            });
        }
    }

    if old.deprecated != new.deprecated {
        let (kind, detail) = if new.deprecated {
            (ChangeKind::Deprecated, "deprecated")
        } else {
            (ChangeKind::Undeprecated, "no longer deprecated")
        };
        // `#[deprecated]` warns; it does not stop a build.
        found.push(Found::harmless(kind, detail));
    }

    let names: BTreeSet<&str> = old
        .annotations
        .keys()
        .chain(new.annotations.keys())
        .copied()
        .collect();
    let changed: Vec<&str> = names
        .into_iter()
        .filter(|name| old.annotations.get(name) != new.annotations.get(name))
        .collect();
    if !changed.is_empty() {
        found.push(Found::harmless(
            ChangeKind::AnnotationsChanged,
            format!("{} changed", changed.join(", ")),
        ));
    }
    found
}

/// A position's type in the spec's words: `string`, `integer | null`,
/// `string enum (a, b)`.
fn describe(facts: &Facts) -> String {
    let types = if facts.json_types.is_empty() {
        "any".to_owned()
    } else {
        type_list(facts.json_types.iter().copied())
    };
    if facts.enum_values.is_empty() {
        return types;
    }
    const LISTED: usize = 8;
    let values = if facts.enum_values.len() <= LISTED {
        facts.enum_values.join(", ")
    } else {
        format!("{} values", facts.enum_values.len())
    };
    format!("{types} enum ({values})")
}

fn type_list(types: impl Iterator<Item = JsonType>) -> String {
    types.map(|t| t.name()).collect::<Vec<_>>().join(" | ")
}

/// Collects changes, merging the same change made in one place and seen
/// in many events.
#[derive(Default)]
struct Changes {
    list: Vec<SpecChange>,
    /// The event file of each location, to tell shared origins apart.
    event_files: Vec<Vec<SpecPath>>,
    origins: Vec<SpecPath>,
    by_key: HashMap<GroupKey, usize>,
}

/// Two changes are one when they were made at the same place in the same
/// file and say the same.
#[derive(PartialEq, Eq, Hash)]
struct GroupKey {
    origin: (SpecPath, String),
    kind: ChangeKind,
    detail: String,
    note: Option<String>,
    breaking: bool,
    wire_compatible: bool,
}

impl Changes {
    fn add(
        &mut self,
        found: Found,
        event: &str,
        path: &str,
        event_file: &SpecPath,
        origin: (SpecPath, String),
    ) {
        let location = Location {
            event: event.to_owned(),
            path: path.to_owned(),
        };
        let key = GroupKey {
            origin: origin.clone(),
            kind: found.kind.clone(),
            detail: found.detail.clone(),
            note: found.note.clone(),
            breaking: found.breaking,
            wire_compatible: found.wire_compatible,
        };
        if let Some(&i) = self.by_key.get(&key) {
            self.list[i].locations.push(location);
            self.event_files[i].push(event_file.clone());
            return;
        }
        self.by_key.insert(key, self.list.len());
        self.list.push(SpecChange {
            kind: found.kind,
            detail: found.detail,
            locations: vec![location],
            defined_in: None,
            breaking: found.breaking,
            wire_compatible: found.wire_compatible,
            note: found.note,
        });
        self.event_files.push(vec![event_file.clone()]);
        self.origins.push(origin.0);
    }

    fn finish(mut self) -> Vec<SpecChange> {
        for (i, change) in self.list.iter_mut().enumerate() {
            let origin = &self.origins[i];
            if self.event_files[i].iter().any(|f| f != origin) {
                change.defined_in = Some(origin.to_string());
            }
        }
        self.list
    }
}
