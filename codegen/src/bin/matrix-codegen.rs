//! Command-line front end of the generator.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use matrix_codegen::{Builder, CheckOutcome, Error, Generated, WriteOutcome};

/// Generate Rust types for Matrix events from the Matrix specification.
#[derive(Parser)]
#[command(name = "matrix-codegen", version, about)]
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
        /// Spec release for links in docs (e.g. v1.18).
        #[arg(long, default_value = "latest")]
        spec_version: String,
        /// Print only errors.
        #[arg(long, short)]
        quiet: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate {
            spec,
            out,
            check,
            file_name,
            spec_version,
            quiet,
        } => {
            let builder = Builder::new()
                .spec_dir(spec)
                .file_name(file_name)
                .spec_version(spec_version);
            generate(&builder, &out, check, quiet)
        }
    }
}

fn generate(builder: &Builder, out: &std::path::Path, check: bool, quiet: bool) -> ExitCode {
    let path = out.join(builder.get_file_name());
    if check {
        match builder.check(out) {
            Ok((generated, outcome)) => {
                report_warnings(&generated, quiet);
                match outcome {
                    CheckOutcome::UpToDate => {
                        if !quiet {
                            eprintln!("{} is up to date", path.display());
                        }
                        ExitCode::SUCCESS
                    }
                    CheckOutcome::Missing => {
                        eprintln!(
                            "error: {} is missing; run `matrix-codegen generate` without --check",
                            path.display()
                        );
                        ExitCode::from(1)
                    }
                    CheckOutcome::Stale { line } => {
                        eprintln!("error: {} is stale (first difference at line {line}); run `matrix-codegen generate` without --check", path.display());
                        ExitCode::from(1)
                    }
                }
            }
            Err(error) => fail(&error),
        }
    } else {
        match builder.write_to(out) {
            Ok((generated, outcome)) => {
                report_warnings(&generated, quiet);
                if !quiet {
                    let s = generated.stats;
                    let written = match outcome {
                        WriteOutcome::Written => "1 file written",
                        WriteOutcome::Unchanged => "0 files written (unchanged)",
                    };
                    eprintln!(
                        "generated {} events, {} types ({} named from event types, {} from titles, {} from paths); {written} to {}; {} warnings; {:.1} ms",
                        s.events, s.types, s.named_from_event_type, s.named_from_title, s.named_from_path,
                        path.display(), generated.warnings.len(), s.elapsed.as_secs_f64() * 1000.0
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
