//! `--format json`: SPEC section 5's report, through `core::report`.

use std::io::{self, Write};

use shipshape_core::report::{sort_findings, JsonFile, JsonFinding, JsonReport, REPORT_VERSION};

use crate::check::CheckedFile;

pub fn report(files: &[CheckedFile]) -> JsonReport {
    let mut findings: Vec<JsonFinding> = files
        .iter()
        .flat_map(|file| {
            file.findings
                .iter()
                .map(|finding| JsonFinding::new(&file.path, &file.text, &file.lines, finding))
        })
        .collect();
    sort_findings(&mut findings);
    let mut json_files: Vec<JsonFile> = files
        .iter()
        .map(|file| JsonFile {
            path: file.path.clone(),
            kind: file.kind,
        })
        .collect();
    json_files.sort_by(|a, b| a.path.cmp(&b.path));
    JsonReport {
        version: REPORT_VERSION,
        files: json_files,
        findings,
    }
}

pub fn write(files: &[CheckedFile], out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &report(files))?;
    writeln!(out)
}
