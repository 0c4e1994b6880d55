//! Broken spec directories, each built from the sample spec with one thing
//! wrong. For every one the CLI must exit 1 without panicking, name the file
//! and the place of the problem, and leave earlier output untouched.

mod support;

use std::path::Path;

use support::{copy_dir, generate, sample_spec, stderr, temp_dir, write};

const HANGUP: &str = "event-schemas/schema/m.call.hangup.yaml";

/// One broken spec: how to break it, and what the first error line must say.
struct Case {
    name: &'static str,
    breakage: fn(&Path),
    /// Text the first line of the message must contain (file and place).
    expect: &'static str,
}

/// The hangup event with its content replaced by `content` (YAML, indented
/// four spaces under `content:`).
fn hangup_with_content(spec: &Path, content: &str) {
    write(
        spec,
        HANGUP,
        format!(
            "type: object\nallOf:\n  - $ref: core-event-schema/room_event.yaml\nproperties:\n  content:\n{content}\n  type:\n    type: string\n    enum: [m.call.hangup]\n"
        ),
    );
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "yaml syntax error",
            breakage: |s| write(s, HANGUP, "type: object\nproperties: {content: [1, 2\n"),
            expect: "error: event-schemas/schema/m.call.hangup.yaml:3:1: is not valid YAML",
        },
        Case {
            name: "empty file",
            breakage: |s| write(s, HANGUP, "\n# nothing here\n"),
            expect: "error: event-schemas/schema/m.call.hangup.yaml: is empty",
        },
        Case {
            name: "binary file",
            breakage: |s| write(s, HANGUP, b"type: object\n\x00\x01\x02"),
            expect: "error: event-schemas/schema/m.call.hangup.yaml:2:1: contains a NUL byte",
        },
        Case {
            name: "not UTF-8",
            breakage: |s| write(s, HANGUP, b"type: object\ndescription: caf\xe9\n"),
            expect: "error: event-schemas/schema/m.call.hangup.yaml:2:17: is not valid UTF-8",
        },
        Case {
            name: "directory where a file should be",
            breakage: |s| {
                std::fs::create_dir_all(s.join("event-schemas/schema/components/folder.yaml")).unwrap();
                hangup_with_content(s, "    type: object\n    properties:\n      x:\n        $ref: components/folder.yaml");
            },
            expect: "error: event-schemas/schema/components/folder.yaml: is a directory",
        },
        Case {
            name: "event schema that is a directory",
            breakage: |s| {
                std::fs::remove_file(s.join("event-schemas/schema/m.call.answer.yaml")).unwrap();
                std::fs::create_dir_all(s.join("event-schemas/schema/m.call.answer.yaml")).unwrap();
            },
            expect: "error: event-schemas/schema/m.call.answer.yaml: is a directory, named like a schema file",
        },
        Case {
            name: "spec directory without event-schemas/schema",
            breakage: |s| std::fs::remove_dir_all(s.join("event-schemas")).unwrap(),
            expect: "has no `event-schemas/schema` folder",
        },
        Case {
            name: "$ref to a missing file",
            breakage: |s| hangup_with_content(s, "    $ref: core-event-schema/nowhere.yaml"),
            expect: "error: event-schemas/schema/m.call.hangup.yaml#/properties/content/$ref: `$ref: core-event-schema/nowhere.yaml` names `event-schemas/schema/core-event-schema/nowhere.yaml`, which does not exist",
        },
        Case {
            name: "$ref leaving the spec directory",
            breakage: |s| hangup_with_content(s, "    $ref: ../../../../etc/passwd"),
            expect: "error: event-schemas/schema/m.call.hangup.yaml#/properties/content/$ref: `$ref: ../../../../etc/passwd` points outside the spec directory",
        },
        Case {
            name: "$ref cycle",
            breakage: |s| {
                write(s, "event-schemas/schema/components/a.yaml", "type: object\nproperties:\n  b:\n    $ref: b.yaml\n");
                write(s, "event-schemas/schema/components/b.yaml", "type: object\nproperties:\n  a:\n    $ref: a.yaml\n");
                hangup_with_content(s, "    $ref: components/a.yaml");
            },
            expect: "#/properties/a/$ref: `$ref` cycle: event-schemas/schema/components/a.yaml -> event-schemas/schema/components/b.yaml -> event-schemas/schema/components/a.yaml",
        },
        Case {
            name: "type of the wrong kind",
            breakage: |s| hangup_with_content(s, "    type: 42"),
            expect: "error: event-schemas/schema/m.call.hangup.yaml#/properties/content/type: `type` must be a type name or a list of them, found a number",
        },
        Case {
            name: "unknown type name",
            breakage: |s| hangup_with_content(s, "    type: file"),
            expect: "error: event-schemas/schema/m.call.hangup.yaml#/properties/content/type: `type: file` is not a JSON Schema type",
        },
        Case {
            name: "properties as a list",
            breakage: |s| hangup_with_content(s, "    type: object\n    properties: [reason]"),
            expect: "error: event-schemas/schema/m.call.hangup.yaml#/properties/content/properties: `properties` must be a mapping of names to schemas, found a list",
        },
        Case {
            name: "required not a list",
            breakage: |s| hangup_with_content(s, "    type: object\n    properties:\n      reason: {type: string}\n    required: reason"),
            expect: "error: event-schemas/schema/m.call.hangup.yaml#/properties/content/required: `required` must be a list of property names, found a string",
        },
        Case {
            name: "enum not a list",
            breakage: |s| hangup_with_content(s, "    type: object\n    properties:\n      reason: {type: string, enum: user_hangup}"),
            expect: "error: event-schemas/schema/m.call.hangup.yaml#/properties/content/properties/reason/enum: `enum` must be a list of values, found a string",
        },
        Case {
            name: "$ref not a string",
            breakage: |s| hangup_with_content(s, "    $ref: 5"),
            expect: "error: event-schemas/schema/m.call.hangup.yaml#/properties/content/$ref: `$ref` must be a string, found a number",
        },
        Case {
            name: "allOf members that contradict each other",
            breakage: |s| hangup_with_content(s, "    allOf:\n      - type: string\n      - type: object"),
            expect: "error: event-schemas/schema/m.call.hangup.yaml#/properties/content: `allOf` members contradict each other",
        },
        Case {
            name: "a shape the generator cannot express (tuple items)",
            breakage: |s| hangup_with_content(s, "    type: object\n    properties:\n      pair:\n        type: array\n        items: [{type: string}, {type: integer}]"),
            expect: "error: event-schemas/schema/m.call.hangup.yaml#/properties/content/properties/pair/items: `items` as a list (a tuple) cannot be expressed",
        },
        Case {
            name: "deeply nested YAML",
            breakage: |s| write(s, HANGUP, format!("a: {}{}\n", "[".repeat(5000), "]".repeat(5000))),
            expect: "error: event-schemas/schema/m.call.hangup.yaml:1:",
        },
        Case {
            name: "alias bomb",
            breakage: |s| {
                let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
                for i in 1..12 {
                    let p = i - 1;
                    text.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
                }
                write(s, HANGUP, text);
            },
            expect: "error: event-schemas/schema/m.call.hangup.yaml",
        },
    ]
}

