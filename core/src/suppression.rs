//! Suppressions, narrowest first:
//! - `# shipshape ignore=SS101,SS301 -- reason` on the line before a finding's line (or the line of
//!   its owning instruction, service key or container entry), or at the end of that line;
//! - `# shipshape ignore-stage=SS201` anywhere inside a Dockerfile stage;
//! - `# shipshape ignore-file=SS601` anywhere in the file;
//! - the Kubernetes annotation `shipshape.dev/ignore: "SS101,SS301"` on an object (or its pod
//!   template), covering that object.
//!
//! Codes and rule names both work. Unknown codes are reported as SS001 and suppressions that
//! suppress nothing as SS002 (with a safe fix that removes them).

use crate::checker::Checker;
use crate::document::FileKind;
use crate::edit::{Applicability, Edit};
use crate::finding::Finding;
use crate::registry::find_rule;
use crate::rules::{InvalidSuppression, UnusedSuppression};
use crate::settings::RuleSetting;
use crate::text::{LineIndex, TextRange};

/// Where a suppression applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Findings starting on, or anchored on, this 0-based line.
    Line(usize),
    /// Findings inside this byte range (a Dockerfile stage, a Kubernetes object).
    Range(TextRange),
    File,
}

/// One code named by a suppression, with its position for SS001/SS002.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuppressedCode {
    /// As written.
    pub text: String,
    pub range: TextRange,
    /// The registry code it resolves to; `None` for an unknown code.
    pub code: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub scope: Scope,
    pub codes: Vec<SuppressedCode>,
    /// The comment or annotation value.
    pub range: TextRange,
    /// What removing the whole suppression deletes (for SS002's fix); `None` for annotations.
    pub removal: Option<TextRange>,
    pub reason: Option<String>,
}

/// A `shipshape.dev/ignore` annotation: the object it covers and its value's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnnotationScope {
    pub object: TextRange,
    pub value: TextRange,
}

/// Everything a document offers for suppression.
#[derive(Debug, Clone, Default)]
pub struct Sources<'a> {
    /// Comment ranges (`#` to end of line) as the parser found them.
    pub comments: &'a [TextRange],
    /// Dockerfile stage ranges, for `ignore-stage`.
    pub stages: &'a [TextRange],
    pub annotations: &'a [AnnotationScope],
}

const DIRECTIVES: [(&str, Directive); 3] = [
    ("ignore-stage", Directive::Stage),
    ("ignore-file", Directive::File),
    ("ignore", Directive::Line),
];

/// What a suppression covers, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Directive {
    /// `ignore=`: the line it ends, or the next code line when alone on its line.
    Line,
    /// `ignore-stage=`: the Dockerfile stage holding it.
    Stage,
    /// `ignore-file=`: the whole file.
    File,
    /// A Kubernetes `shipshape.dev/ignore` annotation: the object holding it.
    Annotation,
}

impl Directive {
    pub const fn as_str(self) -> &'static str {
        match self {
            Directive::Line => "ignore",
            Directive::Stage => "ignore-stage",
            Directive::File => "ignore-file",
            Directive::Annotation => "annotation",
        }
    }
}

/// A suppression comment or annotation as written: what editors need for quick fixes and hover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuppressionComment {
    pub directive: Directive,
    /// The listed codes and rule names, each with its range.
    pub codes: Vec<SuppressedCode>,
    /// The comment (`#` to the end of the line, reason included), or the annotation's value.
    pub range: TextRange,
    /// Where the code list ends: the place to append `,SSnnn`.
    pub list_end: usize,
    /// Alone on its line (it then covers the next code line), not at the end of one.
    pub own_line: bool,
    /// The 0-based line an `ignore=` comment covers: its own line, or the next code line when it
    /// is alone on its line. `None` for the other directives.
    pub covered_line: Option<usize>,
    /// The text after `--`.
    pub reason: Option<String>,
}

impl SuppressionComment {
    /// Whether the comment lists `code` (a code or a rule name, compared as core does).
    pub fn lists(&self, code: &str) -> bool {
        let wanted = find_rule(code).map(|rule| rule.code);
        self.codes.iter().any(|listed| match (listed.code, wanted) {
            (Some(a), Some(b)) => a == b,
            _ => listed.text.eq_ignore_ascii_case(code.trim()),
        })
    }
}

