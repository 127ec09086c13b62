//! Fixture tests: every `fixtures/<CODE>/<case>.<ext>` is one test case, snapshotted with insta.
//!
//! The snapshot shows the findings of that code (position, severity, message, object, source line
//! with a caret), every fix with its applicability and the diff it makes. The harness also checks
//! the invariants every rule must keep:
//! - fixes reach a fixed point within `MAX_FIX_PASSES`, and a second `fix_document` changes nothing;
//! - the fixed output parses no worse than the input (no new SS000);
//! - fix availability matches the rule's metadata, and every fix has a title;
//! - secrets are redacted: a finding's message never contains the text of its `redact` range.
//!
//! The kind comes from the file name: `*.Dockerfile` → Dockerfile; `compose*.yaml` → Compose;
//! `k8s*.yaml` → Kubernetes. A `<case>.shipshape.toml` beside a fixture configures it.

use std::fmt::Write as _;
use std::path::Path;

use shipshape_core::fix::{fix_document, MAX_FIX_PASSES};
use shipshape_core::registry::{find_rule, FixAvailability};
use shipshape_core::{
    check_unfolded, Applicability, Config, Document, FileKind, Finding, LineIndex,
};

fn kind_of(path: &Path) -> FileKind {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if name.ends_with(".Dockerfile") {
        FileKind::Dockerfile
    } else if name.starts_with("compose") {
        FileKind::Compose
    } else if name.starts_with("k8s") {
        FileKind::Kubernetes
    } else {
        panic!(
            "fixture {name}: cannot tell its kind (use *.Dockerfile, compose*.yaml or k8s*.yaml)"
        )
    }
}

fn config_for(path: &Path) -> Config {
    let config_path = path.with_extension("shipshape.toml");
    match std::fs::read_to_string(&config_path) {
        Ok(text) => Config::from_toml(&text)
            .unwrap_or_else(|error| panic!("{}: {error}", config_path.display())),
        Err(_) => Config::default(),
    }
}

/// `line:col-line:col CODE severity: message (object)` with the source line and a caret.
pub fn render(text: &str, findings: &[&Finding]) -> String {
    let lines = LineIndex::new(text);
    let mut out = String::new();
    for finding in findings {
        let start = lines.line_column(text, finding.range.start);
        let end = lines.line_column(text, finding.range.end);
        let fixable = match finding.fixes.first().map(|fix| fix.applicability) {
            Some(Applicability::Safe) => " [*]",
            Some(_) => " [-]",
            None => "",
        };
        let _ = write!(
            out,
            "{}:{}-{}:{} {} {}{}: {}",
            start.line,
            start.column,
            end.line,
            end.column,
            finding.code,
            finding.severity,
            fixable,
            finding.message
        );
        if let Some(object) = &finding.object {
            let _ = write!(out, " ({object})");
        }
        out.push('\n');
        let line_range = lines.line_range(text, start.line - 1);
        let source = &text[line_range.start..line_range.end];
        let shown = match finding.redact {
            Some(secret) => shipshape_core::secrets::redact_in_line(source, line_range, secret),
            None => source.to_string(),
        };
        let _ = writeln!(out, "  | {shown}");
        let width = if end.line == start.line {
            end.column.saturating_sub(start.column).max(1)
        } else {
            1
        };
        let _ = writeln!(
            out,
            "  | {}{}",
            " ".repeat(start.column - 1),
            "^".repeat(width)
        );
        for fix in &finding.fixes {
            let _ = writeln!(
                out,
                "  = fix ({}): {}",
                fix.applicability.as_str(),
                fix.title
            );
            if fix.applicability == Applicability::Unsafe {
                let _ = writeln!(
                    out,
                    "    (unsafe: may change behaviour; applied with --unsafe-fixes)"
                );
            }
            let fixed = shipshape_core::fix::apply_fixes(
                text,
                std::slice::from_ref(&Finding {
                    fixes: vec![fix.clone()],
                    ..(*finding).clone()
                }),
                Applicability::DisplayOnly,
            );
            let diff = similar::TextDiff::from_lines(text, &fixed.text);
            for hunk in diff.unified_diff().context_radius(1).iter_hunks() {
                for line in hunk.to_string().lines() {
                    let _ = writeln!(out, "    {line}");
                }
            }
        }
        out.push('\n');
    }
    out
}

fn parse_errors(findings: &[Finding]) -> usize {
    findings.iter().filter(|f| f.code == "SS000").count()
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*/*", |path| {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.ends_with(".shipshape.toml") || name.ends_with(".md") {
            return;
        }
        let code = path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let rule =
            find_rule(&code).unwrap_or_else(|| panic!("fixture folder {code} is not a rule code"));
        let text = std::fs::read_to_string(path).expect("fixture is UTF-8");
        let kind = kind_of(path);
        assert!(
            rule.applies_to(kind),
            "{code} does not apply to {kind} ({name})"
        );
        let config = config_for(path);
        let document = Document::new(name, &text, kind);
        // The rule's own findings, before folding (core/src/fold.rs tests what folding shows).
        let findings = check_unfolded(&document, &config);
        let selected: Vec<&Finding> = findings.iter().filter(|f| f.code == code).collect();

        for finding in &selected {
            if let Some(secret) = finding.redact {
                let value = &text[secret.start..secret.end];
                assert!(
                    !finding.message.contains(value),
                    "{name}: message leaks the secret"
                );
            }
            for fix in &finding.fixes {
                assert!(!fix.title.is_empty(), "{name}: fix without title");
            }
            match rule.fix {
                FixAvailability::None => assert!(
                    finding.fixes.is_empty(),
                    "{name}: {code} declares no fix but offered one"
                ),
                FixAvailability::Always => assert!(
                    !finding.fixes.is_empty(),
                    "{name}: {code} declares Always but gave no fix"
                ),
                FixAvailability::Sometimes => {}
            }
        }

        // Fixed point: fixing the fixed text changes nothing, and it parses no worse.
        let fixed = fix_document(&document, &config, Applicability::Unsafe);
        let again = fix_document(
            &Document::new(name, &fixed.text, kind),
            &config,
            Applicability::Unsafe,
        );
        assert_eq!(
            again.text, fixed.text,
            "{name}: fixes did not reach a fixed point within {MAX_FIX_PASSES} passes"
        );
        let refixed = check_unfolded(&Document::new(name, &fixed.text, kind), &config);
        assert!(
            parse_errors(&refixed) <= parse_errors(&findings),
            "{name}: the fixed file no longer parses:\n{}",
            fixed.text
        );

        let mut snapshot = render(&text, &selected);
        if fixed.applied > 0 {
            // Only this rule's outcome: a total count would change with every other rule.
            let _ = writeln!(snapshot, "---- after `shipshape fix --unsafe-fixes` ----");
            let remaining: Vec<_> = refixed
                .iter()
                .filter(|f| f.code == code)
                .map(|f| f.code.as_str())
                .collect();
            let _ = writeln!(
                snapshot,
                "remaining {code} findings after fixing: {}",
                remaining.len()
            );
        }
        // Name snapshots by code and case, independent of which fixture folders exist.
        insta::with_settings!({ snapshot_suffix => format!("{code}__{name}"), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("fixture", snapshot);
        });
    });
}
