//! Editing and reading `# shipshape ignore...` comments for the "ignore" code actions and hover.
//!
//! Which findings a comment suppresses is decided by `core` (`suppression.rs`); this module only
//! writes comments in the syntax of SPEC section 4 and finds the codes written in one.

use shipshape_core::{Edit, FileKind, LineIndex, TextRange};

/// The line ending the document already uses.
fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(at) if at > 0 && text.as_bytes().get(at - 1) == Some(&b'\r') => "\r\n",
        _ => "\n",
    }
}

/// A suppression comment found on a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// `ignore`, `ignore-file` or `ignore-stage`.
    pub directive: String,
    /// Each listed code (or rule name) with its byte range in the text.
    pub codes: Vec<(String, TextRange)>,
    /// From the `#` to the end of the code list (before any `-- reason`).
    pub range: TextRange,
    /// Where the code list ends: the place to append `,SSnnn`.
    pub list_end: usize,
}

/// Find a `# shipshape ignore...=` comment in `line` (a byte range of `text`).
pub fn comment_on_line(text: &str, line: TextRange) -> Option<Comment> {
    let line_text = text.get(line.start..line.end)?;
    let mut search_from = 0;
    while let Some(found) = line_text.get(search_from..)?.find('#') {
        let hash = search_from + found;
        search_from = hash + 1;
        let rest = line_text.get(hash + 1..)?;
        let after_space = rest.trim_start();
        let Some(after_word) = after_space.strip_prefix("shipshape") else {
            continue;
        };
        if !after_word.starts_with([' ', '\t']) {
            continue;
        }
        let directive_text = after_word.trim_start();
        let Some(eq) = directive_text.find('=') else {
            continue;
        };
        let directive = directive_text[..eq].trim();
        if !matches!(directive, "ignore" | "ignore-file" | "ignore-stage") {
            continue;
        }
        let list_start = line_text.len() - directive_text.len() + eq + 1;
        let list_text = &line_text[list_start..];
        let list_len = list_text.find("--").unwrap_or(list_text.len());
        let list = list_text[..list_len].trim_end();
        let mut codes = Vec::new();
        let mut offset = 0;
        for part in list.split(',') {
            let leading = part.len() - part.trim_start().len();
            let code = part.trim();
            if !code.is_empty() {
                let start = line.start + list_start + offset + leading;
                codes.push((code.to_string(), TextRange::new(start, start + code.len())));
            }
            offset += part.len() + 1;
        }
        let list_end = line.start + list_start + list.len();
        return Some(Comment {
            directive: directive.to_string(),
            codes,
            range: TextRange::new(line.start + hash, list_end),
            list_end,
        });
    }
    None
}

/// A Kubernetes `shipshape.dev/ignore: "SS101,SS301"` annotation on `line`, as a [`Comment`]
/// with directive `annotation` (for hover).
pub fn annotation_on_line(text: &str, line: TextRange) -> Option<Comment> {
    const KEY: &str = "shipshape.dev/ignore";
    let line_text = text.get(line.start..line.end)?;
    let key_at = line_text.find(KEY)?;
    let after_key = key_at + KEY.len();
    let rest = line_text.get(after_key..)?;
    let quote_len = usize::from(rest.starts_with(['"', '\'']));
    let colon = rest.get(quote_len..)?.trim_start().strip_prefix(':')?;
    let value_start = line_text.len() - colon.len();
    let value = colon.split(" #").next().unwrap_or(colon);
    let mut codes = Vec::new();
    let mut offset = value_start;
    for part in value.split(',') {
        let trimmed = part.trim_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'');
        if !trimmed.is_empty() {
            if let Some(inner) = part.find(trimmed) {
                let start = line.start + offset + inner;
                codes.push((
                    trimmed.to_string(),
                    TextRange::new(start, start + trimmed.len()),
                ));
            }
        }
        offset += part.len() + 1;
    }
    let end = line.start + value_start + value.trim_end().len();
    Some(Comment {
        directive: "annotation".to_string(),
        codes,
        range: TextRange::new(line.start + key_at, end),
        list_end: end,
    })
}

