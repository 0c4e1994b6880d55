//! `matrix-codegen sync`: from a checkout, a `data/` folder and a tarball
//! URL, and failures that must leave the target folder exactly as it was.
//!
//! URLs are served by a small HTTP server each test starts on 127.0.0.1;
//! nothing else is contacted.

mod support;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::time::Duration;

use matrix_codegen::sync::{content_hash, sync, SOURCE_FILE};
use support::{copy_dir, run, sample_spec, temp_dir, write};

/// A schema outside `event-schemas/`, referenced from an event, as the real
/// spec references `api/client-server/definitions/`.
const EXTRA_EVENT: &str = "event-schemas/schema/m.extra.yaml";
const REFERENCED: &str = "api/client-server/definitions/extra_thing.yaml";
const UNREFERENCED: &str = "api/client-server/unrelated.yaml";

/// A spec `data/` folder: the sample, plus one event whose schema reaches
/// outside `event-schemas/`, plus a file nothing references.
fn make_data_folder(data: &Path) {
    copy_dir(&sample_spec(), data);
    write(
        data,
        EXTRA_EVENT,
        "type: object\nproperties:\n  content:\n    $ref: ../../api/client-server/definitions/extra_thing.yaml\n  type:\n    type: string\n    enum: [m.extra]\n",
    );
    write(
        data,
        REFERENCED,
        "type: object\nproperties:\n  thing:\n    type: string\n",
    );
    write(data, UNREFERENCED, "type: object\n");
}

/// Every file under `dir` with its bytes, to compare trees exactly.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, rel: &str, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().into_string().unwrap();
            let child = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &child, out);
            } else {
                out.insert(child, std::fs::read(entry.path()).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, "", &mut out);
    out
}

/// Names in `dir` other than `keep`: leftovers of a sync's temporary folders.
fn leftovers(dir: &Path, keep: &[&str]) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect()
}

