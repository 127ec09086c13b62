//! Unified diffs for `shipshape fix --diff` (masked) and `--patch FILE` (exact).
//!
//! Lines are split at `\n` only, as `git apply` and `patch` read them (a lone `\r` stays inside
//! its line), and a last line without a newline gets git's `\ No newline at end of file` marker,
//! so that an unmasked diff is a patch that applies.
//!
//! Masking works on spans, not values: each side of the diff masks the byte ranges that hold a
//! secret in its own text, so a secret `postgres` does not garble `image: postgres:16` on
//! another line.

use shipshape_core::secrets::{find_credentials, redact};
use shipshape_core::{Finding, TextRange};
use similar::{Algorithm, DiffTag};

/// One side of a diff: the text and the byte ranges in it that hold a secret.
pub struct Side<'a> {
    pub text: &'a str,
    /// Sorted by start, non-overlapping (see [`secret_spans`]).
    pub secrets: Vec<TextRange>,
}

impl<'a> Side<'a> {
    /// A side shown as it is (for a patch).
    pub fn exact(text: &'a str) -> Self {
        Self {
            text,
            secrets: Vec::new(),
        }
    }

    /// A side whose secrets are masked: the findings' `redact` ranges and known credential
    /// formats in `text`.
    pub fn masked(text: &'a str, findings: &[Finding]) -> Self {
        Self {
            text,
            secrets: secret_spans(text, findings),
        }
    }
}

/// The byte ranges of `text` holding a secret, sorted and merged.
pub fn secret_spans(text: &str, findings: &[Finding]) -> Vec<TextRange> {
    let mut spans: Vec<TextRange> = findings
        .iter()
        .filter_map(|finding| finding.redact)
        .chain(
            find_credentials(text, 0)
                .into_iter()
                .map(|found| found.secret),
        )
        .filter(|range| range.start < range.end && range.end <= text.len())
        .map(|range| {
            TextRange::new(
                floor_boundary(text, range.start),
                ceil_boundary(text, range.end),
            )
        })
        .collect();
    spans.sort_by_key(|range| (range.start, range.end));
    let mut merged: Vec<TextRange> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => *last = last.cover(span),
            _ => merged.push(span),
        }
    }
    merged
}

/// `--- a/path` / `+++ b/path` unified diff with three lines of context; empty when the texts
/// are equal.
pub fn unified_diff(path: &str, old: &Side, new: &Side) -> String {
    let old_lines = lines(old.text);
    let new_lines = lines(new.text);
    let old_slices: Vec<&str> = old_lines.iter().map(|line| line.1).collect();
    let new_slices: Vec<&str> = new_lines.iter().map(|line| line.1).collect();
    let ops = similar::capture_diff_slices(Algorithm::Myers, &old_slices, &new_slices);
    let groups = similar::group_diff_ops(ops, 3);
    if groups.is_empty() {
        return String::new();
    }
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    for group in groups {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            hunk_range(first.old_range().start, last.old_range().end),
            hunk_range(first.new_range().start, last.new_range().end),
        ));
        for op in &group {
            let (tag, old_range, new_range) = op.as_tag_tuple();
            if matches!(tag, DiffTag::Equal) {
                for &(start, line) in &old_lines[old_range] {
                    push_line(&mut out, ' ', line, start, old);
                }
                continue;
            }
            if matches!(tag, DiffTag::Delete | DiffTag::Replace) {
                for &(start, line) in &old_lines[old_range] {
                    push_line(&mut out, '-', line, start, old);
                }
            }
            if matches!(tag, DiffTag::Insert | DiffTag::Replace) {
                for &(start, line) in &new_lines[new_range] {
                    push_line(&mut out, '+', line, start, new);
                }
            }
        }
    }
    out
}

/// The lines of `text` with their start offsets, each with its `\n` (the last may lack one).
fn lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        out.push((start, line));
        start += line.len();
    }
    out
}

/// `start,len` of a hunk side, 1-based, as GNU diff writes it (`start` alone for one line; the
/// line before for an empty side).
fn hunk_range(start: usize, end: usize) -> String {
    let len = end.saturating_sub(start);
    match len {
        1 => format!("{}", start + 1),
        0 => format!("{start},0"),
        _ => format!("{},{len}", start + 1),
    }
}

