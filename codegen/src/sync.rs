//! `matrix-codegen sync`: replace the spec input folder with another release.
//!
//! The source is a local checkout of the spec repository (holding `data/`),
//! a `data/` folder itself, or the http(s) URL of a release tarball as code
//! hosts serve them (`matrix-spec-1.18/data/...`). Only what the generator
//! reads is copied: all of `event-schemas/` (schemas and examples) and every
//! file the schemas reference through `$ref`, wherever it is in `data/`.
//!
//! The new tree is built in a temporary sibling of the target and renamed
//! into place, so a sync that fails at any point leaves the target as it was.
//! [`SOURCE_FILE`] in the target records where the files came from and a
//! hash of them, so a reviewer can tell what a commit of the folder holds.

use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostics, Error};
use crate::load::SchemaLoader;

pub use crate::release::SOURCE_FILE;
use crate::release::{is_version, release_folder};

/// The folder holding the event schemas and their examples, copied whole.
const EVENT_SCHEMAS_DIR: &str = "event-schemas";

/// Release tarballs of the spec are a few megabytes; the limits only stop a
/// wrong URL or a hostile server from filling the disk or memory.
const MAX_DOWNLOAD_BYTES: u64 = 256 * 1024 * 1024;
const MAX_UNPACKED_BYTES: u64 = 1024 * 1024 * 1024;

/// What a successful sync did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncReport {
    /// What was written to [`SOURCE_FILE`].
    pub record: SourceRecord,
    /// Entries that were skipped (symbolic links and the like).
    pub warnings: Vec<String>,
}

/// Where a synced spec came from, as recorded in [`SOURCE_FILE`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRecord {
    /// The `--from` argument as given: a URL or a path.
    pub source: String,
    /// The release tag (`v1.18`), when the source names one.
    pub release: Option<String>,
    /// The commit a tarball was made from, when the tarball says so.
    pub commit: Option<String>,
    /// Number of files copied, [`SOURCE_FILE`] not counted.
    pub files: usize,
    /// See [`content_hash`].
    pub sha256: String,
}

