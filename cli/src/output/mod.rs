//! Rendering findings. One file per format; each exposes `write(files, out, options)`.
//! Renderers may emit ANSI styles: the stream they write to strips them when colour is off.

pub mod checkstyle;
pub mod fingerprint;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod text;
pub mod xml;

use std::io::{self, Write};

use shipshape_core::{Applicability, Finding, LineColumn, Severity};

use crate::args::OutputFormat;
use crate::files::CheckedFile;

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// No summary line.
    pub quiet: bool,
}

/// Write the findings of `files` (sorted by path) in `format`.
pub fn write(
    format: OutputFormat,
    files: &[CheckedFile],
    out: &mut dyn Write,
    options: Options,
) -> io::Result<()> {
    match format {
        OutputFormat::Text => text::write(files, out, options),
        OutputFormat::Json => json::write(files, out),
        OutputFormat::Sarif => sarif::write(files, out),
        OutputFormat::Github => github::write(files, out),
        OutputFormat::Gitlab => gitlab::write(files, out),
        OutputFormat::Junit => junit::write(files, out),
        OutputFormat::Checkstyle => checkstyle::write(files, out),
    }
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
        let mut counts = Counts {
            files: files.len(),
            ..Counts::default()
        };
        for finding in files.iter().flat_map(|file| &file.findings) {
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

/// Standard output, stripping ANSI styles unless colour is on (`auto`: a terminal and no
/// `NO_COLOR`; anstream also honours `CLICOLOR` and `CLICOLOR_FORCE`).
pub fn stdout(color: crate::args::ColorArg) -> anstream::AutoStream<io::StdoutLock<'static>> {
    let choice = match color {
        crate::args::ColorArg::Auto => anstream::ColorChoice::Auto,
        crate::args::ColorArg::Always => anstream::ColorChoice::Always,
        crate::args::ColorArg::Never => anstream::ColorChoice::Never,
    };
    anstream::AutoStream::new(io::stdout().lock(), choice)
}

/// A closed pipe (`shipshape check | head`) is not an error worth reporting.
pub fn ignore_broken_pipe(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