/// Every suppression comment (and, in Kubernetes manifests, every `shipshape.dev/ignore`
/// annotation) of a document, parsed exactly as [`crate::check`] parses them. Malformed ones
/// (reported as SS001) are left out.
pub fn suppression_comments(text: &str, kind: FileKind) -> Vec<SuppressionComment> {
    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    let mut push_comments = |comments: &[TextRange]| {
        for comment in comments {
            if let Parsed::Comment(mut found) = parse_comment(text, &lines, *comment) {
                found.covered_line = covered_line(text, &lines, comments, &found);
                out.push(found);
            }
        }
    };
    match kind {
        FileKind::Dockerfile => push_comments(&crate::dockerfile::parse(text).comments),
        FileKind::Compose | FileKind::Kubernetes => {
            let file = crate::yaml::parse(text);
            push_comments(&file.comments);
            if kind == FileKind::Kubernetes {
                for annotation in crate::kubernetes::ignore_annotations(&file) {
                    let (codes, list_end) = annotation_codes(text, annotation.value_range);
                    out.push(SuppressionComment {
                        directive: Directive::Annotation,
                        codes,
                        range: annotation.value_range,
                        list_end,
                        own_line: false,
                        covered_line: None,
                        reason: None,
                    });
                }
            }
        }
        kind if kind.is_run_kind() => push_comments(&crate::runs::parse(kind, text).comments),
        _ => {}
    }
    out.sort_by_key(|comment| comment.range.start);
    out
}

/// A malformed `# shipshape ...` comment.
struct Malformed {
    range: TextRange,
    detail: String,
}

/// What one comment is.
enum Parsed {
    /// Not a `# shipshape` directive (an ordinary comment, or prose mentioning shipshape).
    NotOurs,
    Malformed(Malformed),
    Comment(SuppressionComment),
}

/// Parse one comment (`#` to the end of the line).
fn parse_comment(text: &str, lines: &LineIndex, comment: TextRange) -> Parsed {
    let Some(raw) = text.get(comment.start..comment.end) else {
        return Parsed::NotOurs;
    };
    // `#` in most kinds, `//` in devcontainer.json, `;` too in Quadlet units (each parser hands
    // over the comments of its kind only).
    let (marker, body) = match raw.strip_prefix("//") {
        Some(body) => (2, body),
        None => match raw.strip_prefix(['#', ';']) {
            Some(body) => (1, body),
            None => return Parsed::NotOurs,
        },
    };
    let leading = body.len() - body.trim_start().len();
    let body = body.trim_start();
    let Some(rest) = body.strip_prefix("shipshape") else {
        return Parsed::NotOurs;
    };
    if !rest.starts_with([' ', '\t', ':']) {
        return Parsed::NotOurs;
    }
    let rest_offset = comment.start + marker + leading + "shipshape".len();
    let trimmed = rest.trim_start_matches([' ', '\t', ':']);
    let directive_offset = rest_offset + (rest.len() - trimmed.len());
    let word_end = trimmed
        .find(|c: char| c.is_whitespace() || c == '=' || c == ':')
        .unwrap_or(trimmed.len());
    let word = &trimmed[..word_end];
    let after_word = &trimmed[word_end..];
    let known = DIRECTIVES.iter().find(|(name, _)| *name == word);
    if !after_word.trim_start().starts_with('=') {
        let Some((name, _)) = known else {
            // `# shipshape is our linter` is prose: a directive is a word followed by `=`.
            return Parsed::NotOurs;
        };
        // `# shipshape ignore SS201`: a directive without its `=`.
        let list = after_word.trim_start_matches([' ', '\t', ':']);
        let list = list.find("--").map_or(list, |at| &list[..at]).trim_end();
        let written: Vec<&str> = list
            .split([',', ' ', '\t'])
            .filter(|code| !code.is_empty())
            .collect();
        let example = if written.is_empty() {
            "SS101".to_string()
        } else {
            written.join(",")
        };
        let end = directive_offset
            + (trimmed.len() - after_word.len())
            + (after_word.len() - after_word.trim_start_matches([' ', '\t', ':']).len())
            + list.len();
        return Parsed::Malformed(Malformed {
            range: TextRange::new(directive_offset, end.max(directive_offset + name.len())),
            detail: format!(
                "`{name}` needs `=` before its codes: write `# shipshape {name}={example}`"
            ),
        });
    }
    let Some((directive_name, directive)) = known else {
        return Parsed::Malformed(Malformed {
            range: TextRange::new(directive_offset, directive_offset + word_end),
            detail: format!(
                "`{word}` is not a shipshape directive (use `ignore=`, `ignore-stage=` or `ignore-file=`)"
            ),
        });
    };
    let after_eq = after_word.trim_start().trim_start_matches('=');
    let list_offset = directive_offset + word_end + (after_word.len() - after_eq.len());
    let (list, reason) = match after_eq.find("--") {
        Some(at) => (
            &after_eq[..at],
            Some(after_eq[at + 2..].trim().to_string()).filter(|r| !r.is_empty()),
        ),
        None => (after_eq, None),
    };
    let codes = split_codes(list, list_offset);
    if codes.is_empty() {
        return Parsed::Malformed(Malformed {
            range: comment,
            detail: format!("`{directive_name}=` names no rule codes"),
        });
    }
    let line_range = lines.line_range(text, lines.line_of(comment.start));
    let own_line = text[line_range.start..comment.start].trim().is_empty();
    Parsed::Comment(SuppressionComment {
        directive: *directive,
        codes,
        range: comment,
        list_end: list_offset + list.trim_end().len(),
        own_line,
        covered_line: None,
        reason,
    })
}

