//! Invariants shared by the fuzz targets. Each violated invariant panics, which libFuzzer reports
//! as a crash (with the input saved under `fuzz/artifacts/<target>/`).

#![allow(dead_code)]

use shipshape_core::fix::{apply_fixes, fix_document};
use shipshape_core::yaml::{Node, Value};
use shipshape_core::{
    check, Applicability, Config, Document, FileKind, Finding, LineIndex, Severity, TextRange,
};

/// Most single fixes tried one by one per input (each costs a re-check).
const MAX_SINGLE_FIXES: usize = 12;

/// The input as text and its kind: detected from the content as the CLI does (so that seeds
/// from real files keep their kind), else chosen by the length.
pub fn text_and_kind(data: &[u8]) -> Option<(FileKind, &str)> {
    let text = std::str::from_utf8(data).ok()?;
    let kind = match FileKind::from_content(text) {
        // Every kind but `Other` (which is not parsed), the kinds of SPEC 2b included.
        FileKind::Other => FileKind::ALL[text.len() % (FileKind::ALL.len() - 1)],
        kind => kind,
    };
    Some((kind, text))
}

pub fn path_for(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Dockerfile => "Dockerfile",
        FileKind::Compose => "compose.yaml",
        FileKind::Kubernetes | FileKind::Other => "manifest.yaml",
        FileKind::Devcontainer => ".devcontainer/devcontainer.json",
        FileKind::Quadlet => "web.container",
        FileKind::Shell => "run.sh",
        FileKind::Makefile => "Makefile",
        FileKind::GithubActions => ".github/workflows/ci.yml",
        FileKind::GitlabCi => ".gitlab-ci.yml",
    }
}

/// A range inside `text`, ordered, on character boundaries.
pub fn assert_range(text: &str, range: TextRange, what: &str) {
    assert!(
        range.start <= range.end
            && range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end),
        "{what}: bad range {range:?} in a text of {} bytes",
        text.len()
    );
}

/// Ranges, anchors, redactions and fix edits of every finding are valid; the edits of one fix
/// do not overlap; positions convert; findings are sorted.
pub fn assert_findings(text: &str, findings: &[Finding]) {
    let lines = LineIndex::new(text);
    for finding in findings {
        let what = format!("{} {:?}", finding.code, finding.message);
        assert!(!finding.message.is_empty(), "{what}: empty message");
        assert_range(text, finding.range, &what);
        if let Some(anchor) = finding.anchor {
            assert!(anchor <= text.len(), "{what}: anchor {anchor} past the end");
        }
        if let Some(redact) = finding.redact {
            assert_range(text, redact, &format!("{what} redaction"));
        }
        for fix in &finding.fixes {
            let mut edits: Vec<TextRange> = fix.edits.iter().map(|edit| edit.range).collect();
            for range in &edits {
                assert_range(text, *range, &format!("{what} fix {:?}", fix.title));
            }
            edits.sort_by_key(|range| (range.start, range.end));
            for pair in edits.windows(2) {
                assert!(
                    pair[0].end <= pair[1].start,
                    "{what}: the edits of fix {:?} overlap: {:?} and {:?}",
                    fix.title,
                    pair[0],
                    pair[1]
                );
            }
        }
        let start = lines.line_column(text, finding.range.start);
        let end = lines.line_column(text, finding.range.end);
        assert!(start <= end, "{what}: start {start:?} after end {end:?}");
        let utf16 = lines.utf16_position(text, finding.range.start);
        assert_eq!(
            lines.offset_of_utf16(text, utf16),
            finding.range.start,
            "{what}: UTF-16 round trip"
        );
    }
    for pair in findings.windows(2) {
        assert!(
            (pair[0].range.start, pair[0].range.end) <= (pair[1].range.start, pair[1].range.end),
            "findings out of order: {} then {}",
            pair[0].code,
            pair[1].code
        );
    }
}

