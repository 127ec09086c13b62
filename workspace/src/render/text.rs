//! Human output, in the style of ruff and rustc, grouped by file and object (a Compose service,
//! a Kubernetes container, a Dockerfile stage): one block per object, a header line saying how
//! many findings it has and how many fixes apply, then each finding with its snippet:
//!
//! ```text
//! == compose.yaml: service web: 1 finding; 1 fixable with `shipshape fix --unsafe-fixes`
//!
//! compose.yaml:3:3: SS101 [read-only-root-filesystem] warning: ... (service web)
//!   |
//! 3 |   web:
//!   |   ^^^
//!   = fix (unsafe): Set `read_only: true`
//!
//! ```
//!
//! Findings outside any object (a parse error) form their file's `== path: ...` block. Blocks
//! come in the order of their first finding; findings keep theirs. `--statistics` writes one line
//! per code instead ([`write_statistics`]).
//!
//! Secret values (`Finding::redact`) are masked in the source line; control characters and
//! invisible format characters in the source and the messages are escaped (`\x00`) so that a file
//! cannot drive the terminal.

use shipshape_core::{i18n, Locale, Message};
use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use shipshape_core::secrets::{find_credentials, redact};
use shipshape_core::text::floor_char_boundary;
use shipshape_core::{Applicability, Finding, LineIndex, Severity};

use super::{best_applicability, located, Counts, Located, Options};
use crate::check::CheckedFile;

/// Source lines longer than this (in bytes) are shown as a window around the finding.
const MAX_LINE: usize = 240;

const BOLD: Style = Style::new().bold();
const GUTTER: Style = AnsiColor::Blue.on_default().bold();
const DIM: Style = Style::new().dimmed();

pub fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Error => AnsiColor::Red.on_default().bold(),
        Severity::Warning => AnsiColor::Yellow.on_default().bold(),
        Severity::Info => AnsiColor::Cyan.on_default().bold(),
        Severity::Hint => AnsiColor::Green.on_default().bold(),
    }
}

pub fn write(files: &[CheckedFile], out: &mut dyn Write, options: Options) -> io::Result<()> {
    let all = located(files);
    for group in groups(&all) {
        let findings: Vec<&Finding> = group.iter().map(|item| item.finding).collect();
        let Some(first) = group.first() else {
            continue;
        };
        let counts = Counts::of_findings(findings.iter().copied());
        let what = match &first.finding.object {
            Some(object) => format!(
                "{}: {}",
                sanitize(&first.file.path),
                sanitize(&i18n::object(options.locale, object))
            ),
            None => sanitize(&first.file.path),
        };
        let mut line = counted(options.locale, counts.findings, "finding");
        if let Some(fixable) = fixable(&counts, options.locale) {
            line.push_str(&i18n::text(options.locale, "summary-separator"));
            line.push_str(&fixable);
        }
        writeln!(out, "{BOLD}== {what}:{BOLD:#} {line}\n")?;
        for item in group {
            write_finding(out, item.file, item.finding, item.start, options.locale)?;
        }
    }
    if !options.quiet {
        writeln!(out, "{}", summary_with(&Counts::of(files), options))?;
    }
    Ok(())
}

/// `located` findings in blocks of one file and one object (`None`: the file itself), each block
/// in order, blocks in the order of their first finding.
fn groups<'b, 'a>(all: &'b [Located<'a>]) -> Vec<Vec<&'b Located<'a>>> {
    let mut blocks: Vec<Vec<&Located>> = Vec::new();
    // (file, object) -> index in `blocks`; files come one after the other in `all`.
    let mut current_file = usize::MAX;
    let mut index: std::collections::HashMap<Option<&str>, usize> = Default::default();
    for item in all {
        if item.file_index != current_file {
            current_file = item.file_index;
            index.clear();
        }
        let key = item.finding.object.as_deref();
        match index.get(&key) {
            Some(&at) => {
                if let Some(block) = blocks.get_mut(at) {
                    block.push(item);
                }
            }
            None => {
                index.insert(key, blocks.len());
                blocks.push(vec![item]);
            }
        }
    }
    blocks
}

