//! shipshape's core: parsers for Dockerfiles, Compose files and Kubernetes manifests, the
//! hardening rules, fixes, suppressions and configuration.
//!
//! No I/O, no async, no platform code: every front end (CLI, LSP, wasm module, WASI component)
//! is a thin adapter over [`check`] and [`fix::fix_document`].

pub mod checker;
pub mod compose;
pub mod config;
pub mod dockerfile;
pub mod document;
pub mod finding;
pub mod fix;
pub mod input;
pub mod kubernetes;
pub mod registry;
pub mod report;
pub mod rules;
pub mod secrets;
pub mod suppression;
pub mod syntax;
pub mod text;
pub mod yaml;

pub use config::Config;
pub use document::{Document, FileKind};
pub use finding::{Applicability, Edit, Finding, Fix, Severity};
pub use registry::{RuleMeta, RULES};
pub use text::{LineColumn, LineIndex, TextRange};

use checker::Checker;
use rules::ParseError;

/// Check one document and return its findings, sorted by position then code.
pub fn check(document: &Document, config: &Config) -> Vec<Finding> {
    check_with(document, config, true, Vec::new())
}

/// [`check`], with findings from other checkers (rule plugins) merged in before suppressions
/// apply, so that suppression comments and annotations cover them too (by code or name).
///
/// `builtin: false` runs no built-in rule: the document is parsed only for its suppressions, and
/// problems with them (SS001, SS002, themselves built-in rules) are not reported. SS001 and SS002
/// findings are never suppressed, as [`check`] reports them after suppressing.
pub fn check_with(
    document: &Document,
    config: &Config,
    builtin: bool,
    external: Vec<Finding>,
) -> Vec<Finding> {
    let mut checker = Checker::new(document.path, document.text, document.kind, config);
    match document.kind {
        FileKind::Dockerfile => {
            let dockerfile = dockerfile::parse(document.text);
            if builtin {
                report_syntax_errors(&mut checker, &dockerfile.errors);
                rules::check_dockerfile(&dockerfile, &mut checker);
                rules::hardcoded_credential::check_text(&mut checker, &dockerfile.comments);
            }
            external
                .into_iter()
                .for_each(|finding| checker.push(finding));
            if !dockerfile.errors.is_empty() {
                checker.drop_fixes();
            }
            let stages = dockerfile.stage_ranges();
            let sources = suppression::Sources {
                comments: &dockerfile.comments,
                stages: &stages,
                annotations: &[],
            };
            suppression::apply(&mut checker, &sources, builtin);
        }
        FileKind::Compose | FileKind::Kubernetes => {
            if let Some(at) = helm_template_marker(document.text) {
                if builtin {
                    checker.report(
                        ParseError {
                            message: "this is a Helm template, not YAML: it was skipped; check the rendered output with `helm template ... | shipshape check -`".to_string(),
                            skipped: true,
                        },
                        TextRange::new(at, at + 2),
                    );
                }
                external
                    .into_iter()
                    .for_each(|finding| checker.push(finding));
            } else {
                let file = yaml::parse(document.text);
                if builtin {
                    report_syntax_errors(&mut checker, &file.errors);
                    if document.kind == FileKind::Compose {
                        rules::check_compose(&file, &mut checker);
                    } else {
                        rules::check_kubernetes(&file, &mut checker);
                    }
                    rules::hardcoded_credential::check_text(&mut checker, &file.comments);
                }
                external
                    .into_iter()
                    .for_each(|finding| checker.push(finding));
                if !file.errors.is_empty() {
                    checker.drop_fixes();
                }
                let annotations: Vec<suppression::AnnotationScope> =
                    if document.kind == FileKind::Kubernetes {
                        kubernetes::ignore_annotations(&file)
                            .into_iter()
                            .map(|annotation| suppression::AnnotationScope {
                                object: annotation.object_range,
                                value: annotation.value_range,
                            })
                            .collect()
                    } else {
                        Vec::new()
                    };
                let sources = suppression::Sources {
                    comments: &file.comments,
                    stages: &[],
                    annotations: &annotations,
                };
                suppression::apply(&mut checker, &sources, builtin);
            }
        }
        FileKind::Other => {
            if builtin {
                checker.report(
                    ParseError {
                        message: "not a Dockerfile, Compose file or Kubernetes manifest; name the kind with --kind to check it anyway".to_string(),
                        skipped: true,
                    },
                    TextRange::empty(0),
                );
            }
            external
                .into_iter()
                .for_each(|finding| checker.push(finding));
        }
    }
    let mut findings = checker.into_findings();
    findings.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.code, &a.message).cmp(&(
            b.range.start,
            b.range.end,
            &b.code,
            &b.message,
        ))
    });
    findings
}

/// Offset of the first `{{` template action outside a comment, if the text is a Go/Helm template.
fn helm_template_marker(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split(" #").next().unwrap_or(line);
        if !code.trim_start().starts_with('#') {
            if let Some(at) = code.find("{{") {
                if code[at..].contains("}}") || text[offset + at..].contains("}}") {
                    return Some(offset + at);
                }
            }
        }
        offset += line.len();
    }
    None
}

fn report_syntax_errors(checker: &mut Checker, errors: &[syntax::SyntaxError]) {
    for error in errors {
        checker.report(
            ParseError {
                message: error.message.clone(),
                skipped: false,
            },
            error.range,
        );
    }
}
