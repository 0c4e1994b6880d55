//! The `matrix-codegen` binary, end to end, on the sample spec.

mod support;

use support::{copy_dir, generate, run, sample_spec, stderr, temp_dir};

#[test]
fn generate_is_repeatable_and_check_detects_edits() {
    let out = temp_dir("check");
    let file = out.join("matrix_events.rs");

    let first = generate(&sample_spec(), &out, &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("2 files written"),
        "{}",
        stderr(&first)
    );
    assert!(
        out.join("matrix_events.md").is_file(),
        "the event index is written beside the code"
    );
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"// @generated"));

    let second = generate(&sample_spec(), &out, &[]);
    assert!(second.status.success());
    assert!(
        stderr(&second).contains("0 files written (2 unchanged)"),
        "{}",
        stderr(&second)
    );
    assert_eq!(std::fs::read(&file).unwrap(), bytes);

    let check = generate(&sample_spec(), &out, &["--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));

    let mut edited = String::from_utf8(bytes).unwrap();
    edited.push_str("// a hand edit\n");
    std::fs::write(&file, edited).unwrap();
    let check = generate(&sample_spec(), &out, &["--check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(stderr(&check).contains("is stale"), "{}", stderr(&check));

    std::fs::remove_file(&file).unwrap();
    let check = generate(&sample_spec(), &out, &["--check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(stderr(&check).contains("is missing"), "{}", stderr(&check));
    assert!(!file.exists(), "--check must not write");
}

#[test]
fn a_failed_run_leaves_earlier_output_untouched() {
    let out = temp_dir("atomic");
    let good = generate(&sample_spec(), &out, &[]);
    assert!(good.status.success());
    let before = std::fs::read(out.join("matrix_events.rs")).unwrap();

    // A copy of the sample with one schema broken.
    let spec = temp_dir("broken-spec");
    copy_dir(&sample_spec(), &spec);
    let hangup = spec.join("event-schemas/schema/m.call.hangup.yaml");
    std::fs::write(&hangup, "type: object\nproperties: [not, a, mapping]\n").unwrap();

    let bad = generate(&spec, &out, &[]);
    assert_eq!(bad.status.code(), Some(1));
    let message = stderr(&bad);
    assert!(
        message.contains(
            "event-schemas/schema/m.call.hangup.yaml#/properties: `properties` must be a mapping"
        ),
        "{message}"
    );
    assert!(!message.contains("panicked"), "{message}");
    assert_eq!(std::fs::read(out.join("matrix_events.rs")).unwrap(), before);
    let mut entries: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    entries.sort();
    assert_eq!(
        entries,
        ["matrix_events.md", "matrix_events.rs"],
        "no temporary files are left behind"
    );
}

#[test]
fn usage_errors_exit_2_and_input_errors_exit_1() {
    assert_eq!(run(&["generate"]).status.code(), Some(2));
    assert_eq!(run(&["no-such-command"]).status.code(), Some(2));
    let out = temp_dir("missing");
    let missing = generate(&out.join("nowhere"), &out, &[]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("does not exist"),
        "{}",
        stderr(&missing)
    );
}