/// `--statistics`: one line per code, most frequent first (then by code), with its name and how
/// many of its findings `shipshape fix` (and `--unsafe-fixes`) would fix; then the summary line
/// unless `quiet`.
///
/// ```text
/// 3  SS101  read-only-root-filesystem  3 fixable with `--unsafe-fixes`
/// 1  SS501  hardcoded-secret           1 fixable
/// ```
pub fn write_statistics(
    files: &[CheckedFile],
    out: &mut dyn Write,
    options: Options,
) -> io::Result<()> {
    let rows = statistics(files);
    let count_width = rows
        .iter()
        .map(|row| row.counts.findings.to_string().len())
        .max()
        .unwrap_or(0);
    let code_width = rows.iter().map(|row| row.code.len()).max().unwrap_or(0);
    let name_width = rows.iter().map(|row| row.name.len()).max().unwrap_or(0);
    for row in &rows {
        let (safe, unsafe_only) = (
            row.counts.safe_fixable.to_string(),
            row.counts.unsafe_fixable.to_string(),
        );
        let fixes = match (row.counts.safe_fixable, row.counts.unsafe_fixable) {
            (0, 0) => String::new(),
            (_, 0) => Message::new("stats-fixable-safe")
                .arg("safe", safe)
                .render(options.locale),
            (0, _) => Message::new("stats-fixable-unsafe")
                .arg("unsafe", unsafe_only)
                .render(options.locale),
            _ => Message::new("stats-fixable-both")
                .arg("safe", safe)
                .arg("unsafe", unsafe_only)
                .render(options.locale),
        };
        let line = format!(
            "{:>count_width$}  {:<code_width$}  {:<name_width$}  {fixes}",
            row.counts.findings,
            sanitize(&row.code),
            sanitize(&row.name),
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    if !options.quiet {
        if !rows.is_empty() {
            writeln!(out)?;
        }
        writeln!(out, "{}", summary_with(&Counts::of(files), options))?;
    }
    Ok(())
}

/// One code's line of `--statistics`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeStatistics {
    pub code: String,
    pub name: String,
    /// The code's findings: how many, of which severity, how many fixable.
    pub counts: Counts,
}

/// Findings per code, most frequent first, then by code.
pub fn statistics(files: &[CheckedFile]) -> Vec<CodeStatistics> {
    let mut by_code: std::collections::BTreeMap<&str, (&str, Vec<&Finding>)> = Default::default();
    for finding in files.iter().flat_map(|file| &file.findings) {
        by_code
            .entry(&finding.code)
            .or_insert_with(|| (&finding.name, Vec::new()))
            .1
            .push(finding);
    }
    let mut rows: Vec<CodeStatistics> = by_code
        .into_iter()
        .map(|(code, (name, findings))| CodeStatistics {
            code: code.to_string(),
            name: name.to_string(),
            counts: Counts::of_findings(findings),
        })
        .collect();
    rows.sort_by(|a, b| {
        b.counts
            .findings
            .cmp(&a.counts.findings)
            .then_with(|| a.code.cmp(&b.code))
    });
    rows
}

fn write_finding(
    out: &mut dyn Write,
    file: &CheckedFile,
    finding: &Finding,
    start: shipshape_core::LineColumn,
    locale: Locale,
) -> io::Result<()> {
    let style = severity_style(finding.severity);
    let marker = if best_applicability(finding) == Some(Applicability::Safe) {
        " [*]"
    } else {
        ""
    };
    let object = finding
        .object
        .as_deref()
        .map(|object| format!(" ({})", sanitize(&i18n::object(locale, object))))
        .unwrap_or_default();
    writeln!(
        out,
        "{BOLD}{}:{}:{}:{BOLD:#} {style}{}{style:#}{marker} {DIM}[{}]{DIM:#} {style}{}{style:#}: {}{object}",
        sanitize(&file.path),
        start.line,
        start.column,
        finding.code,
        finding.name,
        finding.severity,
        sanitize(&finding.message_in(locale)),
    )?;
    let snippet = Snippet::new(&file.text, &file.lines, finding);
    let number = snippet.line.to_string();
    let pad = " ".repeat(number.len());
    writeln!(out, "{GUTTER}{pad} |{GUTTER:#}")?;
    if snippet.text.is_empty() {
        writeln!(out, "{GUTTER}{number} |{GUTTER:#}")?;
    } else {
        writeln!(out, "{GUTTER}{number} |{GUTTER:#} {}", snippet.text)?;
    }
    let indent: String = snippet
        .text
        .chars()
        .take(snippet.caret_column)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    writeln!(
        out,
        "{GUTTER}{pad} |{GUTTER:#} {indent}{style}{}{style:#}",
        "^".repeat(snippet.caret_width.max(1))
    )?;
    for fix in &finding.fixes {
        let label = i18n::text(
            locale,
            match fix.applicability {
                Applicability::Safe => "text-fix",
                Applicability::Unsafe => "text-fix-unsafe",
                Applicability::DisplayOnly => "text-suggestion",
            },
        );
        writeln!(
            out,
            "{pad} {GUTTER}={GUTTER:#} {BOLD}{label}{BOLD:#}: {}",
            sanitize(&fix.title_in(locale))
        )?;
    }
    // Folded findings (core's fold): one line each, no snippet and no fix of their own.
    for related in &finding.related {
        let at = file.lines.line_column(&file.text, related.range.start);
        writeln!(
            out,
            "{pad} {GUTTER}={GUTTER:#} {BOLD}{}{BOLD:#}: {}:{}: {} [{}] {}",
            i18n::text(locale, "text-also"),
            at.line,
            at.column,
            related.code,
            related.name,
            sanitize(&related.message_in(locale)),
        )?;
    }
    writeln!(out)
}

/// [`summary`], and how many findings the baseline hid, if any, in the run's language.
pub fn summary_with(counts: &Counts, options: Options) -> String {
    let locale = options.locale;
    let mut line = summary_in(counts, locale);
    if options.hidden_by_baseline > 0 {
        line.push_str(
            &Message::new("summary-hidden")
                .arg("count", options.hidden_by_baseline.to_string())
                .render(locale),
        );
    }
    line
}

/// `1 fixable with `shipshape fix`, 2 more with `--unsafe-fixes``, or nothing to fix.
fn fixable(counts: &Counts, locale: Locale) -> Option<String> {
    let text = match (counts.safe_fixable, counts.unsafe_fixable) {
        (0, 0) => return None,
        (0, unsafe_only) => {
            Message::new("summary-fixable-unsafe").arg("unsafe", unsafe_only.to_string())
        }
        (safe, 0) => Message::new("summary-fixable-safe").arg("safe", safe.to_string()),
        (safe, unsafe_only) => Message::new("summary-fixable-both")
            .arg("safe", safe.to_string())
            .arg("unsafe", unsafe_only.to_string()),
    };
    Some(text.render(locale))
}

/// `count` of `noun` (`file`, `finding`, `error`, …) in `locale`: `1 file`, `2 files`, `2 个文件`.
pub fn counted(locale: Locale, count: usize, noun: &'static str) -> String {
    let id = match (noun, count == 1) {
        ("file", true) => "count-file-one",
        ("file", false) => "count-file-other",
        ("finding", true) => "count-finding-one",
        ("finding", false) => "count-finding-other",
        ("error", true) => "count-error-one",
        ("error", false) => "count-error-other",
        ("warning", true) => "count-warning-one",
        ("warning", false) => "count-warning-other",
        ("info", true) => "count-info-one",
        ("info", false) => "count-info-other",
        (_, true) => "count-hint-one",
        (_, false) => "count-hint-other",
    };
    Message::new(id)
        .arg("count", count.to_string())
        .render(locale)
}

/// `Found 3 findings (1 error, 2 warnings, 0 infos) in 2 files; 1 fixable with ...`.
pub fn summary(counts: &Counts) -> String {
    summary_in(counts, Locale::En)
}

/// [`summary`] in `locale`.
pub fn summary_in(counts: &Counts, locale: Locale) -> String {
    let files = counted(locale, counts.files, "file");
    if counts.findings == 0 {
        return Message::new("summary-none")
            .arg("files", files)
            .render(locale);
    }
    let mut severities = vec![
        counted(locale, counts.errors, "error"),
        counted(locale, counts.warnings, "warning"),
        counted(locale, counts.infos, "info"),
    ];
    if counts.hints > 0 {
        severities.push(counted(locale, counts.hints, "hint"));
    }
    let mut line = Message::new("summary-found")
        .arg("findings", counted(locale, counts.findings, "finding"))
        .arg(
            "severities",
            severities.join(&i18n::text(locale, "list-separator")),
        )
        .arg("files", files)
        .render(locale);
    if let Some(fixable) = fixable(counts, locale) {
        line.push_str(&i18n::text(locale, "summary-separator"));
        line.push_str(&fixable);
    }
    line
}

/// Text from a file as it may reach a terminal: control characters (but tabs) and the
/// invisible format characters that reorder or hide text (bidi overrides, zero-width marks, line
/// separators) are written as escapes (`\x00`, `\x1b`, `\u{202e}`), so that a file cannot drive the
/// terminal nor disguise what it holds, and what is there stays visible.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_sanitized(&mut out, c);
    }
    out
}