/// Every node of a YAML tree has a valid range (walked without recursion).
pub fn assert_yaml_node(text: &str, root: &Node) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        assert_range(text, node.range, "YAML node");
        match &node.value {
            Value::Mapping(mapping) => {
                for entry in mapping.iter() {
                    stack.push(&entry.key);
                    stack.push(&entry.value);
                }
            }
            Value::Sequence(sequence) => {
                for range in &sequence.item_ranges {
                    assert_range(text, *range, "YAML sequence item");
                }
                stack.extend(sequence.iter());
            }
            _ => {}
        }
    }
}

/// Parse errors that stop checking (not the `info` ones for skipped files).
pub fn parse_errors(findings: &[Finding]) -> usize {
    findings
        .iter()
        .filter(|finding| finding.code == "SS000" && finding.severity == Severity::Error)
        .count()
}

/// Where `offset` lands after `edits` are applied (edits at or before it shift it; an edit
/// covering it moves it to the edit's start).
fn map_offset(offset: usize, edits: &[shipshape_core::Edit]) -> usize {
    let mut shift: isize = 0;
    let mut covered = None;
    for edit in edits {
        if edit.range.end <= offset {
            shift += edit.new_text().len() as isize - edit.range.len() as isize;
        } else if edit.range.start < offset {
            covered = Some(edit.range.start);
        }
    }
    match covered {
        Some(start) => start,
        None => (offset as isize + shift) as usize,
    }
}

/// Check `text`, then apply each fix on its own and all of them to a fixed point: no fixed text
/// parses worse than the original, a fixed finding is not reported again at its place (unless
/// an identical twin took that place), and a second round of fixes changes nothing.
pub fn check_then_fix(kind: FileKind, text: &str) {
    let config = Config::default();
    let path = path_for(kind);
    let document = Document::new(path, text, kind);
    let findings = check(&document, &config);
    assert_findings(text, &findings);
    let errors = parse_errors(&findings);

    let fixable = findings.iter().filter(|finding| {
        finding
            .fixes
            .iter()
            .any(|fix| fix.applicability != Applicability::DisplayOnly)
    });
    for finding in fixable.take(MAX_SINGLE_FIXES) {
        let outcome = apply_fixes(text, std::slice::from_ref(finding), Applicability::Unsafe);
        if outcome.applied == 0 {
            continue;
        }
        let Some(fix) = finding
            .fixes
            .iter()
            .find(|fix| fix.applicability != Applicability::DisplayOnly)
        else {
            continue;
        };
        let after = check(&Document::new(path, &outcome.text, kind), &config);
        assert_findings(&outcome.text, &after);
        assert!(
            parse_errors(&after) <= errors,
            "fix {:?} of {} made the file parse worse:\n--- before\n{text}\n--- after\n{}\n--- errors\n{:?}",
            fix.title,
            finding.code,
            outcome.text,
            after.iter().filter(|f| f.code == "SS000").map(|f| &f.message).collect::<Vec<_>>()
        );
        // Not fixed: the same finding (code, object, message) is reported again where the
        // edits moved its start, and no fewer such findings remain. The count matters when a
        // twin slides into the place: removing the first of two identical unused suppressions
        // moves the second one up to exactly where the first one was.
        let same = |other: &&Finding| {
            other.code == finding.code
                && other.object == finding.object
                && other.message == finding.message
        };
        let at = map_offset(finding.range.start, &fix.edits);
        let again = after
            .iter()
            .filter(same)
            .any(|other| other.range.start == at);
        let fewer = after.iter().filter(same).count() < findings.iter().filter(same).count();
        assert!(
            !again || fewer,
            "fix {:?} of {} did not fix it:\n--- before\n{text}\n--- after\n{}",
            fix.title,
            finding.code,
            outcome.text
        );
    }

    let fixed = fix_document(&document, &config, Applicability::Unsafe);
    if fixed.applied > 0 {
        let after = check(&Document::new(path, &fixed.text, kind), &config);
        assert_findings(&fixed.text, &after);
        assert!(
            parse_errors(&after) <= errors,
            "fixing everything made the file parse worse:\n--- before\n{text}\n--- after\n{}",
            fixed.text
        );
        let again = fix_document(
            &Document::new(path, &fixed.text, kind),
            &config,
            Applicability::Unsafe,
        );
        assert_eq!(
            again.text, fixed.text,
            "a second round of fixes changed the text:\n--- before\n{text}"
        );
    }
}