fn record(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join(SOURCE_FILE)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// What a synced folder must hold: every file of `event-schemas/`, the
/// referenced definition, not the unreferenced file, and a record whose hash
/// matches the files.
fn assert_synced_from(data: &Path, target: &Path) {
    let source = tree(data);
    let synced = tree(target);
    for (path, bytes) in &source {
        if path.starts_with("event-schemas/") || path == REFERENCED {
            assert_eq!(synced.get(path), Some(bytes), "{path} not copied as is");
        }
    }
    assert!(
        !synced.contains_key(UNREFERENCED),
        "copied an unreferenced file"
    );
    assert!(
        !synced.contains_key("README.md"),
        "copied a file outside event-schemas"
    );
    let record = record(target);
    assert_eq!(record["files"], synced.len() - 1, "{record}");
    assert_eq!(record["sha256"], content_hash(target).unwrap());
}

#[test]
fn syncs_from_a_checkout_and_replaces_the_target() {
    let root = temp_dir("checkout");
    let checkout = root.join("matrix-spec");
    make_data_folder(&checkout.join("data"));
    let target = root.join("project").join("spec");
    write(&target, "stale.yaml", "left from an older release\n");

    let report = sync(checkout.to_str().unwrap(), &target).unwrap();

    assert_synced_from(&checkout.join("data"), &target);
    assert!(!target.join("stale.yaml").exists(), "old contents kept");
    assert_eq!(report.record.source, checkout.to_str().unwrap());
    assert_eq!(report.record.release, None);
    assert_eq!(record(&target)["source"], checkout.to_str().unwrap());
    assert_eq!(
        leftovers(&root.join("project"), &["spec"]),
        Vec::<String>::new()
    );

    // The synced folder is a spec the generator reads.
    let generated = matrix_codegen::Builder::new().spec_dir(&target).generate();
    assert!(generated.is_ok(), "{:?}", generated.err());

    // Syncing the same source again writes the same bytes.
    let before = tree(&target);
    sync(checkout.to_str().unwrap(), &target).unwrap();
    assert_eq!(tree(&target), before);
}

#[test]
fn syncs_from_a_data_folder_and_reads_the_release_from_its_path() {
    let root = temp_dir("data-folder");
    let data = root.join("v1.42").join("data");
    make_data_folder(&data);
    let target = root.join("spec");

    let report = sync(data.to_str().unwrap(), &target).unwrap();

    assert_synced_from(&data, &target);
    assert_eq!(report.record.release.as_deref(), Some("v1.42"));
    assert_eq!(record(&target)["release"], "v1.42");
}

#[test]
fn a_folder_without_event_schemas_is_refused() {
    let root = temp_dir("not-a-spec");
    let target = root.join("spec");
    write(&target, "keep.yaml", "mine\n");
    let before = tree(&target);

    let error = sync(root.join("nowhere").to_str().unwrap(), &target).unwrap_err();
    assert!(error.message.contains("nowhere"), "{error}");

    std::fs::create_dir_all(root.join("empty")).unwrap();
    let error = sync(root.join("empty").to_str().unwrap(), &target).unwrap_err();
    assert!(error.message.contains("event-schemas"), "{error}");

    assert_eq!(tree(&target), before);
}

#[test]
fn a_spec_that_does_not_load_is_not_copied() {
    let root = temp_dir("broken");
    let data = root.join("data");
    make_data_folder(&data);
    write(
        &data,
        "event-schemas/schema/m.broken.yaml",
        "type: [object\n",
    );
    let target = root.join("spec");
    write(&target, "keep.yaml", "mine\n");
    let before = tree(&target);

    let error = sync(data.to_str().unwrap(), &target).unwrap_err();

    let spec_errors = error.spec_errors.expect("the loader's errors");
    assert!(
        spec_errors.to_string().contains("m.broken.yaml"),
        "{spec_errors}"
    );
    assert_eq!(tree(&target), before);
    assert_eq!(leftovers(&root, &["data", "spec"]), Vec::<String>::new());
}

/// A release tarball as code hosts serve them: a pax global header with the
/// commit, then everything under one top-level folder.
fn tarball(data: &Path, top: &str, commit: &str) -> Vec<u8> {
    tarball_with(data, top, commit, |_| {})
}

/// [`tarball`], with `extra` adding entries after the `data/` folder.
fn tarball_with(
    data: &Path,
    top: &str,
    commit: &str,
    extra: impl FnOnce(&mut tar::Builder<flate2::write::GzEncoder<Vec<u8>>>),
) -> Vec<u8> {
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut builder = tar::Builder::new(gz);

    let record = format!("comment={commit}\n");
    // The length counts itself: "52 comment=<40 hex>\n" is 52 bytes.
    let line = format!("{} {record}", record.len() + 3);
    let mut header = tar::Header::new_ustar();
    header.set_entry_type(tar::EntryType::XGlobalHeader);
    header.set_path("pax_global_header").unwrap();
    header.set_size(line.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    builder.append(&header, line.as_bytes()).unwrap();

    let readme = b"not part of data/\n";
    let mut header = tar::Header::new_gnu();
    header.set_size(readme.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    builder
        .append_data(&mut header, format!("{top}/README.md"), &readme[..])
        .unwrap();
    builder.append_dir_all(format!("{top}/data"), data).unwrap();
    extra(&mut builder);
    builder.into_inner().unwrap().finish().unwrap()
}

/// Serves `body` at `path` and 404 elsewhere, on 127.0.0.1, for at most
/// `requests` connections; returns the base URL.
fn serve(path: &'static str, body: Vec<u8>, requests: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let Ok(stream) = stream else { continue };
            answer(stream, path, &body);
        }
    });
    format!("http://{address}")
}

