//! `shipshape rules [--format text|json]`.
//!
//! TODO(lead): `JsonRule` is the rule shape the wasm module's `rules()` needs too; move to core.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;
use shipshape_core::registry::{FixAvailability, RuleMeta};
use shipshape_core::{FileKind, Severity, RULES};

use super::ExitStatus;
use crate::args::{ColorArg, RulesArgs, RulesFormat};
use crate::output::{self, ignore_broken_pipe};

/// Version of the `rules --format json` output.
pub const RULES_VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct JsonRules {
    pub version: u32,
    pub rules: Vec<JsonRule>,
}

#[derive(Debug, Serialize)]
pub struct JsonRule {
    pub code: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
    pub severity: Severity,
    pub kinds: Vec<FileKind>,
    pub fix: FixAvailability,
    pub since: &'static str,
    pub docs: String,
}

impl From<&RuleMeta> for JsonRule {
    fn from(rule: &RuleMeta) -> Self {
        Self {
            code: rule.code,
            name: rule.name,
            summary: rule.summary,
            severity: rule.severity,
            kinds: rule.kinds.to_vec(),
            fix: rule.fix,
            since: rule.since,
            docs: rule.docs_url(),
        }
    }
}

pub fn rules(args: &RulesArgs, color: ColorArg) -> Result<ExitStatus> {
    let text = match args.format {
        RulesFormat::Json => {
            let report = JsonRules {
                version: RULES_VERSION,
                rules: RULES.iter().map(JsonRule::from).collect(),
            };
            serde_json::to_string_pretty(&report)? + "\n"
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
