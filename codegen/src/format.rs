//! Stage 6: tokens to formatted source text.

use proc_macro2::TokenStream;

use crate::diagnostics::{Diagnostic, Error, Place};
use crate::emit::{DocTable, PartSource, DOC_MARKER};
use crate::parallel;

/// Parses the tokens as a Rust file and prints it with prettyplease, under a
/// header that marks the file as generated.
pub fn format(tokens: TokenStream, header: &str) -> Result<String, Error> {
    let mut out = header_comment(header);
    out.push_str(&print(tokens)?);
    Ok(out)
}

/// Formats a file made of `count` parts, each a run of top-level items that
/// `emit(i)` makes, as tokens with their doc blocks set aside, or as text
/// that is copied (see `FileParts::source`). Parsing and printing are most of the
/// generator's time, so the parts are shared out among threads, the
/// heaviest (by `weight`) first, and their texts joined in file order.
/// prettyplease prints each top-level item on its own, and a doc attribute
/// as a line of its own that no layout decision depends on, so the result
/// is the same as formatting the whole file, docs and all, at once; the
/// golden tests hold it to that for every fixture and release.
pub fn format_parts(
    count: usize,
    weight: impl Fn(usize) -> usize,
    emit: impl Fn(usize) -> PartSource + Sync,
    header: &str,
) -> Result<String, Error> {
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(weight(i)));
    // Each thread makes its own tokens: `proc_macro2` tokens cannot move
    // between threads, but the printed text can.
    let texts = parallel::run_all(count, &order, |i| match emit(i) {
        PartSource::Tokens(tokens, docs) => Ok(splice_docs(&print(tokens)?, &docs)),
        PartSource::Text(text) => Ok(text.to_owned()),
    });
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

/// Puts each doc block back where its marker line is, as prettyplease
/// prints a doc attribute: `///`, the text after a space, trailing spaces
/// trimmed, at the marker's indentation.
fn splice_docs(text: &str, docs: &DocTable) -> String {
    let mut out = String::with_capacity(text.len() + 64 * docs.blocks.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_start_matches(' ');
        let indent = &line[..line.len() - body.len()];
        let block = (body.strip_prefix("///"))
            .and_then(|rest| rest.strip_prefix(DOC_MARKER))
            .and_then(|n| n.trim_end().parse::<usize>().ok())
            .and_then(|n| docs.blocks.get(n));
        let Some(block) = block else {
            out.push_str(line);
            continue;
        };
        for doc in block {
            out.push_str(indent);
            out.push_str("///");
            out.push_str(format!(" {doc}").trim_end_matches(' '));
            out.push('\n');
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::splice_docs;
    use crate::emit::{DocTable, DOC_MARKER};

    #[test]
    fn doc_blocks_go_back_at_their_markers_indentation() {
        let docs = DocTable {
            blocks: vec![
                vec!["First.".to_owned(), String::new(), "Trailing.  ".to_owned()],
                vec!["Field.".to_owned()],
            ],
        };
        let text = format!(
            "///{DOC_MARKER}0\npub struct A {{\n    ///{DOC_MARKER}1\n    pub a: i64,\n    /// kept\n}}\n"
        );
        assert_eq!(
            splice_docs(&text, &docs),
            "/// First.\n///\n/// Trailing.\npub struct A {\n    /// Field.\n    pub a: i64,\n    /// kept\n}\n"
        );
    }
}