fn answer(mut stream: TcpStream, path: &str, body: &[u8]) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    let request = String::from_utf8_lossy(&request);
    let asked = request.split_whitespace().nth(1).unwrap_or("");
    let (status, body): (&str, &[u8]) = if asked == path {
        ("200 OK", body)
    } else {
        ("404 Not Found", b"no such file\n")
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/gzip\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

const COMMIT: &str = "c346686b0d207ef4c0420c3a1a418d7e5280d6e5";

#[test]
fn syncs_from_a_tarball_url() {
    let root = temp_dir("tarball");
    let data = root.join("source-data");
    make_data_folder(&data);
    let base = serve(
        "/archive/matrix-spec-1.18.tar.gz",
        tarball(&data, "matrix-spec-1.18", COMMIT),
        4,
    );
    let url = format!("{base}/archive/matrix-spec-1.18.tar.gz");
    let target = root.join("spec");
    write(&target, "stale.yaml", "old\n");

    let output = run(&["sync", "--from", &url, "--to", target.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("v1.18"), "{stderr}");

    assert_synced_from(&data, &target);
    assert!(!target.join("stale.yaml").exists());
    let record = record(&target);
    assert_eq!(record["source"], url.as_str());
    assert_eq!(record["release"], "v1.18");
    assert_eq!(record["commit"], COMMIT);
    assert_eq!(
        leftovers(&root, &["source-data", "spec"]),
        Vec::<String>::new()
    );
}

#[test]
fn a_missing_url_fails_and_leaves_the_target_untouched() {
    let root = temp_dir("url-404");
    let base = serve("/matrix-spec-1.18.tar.gz", Vec::new(), 4);
    let target = root.join("spec");
    make_data_folder(&target);
    let before = tree(&target);

    let url = format!("{base}/does-not-exist.tar.gz");
    let output = run(&["sync", "--from", &url, "--to", target.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&url) && stderr.contains("404"), "{stderr}");

    assert_eq!(tree(&target), before);
    assert_eq!(leftovers(&root, &["spec"]), Vec::<String>::new());
}

#[test]
fn a_closed_port_fails_and_leaves_the_target_untouched() {
    let root = temp_dir("url-closed");
    let target = root.join("spec");
    make_data_folder(&target);
    let before = tree(&target);
    // A port that was free a moment ago and has nobody listening now.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();

    let url = format!("http://127.0.0.1:{port}/matrix-spec-1.18.tar.gz");
    let error = sync(&url, &target).unwrap_err();
    assert!(error.message.contains(&url), "{error}");

    assert_eq!(tree(&target), before);
    assert_eq!(leftovers(&root, &["spec"]), Vec::<String>::new());
}

#[test]
fn a_url_that_is_not_a_spec_tarball_fails() {
    let root = temp_dir("url-garbage");
    let base = serve("/spec.tar.gz", b"<html>not a tarball</html>".to_vec(), 2);
    let target = root.join("spec");
    write(&target, "keep.yaml", "mine\n");
    let before = tree(&target);

    let error = sync(&format!("{base}/spec.tar.gz"), &target).unwrap_err();
    assert!(error.message.contains("tar.gz"), "{error}");

    assert_eq!(tree(&target), before);
    assert_eq!(leftovers(&root, &["spec"]), Vec::<String>::new());
}

#[test]
fn a_tarball_entry_that_climbs_out_is_refused_and_the_target_kept() {
    let root = temp_dir("tarball-escape");
    let data = root.join("source-data");
    make_data_folder(&data);
    // A valid spec tarball with one more entry whose path goes up and out
    // of the folder it is unpacked into. `Header::set_path` refuses `..`,
    // so the name is written into the header bytes directly.
    let body = tarball_with(&data, "spec-1.18", COMMIT, |builder| {
        let payload = b"escaped\n";
        let mut header = tar::Header::new_gnu();
        let name = b"spec-1.18/data/../../../escaped.txt";
        header.as_old_mut().name[..name.len()].copy_from_slice(name);
        header.set_size(payload.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder.append(&header, &payload[..]).unwrap();
    });
    let base = serve("/spec.tar.gz", body, 2);
    let target = root.join("spec");
    write(&target, "keep.yaml", "mine\n");
    let before = tree(&target);

    let error = sync(&format!("{base}/spec.tar.gz"), &target).unwrap_err();
    assert!(
        error.message.contains("would be written outside"),
        "{error}"
    );
    assert_eq!(tree(&target), before);
    assert_eq!(
        leftovers(&root, &["source-data", "spec"]),
        Vec::<String>::new()
    );
    for dir in [root.to_path_buf(), root.parent().unwrap().to_path_buf()] {
        assert!(!dir.join("escaped.txt").exists(), "{}", dir.display());
    }
}
