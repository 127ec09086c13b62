use crate::checker::Checker;
use crate::compose::capabilities;
use crate::rule::{declare_rule, Violation};
use crate::settings::Config;
use crate::yaml::{Node, YamlFile};

declare_rule! {
    /// ## What it does
    /// Checks Compose `cap_add` and Kubernetes `securityContext.capabilities.add` for
    /// capabilities that hand a container most of the host: `ALL`, `SYS_ADMIN`, `NET_ADMIN`,
    /// `SYS_PTRACE`, `SYS_MODULE`, `DAC_READ_SEARCH`, `SYS_RAWIO`, `BPF` and `PERFMON`, plus any
    /// listed under `dangerous` in the `[capabilities]` table of `.shipshape.toml`. Each such
    /// capability is one finding, on its list item: an error for `ALL`, `SYS_ADMIN`,
    /// `SYS_MODULE` and `BPF`, which amount to root on the host as `privileged` does (SS401), a
    /// warning for the others. Names are compared case-insensitively, with
    /// or without the `CAP_` prefix.
    ///
    /// ## Why is this bad?
    /// Capabilities split root's power into pieces so that a container can get the one piece
    /// it needs (for example `IPC_LOCK` for `mlockall`) instead of `--privileged`, which grants
    /// everything. These pieces are too big to hand out casually:
    /// - `ALL` is every capability: the same as running privileged, minus the devices.
    /// - `SYS_ADMIN` covers mounting file systems, namespaces and dozens of other operations;
    ///   it is "the new root" and the usual first step of a container escape.
    /// - `NET_ADMIN` reconfigures interfaces, routes and firewall rules, enough to intercept or
    ///   redirect other traffic on a shared network namespace.
    /// - `SYS_PTRACE` attaches to other processes and reads their memory, secrets included.
    /// - `SYS_MODULE` loads kernel modules: arbitrary code in the host kernel.
    /// - `DAC_READ_SEARCH` bypasses read permission checks and allows `open_by_handle_at`, the
    ///   call behind the "shocker" escape from containers to the host file system.
    /// - `SYS_RAWIO` gives raw access to I/O ports and `/dev/mem`.
    /// - `BPF` and `PERFMON` load eBPF programs and read performance events, exposing kernel
    ///   memory and a large kernel attack surface.
    ///
    /// When a service really needs one of them (a VPN client needs `NET_ADMIN`), allow it for
    /// that service or container by name instead of silencing the rule everywhere:
    /// `[capabilities] allowed = { vpn = ["NET_ADMIN"] }` in `.shipshape.toml`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   debugger:
    ///     image: alpine:3.20
    ///     cap_drop: [ALL]
    ///     cap_add: [SYS_ADMIN, SYS_PTRACE]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   debugger:
    ///     image: alpine:3.20
    ///     cap_drop: [ALL]
    ///     cap_add: [CHOWN]
    /// ```
    ///
    /// To keep a capability in one place, put `# shipshape ignore=SS402 -- reason` on the line
    /// before the service key or the container entry, or allow it in the configuration as above.
    ///
    /// ## Fix safety
    /// In a `devcontainer.json`, removing the entry from `capAdd` is offered as an unsafe fix:
    /// a tool in the dev container that needs the capability (a debugger and `SYS_PTRACE`) stops
    /// working. Elsewhere there is no automatic fix.
    ///
    /// ## References
    /// - [capabilities(7)](https://man7.org/linux/man-pages/man7/capabilities.7.html)
    /// - [Docker: runtime privilege and Linux capabilities](https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities)
    /// - [Compose file reference: `cap_add`](https://docs.docker.com/reference/compose-file/services/#cap_add)
    /// - [Kubernetes: set capabilities for a container](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container)
    /// - [Kubernetes Pod Security Standards (baseline: capabilities)](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
    /// - CIS Docker Benchmark v1.2.0, 5.3: Ensure that Linux kernel capabilities are restricted within containers
    /// - Checkov `CKV_K8S_39` (`SYS_ADMIN`), `CKV_K8S_25` (added capabilities)
    pub struct DangerousCapabilityAdded { pub capability: String, pub object: String }
    code = "SS402",
    name = "dangerous-capability-added",
    summary = "A dangerous capability is added",
    severity = Warning,
    kinds = [Compose, Kubernetes, Devcontainer, Quadlet, Shell, Makefile, GithubActions, GitlabCi],
    fix = Sometimes,
    since = "0.1.0",
    sources = [
        crate::rule::Source::Cis("5.3"),
        crate::rule::Source::Checkov("CKV_K8S_39"),
        crate::rule::Source::Checkov("CKV_K8S_25"),
    ],
}

