//! Schema descriptions as rustdoc Markdown.
//!
//! The spec's descriptions are Markdown written for the spec website, so a
//! few things must change before rustdoc reads them: links relative to the
//! site become absolute, bracketed words that are not links are escaped
//! (rustdoc would try to resolve them as item paths), bare URLs and
//! HTML-looking placeholders are made literal, and code blocks without a
//! language are marked `text` so they are never compiled as doctests.

use crate::model::Docs;

/// Turns schema docs into the lines of a doc comment.
pub fn render(docs: &Docs, spec_version: &str) -> Vec<String> {
    let mut text = String::new();
    if let Some(description) = &docs.description {
        text.push_str(&markdown(description.trim(), spec_version));
    }
    let mut notes = Vec::new();
    if let Some(version) = &docs.added_in {
        notes.push(format!("*Added in Matrix v{version}.*"));
    }
    for (version, what) in &docs.changed_in {
        let what = markdown(what.trim(), spec_version).replace('\n', " ");
        notes.push(format!("*Changed in Matrix v{version}:* {what}"));
    }
    if !notes.is_empty() {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&notes.join("\n\n"));
    }
    text.lines().map(|l| l.trim_end().to_owned()).collect()
}

/// Rewrites one Markdown description for rustdoc.
pub fn markdown(text: &str, spec_version: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    let mut previous_blank = true;
    // The column where the text of the current list item starts, so its
    // continuation lines can be indented exactly that far (the spec indents
    // them by eye, which Markdown and clippy read differently).
    let mut item_column: Option<usize> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(info) = trimmed.strip_prefix("```") {
            if in_fence {
                in_fence = false;
                out.push_str(line);
            } else {
                in_fence = true;
                let lang = info.trim();
                let lang = if lang.is_empty() || is_rust_lang(lang) {
                    "text"
                } else {
                    lang
                };
                out.push_str(&format!("{}```{lang}", &line[..indent]));
            }
        } else if in_fence {
            out.push_str(line);
        } else if trimmed.is_empty() {
            // Blank lines end nothing yet: a list may go on after one.
        } else if let Some(marker) = list_marker(trimmed) {
            let indent = item_column.map_or(0, |c| if indent >= c { c } else { 0 });
            item_column = Some(indent + marker);
            out.push_str(&" ".repeat(indent));
            // One space after the marker (`-   item` is `- item`), so the
            // item's text starts where its continuation lines do.
            let (bullet, text) = trimmed.split_at(marker - 1);
            out.push_str(bullet);
            out.push(' ');
            out.push_str(&inline(text.trim_start(), spec_version));
        } else if let Some(column) = item_column.filter(|&c| !previous_blank || indent >= c.min(2))
        {
            out.push_str(&" ".repeat(column));
            out.push_str(&inline(trimmed, spec_version));
        } else {
            // Plain text, never indented: an indented block would be a code
            // block to Markdown, and rustdoc would compile it.
            item_column = None;
            out.push_str(&inline(trimmed, spec_version));
        }
        out.push('\n');
        previous_blank = trimmed.is_empty() && !in_fence;
    }
    out.truncate(out.trim_end().len());
    out
}

/// The width of a list marker and the space after it (`* `, `- `, `12. `).
fn list_marker(trimmed: &str) -> Option<usize> {
    if trimmed.starts_with("* ") || trimmed.starts_with("- ") || trimmed.starts_with("+ ") {
        return Some(2);
    }
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && trimmed[digits..].starts_with(". ")).then_some(digits + 2)
}

fn is_rust_lang(lang: &str) -> bool {
    lang.split(',').any(|l| {
        matches!(
            l.trim(),
            "rust" | "should_panic" | "no_run" | "ignore" | "compile_fail"
        )
    })
}

/// Rewrites the prose of one line, leaving code spans alone.
fn inline(line: &str, spec_version: &str) -> String {
    let mut out = String::with_capacity(line.len() + 16);
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        let ticks = rest[start..].chars().take_while(|&c| c == '`').count();
        let fence = &rest[start..start + ticks];
        match rest[start + ticks..].find(fence) {
            Some(len) => {
                out.push_str(&prose(&rest[..start], spec_version));
                let end = start + ticks + len + ticks;
                out.push_str(&rest[start..end]);
                rest = &rest[end..];
            }
            None => break,
        }
    }
    out.push_str(&prose(rest, spec_version));
    out
}

