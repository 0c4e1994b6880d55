//! Folders of one's own event schemas beside the spec's
//! (`Builder::extra_schemas`, `generate --extra-schemas`): their events join
//! the spec's, their `$ref`s reach the spec's core schemas, and every clash
//! is an error naming both files.

mod support;

use std::path::Path;

use matrix_codegen::{Builder, Error};
use support::{run, sample_spec, stderr, stdout, temp_dir, write};

/// A message-like event on the spec's core room event, by its own path.
const NOTE: &str = "type: object
description: A note pinned by our own client.
allOf:
  - $ref: core-event-schema/room_event.yaml
properties:
  content:
    type: object
    properties:
      text:
        type: string
        description: What the note says.
    required: [text]
  type:
    type: string
    enum: [org.example.note]
";

/// Account data, told apart from the other plain events by `x-event-kinds`.
const SETTINGS: &str = "type: object
description: Settings our client keeps per account.
x-event-kinds: [global_account_data]
allOf:
  - $ref: core-event-schema/event.yaml
properties:
  content:
    type: object
    properties:
      theme:
        type: string
  type:
    type: string
    enum: [org.example.settings]
";

fn own_events(root: &Path) -> std::path::PathBuf {
    let dir = root.join("own");
    write(&dir, "schema/org.example.note.yaml", NOTE);
    write(&dir, "schema/org.example.settings.yaml", SETTINGS);
    write(
        &dir,
        "examples/org.example.note.yaml",
        r#"{"$ref": "core/room_event.json", "type": "org.example.note", "content": {"text": "buy milk"}}"#,
    );
    dir
}

fn first_error(result: Result<matrix_codegen::Generated, Error>) -> String {
    match result {
        Ok(_) => panic!("generation succeeded"),
        Err(e) => (e.diagnostics.iter())
            .find(|d| d.severity == matrix_codegen::Severity::Error)
            .expect("an error")
            .one_line(),
    }
}