/// The codes of a comma-separated list that starts at `offset`.
fn split_codes(list: &str, offset: usize) -> Vec<SuppressedCode> {
    let mut codes = Vec::new();
    let mut cursor = 0;
    for part in list.split(',') {
        let start = cursor + (part.len() - part.trim_start().len());
        cursor += part.len() + 1;
        let name = part.trim();
        if name.is_empty() {
            continue;
        }
        codes.push(SuppressedCode {
            text: name.to_string(),
            range: TextRange::new(offset + start, offset + start + name.len()),
            code: find_rule(name).map(|rule| rule.code),
        });
    }
    codes
}

/// The codes of an annotation's value (quotes stripped), and where its list ends.
fn annotation_codes(text: &str, value: TextRange) -> (Vec<SuppressedCode>, usize) {
    let Some(written) = text.get(value.start..value.end) else {
        return (Vec::new(), value.end);
    };
    let inner = written.trim_matches(['"', '\'']);
    let inner_offset = value.start + written.find(inner).unwrap_or(0);
    (
        split_codes(inner, inner_offset),
        inner_offset + inner.trim_end().len(),
    )
}

/// Parse the suppressions in `sources`.
fn collect(
    text: &str,
    lines: &LineIndex,
    sources: &Sources,
    malformed: &mut Vec<Malformed>,
) -> Vec<Suppression> {
    let mut found = Vec::new();
    for comment in sources.comments {
        let parsed = match parse_comment(text, lines, *comment) {
            Parsed::NotOurs => continue,
            Parsed::Malformed(bad) => {
                malformed.push(bad);
                continue;
            }
            Parsed::Comment(parsed) => parsed,
        };
        let line = lines.line_of(comment.start);
        let line_range = lines.line_range(text, line);
        let scope = match parsed.directive {
            Directive::File => Scope::File,
            Directive::Stage => match sources
                .stages
                .iter()
                .find(|stage| stage.contains(comment.start))
            {
                Some(stage) => Scope::Range(*stage),
                None => {
                    malformed.push(Malformed {
                        range: *comment,
                        detail: "`ignore-stage=` is outside any Dockerfile stage".to_string(),
                    });
                    continue;
                }
            },
            Directive::Line | Directive::Annotation => {
                match covered_line(text, lines, sources.comments, &parsed) {
                    Some(line) => Scope::Line(line),
                    None => continue,
                }
            }
        };
        let removal = if parsed.own_line {
            TextRange::new(line_range.start, lines.line_start(line + 1))
        } else {
            let before = text[line_range.start..comment.start].trim_end();
            TextRange::new(line_range.start + before.len(), comment.end)
        };
        found.push(Suppression {
            scope,
            codes: parsed.codes,
            range: *comment,
            removal: Some(removal),
            reason: parsed.reason,
        });
    }
    for annotation in sources.annotations {
        let (codes, _) = annotation_codes(text, annotation.value);
        found.push(Suppression {
            scope: Scope::Range(annotation.object),
            codes,
            range: annotation.value,
            removal: None,
            reason: None,
        });
    }
    found
}

