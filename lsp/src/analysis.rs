//! Which documents are checked, and the calls into the workspace layer and `core`, each guarded
//! against panics.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Arc;

use shipshape_core::fix::{fix_document, FixOutcome};
use shipshape_core::{check, check_unfolded, Applicability, Config, FileKind, Finding};
use shipshape_workspace::check::{surroundings, Surroundings};
use shipshape_workspace::{Checks, LoadedConfig, NativeFileSystem, Plugin, PluginSet, Selection};

/// The kind to check a document as: from the language id where it names one, else as the
/// workspace layer decides for a file found by walking (its name, then its content).
/// `None`: not ours, publish nothing (a YAML file that is neither compose nor Kubernetes gets no
/// diagnostics at all, not even the "not a recognised kind" SS000 the CLI gives for a file named
/// on its command line).
pub fn kind_for(language_id: &str, path: &str, text: &str) -> Option<FileKind> {
    // Ids differ between editors: VS Code and Helix say `dockercompose`, Neovim's filetype (its
    // language id) is `yaml.docker-compose`, Emacs' eglot derives `docker-compose` from the mode.
    match language_id.to_ascii_lowercase().as_str() {
        "dockerfile" | "containerfile" => Some(FileKind::Dockerfile),
        "dockercompose" | "docker-compose" | "yaml.docker-compose" | "compose" => {
            Some(FileKind::Compose)
        }
        language => {
            // The whole path: `.github/workflows/` and `.devcontainer/` name kinds too.
            let selection = Selection::for_walked(path)?;
            let kind = selection.kind(path, text)?;
            // A YAML document is never a Dockerfile, whatever its name says.
            let yaml = matches!(language, "yaml" | "yml");
            (!(yaml && kind == FileKind::Dockerfile)).then_some(kind)
        }
    }
}

/// The plugins already loaded for one document ([`crate::plugins::PluginHost`] loads them).
struct Loaded(Vec<Arc<dyn Plugin>>);

impl PluginSet for Loaded {
    fn plugins_for(&self, _config: &LoadedConfig) -> Vec<Arc<dyn Plugin>> {
        self.0.clone()
    }
}

/// Built-in and plugin findings for one document, through the workspace layer as the CLI
/// computes them: plugin codes count as known, plugin findings go through core's suppressions,
/// a chart template is skipped as the CLI skips it, and a panic is one SS000 finding.
pub fn check_document(
    path: &str,
    around: &Surroundings,
    text: &str,
    kind: FileKind,
    config: &LoadedConfig,
    plugins: &[Arc<shipshape_plugin_host::Plugin>],
) -> Vec<Finding> {
    let document = around.document(path, text, kind);
    let loaded: Vec<Arc<dyn Plugin>> = plugins
        .iter()
        .map(|plugin| plugin.clone() as Arc<dyn Plugin>)
        .collect();
    let checks = Checks {
        plugins: (!loaded.is_empty()).then(|| Arc::new(Loaded(loaded)) as Arc<dyn PluginSet>),
        ..Checks::default()
    };
    checks.check(&document, config)
}

/// What is read around the file at `file` from the disk: the `.env` beside a compose file and
/// the other files of its project. Editors do not send the `.env` to this server (VS Code's
/// selector names no dotenv language), and an unsaved buffer of another project file is not seen
/// either. Nothing for a document that is not a file (an untitled buffer).
pub fn surroundings_of(file: Option<&Path>, kind: FileKind, text: &str) -> Surroundings {
    file.map(|file| surroundings(&NativeFileSystem, file, kind, text))
        .unwrap_or_default()
}

/// The built-in findings for `text` (no plugins), or no findings if `core` panics: what the
/// suppression quick fixes compare before and after an edit.
pub fn check_builtin(
    path: &str,
    around: &Surroundings,
    text: &str,
    kind: FileKind,
    config: &Config,
) -> Vec<Finding> {
    guarded(path, || check(&around.document(path, text, kind), config))
}

/// [`check_builtin`] before folding: what each rule reports. An "ignore" action is verified on
/// these, because suppressing a carrier brings back what it folded.
pub fn check_builtin_unfolded(
    path: &str,
    around: &Surroundings,
    text: &str,
    kind: FileKind,
    config: &Config,
) -> Vec<Finding> {
    guarded(path, || {
        check_unfolded(&around.document(path, text, kind), config)
    })
}

fn guarded(path: &str, check: impl FnOnce() -> Vec<Finding>) -> Vec<Finding> {
    match catch_unwind(AssertUnwindSafe(check)) {
        Ok(findings) => findings,
        Err(panic) => {
            tracing::error!(
                path,
                panic = panic_message(&panic),
                "shipshape_core::check panicked"
            );
            Vec::new()
        }
    }
}

/// The text with every safe fix applied (to a fixed point), or `None` if `core` panics.
pub fn fix_all(
    path: &str,
    around: &Surroundings,
    text: &str,
    kind: FileKind,
    config: &Config,
) -> Option<FixOutcome> {
    let document = around.document(path, text, kind);
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
            let findings = check_builtin(
                "compose.yaml",
                &Surroundings::default(),
                text,
                FileKind::Compose,
                &Config::default(),
            );
            let codes: Vec<_> = findings.iter().map(|f| f.code.as_str()).collect();
            assert_eq!(codes, ["SS000"], "{text}");
        }
    }
}
