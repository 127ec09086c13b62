//! Every report format, written once for every delivery: the CLI prints them, the wasm module
//! hands them to the GitHub Action (annotations, SARIF, job summary) and the playground.
//! One file per format; each exposes `write(files, out, ...)`. The text format may emit ANSI
//! styles: the CLI's stream strips them when colour is off.

pub mod checkstyle;
pub mod fingerprint;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod suggest;
pub mod summary;
pub mod text;
pub mod xml;

use std::io::{self, Write};

use shipshape_core::{Applicability, Finding, LineColumn, Severity};

use crate::check::CheckedFile;

/// The report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people: findings with source snippets, then a summary line.
    Text,
    /// `{"version": 1, "files": [...], "findings": [...]}` (SPEC section 5).
    Json,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitLab code quality report.
    Gitlab,
    Junit,
    Checkstyle,
    /// The Markdown job summary the GitHub Action writes (any CI that renders Markdown).
    Summary,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Text,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Gitlab,
        Format::Junit,
        Format::Checkstyle,
        Format::Summary,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Gitlab => "gitlab",
            Format::Junit => "junit",
            Format::Checkstyle => "checkstyle",
            Format::Summary => "summary",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        Format::ALL
            .into_iter()
            .find(|format| format.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|format| format.name()).collect();
                format!(
                    "unknown format `{name}`; expected one of {}",
                    names.join(", ")
                )
            })
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// No summary line (text).
    pub quiet: bool,
    /// The `--fail-on` threshold given for the run (`Some(None)`: never), for the summary's
    /// verdict; `None`: each file's configuration decides.
    pub fail_on: Option<Option<Severity>>,
    /// How many findings a baseline hid (the text summary says so).
    pub hidden_by_baseline: usize,
    /// The language of messages and fix titles; codes, order, fixes' edits and fingerprints
    /// are the same in every language.
    pub locale: shipshape_core::Locale,
}

/// Write the findings of `files` (sorted by path) in `format`.
pub fn write(
    format: Format,
    files: &[CheckedFile],
    out: &mut dyn Write,
    options: Options,
) -> io::Result<()> {
    match format {
        Format::Text => text::write(files, out, options),
        Format::Json => json::write(files, out, options.locale),
        Format::Sarif => sarif::write(files, out, options.locale),
        Format::Github => github::write(files, out, options.locale),
        Format::Gitlab => gitlab::write(files, out, options.locale),
        Format::Junit => junit::write(files, out, options.locale),
        Format::Checkstyle => checkstyle::write(files, out, options.locale),
        Format::Summary => summary::write(files, out, options),
    }
}

/// `value` as pretty JSON and a newline. Serialised into memory first and written at once:
/// serde_json writes token by token, and each write through `dyn Write` into a buffered
/// stream costs more than the token (a third of the CLI's time on a JSON report).
pub(crate) fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> io::Result<()> {
    let mut json = serde_json::to_vec_pretty(value)?;
    json.push(b'\n');
    out.write_all(&json)
}

/// `format` as a string (the wasm module's `render`).
pub fn to_string(format: Format, files: &[CheckedFile], options: Options) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write(format, files, &mut out, options);
    String::from_utf8_lossy(&out).into_owned()
}

/// A finding with its file and its 1-based positions.
pub struct Located<'a> {
    pub file: &'a CheckedFile,
    /// Index of `file` in the slice given to [`located`].
    pub file_index: usize,
    /// Index of `finding` in `file.findings`.
    pub index: usize,
    pub finding: &'a Finding,
    pub start: LineColumn,
    pub end: LineColumn,
}

/// Every finding of `files`, ordered like `core::report::sort_findings`: path, then position,
/// then code (then message).
pub fn located(files: &[CheckedFile]) -> Vec<Located<'_>> {
    let mut all: Vec<Located> = files
        .iter()
        .enumerate()
        .flat_map(|(file_index, file)| {
            file.findings
                .iter()
                .enumerate()
                .map(move |(index, finding)| Located {
                    file,
                    file_index,
                    index,
                    finding,
                    start: file.lines.line_column(&file.text, finding.range.start),
                    end: file.lines.line_column(&file.text, finding.range.end),
                })
        })
        .collect();
    all.sort_by(|a, b| {
        (
            &a.file.path,
            a.start,
            a.end,
            &a.finding.code,
            &a.finding.message,
        )
            .cmp(&(
                &b.file.path,
                b.start,
                b.end,
                &b.finding.code,
                &b.finding.message,
            ))
    });
    all
}

