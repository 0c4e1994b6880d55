//! Generates Rust types for Matrix events from the Matrix specification's
//! event schemas.
//!
//! The generator is a pipeline; each stage is a module and hands its result
//! to the next:
//!
//! 1. [`load`]: read every schema file (YAML) under `event-schemas/schema/`
//!    and every file they reference;
//! 2. [`resolve`]: follow `$ref`, merge `allOf`, and produce typed schemas;
//!    then [`overrides`] corrects the spec's known quirks;
//! 3. [`model`]: build a type space of named Rust types;
//! 4. [`events`]: add the Matrix event layer: kinds, envelopes, variant
//!    families, dispatch enums;
//! 5. [`emit`]: turn the model and event layer into Rust tokens;
//! 6. [`format`](mod@format): print them with prettyplease;
//! 7. [`write`](mod@write): put the file in place atomically, or check it.
//!
//! [`Builder`] drives the pipeline, for a `build.rs` and the CLI alike.
//!
//! In a `build.rs`:
//!
//! ```no_run
//! // Errors are reported to Cargo, which then fails the build.
//! let _ = matrix_codegen::Builder::new().spec_dir("spec").compile();
//! ```

#[cfg(feature = "api")]
pub mod api;
pub mod diagnostics;
#[cfg(feature = "cli")]
pub mod diff;
mod docs;
pub mod emit;
pub mod events;
pub mod format;
pub mod ids;
pub mod load;
pub mod model;
mod names;
pub mod overrides;
mod parallel;
pub mod relations;
pub mod release;
pub mod resolve;
#[cfg(feature = "cli")]
pub mod sync;
pub mod write;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use diagnostics::{Diagnostic, Diagnostics, Error, Place, Severity};
pub use events::EventKind;
pub use overrides::{Change, Override};
pub use write::{CheckOutcome, WriteOutcome};

/// The file name generated code is written to unless told otherwise.
pub const DEFAULT_FILE_NAME: &str = "matrix_events.rs";

/// Configures and runs the generator.
///
/// ```
/// use matrix_codegen::{Builder, Change, Override};
///
/// let generated = Builder::new()
///     .spec_dir("../spec")
///     .events(["m.call.hangup", "m.call.reject"])
///     .derive("Eq")
///     .add_override(Override::new(
///         "m.call.reject",
///         &["content", "party_id"],
///         Change::RustName("sender_party".into()),
///         "a clearer name in our code base",
///     ))
///     .generate()?;
/// assert_eq!(generated.stats.events, 2);
/// assert!(generated.code.contains("pub struct CallHangupEventContent"));
/// assert!(generated.code.contains("pub sender_party: String"));
/// assert!(generated.index.contains("[`m.call.reject`]"));
/// # Ok::<(), matrix_codegen::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Builder {
    spec_dir: PathBuf,
    file_name: String,
    spec_version: Option<String>,
    overrides: Vec<Override>,
    derives: Vec<String>,
    events: Vec<String>,
    event_kinds: Vec<(String, Vec<events::EventKind>)>,
    extra_schemas: Vec<PathBuf>,
    replace_spec_events: bool,
    apis: Vec<String>,
    http: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            spec_dir: PathBuf::from("spec"),
            file_name: DEFAULT_FILE_NAME.to_owned(),
            spec_version: None,
            overrides: overrides::defaults(),
            derives: Vec::new(),
            events: Vec::new(),
            event_kinds: Vec::new(),
            extra_schemas: Vec::new(),
            replace_spec_events: false,
            apis: Vec::new(),
            http: false,
        }
    }
}

