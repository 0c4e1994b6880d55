//! `matrix-codegen diff`: small spec pairs written here, one kind of change
//! each, and, when `MATRIX_SPEC_ROOT` is set, real releases.

use std::path::{Path, PathBuf};

mod support;

use support::{copy_dir, run, stdout, temp_dir, write};

use matrix_codegen::diff::{diff_dirs, is_operation, ChangeKind, SpecChange, SpecDiff};

/// Writes a spec `data/` folder: `files` are (path under
/// `event-schemas/schema/`, YAML).
fn spec(root: &Path, name: &str, files: &[(&str, String)]) -> PathBuf {
    let data = root.join(name);
    for (rel, text) in files {
        write(&data.join("event-schemas/schema"), rel, text);
    }
    data
}

/// An event schema with the given content properties (YAML, indented to sit
/// under `properties:`) and `required` list.
fn event(event_type: &str, properties: &str, required: &[&str]) -> String {
    format!(
        "type: object
description: The {event_type} event.
properties:
  content:
    type: object
    properties:
{properties}
    required: [{}]
  type:
    type: string
    enum: [{event_type}]
",
        required.join(", ")
    )
}

/// The old side of most fixtures.
const OLD_PROPS: &str = "      body:
        type: string
        description: The text.
      level:
        type: integer
      mode:
        type: string
        enum: [fast, slow]
      gone:
        type: string
      later:
        type: string
      thing:
        $ref: components/thing.yaml
      counts:
        type: object
        additionalProperties:
          type: integer
      either:
        type: [string, 'null']";

fn thing(extra: &str) -> String {
    format!("type: object\ntitle: Thing\nproperties:\n  name:\n    type: string\n{extra}")
}

/// `m.other`, whose content refers to the shared `components/thing.yaml`.
fn other_event() -> (&'static str, String) {
    let thing = "      thing:\n        $ref: components/thing.yaml";
    ("m.other.yaml", event("m.other", thing, &[]))
}

fn old_spec(root: &Path) -> PathBuf {
    spec(
        root,
        "old",
        &[
            ("m.test.yaml", event("m.test", OLD_PROPS, &["body"])),
            other_event(),
            ("components/thing.yaml", thing("")),
        ],
    )
}

fn find<'d>(diff: &'d SpecDiff, kind: ChangeKind, path: &str) -> &'d SpecChange {
    diff.changes
        .iter()
        .find(|c| c.kind == kind && c.locations.iter().any(|l| l.path == path))
        .unwrap_or_else(|| panic!("no {kind:?} at {path} in {:#?}", diff.changes))
}

#[test]
fn field_enum_and_type_changes_are_found_and_classified() {
    let root = temp_dir("api");
    let old = old_spec(&root);
    let new_props = OLD_PROPS
        .replace("      gone:\n        type: string\n", "")
        .replace("enum: [fast, slow]", "enum: [slow, turbo]")
        .replace(
            "      level:\n        type: integer",
            "      level:\n        type: string",
        )
        + "
      note:
        type: string
      token:
        type: string";
    let new = spec(
        &root,
        "new",
        &[
            (
                "m.test.yaml",
                event("m.test", &new_props, &["body", "later", "token"]),
            ),
            other_event(),
            ("components/thing.yaml", thing("")),
            (
                "m.new.yaml",
                event("m.new", "      body:\n        type: string", &["body"]),
            ),
        ],
    );
    let diff = diff_dirs(&old, &new).unwrap();

    let added = find(&diff, ChangeKind::EventAdded, "");
    assert_eq!(added.events(), ["m.new"]);
    assert!(!added.breaking && added.wire_compatible);

    let optional = find(&diff, ChangeKind::FieldAdded, "content.note");
    assert!(
        !optional.breaking && optional.wire_compatible,
        "{optional:?}"
    );
    let required = find(&diff, ChangeKind::FieldAdded, "content.token");
    assert!(
        required.breaking && !required.wire_compatible,
        "{required:?}"
    );

    let removed = find(&diff, ChangeKind::FieldRemoved, "content.gone");
    assert!(removed.breaking && removed.wire_compatible, "{removed:?}");

    let now_required = find(&diff, ChangeKind::OptionalToRequired, "content.later");
    assert!(now_required.breaking && !now_required.wire_compatible);

    let values_added = find(&diff, ChangeKind::EnumValuesAdded, "content.mode");
    assert_eq!(values_added.detail, "values added: turbo");
    assert!(!values_added.breaking && values_added.wire_compatible);
    let values_removed = find(&diff, ChangeKind::EnumValuesRemoved, "content.mode");
    assert_eq!(values_removed.detail, "values removed: fast");
    assert!(values_removed.breaking && values_removed.wire_compatible);

    let retyped = find(&diff, ChangeKind::TypeChanged, "content.level");
    assert!(
        retyped.detail.starts_with("type integer -> string"),
        "{retyped:?}"
    );
    assert!(retyped.breaking && !retyped.wire_compatible);

    // Nothing else: unchanged fields and the unchanged event say nothing.
    assert_eq!(diff.api_changes().count(), 8, "{:#?}", diff.changes);
    assert!(diff.changes.iter().all(|c| c.events() != ["m.other"]));
}