/// `located` findings grouped by file (index parallel to `files`), each group in order.
pub fn by_file<'a, 'b>(count: usize, all: &'b [Located<'a>]) -> Vec<Vec<&'b Located<'a>>> {
    let mut groups: Vec<Vec<&Located>> = (0..count).map(|_| Vec::new()).collect();
    for item in all {
        if let Some(group) = groups.get_mut(item.file_index) {
            group.push(item);
        }
    }
    groups
}

/// Fingerprints of every finding, `[file][finding]` parallel to `files[i].findings`.
pub fn fingerprints(files: &[CheckedFile]) -> Vec<Vec<String>> {
    files
        .iter()
        .map(|file| {
            let findings: Vec<&Finding> = file.findings.iter().collect();
            fingerprint::fingerprints(&file.path, &file.text, &file.lines, &findings)
        })
        .collect()
}

/// The fingerprint of `item` from the table [`fingerprints`] made.
pub fn fingerprint_of<'a>(table: &'a [Vec<String>], item: &Located) -> &'a str {
    table
        .get(item.file_index)
        .and_then(|file| file.get(item.index))
        .map_or("", String::as_str)
}

/// The path as CI systems want it: `/` separators.
pub fn ci_path(path: &str) -> String {
    path.replace('\\', "/")
}

/// Counts for summaries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub files: usize,
    pub findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub hints: usize,
    /// Findings `shipshape fix` would fix.
    pub safe_fixable: usize,
    /// Findings only `shipshape fix --unsafe-fixes` would fix.
    pub unsafe_fixable: usize,
}

impl Counts {
    pub fn of(files: &[CheckedFile]) -> Self {
        Counts {
            files: files.len(),
            ..Self::of_findings(files.iter().flat_map(|file| &file.findings))
        }
    }

    /// The counts of some findings (`files` is 0).
    pub fn of_findings<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Self {
        let mut counts = Counts::default();
        for finding in findings {
            counts.findings += 1;
            match finding.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
                Severity::Hint => counts.hints += 1,
            }
            match best_applicability(finding) {
                Some(Applicability::Safe) => counts.safe_fixable += 1,
                Some(Applicability::Unsafe) => counts.unsafe_fixable += 1,
                _ => {}
            }
        }
        counts
    }
}

/// The most confident applicability among a finding's fixes.
pub fn best_applicability(finding: &Finding) -> Option<Applicability> {
    finding.fixes.iter().map(|fix| fix.applicability).max()
}

/// `1 finding`, `2 findings`.
pub fn plural(count: usize, singular: &str) -> String {
    if count == 1 {
        format!("{count} {singular}")
    } else {
        format!("{count} {singular}s")
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use shipshape_core::{Document, FileKind, LineIndex};
    use std::sync::Arc;

    /// `text` checked as `kind` with the default configuration.
    pub(crate) fn checked(path: &str, text: &str, kind: FileKind) -> CheckedFile {
        let config = Arc::new(crate::LoadedConfig::defaults("/".into()));
        let findings = shipshape_core::check(&Document::new(path, text, kind), &config.config);
        CheckedFile {
            path: path.into(),
            file: None,
            kind,
            lines: LineIndex::new(text),
            text: text.into(),
            complete: true,
            around: Default::default(),
            findings,
            config,
        }
    }

    /// A stream that counts the writes it is given.
    #[derive(Default)]
    struct CountingWriter {
        writes: usize,
        bytes: Vec<u8>,
    }

    impl Write for CountingWriter {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.writes += 1;
            self.bytes.extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// The regression guard of issue 19: serde_json writes token by token, and the CLI once
    /// made 71,809 writes for one JSON report of the Compose corpus.
    #[test]
    fn machine_formats_reach_the_stream_in_one_write() {
        let compose = "services:\n  web:\n    image: nginx:1.27\n";
        let files = [
            checked("compose.yaml", compose, FileKind::Compose),
            checked(
                "Dockerfile",
                "FROM golang:1.23\nENV API_TOKEN=abc123\n",
                FileKind::Dockerfile,
            ),
        ];
        assert!(files.iter().all(|file| !file.findings.is_empty()));
        for format in [Format::Json, Format::Sarif, Format::Gitlab] {
            let mut out = CountingWriter::default();
            write(format, &files, &mut out, Options::default()).expect("written");
            assert_eq!(out.writes, 1, "{format:?}");
            assert_eq!(
                String::from_utf8(out.bytes).expect("UTF-8"),
                to_string(format, &files, Options::default()),
                "{format:?}"
            );
        }
    }
}