#[test]
fn every_broken_spec_is_reported_without_touching_output() {
    let root = temp_dir("bad");
    let out = root.join("out");
    let good = generate(&sample_spec(), &out, &[]);
    assert!(good.status.success());
    let before = std::fs::read(out.join("matrix_events.rs")).unwrap();

    let cases = cases();
    assert!(cases.len() >= 15);
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let spec = root.join(format!("spec{i}"));
        copy_dir(&sample_spec(), &spec);
        (case.breakage)(&spec);
        let started = std::time::Instant::now();
        let output = generate(&spec, &out, &[]);
        let elapsed = started.elapsed();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first_error = stderr
            .lines()
            .find(|l| l.starts_with("error:"))
            .unwrap_or("");
        println!(
            "{:<50} exit {:?} in {:>4} ms: {first_error}",
            case.name,
            output.status.code(),
            elapsed.as_millis()
        );
        let problems = [
            (output.status.code() != Some(1), "exit code is not 1"),
            (stderr.contains("panicked"), "panicked"),
            (
                !first_error.contains(case.expect),
                "first error does not name the expected file and place",
            ),
            (
                std::fs::read(out.join("matrix_events.rs")).unwrap() != before,
                "earlier output changed",
            ),
        ];
        for (failed, what) in problems {
            if failed {
                failures.push(format!(
                    "{}: {what}\n  expected: {}\n  stderr: {stderr}",
                    case.name, case.expect
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn missing_spec_directory_is_reported() {
    let output = generate(
        Path::new("/nonexistent/spec"),
        Path::new("/nonexistent/out"),
        &[],
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr(&output);
    assert!(
        stderr.starts_with("error: <spec>: spec directory `/nonexistent/spec` does not exist"),
        "{stderr}"
    );
}