/// A list whose items change type is one change, with the list's Rust
/// type (`Vec<i64>` -> `Vec<Number>`), not one for the list and one for its
/// items; the items' own change is kept only when it says more, that old
/// items no longer read.
#[test]
fn a_list_whose_items_change_type_is_one_change() {
    let root = temp_dir("items");
    let list = |items: &str, other: &str| {
        format!(
            "      nums:\n        type: array\n        items:\n          type: {items}\n      \
             words:\n        type: array\n        items:\n          type: {other}"
        )
    };
    let old = spec(
        &root,
        "old",
        &[(
            "m.test.yaml",
            event("m.test", &list("integer", "integer"), &[]),
        )],
    );
    let new = spec(
        &root,
        "new",
        &[(
            "m.test.yaml",
            event("m.test", &list("number", "string"), &[]),
        )],
    );
    let diff = diff_dirs(&old, &new).unwrap();
    let retyped: Vec<&SpecChange> = (diff.changes.iter())
        .filter(|c| c.kind == ChangeKind::TypeChanged)
        .collect();
    let at = |path: &str| -> Vec<&&SpecChange> {
        (retyped.iter())
            .filter(|c| c.locations.iter().any(|l| l.path == path))
            .collect()
    };

    let nums = at("content.nums");
    assert_eq!(nums.len(), 1, "{retyped:#?}");
    assert!(
        nums[0].detail.contains("`Vec<i64>` -> `Vec<Number>`"),
        "{:?}",
        nums[0]
    );
    assert!(nums[0].breaking && nums[0].wire_compatible, "{:?}", nums[0]);
    assert!(at("content.nums[]").is_empty(), "{retyped:#?}");

    // Old integer items do not read as strings: that is said, once.
    let words = [at("content.words"), at("content.words[]")].concat();
    assert!(!words.is_empty(), "{retyped:#?}");
    assert_eq!(
        words.iter().filter(|c| !c.wire_compatible).count(),
        1,
        "{retyped:#?}"
    );
}

#[test]
fn a_change_in_a_shared_definition_is_reported_once() {
    let root = temp_dir("shared");
    let old = old_spec(&root);
    let new = spec(
        &root,
        "new",
        &[
            ("m.test.yaml", event("m.test", OLD_PROPS, &["body"])),
            other_event(),
            (
                "components/thing.yaml",
                thing("  size:\n    type: integer\n"),
            ),
        ],
    );
    let diff = diff_dirs(&old, &new).unwrap();

    let api: Vec<&SpecChange> = diff.api_changes().collect();
    assert_eq!(api.len(), 1, "{api:#?}");
    let change = api[0];
    assert_eq!(change.kind, ChangeKind::FieldAdded);
    assert_eq!(change.events(), ["m.other", "m.test"]);
    assert_eq!(
        change.defined_in.as_deref(),
        Some("event-schemas/schema/components/thing.yaml")
    );

    let text = diff.render(matrix_codegen::diff::Format::Text, false);
    assert_eq!(text.matches("content.thing.size").count(), 1, "{text}");
    assert!(
        text.contains("components/thing.yaml, shared by 2 events: m.other, m.test"),
        "{text}"
    );
}

