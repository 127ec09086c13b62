//! The module's API in plain Rust (no JS types), so that it is tested on the host with `cargo
//! test`; `lib.rs` only converts between these types and JS values.
//!
//! Every function here is a thin adapter over `shipshape_core`: the findings are those of
//! `shipshape check --format json`, field for field.

use std::path::Path;

use serde::{Deserialize, Serialize};
use shipshape_core::fix::{apply_fixes as core_apply_fixes, fix_document};
use shipshape_core::input::{decode, Decoded};
use shipshape_core::registry::find_rule;
use shipshape_core::report::{
    rules_report, sort_findings, JsonFile, JsonFinding, JsonReport, JsonRules, REPORT_VERSION,
};
use shipshape_core::{
    Applicability, Config, Document, Edit, FileKind, Finding, Fix, LineIndex, Locale, TextRange,
};
use shipshape_workspace::{LoadedConfig, Selection};

/// Files above this size get an SS000 finding instead of being checked (as in the CLI).
pub use shipshape_core::input::MAX_FILE_SIZE;

/// Options of `check`, `checkBytes` and `fix`.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckOptions {
    /// Force the kind instead of detecting it from the name and content (`k8s` is `kubernetes`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional, type = "FileKind | \"k8s\""))]
    pub kind: Option<String>,
    /// The text of a `.shipshape.toml`.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub config: Option<String>,
    /// The config file's path, used in error messages (default `.shipshape.toml`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub config_path: Option<String>,
    /// The file was found by walking a directory rather than named by the user: a file whose
    /// name says nothing, or a YAML file that is neither compose nor Kubernetes, is skipped (the
    /// report lists no file) instead of getting an SS000 finding. The CLI's discovery rules.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<bool>"))]
    pub walked: bool,
    /// For `fix`: apply unsafe fixes too.
    #[serde(default, rename = "unsafe")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<bool>"))]
    pub unsafe_fixes: bool,
    /// The language of messages and fix titles: `en`, `zh-CN`, or any language tag as a browser
    /// gives it (`zh-Hans-CN`, `zh-TW`, `de`): a language without a catalogue means English.
    /// Codes, positions, fixes' edits and order are the same in every language.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub locale: Option<String>,
}

/// The locale a caller's language tag selects: English when it names no language shipshape
/// speaks (a browser's `de-DE`) or none at all.
pub fn locale_of(tag: Option<&str>) -> Locale {
    tag.and_then(Locale::parse).unwrap_or_default()
}

/// Options of `applyFixes`.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ApplyOptions {
    /// Apply unsafe fixes too.
    #[serde(default, rename = "unsafe")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<bool>"))]
    pub unsafe_fixes: bool,
}

/// The result of `applyFixes` and `fix`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FixResult {
    /// The text with the fixes applied.
    pub text: String,
    /// How many fixes were applied.
    pub applied: usize,
}

/// An error for the caller (a `JsError` in JS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError(pub String);

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ApiError {}

pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

pub fn rules() -> JsonRules {
    rules_report()
}

/// The docs page (Markdown) of a rule, by code or name, in the language `locale` names (see
/// [`locale_of`]).
pub fn explain(code_or_name: &str, locale: Option<&str>) -> Result<String, ApiError> {
    find_rule(code_or_name)
        .map(|rule| rule.docs_in(locale_of(locale)))
        .ok_or_else(|| ApiError(format!("no such rule: {code_or_name}")))
}

/// The playground's interface in the language `tag` selects: the locale chosen (`en`,
/// `zh-CN`) and every `ui-*` text of the catalogue, as templates (`{name}` is filled in by the
/// page with the value it names: a line number, a kind's label, an error message).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InterfaceTexts {
    pub locale: Locale,
    pub texts: std::collections::BTreeMap<String, String>,
}

