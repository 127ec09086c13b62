//! `shipshape rules [--format text|json]`.

use std::io::Write;

use anyhow::Result;
use shipshape_core::i18n::text;
use shipshape_core::registry::FixAvailability;
use shipshape_core::{Locale, RULES};

use super::ExitStatus;
use crate::args::{ColorArg, RulesArgs, RulesFormat};
use crate::output::{self, ignore_broken_pipe};

pub fn rules(args: &RulesArgs, color: ColorArg, locale: Locale) -> Result<ExitStatus> {
    let text = match args.format {
        RulesFormat::Json => {
            serde_json::to_string_pretty(&shipshape_core::report::rules_report())? + "\n"
        }
        RulesFormat::Text => table(locale),
    };
    let mut out = output::stdout(color);
    ignore_broken_pipe(out.write_all(text.as_bytes()).and_then(|()| out.flush()))?;
    Ok(ExitStatus::Success)
}

/// One aligned line per rule: code, name, severity, fix, kinds, summary (in `locale`).
pub fn table(locale: Locale) -> String {
    let rows: Vec<[String; 6]> = RULES
        .iter()
        .map(|rule| {
            [
                rule.code.to_string(),
                rule.name.to_string(),
                rule.severity.to_string(),
                match rule.fix {
                    FixAvailability::None => "-".to_string(),
                    FixAvailability::Sometimes | FixAvailability::Always => "fix".to_string(),
                },
                rule.kinds
                    .iter()
                    .map(|kind| kind.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
                rule.summary_in(locale),
            ]
        })
        .collect();
    let header = [
        "rules-code",
        "rules-name",
        "rules-severity",
        "rules-fix",
        "rules-kinds",
        "rules-summary",
    ]
    .map(|id| text(locale, id));
    let mut widths = [0usize; 6];
    for row in std::iter::once(&header).chain(&rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(display_width(cell));
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (index, cell) in row.iter().enumerate() {
            if index + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(widths[index] - display_width(cell) + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Columns `text` takes in a terminal: Chinese characters and full-width punctuation take two.
fn display_width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}