impl SourceRecord {
    /// The JSON written to [`SOURCE_FILE`]. It holds no time stamp, so
    /// syncing the same source twice gives the same bytes.
    pub fn to_json(&self) -> String {
        let value = serde_json::json!({
            "source": self.source,
            "release": self.release,
            "commit": self.commit,
            "files": self.files,
            "sha256": self.sha256,
            "sha256_of": "the `sha256sum` lines (\"<hex>  <path>\\n\") of every other file in this folder, sorted by path",
            "synced_by": format!("matrix-codegen {}", env!("CARGO_PKG_VERSION")),
        });
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// Why a sync failed. The target folder is unchanged.
#[derive(Debug)]
pub struct SyncError {
    pub message: String,
    /// Problems found in the source spec, when it did not load.
    pub spec_errors: Option<Error>,
}

impl SyncError {
    fn new(message: impl Into<String>) -> Self {
        SyncError {
            message: message.into(),
            spec_errors: None,
        }
    }

    fn io(what: &str, path: &Path, e: io::Error) -> Self {
        SyncError::new(format!("cannot {what} `{}`: {e}", path.display()))
    }
}

impl fmt::Display for SyncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SyncError {}

/// Replaces `to` with the spec found at `from` (a URL or a local path).
pub fn sync(from: &str, to: &Path) -> Result<SyncReport, SyncError> {
    let target = Target::new(to)?;
    if from.starts_with("http://") || from.starts_with("https://") {
        let unpacked = TempDir::new(target.sibling("download"))?;
        let tarball = download(from)?;
        let found = unpack_data_folder(&tarball, from, unpacked.path())?;
        let release = found.release.or_else(|| release_in_url(from));
        let mut report = copy_spec(unpacked.path(), &target, from, release, found.commit)?;
        report.warnings.extend(found.warnings);
        Ok(report)
    } else {
        let source = Path::new(from);
        let data = find_data_folder(source)?;
        let release = release_folder(source);
        copy_spec(&data, &target, from, release, None)
    }
}

/// The folder being replaced, and where its replacement is built.
struct Target {
    dir: PathBuf,
    parent: PathBuf,
    name: String,
}

impl Target {
    fn new(dir: &Path) -> Result<Target, SyncError> {
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| !n.is_empty())
            .ok_or_else(|| {
                SyncError::new(format!(
                    "`{}` cannot be a target folder: it has no plain folder name",
                    dir.display()
                ))
            })?
            .to_owned();
        if dir.exists() && !dir.is_dir() {
            return Err(SyncError::new(format!(
                "`{}` exists and is not a folder",
                dir.display()
            )));
        }
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(|e| SyncError::io("create", &parent, e))?;
        Ok(Target {
            dir: dir.to_path_buf(),
            parent,
            name,
        })
    }

    /// A hidden sibling of the target. Same file system, so renames are
    /// atomic; the process id keeps two concurrent syncs apart.
    fn sibling(&self, purpose: &str) -> PathBuf {
        self.parent.join(format!(
            ".{}.sync-{purpose}-{}",
            self.name,
            std::process::id()
        ))
    }

    /// Puts the finished `staged` tree in place of the target.
    ///
    /// A folder cannot be renamed over a non-empty one, so the old folder is
    /// first moved aside, and moved back if the second rename fails.
    fn replace_with(&self, staged: TempDir) -> Result<(), SyncError> {
        if !self.dir.exists() {
            fs::rename(staged.path(), &self.dir)
                .map_err(|e| SyncError::io("move the new spec into", &self.dir, e))?;
            staged.keep();
            return Ok(());
        }
        let aside = self.sibling("old");
        let _ = fs::remove_dir_all(&aside);
        fs::rename(&self.dir, &aside)
            .map_err(|e| SyncError::io("move aside the old spec folder", &self.dir, e))?;
        if let Err(e) = fs::rename(staged.path(), &self.dir) {
            let _ = fs::rename(&aside, &self.dir);
            return Err(SyncError::io("move the new spec into", &self.dir, e));
        }
        staged.keep();
        // The sync has succeeded; a leftover old copy is only clutter.
        let _ = fs::remove_dir_all(&aside);
        Ok(())
    }
}

/// A folder removed when dropped, unless kept: every early return of a
/// failed sync cleans up after itself.
struct TempDir {
    path: PathBuf,
    keep: bool,
}

impl TempDir {
    fn new(path: PathBuf) -> Result<TempDir, SyncError> {
        // A leftover of an earlier, killed run with the same process id.
        let _ = fs::remove_dir_all(&path);
        fs::create_dir(&path).map_err(|e| SyncError::io("create", &path, e))?;
        Ok(TempDir { path, keep: false })
    }

    fn path(&self) -> &Path {
        &self.path
    }

