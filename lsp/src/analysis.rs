//! Which documents are checked, and the calls into `core`, each guarded by `catch_unwind`.

use std::panic::{catch_unwind, AssertUnwindSafe};

use shipshape_core::document::NameHint;
use shipshape_core::fix::{fix_document, FixOutcome};
use shipshape_core::{Applicability, Config, Document, FileKind, Finding};

/// The kind to check a document as, from its language id, then its file name, then its content.
/// `None`: not ours, publish nothing (a YAML file that is neither compose nor Kubernetes gets no
/// diagnostics at all, not even the "not a recognised kind" SS000 the CLI gives).
pub fn kind_for(language_id: &str, path: &str, text: &str) -> Option<FileKind> {
    let yaml_kind = |kind: FileKind| match kind {
        FileKind::Compose | FileKind::Kubernetes => Some(kind),
        _ => None,
    };
    // Ids differ between editors: VS Code and Helix say `dockercompose`, Neovim's filetype (its
    // language id) is `yaml.docker-compose`, Emacs' eglot derives `docker-compose` from the mode.
    match language_id.to_ascii_lowercase().as_str() {
        "dockerfile" | "containerfile" => Some(FileKind::Dockerfile),
        "dockercompose" | "docker-compose" | "yaml.docker-compose" | "compose" => {
            Some(FileKind::Compose)
        }
        "yaml" | "yml" => match FileKind::from_file_name(path) {
            // Workflows and `.gitlab-ci.yml` are known by their paths.
            NameHint::Kind(kind @ (FileKind::GithubActions | FileKind::GitlabCi)) => Some(kind),
            NameHint::Kind(kind) => yaml_kind(kind),
            _ => yaml_kind(FileKind::from_content(text)),
        },
        _ => match FileKind::from_file_name(path) {
            NameHint::Kind(kind) => Some(kind),
            NameHint::Confirm(kind) => kind.confirms(text).then_some(kind),
            NameHint::Yaml => yaml_kind(FileKind::from_content(text)),
            NameHint::Script => {
                let kind = FileKind::from_content(text);
                (kind == FileKind::Shell && kind.confirms(text)).then_some(kind)
            }
            NameHint::Unknown => None,
        },
    }
}

/// `core::check`, or no findings (and an error in the log) if it panics.
pub fn check(path: &str, text: &str, kind: FileKind, config: &Config) -> Vec<Finding> {
    let document = Document::new(path, text, kind);
    match catch_unwind(AssertUnwindSafe(|| {
        shipshape_core::check(&document, config)
    })) {
        Ok(findings) => findings,
        Err(panic) => {
            tracing::error!(
                path,
                panic = panic_message(&panic),
                "shipshape_core::check panicked; publishing no diagnostics for this version"
            );
            Vec::new()
        }
    }
}

/// The text with every safe fix applied (to a fixed point), or `None` if `core` panics.
pub fn fix_all(path: &str, text: &str, kind: FileKind, config: &Config) -> Option<FixOutcome> {
    let document = Document::new(path, text, kind);
    match catch_unwind(AssertUnwindSafe(|| {
        fix_document(&document, config, Applicability::Safe)
    })) {
        Ok(outcome) => Some(outcome),
        Err(panic) => {
            tracing::error!(
                path,
                panic = panic_message(&panic),
                "shipshape_core::fix::fix_document panicked"
            );
            None
        }
    }
}

pub fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(text) = panic.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text.clone()
    } else {
        "unknown panic".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_ids_and_names_decide_the_kind() {
        assert_eq!(
            kind_for("dockerfile", "/x/anything", ""),
            Some(FileKind::Dockerfile)
        );
        assert_eq!(
            kind_for("dockercompose", "/x/a.yml", ""),
            Some(FileKind::Compose)
        );
        assert_eq!(
            kind_for("yaml", "/x/compose.yaml", "x: 1\n"),
            Some(FileKind::Compose)
        );
        assert_eq!(
            kind_for("yaml", "/x/deploy.yaml", "apiVersion: v1\nkind: Pod\n"),
            Some(FileKind::Kubernetes)
        );
        assert_eq!(
            kind_for("yaml", "/x/stack.yml", "services:\n  web: {}\n"),
            Some(FileKind::Compose)
        );
        // Plain YAML: nothing, not even SS000.
        assert_eq!(kind_for("yaml", "/x/values.yaml", "replicas: 3\n"), None);
        assert_eq!(kind_for("yaml", "/x/broken.yaml", "a: [\n"), None);
        // A YAML that happens to start with FROM is not a Dockerfile.
        assert_eq!(kind_for("yaml", "/x/a.yaml", "FROM: x\n"), None);
        // The kinds of SPEC 2b: by path, and by content where the name only hints.
        assert_eq!(
            kind_for("jsonc", "/x/.devcontainer/devcontainer.json", "{}"),
            Some(FileKind::Devcontainer)
        );
        assert_eq!(kind_for("jsonc", "/x/.vscode/settings.json", "{}"), None);
        assert_eq!(
            kind_for("yaml", "/x/.github/workflows/ci.yml", "on: push\n"),
            Some(FileKind::GithubActions)
        );
        assert_eq!(
            kind_for("yaml", "/x/.gitlab-ci.yml", "t:\n  script: [make]\n"),
            Some(FileKind::GitlabCi)
        );
        assert_eq!(
            kind_for("shellscript", "/x/up.sh", "docker run -d x\n"),
            Some(FileKind::Shell)
        );
        assert_eq!(kind_for("shellscript", "/x/build.sh", "make\n"), None);
        assert_eq!(
            kind_for("makefile", "/x/Makefile", "up:\n\tpodman run x\n"),
            Some(FileKind::Makefile)
        );
        assert_eq!(
            kind_for("plaintext", "/x/web.container", "[Container]\nImage=x\n"),
            Some(FileKind::Quadlet)
        );
        assert_eq!(
            kind_for(
                "plaintext",
                "/x/web.service",
                "[Service]\nExecStart=podman run x\n"
            ),
            None
        );
        // Unknown language ids fall back to the file name.
        assert_eq!(
            kind_for("plaintext", "/x/Dockerfile.dev", ""),
            Some(FileKind::Dockerfile)
        );
        assert_eq!(
            kind_for("plaintext", "/x/docker-compose.yml", ""),
            Some(FileKind::Compose)
        );
        assert_eq!(kind_for("plaintext", "/x/notes.txt", "FROM x\n"), None);
        assert_eq!(kind_for("helm", "/x/templates/a.yaml", "{{ x }}"), None);
        for id in ["yaml.docker-compose", "docker-compose", "DockerCompose"] {
            assert_eq!(
                kind_for(id, "/x/a.yml", ""),
                Some(FileKind::Compose),
                "{id}"
            );
        }
        assert_eq!(
            kind_for("Dockerfile", "/x/build", ""),
            Some(FileKind::Dockerfile)
        );
        assert_eq!(kind_for("YAML", "/x/values.yaml", "a: 1\n"), None);
    }

    #[test]
    fn broken_yaml_and_helm_templates_are_parse_errors() {
        for text in [
            "services:\n  web: [\n",
            "services:\n  web:\n    image: {{ .Values.image }}\n",
        ] {
            let findings = check("compose.yaml", text, FileKind::Compose, &Config::default());
            let codes: Vec<_> = findings.iter().map(|f| f.code.as_str()).collect();
            assert_eq!(codes, ["SS000"], "{text}");
        }
    }
}
