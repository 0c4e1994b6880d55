//! Tests that span the generator and the code it writes.
//!
//! The golden files under `golden/` are the generator's output for the
//! sample spec (`sample.rs`) and for each fixture under `fixtures/`. They are
//! compiled here, so output that does not build (or that clippy dislikes)
//! fails the build, and `codegen/tests/golden.rs` fails when they are stale.
//! Regenerate them with `UPDATE_EXPECT=1 cargo test -p matrix-codegen --test golden`.

/// The generated code of each golden file, as a module.
pub mod golden {
    pub mod sample {
        include!("../golden/sample.rs");
    }
    pub mod events {
        include!("../golden/events.rs");
    }
    pub mod all_of {
        include!("../golden/all_of.rs");
    }
    pub mod annotations {
        include!("../golden/annotations.rs");
    }
    pub mod map_content {
        include!("../golden/map_content.rs");
    }
    pub mod maps {
        include!("../golden/maps.rs");
    }
    pub mod names {
        include!("../golden/names.rs");
    }
    pub mod nullable {
        include!("../golden/nullable.rs");
    }
    pub mod numbers {
        include!("../golden/numbers.rs");
    }
    pub mod open_enum {
        include!("../golden/open_enum.rs");
    }
    pub mod quirks {
        include!("../golden/quirks.rs");
    }
    pub mod refs {
        include!("../golden/refs.rs");
    }
    pub mod union {
        include!("../golden/union.rs");
    }
    pub mod variants {
        include!("../golden/variants.rs");
    }
}

/// The modules above, by name, so the golden test can tell when a fixture
/// was added without its module.
pub const GOLDEN_MODULES: &[&str] = &[
    "sample",
    "all_of",
    "events",
    "annotations",
    "map_content",
    "maps",
    "names",
    "nullable",
    "numbers",
    "open_enum",
    "quirks",
    "refs",
    "union",
    "variants",
];
