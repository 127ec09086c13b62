//! `--format summary`: the Markdown job summary the GitHub Action writes to
//! `GITHUB_STEP_SUMMARY` (and any CI that renders Markdown): the totals and the verdict, then
//! one table per file with findings. Messages never hold secret values; no source text is
//! written.

use std::io::{self, Write};

use shipshape_core::Severity;

use super::{by_file, located, plural, Counts, Options};
use crate::check::CheckedFile;

/// Escape text for a Markdown table cell (inline HTML is allowed there, so escape it too).
fn cell(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "&#124;")
        .replace(['\r', '\n'], " ")
}

/// "2 errors, 1 warning" (severities with no finding left out).
fn severities(counts: &Counts) -> String {
    let mut parts = Vec::new();
    for (count, word) in [
        (counts.errors, "error"),
        (counts.warnings, "warning"),
        (counts.infos, "info"),
        (counts.hints, "hint"),
    ] {
        if count > 0 {
            parts.push(if word == "info" {
                format!("{count} info")
            } else {
                plural(count, word)
            });
        }
    }
    parts.join(", ")
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
        Severity::Hint => "hint",
    }
}

pub fn write(files: &[CheckedFile], out: &mut dyn Write, options: Options) -> io::Result<()> {
    let counts = Counts::of(files);
    writeln!(out, "## shipshape\n")?;
    let checked = plural(counts.files, "file");
    if counts.findings == 0 {
        writeln!(out, "No findings in {checked} checked.")?;
    } else {
        let with_findings = files
            .iter()
            .filter(|file| !file.findings.is_empty())
            .count();
        let failing = files.iter().any(|file| file.fails(options.fail_on));
        let verdict = match options.fail_on {
            Some(Some(threshold)) => format!(
                " {}: fail-on is `{}`.",
                if failing { "Failing" } else { "Passing" },
                severity_name(threshold)
            ),
            Some(None) => " Passing: fail-on is `never`.".to_string(),
            None => format!(
                " {}: fail-on is each file's configured `fail-on` (default `warning`).",
                if failing { "Failing" } else { "Passing" }
            ),
        };
        writeln!(
            out,
            "{} ({}) in {} of {checked} checked.{verdict}",
            plural(counts.findings, "finding"),
            severities(&counts),
            plural(with_findings, "file"),
        )?;
        let fixable = counts.safe_fixable + counts.unsafe_fixable;
        if fixable > 0 {
            writeln!(
                out,
                "\n{} can be fixed by `shipshape fix` ({} more with `--unsafe-fixes`).",
                plural(counts.safe_fixable, "finding"),
                counts.unsafe_fixable
            )?;
        }
    }
    let all = located(files);
    for (file, group) in files.iter().zip(by_file(files.len(), &all)) {
        if group.is_empty() {
            continue;
        }
        writeln!(out, "\n### `{}`\n", file.path.replace('`', "'"))?;
        writeln!(out, "| Line | Severity | Rule | Object | Message |")?;
        writeln!(out, "|---|---|---|---|---|")?;
        for item in group {
            let finding = item.finding;
            writeln!(
                out,
                "| {}:{} | {} | [{}]({}) {} | {} | {} |",
                item.start.line,
                item.start.column,
                severity_name(finding.severity),
                cell(&finding.code),
                finding.docs_url(),
                cell(&finding.name),
                cell(finding.object.as_deref().unwrap_or("")),
                cell(&finding.message_in(options.locale)),
            )?;
        }
    }
    Ok(())
}
