//! The JSON report shared by the CLI's `--format json`, the wasm module and the plugin host:
//! one shape everywhere, so that every delivery gives byte-identical findings.

use serde::{Deserialize, Serialize};

use crate::document::FileKind;
use crate::edit::Applicability;
use crate::finding::{Finding, Severity};
use crate::text::{LineColumn, LineIndex};

/// Version of the JSON report format.
pub const REPORT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonReport {
    pub version: u32,
    pub files: Vec<JsonFile>,
    pub findings: Vec<JsonFinding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonFile {
    pub path: String,
    pub kind: FileKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonFinding {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    pub path: String,
    pub start: LineColumn,
    pub end: LineColumn,
    pub object: Option<String>,
    pub docs: String,
    pub fixes: Vec<JsonFix>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonFix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<JsonEdit>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonEdit {
    pub start: LineColumn,
    pub end: LineColumn,
    pub new_text: String,
}

impl JsonFinding {
    /// Positions are 1-based lines and columns counting Unicode scalar values.
    pub fn new(path: &str, text: &str, lines: &LineIndex, finding: &Finding) -> Self {
        Self {
            code: finding.code.clone(),
            name: finding.name.clone(),
            severity: finding.severity,
            message: finding.message.clone(),
            path: path.to_string(),
            start: lines.line_column(text, finding.range.start),
            end: lines.line_column(text, finding.range.end),
            object: finding.object.clone(),
            docs: finding.docs_url(),
            fixes: finding
                .fixes
                .iter()
                .map(|fix| JsonFix {
                    title: fix.title.clone(),
                    applicability: fix.applicability,
                    edits: fix
                        .edits
                        .iter()
                        .map(|edit| JsonEdit {
                            start: lines.line_column(text, edit.range.start),
                            end: lines.line_column(text, edit.range.end),
                            new_text: edit.new_text().to_string(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// Sort findings the report's way: path, then position, then code.
pub fn sort_findings(findings: &mut [JsonFinding]) {
    findings.sort_by(|a, b| {
        (&a.path, a.start, a.end, &a.code, &a.message)
            .cmp(&(&b.path, b.start, b.end, &b.code, &b.message))
    });
}

/// Version of the rule listing (`shipshape rules --format json`, the wasm module's `rules()`).
pub const RULES_VERSION: u32 = 1;

/// The rule registry as every delivery lists it.
#[derive(Debug, Clone, Serialize)]
pub struct JsonRules {
    pub version: u32,
    pub rules: Vec<JsonRule>,
}

#[derive(Debug, Clone, Serialize)]
pub struct JsonRule {
    pub code: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
    pub severity: Severity,
    pub kinds: Vec<FileKind>,
    pub fix: crate::registry::FixAvailability,
    pub since: &'static str,
    pub docs: String,
}

impl From<&crate::registry::RuleMeta> for JsonRule {
    fn from(rule: &crate::registry::RuleMeta) -> Self {
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

/// Every rule of the registry, in code order.
pub fn rules_report() -> JsonRules {
    JsonRules {
        version: RULES_VERSION,
        rules: crate::registry::RULES.iter().map(JsonRule::from).collect(),
    }
}
