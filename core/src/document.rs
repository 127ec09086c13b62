//! Documents and how their kind is recognised.

use serde::{Deserialize, Serialize};

/// The kinds of file shipshape understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Dockerfile,
    Compose,
    Kubernetes,
    Other,
}

impl FileKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            FileKind::Dockerfile => "dockerfile",
            FileKind::Compose => "compose",
            FileKind::Kubernetes => "kubernetes",
            FileKind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "dockerfile" | "containerfile" => Some(FileKind::Dockerfile),
            "compose" | "docker-compose" | "dockercompose" => Some(FileKind::Compose),
            "kubernetes" | "k8s" => Some(FileKind::Kubernetes),
            "other" => Some(FileKind::Other),
            _ => None,
        }
    }

    /// The kind a file name alone implies: Dockerfiles and compose files by their names, and
    /// `Yaml` for any other `.yaml`/`.yml` (compose or Kubernetes, decided by content).
    pub fn from_file_name(path: &str) -> NameHint {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let lower = name.to_ascii_lowercase();
        let is_yaml = lower.ends_with(".yaml") || lower.ends_with(".yml");
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
        NameHint::Unknown
    }

    /// Decide the kind from the name, then from the content for YAML and unknown names.
    pub fn detect(path: &str, text: &str) -> FileKind {
        match Self::from_file_name(path) {
            NameHint::Kind(kind) => kind,
            NameHint::Yaml | NameHint::Unknown => Self::from_content(text),
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
    /// A YAML file: compose or Kubernetes, decided by content.
    Yaml,
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
}

impl<'a> Document<'a> {
    pub fn new(path: &'a str, text: &'a str, kind: FileKind) -> Self {
        Self {
            path,
            text,
            kind,
            in_helm_chart: false,
        }
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
