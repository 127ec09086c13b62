use crate::checker::Checker;
use crate::rule::{declare_rule, Violation};
use crate::yaml::edit::scalar_source_range;
use crate::yaml::YamlFile;

declare_rule! {
    /// ## What it does
    /// Checks for containers that share a namespace with the host:
    /// - Compose: `pid: host`, `ipc: host`, `network_mode: host` (and the old `net: host`);
    /// - Kubernetes: `hostPID: true`, `hostIPC: true`, `hostNetwork: true` on a pod spec (of any
    ///   workload, custom resources with a pod template, and Argo Workflows specs).
    ///
    /// ## Why is this bad?
    /// Namespaces are what make a container a container. In the host's PID namespace a process
    /// sees every process on the node, can read their environment and command lines (secrets
    /// included) through `/proc`, and, with `SYS_PTRACE` or as the same user, attach to them. In
    /// the host's IPC namespace it can read and write the host's shared memory segments. In the
    /// host's network namespace it binds the host's ports, reaches services listening on
    /// `localhost` (the kubelet's and the container runtime's APIs among them) and sniffs the
    /// node's traffic, and network policies no longer apply to it. A compromise of the
    /// container is then much closer to a compromise of the host.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   monitor:
    ///     image: example/monitor:1.4
    ///     pid: host
    ///     network_mode: host
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   monitor:
    ///     image: example/monitor:1.4
    ///     ports:
    ///       - "9100:9100"
    /// ```
    ///
    /// In Kubernetes, remove `hostPID`, `hostIPC` and `hostNetwork` (they default to `false`) and
    /// expose ports with a `Service`. A node agent that needs the host's view on purpose (a
    /// monitoring or CNI daemon) says so: `# shipshape ignore=SS405 -- node exporter reads host
    /// processes` on the line before the service key or the setting.
    ///
    /// ## References
    /// - [Docker: `--pid`, `--ipc` and `--network` settings](https://docs.docker.com/reference/cli/docker/container/run/)
    /// - [Compose file reference: `pid`, `ipc`, `network_mode`](https://docs.docker.com/reference/compose-file/services/)
    /// - [Kubernetes Pod Security Standards (baseline: host namespaces)](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
    /// - CIS Docker Benchmark v1.2.0, 5.9, 5.15 and 5.16: do not share the host's network, process and IPC namespaces
    /// - Checkov `CKV_K8S_17`, `CKV_K8S_18`, `CKV_K8S_19`
    pub struct HostNamespaceShared { pub object: String, pub namespace: &'static str, pub setting: String }
    code = "SS405",
    name = "host-namespace-shared",
    summary = "The container shares the host's PID, IPC or network namespace",
    severity = Error,
    kinds = [Compose, Kubernetes, Devcontainer, Quadlet, Shell, Makefile, GithubActions, GitlabCi],
    fix = None,
    since = "0.2.0",
    sources = [
        crate::registry::Source::Cis("5.9"),
        crate::registry::Source::Checkov("CKV_K8S_17"),
    ],
}

impl Violation for HostNamespaceShared {
    fn text(&self) -> crate::i18n::Message {
        crate::i18n::Message::new("SS405")
            .arg("object", self.object.clone())
            .arg("namespace", self.namespace.to_string())
            .arg("setting", self.setting.to_string())
    }
}

// ---- compose ----

const COMPOSE_FIELDS: &[(&str, &str)] = &[
    ("pid", "PID"),
    ("ipc", "IPC"),
    ("network_mode", "network"),
    ("net", "network"),
];

pub(crate) fn check_compose(file: &YamlFile, checker: &mut Checker) {
    for service in crate::compose::services(file) {
        for (key, namespace) in COMPOSE_FIELDS {
            let Some(node) = service.get(key) else {
                continue;
            };
            if !node
                .as_str()
                .is_some_and(|value| value.trim().eq_ignore_ascii_case("host"))
            {
                continue;
            }
            checker
                .report(
                    HostNamespaceShared {
                        object: service.object(),
                        namespace,
                        setting: format!("{key}: host"),
                    },
                    scalar_source_range(checker.text, node),
                )
                .object(service.object())
                .anchor(service.anchor());
        }
    }
}

// ---- kubernetes ----

const POD_FIELDS: &[(&str, &str)] = &[
    ("hostPID", "PID"),
    ("hostIPC", "IPC"),
    ("hostNetwork", "network"),
];

pub(crate) fn check_kubernetes(file: &YamlFile, checker: &mut Checker) {
    for (object, pod_spec) in crate::kubernetes::pod_specs(file) {
        for (key, namespace) in POD_FIELDS {
            let Some(node) = pod_spec.get(key) else {
                continue;
            };
            if node.as_bool_lenient() != Some(true) {
                continue;
            }
            checker
                .report(
                    HostNamespaceShared {
                        object: object.label(),
                        namespace,
                        setting: format!("{key}: true"),
                    },
                    scalar_source_range(checker.text, node),
                )
                .object(object.label());
        }
    }
}

// ---- containers of the other kinds (SPEC 2b) ----

/// `--pid=host`, `--ipc=host`, `--network=host`, Quadlet `Network=host`.
pub(crate) fn check_runs(runs: &[crate::runs::ContainerRun], checker: &mut Checker) {
    for run in runs {
        for (namespace, setting) in &run.namespaces {
            checker
                .report(
                    HostNamespaceShared {
                        object: run.object.clone(),
                        namespace,
                        setting: setting.text.clone(),
                    },
                    setting.range,
                )
                .object(run.object.clone())
                .anchor(run.anchor.start);
        }
    }
}
