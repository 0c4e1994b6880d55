//! Stage 7: put the generated file in place, or check that it is there.
//!
//! Writing goes to a temporary file in the output directory and is renamed
//! over the old file, so a reader sees either the old output or the new, and
//! a failed run leaves the old output as it was. An unchanged file is not
//! touched, so its modification time does not trigger rebuilds.

use std::io;
use std::path::Path;

/// What writing did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteOutcome {
    Written,
    Unchanged,
}

/// What a check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckOutcome {
    UpToDate,
    Missing,
    /// The first line (1-based) where the file on disk differs.
    Stale {
        line: usize,
    },
}

pub fn write_atomic(dir: &Path, name: &str, contents: &str) -> io::Result<WriteOutcome> {
    let target = dir.join(name);
    if let Ok(existing) = std::fs::read(&target) {
        if existing == contents.as_bytes() {
            return Ok(WriteOutcome::Unchanged);
        }
    }
    std::fs::create_dir_all(dir)?;
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::write(&temp, contents).and_then(|()| std::fs::rename(&temp, &target));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.map(|()| WriteOutcome::Written)
}

pub fn check(dir: &Path, name: &str, contents: &str) -> CheckOutcome {
    let Ok(existing) = std::fs::read(dir.join(name)) else {
        return CheckOutcome::Missing;
    };
    if existing == contents.as_bytes() {
        return CheckOutcome::UpToDate;
    }
    let existing = String::from_utf8_lossy(&existing);
    let mut old = existing.lines();
    let mut line = 1;
    for new in contents.lines() {
        if old.next() != Some(new) {
            return CheckOutcome::Stale { line };
        }
        line += 1;
    }
    CheckOutcome::Stale { line }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_when_changed_and_checks() {
        let dir = std::env::temp_dir().join(format!("matrix-codegen-write-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(check(&dir, "a.rs", "x\n"), CheckOutcome::Missing);
        assert_eq!(
            write_atomic(&dir, "a.rs", "x\n").unwrap(),
            WriteOutcome::Written
        );
        assert_eq!(
            write_atomic(&dir, "a.rs", "x\n").unwrap(),
            WriteOutcome::Unchanged
        );
        assert_eq!(check(&dir, "a.rs", "x\n"), CheckOutcome::UpToDate);
        assert_eq!(
            check(&dir, "a.rs", "x\ny\n"),
            CheckOutcome::Stale { line: 2 }
        );
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("a.rs")]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