impl Violation for DangerousCapabilityAdded {
    fn text(&self) -> crate::i18n::Message {
        crate::i18n::Message::new("SS402")
            .arg("object", self.object.clone())
            .arg("capability", self.capability.to_string())
    }

    /// Root on the host, as with `privileged` (SS401, an error): `ALL`, `SYS_ADMIN`,
    /// `SYS_MODULE`, `BPF`. The other dangerous capabilities stay warnings.
    fn severity(&self) -> crate::finding::Severity {
        let name = self.capability.trim().to_ascii_uppercase();
        let name = name.strip_prefix("CAP_").unwrap_or(&name);
        if HOST_ROOT_CAPABILITIES.contains(&name) {
            crate::finding::Severity::Error
        } else {
            crate::finding::Severity::Warning
        }
    }

    // The only fix removes the entry (a devcontainer `capAdd` item): unsafe, since a tool in
    // the container may need the capability.
    fn fix_text(&self) -> Option<crate::i18n::Message> {
        Some(crate::i18n::Message::new("fix-remove").arg("setting", self.capability.to_string()))
    }
}

/// The capabilities SS402 reports whatever the configuration says (normalised names).
pub const DANGEROUS_CAPABILITIES: &[&str] = &[
    "ALL",
    "SYS_ADMIN",
    "NET_ADMIN",
    "SYS_PTRACE",
    "SYS_MODULE",
    "DAC_READ_SEARCH",
    "SYS_RAWIO",
    "BPF",
    "PERFMON",
];

/// The capabilities that amount to root on the host: SS402 reports them as errors.
pub const HOST_ROOT_CAPABILITIES: &[&str] = &["ALL", "SYS_ADMIN", "SYS_MODULE", "BPF"];

/// Whether a normalised capability name is dangerous: built in, or configured.
pub fn is_dangerous(capability: &str, config: &Config) -> bool {
    DANGEROUS_CAPABILITIES.contains(&capability)
        || config
            .dangerous_capabilities
            .iter()
            .any(|c| c == capability)
}

/// Report every dangerous capability of one `cap_add` / `capabilities.add` list.
fn report_list(
    checker: &mut Checker,
    list: Option<&Node>,
    allowed_for: &str,
    object: &str,
    anchor: usize,
) {
    let Some(list) = list else {
        return;
    };
    for capability in capabilities(list) {
        if capability.name.is_empty()
            || !is_dangerous(&capability.name, checker.config)
            || checker
                .config
                .capability_allowed(allowed_for, &capability.name)
        {
            continue;
        }
        checker
            .report(
                DangerousCapabilityAdded {
                    capability: capability.name.clone(),
                    object: object.to_string(),
                },
                crate::yaml::edit::scalar_source_range(checker.text, capability.node),
            )
            .object(object)
            .anchor(anchor);
    }
}

// ---- compose ----

pub(crate) fn check_compose(file: &YamlFile, checker: &mut Checker) {
    for service in crate::compose::services(file) {
        report_list(
            checker,
            service.cap_add(),
            service.name,
            &service.object(),
            service.anchor(),
        );
    }
}

// ---- kubernetes ----

pub(crate) fn check_kubernetes(file: &YamlFile, checker: &mut Checker) {
    for container in crate::kubernetes::containers(file) {
        report_list(
            checker,
            container.capabilities_add(),
            container.name.unwrap_or_default(),
            &container.label(),
            container.anchor(),
        );
    }
}

// ---- containers of the other kinds (SPEC 2b) ----

/// `--cap-add`, Quadlet `AddCapability=`, devcontainer `capAdd` (whose entry removal is offered).
pub(crate) fn check_runs(runs: &[crate::runs::ContainerRun], checker: &mut Checker) {
    for run in runs {
        for added in &run.cap_add {
            let name = crate::settings::normalize_capability(&added.text);
            if name.is_empty()
                || !is_dangerous(&name, checker.config)
                || checker.config.capability_allowed(&run.name, &name)
            {
                continue;
            }
            checker
                .report(
                    DangerousCapabilityAdded {
                        capability: name,
                        object: run.object.clone(),
                    },
                    added.range,
                )
                .object(run.object.clone())
                .anchor(run.anchor.start)
                .fix(crate::edit::Applicability::Unsafe, || {
                    added
                        .removal
                        .map(|range| vec![crate::edit::Edit::deletion(range)])
                        .ok_or_else(|| "only devcontainer entries are removed".to_string())
                });
        }
    }
}
