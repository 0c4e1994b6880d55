//! Every golden file of generated code is compiled by this crate
//! (`src/lib.rs`); this checks none was left out. The files themselves are
//! checked against the generator by `codegen/tests/golden.rs`.

use std::path::PathBuf;

fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
    names.sort();
    names
}

#[test]
fn every_golden_file_is_compiled() {
    let mut expected = vec!["sample".to_owned()];
    expected.extend(fixture_names());
    expected.sort();
    let mut compiled: Vec<String> = matrix_codegen_tests::GOLDEN_MODULES
        .iter()
        .map(|s| s.to_string())
        .collect();
    compiled.sort();
    assert_eq!(
        compiled, expected,
        "add a module for each fixture to tests/src/lib.rs so its golden file is compiled"
    );
}