/// "Ignore CODE on this line": a `# shipshape ignore=CODE` comment on the line before the
/// finding's anchor line, indented like it; or `,CODE` appended to an `ignore=` comment already
/// there. `None` if the code is already listed there.
pub fn ignore_line_edit(text: &str, index: &LineIndex, anchor: usize, code: &str) -> Option<Edit> {
    let line = index.line_of(anchor);
    if line > 0 {
        let previous = index.line_range(text, line - 1);
        if let Some(comment) = comment_on_line(text, previous) {
            let is_own_line = text
                .get(previous.start..comment.range.start)
                .is_some_and(|before| before.trim().is_empty());
            if comment.directive == "ignore" && is_own_line {
                if comment
                    .codes
                    .iter()
                    .any(|(listed, _)| listed.eq_ignore_ascii_case(code))
                {
                    return None;
                }
                let separator = if comment.codes.is_empty() { "" } else { "," };
                return Some(Edit::insertion(
                    format!("{separator}{code}"),
                    comment.list_end,
                ));
            }
        }
    }
    let range = index.line_range(text, line);
    let line_text = text.get(range.start..range.end).unwrap_or("");
    let indent_len = line_text.len() - line_text.trim_start_matches([' ', '\t']).len();
    let indent = &line_text[..indent_len];
    Some(Edit::insertion(
        format!("{indent}# shipshape ignore={code}{}", line_ending(text)),
        range.start,
    ))
}

/// "Ignore CODE in this file": `,CODE` appended to an `ignore-file=` comment in the file's
/// leading comment block, or a new `# shipshape ignore-file=CODE` line at the top (after the
/// parser directives of a Dockerfile, which must stay first). `None` if already listed.
pub fn ignore_file_edit(text: &str, index: &LineIndex, kind: FileKind, code: &str) -> Option<Edit> {
    let mut insert_at = 0;
    let mut in_directives = kind == FileKind::Dockerfile;
    for line in 0..index.line_count() {
        let range = index.line_range(text, line);
        let line_text = text.get(range.start..range.end).unwrap_or("");
        let trimmed = line_text.trim();
        if let Some(comment) = comment_on_line(text, range) {
            if comment.directive == "ignore-file" && trimmed.starts_with('#') {
                if comment
                    .codes
                    .iter()
                    .any(|(listed, _)| listed.eq_ignore_ascii_case(code))
                {
                    return None;
                }
                let separator = if comment.codes.is_empty() { "" } else { "," };
                return Some(Edit::insertion(
                    format!("{separator}{code}"),
                    comment.list_end,
                ));
            }
        }
        if in_directives && is_parser_directive(trimmed) {
            insert_at = index.line_start(line + 1).min(text.len());
            continue;
        }
        in_directives = false;
        if !trimmed.starts_with('#') {
            break;
        }
    }
    // A file whose directives run to the end without a final newline needs one first.
    let eol = line_ending(text);
    let prefix = if insert_at > 0 && insert_at == text.len() && !text.ends_with('\n') {
        eol
    } else {
        ""
    };
    Some(Edit::insertion(
        format!("{prefix}# shipshape ignore-file={code}{eol}"),
        insert_at,
    ))
}

