//! A downstream crate: the README's `build.rs` and `include!` line, used as
//! a user would. `matrix-spec/data` links to the repository's sample spec.

include!(concat!(env!("OUT_DIR"), "/matrix_events.rs"));