pub fn interface_texts(tag: Option<&str>) -> InterfaceTexts {
    let locale = locale_of(tag);
    let texts = shipshape_core::i18n::catalogue(locale)
        .iter()
        .filter(|(id, _)| id.starts_with("ui-"))
        .map(|(id, text)| (id.to_string(), text.to_string()))
        .collect();
    InterfaceTexts { locale, texts }
}

/// The playground's status line for a report: `No findings`, or the findings per severity
/// (`2 errors, 1 warning`; `2 个错误、1 个警告`), counted as the CLI's summary counts them.
pub fn status_line(report: &JsonReport, tag: Option<&str>) -> String {
    use shipshape_core::Severity;
    use shipshape_workspace::render::text::counted;
    let locale = locale_of(tag);
    if report.findings.is_empty() {
        return shipshape_core::i18n::text(locale, "ui-status-none");
    }
    let parts: Vec<String> = [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Info, "info"),
        (Severity::Hint, "hint"),
    ]
    .into_iter()
    .filter_map(|(severity, noun)| {
        let count = report
            .findings
            .iter()
            .filter(|finding| finding.severity == severity)
            .count();
        (count > 0).then(|| counted(locale, count, noun))
    })
    .collect();
    parts.join(&shipshape_core::i18n::text(locale, "list-separator"))
}

/// Parse a `.shipshape.toml`; errors name the file, line and column as the CLI does.
pub fn parse_config(text: &str, path: Option<&str>) -> Result<Config, ApiError> {
    let path = path.unwrap_or(".shipshape.toml");
    LoadedConfig::parse(text, Path::new(path), path)
        .map(|loaded| loaded.config)
        .map_err(|error| ApiError(error.message().to_string()))
}

fn forced_kind(options: &CheckOptions) -> Result<Option<FileKind>, ApiError> {
    match &options.kind {
        None => Ok(None),
        Some(name) => FileKind::parse(name).map(Some).ok_or_else(|| {
            let kinds: Vec<&str> = FileKind::ALL.iter().map(|kind| kind.as_str()).collect();
            ApiError(format!("unknown kind `{name}` ({})", kinds.join(", ")))
        }),
    }
}

fn config_of(options: &CheckOptions) -> Result<Config, ApiError> {
    match &options.config {
        Some(text) => parse_config(text, options.config_path.as_deref()),
        None => Ok(Config::default()),
    }
}

/// The kind to check a text as, or `None` when a walked file is skipped (the workspace's rules,
/// the CLI's).
fn kind_for(
    path: &str,
    text: &str,
    options: &CheckOptions,
    forced: Option<FileKind>,
) -> Option<FileKind> {
    if let Some(kind) = forced {
        return Some(kind);
    }
    let selection = if options.walked {
        Selection::for_walked(path)?
    } else {
        Selection::Explicit
    };
    selection.kind(path, text)
}

/// Check a file's bytes: too-large files and invalid UTF-8 get an SS000 finding, as in the CLI.
pub fn check_bytes(
    bytes: &[u8],
    path: &str,
    options: &CheckOptions,
) -> Result<JsonReport, ApiError> {
    let forced = forced_kind(options)?;
    let config = config_of(options)?;
    match decode(bytes) {
        Decoded::Text(text) => Ok(check_valid(text, path, options, forced, &config)),
        Decoded::Unchecked {
            sniff,
            text,
            finding,
        } => {
            let Some(kind) = kind_for(path, &sniff, options, forced) else {
                return Ok(report(path, None, locale_of(options.locale.as_deref())));
            };
            Ok(report(
                path,
                Some((kind, text, vec![finding])),
                locale_of(options.locale.as_deref()),
            ))
        }
    }
}

/// Check a text (a JS string is always valid UTF-8).
pub fn check_text(text: &str, path: &str, options: &CheckOptions) -> Result<JsonReport, ApiError> {
    check_bytes(text.as_bytes(), path, options)
}

