// build.rs
fn main() {
    // The spec's `data/` folder: a checkout of the matrix-spec repository.
    let spec = std::env::var("MATRIX_SPEC_DIR").unwrap_or_else(|_| "matrix-spec/data".to_owned());
    println!("cargo::rerun-if-env-changed=MATRIX_SPEC_DIR");
    let builder = matrix_codegen::Builder::new()
        .spec_dir(spec)
        // Events the spec has no schema for (secret storage, polls), and our own.
        .extra_schemas("extra-schemas")
        .extra_schemas("events")
        .events([
            "m.call.*",
            "m.poll.*",
            "m.secret_storage.*",
            "com.example.*",
        ])
        .derive("Eq");
    // Errors are reported as `cargo::error=` lines; Cargo then fails the build.
    let _ = builder.compile();
}
