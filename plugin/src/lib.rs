//! shipshape's built-in checks as a WASI component (`shipshape.wasm`) implementing the
//! `shipshape:plugin@0.2.0` world (`wit/shipshape-plugin.wit`, SPEC section 8).
//!
//! Build: `cargo build -p shipshape-plugin --target wasm32-wasip2 --release`; the component is
//! `target/wasm32-wasip2/release/shipshape_plugin.wasm`. Run through
//! `shipshape check --no-builtin --plugin shipshape_plugin.wasm` it gives exactly the findings of
//! the native checks: `check` calls `shipshape_core::check_unfolded` with the configuration the
//! host passes (`shipshape_plugin_api::global_config`) and only converts the types. The host
//! folds consequences into the finding that names the mistake, as the native checks do (the
//! interface has no related findings); other hosts get every finding.
//!
//! On the host target this crate builds as an empty library, so that `cargo test --workspace`
//! does not need the wasm target; the conversions are plain functions tested on the host.

use shipshape_core::{Applicability, Document, FileKind, Finding, RuleMeta, Severity, RULES};

/// A fix in the plugin interface's terms: title, whether it is safe, and its edits
/// `(start, end, new text)`.
pub type PluginFix = (String, bool, Vec<(u32, u32, String)>);

/// One finding in the plugin interface's terms: spans are byte offsets (u32).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginFinding {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    pub span: (u32, u32),
    pub object: Option<String>,
    /// `(title, safe?, edits (start, end, new text))`; display-only fixes are not sent.
    pub fixes: Vec<PluginFix>,
}

/// Check one document as the native CLI does.
pub fn check_document(
    path: &str,
    kind: FileKind,
    text: &str,
    config_json: &str,
) -> Result<Vec<PluginFinding>, String> {
    if text.len() > u32::MAX as usize {
        return Err("document larger than 4 GiB".to_string());
    }
    let config = shipshape_plugin_api::global_config(config_json);
    let findings = shipshape_core::check_unfolded(&Document::new(path, text, kind), &config);
    Ok(findings.iter().map(convert).collect())
}

fn offset(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

fn convert(finding: &Finding) -> PluginFinding {
    PluginFinding {
        code: finding.code.clone(),
        name: finding.name.clone(),
        severity: finding.severity,
        message: finding.message.clone(),
        span: (offset(finding.range.start), offset(finding.range.end)),
        object: finding.object.clone(),
        fixes: finding
            .fixes
            .iter()
            .filter(|fix| fix.applicability != Applicability::DisplayOnly)
            .map(|fix| {
                (
                    fix.title.clone(),
                    fix.applicability == Applicability::Safe,
                    fix.edits
                        .iter()
                        .map(|edit| {
                            (
                                offset(edit.range.start),
                                offset(edit.range.end),
                                edit.new_text().to_string(),
                            )
                        })
                        .collect(),
                )
            })
            .collect(),
    }
}

/// Every built-in rule.
pub fn rules() -> &'static [RuleMeta] {
    RULES
}

#[cfg(target_arch = "wasm32")]
mod component {
    wit_bindgen::generate!({
        world: "checker",
        path: "../wit/shipshape-plugin.wit",
    });

    use shipshape::plugin::types::{Applicability, FileKind, Fix, Severity, Span, TextEdit};

    struct Plugin;

    fn severity(severity: shipshape_core::Severity) -> Severity {
        match severity {
            shipshape_core::Severity::Error => Severity::Error,
            shipshape_core::Severity::Warning => Severity::Warning,
            shipshape_core::Severity::Info => Severity::Info,
            shipshape_core::Severity::Hint => Severity::Hint,
        }
    }

    fn kind(kind: shipshape_core::FileKind) -> FileKind {
        match kind {
            shipshape_core::FileKind::Dockerfile => FileKind::Dockerfile,
            shipshape_core::FileKind::Compose => FileKind::Compose,
            shipshape_core::FileKind::Kubernetes => FileKind::Kubernetes,
            shipshape_core::FileKind::Devcontainer => FileKind::Devcontainer,
            shipshape_core::FileKind::Quadlet => FileKind::Quadlet,
            shipshape_core::FileKind::Shell => FileKind::Shell,
            shipshape_core::FileKind::Makefile => FileKind::Makefile,
            shipshape_core::FileKind::GithubActions => FileKind::GithubActions,
            shipshape_core::FileKind::GitlabCi => FileKind::GitlabCi,
            shipshape_core::FileKind::Other => FileKind::Other,
        }
    }

    impl Guest for Plugin {
        fn rules() -> Vec<Rule> {
            super::rules()
                .iter()
                .map(|rule| Rule {
                    code: rule.code.to_string(),
                    name: rule.name.to_string(),
                    summary: rule.summary.to_string(),
                    default_severity: severity(rule.severity),
                    kinds: rule.kinds.iter().map(|k| kind(*k)).collect(),
                    docs_url: Some(rule.docs_url()),
                })
                .collect()
        }

        fn check(doc: Document, config: String) -> Result<Vec<Finding>, String> {
            let file_kind = match doc.kind {
                FileKind::Dockerfile => shipshape_core::FileKind::Dockerfile,
                FileKind::Compose => shipshape_core::FileKind::Compose,
                FileKind::Kubernetes => shipshape_core::FileKind::Kubernetes,
                FileKind::Devcontainer => shipshape_core::FileKind::Devcontainer,
                FileKind::Quadlet => shipshape_core::FileKind::Quadlet,
                FileKind::Shell => shipshape_core::FileKind::Shell,
                FileKind::Makefile => shipshape_core::FileKind::Makefile,
                FileKind::GithubActions => shipshape_core::FileKind::GithubActions,
                FileKind::GitlabCi => shipshape_core::FileKind::GitlabCi,
                FileKind::Other => shipshape_core::FileKind::Other,
            };
            let findings = super::check_document(&doc.path, file_kind, &doc.text, &config)?;
            Ok(findings
                .into_iter()
                .map(|finding| Finding {
                    code: finding.code,
                    name: finding.name,
                    severity: severity(finding.severity),
                    message: finding.message,
                    span: Span {
                        start: finding.span.0,
                        end: finding.span.1,
                    },
                    object: finding.object,
                    fixes: finding
                        .fixes
                        .into_iter()
                        .map(|(title, safe, edits)| Fix {
                            title,
                            applicability: if safe {
                                Applicability::Safe
                            } else {
                                Applicability::Unsafe
                            },
                            edits: edits
                                .into_iter()
                                .map(|(start, end, new_text)| TextEdit {
                                    span: Span { start, end },
                                    new_text,
                                })
                                .collect(),
                        })
                        .collect(),
                })
                .collect())
        }
    }

    export!(Plugin);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_convert_with_byte_spans() {
        let text = "services:\n  wéb:\n    image: nginx\n";
        let findings = check_document("compose.yaml", FileKind::Compose, text, "{}").expect("ok");
        let native = shipshape_core::check(
            &Document::new("compose.yaml", text, FileKind::Compose),
            &shipshape_core::Config::default(),
        );
        assert_eq!(findings.len(), native.len());
        for (ours, theirs) in findings.iter().zip(&native) {
            assert_eq!(ours.code, theirs.code);
            assert_eq!(
                ours.span,
                (theirs.range.start as u32, theirs.range.end as u32)
            );
        }
        assert!(findings.iter().any(|f| f.code == "SS101"));
    }
}
