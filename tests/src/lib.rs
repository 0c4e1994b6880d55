//! Tests that span the generator and the code it writes.
//!
//! The golden files under `golden/` are the generator's output for the
//! sample spec (`sample.rs`) and for each fixture under `fixtures/`, less
//! the `__private` module that ends every output file: that module is the
//! same everywhere, so each golden module here includes its one source,
//! `codegen/src/emit/private_module.rs` (and, for a fixture with HTTP APIs,
//! `private_http.rs`). They are compiled here, so output
//! that does not build (or that clippy dislikes) fails the build, and
//! `codegen/tests/golden.rs` fails when they are stale.
//! Regenerate them with `UPDATE_EXPECT=1 cargo test -p matrix-codegen --test golden`.

/// Declares one module per golden file and [`GOLDEN_MODULES`], the list of
/// their names, from a single list, so the two cannot drift apart.
macro_rules! golden_modules {
    (http: $($with_http:ident),*; $($name:ident),* $(,)?) => {
        /// The generated code of each golden file, as a module.
        pub mod golden {
            $(
                pub mod $with_http {
                    include!(concat!("../golden/", stringify!($with_http), ".rs"));
                    include!("../../codegen/src/emit/private_module.rs");
                    include!("../../codegen/src/emit/private_http.rs");
                }
            )*
            $(
                pub mod $name {
                    include!(concat!("../golden/", stringify!($name), ".rs"));
                    include!("../../codegen/src/emit/private_module.rs");
                }
            )*
        }

        /// The modules above, by name, so the golden test can tell when a
        /// fixture was added without its module.
        pub const GOLDEN_MODULES: &[&str] = &[$(stringify!($with_http),)* $(stringify!($name)),*];
    };
}

golden_modules!(
    // Fixtures with HTTP APIs, generated with their HTTP conversions.
    http: http_api;
    sample,
    events,
    identifiers,
    all_of,
    annotations,
    map_content,
    maps,
    names,
    nullable,
    numbers,
    open_enum,
    same_types,
    quirks,
    refs,
    union,
    variants,
);