fn push_line(out: &mut String, tag: char, line: &str, start: usize, side: &Side) {
    out.push(tag);
    let content = line.strip_suffix('\n').unwrap_or(line);
    out.push_str(&mask_line(content, start, side));
    out.push('\n');
    if content.len() == line.len() {
        out.push_str("\\ No newline at end of file\n");
    }
}

/// `content` (the line at `start` in `side.text`, without its newline) with the parts of the
/// secret spans on it masked: where a secret starts, its redacted form (at most a short prefix
/// of the value); on the lines a multi-line secret continues onto, `***`.
fn mask_line(content: &str, start: usize, side: &Side) -> String {
    let end = start + content.len();
    let mut out = String::with_capacity(content.len());
    let mut last = start;
    for span in &side.secrets {
        if span.end <= start || span.start >= end {
            continue;
        }
        let from = span.start.max(start);
        let to = span.end.min(end);
        if from < last {
            continue;
        }
        out.push_str(side.text.get(last..from).unwrap_or_default());
        if span.start >= start {
            out.push_str(&redact(
                side.text.get(span.start..span.end).unwrap_or_default(),
            ));
        } else {
            out.push_str("***");
        }
        last = to;
    }
    out.push_str(side.text.get(last..end).unwrap_or_default());
    out
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn ceil_boundary(text: &str, mut offset: usize) -> usize {
    while offset < text.len() && !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str, values: &[&str]) -> Vec<TextRange> {
        values
            .iter()
            .map(|value| {
                let start = text.find(value).expect("value in text");
                TextRange::new(start, start + value.len())
            })
            .collect()
    }

    #[test]
    fn masks_only_the_secret_span_not_other_occurrences_of_its_value() {
        let old = "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: postgres\n    volumes:\n      - /var/lib/postgresql/data\n";
        let new = old.replace(
            "POSTGRES_PASSWORD: postgres",
            "POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}",
        );
        let old_side = Side {
            text: old,
            secrets: spans(old, &[": postgres\n"])
                .into_iter()
                .map(|range| TextRange::new(range.start + 2, range.end - 1))
                .collect(),
        };
        let diff = unified_diff("compose.yaml", &old_side, &Side::exact(&new));
        assert_eq!(
            diff,
            "--- a/compose.yaml\n+++ b/compose.yaml\n@@ -2,6 +2,6 @@\n   db:\n     image: postgres:16\n     environment:\n-      POSTGRES_PASSWORD: ***\n+      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n     volumes:\n       - /var/lib/postgresql/data\n"
        );
    }

    #[test]
    fn a_context_line_is_masked_from_the_old_side_and_long_values_keep_a_prefix() {
        let old = "ENV A=hunter2secretvalue\nENV B=1\n";
        let new = "ENV A=hunter2secretvalue\nENV B=2\n";
        let old_side = Side {
            text: old,
            secrets: spans(old, &["hunter2secretvalue"]),
        };
        let new_side = Side {
            text: new,
            secrets: spans(new, &["hunter2secretvalue"]),
        };
        assert_eq!(
            unified_diff("Dockerfile", &old_side, &new_side),
            "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,2 +1,2 @@\n ENV A=hun***\n-ENV B=1\n+ENV B=2\n"
        );
    }

    #[test]
    fn a_secret_over_several_lines_shows_its_prefix_once() {
        let old = "a\nKEY=-----BEGIN\nabcdef\n-----END\nb\n";
        let new = "a\nKEY=-----BEGIN\nabcdef\n-----END\nc\n";
        let secret = spans(old, &["-----BEGIN\nabcdef\n-----END"]);
        let diff = unified_diff(
            "x",
            &Side {
                text: old,
                secrets: secret.clone(),
            },
            &Side {
                text: new,
                secrets: secret,
            },
        );
        assert_eq!(
            diff,
            "--- a/x\n+++ b/x\n@@ -2,4 +2,4 @@\n KEY=---***\n ***\n ***\n-b\n+c\n"
        );
    }

    #[test]
    fn a_missing_final_newline_and_lone_carriage_returns_are_kept_as_git_reads_them() {
        let diff = unified_diff("f", &Side::exact("a\rb\nc"), &Side::exact("a\rb\nd"));
        assert_eq!(
            diff,
            "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\rb\n-c\n\\ No newline at end of file\n+d\n\\ No newline at end of file\n"
        );
        assert_eq!(
            unified_diff("f", &Side::exact(""), &Side::exact("x\n")),
            "--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+x\n"
        );
        assert_eq!(unified_diff("f", &Side::exact("x"), &Side::exact("x")), "");
    }
}