/// The line an `ignore=` comment covers: its own, or the next code line when alone on its line.
fn covered_line(
    text: &str,
    lines: &LineIndex,
    comments: &[TextRange],
    comment: &SuppressionComment,
) -> Option<usize> {
    if comment.directive != Directive::Line {
        return None;
    }
    let line = lines.line_of(comment.range.start);
    Some(if comment.own_line {
        next_code_line(text, lines, comments, line)
    } else {
        line
    })
}

/// The first line after `line` that is neither blank nor only a comment.
fn next_code_line(text: &str, lines: &LineIndex, comments: &[TextRange], line: usize) -> usize {
    let mut next = line + 1;
    while next < lines.line_count() {
        let range = lines.line_range(text, next);
        let content = text[range.start..range.end].trim();
        let is_comment = comments
            .iter()
            .any(|c| range.contains(c.start) && text[range.start..c.start].trim().is_empty());
        if !content.is_empty() && !is_comment {
            return next;
        }
        next += 1;
    }
    line + 1
}

fn covers(scope: Scope, finding: &Finding, lines: &LineIndex) -> bool {
    match scope {
        Scope::File => true,
        Scope::Range(range) => range.contains(finding.range.start),
        Scope::Line(line) => {
            lines.line_of(finding.range.start) == line
                || finding
                    .anchor
                    .is_some_and(|anchor| lines.line_of(anchor) == line)
        }
    }
}

/// Drop suppressed findings from the checker, then (when `report_problems`) report malformed
/// (SS001) and unused (SS002) suppressions.
///
/// A code that is not a built-in rule matches findings from plugins by their code or name. SS001
/// and SS002 findings already present (a plugin's) are kept: suppressions never hide them.
pub(crate) fn apply(checker: &mut Checker, sources: &Sources, report_problems: bool) {
    let mut malformed = Vec::new();
    let suppressions = collect(checker.text, &checker.lines, sources, &mut malformed);
    let findings = checker.take_findings();
    // In a file that did not parse, a suppression may be for findings the parse error hid, and
    // what looks like a comment may hold a key: "unused" cannot be told, so SS002 stays quiet.
    let parsed = !findings.iter().any(|finding| finding.code == "SS000");
    let mut used: Vec<Vec<bool>> = suppressions
        .iter()
        .map(|s| vec![false; s.codes.len()])
        .collect();
    // Narrowest first: a line comment, then the smallest enclosing range, then the file.
    let mut order: Vec<usize> = (0..suppressions.len()).collect();
    order.sort_by_key(|&index| match suppressions[index].scope {
        Scope::Line(_) => (0, 0),
        Scope::Range(range) => (1, range.len()),
        Scope::File => (2, 0),
    });
    let mut kept = Vec::with_capacity(findings.len());
    'findings: for finding in findings {
        if finding.code == "SS001" || finding.code == "SS002" {
            kept.push(finding);
            continue;
        }
        for &index in &order {
            let suppression = &suppressions[index];
            if !covers(suppression.scope, &finding, &checker.lines) {
                continue;
            }
            if let Some(position) = suppression.codes.iter().position(|c| match c.code {
                Some(code) => code == finding.code,
                None => {
                    c.text.eq_ignore_ascii_case(&finding.code)
                        || c.text.eq_ignore_ascii_case(&finding.name)
                }
            }) {
                used[index][position] = true;
                continue 'findings;
            }
        }
        kept.push(finding);
    }
    for finding in kept {
        checker.push(finding);
    }
    if !report_problems {
        return;
    }

    for bad in malformed {
        checker.report(InvalidSuppression { detail: bad.detail }, bad.range);
    }
    for (suppression, used) in suppressions.iter().zip(&used) {
        for code in &suppression.codes {
            if code.code.is_none()
                && !checker
                    .config
                    .external_rule_codes
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(&code.text))
            {
                checker.report(
                    InvalidSuppression {
                        detail: format!("`{}` is not a shipshape rule code or name", code.text),
                    },
                    code.range,
                );
            }
        }
        if !parsed {
            continue;
        }
        let unused: Vec<&SuppressedCode> = suppression
            .codes
            .iter()
            .zip(used)
            .filter(|(code, used)| {
                !**used
                    && code.code.is_some_and(|c| {
                        !matches!(checker.config.rule_setting(c), Some(RuleSetting::Off))
                            && c != "SS001"
                            && c != "SS002"
                    })
            })
            .map(|(code, _)| code)
            .collect();
        if unused.is_empty() {
            continue;
        }
        let all_unused = unused.len() == suppression.codes.len();
        let names = unused
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let range = if all_unused {
            suppression.range
        } else {
            unused[0].range
        };
        let edits = removal_edits(checker.text, suppression, &unused, all_unused);
        checker
            .report(UnusedSuppression { codes: names }, range)
            .fix(Applicability::Safe, || edits);
    }
}

