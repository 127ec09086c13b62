//! `--format junit`: JUnit XML as Jenkins, GitLab, Azure Pipelines, CircleCI and Buildkite read
//! it. One `<testsuite>` per checked file (named by its path); each finding is a `<testcase>`
//! with a `<failure>` (`type` = the severity); a file without findings has one passing test case,
//! so that clean files count as passed tests.

use std::io::{self, Write};

use shipshape_core::Finding;

use super::xml::escape;
use super::{by_file, ci_path, located, Located};
use crate::check::CheckedFile;

pub fn write(
    files: &[CheckedFile],
    out: &mut dyn Write,
    locale: shipshape_core::Locale,
) -> io::Result<()> {
    let all = located(files);
    let failures = all.len();
    let tests: usize = files.iter().map(|file| file.findings.len().max(1)).sum();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="shipshape" tests="{tests}" failures="{failures}" errors="0">"#
    )?;
    for (file, mine) in files.iter().zip(by_file(files.len(), &all)) {
        let path = escape(&ci_path(&file.path));
        writeln!(
            out,
            r#"  <testsuite name="{path}" tests="{}" failures="{}" errors="0">"#,
            mine.len().max(1),
            mine.len(),
        )?;
        if mine.is_empty() {
            writeln!(
                out,
                r#"    <testcase name="shipshape" classname="{path}"/>"#
            )?;
        }
        for item in mine {
            write_case(out, &path, item, locale)?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

fn write_case(
    out: &mut dyn Write,
    path: &str,
    item: &Located,
    locale: shipshape_core::Locale,
) -> io::Result<()> {
    let finding: &Finding = item.finding;
    let location = format!("{path}:{}:{}", item.start.line, item.start.column);
    writeln!(
        out,
        r#"    <testcase name="{} {} at {location}" classname="{path}" file="{path}" line="{}">"#,
        escape(&finding.code),
        escape(&finding.name),
        item.start.line,
    )?;
    let mut body = format!(
        "{location}: {} [{}] {}: {}",
        finding.code,
        finding.name,
        finding.severity,
        finding.message_in(locale)
    );
    if let Some(object) = &finding.object {
        body.push_str(&format!(
            " ({})",
            shipshape_core::i18n::object(locale, object)
        ));
    }
    body.push('\n');
    body.push_str(
        &shipshape_core::Message::new("junit-see")
            .arg("url", shipshape_core::docs_url_in(&finding.code, locale))
            .render(locale),
    );
    writeln!(
        out,
        r#"      <failure message="{}" type="{}">{}</failure>"#,
        escape(&finding.message_in(locale)),
        finding.severity,
        escape(&body),
    )?;
    writeln!(out, "    </testcase>")
}
