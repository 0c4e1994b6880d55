//! Stage 1: read the spec's YAML files into plain trees.
//!
//! This is the only module that knows about `serde_yaml`. Everything after it
//! works on [`Node`], an ordered tree that keeps property order (so generated
//! structs list fields as the spec does) and that every later stage can walk
//! with a JSON pointer in hand.
//!
//! The real spec is not always tidy YAML: some files are JSON (a few with
//! trailing commas), `x-changedInMatrixVersion` keys are sometimes bare floats
//! (`1.3:`), and one release has a duplicate key. The loader accepts all of
//! that; only input that is not a YAML document at all is an error.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use crate::diagnostics::{pointer_push, Diagnostic, Diagnostics, Error, Place};
use crate::parallel;

/// Where event schemas live inside a spec `data/` directory.
pub const SCHEMA_DIR: &str = "event-schemas/schema";

/// Where the spec's example events live.
pub const EXAMPLES_DIR: &str = "event-schemas/examples";

/// Where the HTTP APIs live: one folder per API (`api/client-server`),
/// each file describing some of its endpoints, shared schemas in
/// `definitions/` beside them.
pub const API_DIR: &str = "api";

/// The spec's HTTP APIs, by folder name, in the order they are generated.
pub const API_NAMES: [&str; 5] = [
    "client-server",
    "server-server",
    "application-service",
    "identity",
    "push-gateway",
];

/// The spec's list of string formats (`mx-user-id`...), at the top of the
/// spec directory: `string-formats.yaml` since v1.13, `custom-formats.yaml`
/// in v1.11 and v1.12. The first that exists is read.
pub const STRING_FORMATS_FILES: [&str; 2] = ["string-formats.yaml", "custom-formats.yaml"];

/// One entry of the spec's list of string formats: a `format` value and
/// what the spec calls it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringFormat {
    /// The file that lists it.
    pub file: SpecPath,
    /// The value of `format` or `x-pattern-format` (`mx-user-id`).
    pub key: String,
    /// What the spec calls it (`User ID`).
    pub title: String,
    /// Where the spec defines it: relative to the spec site
    /// (`appendices#user-identifiers`) or absolute (an RFC).
    pub url: Option<String>,
}

