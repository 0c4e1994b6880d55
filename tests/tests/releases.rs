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

/// The operations of a release's API, counted from the files' text: every
/// `operationId:` line of the files directly in `api/<api>/`. Independent
/// of the generator's reading, so a missed or doubled operation shows.
fn operation_ids_in_text(data: &std::path::Path, api: &str) -> usize {
    let Ok(entries) = std::fs::read_dir(data.join("api").join(api)) else {
        return 0;
    };
    let mut ids = std::collections::BTreeSet::new();
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines() {
            if let Some(id) = line.trim_start().strip_prefix("operationId:") {
                ids.insert(id.trim().trim_matches('"').to_owned());
            }
        }
    }
    ids.len()
}

#[test]
fn every_release_generates_every_operation_of_every_api() {
    let Some(releases) = releases() else {
        eprintln!("MATRIX_SPEC_ROOT is not set; no release was checked");
        return;
    };
    for (name, data) in &releases {
        let generated = Builder::new()
            .spec_dir(data)
            .spec_version(name.clone())
            .apis(matrix_codegen::load::API_NAMES)
            .generate()
            .unwrap_or_else(|e| panic!("{name} fails to generate with its APIs:\n{e}"));
        let mut line = Vec::new();
        for (api, count) in &generated.stats.operations {
            assert_eq!(
                *count,
                operation_ids_in_text(data, api),
                "{name} {api}: operations generated against `operationId`s in the files"
            );
            line.push(format!("{api} {count}"));
        }
        assert_eq!(generated.stats.operations.len(), 5, "{name}");
        eprintln!("{name}: operations {}", line.join(", "));
        if name == "v1.1" || name == "v1.19" {
            // The counts SPEC-NOTES gives for the client-server API.
            let expected = if name == "v1.1" { 138 } else { 166 };
            assert_eq!(
                generated.stats.operations[0],
                ("client-server".to_owned(), expected)
            );
        }
    }
}