fn check_valid(
    text: &str,
    path: &str,
    options: &CheckOptions,
    forced: Option<FileKind>,
    config: &Config,
) -> JsonReport {
    let locale = locale_of(options.locale.as_deref());
    let Some(kind) = kind_for(path, text, options, forced) else {
        return report(path, None, locale);
    };
    let document = Document::new(path, text, kind);
    let findings = shipshape_core::check(&document, config);
    report(path, Some((kind, text, findings)), locale)
}

fn report(
    path: &str,
    checked: Option<(FileKind, &str, Vec<Finding>)>,
    locale: Locale,
) -> JsonReport {
    let Some((kind, text, findings)) = checked else {
        return JsonReport {
            version: REPORT_VERSION,
            files: Vec::new(),
            findings: Vec::new(),
        };
    };
    let lines = LineIndex::new(text);
    let mut findings: Vec<JsonFinding> = findings
        .iter()
        .map(|finding| {
            let mut json = JsonFinding::new(path, text, &lines, finding);
            json.localize(finding, locale);
            json
        })
        .collect();
    sort_findings(&mut findings);
    JsonReport {
        version: REPORT_VERSION,
        files: vec![JsonFile {
            path: path.to_string(),
            kind,
            read_with: Vec::new(),
        }],
        findings,
    }
}

/// Apply, in one pass, the fixes of findings from `check` (positions are turned back into
/// offsets of `text`, which must be the text that was checked).
pub fn apply_fixes(text: &str, findings: &[JsonFinding], options: &ApplyOptions) -> FixResult {
    let lines = LineIndex::new(text);
    let findings: Vec<Finding> = findings
        .iter()
        .map(|finding| Finding {
            code: finding.code.clone(),
            name: finding.name.clone(),
            severity: finding.severity,
            message: finding.message.clone(),
            range: TextRange::new(
                lines.offset_of_line_column(text, finding.start),
                lines.offset_of_line_column(text, finding.end),
            ),
            object: finding.object.clone(),
            fixes: finding
                .fixes
                .iter()
                .map(|fix| Fix {
                    title: fix.title.clone(),
                    text: None,
                    applicability: fix.applicability,
                    edits: fix
                        .edits
                        .iter()
                        .map(|edit| {
                            Edit::replacement(
                                edit.new_text.clone(),
                                TextRange::new(
                                    lines.offset_of_line_column(text, edit.start),
                                    lines.offset_of_line_column(text, edit.end),
                                ),
                            )
                        })
                        .collect(),
                })
                .collect(),
            anchor: None,
            redact: None,
            related: Vec::new(),
            text: None,
        })
        .collect();
    let threshold = if options.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let outcome = core_apply_fixes(text, &findings, threshold);
    FixResult {
        text: outcome.text,
        applied: outcome.applied,
    }
}