/// The result of a successful generation, held in memory.
#[derive(Debug)]
pub struct Generated {
    /// The formatted Rust source.
    pub code: String,
    /// A Markdown index of the events by kind, for the crate's docs
    /// (`#![doc = include_str!(...)]`); written beside the code as `.md`.
    pub index: String,
    /// The release named in doc links (`v1.19`, or `latest`).
    pub spec_version: String,
    /// Where [`Generated::spec_version`] came from.
    pub spec_version_source: SpecVersionSource,
    /// Every file that was read, for `cargo:rerun-if-changed`.
    pub inputs: Vec<PathBuf>,
    /// Problems that did not stop generation.
    pub warnings: Vec<Diagnostic>,
    pub stats: Stats,
    /// When APIs are generated: their example bodies, each with the type
    /// that reads it, as Rust source for a checking tool (the
    /// `roundtrip_api` example of `matrix-events`); written beside the code
    /// as `<name>_api_examples.rs`.
    pub api_examples: Option<String>,
}

/// Where the release named in doc links came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpecVersionSource {
    /// [`Builder::spec_version`] (`--spec-version`, `MATRIX_SPEC_VERSION`).
    Option,
    /// The spec folder's `SOURCE.json`, written by `matrix-codegen sync`.
    SourceFile,
    /// Neither said: `latest`.
    Default,
}

impl SpecVersionSource {
    /// Where the release came from, for a summary line.
    pub fn describe(self) -> &'static str {
        match self {
            SpecVersionSource::Option => "as given",
            SpecVersionSource::SourceFile => "from SOURCE.json",
            SpecVersionSource::Default => "no SOURCE.json and none given",
        }
    }
}

/// Which files a write changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
}

/// Counts describing what was generated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Event types (variant files of a family count once, with their base).
    pub events: usize,
    /// Structs, open enums and unions from the schemas; the event layer's
    /// envelopes, dispatch and family enums come on top.
    pub types: usize,
    /// Types named from the event type (content types).
    pub named_from_event_type: usize,
    /// Types named from a schema `title`.
    pub named_from_title: usize,
    /// Types named from their property path or file name.
    pub named_from_path: usize,
    /// Types from the generator's own tables (the relation types).
    pub from_tables: usize,
    /// The operations generated per HTTP API asked for, by folder name,
    /// in [`load::API_NAMES`] order.
    pub operations: Vec<(String, usize)>,
    pub elapsed: Duration,
}

impl Builder {
    pub fn new() -> Self {
        Self::default()
    }