/// Larger files are refused rather than read: no schema is anywhere near
/// this, and it bounds the memory a hostile input can claim.
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A parsed YAML (or JSON) document. Maps keep their order of appearance.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    /// The node a JSON pointer (`/components/schemas/Key`, `~1` for `/`
    /// and `~0` for `~` in a token) names inside this one.
    pub fn at_pointer(&self, pointer: &str) -> Option<&Node> {
        let mut node = self;
        for token in pointer.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            node = match node {
                Node::Map(_) => node.get(&token)?,
                Node::Seq(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// What kind of value this is, for messages such as "expected a list, found a number".
    pub fn kind_name(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "a boolean",
            Node::Number(_) => "a number",
            Node::String(_) => "a string",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a mapping",
        }
    }

    pub fn from_json(value: &serde_json::Value) -> Node {
        use serde_json::Value;
        match value {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => Node::Number(n.clone()),
            Value::String(s) => Node::String(s.clone()),
            Value::Array(items) => Node::Seq(items.iter().map(Node::from_json).collect()),
            Value::Object(map) => Node::Map(
                map.iter()
                    .map(|(k, v)| (k.clone(), Node::from_json(v)))
                    .collect(),
            ),
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(n) => Value::Number(n.clone()),
            Node::String(s) => Value::String(s.clone()),
            Node::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            Node::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// A path relative to the spec directory, always with `/` separators and
/// without `.` or `..` components, so it is the same on every machine.
///
/// It may end in a JSON pointer fragment (`api/client-server/keys.yaml#/components/schemas/Key`),
/// as the HTTP API files' `$ref`s do: the part of that file the pointer
/// names, which the loader keeps as a document of its own.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SpecPath(String);

impl SpecPath {
    pub fn new(relative: &str) -> Self {
        SpecPath(relative.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file, without any fragment.
    pub fn file(&self) -> &str {
        self.0.split_once('#').map_or(&self.0, |(file, _)| file)
    }

    /// The JSON pointer after `#`, if the path names a part of a file.
    pub fn fragment(&self) -> Option<&str> {
        self.0.split_once('#').map(|(_, pointer)| pointer)
    }

    /// The file's name, or for a fragment the last token of its pointer
    /// (`Key` of `keys.yaml#/components/schemas/Key`).
    pub fn file_name(&self) -> &str {
        match self.fragment() {
            Some(pointer) => pointer.rsplit('/').next().unwrap_or(pointer),
            None => self.0.rsplit('/').next().unwrap_or(&self.0),
        }
    }

    /// The file name without its `.yaml`/`.yml`/`.json` ending (for a
    /// fragment, its last token).
    pub fn stem(&self) -> &str {
        let name = self.file_name();
        if self.fragment().is_some() {
            return name;
        }
        name.rsplit_once('.').map_or(name, |(stem, _)| stem)
    }

    fn parent(&self) -> &str {
        let file = self.file();
        file.rsplit_once('/').map_or("", |(dir, _)| dir)
    }

    /// Resolves `reference` (as written in a `$ref`) against this file's
    /// folder; `#/pointer` alone names a part of this file. `None` when
    /// the result would leave the spec directory.
    pub fn join(&self, reference: &str) -> Option<SpecPath> {
        let (file, fragment) = match reference.split_once('#') {
            Some((file, pointer)) => (file, Some(pointer)),
            None => (reference, None),
        };
        let mut joined = if file.is_empty() {
            self.file().to_owned()
        } else {
            let mut parts: Vec<&str> = self.parent().split('/').filter(|p| !p.is_empty()).collect();
            for part in file.split('/') {
                match part {
                    "" | "." => {}
                    ".." => {
                        parts.pop()?;
                    }
                    p => parts.push(p),
                }
            }
            parts.join("/")
        };
        if let Some(pointer) = fragment.filter(|p| !p.is_empty()) {
            joined.push('#');
            joined.push_str(pointer);
        }
        Some(SpecPath(joined))
    }
}

impl fmt::Display for SpecPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Every file the generator reads, parsed.
#[derive(Debug)]
pub struct SpecFiles {
    files: BTreeMap<SpecPath, Node>,
    /// The schema files directly in [`SCHEMA_DIR`], sorted: the event
    /// candidates. Files in its sub-folders are only building blocks.
    pub top_level: Vec<SpecPath>,
    /// The example events, by file name without `.yaml`
    /// (`m.room.message$m.text`), each with its `$ref`s merged.
    pub examples: BTreeMap<String, serde_json::Value>,
    /// Every example file read, for `cargo:rerun-if-changed`.
    pub example_paths: Vec<SpecPath>,
    /// The string formats the spec lists, in its order; empty when the
    /// spec has none of [`STRING_FORMATS_FILES`].
    pub string_formats: Vec<StringFormat>,
    /// Where each file of an extra schema folder is on disk, by the path
    /// it is read as.
    pub overlay: BTreeMap<SpecPath, PathBuf>,
    /// The files describing endpoints of each API asked for (those directly
    /// in `api/<name>/`), by API, sorted.
    pub api_files: Vec<(String, Vec<SpecPath>)>,
}

impl SpecFiles {
    /// No files at all, for resolving schemas written outside the spec.
    pub fn empty() -> SpecFiles {
        SpecFiles {
            files: BTreeMap::new(),
            top_level: Vec::new(),
            examples: BTreeMap::new(),
            example_paths: Vec::new(),
            string_formats: Vec::new(),
            overlay: BTreeMap::new(),
            api_files: Vec::new(),
        }
    }

    pub fn get(&self, path: &SpecPath) -> Option<&Node> {
        self.files.get(path)
    }

    /// Every file read, in path order (for `cargo:rerun-if-changed`).
    pub fn paths(&self) -> impl Iterator<Item = &SpecPath> {
        self.files.keys()
    }

    /// Where a file read as `path` is on disk: in an extra schema folder,
    /// or in the spec directory `spec_dir`.
    pub fn disk_path(&self, spec_dir: &Path, path: &SpecPath) -> PathBuf {
        match self.overlay.get(path) {
            Some(on_disk) => on_disk.clone(),
            None => spec_dir.join(path.file()),
        }
    }
}

/// Reads a spec directory: every schema under [`SCHEMA_DIR`] and every file
/// those schemas reference, wherever it is inside the spec directory.
///
/// Folders of one's own schemas, laid out like the spec's `event-schemas/`
/// (`schema/*.yaml`, `examples/*.yaml`), are read as if their files stood
/// beside the spec's: `schema/org.example.poll.yaml` is read as
/// `event-schemas/schema/org.example.poll.yaml`, so its `$ref`s reach the
/// spec's core schemas and components by the spec's own relative paths.
pub struct SchemaLoader {
    root: PathBuf,
    extra_dirs: Vec<PathBuf>,
    /// Whether an extra folder's file may stand in for a spec file of the
    /// same name instead of being an error.
    replace_spec_files: bool,
    /// The extra folders' files, by the path they are read as; listed at
    /// the start of [`SchemaLoader::load`].
    overlay: std::sync::OnceLock<BTreeMap<SpecPath, PathBuf>>,
    /// The HTTP APIs to read, by folder name.
    apis: Vec<String>,
}

impl SchemaLoader {
    pub fn new(spec_dir: impl Into<PathBuf>) -> Self {
        SchemaLoader {
            root: spec_dir.into(),
            extra_dirs: Vec::new(),
            replace_spec_files: false,
            overlay: std::sync::OnceLock::new(),
            apis: Vec::new(),
        }
    }

    /// Reads these HTTP APIs too (folder names under `api/`, such as
    /// `client-server`), with every file their endpoints reference.
    pub fn with_apis(mut self, apis: &[String]) -> Self {
        self.apis = apis.to_vec();
        self
    }

    /// The endpoint files of each API asked for; an API the spec has no
    /// folder for is a warning (the sample spec has none), and gives none.
    fn list_api_files(&self, diags: &mut Diagnostics) -> Vec<(String, Vec<SpecPath>)> {
        let mut out = Vec::new();
        for api in &self.apis {
            let rel = format!("{API_DIR}/{api}");
            let dir = self.root.join(&rel);
            let mut files: Vec<SpecPath> = match std::fs::read_dir(&dir) {
                Ok(entries) => entries
                    .filter_map(|e| e.ok())
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                    .filter_map(|e| e.file_name().into_string().ok())
                    .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
                    .map(|n| SpecPath(format!("{rel}/{n}")))
                    .collect(),
                Err(_) => {
                    diags.push(Diagnostic::warning(
                        Some(rel.clone()),
                        Place::File,
                        format!("the spec has no `{rel}` folder, so no endpoints of the `{api}` API are generated"),
                    ));
                    Vec::new()
                }
            };
            files.sort();
            out.push((api.clone(), files));
        }
        out
    }

    /// The extra folders' files, by the path each is read as, once
    /// [`SchemaLoader::load`] has listed them.
    pub fn overlay(&self) -> Option<&BTreeMap<SpecPath, PathBuf>> {
        self.overlay.get()
    }

    /// Where a file read as `path` is on disk.
    fn disk(&self, path: &SpecPath) -> PathBuf {
        match self.overlay.get().and_then(|o| o.get(path)) {
            Some(on_disk) => on_disk.clone(),
            None => self.root.join(path.file()),
        }
    }

    /// Lists the extra folders' `schema/` and `examples/` files, by the path
    /// each is read as. A file whose path a spec file or another extra
    /// folder already has is an error naming both, unless spec files may
    /// be replaced.
    fn list_extra_dirs(
        &self,
        spec_files: &[SpecPath],
        folders: &mut Vec<SpecPath>,
        diags: &mut Diagnostics,
    ) -> BTreeMap<SpecPath, PathBuf> {
        let mut overlay: BTreeMap<SpecPath, PathBuf> = BTreeMap::new();
        for dir in &self.extra_dirs {
            if !dir.is_dir() {
                diags.push(Diagnostic::error(
                    Some(dir.display().to_string()),
                    Place::File,
                    "the extra schema folder does not exist or is not a directory",
                ));
                continue;
            }
            let mut listed = Vec::new();
            for (sub, virtual_dir) in [("schema", SCHEMA_DIR), ("examples", EXAMPLES_DIR)] {
                let on_disk = dir.join(sub);
                if !on_disk.is_dir() {
                    continue;
                }
                let mut files = Vec::new();
                let mut own_folders = Vec::new();
                if let Err(e) = list_yaml_files(&on_disk, virtual_dir, &mut files, &mut own_folders)
                {
                    diags.push(Diagnostic::error(
                        Some(on_disk.display().to_string()),
                        Place::File,
                        format!("cannot list the folder: {e}"),
                    ));
                }
                folders.extend(own_folders);
                let strip = virtual_dir.len() + 1;
                listed.extend(files.into_iter().map(|f| {
                    let real = on_disk.join(&f.as_str()[strip..]);
                    (f, real)
                }));
            }
            listed.sort();
            for (path, real) in listed {
                if let Some(earlier) = overlay.get(&path) {
                    diags.push(Diagnostic::error(
                        Some(real.display().to_string()),
                        Place::File,
                        format!(
                            "`{}` has the same name; one of the two must go",
                            earlier.display()
                        ),
                    ));
                    continue;
                }
                let in_spec = spec_files.contains(&path) || self.root.join(path.as_str()).is_file();
                if in_spec && !self.replace_spec_files {
                    diags.push(
                        Diagnostic::error(
                            Some(real.display().to_string()),
                            Place::File,
                            format!(
                                "the spec has `{}` already",
                                self.root.join(path.as_str()).display()
                            ),
                        )
                        .with_hint("rename the file, or let it replace the spec's (`Builder::replace_spec_events`)"),
                    );
                    continue;
                }
                overlay.insert(path, real);
            }
        }
        overlay
    }

    /// Adds folders of one's own schemas (see [`SchemaLoader`]); with
    /// `replace`, a file named like one of the spec's replaces it.
    pub fn with_extra_schemas(mut self, dirs: &[PathBuf], replace: bool) -> Self {
        self.extra_dirs = dirs.to_vec();
        self.replace_spec_files = replace;
        self
    }

    pub fn load(&self, diags: &mut Diagnostics) -> Result<SpecFiles, Error> {
        let schema_dir = self.root.join(SCHEMA_DIR);
        if !self.root.is_dir() {
            return Err(Error::single(
                Diagnostic::error(
                    None,
                    Place::File,
                    format!(
                        "spec directory `{}` does not exist or is not a directory",
                        self.root.display()
                    ),
                )
                .with_hint("point MATRIX_SPEC_DIR or --spec at a spec `data/` folder"),
            ));
        }
        if !schema_dir.is_dir() {
            return Err(Error::single(
                Diagnostic::error(
                    None,
                    Place::File,
                    format!("`{}` has no `{SCHEMA_DIR}` folder", self.root.display()),
                )
                .with_hint("the spec directory is the spec repository's `data/` folder"),
            ));
        }

        let mut found = Vec::new();
        let mut folders = Vec::new();
        if let Err(e) = list_yaml_files(&schema_dir, SCHEMA_DIR, &mut found, &mut folders) {
            return Err(Error::single(Diagnostic::error(
                Some(SCHEMA_DIR.to_owned()),
                Place::File,
                format!("cannot list the folder: {e}"),
            )));
        }
        let overlay = self.list_extra_dirs(&found, &mut folders, diags);
        for path in overlay.keys() {
            if path.parent().starts_with(SCHEMA_DIR) && !found.contains(path) {
                found.push(path.clone());
            }
        }
        // Set once, before any file is read.
        let _ = self.overlay.set(overlay);
        folders.sort();
        for folder in folders {
            // Skipped, its event would vanish from the output without a word.
            diags.push(Diagnostic::error(
                Some(folder.to_string()),
                Place::File,
                "is a directory, named like a schema file: a schema must be a YAML file, and the event this name stands for would be missing from the output",
            ));
        }
        diags.check()?;
        found.sort();
        let top_level: Vec<SpecPath> = found
            .iter()
            .filter(|p| p.parent() == SCHEMA_DIR)
            .cloned()
            .collect();
        let api_files = self.list_api_files(diags);
        found.extend(
            api_files
                .iter()
                .flat_map(|(_, files)| files.iter().cloned()),
        );

        // The listed files are parsed on all cores up front; the walk below
        // takes each one's result (and its diagnostics, so they keep their
        // order) when it reaches it, and reads only `$ref` targets itself.
        let order: Vec<usize> = (0..found.len()).collect();
        let parsed = parallel::run_all(found.len(), &order, |i| {
            let mut file_diags = Diagnostics::default();
            let node = self.read(&found[i], &mut file_diags);
            (node, file_diags)
        });
        let mut parsed: BTreeMap<SpecPath, (Option<Node>, Diagnostics)> = (found.iter().cloned())
            .zip(parsed)
            .filter_map(|(path, result)| Some((path, result?)))
            .collect();

        let real_root = self.root.canonicalize().ok();
        let mut files = BTreeMap::new();
        let mut fragments: Vec<(SpecPath, SpecPath, String)> = Vec::new();
        let mut queue: Vec<SpecPath> = found;
        queue.reverse();
        let mut seen: BTreeSet<SpecPath> = queue.iter().cloned().collect();
        while let Some(path) = queue.pop() {
            let node = match parsed.remove(&path) {
                Some((node, file_diags)) => {
                    diags.extend(file_diags);
                    node
                }
                None => self.read(&path, diags),
            };
            let Some(node) = node else {
                continue;
            };
            let mut refs = Vec::new();
            if path.as_str().starts_with(API_DIR) {
                collect_document_refs(&node, "", &mut refs);
            } else {
                collect_refs(&node, "", &mut refs);
            }
            for (pointer, reference) in refs {
                // A target met before was checked (and queued) then.
                if path.join(&reference).is_some_and(|t| seen.contains(&t)) {
                    continue;
                }
                match self.target_of(&path, &pointer, &reference, real_root.as_deref()) {
                    Ok(target) => {
                        if seen.insert(target.clone()) {
                            if target.fragment().is_some() {
                                let whole = SpecPath::new(target.file());
                                fragments.push((target, path.clone(), pointer));
                                if seen.insert(whole.clone()) {
                                    queue.push(whole);
                                }
                            } else {
                                queue.push(target);
                            }
                        }
                    }
                    Err(d) => diags.push(d),
                }
            }
            files.insert(path, node);
        }
        // A reference to a part of a file reads as a document of its own.
        for (target, from, pointer) in fragments {
            let whole = files.get(&SpecPath::new(target.file()));
            let part = whole.and_then(|node| node.at_pointer(target.fragment().unwrap_or("")));
            match part {
                Some(part) => {
                    let part = part.clone();
                    files.insert(target, part);
                }
                // The file itself failed to read (and said so), or has no
                // such place.
                None if whole.is_none() => {}
                None => diags.push(Diagnostic::error(
                    Some(from.to_string()),
                    Place::Pointer(pointer),
                    format!(
                        "`$ref` names `{target}`, but `{}` has nothing at `{}`",
                        target.file(),
                        target.fragment().unwrap_or("")
                    ),
                )),
            }
        }
        let mut example_paths = Vec::new();
        let string_formats = self.string_formats(diags, &mut example_paths);
        diags.check()?;
        let examples = self.examples(diags, &mut example_paths);
        Ok(SpecFiles {
            files,
            top_level,
            examples,
            example_paths,
            string_formats,
            overlay: self.overlay.get().cloned().unwrap_or_default(),
            api_files,
        })
    }

    /// Reads the first of [`STRING_FORMATS_FILES`] the spec has, noting it
    /// in `read`. An entry without a `title` is an error: the type made for
    /// the format is named from it.
    fn string_formats(
        &self,
        diags: &mut Diagnostics,
        read: &mut Vec<SpecPath>,
    ) -> Vec<StringFormat> {
        let Some(name) = (STRING_FORMATS_FILES.iter()).find(|name| self.root.join(name).exists())
        else {
            return Vec::new();
        };
        let path = SpecPath::new(name);
        read.push(path.clone());
        let Some(node) = self.read(&path, diags) else {
            return Vec::new();
        };
        let file = || Some(path.to_string());
        let Node::Map(entries) = node else {
            diags.push(Diagnostic::error(
                file(),
                Place::Pointer(String::new()),
                format!(
                    "expected a mapping of format names to their descriptions, found {}",
                    node.kind_name()
                ),
            ));
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, entry) in entries {
            let here = crate::diagnostics::pointer_push("", &key);
            let text = |field: &str| entry.get(field).and_then(Node::as_str).map(str::to_owned);
            match text("title").filter(|t| !t.trim().is_empty()) {
                Some(title) => out.push(StringFormat {
                    file: path.clone(),
                    key,
                    title,
                    url: text("url"),
                }),
                None => diags.push(Diagnostic::error(
                    file(),
                    Place::Pointer(format!("{here}/title")),
                    format!("the format `{key}` has no `title` (a non-empty string), which names its type"),
                )),
            }
        }
        out
    }

    /// Reads the example events. They only illustrate the docs, so a broken
    /// one is a warning and is left out.
    fn examples(
        &self,
        diags: &mut Diagnostics,
        read: &mut Vec<SpecPath>,
    ) -> BTreeMap<String, serde_json::Value> {
        let mut out = BTreeMap::new();
        let mut names: Vec<String> = match std::fs::read_dir(self.root.join(EXAMPLES_DIR)) {
            Ok(entries) => entries
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|n| n.ends_with(".yaml"))
                .collect(),
            Err(_) => Vec::new(),
        };
        let examples_dir = format!("{EXAMPLES_DIR}/");
        let extra = (self.overlay.get().into_iter().flat_map(|o| o.keys()))
            .filter_map(|p| p.as_str().strip_prefix(&examples_dir))
            .filter(|n| !n.contains('/') && n.ends_with(".yaml"))
            .map(str::to_owned);
        names.extend(extra);
        names.sort();
        names.dedup();
        // Most examples refer to the same few core documents; each is read
        // and merged once.
        let mut merged = BTreeMap::new();
        for name in names {
            let path = SpecPath(format!("{EXAMPLES_DIR}/{name}"));
            match self.example(&path, &mut merged, read, 0) {
                Ok(value) => {
                    out.insert(path.stem().to_owned(), value);
                }
                Err(d) => diags.push(d),
            }
        }
        out
    }

    /// One example document with its `$ref`s merged as the spec's tooling
    /// does: the referenced document first, the example's own keys over it.
    fn example(
        &self,
        path: &SpecPath,
        merged: &mut BTreeMap<SpecPath, serde_json::Value>,
        read: &mut Vec<SpecPath>,
        depth: usize,
    ) -> Result<serde_json::Value, Diagnostic> {
        let warn =
            |message: String| Diagnostic::warning(Some(path.to_string()), Place::File, message);
        if depth > 16 {
            return Err(warn(
                "example `$ref`s nest too deeply; left out of the docs".to_owned(),
            ));
        }
        if let Some(done) = merged.get(path) {
            return Ok(done.clone());
        }
        let bytes = std::fs::read(self.disk(path))
            .map_err(|e| warn(format!("cannot read example: {e}")))?;
        read.push(path.clone());
        // The examples are JSON in `.yaml` files; serde_json reads them
        // several times faster than the YAML parser, which stays for the rest.
        let value = match serde_json::from_slice(&bytes) {
            Ok(value) => value,
            Err(_) => {
                let mut parse_diags = Diagnostics::default();
                let node = parse_yaml(&bytes, path, &mut parse_diags).map_err(|mut d| {
                    d.severity = crate::diagnostics::Severity::Warning;
                    d.message = format!("{}; left out of the docs", d.message);
                    d
                })?;
                node.to_json()
            }
        };
        let value = self.merge_example(value, path, merged, read, depth)?;
        merged.insert(path.clone(), value.clone());
        Ok(value)
    }

    fn merge_example(
        &self,
        value: serde_json::Value,
        path: &SpecPath,
        merged: &mut BTreeMap<SpecPath, serde_json::Value>,
        read: &mut Vec<SpecPath>,
        depth: usize,
    ) -> Result<serde_json::Value, Diagnostic> {
        use serde_json::Value;
        match value {
            Value::Object(mut map) => {
                let base = match map.remove("$ref") {
                    Some(Value::String(target)) => {
                        let Some(target_path) = path.join(&target) else {
                            return Err(Diagnostic::warning(
                                Some(path.to_string()),
                                Place::File,
                                format!("example `$ref: {target}` points outside the spec directory; left out of the docs"),
                            ));
                        };
                        Some(self.example(&target_path, merged, read, depth + 1)?)
                    }
                    _ => None,
                };
                let mut own = serde_json::Map::new();
                for (k, v) in map {
                    own.insert(k, self.merge_example(v, path, merged, read, depth + 1)?);
                }
                Ok(match base {
                    Some(Value::Object(mut base)) => {
                        base.extend(own);
                        Value::Object(base)
                    }
                    Some(other) => other,
                    None => Value::Object(own),
                })
            }
            Value::Array(items) => items
                .into_iter()
                .map(|v| self.merge_example(v, path, merged, read, depth + 1))
                .collect::<Result<_, _>>()
                .map(Value::Array),
            other => Ok(other),
        }
    }

    /// Checks a `$ref` before anything is read through it.
    fn target_of(
        &self,
        from: &SpecPath,
        pointer: &str,
        reference: &str,
        real_root: Option<&Path>,
    ) -> Result<SpecPath, Diagnostic> {
        let place = || Place::Pointer(pointer.to_owned());
        let file = || Some(from.to_string());
        let fragment = reference.split_once('#').map(|(_, pointer)| pointer);
        let bad_fragment = fragment.is_some_and(|p| !p.is_empty() && !p.starts_with('/'));
        if bad_fragment || reference.contains("://") || reference.starts_with('/') {
            return Err(Diagnostic::error(
                file(),
                place(),
                format!("`$ref: {reference}` is not a relative file path"),
            )
            .with_hint(
                "only references to files relative to the referencing file, or to a JSON pointer inside one (`file.yaml#/a/b`, `#/a/b`), are supported",
            ));
        }
        let Some(target) = from.join(reference) else {
            return Err(Diagnostic::error(
                file(),
                place(),
                format!("`$ref: {reference}` points outside the spec directory"),
            )
            .with_hint("the generator reads nothing outside the spec directory"));
        };
        let in_overlay = self.overlay.get().is_some_and(|o| o.contains_key(&target));
        let on_disk = self.disk(&target);
        if !on_disk.exists() {
            return Err(Diagnostic::error(
                file(),
                place(),
                format!(
                    "`$ref: {reference}` names `{}`, which does not exist",
                    target.file()
                ),
            ));
        }
        // A symbolic link could still lead outside; compare real paths.
        // (An extra folder's files are outside by design.)
        if let (Some(real_root), Ok(real_target), false) =
            (real_root, on_disk.canonicalize(), in_overlay)
        {
            if !real_target.starts_with(real_root) {
                return Err(Diagnostic::error(
                    file(),
                    place(),
                    format!("`$ref: {reference}` leads outside the spec directory through a link"),
                ));
            }
        }
        Ok(target)
    }

    fn read(&self, path: &SpecPath, diags: &mut Diagnostics) -> Option<Node> {
        let file = || Some(path.to_string());
        let on_disk = self.disk(path);
        if on_disk.is_dir() {
            diags.push(Diagnostic::error(
                file(),
                Place::File,
                "is a directory, not a schema file",
            ));
            return None;
        }
        let size = on_disk.metadata().map(|m| m.len()).unwrap_or(0);
        if size > MAX_FILE_BYTES {
            diags.push(Diagnostic::error(
                file(),
                Place::File,
                format!(
                    "is {size} bytes; schema files larger than {MAX_FILE_BYTES} bytes are refused"
                ),
            ));
            return None;
        }
        let bytes = match std::fs::read(&on_disk) {
            Ok(b) => b,
            Err(e) => {
                diags.push(Diagnostic::error(
                    file(),
                    Place::File,
                    format!("cannot read: {e}"),
                ));
                return None;
            }
        };
        match parse_yaml(&bytes, path, diags) {
            Ok(node) => Some(node),
            Err(d) => {
                diags.push(d);
                None
            }
        }
    }
}

/// The YAML files below `dir`, and the folders whose names end like one.
fn list_yaml_files(
    dir: &Path,
    rel: &str,
    out: &mut Vec<SpecPath>,
    folders: &mut Vec<SpecPath>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let rel_child = format!("{rel}/{name}");
        let yaml_name = name.ends_with(".yaml") || name.ends_with(".yml");
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if yaml_name {
                folders.push(SpecPath(rel_child.clone()));
            }
            list_yaml_files(&entry.path(), &rel_child, out, folders)?;
        } else if yaml_name {
            out.push(SpecPath(rel_child));
        }
    }
    Ok(())
}

/// Parses one file's bytes. Public to the crate so the fuzz target and
/// property tests can drive it without a directory.
pub(crate) fn parse_yaml(
    bytes: &[u8],
    path: &SpecPath,
    diags: &mut Diagnostics,
) -> Result<Node, Diagnostic> {
    let file = || Some(path.to_string());
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let (line, column) = line_col(bytes, e.valid_up_to());
            return Err(Diagnostic::error(
                file(),
                Place::Line { line, column },
                "is not valid UTF-8",
            ));
        }
    };
    if let Some(at) = text.find('\0') {
        let (line, column) = line_col(bytes, at);
        return Err(Diagnostic::error(
            file(),
            Place::Line { line, column },
            "contains a NUL byte; this is a binary file, not YAML",
        ));
    }
    if text.trim().is_empty()
        || text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#') || l.trim() == "---")
    {
        return Err(Diagnostic::error(
            file(),
            Place::File,
            "is empty; expected a schema",
        ));
    }
    let mut warnings = Vec::new();
    let seed = NodeSeed {
        pointer: String::new(),
        warnings: &mut warnings,
    };
    let result = seed.deserialize(serde_yaml::Deserializer::from_str(text));
    for (pointer, message) in warnings {
        diags.push(Diagnostic::warning(
            file(),
            Place::Pointer(pointer),
            message,
        ));
    }
    result.map_err(|e| {
        let place = match e.location() {
            Some(loc) => Place::Line {
                line: loc.line(),
                column: loc.column(),
            },
            None => Place::File,
        };
        // serde_yaml appends " at line L column C"; the place already says it.
        let message = e.to_string();
        let message = match message.find(" at line ") {
            Some(cut) => message[..cut].to_owned(),
            None => message,
        };
        Diagnostic::error(file(), place, format!("is not valid YAML: {message}"))
    })
}

fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, column)
}