#[test]
fn own_events_join_the_spec_in_every_dispatch_enum() {
    let root = temp_dir("join");
    let own = own_events(&root);
    let generated = Builder::new()
        .spec_dir(sample_spec())
        .extra_schemas(&own)
        .generate()
        .unwrap();
    let code = &generated.code;
    // Content, aliases, dispatch variants, kinds and the spec's envelope
    // fields reached through the core schema.
    assert!(
        code.contains("pub struct OrgExampleNoteEventContent"),
        "{code}"
    );
    assert!(code.contains("OrgExampleNote(org::example::note::OrgExampleNoteEvent)"));
    assert!(code.contains("OrgExampleNote(org::example::note::SyncOrgExampleNoteEvent)"));
    assert!(code.contains(r#"("org.example.note", &[EventKind::MessageLike])"#));
    assert!(code.contains(r#"("org.example.settings", &[EventKind::GlobalAccountData])"#));
    assert!(code.contains("OrgExampleSettings(org::example::settings::OrgExampleSettingsEvent)"));
    // The example is merged with the spec's core example and shown.
    assert!(code.contains("From the spec's `org.example.note.yaml`"));
    assert!(code.contains("\"buy milk\""));
    // `x-event-kinds` says the kind, so nothing warns about it.
    assert!(
        !generated
            .warnings
            .iter()
            .any(|w| w.message.contains("org.example")),
        "{:#?}",
        generated.warnings
    );
    // The build script watches the extra folder's files too.
    assert!(generated
        .inputs
        .contains(&own.join("schema/org.example.note.yaml")));
    assert!(generated
        .inputs
        .contains(&own.join("examples/org.example.note.yaml")));
}

#[test]
fn an_empty_extra_folder_changes_nothing() {
    let root = temp_dir("empty");
    let empty = root.join("empty");
    std::fs::create_dir_all(empty.join("schema")).unwrap();
    let plain = Builder::new().spec_dir(sample_spec()).generate().unwrap();
    let with = Builder::new()
        .spec_dir(sample_spec())
        .extra_schemas(&empty)
        .generate()
        .unwrap();
    assert!(plain.code == with.code, "the code differs");
    assert_eq!(plain.index, with.index);
}

#[test]
fn clashes_are_errors_naming_both_files() {
    let root = temp_dir("clash");
    let spec = sample_spec();
    let hangup = spec.join("event-schemas/schema/m.call.hangup.yaml");

    // A file the spec has.
    let same_name = root.join("same-name");
    write(&same_name, "schema/m.call.hangup.yaml", NOTE);
    let err = first_error(
        Builder::new()
            .spec_dir(&spec)
            .extra_schemas(&same_name)
            .generate(),
    );
    let ours = same_name.join("schema/m.call.hangup.yaml");
    assert!(err.contains(&ours.display().to_string()), "{err}");
    assert!(err.contains(&hangup.display().to_string()), "{err}");

    // An event type the spec has, in a file of another name.
    let same_type = root.join("same-type");
    write(
        &same_type,
        "schema/org.example.hangup.yaml",
        NOTE.replace("[org.example.note]", "[m.call.hangup]"),
    );
    let err = first_error(
        Builder::new()
            .spec_dir(&spec)
            .extra_schemas(&same_type)
            .generate(),
    );
    assert!(
        err.contains(
            &same_type
                .join("schema/org.example.hangup.yaml")
                .display()
                .to_string()
        ),
        "{err}"
    );
    assert!(err.contains("m.call.hangup.yaml"), "{err}");
    assert!(
        err.contains("defines the event type `m.call.hangup`"),
        "{err}"
    );

    // Two extra folders with one file.
    let (a, b) = (root.join("a"), root.join("b"));
    write(&a, "schema/org.example.note.yaml", NOTE);
    write(&b, "schema/org.example.note.yaml", NOTE);
    let err = first_error(
        Builder::new()
            .spec_dir(&spec)
            .extra_schemas(&a)
            .extra_schemas(&b)
            .generate(),
    );
    assert!(err.contains(&a.join("schema/org.example.note.yaml").display().to_string()));
    assert!(err.contains(&b.join("schema/org.example.note.yaml").display().to_string()));

    // An unstable name that is another event's type.
    let alias = root.join("alias");
    write(
        &alias,
        "schema/org.example.note.yaml",
        NOTE.replacen(
            "type: object\n",
            "type: object\nx-event-type-aliases: [m.call.hangup]\n",
            1,
        ),
    );
    let err = first_error(
        Builder::new()
            .spec_dir(&spec)
            .extra_schemas(&alias)
            .generate(),
    );
    assert!(err.contains("reads the type `m.call.hangup`"), "{err}");
    assert!(
        err.contains(
            &alias
                .join("schema/org.example.note.yaml")
                .display()
                .to_string()
        ),
        "{err}"
    );
    assert!(err.contains("m.call.hangup.yaml"), "{err}");

    // The same, from an event whose type sorts before the one it takes.
    let early = root.join("early");
    write(
        &early,
        "schema/a.example.note.yaml",
        NOTE.replace("[org.example.note]", "[a.example.note]")
            .replacen(
                "type: object\n",
                "type: object\nx-event-type-aliases: [m.call.hangup]\n",
                1,
            ),
    );
    let err = first_error(
        Builder::new()
            .spec_dir(&spec)
            .extra_schemas(&early)
            .generate(),
    );
    assert!(err.contains("reads the type `m.call.hangup`"), "{err}");

    // Two event types with one Rust name.
    let names = root.join("names");
    write(
        &names,
        "schema/org.example.foo_bar.yaml",
        NOTE.replace("[org.example.note]", "[org.example.foo_bar]"),
    );
    write(
        &names,
        "schema/org.example.foo.bar.yaml",
        NOTE.replace("[org.example.note]", "[org.example.foo.bar]"),
    );
    let err = first_error(
        Builder::new()
            .spec_dir(&spec)
            .extra_schemas(&names)
            .generate(),
    );
    assert!(err.contains("the Rust name `OrgExampleFooBar`"), "{err}");
    assert!(err.contains(
        &names
            .join("schema/org.example.foo_bar.yaml")
            .display()
            .to_string()
    ));
    assert!(err.contains(
        &names
            .join("schema/org.example.foo.bar.yaml")
            .display()
            .to_string()
    ));
}

#[test]
fn a_spec_event_can_be_replaced_when_the_builder_allows_it() {
    let root = temp_dir("replace");
    let own = root.join("own");
    let hangup =
        std::fs::read_to_string(sample_spec().join("event-schemas/schema/m.call.hangup.yaml"))
            .unwrap();
    // Our hangup has one field more.
    let ours = hangup.replacen(
        "properties:",
        "properties:\n  ignored_by_us: {type: object}",
        1,
    );
    write(&own, "schema/m.call.hangup.yaml", &ours);
    let generated = Builder::new()
        .spec_dir(sample_spec())
        .extra_schemas(&own)
        .replace_spec_events(true)
        .generate()
        .unwrap();
    assert!(generated
        .inputs
        .contains(&own.join("schema/m.call.hangup.yaml")));
    assert!(generated.code.contains("ignored_by_us"));

    // A file of another name defining a spec event type replaces it too.
    let other = root.join("other");
    write(
        &other,
        "schema/org.example.hangup.yaml",
        NOTE.replace("[org.example.note]", "[m.call.hangup]"),
    );
    let generated = Builder::new()
        .spec_dir(sample_spec())
        .extra_schemas(&other)
        .replace_spec_events(true)
        .generate()
        .unwrap();
    assert!(generated.code.contains("pub struct CallHangupEventContent"));
    assert!(generated.code.contains("/// What the note says."));
    assert!(!generated.code.contains("pub enum Reason"));
}

#[test]
fn problems_in_own_files_name_them_where_they_are() {
    let root = temp_dir("errors");
    let own = root.join("own");
    write(
        &own,
        "schema/org.example.broken.yaml",
        "type: object\nproperties: {content: [1, 2\n",
    );
    let err = first_error(
        Builder::new()
            .spec_dir(sample_spec())
            .extra_schemas(&own)
            .generate(),
    );
    let file = own.join("schema/org.example.broken.yaml");
    assert!(
        err.starts_with(&format!("{}:3:1: is not valid YAML", file.display())),
        "{err}"
    );

    let kinds = root.join("kinds");
    write(
        &kinds,
        "schema/org.example.settings.yaml",
        SETTINGS.replace("[global_account_data]", "[global_account_data, account]"),
    );
    let err = first_error(
        Builder::new()
            .spec_dir(sample_spec())
            .extra_schemas(&kinds)
            .generate(),
    );
    assert!(err.contains("#/x-event-kinds/1"), "{err}");
    assert!(err.contains("`account` is not an event kind"), "{err}");

    let missing = root.join("nowhere");
    let err = first_error(
        Builder::new()
            .spec_dir(sample_spec())
            .extra_schemas(&missing)
            .generate(),
    );
    assert!(err.contains("does not exist"), "{err}");
}

#[test]
fn the_cli_generates_and_diffs_with_extra_folders() {
    let root = temp_dir("cli");
    let own = own_events(&root);
    let out = root.join("out");
    let spec = sample_spec();
    let output = run(&[
        "generate",
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--extra-schemas",
        own.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let code = std::fs::read_to_string(out.join("matrix_events.rs")).unwrap();
    assert!(code.contains("pub struct OrgExampleNoteEventContent"));

    // Our own schema gains a required field: reported like a spec change.
    let before = root.join("before");
    write(&before, "schema/org.example.note.yaml", NOTE);
    write(&before, "schema/org.example.settings.yaml", SETTINGS);
    write(
        &own,
        "schema/org.example.note.yaml",
        NOTE.replace(
            "    required: [text]",
            "      pinned_at:\n        type: integer\n    required: [text, pinned_at]",
        ),
    );
    let spec = spec.to_str().unwrap();
    let output = run(&[
        "diff",
        spec,
        spec,
        "--old-extra-schemas",
        before.to_str().unwrap(),
        "--extra-schemas",
        own.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("org.example.note\n  content.pinned_at: field added"),
        "{text}"
    );
}