#[test]
fn descriptions_and_spelling_show_only_with_all() {
    let root = temp_dir("quiet");
    let old = old_spec(&root);
    // Same API, written differently: new descriptions, an annotation, a
    // reordered type list, `$schema`, and the map as `patternProperties`.
    let new_props = OLD_PROPS
        .replace("description: The text.", "description: The text, reworded.\n        x-changedInMatrixVersion: {\"1.9\": Reworded.}")
        .replace("type: [string, 'null']", "type: ['null', string]")
        .replace(
            "        additionalProperties:\n          type: integer",
            "        patternProperties:\n          \"^.*$\":\n            type: integer",
        );
    let new_event = event("m.test", &new_props, &["body"])
        .replace(
            "description: The m.test event.",
            "description: The test event.",
        )
        .replacen(
            "type: object\n",
            "$schema: http://json-schema.org/draft-04/schema#\ntype: object\n",
            1,
        );
    let new = spec(
        &root,
        "new",
        &[
            ("m.test.yaml", new_event),
            other_event(),
            ("components/thing.yaml", thing("")),
        ],
    );

    let diff = diff_dirs(&old, &new).unwrap();
    assert_eq!(diff.api_changes().count(), 0, "{:#?}", diff.changes);
    assert!(
        !diff.changes.is_empty(),
        "description changes are still found"
    );

    let (o, n) = (old.to_str().unwrap(), new.to_str().unwrap());
    let quiet = run(&["diff", o, n]);
    assert_eq!(quiet.status.code(), Some(0));
    let text = stdout(&quiet);
    assert!(text.starts_with("No API changes"), "{text}");
    assert!(!text.contains("description changed"), "{text}");

    let all = stdout(&run(&["diff", o, n, "--all"]));
    assert!(
        all.contains("content.body: description, x-changedInMatrixVersion changed"),
        "{all}"
    );
    assert!(all.contains("content.counts: map keys changed"), "{all}");
    assert!(!all.contains("content.either"), "{all}");
}

