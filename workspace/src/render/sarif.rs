//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
//!
//! - `tool.driver.rules`: every built-in rule (in registry order, so `ruleIndex` is stable), then
//!   any other code a finding carries (plugin rules), with the rule docs as `help`.
//! - Each result: `ruleId`/`ruleIndex`, `level` (error → `error`, warning → `warning`, info and
//!   hint → `note`), the message, one location relative to `%SRCROOT%` (the `--root` or working
//!   directory) with 1-based lines and columns counted in Unicode code points
//!   (`columnKind: unicodeCodePoints`), `partialFingerprints.primaryLocationLineHash` from
//!   [`super::fingerprint`] (stable when lines move), and `fixes` (one per core fix).
//! - No source snippets are written, so no secret value can leak through them; a fix whose
//!   inserted text would contain the finding's secret is left out.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;
use shipshape_core::{Finding, LineIndex, RuleMeta, Severity, RULES};

use super::{ci_path, fingerprint_of, fingerprints, located};
use crate::check::CheckedFile;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/shipshape-dev/shipshape";
const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Help>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
    /// GitHub code scanning ranks security alerts by it (critical >= 9.0, high >= 7.0,
    /// medium >= 4.0, low below).
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
}

/// The `security-severity` of a rule whose default severity is `severity`.
pub fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "8.0",
        Severity::Warning => "5.0",
        Severity::Info => "2.0",
        Severity::Hint => "1.0",
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    /// Findings folded into this one (core's fold), with their own code and message.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties>,
}

#[derive(Serialize)]
struct ResultProperties {
    object: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation {
    id: usize,
    physical_location: PhysicalLocation,
    message: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: Vec<ArtifactChange>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Text,
}

pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

pub fn write(
    files: &[CheckedFile],
    out: &mut dyn Write,
    locale: shipshape_core::Locale,
) -> io::Result<()> {
    super::write_json(out, &log(files, locale))
}

fn log(files: &[CheckedFile], locale: shipshape_core::Locale) -> Log {
    let mut rules: Vec<Rule> = RULES
        .iter()
        .map(|rule| builtin_rule(rule, locale))
        .collect();
    let mut index: BTreeMap<String, usize> = RULES
        .iter()
        .enumerate()
        .map(|(i, rule)| (rule.code.to_string(), i))
        .collect();
    // Codes no built-in rule has (plugin rules), in code order.
    let mut extra: BTreeMap<&str, &Finding> = BTreeMap::new();
    for finding in files.iter().flat_map(|file| &file.findings) {
        if !index.contains_key(&finding.code) {
            extra.entry(&finding.code).or_insert(finding);
        }
    }
    for (code, finding) in extra {
        index.insert(code.to_string(), rules.len());
        rules.push(Rule {
            id: code.to_string(),
            name: finding.name.clone(),
            short_description: None,
            full_description: None,
            help: None,
            help_uri: None,
            default_configuration: Configuration {
                level: level(finding.severity),
            },
            properties: RuleProperties {
                tags: vec!["plugin"],
                security_severity: security_severity(finding.severity),
            },
        });
    }

    let table = fingerprints(files);
    let results = located(files)
        .into_iter()
        .map(|item| {
            let finding = item.finding;
            let file = item.file;
            let artifact = artifact_location(&file.path);
            let mut partial_fingerprints = BTreeMap::new();
            partial_fingerprints.insert(
                "primaryLocationLineHash",
                fingerprint_of(&table, &item).to_string(),
            );
            SarifResult {
                rule_id: finding.code.clone(),
                rule_index: index.get(&finding.code).copied().unwrap_or(0),
                level: level(finding.severity),
                message: Text {
                    text: finding.message_in(locale),
                },
                locations: vec![Location {
                    physical_location: PhysicalLocation {
                        artifact_location: artifact.clone(),
                        region: region(&file.text, &file.lines, finding.range),
                    },
                }],
                related_locations: finding
                    .related
                    .iter()
                    .enumerate()
                    .map(|(id, related)| RelatedLocation {
                        id,
                        physical_location: PhysicalLocation {
                            artifact_location: artifact.clone(),
                            region: region(&file.text, &file.lines, related.range),
                        },
                        message: Text {
                            text: format!(
                                "{} ({}): {}",
                                related.code,
                                related.name,
                                related.message_in(locale)
                            ),
                        },
                    })
                    .collect(),
                partial_fingerprints,
                fixes: fixes(file, finding, &artifact, locale),
                properties: finding
                    .object
                    .clone()
                    .map(|object| ResultProperties { object }),
            }
        })
        .collect();

    Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "shipshape",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    }
}

