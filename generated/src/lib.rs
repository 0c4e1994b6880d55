//! Matrix event types, generated from the Matrix specification's event
//! schemas by `matrix-codegen`.
//!
//! The types are built from the spec in `MATRIX_SPEC_DIR` at build time (or
//! from the sample spec in this repository when it is unset).

include!(concat!(env!("OUT_DIR"), "/matrix_events.rs"));