    fn keep(mut self) {
        self.keep = true;
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if !self.keep {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

/// A checkout holds `data/event-schemas/`; a data folder holds `event-schemas/`.
fn find_data_folder(source: &Path) -> Result<PathBuf, SyncError> {
    if !source.is_dir() {
        return Err(SyncError::new(format!(
            "`{}` does not exist or is not a folder (expected a spec checkout, its `data/` folder, or an http(s) URL of a release tarball)",
            source.display()
        )));
    }
    let checkout_data = source.join("data");
    if checkout_data.join(EVENT_SCHEMAS_DIR).is_dir() {
        return Ok(checkout_data);
    }
    if source.join(EVENT_SCHEMAS_DIR).is_dir() {
        return Ok(source.to_path_buf());
    }
    Err(SyncError::new(format!(
        "`{}` holds neither `data/{EVENT_SCHEMAS_DIR}/` (a spec checkout) nor `{EVENT_SCHEMAS_DIR}/` (a spec `data/` folder)",
        source.display()
    )))
}

/// Copies what the generator needs from `data` into a staged tree, records
/// the source, and swaps the tree in for the target.
fn copy_spec(
    data: &Path,
    target: &Target,
    source: &str,
    release: Option<String>,
    commit: Option<String>,
) -> Result<SyncReport, SyncError> {
    let mut warnings = Vec::new();
    let mut files: BTreeSet<String> = BTreeSet::new();
    list_files(
        &data.join(EVENT_SCHEMAS_DIR),
        EVENT_SCHEMAS_DIR,
        &mut files,
        &mut warnings,
    )?;

    // The loader follows every `$ref` from the schemas; the files it read
    // outside `event-schemas/` (the client-server API's definitions) are
    // the rest of what generation needs.
    let mut diags = Diagnostics::default();
    let loaded = SchemaLoader::new(data)
        .load(&mut diags)
        .map_err(|error| SyncError {
            message: format!(
                "the spec in `{}` does not load, so it was not copied",
                data.display()
            ),
            spec_errors: Some(error),
        })?;
    files.extend(loaded.paths().map(|p| p.as_str().to_owned()));
    // Only possible at the top of `data/`, where nothing is referenced
    // from; it would be overwritten by the record anyway.
    files.remove(SOURCE_FILE);

    let staged = TempDir::new(target.sibling("new"))?;
    for relative in &files {
        let from = data.join(relative);
        let bytes = fs::read(&from).map_err(|e| SyncError::io("read", &from, e))?;
        let to = staged.path().join(relative);
        if let Some(dir) = to.parent() {
            fs::create_dir_all(dir).map_err(|e| SyncError::io("create", dir, e))?;
        }
        fs::write(&to, &bytes).map_err(|e| SyncError::io("write", &to, e))?;
    }
    let record = SourceRecord {
        source: source.to_owned(),
        release,
        commit,
        files: files.len(),
        // Hashed from the staged copy, so the record describes exactly
        // what is put in place.
        sha256: content_hash(staged.path())
            .map_err(|e| SyncError::io("read back", staged.path(), e))?,
    };
    let record_path = staged.path().join(SOURCE_FILE);
    fs::write(&record_path, record.to_json())
        .map_err(|e| SyncError::io("write", &record_path, e))?;
    target.replace_with(staged)?;
    Ok(SyncReport { record, warnings })
}

/// Every regular file under `dir`, as paths relative to the data folder.
/// Links are skipped: following them could leave the source or loop.
fn list_files(
    dir: &Path,
    relative: &str,
    out: &mut BTreeSet<String>,
    warnings: &mut Vec<String>,
) -> Result<(), SyncError> {
    let entries = fs::read_dir(dir).map_err(|e| SyncError::io("list", dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| SyncError::io("list", dir, e))?;
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            warnings.push(format!(
                "skipped `{}`: its name is not UTF-8",
                path.display()
            ));
            continue;
        };
        let child = format!("{relative}/{name}");
        let kind = entry
            .file_type()
            .map_err(|e| SyncError::io("inspect", &path, e))?;
        if kind.is_dir() {
            list_files(&path, &child, out, warnings)?;
        } else if kind.is_file() {
            out.insert(child);
        } else {
            warnings.push(format!(
                "skipped `{}`: not a regular file or folder",
                path.display()
            ));
        }
    }
    Ok(())
}

/// The hash recorded in [`SOURCE_FILE`] for a synced folder, recomputed:
/// SHA-256 over the `sha256sum` lines of every file except the record,
/// sorted by path. The same value comes out of
/// `find . -type f ! -path ./SOURCE.json -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum`.
pub fn content_hash(dir: &Path) -> io::Result<String> {
    let mut files = BTreeSet::new();
    list_all(dir, "", &mut files)?;
    files.remove(SOURCE_FILE);
    let mut hash_input = String::new();
    for relative in &files {
        let bytes = fs::read(dir.join(relative))?;
        hash_input.push_str(&format!("{}  {relative}\n", hex(&Sha256::digest(&bytes))));
    }
    Ok(hex(&Sha256::digest(hash_input.as_bytes())))
}

fn list_all(dir: &Path, relative: &str, out: &mut BTreeSet<String>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let child = if relative.is_empty() {
            name
        } else {
            format!("{relative}/{name}")
        };
        let kind = entry.file_type()?;
        if kind.is_dir() {
            list_all(&entry.path(), &child, out)?;
        } else if kind.is_file() {
            out.insert(child);
        }
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Fetches the tarball into memory, following redirects (code hosts answer
/// release archive URLs with one).
fn download(url: &str) -> Result<Vec<u8>, SyncError> {
    let agent = ureq::AgentBuilder::new()
        .timeout_connect(Duration::from_secs(20))
        .timeout_read(Duration::from_secs(60))
        .build();
    let response = match agent.get(url).call() {
        Ok(response) => response,
        Err(ureq::Error::Status(code, response)) => {
            return Err(SyncError::new(format!(
                "cannot download `{url}`: the server answered {code} {}",
                response.status_text()
            )))
        }
        Err(ureq::Error::Transport(e)) => {
            return Err(SyncError::new(format!("cannot download `{url}`: {e}")))
        }
    };
    let mut body = Vec::new();
    response
        .into_reader()
        .take(MAX_DOWNLOAD_BYTES + 1)
        .read_to_end(&mut body)
        .map_err(|e| SyncError::new(format!("cannot download `{url}`: {e}")))?;
    if body.len() as u64 > MAX_DOWNLOAD_BYTES {
        return Err(SyncError::new(format!(
            "cannot download `{url}`: it is larger than {MAX_DOWNLOAD_BYTES} bytes, which no spec release is"
        )));
    }
    Ok(body)
}

/// What unpacking a tarball found besides the files.
struct Unpacked {
    release: Option<String>,
    commit: Option<String>,
    warnings: Vec<String>,
}

/// Unpacks the `data/` folder of a release tarball (`<top>/data/...`) into
/// `into`. Entries outside `data/`, links and special files are skipped;
/// entries whose paths could leave `into` are refused.
fn unpack_data_folder(tarball: &[u8], url: &str, into: &Path) -> Result<Unpacked, SyncError> {
    let bad =
        |what: String| SyncError::new(format!("`{url}` is not a usable spec tarball: {what}"));
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(tarball));
    let entries = archive
        .entries()
        .map_err(|e| bad(format!("cannot read it as .tar.gz: {e}")))?;
    let mut found = Unpacked {
        release: None,
        commit: None,
        warnings: Vec::new(),
    };
    let mut top_folders: BTreeSet<String> = BTreeSet::new();
    let mut unpacked_bytes: u64 = 0;
    let mut data_files = 0usize;
    for entry in entries {
        let mut entry = entry.map_err(|e| bad(format!("cannot read it as .tar.gz: {e}")))?;
        let kind = entry.header().entry_type();
        if kind.is_pax_global_extensions() {
            // Code hosts put the commit id in a pax `comment` record.
            let mut records = Vec::new();
            let _ = (&mut entry).take(64 * 1024).read_to_end(&mut records);
            found.commit = found.commit.or_else(|| commit_in_pax(&records));
            continue;
        }
        let path = entry
            .path()
            .map_err(|e| bad(format!("an entry has an unreadable path: {e}")))?
            .into_owned();
        let mut parts = Vec::new();
        for component in path.components() {
            match component {
                Component::Normal(part) => match part.to_str() {
                    Some(p) => parts.push(p.to_owned()),
                    None => return Err(bad(format!("`{}` is not a UTF-8 path", path.display()))),
                },
                Component::CurDir => {}
                _ => {
                    return Err(bad(format!(
                        "entry `{}` would be written outside the folder it is unpacked into",
                        path.display()
                    )))
                }
            }
        }
        // `<top>/data/<rest...>`; a tarball made from inside the checkout
        // (`data/<rest...>`) is accepted too.
        let rest = match parts.as_slice() {
            [top, data, rest @ ..] if data == "data" => {
                top_folders.insert(top.clone());
                rest
            }
            [data, rest @ ..] if data == "data" => rest,
            _ => continue,
        };
        if rest.is_empty() {
            continue;
        }
        let out = rest.iter().fold(into.to_path_buf(), |p, part| p.join(part));
        if kind.is_dir() {
            fs::create_dir_all(&out).map_err(|e| SyncError::io("create", &out, e))?;
        } else if kind.is_file() {
            unpacked_bytes += entry.size();
            if unpacked_bytes > MAX_UNPACKED_BYTES {
                return Err(bad(format!(
                    "its data/ folder unpacks to more than {MAX_UNPACKED_BYTES} bytes"
                )));
            }
            if let Some(dir) = out.parent() {
                fs::create_dir_all(dir).map_err(|e| SyncError::io("create", dir, e))?;
            }
            let mut file = fs::File::create(&out).map_err(|e| SyncError::io("create", &out, e))?;
            io::copy(&mut entry, &mut file)
                .map_err(|e| bad(format!("cannot unpack `{}`: {e}", path.display())))?;
            data_files += 1;
        } else {
            found.warnings.push(format!(
                "skipped `{}` in the tarball: not a regular file or folder",
                path.display()
            ));
        }
    }
    if data_files == 0 {
        return Err(bad(
            "it has no `data/` folder (expected one top-level folder holding `data/`)".to_owned(),
        ));
    }
    if top_folders.len() == 1 {
        found.release = top_folders.iter().next().and_then(|t| release_in_name(t));
    }
    Ok(found)
}

/// The value of a pax `comment` record that is a commit id.
fn commit_in_pax(records: &[u8]) -> Option<String> {
    // Records are `<length> <key>=<value>\n`.
    let text = std::str::from_utf8(records).ok()?;
    text.lines().find_map(|line| {
        let (_, record) = line.split_once(' ')?;
        let value = record.strip_prefix("comment=")?;
        let is_commit = value.len() == 40 && value.bytes().all(|b| b.is_ascii_hexdigit());
        is_commit.then(|| value.to_owned())
    })
}

/// `v1.18` from a tarball's top folder (`matrix-spec-1.18`,
/// `matrix-spec-v1.18`) or a file name (`v1.18.tar.gz`).
pub fn release_in_name(name: &str) -> Option<String> {
    let name = name
        .strip_suffix(".tar.gz")
        .or_else(|| name.strip_suffix(".tgz"))
        .unwrap_or(name);
    let last = name.rsplit('-').next().unwrap_or(name);
    let version = last.strip_prefix('v').unwrap_or(last);
    is_version(version).then(|| format!("v{version}"))
}

/// The last path segment of a URL that names a release.
fn release_in_url(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.rsplit('/')
        .filter(|segment| !segment.is_empty())
        .find_map(release_in_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn releases_are_read_from_names() {
        assert_eq!(
            release_in_name("matrix-spec-1.18").as_deref(),
            Some("v1.18")
        );
        assert_eq!(release_in_name("matrix-spec-v1.7").as_deref(), Some("v1.7"));
        assert_eq!(release_in_name("v1.2.tar.gz").as_deref(), Some("v1.2"));
        assert_eq!(release_in_name("matrix-spec-main"), None);
        assert_eq!(release_in_name("matrix-spec"), None);
        assert_eq!(
            release_in_url("https://example.org/archive/refs/tags/v1.9.tar.gz?x=1").as_deref(),
            Some("v1.9")
        );
        assert_eq!(release_in_url("https://example.org/spec.tar.gz"), None);
    }

    #[test]
    fn pax_comment_gives_the_commit() {
        let records = b"52 comment=c346686b0d207ef4c0420c3a1a418d7e5280d6e5\n";
        assert_eq!(
            commit_in_pax(records).as_deref(),
            Some("c346686b0d207ef4c0420c3a1a418d7e5280d6e5")
        );
        assert_eq!(commit_in_pax(b"20 comment=hello\n"), None);
    }
}
