//! The generated code for the sample spec and every fixture, pinned.
//!
//! A change to the generator's output shows up here as a diff to review.
//! Run `UPDATE_EXPECT=1 cargo test -p matrix-codegen --test golden` to
//! accept it. The files are compiled by the `matrix-codegen-tests` crate;
//! this test lives here so it can update them even when they no longer
//! compile.

use std::path::{Path, PathBuf};

use expect_test::expect_file;
use matrix_codegen::Builder;

fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests")
}

fn generate(spec: &Path) -> matrix_codegen::Generated {
    Builder::new()
        .spec_dir(spec)
        .generate()
        .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", spec.display()))
}

fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(tests_dir().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn sample_spec_matches_golden() {
    let generated = generate(&tests_dir().join("../spec"));
    expect_file!["../../tests/golden/sample.rs"].assert_eq(&generated.code);
}

#[test]
fn fixtures_match_golden() {
    for name in fixture_names() {
        let generated = generate(&tests_dir().join("fixtures").join(&name));
        expect_file![format!("../../tests/golden/{name}.rs")].assert_eq(&generated.code);
    }
}

#[test]
fn generation_is_deterministic_across_paths() {
    let relative = generate(Path::new("../spec")).code;
    assert!(relative.starts_with("// @generated"));
    let absolute = generate(&tests_dir().join("../spec").canonicalize().unwrap()).code;
    assert_eq!(
        relative, absolute,
        "output must not depend on how the spec path is spelled"
    );
    assert!(
        !relative.contains(env!("CARGO_MANIFEST_DIR")),
        "no absolute paths in the output"
    );
}