#[test]
fn formats_and_exit_codes() {
    let root = temp_dir("formats");
    let old = old_spec(&root);
    let new = spec(
        &root,
        "new",
        &[
            (
                "m.test.yaml",
                event("m.test", OLD_PROPS, &["body", "later"]),
            ),
            ("components/thing.yaml", thing("")),
        ],
    );
    let (o, n) = (old.to_str().unwrap(), new.to_str().unwrap());

    let json = run(&["diff", o, n, "--format", "json"]);
    assert_eq!(json.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(value["summary"]["api_changes"], 2, "{value:#}");
    assert_eq!(value["summary"]["breaking"], 2, "{value:#}");
    let kinds: Vec<&str> = value["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["event_removed", "optional_to_required"]);

    let markdown = stdout(&run(&["diff", o, n, "--format", "markdown"]));
    assert!(markdown.contains("#### Breaking changes"), "{markdown}");
    assert!(
        markdown.contains("- `m.test` `content.later`: optional -> required."),
        "{markdown}"
    );

    assert_eq!(run(&["diff", o, "/no/such/spec"]).status.code(), Some(1));
    assert_eq!(
        run(&["diff", o, n, "--format", "yaml"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["diff", o]).status.code(), Some(2));
}

/// The real releases, when the test runner has them.
fn release(name: &str) -> Option<PathBuf> {
    let root = std::env::var_os("MATRIX_SPEC_ROOT")?;
    Some(Path::new(&root).join(name).join("data"))
}

#[test]
fn v1_6_to_v1_7_names_the_call_changes() {
    let (Some(old), Some(new)) = (release("v1.6"), release("v1.7")) else {
        eprintln!("MATRIX_SPEC_ROOT is not set; skipped");
        return;
    };
    let output = run(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let line = |needle: &str| {
        text.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle:?} in\n{text}"))
    };
    assert!(text.contains("m.call.reject\n  event added"), "{text}");
    assert!(line("content.reason: values added")
        .contains("ice_timeout, user_hangup, user_media_failed, user_busy, unknown_error"));
    let classified = |l: &str| l.ends_with("wire-compatible]") && l.contains("breaking, ");
    assert!(classified(line("content.reason: optional -> required")));
    assert!(classified(line("content.party_id: field added")));
    assert!(line("content.party_id: field added").contains("breaking"));
    assert!(line("content.version: type integer -> string").contains("wire-compatible"));

    let json = run(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(json.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let changes = value["changes"].as_array().unwrap();
    assert!(!changes.is_empty());
    for change in changes {
        assert!(change["breaking"].is_boolean() && change["wire_compatible"].is_boolean());
    }
}

#[test]
fn every_release_pair_diffs_and_description_only_releases_show_nothing() {
    let Some(root) = std::env::var_os("MATRIX_SPEC_ROOT") else {
        eprintln!("MATRIX_SPEC_ROOT is not set; skipped");
        return;
    };
    let root = PathBuf::from(root);
    let description_only = [("v1.5", "v1.6"), ("v1.12", "v1.13"), ("v1.16", "v1.17")];
    for minor in 1..18 {
        let (old, new) = (format!("v1.{minor}"), format!("v1.{}", minor + 1));
        let diff = diff_dirs(&root.join(&old).join("data"), &root.join(&new).join("data"))
            .unwrap_or_else(|e| panic!("{old} -> {new}: {e}"));
        // The HTTP APIs change in every release; the events not always.
        let api = (diff.api_changes())
            .filter(|c| c.locations.iter().any(|l| !is_operation(&l.event)))
            .count();
        if description_only.contains(&(old.as_str(), new.as_str())) {
            assert_eq!(api, 0, "{old} -> {new}: {:#?}", diff.changes);
        } else {
            assert!(api > 0, "{old} -> {new} found no change");
        }
    }
}

#[test]
fn a_string_that_gains_an_identifier_format_is_breaking_but_wire_compatible() {
    let root = temp_dir("ids");
    let formats = "mx-user-id:\n  title: User ID\n";
    let props = "      owner:\n        type: string\n      levels:\n        type: object\n        patternProperties:\n          \"^@\":\n            type: integer";
    let old = spec(
        &root,
        "old",
        &[("m.test.yaml", event("m.test", props, &["owner"]))],
    );
    write(&old, "string-formats.yaml", formats);
    let typed = props
        .replace(
            "owner:\n        type: string",
            "owner:\n        type: string\n        format: mx-user-id",
        )
        .replace(
            "\"^@\":\n",
            "\"^@\":\n            x-pattern-format: mx-user-id\n",
        );
    let new = spec(
        &root,
        "new",
        &[("m.test.yaml", event("m.test", &typed, &["owner"]))],
    );
    write(&new, "string-formats.yaml", formats);
    let diff = diff_dirs(&old, &new).unwrap();

    let owner = find(&diff, ChangeKind::TypeChanged, "content.owner");
    assert!(owner.detail.contains("`String` -> `UserId`"), "{owner:?}");
    assert!(owner.breaking && owner.wire_compatible, "{owner:?}");
    let levels = find(&diff, ChangeKind::TypeChanged, "content.levels");
    assert!(
        levels
            .detail
            .contains("`BTreeMap<String, i64>` -> `BTreeMap<UserId, i64>`"),
        "{levels:?}"
    );
    assert!(levels.breaking && levels.wire_compatible, "{levels:?}");
}

#[test]
fn v1_18_to_v1_19_reports_identifier_types() {
    let (Some(old), Some(new)) = (release("v1.18"), release("v1.19")) else {
        eprintln!("MATRIX_SPEC_ROOT is not set; skipped");
        return;
    };
    let diff = diff_dirs(&old, &new).unwrap();
    let creator = diff
        .api_changes()
        .find(|c| c.events() == ["m.room.create"] && c.detail.contains("`String` -> `UserId`"))
        .unwrap_or_else(|| {
            panic!(
                "m.room.create's creator is not reported: {:#?}",
                diff.changes
            )
        });
    assert!(creator.breaking && creator.wire_compatible, "{creator:?}");
}

/// The HTTP API fixture, and a copy changed in three ways: an endpoint
/// added, a body field made required, a path changed.
#[test]
fn endpoints_added_moved_and_made_stricter_are_found_and_classified() {
    let root = temp_dir("endpoints");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/http_api");
    let (old, new) = (root.join("old"), root.join("new"));
    copy_dir(&fixture, &old);
    copy_dir(&fixture, &new);
    let notes = new.join("api/client-server/notes.yaml");
    let text = std::fs::read_to_string(&notes).unwrap();
    let changed = text
        .replace("              required: [text]\n", "              required: [text, colour]\n")
        .replace("  \"/notes/{noteId}\":\n", "  \"/notes/{noteId}/forget\":\n")
        .replace(
            "servers:\n",
            "  \"/rooms/{roomId}/notes/{noteId}/pin\":\n    post:\n      operationId: pinNote\n      parameters:\n        - $ref: \"#/components/parameters/roomId\"\n        - in: path\n          name: noteId\n          required: true\n          schema:\n            type: string\n      responses:\n        \"200\":\n          description: Pinned.\nservers:\n",
        );
    assert_eq!(changed.matches("pinNote").count(), 1, "the fixture changed");
    std::fs::write(&notes, changed).unwrap();
    let diff = diff_dirs(&old, &new).unwrap();

    let added = diff
        .changes
        .iter()
        .find(|c| c.kind == ChangeKind::OperationAdded)
        .expect("pinNote added");
    assert_eq!(added.events(), ["client-server pinNote"]);
    assert_eq!(
        added.detail,
        "endpoint added: POST /_matrix/client/v3/rooms/{roomId}/notes/{noteId}/pin"
    );
    assert!(!added.breaking && added.wire_compatible, "{added:?}");

    let moved = diff
        .changes
        .iter()
        .find(|c| c.kind == ChangeKind::OperationMoved)
        .expect("deleteNote moved");
    assert_eq!(moved.events(), ["client-server deleteNote"]);
    assert_eq!(
        moved.detail,
        "endpoint moved: DELETE /_matrix/client/v3/notes/{noteId} -> DELETE /_matrix/client/v3/notes/{noteId}/forget"
    );
    assert!(!moved.breaking && !moved.wire_compatible, "{moved:?}");

    let required = find(&diff, ChangeKind::OptionalToRequired, "request.body.colour");
    assert_eq!(required.events(), ["client-server putNote"]);
    // A new parameter of `new()`, and old requests without it are refused.
    assert!(
        required.breaking && !required.wire_compatible,
        "{required:?}"
    );
    assert_eq!(diff.api_changes().count(), 3, "{:#?}", diff.changes);

    let text = stdout(&run(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
    ]));
    assert!(
        text.contains("client-server putNote\n  request.body.colour: optional -> required  [breaking, not wire-compatible]"),
        "{text}"
    );
}

#[test]
fn v1_18_to_v1_19_lists_the_new_endpoint() {
    let (Some(old), Some(new)) = (release("v1.18"), release("v1.19")) else {
        eprintln!("MATRIX_SPEC_ROOT is not set; skipped");
        return;
    };
    let diff = diff_dirs(&old, &new).unwrap();
    let added: Vec<&str> = (diff.changes.iter())
        .filter(|c| c.kind == ChangeKind::OperationAdded)
        .map(|c| c.detail.as_str())
        .collect();
    assert_eq!(
        added,
        ["endpoint added: GET /_matrix/client/v1/mutual_rooms"]
    );
    let send = (diff.changes.iter())
        .find(|c| c.events() == ["client-server sendMessage"] && c.kind == ChangeKind::TypeChanged)
        .expect("sendMessage's changes");
    assert_eq!(send.locations[0].path, "request.path.roomId");
    assert!(send.detail.contains("`String` -> `RoomId`"), "{send:?}");
    assert!(send.breaking && send.wire_compatible, "{send:?}");
}
