//! Generates the crate's types from the spec in `MATRIX_SPEC_DIR`, or from
//! the sample in `../spec` when it is unset.

fn main() {
    println!("cargo::rerun-if-env-changed=MATRIX_SPEC_DIR");
    println!("cargo::rerun-if-env-changed=MATRIX_SPEC_VERSION");
    let spec_dir = std::env::var_os("MATRIX_SPEC_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec"));
    let mut builder = matrix_codegen::Builder::new().spec_dir(spec_dir);
    if let Ok(version) = std::env::var("MATRIX_SPEC_VERSION") {
        builder = builder.spec_version(version);
    }
    // Problems are reported as `cargo::error=` lines, which fail the build
    // without a backtrace or a dump of this script's output.
    let _ = builder.compile();
}
