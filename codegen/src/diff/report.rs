//! The diff as text for a terminal, JSON for tools, or Markdown for a
//! changelog.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::{SpecChange, SpecDiff};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        match s {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "markdown" | "md" => Ok(Format::Markdown),
            other => Err(format!(
                "unknown format `{other}`; use text, json or markdown"
            )),
        }
    }
}

pub(super) fn render(diff: &SpecDiff, format: Format, all: bool) -> String {
    let shown: Vec<&SpecChange> = diff
        .changes
        .iter()
        .filter(|c| all || c.is_api_change())
        .collect();
    let hidden = diff.changes.len() - shown.len();
    match format {
        Format::Text => text(diff, &shown, hidden),
        Format::Json => json(diff, &shown, hidden),
        Format::Markdown => markdown(diff, &shown, hidden),
    }
}

struct Counts {
    api: usize,
    breaking: usize,
    wire_incompatible: usize,
}

fn counts(diff: &SpecDiff) -> Counts {
    let api: Vec<&SpecChange> = diff.api_changes().collect();
    Counts {
        api: api.len(),
        breaking: api.iter().filter(|c| c.breaking).count(),
        wire_incompatible: api.iter().filter(|c| !c.wire_compatible).count(),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The JSON paths of a change, each once: `content.reason`, or `(event)`.
fn paths(change: &SpecChange) -> String {
    let mut seen = BTreeSet::new();
    let paths: Vec<&str> = change
        .locations
        .iter()
        .map(|l| {
            if l.path.is_empty() {
                "(event)"
            } else {
                l.path.as_str()
            }
        })
        .filter(|p| seen.insert(*p))
        .collect();
    paths.join(", ")
}

fn classification(change: &SpecChange) -> String {
    format!(
        "{}, {}",
        if change.breaking {
            "breaking"
        } else {
            "non-breaking"
        },
        if change.wire_compatible {
            "wire-compatible"
        } else {
            "not wire-compatible"
        }
    )
}

fn text(diff: &SpecDiff, shown: &[&SpecChange], hidden: usize) -> String {
    let mut out = String::new();
    let counts = counts(diff);
    if counts.api == 0 {
        let _ = writeln!(out, "No API changes from {} to {}.", diff.old, diff.new);
    } else {
        let _ = writeln!(
            out,
            "API changes from {} to {}: {} ({} for Rust code, {}).",
            diff.old,
            diff.new,
            counts.api,
            plural(counts.breaking, "breaking", "breaking"),
            plural(
                counts.wire_incompatible,
                "not wire-compatible",
                "not wire-compatible"
            ),
        );
    }
    if hidden > 0 {
        let _ = writeln!(
            out,
            "{} to descriptions or annotations hidden; --all shows them.",
            plural(hidden, "change", "changes")
        );
    }
    for section in sections(shown) {
        let (title, events) = (&section.title, &section.shared_by);
        let _ = writeln!(out);
        if events.is_empty() {
            let _ = writeln!(out, "{title}");
        } else {
            // The JSON report lists them all; a terminal line need not.
            const LISTED: usize = 8;
            let listed = if events.len() > LISTED {
                format!(
                    "{} and {} more",
                    events[..LISTED].join(", "),
                    events.len() - LISTED
                )
            } else {
                events.join(", ")
            };
            let operations = events.iter().filter(|e| super::is_operation(e)).count();
            let (one, many) = match operations {
                0 => ("event", "events"),
                n if n == events.len() => ("operation", "operations"),
                _ => ("event or operation", "events and operations"),
            };
            let _ = writeln!(
                out,
                "{title}, shared by {}: {listed}",
                plural(events.len(), one, many),
            );
        }
        for &i in &section.changes {
            let change = shown[i];
            let what = if change.locations.iter().all(|l| l.path.is_empty()) {
                change.detail.clone()
            } else {
                format!("{}: {}", paths(change), change.detail)
            };
            let _ = writeln!(out, "  {what}  [{}]", classification(change));
            if let Some(note) = &change.note {
                let _ = writeln!(out, "    note: {note}");
            }
        }
    }
    if !shown.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "breaking: code using the generated types may need changes; wire-compatible: events and API bodies valid under {} still deserialize under {}, and requests are sent where they were.",
            diff.old, diff.new
        );
    }
    out
}