/// Finds every `$ref` string reachable through schema keywords, with its
/// JSON pointer. It walks by structure because property names such as
/// `type` or `format` are also keywords, so a blind search would misread them.
pub(crate) fn collect_refs(node: &Node, pointer: &str, out: &mut Vec<(String, String)>) {
    let Node::Map(entries) = node else { return };
    for (key, value) in entries {
        let here = pointer_push(pointer, key);
        match (key.as_str(), value) {
            ("$ref", Node::String(target)) => out.push((here, target.clone())),
            ("properties" | "patternProperties", Node::Map(children)) => {
                for (name, child) in children {
                    collect_refs(child, &pointer_push(&here, name), out);
                }
            }
            ("allOf" | "oneOf" | "anyOf", Node::Seq(items)) => {
                for (i, child) in items.iter().enumerate() {
                    collect_refs(child, &pointer_push(&here, &i.to_string()), out);
                }
            }
            ("items" | "additionalProperties" | "not", child) => collect_refs(child, &here, out),
            _ => {}
        }
    }
}

/// Finds every `$ref` in an HTTP API document, wherever it is (paths,
/// parameters, responses, components, schemas), except inside examples,
/// whose `$ref`s name example documents to merge, not schemas.
pub(crate) fn collect_document_refs(node: &Node, pointer: &str, out: &mut Vec<(String, String)>) {
    fn walk(node: &Node, pointer: &str, names: bool, out: &mut Vec<(String, String)>) {
        match node {
            Node::Map(entries) => {
                for (key, value) in entries {
                    let here = pointer_push(pointer, key);
                    // Keys of `properties` are property names, not keywords.
                    match (names, key.as_str(), value) {
                        (false, "$ref", Node::String(target)) => out.push((here, target.clone())),
                        (false, "example" | "examples" | "x-example", _) => {}
                        (false, "properties" | "patternProperties", _) => {
                            walk(value, &here, true, out)
                        }
                        _ => walk(value, &here, false, out),
                    }
                }
            }
            Node::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &pointer_push(pointer, &i.to_string()), false, out);
                }
            }
            _ => {}
        }
    }
    walk(node, pointer, false, out)
}