    /// The spec's `data/` directory (holding `event-schemas/schema/`).
    pub fn spec_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.spec_dir = dir.into();
        self
    }

    /// The name of the generated file; `matrix_events.rs` by default.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = name.into();
        self
    }

    /// The spec release the schemas come from (`v1.18`), used to make the
    /// spec's relative links absolute. Unless set, it is the release
    /// `matrix-codegen sync` recorded in the spec's `SOURCE.json`, else a
    /// `vX.Y` folder in the spec directory's path, else `latest`.
    pub fn spec_version(mut self, version: impl Into<String>) -> Self {
        self.spec_version = Some(version.into());
        self
    }

    /// Adds a derive to every generated struct and enum, e.g. `"Eq"` or
    /// `"schemars::JsonSchema"`. The derive must work for every field type
    /// (`serde_json::Value` has no `Hash`, for instance).
    pub fn derive(mut self, path: impl Into<String>) -> Self {
        self.derives.push(path.into());
        self
    }

    /// Also generates the types of these HTTP APIs, by their folder name
    /// under the spec's `api/` (`client-server`, `server-server`,
    /// `application-service`, `identity`, `push-gateway`): a module per
    /// operation under `api::<name in snake case>`. None by default, so an
    /// events-only build reads and writes nothing more.
    pub fn apis<I, S>(mut self, apis: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        for api in apis {
            let api = api.into();
            if !self.apis.contains(&api) {
                self.apis.push(api);
            }
        }
        self
    }

    /// Also generates, for every operation of the APIs asked for,
    /// conversions to and from the `http` crate's requests and responses
    /// (`Request::try_into_http_request`, `Request::try_from_http_request`,
    /// and the `api::FromHttpResponse`/`api::IntoHttpResponse` traits).
    /// The crate that includes the output then depends on `http`,
    /// `percent-encoding` and `form_urlencoded`. Off by default.
    pub fn http(mut self, http: bool) -> Self {
        self.http = http;
        self
    }

    /// Generates only these events (and the types they use): exact event
    /// types (`m.room.message`) or prefixes ending in `*` (`m.call.*`).
    /// Everything by default.
    pub fn events<I, S>(mut self, patterns: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.events.extend(patterns.into_iter().map(Into::into));
        self
    }

    /// States the kinds of an event type (or of every type matching a
    /// prefix ending in `*`), the main one first: its examples are in that
    /// kind's envelope and its plain alias (`FooEvent`) is that kind's. This
    /// wins over what the schema's base and the generator's kind table say;
    /// it is how a plain `event.yaml` event the table does not know (which
    /// is otherwise read as every plain kind) is narrowed, or how an event
    /// is given a kind the spec adds later. A later call for the same type
    /// wins.
    ///
    /// ```
    /// use matrix_codegen::{Builder, EventKind};
    ///
    /// let builder = Builder::new()
    ///     .event_kinds("m.image_pack.rooms", [EventKind::GlobalAccountData])
    ///     .event_kinds("m.room_key_bundle", [EventKind::ToDevice]);
    /// # let _ = builder;
    /// ```
    pub fn event_kinds(
        mut self,
        event_type: impl Into<String>,
        kinds: impl IntoIterator<Item = events::EventKind>,
    ) -> Self {
        let mut list: Vec<events::EventKind> = Vec::new();
        for kind in kinds {
            if !list.contains(&kind) {
                list.push(kind);
            }
        }
        self.event_kinds.push((event_type.into(), list));
        self
    }

    /// Adds a folder of one's own event schemas, laid out like the spec's
    /// `event-schemas/` (`schema/*.yaml`, `examples/*.yaml`); callable more
    /// than once. Its files are read as if they stood beside the spec's,
    /// so they `$ref` the spec's core schemas and components by the spec's
    /// own relative paths (`core-event-schema/room_event.yaml`) and each
    /// other; their events are generated into the same output and
    /// dispatch enums. A file named like one of the spec's, an event type
    /// the spec has, or two files for one type are errors naming both
    /// files; [`Builder::replace_spec_events`] lets yours win over the
    /// spec's instead.
    ///
    /// An event on the plain `event.yaml` base says its kinds with
    /// `x-event-kinds: [global_account_data]` at its top level (one or
    /// more of `message_like`, `state`, `global_account_data`,
    /// `room_account_data`, `ephemeral_room`, `presence`, `to_device`).
    pub fn extra_schemas(mut self, dir: impl Into<PathBuf>) -> Self {
        self.extra_schemas.push(dir.into());
        self
    }

    /// Lets an extra schema folder's file replace the spec's file of the
    /// same name, and its event types replace the spec's schemas of those
    /// types, instead of being errors.
    pub fn replace_spec_events(mut self, replace: bool) -> Self {
        self.replace_spec_events = replace;
        self
    }

    /// The APIs asked for, in the order of [`load::API_NAMES`], so the
    /// output does not depend on the order they were named in.
    fn ordered_apis(&self) -> Vec<String> {
        let mut apis = self.apis.clone();
        apis.sort_by_key(|a| load::API_NAMES.iter().position(|n| n == a));
        apis
    }

    /// The release doc links point at, and where that came from.
    fn resolved_spec_version(&self) -> (String, SpecVersionSource) {
        if let Some(v) = &self.spec_version {
            return (v.clone(), SpecVersionSource::Option);
        }
        match release::recorded_release(&self.spec_dir) {
            Some(v) => (v, SpecVersionSource::SourceFile),
            None => ("latest".to_owned(), SpecVersionSource::Default),
        }
    }

    /// Adds a correction to the schemas, applied after the built-in ones
    /// ([`overrides::defaults`]): replace a field's type, give a missing
    /// field a default, declare a field, or rename it.
    pub fn add_override(mut self, o: Override) -> Self {
        self.overrides.push(o);
        self
    }

    pub fn get_file_name(&self) -> &str {
        &self.file_name
    }

    /// Runs the whole pipeline in memory.
    pub fn generate(&self) -> Result<Generated, Error> {
        let loader = load::SchemaLoader::new(&self.spec_dir)
            .with_extra_schemas(&self.extra_schemas, self.replace_spec_events)
            .with_apis(&self.ordered_apis());
        // Problems in an extra folder's files name them where they are on
        // disk, not by the path they are read as.
        let on_disk = |d: &mut Diagnostic| {
            let Some(overlay) = loader.overlay().filter(|o| !o.is_empty()) else {
                return;
            };
            if let Some(real) =
                (d.file.as_deref()).and_then(|f| overlay.get(&load::SpecPath::new(f)))
            {
                d.file = Some(real.display().to_string());
            }
            // A message that names another file (a clash) names it by `path`.
            for (path, real) in overlay {
                let quoted = format!("`{path}`");
                if d.message.contains(&quoted) {
                    d.message = d.message.replace(&quoted, &format!("`{}`", real.display()));
                }
            }
        };
        match self.generate_with(&loader) {
            Ok(mut generated) => {
                generated.warnings.iter_mut().for_each(on_disk);
                Ok(generated)
            }
            Err(mut error) => {
                error.diagnostics.iter_mut().for_each(on_disk);
                Err(error)
            }
        }
    }

    fn generate_with(&self, loader: &load::SchemaLoader) -> Result<Generated, Error> {
        let start = Instant::now();
        let mut diags = Diagnostics::default();
        for api in &self.apis {
            if !load::API_NAMES.contains(&api.as_str()) {
                diags.push(
                    Diagnostic::error(
                        None,
                        Place::File,
                        format!("`{api}` is not one of the spec's APIs"),
                    )
                    .with_hint(format!("the APIs are {}", load::API_NAMES.join(", "))),
                );
            } else if !cfg!(feature = "api") {
                diags.push(
                    Diagnostic::error(
                        None,
                        Place::File,
                        format!("the `{api}` API is asked for, but this matrix-codegen is built without its `api` feature"),
                    )
                    .with_hint("depend on matrix-codegen with `features = [\"api\"]`"),
                );
            }
        }
        diags.check()?;
        let files = loader.load(&mut diags)?;
        let mut resolved = resolve::resolve(&files, &mut diags)?;
        if self.replace_spec_events {
            drop_replaced_spec_events(&mut resolved, &files.overlay);
        }
        overrides::apply(&mut resolved, &self.overrides, &mut diags);
        #[cfg(feature = "api")]
        {
            api::place_events(&mut resolved.apis);
            api::warn_of_unplaced_events(&resolved.apis, &mut diags);
        }
        if !self.events.is_empty() {
            resolved.files.retain(|(path, _)| {
                let base = path.stem().split('$').next().unwrap_or_default();
                (self.events.iter()).any(|p| names::matches_pattern(p, base))
            });
        }
        let extra_derives = self.parsed_derives(&mut diags);
        diags.check()?;
        let model = model::build(&resolved, &mut diags)?;
        let (spec_version, spec_version_source) = self.resolved_spec_version();
        let options = emit::EmitOptions {
            spec_version: spec_version.clone(),
            extra_derives,
            http: self.http,
        };
        let layer = events::build(&model, &files.examples, &self.event_kinds, &mut diags);
        diags.check()?;
        let parts = emit::FileParts::new(&model, &layer, &options);
        let header = format!(
            "@generated by matrix-codegen {} from the Matrix spec ({}).\nDo not edit by hand: regenerate with `matrix-codegen generate`.",
            env!("CARGO_PKG_VERSION"),
            spec_version
        );
        let code = format::format_parts(
            parts.len(),
            |i| parts.weight(i),
            |i| parts.source(i),
            &header,
        )?;
        let index = emit::index(&model, &layer, &options);
        #[cfg(feature = "api")]
        let api_examples = emit::api_examples(&model);
        #[cfg(not(feature = "api"))]
        let api_examples = None;
        let emitted = |source: model::NameSource| {
            (model.types.iter().enumerate())
                .filter(|(i, t)| {
                    let id = model::TypeId(*i);
                    t.name_source == source
                        && !layer.hidden.contains(&id)
                        && !model.same_as.contains_key(&id)
                })
                .count()
        };
        let stats = Stats {
            events: layer.events.len(),
            types: model.types.len() - layer.hidden.len() - model.same_as.len(),
            named_from_event_type: emitted(model::NameSource::EventType),
            named_from_title: emitted(model::NameSource::Title),
            named_from_path: emitted(model::NameSource::Path),
            from_tables: emitted(model::NameSource::Table),
            operations: (resolved.apis.iter())
                .map(|api| {
                    let n = (model.operations.iter())
                        .filter(|o| o.api == api.name)
                        .count();
                    (api.name.clone(), n)
                })
                .collect(),
            elapsed: start.elapsed(),
        };
        let mut inputs: Vec<PathBuf> = files
            .paths()
            .chain(&files.example_paths)
            .map(|p| files.disk_path(&self.spec_dir, p))
            .collect();
        // Watching the folders catches files being added or removed.
        inputs.push(self.spec_dir.join(load::SCHEMA_DIR));
        for dir in &self.extra_schemas {
            inputs.extend([dir.join("schema"), dir.join("examples")]);
        }
        Ok(Generated {
            code,
            index,
            spec_version: spec_version.clone(),
            spec_version_source,
            inputs,
            warnings: diags.into_vec(),
            stats,
            api_examples,
        })
    }

    /// Generates and writes the file into `out_dir`, atomically, and only
    /// if its contents changed.
    pub fn write_to(&self, out_dir: &Path) -> Result<(Generated, WriteReport), Error> {
        let generated = self.generate()?;
        let mut report = WriteReport::default();
        // The index first: a reader that finds the new code finds its docs.
        for (name, contents) in self.outputs(&generated) {
            match write::write_atomic(out_dir, &name, contents)
                .map_err(|e| io_error(out_dir, &name, e))?
            {
                WriteOutcome::Written => report.written.push(name),
                WriteOutcome::Unchanged => report.unchanged.push(name),
            }
        }
        Ok((generated, report))
    }

    /// Generates in memory and compares with the files in `out_dir`; the
    /// first file that is missing or stale is reported.
    pub fn check(&self, out_dir: &Path) -> Result<(Generated, Vec<(String, CheckOutcome)>), Error> {
        let generated = self.generate()?;
        let outcomes = self
            .outputs(&generated)
            .into_iter()
            .map(|(name, contents)| {
                let outcome = write::check(out_dir, &name, contents);
                (name, outcome)
            })
            .collect();
        Ok((generated, outcomes))
    }

    /// The files generation produces: the index and the code.
    fn outputs<'g>(&self, generated: &'g Generated) -> Vec<(String, &'g str)> {
        let mut out = vec![
            (self.index_file_name(), generated.index.as_str()),
            (self.file_name.clone(), generated.code.as_str()),
        ];
        if let Some(examples) = &generated.api_examples {
            let stem = self
                .file_name
                .strip_suffix(".rs")
                .unwrap_or(&self.file_name);
            out.push((format!("{stem}_api_examples.rs"), examples));
        }
        out
    }

    /// `matrix_events.md` for `matrix_events.rs`.
    pub fn index_file_name(&self) -> String {
        let stem = self
            .file_name
            .strip_suffix(".rs")
            .unwrap_or(&self.file_name);
        format!("{stem}.md")
    }

    /// For `build.rs`: writes into `OUT_DIR`, tells Cargo which files to
    /// watch, and reports every warning and error as a Cargo message
    /// (`cargo::error=`), so a broken spec fails the build with readable
    /// errors, not a panic. Cargo fails the build on those messages by
    /// itself; the returned `Err` is for build scripts that do more.
    pub fn compile(&self) -> Result<Generated, Error> {
        let Some(out_dir) = std::env::var_os("OUT_DIR") else {
            let error = Error::single(
                Diagnostic::error(
                    None,
                    Place::File,
                    "OUT_DIR is not set; `compile` is meant to run inside a build script",
                )
                .with_hint("use `write_to` outside build scripts"),
            );
            for d in &error.diagnostics {
                println!("cargo::error={}", d.one_line());
            }
            return Err(error);
        };
        println!(
            "cargo::rerun-if-changed={}",
            self.spec_dir.join(load::SCHEMA_DIR).display()
        );
        match self.write_to(Path::new(&out_dir)) {
            Ok((generated, _)) => {
                for input in &generated.inputs {
                    println!("cargo::rerun-if-changed={}", input.display());
                }
                for warning in &generated.warnings {
                    println!("cargo::warning={}", warning.one_line());
                }
                Ok(generated)
            }
            Err(error) => {
                for d in &error.diagnostics {
                    println!("cargo::{}={}", d.severity.as_str(), d.one_line());
                }
                Err(error)
            }
        }
    }
}

