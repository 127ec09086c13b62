//! shipshape's core: parsers for Dockerfiles, Compose files and Kubernetes manifests, the
//! hardening rules, fixes, suppressions and configuration.
//!
//! No I/O, no async, no platform code: every front end (CLI, LSP, wasm module, WASI component)
//! is a thin adapter over [`check`] and [`fix::fix_document`].

mod checker;
pub mod compose;
pub mod compose_project;
pub mod config;
pub mod dockerfile;
pub mod document;
mod edit;
pub mod env_file;
mod finding;
pub mod fix;
pub mod fold;
pub mod i18n;
pub mod images;
pub mod input;
pub mod kubernetes;
pub mod registry;
pub mod report;
mod rule;
pub mod rules;
pub mod runs;
pub mod secrets;
mod settings;
pub mod shell;
pub mod suppression;
mod syntax;
pub mod text;
pub mod yaml;

pub use config::Config;
pub use document::{Document, FileKind};
pub use edit::{apply_edits, Applicability, Edit, Fix};
pub use env_file::EnvFile;
pub use finding::{docs_url, docs_url_in, DOCS_BASE};
pub use finding::{Finding, Related, Severity};
pub use i18n::{Locale, Message};
pub use registry::{RuleMeta, RULES};
pub use text::{LineColumn, LineIndex, TextRange};

use checker::Checker;
use rules::ParseError;

/// Whether [`check_with`] runs the built-in rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuiltinRules {
    /// Run them (what [`check`] does).
    Run,
    /// Run none: the document is parsed only for its suppressions (`--no-builtin`, where a
    /// plugin such as `shipshape.wasm` supplies every finding).
    Skip,
}

/// Check one document and return its findings, sorted by position then code.
pub fn check(document: &Document, config: &Config) -> Vec<Finding> {
    check_with(document, config, BuiltinRules::Run, Vec::new())
}

/// [`check`], with findings from other checkers (rule plugins) merged in before suppressions
/// apply, so that suppression comments and annotations cover them too (by code or name).
///
/// [`BuiltinRules::Skip`] runs no built-in rule: the document is parsed only for its suppressions, and
/// problems with them (SS001, SS002, themselves built-in rules) are not reported. SS001 and SS002
/// findings are never suppressed, as [`check`] reports them after suppressing.
pub fn check_with(
    document: &Document,
    config: &Config,
    builtin: BuiltinRules,
    external: Vec<Finding>,
) -> Vec<Finding> {
    fold::fold(check_unfolded_with(document, config, builtin, external))
}

/// [`check`] without folding ([`Finding::related`] stays empty): every finding each rule
/// reports. The built-in WASI component answers with these, because the plugin interface has
/// no related findings; the host folds what it gets, as [`check_with`] does, and so shows the
/// same findings as the native checks.
pub fn check_unfolded(document: &Document, config: &Config) -> Vec<Finding> {
    check_unfolded_with(document, config, BuiltinRules::Run, Vec::new())
}

fn check_unfolded_with(
    document: &Document,
    config: &Config,
    builtin: BuiltinRules,
    external: Vec<Finding>,
) -> Vec<Finding> {
    let builtin = builtin == BuiltinRules::Run;
    // The other files of a Compose project, parsed once for every rule.
    let project = document
        .compose_project
        .filter(|_| document.kind == FileKind::Compose);
    let project_files: Vec<yaml::YamlFile> = project
        .map(|project| {
            project
                .files
                .iter()
                .map(|file| yaml::parse(&file.text))
                .collect()
        })
        .unwrap_or_default();
    let extended_files: Vec<yaml::YamlFile> = project
        .map(|project| {
            project
                .extended
                .iter()
                .map(|file| yaml::parse(&file.text))
                .collect()
        })
        .unwrap_or_default();
    let project_services = project.map(|project| {
        compose_project::ProjectServices::new(project, &project_files, &extended_files)
    });
    let mut checker = Checker::new(document.text, config);
    checker.variables = document.variables;
    checker.project = project_services.as_ref();
    match document.kind {
        FileKind::Dockerfile => {
            let dockerfile = dockerfile::parse(document.text);
            if builtin {
                report_syntax_errors(&mut checker, &dockerfile.errors);
                rules::check(rules::Parsed::Dockerfile(&dockerfile), &mut checker);
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
            // Parse first: valid YAML holding `{{...}}` in strings (Argo Workflows parameters, a
            // `{{PROJECT_ID}}` in a shell line) is checked. A file is a template only when its
            // `{{` breaks the YAML, or when the caller says it is a Helm chart's template.
            let file = yaml::parse(document.text);
            let template = helm_template_marker(document.text).filter(|_| {
                !file.errors.is_empty()
                    || file.roots().any(has_collection_key)
                    || document.in_helm_chart
            });
            if let Some(at) = template {
                if builtin {
                    checker.report(
                        ParseError {
                            detail: Message::new("SS000-helm-template"),
                            skipped: true,
                        },
                        TextRange::new(at, at + 2),
                    );
                }
                external
                    .into_iter()
                    .for_each(|finding| checker.push(finding));
            } else {
                if builtin {
                    report_syntax_errors(&mut checker, &file.errors);
                    let parsed = if document.kind == FileKind::Compose {
                        checker.swarm_stack = compose::is_swarm_stack(&file);
                        rules::Parsed::Compose(&file)
                    } else {
                        rules::Parsed::Kubernetes(&file)
                    };
                    rules::check(parsed, &mut checker);
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
        kind if kind.is_run_kind() => {
            let file = runs::parse(kind, document.text);
            if builtin {
                report_syntax_errors(&mut checker, &file.errors);
                rules::check(rules::Parsed::Runs(&file), &mut checker);
            }
            external
                .into_iter()
                .for_each(|finding| checker.push(finding));
            if !file.errors.is_empty() {
                checker.drop_fixes();
            }
            let sources = suppression::Sources {
                comments: &file.comments,
                stages: &[],
                annotations: &[],
            };
            suppression::apply(&mut checker, &sources, builtin);
        }
        _ => {
            if builtin {
                checker.report(
                    ParseError {
                        detail: Message::new("SS000-unknown-kind"),
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

/// Whether a mapping somewhere in the tree has a mapping or a sequence as a key: valid YAML, but
/// what an unquoted `{{ .Values.x }}` or `{{TOKEN}}` parses into, and never a Kubernetes or
/// Compose field. With a `{{` in the text, such a file is a template, not data.
fn has_collection_key(root: &yaml::Node) -> bool {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match &node.value {
            yaml::Value::Mapping(mapping) => {
                for entry in &mapping.entries {
                    if entry.key.is_mapping() || entry.key.is_sequence() {
                        return true;
                    }
                    stack.push(&entry.value);
                }
            }
            yaml::Value::Sequence(sequence) => stack.extend(sequence.items.iter()),
            _ => {}
        }
    }
    false
}

/// Offset of the first `{{` template action outside a comment, if the text is a Go/Helm template.
fn helm_template_marker(text: &str) -> Option<usize> {
    // Most files have no `{{` at all: one vectorised search instead of a scan line by line.
    memchr::memmem::find(text.as_bytes(), b"{{")?;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = text::find_space_hash(line).map_or(line, |at| &line[..at]);
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
                detail: error.text.clone(),
                skipped: false,
            },
            // An embedded parser's positions (shell inside a YAML string) are mapped back to the
            // file approximately: never part of a character.
            text::snap_to_chars(checker.text, error.range),
        );
    }
}
