use crate::checker::Checker;
use crate::rule::{declare_rule, Violation};
use crate::yaml::edit::scalar_source_range;
use crate::yaml::YamlFile;

declare_rule! {
    /// ## What it does
    /// Checks for containers given the container runtime's API or the host's root directory:
    /// - a bind mount of a runtime socket (`/var/run/docker.sock`, `/run/docker.sock`,
    ///   `/run/containerd/containerd.sock`, `/var/run/crio/crio.sock`, any `podman.sock`), of the
    ///   directory holding it (`/var/run`, `/run`), or of the host's `/`;
    /// - Compose: in `volumes` (short `src:dst[:mode]` and long `source:` forms), and
    ///   `use_api_socket: true`;
    /// - Kubernetes: a pod's `volumes[].hostPath.path`.
    ///
    /// A read-only mount (`:ro`) is reported too: the socket is an API, and reading from it is
    /// enough to start a privileged container.
    ///
    /// ## Why is this bad?
    /// Whoever can talk to the runtime's socket can start a container that is privileged,
    /// mounts the host's `/` and shares its namespaces: the socket is root on the host, with no
    /// audit trail beyond "a container did it". A process that escapes its application through
    /// any bug inherits that. Mounting the host's `/` hands over the host's files directly
    /// (`/etc/shadow`, the kubelet's credentials, other containers' data).
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   ci-runner:
    ///     image: example/runner:2.3
    ///     volumes:
    ///       - /var/run/docker.sock:/var/run/docker.sock
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   ci-runner:
    ///     image: example/runner:2.3
    ///     environment:
    ///       DOCKER_HOST: tcp://docker-proxy:2375
    ///   docker-proxy:
    ///     image: example/docker-socket-proxy:0.3
    /// ```
    ///
    /// A filtering proxy that allows only the API calls the tool needs (read-only listing for a
    /// dashboard, say) limits what a compromise can do; rootless runtimes and build services
    /// (BuildKit, Kaniko) avoid the socket altogether. Where the socket is the point (a
    /// container management UI), say so: `# shipshape ignore=SS406 -- Portainer manages this
    /// host` on the line before the service key or the volume.
    ///
    /// ## References
    /// - [Docker: protect the Docker daemon socket](https://docs.docker.com/engine/security/protect-access/)
    /// - [OWASP Docker Security Cheat Sheet, rule 1: do not expose the Docker daemon socket](https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html)
    /// - [Kubernetes: `hostPath` volumes](https://kubernetes.io/docs/concepts/storage/volumes/#hostpath)
    /// - CIS Docker Benchmark v1.2.0, 5.31: Ensure that the Docker socket is not mounted inside any containers
    /// - Checkov `CKV_K8S_27`
    pub struct RuntimeSocketMounted { pub object: String, pub path: String }
    code = "SS406",
    name = "runtime-socket-mounted",
    summary = "The container runtime's socket or the host's root is mounted into the container",
    severity = Error,
    kinds = [Compose, Kubernetes, Devcontainer, Quadlet, Shell, Makefile, GithubActions, GitlabCi],
    fix = None,
    since = "0.2.0",
    sources = [
        crate::registry::Source::Cis("5.31"),
        crate::registry::Source::Checkov("CKV_K8S_27"),
    ],
}

