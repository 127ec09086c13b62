//! `--format github`: GitHub Actions workflow commands, one per finding:
//!
//! ```text
//! ::error file=compose.yaml,line=3,col=3,endLine=3,endColumn=6,title=SS101 read-only-root-filesystem::message
//! ```
//!
//! error → `error`, warning → `warning`, info and hint → `notice`. Property values escape `%`,
//! CR, LF, `:` and `,`; the message escapes `%`, CR and LF (as the runner's `toolkit/core`
//! does). Messages never hold secret values, and no source text is written.

use std::io::{self, Write};

use shipshape_core::Severity;

use super::{ci_path, located};
use crate::check::CheckedFile;

pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "notice",
    }
}

/// Escape a workflow command's message.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow command's property value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(
    files: &[CheckedFile],
    out: &mut dyn Write,
    locale: shipshape_core::Locale,
) -> io::Result<()> {
    for item in located(files) {
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
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            command(finding.severity),
            escape_property(&ci_path(&item.file.path)),
            item.start.line,
            item.start.column,
            item.end.line,
            item.end.column,
            escape_property(&format!("{} {}", finding.code, finding.name)),
            escape_data(&message),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("100%\r\na:b,c"), "100%25%0D%0Aa:b,c");
        assert_eq!(escape_property("100%\r\na:b,c"), "100%25%0D%0Aa%3Ab%2Cc");
    }
}
