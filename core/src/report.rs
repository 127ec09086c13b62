//! The JSON report shared by the CLI's `--format json`, the wasm module and the plugin host:
//! one shape everywhere, so that every delivery gives byte-identical findings.

use serde::{Deserialize, Serialize};

use crate::document::FileKind;
use crate::edit::Applicability;
use crate::finding::{Finding, Severity};
use crate::text::{LineColumn, LineIndex};

/// Version of the JSON report format.
pub const REPORT_VERSION: u32 = 1;

// The TypeScript declarations give `version` as the literal type `1` (`#[ts(type = "1")]`).
#[cfg(feature = "ts")]
const _: () = assert!(
    REPORT_VERSION == 1 && RULES_VERSION == 1,
    "update the `#[ts(type = ..)]` of the `version` fields"
);

/// `shipshape check --format json`: the files checked and their findings. The wasm module's
/// `check` gives one for one file; its `files` is empty when a walked file is skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "Report"))]
pub struct JsonReport {
    #[cfg_attr(feature = "ts", ts(type = "1"))]
    pub version: u32,
    #[cfg_attr(feature = "ts", ts(inline))]
    pub files: Vec<JsonFile>,
    pub findings: Vec<JsonFinding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JsonFile {
    pub path: String,
    pub kind: FileKind,
    /// The other files read to judge this one, relative to its directory: a compose file's
    /// `.env` (or its example), the other files of its Compose project, the files its services
    /// extend. Left out when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<String>>"))]
    pub read_with: Vec<String>,
}

/// One finding, with its positions converted to lines and columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "Finding"))]
pub struct JsonFinding {
    /// The rule's code (`SS101`).
    pub code: String,
    /// The rule's kebab-case name.
    pub name: String,
    pub severity: Severity,
    pub message: String,
    pub path: String,
    pub start: LineColumn,
    /// Exclusive: the position just after the last character.
    pub end: LineColumn,
    /// What the finding is about (`service web`, `Deployment/api container app`, `stage build`),
    /// when the rule names one.
    pub object: Option<String>,
    /// The URL of the rule's docs page.
    pub docs: String,
    pub fixes: Vec<JsonFix>,
    /// Findings folded into this one: consequences of the same mistake, not counted on their
    /// own and without fixes (absent when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<JsonRelated>>", optional))]
    pub related: Vec<JsonRelated>,
}

/// A finding folded into another: an entry of a finding's `related` list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "RelatedFinding"))]
pub struct JsonRelated {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    pub start: LineColumn,
    pub end: LineColumn,
}

/// A set of edits applied together, with its applicability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "Fix"))]
pub struct JsonFix {
    /// What the fix does, as a quick fix's title.
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<JsonEdit>,
}

/// Replace the text from `start` to `end` (exclusive) with `new_text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "Edit"))]
pub struct JsonEdit {
    pub start: LineColumn,
    pub end: LineColumn,
    pub new_text: String,
}

impl JsonFinding {
    /// Put the message, fix titles and related messages of `finding` (which this was made
    /// from) in `locale`; nothing else changes.
    pub fn localize(&mut self, finding: &Finding, locale: crate::i18n::Locale) {
        if locale == crate::i18n::Locale::En {
            return;
        }
        self.message = finding.message_in(locale);
        for (json, fix) in self.fixes.iter_mut().zip(&finding.fixes) {
            json.title = fix.title_in(locale);
        }
        for (json, related) in self.related.iter_mut().zip(&finding.related) {
            json.message = related.message_in(locale);
        }
    }

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
            related: finding
                .related
                .iter()
                .map(|related| JsonRelated {
                    code: related.code.clone(),
                    name: related.name.clone(),
                    severity: related.severity,
                    message: related.message.clone(),
                    start: lines.line_column(text, related.range.start),
                    end: lines.line_column(text, related.range.end),
                })
                .collect(),
        }
    }
}

/// Sort findings the report's way: path, then position, then code.
pub fn sort_findings(findings: &mut [JsonFinding]) {
    findings.sort_by(report_order);
}

/// The report's order: path, then position, then code, then (English) message.
pub fn report_order(a: &JsonFinding, b: &JsonFinding) -> std::cmp::Ordering {
    (&a.path, a.start, a.end, &a.code, &a.message)
        .cmp(&(&b.path, b.start, b.end, &b.code, &b.message))
}

/// Version of the rule listing (`shipshape rules --format json`, the wasm module's `rules()`).
pub const RULES_VERSION: u32 = 1;

/// The rule registry as every delivery lists it (`shipshape rules --format json`).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "Rules"))]
pub struct JsonRules {
    #[cfg_attr(feature = "ts", ts(type = "1"))]
    pub version: u32,
    pub rules: Vec<JsonRule>,
}

/// One rule of the registry: its metadata, not its docs (`explain` gives those).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "Rule"))]
pub struct JsonRule {
    pub code: &'static str,
    pub name: &'static str,
    /// One line, shown in `shipshape rules`.
    pub summary: &'static str,
    /// The default severity (a configuration may change it).
    pub severity: Severity,
    /// The file kinds the rule checks.
    pub kinds: Vec<FileKind>,
    pub fix: crate::registry::FixAvailability,
    /// The version that added the rule.
    pub since: &'static str,
    /// The URL of the rule's docs page.
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