impl Builder {
    fn parsed_derives(&self, diags: &mut Diagnostics) -> Vec<String> {
        let mut out = Vec::new();
        for d in &self.derives {
            match syn::parse_str::<syn::Path>(d) {
                Ok(_) => out.push(d.trim().to_owned()),
                Err(e) => diags.push(Diagnostic::error(
                    None,
                    Place::File,
                    format!("`{d}` given to `Builder::derive` is not a path: {e}"),
                )),
            }
        }
        out
    }
}

/// With [`Builder::replace_spec_events`], a spec schema whose event type an
/// extra folder's schema also pins gives way to it.
fn drop_replaced_spec_events(
    resolved: &mut resolve::ResolvedSpec,
    overlay: &std::collections::BTreeMap<load::SpecPath, PathBuf>,
) {
    let pinned = |schema: &resolve::Schema| -> Vec<String> {
        (schema.property("type").into_iter())
            .flat_map(|t| {
                t.enum_values
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
            })
            .collect()
    };
    let ours: Vec<String> = (resolved.files.iter())
        .filter(|(path, _)| overlay.contains_key(path))
        .flat_map(|(_, schema)| pinned(schema))
        .collect();
    resolved.files.retain(|(path, schema)| {
        overlay.contains_key(path) || !pinned(schema).iter().any(|t| ours.contains(t))
    });
}

fn io_error(dir: &Path, name: &str, e: std::io::Error) -> Error {
    Error::single(Diagnostic::error(
        None,
        Place::File,
        format!("cannot write `{}`: {e}", dir.join(name).display()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The golden tests' fixture with an API of its own.
    fn fixture() -> Builder {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/http_api");
        Builder::new().spec_dir(dir)
    }

    #[test]
    fn an_api_asked_of_an_events_only_generator_is_an_error() {
        let outcome = fixture().apis(["client-server"]).generate();
        if cfg!(feature = "api") {
            let generated = outcome.expect("the fixture's API generates");
            assert!(generated.code.contains("pub mod api"));
        } else {
            let error = outcome.expect_err("an events-only generator made an API");
            let message = error.diagnostics[0].one_line();
            assert!(
                message.contains("the `client-server` API is asked for")
                    && message.contains("without its `api` feature"),
                "{message}"
            );
        }
        // Events alone generate either way.
        let events = fixture().generate().expect("the fixture's events generate");
        assert!(!events.code.contains("pub mod api"));
    }
}
