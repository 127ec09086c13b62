//! `shipshape rules [--format text|json]`.

use std::io::Write;

use anyhow::Result;
use shipshape_core::registry::FixAvailability;
use shipshape_core::RULES;

use super::ExitStatus;
use crate::args::{ColorArg, RulesArgs, RulesFormat};
use crate::output::{self, ignore_broken_pipe};

pub fn rules(args: &RulesArgs, color: ColorArg) -> Result<ExitStatus> {
    let text = match args.format {
        RulesFormat::Json => {
            serde_json::to_string_pretty(&shipshape_core::report::rules_report())? + "\n"
        }
        RulesFormat::Text => table(),
    };
    let mut out = output::stdout(color);
    ignore_broken_pipe(out.write_all(text.as_bytes()).and_then(|()| out.flush()))?;
    Ok(ExitStatus::Success)
}

/// One aligned line per rule: code, name, severity, fix, kinds, summary.
pub fn table() -> String {
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
                rule.summary.to_string(),
            ]
        })
        .collect();
    let header = ["CODE", "NAME", "SEVERITY", "FIX", "KINDS", "SUMMARY"].map(String::from);
    let mut widths = [0usize; 6];
    for row in std::iter::once(&header).chain(&rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (index, cell) in row.iter().enumerate() {
            if index + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<width$}  ", width = widths[index]));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