fn json(diff: &SpecDiff, shown: &[&SpecChange], hidden: usize) -> String {
    let counts = counts(diff);
    let changes: Vec<serde_json::Value> = shown
        .iter()
        .map(|c| {
            serde_json::json!({
                "kind": c.kind.as_str(),
                "detail": c.detail,
                "events": c.events(),
                "locations": c.locations.iter().map(|l| serde_json::json!({
                    "event": l.event,
                    "path": l.path,
                })).collect::<Vec<_>>(),
                "defined_in": c.defined_in,
                "api": c.is_api_change(),
                "breaking": c.breaking,
                "wire_compatible": c.wire_compatible,
                "note": c.note,
            })
        })
        .collect();
    let value = serde_json::json!({
        "old": diff.old,
        "new": diff.new,
        "summary": {
            "api_changes": counts.api,
            "breaking": counts.breaking,
            "not_wire_compatible": counts.wire_incompatible,
            "hidden": hidden,
        },
        "changes": changes,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn markdown(diff: &SpecDiff, shown: &[&SpecChange], hidden: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### Matrix event schemas: {} -> {}\n",
        diff.old, diff.new
    );
    if counts(diff).api == 0 {
        let _ = writeln!(out, "No changes to the generated event types.\n");
    }
    let headings = [
        "Breaking changes",
        "Other changes",
        "Descriptions and annotations",
    ];
    let heading_of = |c: &SpecChange| match (c.is_api_change(), c.breaking) {
        (true, true) => 0,
        (true, false) => 1,
        (false, _) => 2,
    };
    for (index, heading) in headings.iter().enumerate() {
        let items: Vec<&SpecChange> = shown
            .iter()
            .copied()
            .filter(|c| heading_of(c) == index)
            .collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "#### {heading}\n");
        for change in items {
            let _ = writeln!(out, "- {}", markdown_item(change, &diff.old));
        }
        let _ = writeln!(out);
    }
    if hidden > 0 {
        let _ = writeln!(
            out,
            "{} to descriptions or annotations not listed.",
            plural(hidden, "change", "changes")
        );
    }
    out
}

fn markdown_item(change: &SpecChange, old: &str) -> String {
    let events: Vec<String> = change.events().iter().map(|e| format!("`{e}`")).collect();
    let mut item = if change.locations.iter().all(|l| l.path.is_empty()) {
        format!("{}: {}", events.join(", "), change.detail)
    } else if events.len() == 1 {
        format!("{} `{}`: {}", events[0], paths(change), change.detail)
    } else {
        format!(
            "`{}`: {}, in {}",
            paths(change),
            change.detail,
            events.join(", ")
        )
    };
    if let Some(file) = &change.defined_in {
        item.push_str(&format!(" (in `{file}`)"));
    }
    item.push('.');
    if !change.wire_compatible {
        item.push_str(&format!(
            " **Not wire-compatible:** some events valid under {old} no longer deserialize."
        ));
    }
    if let Some(note) = &change.note {
        let mut note = note.clone();
        if let Some(first) = note.get(..1) {
            note.replace_range(..1, &first.to_uppercase());
        }
        item.push_str(&format!(" {note}."));
    }
    item
}

/// A heading of the text report and the changes under it.
struct Section {
    /// An event type, or for changes shared by several events the file
    /// they were made in.
    title: String,
    /// The events a shared file's changes affect; empty for an event.
    shared_by: Vec<String>,
    /// Indexes into the changes shown.
    changes: Vec<usize>,
}

/// Changes seen in one event go under that event, events first; a change
/// seen in several goes under the file it was made in.
fn sections(changes: &[&SpecChange]) -> Vec<Section> {
    let mut by_event: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut shared: BTreeMap<(String, Vec<String>), Vec<usize>> = BTreeMap::new();
    for (i, change) in changes.iter().enumerate() {
        match change.events().as_slice() {
            [only] => by_event.entry((*only).to_owned()).or_default().push(i),
            many => {
                let file = change.defined_in.clone().unwrap_or_default();
                let events = many.iter().map(|e| (*e).to_owned()).collect();
                shared.entry((file, events)).or_default().push(i);
            }
        }
    }
    let events = by_event.into_iter().map(|(event, changes)| Section {
        title: event,
        shared_by: Vec::new(),
        changes,
    });
    let files = shared
        .into_iter()
        .map(|((file, shared_by), changes)| Section {
            title: file,
            shared_by,
            changes,
        });
    events.chain(files).collect()
}