/// A Dockerfile parser directive: `# key=value` with a one-word key (`syntax`, `escape`, `check`).
fn is_parser_directive(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('#') else {
        return false;
    };
    let Some((key, _)) = rest.split_once('=') else {
        return false;
    };
    let key = key.trim();
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, edit: &Edit) -> String {
        let mut out = text.to_string();
        out.replace_range(edit.range.start..edit.range.end, edit.new_text());
        out
    }

    #[test]
    fn finds_codes_and_their_ranges() {
        let text = "services:\n  # shipshape ignore=SS101, read-only-root-filesystem -- tmp\n";
        let index = LineIndex::new(text);
        let comment = comment_on_line(text, index.line_range(text, 1)).unwrap();
        assert_eq!(comment.directive, "ignore");
        let codes: Vec<_> = comment
            .codes
            .iter()
            .map(|(code, range)| (code.as_str(), &text[range.start..range.end]))
            .collect();
        assert_eq!(
            codes,
            [
                ("SS101", "SS101"),
                ("read-only-root-filesystem", "read-only-root-filesystem")
            ]
        );
        assert_eq!(
            &text[comment.range.start..comment.list_end].len(),
            &(comment.list_end - comment.range.start)
        );
        assert!(text[..comment.list_end].ends_with("filesystem"));
        // Trailing comment on an instruction line.
        let text = "RUN x # shipshape ignore-stage=SS201\n";
        let comment = comment_on_line(text, TextRange::new(0, text.len() - 1)).unwrap();
        assert_eq!(comment.directive, "ignore-stage");
        assert_eq!(comment.codes[0].0, "SS201");
        // Not ours.
        for line in [
            "# shipshapeignore=SS1",
            "# shipshape ignorance=SS1",
            "# hello",
            "x: y",
        ] {
            assert_eq!(
                comment_on_line(line, TextRange::new(0, line.len())),
                None,
                "{line}"
            );
        }
    }

    #[test]
    fn finds_codes_in_a_kubernetes_annotation() {
        let text = "  annotations:\n    shipshape.dev/ignore: \"SS101, SS301\"\n";
        let index = LineIndex::new(text);
        let found = annotation_on_line(text, index.line_range(text, 1)).unwrap();
        let codes: Vec<_> = found
            .codes
            .iter()
            .map(|(code, range)| (code.as_str(), &text[range.start..range.end]))
            .collect();
        assert_eq!(codes, [("SS101", "SS101"), ("SS301", "SS301")]);
        assert!(text[found.range.start..found.range.end].starts_with("shipshape.dev/ignore"));
        assert_eq!(annotation_on_line(text, index.line_range(text, 0)), None);
    }

    #[test]
    fn ignore_line_inserts_an_indented_comment_or_extends_one() {
        let text = "services:\n  web:\n    image: x\n";
        let index = LineIndex::new(text);
        let anchor = text.find("web").unwrap();
        let edit = ignore_line_edit(text, &index, anchor, "SS101").unwrap();
        let fixed = apply(text, &edit);
        assert_eq!(
            fixed,
            "services:\n  # shipshape ignore=SS101\n  web:\n    image: x\n"
        );
        let index = LineIndex::new(&fixed);
        let anchor = fixed.find("web").unwrap();
        let edit = ignore_line_edit(&fixed, &index, anchor, "SS301").unwrap();
        assert_eq!(
            apply(&fixed, &edit),
            "services:\n  # shipshape ignore=SS101,SS301\n  web:\n    image: x\n"
        );
        assert_eq!(ignore_line_edit(&fixed, &index, anchor, "ss101"), None);
        // CRLF files get CRLF; the first line gets a comment above it.
        let text = "FROM x\r\nENV A=b\r\n";
        let index = LineIndex::new(text);
        let edit = ignore_line_edit(text, &index, 0, "SS201").unwrap();
        assert_eq!(
            apply(text, &edit),
            "# shipshape ignore=SS201\r\nFROM x\r\nENV A=b\r\n"
        );
        // A reason is kept after the list.
        let text = "# shipshape ignore=SS201 -- legacy\nFROM x\n";
        let index = LineIndex::new(text);
        let edit = ignore_line_edit(text, &index, text.find("FROM").unwrap(), "SS503").unwrap();
        assert_eq!(
            apply(text, &edit),
            "# shipshape ignore=SS201,SS503 -- legacy\nFROM x\n"
        );
    }

    #[test]
    fn ignore_file_goes_after_dockerfile_directives() {
        let text = "# syntax=docker/dockerfile:1\n# escape=`\nFROM x\n";
        let index = LineIndex::new(text);
        let edit = ignore_file_edit(text, &index, FileKind::Dockerfile, "SS503").unwrap();
        assert_eq!(
            apply(text, &edit),
            "# syntax=docker/dockerfile:1\n# escape=`\n# shipshape ignore-file=SS503\nFROM x\n"
        );
        // YAML: at the top, even if the first comment looks like a directive.
        let text = "# key=value\nservices: {}\n";
        let index = LineIndex::new(text);
        let edit = ignore_file_edit(text, &index, FileKind::Compose, "SS601").unwrap();
        assert_eq!(
            apply(text, &edit),
            "# shipshape ignore-file=SS601\n# key=value\nservices: {}\n"
        );
        // An existing ignore-file comment in the header is extended.
        let fixed = apply(text, &edit);
        let index = LineIndex::new(&fixed);
        let edit = ignore_file_edit(&fixed, &index, FileKind::Compose, "SS101").unwrap();
        assert_eq!(
            apply(&fixed, &edit),
            "# shipshape ignore-file=SS601,SS101\n# key=value\nservices: {}\n"
        );
        assert_eq!(
            ignore_file_edit(&fixed, &index, FileKind::Compose, "SS601"),
            None
        );
        // Directives only, no newline at the end.
        let text = "# syntax=x";
        let index = LineIndex::new(text);
        let edit = ignore_file_edit(text, &index, FileKind::Dockerfile, "SS000").unwrap();
        assert_eq!(
            apply(text, &edit),
            "# syntax=x\n# shipshape ignore-file=SS000\n"
        );
    }
}
