//! Stage 6: tokens to formatted source text.

use proc_macro2::TokenStream;

use crate::diagnostics::{Diagnostic, Error, Place};

/// Parses the tokens as a Rust file and prints it with prettyplease, under a
/// header that marks the file as generated.
pub fn format(tokens: TokenStream, header: &str) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| {
        // The emitter made tokens that are not Rust: a generator bug, not a
        // spec problem, but still reported rather than panicking.
        Error::single(
            Diagnostic::error(
                None,
                Place::File,
                format!("internal error: generated code does not parse: {e}"),
            )
            .with_hint("please report this with the spec that caused it"),
        )
    })?;
    let mut out = String::with_capacity(header.len() + 64 * 1024);
    for line in header.lines() {
        out.push_str("// ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&prettyplease::unparse(&file));
    Ok(out)
}
