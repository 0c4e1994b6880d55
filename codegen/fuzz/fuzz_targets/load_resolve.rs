//! Arbitrary bytes as spec files, through load, resolve and the rest of the
//! pipeline. The input is split at the first NUL-free `\n---8<---\n` into an
//! event schema and a component it may `$ref` as `components/c.yaml`, so
//! references between files are exercised too. Generation may fail; it must
//! never panic, hang or run out of memory.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn spec_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("matrix-codegen-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("event-schemas/schema/components")).unwrap();
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    const CUT: &[u8] = b"\n---8<---\n";
    let (event, component) = match data.windows(CUT.len()).position(|w| w == CUT) {
        Some(at) => (&data[..at], &data[at + CUT.len()..]),
        None => (data, &b"type: object\nproperties:\n  x: {type: string}\n"[..]),
    };
    let dir = spec_dir();
    let schemas = dir.join("event-schemas/schema");
    std::fs::write(schemas.join("m.fuzz.yaml"), event).unwrap();
    std::fs::write(schemas.join("components/c.yaml"), component).unwrap();
    let _ = matrix_codegen::Builder::new().spec_dir(dir).generate();
});
