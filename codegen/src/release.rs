//! Which spec release a folder holds, for doc links, diff headings and the
//! sync record.

use std::path::Path;

/// The file in a synced spec folder that says where its contents came from
/// (written by `matrix-codegen sync`).
pub const SOURCE_FILE: &str = "SOURCE.json";

/// `1.18`, `1.2.3`: two or three dot-separated numbers.
pub fn is_version(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// `1.7` -> `(1, 7)`, `1.2.3` -> `(1, 2)`: the release an
/// `x-addedInMatrixVersion` or `x-changedInMatrixVersion` names, to compare.
pub fn major_minor(version: &str) -> Option<(u32, u32)> {
    let version = version.trim();
    if !is_version(version) {
        return None;
    }
    let mut parts = version.split('.').map(str::parse);
    Some((parts.next()?.ok()?, parts.next()?.ok()?))
}

/// `v1.18`, `v1.2.3`: a spec release tag.
pub fn is_release_name(name: &str) -> bool {
    name.strip_prefix('v').is_some_and(is_version)
}

/// The release `sync` recorded in a spec folder's [`SOURCE_FILE`]. The
/// folder's name is not asked: generated code depends on the spec's
/// content and the options only, wherever the folder is.
pub fn recorded_release(dir: &Path) -> Option<String> {
    std::fs::read(dir.join(SOURCE_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .and_then(|record| record.get("release")?.as_str().map(str::to_owned))
        .filter(|r| is_release_name(r))
}

/// The last `vX.Y` folder on a path (`.../matrix-spec/v1.18/data`).
pub fn release_folder(path: &Path) -> Option<String> {
    let absolute = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    absolute
        .components()
        .rev()
        .filter_map(|c| c.as_os_str().to_str())
        .find(|c| is_release_name(c))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_names_are_two_or_three_numbers_after_v() {
        assert!(is_release_name("v1.18"));
        assert!(is_release_name("v1.2.3"));
        assert!(!is_release_name("v1"));
        assert!(!is_release_name("v1.2.3.4"));
        assert!(!is_release_name("1.18"));
        assert!(!is_release_name("v1.x"));
        assert_eq!(
            release_folder(Path::new("/nowhere/matrix-spec/v1.18/data")).as_deref(),
            Some("v1.18")
        );
        assert_eq!(release_folder(Path::new("/nowhere/spec")), None);
    }
}
