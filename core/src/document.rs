//! Documents and how their kind is recognised.

use crate::env_file::EnvFile;
use serde::{Deserialize, Serialize};

/// The kinds of file shipshape understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    Dockerfile,
    Compose,
    Kubernetes,
    /// `devcontainer.json` (SPEC 2b).
    Devcontainer,
    /// A Podman Quadlet unit with a `[Container]` section.
    Quadlet,
    /// A shell script running a container (`docker run`, `podman create`...).
    Shell,
    /// A Makefile whose recipes run a container.
    Makefile,
    /// A GitHub Actions workflow (`.github/workflows/*.y[a]ml`).
    GithubActions,
    /// A GitLab CI definition (`.gitlab-ci.yml`).
    GitlabCi,
    Other,
}

impl FileKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            FileKind::Dockerfile => "dockerfile",
            FileKind::Compose => "compose",
            FileKind::Kubernetes => "kubernetes",
            FileKind::Devcontainer => "devcontainer",
            FileKind::Quadlet => "quadlet",
            FileKind::Shell => "shell",
            FileKind::Makefile => "makefile",
            FileKind::GithubActions => "github-actions",
            FileKind::GitlabCi => "gitlab-ci",
            FileKind::Other => "other",
        }
    }

    /// Every kind, in order (`--kind` values, docs).
    pub const ALL: &'static [FileKind] = &[
        FileKind::Dockerfile,
        FileKind::Compose,
        FileKind::Kubernetes,
        FileKind::Devcontainer,
        FileKind::Quadlet,
        FileKind::Shell,
        FileKind::Makefile,
        FileKind::GithubActions,
        FileKind::GitlabCi,
        FileKind::Other,
    ];

    /// The kinds whose containers are read into [`crate::runs::ContainerRun`]s (SPEC 2b).
    pub const RUN_KINDS: &'static [FileKind] = &[
        FileKind::Devcontainer,
        FileKind::Quadlet,
        FileKind::Shell,
        FileKind::Makefile,
        FileKind::GithubActions,
        FileKind::GitlabCi,
    ];

    pub fn is_run_kind(self) -> bool {
        Self::RUN_KINDS.contains(&self)
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "dockerfile" | "containerfile" => Some(FileKind::Dockerfile),
            "compose" | "docker-compose" | "dockercompose" => Some(FileKind::Compose),
            "kubernetes" | "k8s" => Some(FileKind::Kubernetes),
            "devcontainer" | "dev-container" => Some(FileKind::Devcontainer),
            "quadlet" => Some(FileKind::Quadlet),
            "shell" | "sh" | "bash" | "script" => Some(FileKind::Shell),
            "makefile" | "make" => Some(FileKind::Makefile),
            "github-actions" | "github" | "workflow" => Some(FileKind::GithubActions),
            "gitlab-ci" | "gitlab" => Some(FileKind::GitlabCi),
            "other" => Some(FileKind::Other),
            _ => None,
        }
    }

    /// The kind a file name alone implies: Dockerfiles, compose files, dev containers, workflows
    /// and GitLab CI by their paths; Quadlet units, scripts and Makefiles by name, confirmed by
    /// content ([`NameHint::Confirm`]); `Yaml` for any other `.yaml`/`.yml` (compose or
    /// Kubernetes, decided by content).
    pub fn from_file_name(path: &str) -> NameHint {
        let normalized = path.replace('\\', "/");
        let mut parts = normalized.rsplit('/');
        let name = parts.next().unwrap_or(path);
        let parent = parts.next().unwrap_or("");
        let grandparent = parts.next().unwrap_or("");
        let lower = name.to_ascii_lowercase();
        let is_yaml = lower.ends_with(".yaml") || lower.ends_with(".yml");
        // `.devcontainer.json`, `.devcontainer/devcontainer.json`, `.devcontainer/x/devcontainer.json`.
        if lower == ".devcontainer.json"
            || (lower == "devcontainer.json"
                && (parent == ".devcontainer" || grandparent == ".devcontainer"))
        {
            return NameHint::Kind(FileKind::Devcontainer);
        }
        if is_yaml && parent == "workflows" && grandparent == ".github" {
            return NameHint::Kind(FileKind::GithubActions);
        }
        if lower == ".gitlab-ci.yml"
            || lower == ".gitlab-ci.yaml"
            || lower.ends_with(".gitlab-ci.yml")
            || lower.ends_with(".gitlab-ci.yaml")
        {
            return NameHint::Kind(FileKind::GitlabCi);
        }
        if lower.ends_with(".container") || lower.ends_with(".pod") || lower.ends_with(".kube") {
            return NameHint::Confirm(FileKind::Quadlet);
        }
        if lower.ends_with(".sh") || lower.ends_with(".bash") {
            return NameHint::Confirm(FileKind::Shell);
        }
        if matches!(lower.as_str(), "makefile" | "gnumakefile") || lower.ends_with(".mk") {
            return NameHint::Confirm(FileKind::Makefile);
        }
        let stem_variant = |stem: &str| {
            lower == stem
                || lower
                    .strip_prefix(stem)
                    .is_some_and(|rest| rest.starts_with(['.', '-', '_']) && !is_yaml)
        };
        // `Dockerfile`, `Dockerfile.dev`, `Dockerfile-windows`, `Dockerfile_arm64`, `api.Dockerfile`.
        if stem_variant("dockerfile")
            || stem_variant("containerfile")
            || lower.ends_with(".dockerfile")
            || lower.ends_with(".containerfile")
        {
            return NameHint::Kind(FileKind::Dockerfile);
        }
        if is_yaml && (lower.starts_with("compose.") || lower.starts_with("docker-compose.")) {
            return NameHint::Kind(FileKind::Compose);
        }
        if is_yaml {
            return NameHint::Yaml;
        }
        // A script without an extension, told by its shebang.
        if !name.contains('.') && !name.is_empty() {
            return NameHint::Script;
        }
        NameHint::Unknown
    }

    /// Whether `text` is what a [`NameHint::Confirm`] name says it may be: a Quadlet unit holds a
    /// `[Container]` section, a script or Makefile runs a container.
    pub fn confirms(self, text: &str) -> bool {
        match self {
            FileKind::Quadlet => crate::runs::quadlet::has_container_section(text),
            FileKind::Shell | FileKind::Makefile => !crate::runs::parse(self, text).runs.is_empty(),
            _ => true,
        }
    }

    /// Whether `text` starts with a shell's shebang (`#!/bin/sh`, `#!/usr/bin/env bash`...).
    pub fn has_shell_shebang(text: &str) -> bool {
        let Some(first) = text.lines().next() else {
            return false;
        };
        let Some(command) = first.strip_prefix("#!") else {
            return false;
        };
        let mut words = command.split_whitespace();
        let program = words.next().unwrap_or("");
        let program = if program.ends_with("/env") {
            words.find(|w| !w.starts_with('-')).unwrap_or("")
        } else {
            program
        };
        let shell = program.rsplit('/').next().unwrap_or(program);
        matches!(shell, "sh" | "bash" | "dash" | "ash" | "zsh" | "ksh")
    }

    /// Content sniffing for text without a telling name (stdin, the playground): a GitHub
    /// Actions workflow has a top-level `jobs:` whose jobs say `runs-on:`; a GitLab CI file has
    /// jobs (top-level keys) holding `script:`; a dev container is a JSON object with an
    /// `image`, `build` or `dockerComposeFile` and a property only dev containers have.
    fn ci_or_devcontainer_from_content(text: &str) -> Option<FileKind> {
        let mut jobs = false;
        let mut runs_on = false;
        let mut job_script = false;
        for line in text.lines().take(20_000) {
            if line.starts_with("jobs:") {
                jobs = true;
            } else if line.trim_start().starts_with("runs-on:") {
                runs_on = true;
            } else if line.starts_with("  script:") || line.starts_with("  before_script:") {
                job_script = true;
            }
        }
        if jobs && runs_on {
            return Some(FileKind::GithubActions);
        }
        if job_script && !jobs {
            return Some(FileKind::GitlabCi);
        }
        let code = text
            .lines()
            .map(str::trim_start)
            .find(|line| !line.is_empty() && !line.starts_with("//"));
        if code.is_some_and(|line| line.starts_with('{')) {
            let has_source = ["\"image\"", "\"build\"", "\"dockerComposeFile\""]
                .iter()
                .any(|key| text.contains(key));
            let devcontainer_only = [
                "\"runArgs\"",
                "\"capAdd\"",
                "\"containerEnv\"",
                "\"remoteEnv\"",
                "\"remoteUser\"",
                "\"customizations\"",
                "\"features\"",
                "\"postCreateCommand\"",
                "\"forwardPorts\"",
                "\"workspaceFolder\"",
            ]
            .iter()
            .any(|key| text.contains(key));
            if has_source && devcontainer_only {
                return Some(FileKind::Devcontainer);
            }
        }
        None
    }

    /// Decide the kind from the name, then from the content for YAML and unknown names. A name
    /// that says Quadlet, script or Makefile decides alone: the user named the file.
    pub fn detect(path: &str, text: &str) -> FileKind {
        match Self::from_file_name(path) {
            NameHint::Kind(kind) | NameHint::Confirm(kind) => kind,
            NameHint::Yaml | NameHint::Unknown | NameHint::Script => Self::from_content(text),
        }
    }

    /// Content sniffing: Kubernetes when a document has top-level `apiVersion:` and `kind:`;
    /// compose when the top level has `services:` holding Compose services (some service holds
    /// a Compose container key such as `image`, `build`, `extends`, `command`, `environment`,
    /// `ports`, `volumes`: [`crate::compose::CONTAINER_KEYS`]; a Rancher `rancher-compose.yml`,
    /// whose services hold only `scale`, `health_check` and the like, is not Compose); a
    /// Dockerfile when the first instruction is `FROM` (after comments, directives and `ARG`s).
    pub fn from_content(text: &str) -> FileKind {
        let mut has_api_version = false;
        let mut has_kind = false;
        let mut has_services = false;
        for line in text.lines().take(20_000) {
            if line.starts_with("apiVersion:") {
                has_api_version = true;
            } else if line.starts_with("kind:") {
                has_kind = true;
            } else if line.starts_with("services:") {
                has_services = true;
            }
        }
        if has_api_version && has_kind {
            return FileKind::Kubernetes;
        }
        if Self::has_shell_shebang(text) {
            return FileKind::Shell;
        }
        if crate::runs::quadlet::has_container_section(text) {
            return FileKind::Quadlet;
        }
        if let Some(kind) = Self::ci_or_devcontainer_from_content(text) {
            return kind;
        }
        if has_services {
            let file = crate::yaml::parse(text);
            let compose = file.roots().any(crate::compose::holds_compose_services);
            // A file that does not parse (or parses only in part) keeps the benefit of the
            // doubt: the parse error is reported as Compose.
            if compose || !file.errors.is_empty() {
                return FileKind::Compose;
            }
            return FileKind::Other;
        }
        for line in text.lines() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let word = trimmed.split_whitespace().next().unwrap_or("");
            if word.eq_ignore_ascii_case("ARG") {
                continue;
            }
            if word.eq_ignore_ascii_case("FROM") {
                return FileKind::Dockerfile;
            }
            break;
        }
        FileKind::Other
    }
}

impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a file name says about its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameHint {
    Kind(FileKind),
    /// This kind if the content confirms it ([`FileKind::confirms`]): `*.container`, `*.sh`,
    /// `Makefile`...
    Confirm(FileKind),
    /// A YAML file: compose or Kubernetes, decided by content.
    Yaml,
    /// No extension: a shell script if it has a shell shebang and runs a container.
    Script,
    Unknown,
}

/// One file to check.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    /// Path as the user gave it (used for messages and for kind detection only).
    pub path: &'a str,
    pub text: &'a str,
    pub kind: FileKind,
    /// Set by the caller (core does no I/O) when the file sits under a `templates/` directory
    /// whose parent holds a `Chart.yaml`: a Helm chart's template. Such a file is skipped as a
    /// template when it holds a `{{` action, even if the text happens to parse as YAML. Without
    /// it, a file is called a template only when it holds `{{` and does not parse as YAML (or
    /// parses only into a mapping used as a key, what an unquoted `{{ x }}` becomes).
    pub in_helm_chart: bool,
    /// Set by the caller (core does no I/O) for a Compose file: the `.env` beside it, which
    /// Compose reads for `${VAR}` interpolation, or an example of it when there is none (see
    /// [`crate::env_file`]). The rules that meet `read_only`, `privileged` or `cap_drop` written
    /// as `${VAR}` judge the value it gives; without it they give a hint.
    pub variables: Option<&'a EnvFile>,
    /// Set by the caller for a Compose file that is part of a project
    /// ([`crate::compose_project`]): the other files merged with it. Without it the file is
    /// judged alone.
    pub compose_project: Option<&'a crate::compose_project::ComposeProject>,
}