fn push_sanitized(out: &mut String, c: char) {
    if c == '\t' || !(c.is_control() || is_invisible_format(c)) {
        out.push(c);
    } else if u32::from(c) < 0x80 {
        out.push_str(&format!("\\x{:02x}", u32::from(c)));
    } else {
        out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
    }
}

/// Unicode format characters a terminal renders as nothing or as a change of direction.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{061c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
    )
}

/// How many characters `text` takes once sanitised.
fn sanitized_width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            let mut one = String::new();
            push_sanitized(&mut one, c);
            one.chars().count()
        })
        .sum()
}

/// The source line of a finding as shown: windowed if long, secret masked, sanitised; and where
/// the caret goes, in characters of the shown text.
#[derive(Debug, PartialEq, Eq)]
pub struct Snippet {
    /// 1-based line number.
    pub line: usize,
    pub text: String,
    pub caret_column: usize,
    pub caret_width: usize,
}

impl Snippet {
    pub fn new(text: &str, lines: &LineIndex, finding: &Finding) -> Self {
        let start = floor_char_boundary(text, finding.range.start);
        let line_number = lines.line_of(start);
        let line_range = lines.line_range(text, line_number);
        let line = text.get(line_range.start..line_range.end).unwrap_or("");
        // Offsets relative to the line.
        let rel = |offset: usize| offset.clamp(line_range.start, line_range.end) - line_range.start;
        let start = floor_char_boundary(line, rel(finding.range.start));
        let end = floor_char_boundary(line, rel(finding.range.end.max(finding.range.start)));
        let continues = finding.range.end > line_range.end;

        // The window shown.
        let (mut window_start, mut window_end) = (0, line.len());
        if line.len() > MAX_LINE {
            window_start = floor_char_boundary(line, start.saturating_sub(MAX_LINE / 4));
            window_end = ceil_char_boundary(line, (window_start + MAX_LINE).min(line.len()));
        }

        // Masked ranges (relative to the line, inside the window): the finding's secret, and any
        // known credential format on the shown part of the line (a parse error on a line holding
        // a token must not print it either).
        let mut masks: Vec<(usize, usize)> = Vec::new();
        let mut mask = |a: usize, b: usize| {
            let (a, b) = (a.max(window_start), b.min(window_end));
            if a < b {
                masks.push((floor_char_boundary(line, a), ceil_char_boundary(line, b)));
            }
        };
        if let Some(secret) = finding.redact {
            if secret.start < line_range.end && secret.end > line_range.start {
                mask(rel(secret.start), rel(secret.end));
            }
        }
        let scan_start = floor_char_boundary(line, window_start.saturating_sub(MAX_LINE));
        let scan_end = ceil_char_boundary(line, window_end.saturating_add(MAX_LINE));
        for credential in find_credentials(line.get(scan_start..scan_end).unwrap_or(""), scan_start)
        {
            mask(credential.secret.start, credential.secret.end);
        }
        masks.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (a, b) in masks {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }

        // Segments of the shown text: (original start, original end, masked, shown text).
        let piece = |a: usize, b: usize| sanitize(line.get(a..b).unwrap_or(""));
        let mut segments: Vec<(usize, usize, bool, String)> = Vec::new();
        let mut at = window_start;
        for (a, b) in merged {
            segments.push((at, a, false, piece(at, a)));
            segments.push((a, b, true, redact(line.get(a..b).unwrap_or(""))));
            at = b;
        }
        segments.push((at, window_end, false, piece(at, window_end)));
        let column_of = |offset: usize, is_end: bool| -> usize {
            let mut column = 0;
            for (index, (a, b, masked, shown)) in segments.iter().enumerate() {
                if offset >= *b && index + 1 < segments.len() {
                    column += shown.chars().count();
                    continue;
                }
                if !masked {
                    column += line
                        .get(*a..offset.clamp(*a, *b))
                        .map_or(0, sanitized_width);
                } else if is_end && offset > *a {
                    column += shown.chars().count();
                }
                break;
            }
            column
        };
        let mut shown: String = segments.iter().map(|(_, _, _, s)| s.as_str()).collect();
        let mut caret_column = column_of(start.max(window_start), false);
        let mut caret_end = if continues {
            column_of(window_end, true)
        } else {
            column_of(end.clamp(window_start, window_end), true)
        };
        if window_start > 0 {
            shown.insert(0, '…');
            caret_column += 1;
            caret_end += 1;
        }
        if window_end < line.len() {
            shown.push('…');
        }
        Snippet {
            line: line_number + 1,
            text: shown,
            caret_column,
            caret_width: caret_end.saturating_sub(caret_column),
        }
    }
}

fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while offset < text.len() && !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipshape_core::registry::Rule;
    use shipshape_core::rules::ParseError;
    use shipshape_core::TextRange;

    /// An SS000 finding.
    fn parse_error_finding(message: String, range: TextRange) -> Finding {
        let meta = ParseError::META;
        Finding {
            code: meta.code.to_string(),
            name: meta.name.to_string(),
            severity: meta.severity,
            message,
            range,
            object: None,
            fixes: Vec::new(),
            anchor: None,
            redact: None,
            related: Vec::new(),
            text: None,
        }
    }

    fn snippet(text: &str, range: TextRange, redact: Option<TextRange>) -> Snippet {
        let mut finding = parse_error_finding("m".into(), range);
        finding.redact = redact;
        Snippet::new(text, &LineIndex::new(text), &finding)
    }

    #[test]
    fn caret_under_the_range() {
        let text = "a: 1\nb: two\n";
        let s = snippet(text, TextRange::new(8, 11), None);
        assert_eq!(
            s,
            Snippet {
                line: 2,
                text: "b: two".into(),
                caret_column: 3,
                caret_width: 3
            }
        );
    }

    #[test]
    fn secret_is_masked_and_caret_follows() {
        let text = "ENV TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789 X\n";
        let start = text.find("ghp_").unwrap();
        let end = start + 40;
        let s = snippet(
            text,
            TextRange::new(4, end),
            Some(TextRange::new(start, end)),
        );
        assert_eq!(s.text, "ENV TOKEN=ghp*** X");
        assert_eq!(s.caret_column, 4);
        assert_eq!(s.caret_width, "TOKEN=ghp***".len());
        let s = snippet(
            text,
            TextRange::new(end + 1, end + 2),
            Some(TextRange::new(start, end)),
        );
        assert_eq!(s.caret_column, "ENV TOKEN=ghp*** ".len());
        assert_eq!(s.caret_width, 1);
    }

    #[test]
    fn known_credentials_are_masked_without_redact() {
        let text = "x ghp_abcdefghijklmnopqrstuvwxyz0123456789 y\n";
        let s = snippet(text, TextRange::empty(0), None);
        assert_eq!(s.text, "x ghp*** y");
    }

    #[test]
    fn multi_line_secret_masks_its_first_line() {
        let text = "key: |\n  -----BEGIN PRIVATE KEY-----\n  abc\n";
        let start = text.find("-----").unwrap();
        let s = snippet(
            text,
            TextRange::new(start, text.len()),
            Some(TextRange::new(start, text.len())),
        );
        assert_eq!(s.text, "  ---***");
        assert_eq!((s.caret_column, s.caret_width), (2, 6));
    }

    #[test]
    fn long_lines_are_windowed_and_controls_replaced() {
        let text = format!("{}\u{1b}X{}", "a".repeat(1000), "b".repeat(1000));
        let s = snippet(&text, TextRange::new(1001, 1002), None);
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        // The window is MAX_LINE bytes; the escape `\x1b` shows one byte as four characters.
        assert!(s.text.chars().count() <= MAX_LINE + 2 + 3);
        assert_eq!(s.text.chars().nth(s.caret_column), Some('X'));
        let shown: String = s.text.chars().take(s.caret_column).collect();
        assert!(shown.ends_with("a\\x1b"), "{shown}");
    }

    #[test]
    fn non_printable_bytes_are_escaped_and_the_caret_stays_under_its_text() {
        let text = "\u{7f}ELF\u{2}\u{1}\u{1}\0\u{1b}[2J \u{202e}txt.exe X\n";
        let at = text.find('X').unwrap();
        let s = snippet(text, TextRange::new(at, at + 1), None);
        assert_eq!(
            s.text,
            "\\x7fELF\\x02\\x01\\x01\\x00\\x1b[2J \\u{202e}txt.exe X"
        );
        assert_eq!(s.text.chars().nth(s.caret_column), Some('X'));
        assert_eq!(s.caret_width, 1);
        assert_eq!(sanitize("tab\tstays"), "tab\tstays");
    }

    #[test]
    fn a_finding_with_object_and_fixes() {
        use shipshape_core::{Edit, FileKind, Fix};
        let text = "services:\n  web:\n    image: x\n";
        let mut finding = parse_error_finding(
            "Service `web` has a writable root filesystem".into(),
            TextRange::new(12, 15),
        );
        finding.code = "SS101".into();
        finding.name = "read-only-root-filesystem".into();
        finding.severity = Severity::Warning;
        finding.object = Some("service web".into());
        finding.fixes = vec![
            Fix::safe_edit("Add `read_only: true`", Edit::insertion("x", 0)),
            Fix::unsafe_edit("Drop all", Edit::insertion("y", 0)),
        ];
        let file = CheckedFile {
            path: "compose.yaml".into(),
            file: None,
            kind: FileKind::Compose,
            lines: LineIndex::new(text),
            text: text.into(),
            complete: true,
            around: Default::default(),
            findings: vec![finding],
            config: std::sync::Arc::new(crate::LoadedConfig::defaults("/".into())),
        };
        let mut out = Vec::new();
        write(
            std::slice::from_ref(&file),
            &mut anstream::StripStream::new(&mut out),
            Options::default(),
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "== compose.yaml: service web: 1 finding; 1 fixable with `shipshape fix`\n\ncompose.yaml:2:3: SS101 [*] [read-only-root-filesystem] warning: Service `web` has a writable root filesystem (service web)\n  |\n2 |   web:\n  |   ^^^\n  = fix: Add `read_only: true`\n  = fix (unsafe): Drop all\n\nFound 1 finding (0 errors, 1 warning, 0 infos) in 1 file; 1 fixable with `shipshape fix`\n"
        );
    }

    /// A finding of `code` on `needle` in `text`, for `object`, with a fix of `fix`.
    fn at(
        text: &str,
        needle: &str,
        code: &str,
        object: Option<&str>,
        fix: Option<Applicability>,
    ) -> Finding {
        use shipshape_core::{Edit, Fix};
        let start = text.find(needle).unwrap_or(0);
        let mut finding = parse_error_finding(
            format!("{code} here"),
            TextRange::new(start, start + needle.len()),
        );
        finding.code = code.into();
        finding.name = format!("rule-{}", code.to_lowercase());
        finding.severity = Severity::Warning;
        finding.object = object.map(str::to_string);
        finding.fixes = match fix {
            Some(Applicability::Safe) => vec![Fix::safe_edit("f", Edit::insertion("x", 0))],
            Some(Applicability::Unsafe) => vec![Fix::unsafe_edit("u", Edit::insertion("y", 0))],
            _ => Vec::new(),
        };
        finding
    }

    fn checked(path: &str, text: &str, findings: Vec<Finding>) -> CheckedFile {
        CheckedFile {
            path: path.into(),
            file: None,
            kind: shipshape_core::FileKind::Compose,
            lines: LineIndex::new(text),
            text: text.into(),
            complete: true,
            around: Default::default(),
            findings,
            config: std::sync::Arc::new(crate::LoadedConfig::defaults("/".into())),
        }
    }

    fn rendered(
        writer: fn(&[CheckedFile], &mut dyn Write, Options) -> io::Result<()>,
        files: &[CheckedFile],
        options: Options,
    ) -> String {
        let mut out = Vec::new();
        let written = writer(files, &mut anstream::StripStream::new(&mut out), options);
        assert!(written.is_ok());
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn findings_are_grouped_by_file_and_object_in_order_of_first_finding() {
        let text = "services:\n  web:\n    image: a\n  db:\n    image: b\n";
        let (safe, unsafe_) = (Some(Applicability::Safe), Some(Applicability::Unsafe));
        let files = [
            checked(
                "a.yaml",
                text,
                vec![
                    at(text, "db:", "SS101", Some("service db"), unsafe_),
                    at(text, "image: a", "SS102", Some("service web"), safe),
                    at(text, "web:", "SS101", Some("service web"), unsafe_),
                    at(text, "services", "SS000", None, None),
                    at(text, "image: b", "SS301", Some("service db"), None),
                ],
            ),
            checked(
                "b.yaml",
                text,
                vec![at(text, "web:", "SS101", Some("service web"), None)],
            ),
        ];
        let out = rendered(write, &files, Options::default());
        let headers: Vec<&str> = out.lines().filter(|l| l.starts_with("==")).collect();
        assert_eq!(
            headers,
            [
                "== a.yaml: 1 finding",
                "== a.yaml: service web: 2 findings; 1 fixable with `shipshape fix`, 1 more with `--unsafe-fixes`",
                "== a.yaml: service db: 2 findings; 1 fixable with `shipshape fix --unsafe-fixes`",
                "== b.yaml: service web: 1 finding",
            ]
        );
        let order: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with("a.yaml:") || l.starts_with("b.yaml:"))
            .map(|l| l.split(" [").next().unwrap_or(""))
            .collect();
        assert_eq!(
            order,
            [
                "a.yaml:1:1: SS000",
                "a.yaml:2:3: SS101",
                "a.yaml:3:5: SS102",
                "a.yaml:4:3: SS101",
                "a.yaml:5:5: SS301",
                "b.yaml:2:3: SS101",
            ]
        );
        assert!(out.ends_with("\nFound 6 findings (0 errors, 6 warnings, 0 infos) in 2 files; 1 fixable with `shipshape fix`, 2 more with `--unsafe-fixes`\n"), "{out}");
    }

    #[test]
    fn statistics_count_per_code_most_frequent_first() {
        let text = "services:\n  web:\n    image: a\n  db:\n    image: b\n";
        let (safe, unsafe_) = (Some(Applicability::Safe), Some(Applicability::Unsafe));
        let files = [checked(
            "a.yaml",
            text,
            vec![
                at(text, "web:", "SS101", Some("service web"), unsafe_),
                at(text, "db:", "SS101", Some("service db"), safe),
                at(text, "image: a", "SS101", Some("service web"), None),
                at(text, "image: b", "SS601", Some("service db"), unsafe_),
                at(text, "services", "SS000", None, None),
            ],
        )];
        assert_eq!(
            rendered(write_statistics, &files, Options::default()),
            "3  SS101  rule-ss101  1 fixable, 1 more with `--unsafe-fixes`\n\
             1  SS000  rule-ss000\n\
             1  SS601  rule-ss601  1 fixable with `--unsafe-fixes`\n\
             \n\
             Found 5 findings (0 errors, 5 warnings, 0 infos) in 1 file; 1 fixable with `shipshape fix`, 2 more with `--unsafe-fixes`\n"
        );
        let quiet = Options {
            quiet: true,
            hidden_by_baseline: 2,
            ..Options::default()
        };
        assert!(rendered(write_statistics, &files, quiet)
            .ends_with("rule-ss601  1 fixable with `--unsafe-fixes`\n"));
        let none = [checked("a.yaml", text, Vec::new())];
        let hidden = Options {
            hidden_by_baseline: 2,
            ..Options::default()
        };
        assert_eq!(
            rendered(write_statistics, &none, hidden),
            "No findings in 1 file; 2 hidden by the baseline\n"
        );
        assert_eq!(
            rendered(write, &none, hidden),
            "No findings in 1 file; 2 hidden by the baseline\n"
        );
    }

    #[test]
    fn summary_lines() {
        let mut counts = Counts {
            files: 2,
            ..Counts::default()
        };
        assert_eq!(summary(&counts), "No findings in 2 files");
        counts.findings = 3;
        counts.errors = 1;
        counts.warnings = 2;
        counts.safe_fixable = 1;
        counts.unsafe_fixable = 1;
        assert_eq!(
            summary(&counts),
            "Found 3 findings (1 error, 2 warnings, 0 infos) in 2 files; 1 fixable with `shipshape fix`, 1 more with `--unsafe-fixes`"
        );
    }
}
