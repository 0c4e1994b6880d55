//! Generates the crate's types from the spec in `MATRIX_SPEC_DIR`, or from
//! the sample in `../spec` when it is unset, with the event schemas of our
//! own in `../extra-schemas` beside it (`MATRIX_EXTRA_SCHEMAS` names other
//! folders, separated as in `PATH`, or none when set and empty).

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo::rerun-if-env-changed=MATRIX_SPEC_DIR");
    println!("cargo::rerun-if-env-changed=MATRIX_SPEC_VERSION");
    println!("cargo::rerun-if-env-changed=MATRIX_EXTRA_SCHEMAS");
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec_dir = std::env::var_os("MATRIX_SPEC_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| here.join("../spec"));
    let extra_dirs: Vec<PathBuf> = match std::env::var_os("MATRIX_EXTRA_SCHEMAS") {
        None => vec![here.join("../extra-schemas")],
        Some(dirs) => std::env::split_paths(&dirs)
            .filter(|dir| !dir.as_os_str().is_empty())
            .collect(),
    };
    let mut builder = matrix_codegen::Builder::new().spec_dir(spec_dir);
    for dir in extra_dirs {
        builder = builder.extra_schemas(dir);
    }
    // Cargo tells a build script its crate's features in the environment.
    let apis = matrix_codegen::load::API_NAMES.into_iter().filter(|api| {
        let feature = format!("CARGO_FEATURE_API_{}", api.to_uppercase().replace('-', "_"));
        std::env::var_os(feature).is_some()
    });
    builder = builder
        .apis(apis)
        .http(std::env::var_os("CARGO_FEATURE_HTTP").is_some());
    if let Ok(version) = std::env::var("MATRIX_SPEC_VERSION") {
        builder = builder.spec_version(version);
    }
    // Problems are reported as `cargo::error=` lines, which fail the build
    // without a backtrace or a dump of this script's output.
    let _ = builder.compile();
}