/// Check and fix to a fixed point (`shipshape fix [--unsafe-fixes]` on one file).
pub fn fix(text: &str, path: &str, options: &CheckOptions) -> Result<FixResult, ApiError> {
    let forced = forced_kind(options)?;
    let config = config_of(options)?;
    let kind = forced.unwrap_or_else(|| FileKind::detect(path, text));
    let threshold = if options.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let outcome = fix_document(&Document::new(path, text, kind), &config, threshold);
    Ok(FixResult {
        text: outcome.text,
        applied: outcome.applied,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipshape_core::Severity;

    const COMPOSE: &str = "services:\n  web:\n    image: nginx\n    cap_drop: [CHOWN]\n";

    fn codes(report: &JsonReport) -> Vec<(&str, usize, usize)> {
        report
            .findings
            .iter()
            .map(|f| (f.code.as_str(), f.start.line, f.start.column))
            .collect()
    }

    #[test]
    fn check_reports_the_cli_shape() {
        let report = check_text(COMPOSE, "compose.yaml", &CheckOptions::default()).unwrap();
        assert_eq!(report.version, 1);
        assert_eq!(
            report.files,
            vec![JsonFile {
                path: "compose.yaml".into(),
                kind: FileKind::Compose,
                read_with: Vec::new(),
            }]
        );
        assert_eq!(
            codes(&report),
            vec![
                ("SS101", 2, 3),
                ("SS404", 2, 3),
                ("SS601", 2, 3),
                ("SS301", 4, 5),
                ("SS302", 4, 5),
            ]
        );
        let json = serde_json::to_value(&report.findings[4]).unwrap();
        assert_eq!(json["fixes"][0]["applicability"], "safe");
        assert_eq!(json["fixes"][0]["edits"][0]["new_text"], ", NET_RAW");
    }

    #[test]
    fn walked_files_of_no_kind_are_skipped_and_named_ones_are_not() {
        let walked = CheckOptions {
            walked: true,
            ..CheckOptions::default()
        };
        let report = check_text("a: 1\n", "values.yaml", &walked).unwrap();
        assert!(report.files.is_empty() && report.findings.is_empty());
        let report = check_text("a: 1\n", "values.yaml", &CheckOptions::default()).unwrap();
        assert_eq!(report.files[0].kind, FileKind::Other);
        assert_eq!(codes(&report), vec![("SS000", 1, 1)]);
    }

    #[test]
    fn invalid_utf8_and_forced_kind() {
        let options = CheckOptions {
            kind: Some("dockerfile".into()),
            ..CheckOptions::default()
        };
        let report = check_bytes(b"FROM alpine\n\xff\n", "x", &options).unwrap();
        assert_eq!(report.files[0].kind, FileKind::Dockerfile);
        assert_eq!(report.findings.len(), 1);
        assert_eq!(
            report.findings[0].message,
            "file is not valid UTF-8 (byte 12)"
        );
        assert_eq!(
            (
                report.findings[0].start.line,
                report.findings[0].start.column
            ),
            (2, 1)
        );
        let bad = CheckOptions {
            kind: Some("helm".into()),
            ..CheckOptions::default()
        };
        assert_eq!(
            check_text("", "x", &bad).unwrap_err().0,
            "unknown kind `helm` (dockerfile, compose, kubernetes, devcontainer, quadlet, shell, makefile, github-actions, gitlab-ci, other)"
        );
    }

    #[test]
    fn config_errors_carry_their_position() {
        let options = CheckOptions {
            config: Some("fail-on = \"error\"\nbogus = 1\n".into()),
            ..CheckOptions::default()
        };
        let error = check_text(COMPOSE, "compose.yaml", &options).unwrap_err();
        assert!(
            error
                .0
                .starts_with("invalid configuration .shipshape.toml:2:1: unknown key `bogus`"),
            "{error}"
        );
    }

    #[test]
    fn config_turns_rules_off() {
        let options = CheckOptions {
            config: Some("[rules]\nSS601 = \"off\"\nSS101 = \"error\"\n".into()),
            ..CheckOptions::default()
        };
        let report = check_text(COMPOSE, "compose.yaml", &options).unwrap();
        assert_eq!(
            codes(&report),
            vec![
                ("SS101", 2, 3),
                ("SS404", 2, 3),
                ("SS301", 4, 5),
                ("SS302", 4, 5)
            ]
        );
        assert_eq!(report.findings[0].severity, Severity::Error);
    }

    #[test]
    fn apply_fixes_round_trips_positions() {
        let report = check_text(COMPOSE, "compose.yaml", &CheckOptions::default()).unwrap();
        let safe = apply_fixes(COMPOSE, &report.findings, &ApplyOptions::default());
        assert_eq!(
            safe,
            FixResult {
                text: "services:\n  web:\n    image: nginx\n    cap_drop: [CHOWN, NET_RAW]\n"
                    .into(),
                applied: 1
            }
        );
        let all = apply_fixes(
            COMPOSE,
            &report.findings,
            &ApplyOptions { unsafe_fixes: true },
        );
        assert!(all.applied > 1, "{all:?}");
        let fixed = fix(
            COMPOSE,
            "compose.yaml",
            &CheckOptions {
                unsafe_fixes: true,
                ..CheckOptions::default()
            },
        )
        .unwrap();
        let after = check_text(&fixed.text, "compose.yaml", &CheckOptions::default()).unwrap();
        assert!(
            after.findings.iter().all(|f| f.fixes.is_empty()),
            "{:?}",
            after.findings
        );
    }

    #[test]
    fn rules_and_explain() {
        let rules = rules();
        assert_eq!(rules.rules.len(), shipshape_core::RULES.len());
        assert_eq!(rules.rules[0].code, "SS000");
        assert!(explain("read-only-root-filesystem", None)
            .unwrap()
            .contains("## What it does"));
        assert_eq!(explain("SS999", None).unwrap_err().0, "no such rule: SS999");
        // In Chinese: the zh-CN page; a browser's tag for another language means English.
        assert_eq!(
            explain("SS101", Some("zh-CN")).unwrap(),
            shipshape_core::registry::find_rule("SS101")
                .unwrap()
                .docs_in(Locale::ZhCn)
        );
        assert!(explain("SS101", Some("zh-Hans-CN"))
            .unwrap()
            .starts_with("## 规则说明\n"));
        assert!(explain("SS101", Some("de-DE"))
            .unwrap()
            .starts_with("## What it does\n"));
    }

    #[test]
    fn interface_texts_and_status_line_follow_the_language_tag() {
        let chinese = interface_texts(Some("zh-Hans-CN"));
        assert_eq!(chinese.locale, Locale::ZhCn);
        let english = interface_texts(Some("fr-FR"));
        assert_eq!(english.locale, Locale::En);
        assert_eq!(
            chinese.texts.keys().collect::<Vec<_>>(),
            english.texts.keys().collect::<Vec<_>>()
        );
        assert_eq!(chinese.texts["ui-fix-all"], "全部修复");
        assert_eq!(english.texts["ui-fix-all"], "Fix all");
        let text = "services:\n  web:\n    image: example/web:1\n    privileged: true\n";
        let report = check_text(text, "compose.yaml", &CheckOptions::default()).unwrap();
        assert_eq!(status_line(&report, None), "1 error");
        assert_eq!(status_line(&report, Some("zh-CN")), "1 个错误");
        let clean = check_text(
            "",
            "notes.txt",
            &CheckOptions {
                walked: true,
                ..CheckOptions::default()
            },
        )
        .unwrap();
        assert_eq!(status_line(&clean, Some("zh-CN")), "未发现问题");
    }

    #[test]
    fn check_speaks_the_locale_and_changes_nothing_else() {
        let text = "services:\n  web:\n    image: example/web:1\n    privileged: true\n";
        let english = check_text(text, "compose.yaml", &CheckOptions::default()).unwrap();
        let options = CheckOptions {
            locale: Some("zh-CN".into()),
            ..CheckOptions::default()
        };
        let chinese = check_text(text, "compose.yaml", &options).unwrap();
        assert_eq!(chinese.findings.len(), english.findings.len());
        let privileged = chinese.findings.iter().find(|f| f.code == "SS401").unwrap();
        assert_eq!(
            privileged.message,
            "服务 web 以特权模式运行；请改为只授予它所需的那一项 Capability"
        );
        // Everything but the texts is the same: mask them and compare whole findings.
        let mask = |report: &JsonReport| -> Vec<JsonFinding> {
            report
                .findings
                .iter()
                .cloned()
                .map(|mut finding| {
                    finding.message.clear();
                    finding.fixes.iter_mut().for_each(|fix| fix.title.clear());
                    finding.related.iter_mut().for_each(|r| r.message.clear());
                    finding
                })
                .collect()
        };
        assert_eq!(mask(&chinese), mask(&english));
        assert_ne!(chinese.findings[0].message, english.findings[0].message);
    }
}
