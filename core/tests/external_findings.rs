//! `check_with`: findings from rule plugins go through the same suppressions as built-in ones.

use shipshape_core::{
    check_with, BuiltinRules, Config, Document, FileKind, Finding, LineIndex, Severity, TextRange,
};

const DOCKERFILE: &str = "FROM nginx\n\
# shipshape ignore=REG001 -- vendor image, reviewed\n\
FROM quay.io/vendor/tool:2\n\
# shipshape ignore=registry\n\
FROM ghcr.io/other/app:1\n\
# shipshape ignore=SS999\n\
FROM scratch\n";

/// A plugin finding on the image reference of the `FROM` on `line` (1-based).
fn plugin_finding(code: &str, line: usize) -> Finding {
    let lines = LineIndex::new(DOCKERFILE);
    let start = lines.line_start(line - 1) + "FROM ".len();
    let end = start
        + DOCKERFILE[start..]
            .find([' ', '\n'])
            .expect("the image ends the word");
    Finding {
        code: code.to_string(),
        name: if code == "REG001" {
            "registry"
        } else {
            "unused-suppression"
        }
        .to_string(),
        severity: Severity::Warning,
        message: format!("{code} on line {line}"),
        range: TextRange::new(start, end),
        object: None,
        fixes: Vec::new(),
        anchor: None,
        redact: None,
        related: Vec::new(),
        text: None,
    }
}

fn config() -> Config {
    Config {
        external_rule_codes: vec!["REG001".to_string(), "registry".to_string()],
        ..Config::default()
    }
}

/// (code, 1-based line) of each finding.
fn summary(findings: &[Finding]) -> Vec<(String, usize)> {
    let lines = LineIndex::new(DOCKERFILE);
    findings
        .iter()
        .map(|f| (f.code.clone(), lines.line_of(f.range.start) + 1))
        .collect()
}

#[test]
fn plugin_findings_are_suppressed_by_code_or_name_and_their_codes_are_known() {
    let config = config();
    let document = Document::new("Dockerfile", DOCKERFILE, FileKind::Dockerfile);
    let external = vec![
        plugin_finding("REG001", 1),
        plugin_finding("REG001", 3),
        plugin_finding("REG001", 5),
    ];
    let findings = check_with(&document, &config, BuiltinRules::Run, external);
    let plugin: Vec<(String, usize)> = summary(&findings)
        .into_iter()
        .filter(|(code, _)| code == "REG001" || code == "SS001")
        .collect();
    // Line 3 is suppressed by code, line 5 by name; only the unknown SS999 is an invalid
    // suppression.
    assert_eq!(
        plugin,
        [("REG001".to_string(), 1), ("SS001".to_string(), 6)]
    );
    // The built-in rules ran too, with the same results as without plugins.
    let native = shipshape_core::check(&document, &config);
    assert!(!native.is_empty());
    for finding in &native {
        assert!(findings.contains(finding), "{finding:?} missing");
    }
    assert_eq!(findings.len(), native.len() + 1);
}

#[test]
fn without_the_builtin_rules_only_plugin_findings_remain_and_suppression_problems_are_not_reported()
{
    let config = config();
    let document = Document::new("Dockerfile", DOCKERFILE, FileKind::Dockerfile);
    let external = vec![
        plugin_finding("REG001", 1),
        plugin_finding("REG001", 3),
        // A built-in component's own SS002 stays, even under a comment naming SS002.
        plugin_finding("SS002", 7),
    ];
    let findings = check_with(&document, &config, BuiltinRules::Skip, external);
    assert_eq!(
        summary(&findings),
        [("REG001".to_string(), 1), ("SS002".to_string(), 7)]
    );
}

#[test]
fn other_files_keep_plugin_findings_without_a_skip_notice() {
    let config = config();
    let text = "just text\n";
    let document = Document::new("notes.txt", text, FileKind::Other);
    let finding = Finding {
        range: TextRange::new(0, 4),
        ..plugin_finding("REG001", 1)
    };
    let findings = check_with(
        &document,
        &config,
        BuiltinRules::Skip,
        vec![finding.clone()],
    );
    assert_eq!(findings, vec![finding]);
    let with_builtin = check_with(&document, &config, BuiltinRules::Run, Vec::new());
    assert_eq!(with_builtin.len(), 1);
    assert_eq!(with_builtin[0].code, "SS000");
}
