//! The README's build-script instructions are the downstream example crate's
//! files, so following the README gives a crate that is known to build.

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap()
}

/// The fenced block that starts with `first_line`.
fn block_starting_with(text: &str, first_line: &str) -> Option<String> {
    let start = text.find(&format!("```rust\n{first_line}\n"))? + "```rust\n".len();
    let len = text[start..].find("```")?;
    Some(text[start..start + len].to_owned())
}

#[test]
fn the_readme_build_script_is_the_downstream_crates() {
    let build_rs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/downstream/build.rs"))
            .unwrap();
    let in_readme =
        block_starting_with(&readme(), "// build.rs").expect("the README shows a build.rs");
    assert_eq!(
        in_readme, build_rs,
        "update README.md's build.rs block from tests/downstream/build.rs"
    );
}

#[test]
fn the_readme_include_line_is_the_downstream_crates() {
    let lib_rs = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/downstream/src/lib.rs"
    ))
    .unwrap();
    let include = lib_rs.lines().find(|l| l.starts_with("include!")).unwrap();
    assert!(
        readme().contains(include),
        "the README must show `{include}`"
    );
}
