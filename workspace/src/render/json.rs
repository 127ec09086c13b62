//! `--format json`: SPEC section 5's report, through `core::report`.

use std::io::{self, Write};

use shipshape_core::report::{report_order, JsonFile, JsonFinding, JsonReport, REPORT_VERSION};
use shipshape_core::{Finding, Locale};

use crate::check::CheckedFile;

/// The report in `locale`. Sorted by the English texts first, so that the order is the same
/// in every language.
pub fn report(files: &[CheckedFile], locale: Locale) -> JsonReport {
    let mut findings: Vec<(JsonFinding, &Finding)> = files
        .iter()
        .flat_map(|file| {
            file.findings.iter().map(|finding| {
                (
                    JsonFinding::new(&file.path, &file.text, &file.lines, finding),
                    finding,
                )
            })
        })
        .collect();
    findings.sort_by(|(a, _), (b, _)| report_order(a, b));
    let findings: Vec<JsonFinding> = findings
        .into_iter()
        .map(|(mut json, finding)| {
            json.localize(finding, locale);
            json
        })
        .collect();
    let mut json_files: Vec<JsonFile> = files
        .iter()
        .map(|file| JsonFile {
            path: file.path.clone(),
            kind: file.kind,
            read_with: file.around.read_with(),
        })
        .collect();
    json_files.sort_by(|a, b| a.path.cmp(&b.path));
    JsonReport {
        version: REPORT_VERSION,
        files: json_files,
        findings,
    }
}

pub fn write(files: &[CheckedFile], out: &mut dyn Write, locale: Locale) -> io::Result<()> {
    super::write_json(out, &report(files, locale))
}
