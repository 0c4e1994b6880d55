//! The generator in memory: the whole of `Builder::generate` (load, resolve,
//! model, events, emit, format; no write) on the sample spec in `spec/` and,
//! when `MATRIX_SPEC_ROOT` is set, on its `v1.18/data`; then each stage on
//! its own, on the larger of the two, to show where the time goes.
//!
//! ```text
//! cargo bench -p matrix-codegen --bench generate
//! MATRIX_SPEC_ROOT=../shared/matrix-spec cargo bench -p matrix-codegen --bench generate
//! ```
//!
//! The stage benches call the stages' public functions the way
//! `Builder::generate` does; when a stage's signature changes, change it
//! here too.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use matrix_codegen::{emit, events, format, load, model, overrides, resolve, Diagnostics};

/// The release benchmarked from `MATRIX_SPEC_ROOT`.
const RELEASE: &str = "v1.18";

/// The specs to generate from, smallest first: `(name, data dir)`.
fn specs() -> Vec<(String, PathBuf)> {
    let mut specs = vec![(
        "sample".to_owned(),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec"),
    )];
    if let Some(root) = std::env::var_os("MATRIX_SPEC_ROOT") {
        let dir = PathBuf::from(root).join(RELEASE).join("data");
        assert!(
            dir.is_dir(),
            "MATRIX_SPEC_ROOT is set but {} is not a folder",
            dir.display()
        );
        specs.push((RELEASE.to_owned(), dir));
    }
    specs
}

fn generate(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    // A v1.18 run takes over 100 ms: fewer samples keep the bench short.
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(8));
    for (name, dir) in specs() {
        let builder = matrix_codegen::Builder::new().spec_dir(&dir);
        // Fail early, with the diagnostics, rather than time an error path.
        if let Err(e) = builder.generate() {
            panic!("generating from {} failed: {e}", dir.display());
        }
        group.bench_function(name, |b| {
            b.iter(|| black_box(builder.generate().expect("generates")))
        });
    }
    group.finish();
}

/// Each stage alone, its input made once beforehand. Results are dropped
/// outside the timing.
fn stages(c: &mut Criterion) {
    let (name, dir) = specs().pop().expect("the sample spec is always there");
    let version = if name == RELEASE { RELEASE } else { "latest" };
    let mut diags = Diagnostics::default();
    let loader = load::SchemaLoader::new(&dir);
    let files = loader.load(&mut diags).expect("loads");
    let mut resolved = resolve::resolve(&files, &mut diags).expect("resolves");
    overrides::apply(&mut resolved, &overrides::spec_quirks(), &mut diags);
    let model = model::build(&resolved, &mut diags).expect("builds the model");
    let layer = events::build(&model, &files.examples, &[], &mut diags);
    let options = emit::EmitOptions {
        spec_version: version.to_owned(),
        extra_derives: Vec::new(),
        http: false,
    };
    let tokens = emit::emit(&model, &layer, &options);
    let file: syn::File = syn::parse2(tokens.clone()).expect("the tokens are Rust");

    let mut group = c.benchmark_group(format!("stages/{name}"));
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(5));
    let per_run = BatchSize::PerIteration;
    group.bench_function("load", |b| {
        b.iter_batched(
            Diagnostics::default,
            |mut d| loader.load(&mut d).expect("loads"),
            per_run,
        )
    });
    group.bench_function("resolve", |b| {
        b.iter_batched(
            Diagnostics::default,
            |mut d| resolve::resolve(&files, &mut d).expect("resolves"),
            per_run,
        )
    });
    group.bench_function("model_and_events", |b| {
        b.iter_batched(
            Diagnostics::default,
            |mut d| {
                let model = model::build(&resolved, &mut d).expect("builds the model");
                let layer = events::build(&model, &files.examples, &[], &mut d);
                (model, layer)
            },
            per_run,
        )
    });
    group.bench_function("emit", |b| {
        b.iter_batched(|| (), |()| emit::emit(&model, &layer, &options), per_run)
    });
    group.bench_function("syn_parse", |b| {
        b.iter_batched(
            || tokens.clone(),
            |tokens| syn::parse2::<syn::File>(tokens).expect("the tokens are Rust"),
            per_run,
        )
    });
    group.bench_function("prettyplease", |b| {
        b.iter_batched(|| (), |()| prettyplease::unparse(&file), per_run)
    });
    // What `Builder::generate` does instead of the three above: emit, parse
    // and print each part of the file on whichever thread is free.
    let parts = emit::FileParts::new(&model, &layer, &options);
    group.bench_function("emit_and_format_in_parts", |b| {
        b.iter(|| {
            format::format_parts(parts.len(), |i| parts.weight(i), |i| parts.source(i), "")
                .expect("formats")
        })
    });
    group.finish();
}

criterion_group!(benches, generate, stages);
criterion_main!(benches);
