//! `--format gitlab`: a GitLab code quality report (a JSON array of issues, the subset of the
//! Code Climate format GitLab reads): `description`, `check_name`, `fingerprint` (stable when
//! lines move, see [`super::fingerprint`]), `severity` and `location.path` + `location.lines.begin`.
//!
//! Severities: error → `critical`, warning → `major`, info → `minor`, hint → `info`
//! (`blocker` is not used: shipshape has no severity above error).

use std::io::{self, Write};

use serde::Serialize;
use shipshape_core::Severity;

use super::{ci_path, fingerprint_of, fingerprints, located};
use crate::check::CheckedFile;

#[derive(Serialize)]
struct Issue {
    #[serde(rename = "type")]
    kind: &'static str,
    description: String,
    check_name: String,
    categories: [&'static str; 1],
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "minor",
        Severity::Hint => "info",
    }
}

pub fn write(
    files: &[CheckedFile],
    out: &mut dyn Write,
    locale: shipshape_core::Locale,
) -> io::Result<()> {
    let table = fingerprints(files);
    let issues: Vec<Issue> = located(files)
        .into_iter()
        .map(|item| {
            let finding = item.finding;
            let description = match &finding.object {
                Some(object) => format!(
                    "{} ({})",
                    finding.message_in(locale),
                    shipshape_core::i18n::object(locale, object)
                ),
                None => finding.message_in(locale),
            };
            Issue {
                kind: "issue",
                description,
                check_name: finding.code.clone(),
                categories: ["Security"],
                fingerprint: fingerprint_of(&table, &item).to_string(),
                severity: severity(finding.severity),
                location: Location {
                    path: ci_path(&item.file.path),
                    lines: Lines {
                        begin: item.start.line,
                        end: item.end.line,
                    },
                },
            }
        })
        .collect();
    super::write_json(out, &issues)
}