impl Violation for RuntimeSocketMounted {
    fn text(&self) -> crate::i18n::Message {
        let id = match classify(&self.path) {
            Some(Mounted::Root) => "SS406-root",
            Some(Mounted::RunDir) => "SS406-run-dir",
            _ => "SS406",
        };
        crate::i18n::Message::new(id)
            .arg("object", self.object.clone())
            .arg("path", self.path.to_string())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mounted {
    Socket,
    RunDir,
    Root,
}

/// What a host path gives the container, if it is one of the paths this rule is about.
fn classify(path: &str) -> Option<Mounted> {
    let trimmed = path.trim();
    if trimmed == "/" {
        return Some(Mounted::Root);
    }
    let path = trimmed.trim_end_matches('/');
    if matches!(path, "/var/run" | "/run") {
        return Some(Mounted::RunDir);
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    let socket = matches!(
        name,
        "docker.sock" | "containerd.sock" | "crio.sock" | "podman.sock" | "cri-dockerd.sock"
    );
    // A host path (absolute, `~`, `${VAR}` or `.`-relative), not a named volume.
    let host_path = path.starts_with(['/', '~', '$', '.']);
    (socket && host_path).then_some(Mounted::Socket)
}

// ---- compose ----

pub(crate) fn check_compose(file: &YamlFile, checker: &mut Checker) {
    for service in crate::compose::services(file) {
        if let Some(node) = service.get("use_api_socket") {
            if node.as_bool_lenient() == Some(true) {
                checker
                    .report(
                        RuntimeSocketMounted {
                            object: service.object(),
                            path: "use_api_socket: true".to_string(),
                        },
                        scalar_source_range(checker.text, node),
                    )
                    .object(service.object())
                    .anchor(service.anchor());
            }
        }
        let Some(volumes) = service.get("volumes") else {
            continue;
        };
        for item in volumes.items() {
            let (source, node) = if let Some(text) = item.as_str() {
                // `src:dst[:mode]`; a single path is an anonymous volume.
                match text.split_once(':') {
                    Some((source, _)) => (source.to_string(), item),
                    None => continue,
                }
            } else if let Some(source) = item.get("source") {
                let bind = item
                    .get("type")
                    .and_then(|t| t.as_str())
                    .is_none_or(|t| t == "bind");
                match source.as_str() {
                    Some(text) if bind => (text.to_string(), source),
                    _ => continue,
                }
            } else {
                continue;
            };
            if classify(&source).is_none() {
                continue;
            }
            checker
                .report(
                    RuntimeSocketMounted {
                        object: service.object(),
                        path: source.trim().to_string(),
                    },
                    scalar_source_range(checker.text, node),
                )
                .object(service.object())
                .anchor(service.anchor());
        }
    }
}

// ---- kubernetes ----

pub(crate) fn check_kubernetes(file: &YamlFile, checker: &mut Checker) {
    for (object, pod_spec) in crate::kubernetes::pod_specs(file) {
        let Some(volumes) = pod_spec.get("volumes") else {
            continue;
        };
        for volume in volumes.items() {
            let Some(path) = volume.get_path(&["hostPath", "path"]) else {
                continue;
            };
            let Some(text) = path.as_str() else {
                continue;
            };
            if classify(text).is_none() {
                continue;
            }
            checker
                .report(
                    RuntimeSocketMounted {
                        object: object.label(),
                        path: text.trim().to_string(),
                    },
                    scalar_source_range(checker.text, path),
                )
                .object(object.label());
        }
    }
}

// ---- containers of the other kinds (SPEC 2b) ----

/// `-v /var/run/docker.sock:...`, `--mount source=...`, Quadlet `Volume=`, devcontainer `mounts`.
pub(crate) fn check_runs(runs: &[crate::runs::ContainerRun], checker: &mut Checker) {
    for run in runs {
        for mount in &run.mounts {
            if classify(&mount.text).is_none() {
                continue;
            }
            checker
                .report(
                    RuntimeSocketMounted {
                        object: run.object.clone(),
                        path: mount.text.trim().to_string(),
                    },
                    mount.range,
                )
                .object(run.object.clone())
                .anchor(run.anchor.start);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(classify("/var/run/docker.sock"), Some(Mounted::Socket));
        assert_eq!(
            classify("/run/containerd/containerd.sock"),
            Some(Mounted::Socket)
        );
        assert_eq!(
            classify("${XDG_RUNTIME_DIR}/podman/podman.sock"),
            Some(Mounted::Socket)
        );
        assert_eq!(classify("/"), Some(Mounted::Root));
        assert_eq!(classify("/var/run/"), Some(Mounted::RunDir));
        assert_eq!(classify("/var/run/app"), None);
        assert_eq!(classify("docker.sock"), None);
        assert_eq!(classify("/srv/data"), None);
    }
}