impl<'a> Document<'a> {
    pub fn new(path: &'a str, text: &'a str, kind: FileKind) -> Self {
        Self {
            path,
            text,
            kind,
            in_helm_chart: false,
            variables: None,
            compose_project: None,
        }
    }

    /// Another text (a fixed version) with everything the caller said about this one.
    pub fn with_text<'t>(&self, text: &'t str) -> Document<'t>
    where
        'a: 't,
    {
        Document { text, ..*self }
    }

    /// The same document as part of a Compose project.
    pub fn with_compose_project(
        mut self,
        project: Option<&'a crate::compose_project::ComposeProject>,
    ) -> Self {
        self.compose_project = project;
        self
    }

    /// The same document with the variables of the `.env` file (or example) beside it.
    pub fn with_variables(mut self, variables: Option<&'a EnvFile>) -> Self {
        self.variables = variables;
        self
    }

    /// The same document, marked (or not) as a template of a Helm chart: the caller found a
    /// `Chart.yaml` in the parent of the `templates/` directory holding it.
    pub fn with_helm_chart(mut self, in_helm_chart: bool) -> Self {
        self.in_helm_chart = in_helm_chart;
        self
    }

    /// A document whose kind is detected from its name and content.
    pub fn detect(path: &'a str, text: &'a str) -> Self {
        Self::new(path, text, FileKind::detect(path, text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_decide_first() {
        for name in [
            "Dockerfile",
            "x/Containerfile",
            "Dockerfile.dev",
            "api.Dockerfile",
            "a.containerfile",
        ] {
            assert_eq!(FileKind::detect(name, ""), FileKind::Dockerfile, "{name}");
        }
        for name in [
            "compose.yaml",
            "docker-compose.yml",
            "compose.prod.yaml",
            "docker-compose.override.yml",
        ] {
            assert_eq!(FileKind::detect(name, ""), FileKind::Compose, "{name}");
        }
    }

    #[test]
    fn yaml_content_decides_between_compose_and_kubernetes() {
        assert_eq!(
            FileKind::detect("a.yaml", "apiVersion: v1\nkind: Pod\n"),
            FileKind::Kubernetes
        );
        assert_eq!(
            FileKind::detect("a.yml", "services:\n  web: {}\n"),
            FileKind::Compose
        );
        assert_eq!(FileKind::detect("a.yml", "name: x\n"), FileKind::Other);
        // Rancher's `rancher-compose.yml`: services, but nothing a Compose service holds.
        assert_eq!(
            FileKind::detect(
                "rancher-compose.yml",
                "version: '2'\nservices:\n  web:\n    scale: 2\n    health_check:\n      port: 80\n  lb:\n    lb_config: {}\n"
            ),
            FileKind::Other
        );
        for compose in [
            "services:\n  web:\n    scale: 2\n    image: nginx\n",
            "services:\n  base:\n    extends: {file: common.yml, service: web}\n",
            "services:\n  web:\n    build: .\n",
            "services:\n  web:\n",
        ] {
            assert_eq!(
                FileKind::detect("a.yml", compose),
                FileKind::Compose,
                "{compose}"
            );
        }
        assert_eq!(
            FileKind::detect("dockerfile-lint.yaml", "name: x\n"),
            FileKind::Other
        );
        assert_eq!(
            FileKind::detect("-", "# c\nARG X\nfrom alpine\n"),
            FileKind::Dockerfile
        );
    }
}
