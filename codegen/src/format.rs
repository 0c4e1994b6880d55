//! Stage 6: tokens to formatted source text.

use proc_macro2::TokenStream;

use crate::diagnostics::{Diagnostic, Error, Place};
use crate::parallel;

/// Parses the tokens as a Rust file and prints it with prettyplease, under a
/// header that marks the file as generated.
pub fn format(tokens: TokenStream, header: &str) -> Result<String, Error> {
    let mut out = header_comment(header);
    out.push_str(&print(tokens)?);
    Ok(out)
}

/// Formats a file made of `count` parts, each a run of top-level items that
/// `emit(i)` makes. Parsing and printing are most of the generator's time,
/// so the parts are shared out among threads, the heaviest (by `weight`)
/// first, and their texts joined in file order. prettyplease prints each
/// top-level item on its own, so the result is the same as formatting the
/// whole file at once; the golden tests hold it to that.
pub fn format_parts(
    count: usize,
    weight: impl Fn(usize) -> usize,
    emit: impl Fn(usize) -> TokenStream + Sync,
    header: &str,
) -> Result<String, Error> {
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(weight(i)));
    // Each thread makes its own tokens: `proc_macro2` tokens cannot move
    // between threads, but the printed text can.
    let texts = parallel::run_all(count, &order, |i| print(emit(i)));
    let mut out = header_comment(header);
    for text in texts {
        match text {
            Some(text) => out.push_str(&text?),
            // A panic in the emitter or printer is a generator bug; the
            // parts that thread had done are missing.
            None => return Err(internal("a formatting thread stopped")),
        }
    }
    Ok(out)
}

fn header_comment(header: &str) -> String {
    let mut out = String::with_capacity(header.len() + 64 * 1024);
    for line in header.lines() {
        out.push_str("// ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

fn print(tokens: TokenStream) -> Result<String, Error> {
    // The emitter made tokens that are not Rust: a generator bug, not a
    // spec problem, but still reported rather than panicking.
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| internal(&format!("generated code does not parse: {e}")))?;
    Ok(prettyplease::unparse(&file))
}

fn internal(what: &str) -> Error {
    Error::single(
        Diagnostic::error(None, Place::File, format!("internal error: {what}"))
            .with_hint("please report this with the spec that caused it"),
    )
}
