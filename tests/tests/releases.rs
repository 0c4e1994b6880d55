//! Every spec release under `MATRIX_SPEC_ROOT` generates without errors, and
//! the same input always gives the same bytes. `.ci/run` sets the variable;
//! without it these tests say so and check nothing.

use std::path::PathBuf;

use matrix_codegen::Builder;

fn releases() -> Option<Vec<(String, PathBuf)>> {
    let root = PathBuf::from(std::env::var_os("MATRIX_SPEC_ROOT")?);
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("MATRIX_SPEC_ROOT={}: {e}", root.display()))
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name().into_string().ok()?;
            let data = e.path().join("data");
            (name.starts_with('v') && data.is_dir()).then_some((name, data))
        })
        .collect();
    found.sort_by_key(|(name, _)| {
        name[1..]
            .split('.')
            .map(|p| p.parse::<u32>().unwrap_or(0))
            .collect::<Vec<_>>()
    });
    assert!(
        !found.is_empty(),
        "MATRIX_SPEC_ROOT={} holds no vX.Y/data folders",
        root.display()
    );
    Some(found)
}

#[test]
fn every_release_generates_deterministically() {
    let Some(releases) = releases() else {
        eprintln!("MATRIX_SPEC_ROOT is not set; no release was checked");
        return;
    };
    for (name, data) in &releases {
        let builder = Builder::new().spec_dir(data).spec_version(name.clone());
        let first = builder
            .generate()
            .unwrap_or_else(|e| panic!("{name} fails to generate:\n{e}"));
        let second = builder.generate().unwrap();
        assert_eq!(first.code, second.code, "{name}: two runs differ");
        assert!(
            first.stats.events >= 40,
            "{name}: only {} events",
            first.stats.events
        );
        eprintln!(
            "{name}: {} events, {} types, {} warnings",
            first.stats.events,
            first.stats.types,
            first.warnings.len()
        );
    }
}