/// A rule's descriptor: its texts in `locale`, its link to the English page (`helpUri`, like
/// every field but the texts, is the same in every language: see docs/ci.md).
fn builtin_rule(rule: &RuleMeta, locale: shipshape_core::Locale) -> Rule {
    let markdown = rule.docs_in(locale);
    let summary = rule.summary_in(locale);
    Rule {
        id: rule.code.to_string(),
        name: rule.name.to_string(),
        full_description: Some(Text {
            text: what_it_does(&markdown).unwrap_or_else(|| summary.clone()),
        }),
        short_description: Some(Text { text: summary }),
        help: Some(Help {
            text: markdown.clone(),
            markdown,
        }),
        help_uri: Some(rule.docs_url()),
        default_configuration: Configuration {
            level: level(rule.severity),
        },
        properties: RuleProperties {
            tags: vec!["security", "containers"],
            security_severity: security_severity(rule.severity),
        },
    }
}

/// The first section of a rule's docs (`## What it does`, `## 规则说明`), as one paragraph.
fn what_it_does(markdown: &str) -> Option<String> {
    let (_, rest) = markdown.split_once("## ")?;
    let (_, section) = rest.split_once('\n')?;
    let section = section.split("\n## ").next().unwrap_or(section);
    let mut text = String::new();
    for word in section.split_whitespace() {
        // Chinese wraps lines without spaces: a line break between two Chinese characters, or
        // next to full-width punctuation (which carries its own spacing), joins them directly.
        let wide = |c: Option<char>| c.is_some_and(|c| !c.is_ascii());
        let punctuation = |c: Option<char>| c.is_some_and(|c| "、，。；：（）“”！？".contains(c));
        let (before, after) = (text.chars().next_back(), word.chars().next());
        let joined = (wide(before) && wide(after)) || punctuation(before) || punctuation(after);
        if !text.is_empty() && !joined {
            text.push(' ');
        }
        text.push_str(word);
    }
    (!text.is_empty()).then_some(text)
}

fn artifact_location(path: &str) -> ArtifactLocation {
    let path = ci_path(path);
    if path.starts_with('/') {
        ArtifactLocation {
            uri: format!("file://{}", encode_uri_path(&path)),
            uri_base_id: None,
        }
    } else {
        ArtifactLocation {
            uri: encode_uri_path(&path),
            uri_base_id: Some(SRCROOT),
        }
    }
}

/// Percent-encode everything but RFC 3986 unreserved characters, sub-delimiters, `:`, `@` and `/`.
pub fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &byte in path.as_bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'/'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
            );
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn region(text: &str, lines: &LineIndex, range: shipshape_core::TextRange) -> Region {
    let start = lines.line_column(text, range.start);
    let end = lines.line_column(text, range.end);
    Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

fn fixes(
    file: &CheckedFile,
    finding: &Finding,
    artifact: &ArtifactLocation,
    locale: shipshape_core::Locale,
) -> Vec<SarifFix> {
    let secret = finding
        .redact
        .and_then(|range| file.text.get(range.start..range.end))
        .filter(|secret| !secret.is_empty());
    finding
        .fixes
        .iter()
        .filter(|fix| !fix.edits.is_empty())
        .filter(|fix| {
            secret.is_none_or(|secret| !fix.edits.iter().any(|e| e.new_text().contains(secret)))
        })
        .map(|fix| SarifFix {
            description: Text {
                text: format!("{} ({})", fix.title_in(locale), fix.applicability.as_str()),
            },
            artifact_changes: vec![ArtifactChange {
                artifact_location: artifact.clone(),
                replacements: fix
                    .edits
                    .iter()
                    .map(|edit| Replacement {
                        deleted_region: region(&file.text, &file.lines, edit.range),
                        inserted_content: Text {
                            text: edit.new_text().to_string(),
                        },
                    })
                    .collect(),
            }],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(encode_uri_path("a b/ü#1?.yaml"), "a%20b/%C3%BC%231%3F.yaml");
        assert_eq!(artifact_location("/abs/x y").uri, "file:///abs/x%20y");
        assert_eq!(artifact_location("k8s/a.yaml").uri_base_id, Some(SRCROOT));
    }

    #[test]
    fn what_it_does_is_the_first_section() {
        let docs = "## What it does\nChecks\nthings.\n\n## Why is this bad?\nBecause.\n";
        assert_eq!(what_it_does(docs).as_deref(), Some("Checks things."));
        let docs =
            "## 规则说明\n报告`a`、\n`b` 和\n`c`（在\n容器中）\n`d`\n\n## 为什么有问题？\n因为。\n";
        assert_eq!(
            what_it_does(docs).as_deref(),
            Some("报告`a`、`b` 和 `c`（在容器中）`d`")
        );
    }
}
