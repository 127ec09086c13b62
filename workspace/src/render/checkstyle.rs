//! `--format checkstyle`: checkstyle XML (Jenkins warnings-ng, reviewdog, many code review
//! tools). One `<file>` per checked file, one `<error>` per finding with `source` =
//! `shipshape.<CODE>`. Severities: error → `error`, warning → `warning`, info and hint → `info`.

use std::io::{self, Write};

use shipshape_core::Severity;

use super::xml::escape;
use super::{by_file, ci_path, located};
use crate::check::CheckedFile;

pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "info",
    }
}

pub fn write(
    files: &[CheckedFile],
    out: &mut dyn Write,
    locale: shipshape_core::Locale,
) -> io::Result<()> {
    let all = located(files);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<checkstyle version="4.3">"#)?;
    for (file, mine) in files.iter().zip(by_file(files.len(), &all)) {
        let path = escape(&ci_path(&file.path));
        if mine.is_empty() {
            writeln!(out, r#"  <file name="{path}"/>"#)?;
            continue;
        }
        writeln!(out, r#"  <file name="{path}">"#)?;
        for item in mine {
            let finding = item.finding;
            let message = match &finding.object {
                Some(object) => format!(
                    "{} ({})",
                    finding.message_in(locale),
                    shipshape_core::i18n::object(locale, object)
                ),
                None => finding.message_in(locale),
            };
            writeln!(
                out,
                r#"    <error line="{}" column="{}" severity="{}" message="{}" source="shipshape.{}"/>"#,
                item.start.line,
                item.start.column,
                severity(finding.severity),
                escape(&message),
                escape(&finding.code),
            )?;
        }
        writeln!(out, "  </file>")?;
    }
    writeln!(out, "</checkstyle>")
}