/// Remove the whole suppression, or only the unused codes from its list.
fn removal_edits(
    text: &str,
    suppression: &Suppression,
    unused: &[&SuppressedCode],
    all_unused: bool,
) -> Result<Vec<Edit>, String> {
    if all_unused {
        return suppression
            .removal
            .map(|range| vec![Edit::deletion(range)])
            .ok_or_else(|| "annotations are removed by hand".to_string());
    }
    let mut edits = Vec::new();
    for code in unused {
        // Delete the code and the comma (and spaces) that separate it from its neighbour.
        let after = &text[code.range.end..suppression.range.end];
        let trailing = after.len() - after.trim_start_matches([',', ' ']).len();
        if after.trim_start().starts_with(',') {
            edits.push(Edit::deletion(TextRange::new(
                code.range.start,
                code.range.end + trailing,
            )));
        } else {
            let before = &text[suppression.range.start..code.range.start];
            let leading = before.len() - before.trim_end_matches([',', ' ']).len();
            edits.push(Edit::deletion(TextRange::new(
                code.range.start - leading,
                code.range.end,
            )));
        }
    }
    Ok(edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::fix::apply_fixes;
    use crate::settings::Config;

    /// Comments found the naive way: enough for these texts, which have no `#` in values.
    fn comments(text: &str) -> Vec<TextRange> {
        let mut out = Vec::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            if let Some(at) = line.find('#') {
                out.push(TextRange::new(offset + at, offset + line.trim_end().len()));
            }
            offset += line.len();
        }
        out
    }

    fn finding_at(text: &str, needle: &str, code: &str) -> Finding {
        let start = text.find(needle).expect("needle in text");
        Finding {
            code: code.to_string(),
            name: String::new(),
            severity: Severity::Warning,
            message: String::new(),
            range: TextRange::new(start, start + needle.len()),
            object: None,
            fixes: Vec::new(),
            anchor: None,
            redact: None,
            related: Vec::new(),
            text: None,
        }
    }

    fn run(
        text: &str,
        findings: Vec<Finding>,
        stages: &[TextRange],
        annotations: &[AnnotationScope],
    ) -> Vec<Finding> {
        let config = Config::default();
        let mut checker = Checker::new(text, &config);
        for finding in findings {
            checker.push(finding);
        }
        let comments = comments(text);
        apply(
            &mut checker,
            &Sources {
                comments: &comments,
                stages,
                annotations,
            },
            true,
        );
        checker.into_findings()
    }

    fn summary(text: &str, findings: &[Finding]) -> Vec<String> {
        let lines = LineIndex::new(text);
        let mut findings: Vec<&Finding> = findings.iter().collect();
        findings.sort_by_key(|f| f.range.start);
        findings
            .iter()
            .map(|f| {
                let at = lines.line_column(text, f.range.start);
                format!("{}:{} {} {}", at.line, at.column, f.code, f.message)
            })
            .collect()
    }

    #[test]
    fn line_before_and_end_of_line_suppress_by_code_or_name() {
        let text = "services:\n  # shipshape ignore=SS101 -- cache dir\n  web:\n    image: a\n  db: # shipshape ignore=pids-limit-missing\n    image: b\n  api:\n    image: c\n";
        let findings = vec![
            finding_at(text, "web", "SS101"),
            finding_at(text, "db", "SS601"),
            finding_at(text, "api", "SS101"),
        ];
        let kept = run(text, findings, &[], &[]);
        assert_eq!(summary(text, &kept), vec!["7:3 SS101 "]);
    }

    #[test]
    fn anchor_line_counts_for_findings_deeper_in_the_object() {
        let text = "services:\n  web: # shipshape ignore=SS301\n    cap_drop: [CHOWN]\n";
        let mut finding = finding_at(text, "[CHOWN]", "SS301");
        finding.anchor = text.find("web");
        assert!(run(text, vec![finding], &[], &[]).is_empty());
    }

    #[test]
    fn stacked_comments_reach_the_next_code_line() {
        let text = "# shipshape ignore=SS201\n# a comment between\n\nFROM golang:1.23\n";
        assert!(run(text, vec![finding_at(text, "FROM", "SS201")], &[], &[]).is_empty());
    }

    #[test]
    fn file_and_stage_and_annotation_scopes() {
        let text = "FROM a AS build\n# shipshape ignore-stage=SS501\nENV TOKEN=x\nFROM b\nENV TOKEN=y\n# shipshape ignore-file=SS601\n";
        let stage_one = TextRange::new(0, text.find("FROM b").unwrap_or(0));
        let stage_two = TextRange::new(stage_one.end, text.len());
        let findings = vec![
            finding_at(text, "TOKEN=x", "SS501"),
            finding_at(text, "TOKEN=y", "SS501"),
            finding_at(text, "FROM b", "SS601"),
        ];
        let kept = run(text, findings, &[stage_one, stage_two], &[]);
        assert_eq!(summary(text, &kept), vec!["5:5 SS501 "]);

        let text = "kind: Pod\nmetadata:\n  annotations:\n    shipshape.dev/ignore: \"SS101, SS999\"\nspec: {}\n";
        let value = text.find("\"SS101").unwrap_or(0);
        let annotation = AnnotationScope {
            object: TextRange::new(0, text.len()),
            value: TextRange::new(value, value + "\"SS101, SS999\"".len()),
        };
        let kept = run(
            text,
            vec![finding_at(text, "spec", "SS101")],
            &[],
            &[annotation],
        );
        assert_eq!(
            summary(text, &kept),
            vec!["4:35 SS001 Invalid suppression: `SS999` is not a shipshape rule code or name"]
        );
    }

    #[test]
    fn unknown_and_malformed_and_unused_are_reported() {
        let text = "services:\n  web: # shipshape ignore=SS1O1,SS101\n    image: a\n  db: # shipshape ignroe=SS101\n  api: # shipshape ignore=SS301, SS101 -- both\n    image: c\n";
        let findings = vec![finding_at(text, "api", "SS101")];
        let kept = run(text, findings, &[], &[]);
        assert_eq!(
            summary(text, &kept),
            vec![
                "2:27 SS001 Invalid suppression: `SS1O1` is not a shipshape rule code or name",
                "2:33 SS002 Unused suppression: nothing here is reported as SS101",
                "4:19 SS001 Invalid suppression: `ignroe` is not a shipshape directive (use `ignore=`, `ignore-stage=` or `ignore-file=`)",
                "5:27 SS002 Unused suppression: nothing here is reported as SS301",
            ]
        );
        // The safe fixes remove exactly the unused codes.
        let fixed = apply_fixes(text, &kept, Applicability::Safe);
        assert_eq!(
            fixed.text,
            "services:\n  web: # shipshape ignore=SS1O1\n    image: a\n  db: # shipshape ignroe=SS101\n  api: # shipshape ignore=SS101 -- both\n    image: c\n"
        );
    }

    #[test]
    fn nothing_is_unused_in_a_file_that_did_not_parse() {
        let text = "services:\n  # shipshape ignore=SS101\n  web:\n    image: [\n";
        let parse_error = Finding {
            code: "SS000".to_string(),
            ..finding_at(text, "[", "SS000")
        };
        let findings = run(text, vec![parse_error], &[], &[]);
        assert_eq!(summary(text, &findings), summary(text, &findings[..1]));
        assert!(findings.iter().all(|f| f.code != "SS002"), "{findings:?}");
    }

    #[test]
    fn wholly_unused_comment_is_removed_with_its_line() {
        let text = "services:\n  # shipshape ignore=SS101\n  web:\n    image: a\n  db: # shipshape ignore=SS601\n";
        let kept = run(text, Vec::new(), &[], &[]);
        assert_eq!(kept.len(), 2);
        let fixed = apply_fixes(text, &kept, Applicability::Safe);
        assert_eq!(fixed.text, "services:\n  web:\n    image: a\n  db:\n");
    }

    #[test]
    fn prose_mentioning_shipshape_is_not_a_directive() {
        let text = "# shipshape is our linter\nservices: {}\n";
        assert!(run(text, Vec::new(), &[], &[]).is_empty());
    }

    #[test]
    fn a_directive_without_its_equals_sign_is_reported_with_what_to_write() {
        let text = "services:\n  web: # shipshape ignore SS101, SS601 -- tmp\n    image: a\n  # shipshape: ignore-file SS101\n  db:\n    image: b\n  # shipshape ignore-stage\n";
        let findings = vec![
            finding_at(text, "web", "SS101"),
            finding_at(text, "db", "SS101"),
        ];
        let kept = run(text, findings, &[], &[]);
        assert_eq!(
            summary(text, &kept),
            vec![
                "2:3 SS101 ",
                "2:20 SS001 Invalid suppression: `ignore` needs `=` before its codes: write `# shipshape ignore=SS101,SS601`",
                "4:16 SS001 Invalid suppression: `ignore-file` needs `=` before its codes: write `# shipshape ignore-file=SS101`",
                "5:3 SS101 ",
                "7:15 SS001 Invalid suppression: `ignore-stage` needs `=` before its codes: write `# shipshape ignore-stage=SS101`",
            ]
        );
        let at = text.find("ignore SS101").unwrap_or(0);
        let bad = kept
            .iter()
            .find(|f| f.range.start == at)
            .map(|f| &text[f.range.start..f.range.end]);
        assert_eq!(bad, Some("ignore SS101, SS601"));
        // Prose that mentions shipshape stays prose.
        assert!(run(
            "# shipshape is our linter\n# shipshape: ignored for now\n",
            Vec::new(),
            &[],
            &[]
        )
        .is_empty());
    }

    #[test]
    fn suppression_comments_are_what_check_parses() {
        let text = "# shipshape: ignore=SS201,  read-only-root-filesystem -- why\nFROM a AS build\n# shipshape ignore-stage = SS501\nRUN x\n#shipshape ignore SS999\n";
        let comments = suppression_comments(text, FileKind::Dockerfile);
        let shown: Vec<_> = comments
            .iter()
            .map(|c| {
                (
                    c.directive,
                    c.own_line,
                    c.codes
                        .iter()
                        .map(|code| (&text[code.range.start..code.range.end], code.code))
                        .collect::<Vec<_>>(),
                    &text[c.range.start..c.list_end],
                    c.reason.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                (
                    Directive::Line,
                    true,
                    vec![
                        ("SS201", Some("SS201")),
                        ("read-only-root-filesystem", Some("SS101"))
                    ],
                    "# shipshape: ignore=SS201,  read-only-root-filesystem",
                    Some("why"),
                ),
                (
                    Directive::Stage,
                    true,
                    vec![("SS501", Some("SS501"))],
                    "# shipshape ignore-stage = SS501",
                    None,
                ),
            ]
        );
        assert!(comments[0].lists("read-only-root-filesystem") && comments[0].lists("ss101"));
        assert!(!comments[0].lists("SS301"));
        let text =
            "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    shipshape.dev/ignore: \"SS101, SS301\"\n";
        let comments = suppression_comments(text, FileKind::Kubernetes);
        assert_eq!(comments.len(), 1);
        assert_eq!(comments[0].directive, Directive::Annotation);
        assert_eq!(
            &text[comments[0].list_end - 5..comments[0].list_end],
            "SS301"
        );
    }
}
