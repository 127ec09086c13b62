use crate::checker::Checker;
use crate::registry::{declare_rule, Violation};
use crate::yaml::YamlFile;

declare_rule! {
    /// ## What it does
    /// Reports a Compose service or Kubernetes container that adds capabilities (`cap_add` /
    /// `capabilities.add`) while its drop list (`cap_drop` / `capabilities.drop`) has no `ALL`.
    ///
    /// ## Why is this bad?
    /// Adding a capability is usually a sign that someone thought about which privileges the
    /// process needs. Without dropping `ALL` first, though, the addition lands on top of the
    /// runtime's default set (for Docker: `CHOWN`, `DAC_OVERRIDE`, `FSETID`, `FOWNER`, `MKNOD`,
    /// `NET_RAW`, `SETGID`, `SETUID`, `SETFCAP`, `SETPCAP`, `NET_BIND_SERVICE`, `SYS_CHROOT`,
    /// `KILL`, `AUDIT_WRITE`), so the container ends up with fourteen capabilities it was never
    /// meant to have plus the one it asked for. Least privilege means an explicit allow-list:
    /// drop `ALL`, then add back exactly what is needed.
    ///
    /// This rule is informational and complements `capabilities-not-dropped` (SS301), which
    /// warns about every container that does not drop `ALL`. Both suggest the same edit, built
    /// the same way at the same place, so when both fire only one of the two fixes is applied
    /// and the other finding disappears with it. Disable SS301 if you only want to hear about
    /// containers that add capabilities.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     cap_add: [NET_BIND_SERVICE]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     cap_drop: [ALL]
    ///     cap_add: [NET_BIND_SERVICE]
    /// ```
    ///
    /// To accept the default set on purpose, put `# shipshape ignore=SS403 -- reason` on the
    /// line before the service key or the container entry.
    ///
    /// ## Fix safety
    /// The fix adds `cap_drop: [ALL]` to the service (or `ALL` to an existing `cap_drop` list),
    /// and `drop: ["ALL"]` under the container's `securityContext.capabilities` (creating what
    /// is missing). It is unsafe: the process may rely on a default capability it never listed,
    /// such as `CHOWN`, `SETUID`/`SETGID` for an entrypoint that switches users, or
    /// `DAC_OVERRIDE`. Add those back to `cap_add` / `capabilities.add` when the container
    /// fails to start after the fix.
    ///
    /// ## References
    /// - [capabilities(7)](https://man7.org/linux/man-pages/man7/capabilities.7.html)
    /// - [Docker: runtime privilege and Linux capabilities](https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities)
    /// - [Compose file reference: `cap_drop`](https://docs.docker.com/reference/compose-file/services/#cap_drop)
    /// - [Kubernetes Pod Security Standards (restricted: capabilities)](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
    /// - CIS Docker Benchmark v1.2.0, 5.3: Ensure that Linux kernel capabilities are restricted within containers
    /// - Checkov `CKV_K8S_37` (containers with capabilities assigned)
    pub struct CapabilityAddedWithoutDrop { pub capabilities: String, pub object: String }
    code = "SS403",
    name = "capability-added-without-drop",
    summary = "Capabilities are added on top of the default set instead of after dropping `ALL`",
    severity = Info,
    kinds = [Compose, Kubernetes],
    fix = Sometimes,
    since = "0.1.0",
    sources = [
        crate::registry::Source::Cis("5.3"),
        crate::registry::Source::Checkov("CKV_K8S_37"),
    ],
}

impl Violation for CapabilityAddedWithoutDrop {
    fn message(&self) -> String {
        format!(
            "{} adds {} on top of the default capability set instead of after dropping `ALL`",
            crate::rules::privileged_container::capitalize(&self.object),
            self.capabilities,
        )
    }

    fn fix_title(&self) -> Option<String> {
        Some("Drop `ALL` capabilities first".to_string())
    }
}

// ---- compose ----

pub(crate) fn check_compose(file: &YamlFile, checker: &mut Checker) {
    let _ = (file, checker);
}

// ---- kubernetes ----

pub(crate) fn check_kubernetes(file: &YamlFile, checker: &mut Checker) {
    let _ = (file, checker);
}