fn prose(text: &str, spec_version: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '[' => {
                if let Some((label_end, target_end)) = link_at(&chars, i) {
                    let label: String = chars[i + 1..label_end].iter().collect();
                    let target: String = chars[label_end + 2..target_end].iter().collect();
                    out.push('[');
                    out.push_str(&prose(&label, spec_version));
                    out.push_str("](");
                    out.push_str(&absolute_link(target.trim(), spec_version));
                    out.push(')');
                    i = target_end + 1;
                    continue;
                }
                out.push_str("\\[");
            }
            ']' => out.push_str("\\]"),
            '<' => {
                if starts_with(&chars, i, "<http") {
                    out.push('<');
                } else {
                    out.push_str("&lt;");
                }
            }
            'h' if starts_with(&chars, i, "https://") || starts_with(&chars, i, "http://") => {
                let before = if i > 0 { chars[i - 1] } else { ' ' };
                let end = (i..chars.len())
                    .find(|&j| {
                        chars[j].is_whitespace() || matches!(chars[j], ')' | '>' | '"' | '\'')
                    })
                    .unwrap_or(chars.len());
                let mut url: String = chars[i..end].iter().collect();
                let mut trailing = String::new();
                while url.ends_with(['.', ',', ';', ':']) {
                    trailing.insert(0, url.pop().unwrap_or('.'));
                }
                if before == '<' {
                    out.push_str(&url);
                } else {
                    out.push('<');
                    out.push_str(&url);
                    out.push('>');
                }
                out.push_str(&trailing);
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

fn starts_with(chars: &[char], at: usize, needle: &str) -> bool {
    needle
        .chars()
        .enumerate()
        .all(|(k, n)| chars.get(at + k) == Some(&n))
}

/// `[label](target)` starting at `open`: the index of `]` and of `)`.
fn link_at(chars: &[char], open: usize) -> Option<(usize, usize)> {
    let mut depth = 0;
    let mut label_end = None;
    for (j, &c) in chars.iter().enumerate().skip(open) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    label_end = Some(j);
                    break;
                }
            }
            _ => {}
        }
    }
    let label_end = label_end?;
    if chars.get(label_end + 1) != Some(&'(') {
        return None;
    }
    let mut depth = 0;
    for (j, &c) in chars.iter().enumerate().skip(label_end + 1) {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some((label_end, j));
                }
            }
            _ => {}
        }
    }
    None
}

/// Links relative to the spec website point at the spec release the types
/// were generated from. Some descriptions leave out the leading `/`
/// (`appendices#room-aliases`, from v1.19); they mean the site's root too,
/// and rustdoc would take them for a Rust path.
fn absolute_link(target: &str, spec_version: &str) -> String {
    if let Some(path) = target.strip_prefix('/') {
        format!("https://spec.matrix.org/{spec_version}/{path}")
    } else if target.starts_with('#') || target.contains(':') || target.is_empty() {
        target.to_owned()
    } else {
        format!("https://spec.matrix.org/{spec_version}/{target}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_become_absolute() {
        assert_eq!(
            markdown("See [the spec](/client-server-api/#voip).", "v1.7"),
            "See [the spec](https://spec.matrix.org/v1.7/client-server-api/#voip)."
        );
        assert_eq!(
            markdown("A [room alias](appendices#room-aliases).", "v1.19"),
            "A [room alias](https://spec.matrix.org/v1.19/appendices#room-aliases)."
        );
        assert_eq!(markdown("[up](#top)", "v1"), "[up](#top)");
    }

    #[test]
    fn brackets_urls_and_tags_are_literal() {
        assert_eq!(markdown("a [b] c", "latest"), "a \\[b\\] c");
        assert_eq!(
            markdown("see https://x.org/a.", "latest"),
            "see <https://x.org/a>."
        );
        assert_eq!(
            markdown("an <event_id> here", "latest"),
            "an &lt;event_id> here"
        );
        assert_eq!(
            markdown("code `[x] <y>` stays", "latest"),
            "code `[x] <y>` stays"
        );
    }

    #[test]
    fn list_items_have_one_space_after_the_marker() {
        // Continuation lines are indented to the item's text, which a
        // marker followed by several spaces would push further right.
        assert_eq!(
            markdown(
                "This means:\n\n-   users that share\n    a room\n-   others",
                "latest"
            ),
            "This means:\n\n- users that share\n  a room\n- others"
        );
        assert_eq!(
            markdown("1.  first\n2. second", "latest"),
            "1. first\n2. second"
        );
    }

    #[test]
    fn code_blocks_are_never_doctests() {
        assert_eq!(markdown("```\n{}\n```", "latest"), "```text\n{}\n```");
        assert_eq!(
            markdown("text\n\n    indented", "latest"),
            "text\n\nindented"
        );
    }
}
