//! Command-line front end of the generator.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use matrix_codegen::{Builder, CheckOutcome, Error, Generated};

// Generating is mostly syn and prettyplease allocating and freeing small
// nodes on two threads; mimalloc does that in about two thirds of glibc's
// time (BENCHMARKS.md). Build scripts keep their own allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generate Rust types for Matrix events from the Matrix specification.
#[derive(Parser)]
#[command(
    name = "matrix-codegen",
    version,
    about,
    after_help = "Updating to a new spec release:\n  matrix-codegen sync --from https://github.com/matrix-org/matrix-spec/archive/refs/tags/v1.18.tar.gz --to spec\n  matrix-codegen diff old-spec spec --format markdown\n  matrix-codegen generate --spec spec --out src/generated\n  MATRIX_SPEC_DIR=spec cargo run -p matrix-events --example roundtrip -- spec"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate Rust code from a spec directory.
    ///
    /// Examples:
    ///   matrix-codegen generate --spec spec --out generated/out
    ///   matrix-codegen generate --spec ../matrix-spec/data --out src/gen --check
    #[command(verbatim_doc_comment)]
    Generate {
        /// The spec's `data/` directory.
        #[arg(long, default_value = "spec")]
        spec: PathBuf,
        /// Directory the generated file is written to.
        #[arg(long)]
        out: PathBuf,
        /// Write nothing; exit with 1 if the file in --out is missing or stale.
        #[arg(long)]
        check: bool,
        /// Name of the generated file.
        #[arg(long, default_value = matrix_codegen::DEFAULT_FILE_NAME)]
        file_name: String,
        /// Spec release for links in docs (e.g. v1.18). Default: the release
        /// recorded by `sync` in the spec's SOURCE.json, else `latest`.
        #[arg(long)]
        spec_version: Option<String>,
        /// A folder of your own event schemas, laid out like the spec's
        /// `event-schemas/` (`schema/`, `examples/`); may be given more than once.
        #[arg(long, value_name = "DIR")]
        extra_schemas: Vec<PathBuf>,
        /// Let a schema of --extra-schemas replace the spec's of the same
        /// name or event type, instead of failing.
        #[arg(long)]
        replace_spec_events: bool,
        /// Also generate an HTTP API's operations: `client-server`,
        /// `server-server`, `application-service`, `identity`,
        /// `push-gateway`, or `all`; may be given more than once.
        #[arg(long, value_name = "API")]
        api: Vec<String>,
        /// With --api: also generate each operation's conversions to and
        /// from the `http` crate's requests and responses.
        #[arg(long)]
        http: bool,
        /// Print only errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Replace a spec folder with another release of the spec.
    ///
    /// Copies `event-schemas/` (schemas and examples) and every file the
    /// schemas reference. The new folder is built beside DIR and renamed into
    /// place, so a failed sync leaves DIR as it was. DIR/SOURCE.json records
    /// the source, its release when known, and a hash of the files.
    ///
    /// Examples:
    ///   matrix-codegen sync --from ../matrix-spec
    ///   matrix-codegen sync --from ../matrix-spec/data --to spec
    ///   matrix-codegen sync --from https://github.com/matrix-org/matrix-spec/archive/refs/tags/v1.18.tar.gz
    #[command(verbatim_doc_comment)]
    Sync {
        /// A spec checkout (holding `data/`), a spec `data/` folder, or the
        /// http(s) URL of a release tarball (.tar.gz).
        #[arg(long, value_name = "SOURCE")]
        from: String,
        /// The spec folder to replace.
        #[arg(long, value_name = "DIR", default_value = "spec")]
        to: PathBuf,
        /// Print only errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Show what changed in the generated API between two spec folders.
    ///
    /// Compares events, fields, types, required/optional, enum values and
    /// deprecations, and says for each change whether it breaks Rust code
    /// using the generated types and whether events valid under OLD still
    /// deserialize under NEW. Changes to descriptions and annotations only
    /// are shown with --all.
    ///
    /// Examples:
    ///   matrix-codegen diff spec ../matrix-spec/data
    ///   matrix-codegen diff old-spec spec --format markdown >> CHANGELOG.md
    ///   matrix-codegen diff old-spec spec --format json --all
    #[command(verbatim_doc_comment)]
    Diff {
        /// The old spec's `data/` folder.
        old: PathBuf,
        /// The new spec's `data/` folder.
        new: PathBuf,
        /// How to print the changes: text, json or markdown.
        #[arg(long, default_value = "text")]
        format: matrix_codegen::diff::Format,
        /// Also show changes to descriptions and annotations only.
        #[arg(long)]
        all: bool,
        /// A folder of your own event schemas read with both specs (see
        /// `generate --extra-schemas`); may be given more than once.
        #[arg(long, value_name = "DIR")]
        extra_schemas: Vec<PathBuf>,
        /// Your own schemas as they were, read with OLD instead of
        /// --extra-schemas: a change to them is reported like a spec change.
        #[arg(long, value_name = "DIR")]
        old_extra_schemas: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Sync { from, to, quiet } => sync(&from, &to, quiet),
        Command::Diff {
            old,
            new,
            format,
            all,
            extra_schemas,
            old_extra_schemas,
        } => {
            let old_extra = if old_extra_schemas.is_empty() {
                &extra_schemas
            } else {
                &old_extra_schemas
            };
            diff((&old, old_extra), (&new, &extra_schemas), format, all)
        }
        Command::Generate {
            spec,
            out,
            check,
            file_name,
            spec_version,
            extra_schemas,
            replace_spec_events,
            api,
            http,
            quiet,
        } => {
            let mut builder = Builder::new()
                .spec_dir(spec)
                .file_name(file_name)
                .replace_spec_events(replace_spec_events)
                .http(http);
            for dir in extra_schemas {
                builder = builder.extra_schemas(dir);
            }
            for name in api {
                builder = match name.as_str() {
                    "all" => builder.apis(matrix_codegen::load::API_NAMES),
                    _ => builder.apis([name]),
                };
            }
            if let Some(version) = spec_version {
                builder = builder.spec_version(version);
            }
            generate(&builder, &out, check, quiet)
        }
    }
}

fn generate(builder: &Builder, out: &std::path::Path, check: bool, quiet: bool) -> ExitCode {
    if check {
        match builder.check(out) {
            Ok((generated, outcomes)) => {
                report_warnings(&generated, quiet);
                let mut ok = true;
                for (name, outcome) in outcomes {
                    let path = out.join(&name);
                    match outcome {
                        CheckOutcome::UpToDate => {
                            if !quiet {
                                eprintln!("{} is up to date", path.display());
                            }
                        }
                        CheckOutcome::Missing => {
                            eprintln!("error: {} is missing; run `matrix-codegen generate` without --check", path.display());
                            ok = false;
                        }
                        CheckOutcome::Stale { line } => {
                            eprintln!("error: {} is stale (first difference at line {line}); run `matrix-codegen generate` without --check", path.display());
                            ok = false;
                        }
                    }
                }
                if ok {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                }
            }
            Err(error) => fail(&error),
        }
    } else {
        match builder.write_to(out) {
            Ok((generated, report)) => {
                report_warnings(&generated, quiet);
                if !quiet {
                    let s = generated.stats;
                    let n = report.written.len();
                    let written = if n == 0 {
                        format!("0 files written ({} unchanged)", report.unchanged.len())
                    } else {
                        format!("{n} file{} written", if n == 1 { "" } else { "s" })
                    };
                    let operations = if s.operations.is_empty() {
                        String::new()
                    } else {
                        let per_api: Vec<String> = s
                            .operations
                            .iter()
                            .map(|(api, n)| format!("{api} {n}"))
                            .collect();
                        format!(", operations: {}", per_api.join(", "))
                    };
                    eprintln!(
                        "generated {} events{operations}, {} types ({} named from event types, {} from titles, {} from paths, {} from the generator's tables) for spec release {} ({}); {written} to {}; {} warnings; {:.1} ms",
                        s.events, s.types, s.named_from_event_type, s.named_from_title, s.named_from_path, s.from_tables,
                        generated.spec_version, generated.spec_version_source.describe(),
                        out.display(), generated.warnings.len(), s.elapsed.as_secs_f64() * 1000.0
                    );
                }
                ExitCode::SUCCESS
            }
            Err(error) => fail(&error),
        }
    }
}

fn report_warnings(generated: &Generated, quiet: bool) {
    if !quiet {
        for w in &generated.warnings {
            eprintln!("{w}");
        }
    }
}

fn fail(error: &Error) -> ExitCode {
    for d in &error.diagnostics {
        eprintln!("{d}");
    }
    let count = error.errors().count();
    eprintln!(
        "error: generation failed with {count} error{}; nothing was written",
        if count == 1 { "" } else { "s" }
    );
    ExitCode::from(1)
}

fn sync(from: &str, to: &std::path::Path, quiet: bool) -> ExitCode {
    match matrix_codegen::sync::sync(from, to) {
        Ok(report) => {
            if !quiet {
                for warning in &report.warnings {
                    eprintln!("warning: {warning}");
                }
                let r = &report.record;
                let release = r.release.as_deref().unwrap_or("release unknown");
                eprintln!(
                    "synced {} files from {} ({release}) into {}; sha256 {}; recorded in {}",
                    r.files,
                    r.source,
                    to.display(),
                    r.sha256,
                    to.join(matrix_codegen::sync::SOURCE_FILE).display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            if let Some(spec_errors) = &error.spec_errors {
                for d in &spec_errors.diagnostics {
                    eprintln!("{d}");
                }
            }
            eprintln!("error: {error}");
            eprintln!("error: sync failed; {} was left as it was", to.display());
            ExitCode::from(1)
        }
    }
}

fn diff(
    old: (&std::path::Path, &[PathBuf]),
    new: (&std::path::Path, &[PathBuf]),
    format: matrix_codegen::diff::Format,
    all: bool,
) -> ExitCode {
    match matrix_codegen::diff::diff_with_extra_schemas(old, new) {
        Ok(diff) => {
            print!("{}", diff.render(format, all));
            ExitCode::SUCCESS
        }
        Err(e) => {
            for d in &e.error.diagnostics {
                eprintln!("{d}");
            }
            eprintln!(
                "error: cannot compare: the spec in {} does not load",
                e.dir.display()
            );
            ExitCode::from(1)
        }
    }
}
