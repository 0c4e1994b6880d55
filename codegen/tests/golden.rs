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
    // A fixture with endpoint files in `api/<api>/` has those APIs
    // generated too, with their HTTP conversions.
    let apis = (matrix_codegen::load::API_NAMES.into_iter()).filter(|api| {
        std::fs::read_dir(spec.join("api").join(api)).is_ok_and(|entries| {
            entries
                .filter_map(Result::ok)
                .any(|e| e.file_name().to_string_lossy().ends_with(".yaml"))
        })
    });
    let apis: Vec<&str> = apis.collect();
    Builder::new()
        .spec_dir(spec)
        .http(!apis.is_empty())
        .apis(apis)
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

/// What a golden file pins of the generated code: all of it but the
/// `__private` module at its end (and `__private_http` after it), which is the same in every file and is
/// pinned by its source, `codegen/src/emit/private_module.rs` (the tests
/// crate includes that file beside each golden module).
fn pinned(code: &str) -> &str {
    // With HTTP conversions, `__private_http` comes after it, pinned by
    // `codegen/src/emit/private_http.rs` in the same way.
    let code = code
        .strip_suffix(matrix_codegen::emit::private_http_text())
        .unwrap_or(code);
    code.strip_suffix(matrix_codegen::emit::private_module_text())
        .expect("the generated code ends with the `__private` module")
}

#[test]
fn sample_spec_matches_golden() {
    let generated = generate(&tests_dir().join("../spec"));
    expect_file!["../../tests/golden/sample.rs"].assert_eq(pinned(&generated.code));
}

#[test]
fn fixtures_match_golden() {
    for name in fixture_names() {
        let generated = generate(&tests_dir().join("fixtures").join(&name));
        expect_file![format!("../../tests/golden/{name}.rs")].assert_eq(pinned(&generated.code));
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

/// `Builder::generate` formats the file in parts on several threads; the
/// joined text must be what formatting the whole file at once gives (with
/// the `__private` module, which is copied as written, at the end), for
/// every fixture and, when `MATRIX_SPEC_ROOT` is set, every spec release.
#[test]
fn formatting_in_parts_gives_the_whole_file_text() {
    use matrix_codegen::{emit, events, format, load, model, overrides, resolve, Diagnostics};
    let mut specs: Vec<PathBuf> = vec![tests_dir().join("../spec")];
    specs.extend(
        fixture_names()
            .iter()
            .map(|n| tests_dir().join("fixtures").join(n)),
    );
    if let Some(root) = std::env::var_os("MATRIX_SPEC_ROOT") {
        let mut releases: Vec<PathBuf> = std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().path().join("data"))
            .filter(|p| p.is_dir())
            .collect();
        releases.sort();
        assert!(!releases.is_empty(), "no releases in MATRIX_SPEC_ROOT");
        specs.extend(releases);
    }
    for spec in &specs {
        let mut diags = Diagnostics::default();
        let files = load::SchemaLoader::new(spec).load(&mut diags).unwrap();
        let mut resolved = resolve::resolve(&files, &mut diags).unwrap();
        overrides::apply(&mut resolved, &overrides::spec_quirks(), &mut diags);
        let model = model::build(&resolved, &mut diags).unwrap();
        let layer = events::build(&model, &files.examples, &[], &mut diags);
        let options = emit::EmitOptions {
            spec_version: "v1.0".to_owned(),
            extra_derives: vec!["Eq".to_owned()],
            http: false,
        };
        let mut whole = format::format(emit::emit(&model, &layer, &options), "h").unwrap();
        whole.push_str(emit::private_module_text());
        let parts = emit::FileParts::new(&model, &layer, &options);
        assert!(parts.len() > 2, "{}: too few parts to test", spec.display());
        let joined =
            format::format_parts(parts.len(), |i| parts.weight(i), |i| parts.source(i), "h")
                .unwrap();
        assert!(whole == joined, "{}: the texts differ", spec.display());
    }
}