/// Deserializes any YAML value into a [`Node`], recording duplicate keys as
/// warnings (the later value wins, as the spec's own tooling does) and
/// turning non-string keys into their text.
struct NodeSeed<'w> {
    pointer: String,
    warnings: &'w mut Vec<(String, String)>,
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_> {
    type Value = Node;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_> {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        // YAML allows .nan and .inf, which JSON numbers cannot hold.
        Ok(serde_json::Number::from_f64(v)
            .map_or_else(|| Node::String(v.to_string()), Node::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        loop {
            let seed = NodeSeed {
                pointer: pointer_push(&self.pointer, &items.len().to_string()),
                warnings: &mut *self.warnings,
            };
            match seq.next_element_seed(seed)? {
                Some(item) => items.push(item),
                None => break,
            }
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries: Vec<(String, Node)> = Vec::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let seed = NodeSeed {
                pointer: pointer_push(&self.pointer, &key),
                warnings: &mut *self.warnings,
            };
            let value = map.next_value_seed(seed)?;
            if let Some(slot) = entries.iter_mut().find(|(k, _)| *k == key) {
                self.warnings.push((
                    pointer_push(&self.pointer, &key),
                    format!("duplicate key `{key}`; the last value is used"),
                ));
                slot.1 = value;
            } else {
                entries.push((key, value));
            }
        }
        Ok(Node::Map(entries))
    }
}

/// Mapping keys as text. YAML reads `1.3:` as a float; in the spec such keys
/// are version strings, so they are kept as written in decimal.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = String;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping key")
    }
    fn visit_str<E>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_bool<E>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Result<Node, Diagnostic>, Diagnostics) {
        let mut diags = Diagnostics::default();
        let r = parse_yaml(text.as_bytes(), &SpecPath::new("t.yaml"), &mut diags);
        (r, diags)
    }

    #[test]
    fn float_keys_become_version_strings() {
        let (node, _) = parse("x-changedInMatrixVersion:\n  1.3: text\n");
        let node = node.unwrap();
        let changed = node.get("x-changedInMatrixVersion").unwrap();
        assert_eq!(
            changed,
            &Node::Map(vec![("1.3".into(), Node::String("text".into()))])
        );
    }

    #[test]
    fn duplicate_key_keeps_last_and_warns() {
        let (node, diags) = parse("a:\n  type: string\n  type: integer\n");
        let a = node.unwrap();
        assert_eq!(
            a.get("a").unwrap().get("type").unwrap().as_str(),
            Some("integer")
        );
        let warnings: Vec<_> = diags.warnings().collect();
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].place, Place::Pointer("/a/type".into()));
    }

    #[test]
    fn json_with_trailing_comma_and_aliases_load() {
        let (node, _) = parse("{\"a\": [1, 2,], \"b\": {\"c\": true,},}");
        assert!(node.is_ok(), "{node:?}");
        let (node, _) = parse("a: &x {type: string}\nb: *x\n");
        let node = node.unwrap();
        assert_eq!(node.get("a"), node.get("b"));
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let (err, _) = parse("a: [1, 2\nb: c\n");
        let err = err.unwrap_err();
        assert!(matches!(err.place, Place::Line { line: 2.., .. }), "{err}");
    }

    #[test]
    fn join_refuses_to_leave_the_spec() {
        let from = SpecPath::new("event-schemas/schema/m.x.yaml");
        assert_eq!(
            from.join("../../api/client-server/definitions/a.yaml")
                .unwrap()
                .as_str(),
            "api/client-server/definitions/a.yaml"
        );
        assert_eq!(
            from.join("core/./b.yaml").unwrap().as_str(),
            "event-schemas/schema/core/b.yaml"
        );
        assert!(from.join("../../../etc/passwd").is_none());
    }
}
