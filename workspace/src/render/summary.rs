//! `--format summary`: the Markdown job summary the GitHub Action writes to
//! `GITHUB_STEP_SUMMARY` (and any CI that renders Markdown): the totals and the verdict, then
//! one table per file with findings. Messages never hold secret values; no source text is
//! written.

use std::io::{self, Write};

use shipshape_core::i18n::{object, text, Message};
use shipshape_core::{Locale, Severity};

use super::text::counted;
use super::{by_file, located, Counts, Options};
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
fn severities(counts: &Counts, locale: Locale) -> String {
    let mut parts = Vec::new();
    for (count, word) in [
        (counts.errors, "error"),
        (counts.warnings, "warning"),
        (counts.infos, "info"),
        (counts.hints, "hint"),
    ] {
        if count > 0 {
            parts.push(if word == "info" {
                Message::new("job-count-info")
                    .arg("count", count.to_string())
                    .render(locale)
            } else {
                counted(locale, count, word)
            });
        }
    }
    parts.join(&text(locale, "list-separator"))
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
    let locale = options.locale;
    let counts = Counts::of(files);
    writeln!(out, "## shipshape\n")?;
    let checked = counted(locale, counts.files, "file");
    if counts.findings == 0 {
        let none = Message::new("job-none").arg("checked", checked);
        writeln!(out, "{}", none.render(locale))?;
    } else {
        let with_findings = files
            .iter()
            .filter(|file| !file.findings.is_empty())
            .count();
        let failing = files.iter().any(|file| file.fails(options.fail_on));
        let state = if failing {
            "job-failing"
        } else {
            "job-passing"
        };
        let verdict = match options.fail_on {
            Some(Some(threshold)) => Message::new("job-verdict-threshold")
                .nested("state", Message::new(state))
                .arg("threshold", severity_name(threshold)),
            Some(None) => Message::new("job-verdict-never"),
            None => Message::new("job-verdict-configured").nested("state", Message::new(state)),
        };
        let totals = Message::new("job-totals")
            .arg("findings", counted(locale, counts.findings, "finding"))
            .arg("severities", severities(&counts, locale))
            .arg("with_findings", counted(locale, with_findings, "file"))
            .arg("checked", checked)
            .nested("verdict", verdict);
        writeln!(out, "{}", totals.render(locale))?;
        let fixable = counts.safe_fixable + counts.unsafe_fixable;
        if fixable > 0 {
            let fixable = Message::new("job-fixable")
                .arg("safe", counted(locale, counts.safe_fixable, "finding"))
                .arg("unsafe", counts.unsafe_fixable.to_string());
            writeln!(out, "\n{}", fixable.render(locale))?;
        }
    }
    let all = located(files);
    for (file, group) in files.iter().zip(by_file(files.len(), &all)) {
        if group.is_empty() {
            continue;
        }
        writeln!(out, "\n### `{}`\n", file.path.replace('`', "'"))?;
        writeln!(out, "{}", text(locale, "job-table-header"))?;
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
                shipshape_core::docs_url_in(&finding.code, locale),
                cell(&finding.name),
                cell(&object(locale, finding.object.as_deref().unwrap_or(""))),
                cell(&finding.message_in(options.locale)),
            )?;
        }
    }
    Ok(())
}
