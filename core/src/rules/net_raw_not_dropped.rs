use crate::checker::Checker;
use crate::compose::{self, has_capability};
use crate::edit::Applicability;
use crate::kubernetes;
use crate::rule::{declare_rule, Source, Violation};
use crate::rules::read_only_root_filesystem::{container_subject, own_range};
use crate::yaml::edit::NewValue;
use crate::yaml::{Entry, Node, YamlFile};

declare_rule! {
    /// ## What it does
    /// Reports a capability drop list (`cap_drop` in Compose, `securityContext.capabilities.drop`
    /// in Kubernetes) that drops neither `ALL` nor `NET_RAW`. Names are compared
    /// case-insensitively, with or without `CAP_`.
    ///
    /// Only an existing list is judged: a service or container with no drop list at all is
    /// reported by `capabilities-not-dropped` (SS301) alone. A service or container that adds
    /// `NET_RAW` (or `ALL`) back on purpose is not reported.
    ///
    /// ## Why is this bad?
    /// `NET_RAW` is in Docker's default capability set. It lets a process open raw and packet
    /// sockets: forge packets, spoof addresses, sniff and inject traffic on the pod or bridge
    /// network (ARP and DNS spoofing against neighbouring containers are classic uses). Very few
    /// applications need it (`ping` is the usual one, and modern kernels allow unprivileged ICMP
    /// sockets). A drop list written by hand that forgets it leaves that door open while looking
    /// hardened.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     cap_drop:
    ///       - SYS_ADMIN
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     cap_drop:
    ///       - SYS_ADMIN
    ///       - NET_RAW
    /// ```
    ///
    /// Better still, drop `ALL` (see SS301) and add back only what the service needs.
    ///
    /// To keep `NET_RAW` for one service or container, put `# shipshape ignore=SS302 -- reason` on
    /// the line before its key (the service name, or the container's `- name:` line), or add
    /// `NET_RAW` to `cap_add` / `capabilities.add` to say so explicitly.
    ///
    /// ## Fix safety
    /// The fix appends `NET_RAW` to the existing drop list, in the list's own style. It is safe:
    /// the list already shows the intent to drop capabilities, and a process that truly needs raw
    /// sockets says so by adding `NET_RAW` back. No fix is offered when the list comes from an
    /// alias or a merge key.
    ///
    /// ## References
    /// - [Docker: runtime privilege and Linux capabilities](https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities)
    /// - [Kubernetes: set capabilities for a container](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container)
    /// - [capabilities(7): `CAP_NET_RAW`](https://man7.org/linux/man-pages/man7/capabilities.7.html)
    /// - Checkov `CKV_K8S_28`: minimise the admission of containers with the `NET_RAW` capability
    /// - KICS (Kubernetes): "NET_RAW Capabilities Not Being Dropped"
    pub struct NetRawNotDropped { pub object: String, pub field: &'static str }
    code = "SS302",
    name = "net-raw-not-dropped",
    summary = "A capability drop list keeps `NET_RAW`",
    severity = Warning,
    kinds = [Compose, Kubernetes, Devcontainer, Quadlet, Shell, Makefile, GithubActions, GitlabCi],
    fix = Sometimes,
    since = "0.1.0",
    sources = [Source::Checkov("CKV_K8S_28")],
}

impl Violation for NetRawNotDropped {
    fn text(&self) -> crate::i18n::Message {
        crate::i18n::Message::new("SS302")
            .arg("object", self.object.clone())
            .arg("field", self.field.to_string())
    }

    fn fix_text(&self) -> Option<crate::i18n::Message> {
        Some(crate::i18n::Message::new("SS302-fix").arg("field", self.field.to_string()))
    }
}

/// The drop list, when it is a list that keeps `NET_RAW` and nothing adds it back.
fn keeps_net_raw<'a>(drop: Option<&'a Entry>, add: Option<&Node>) -> Option<&'a Entry> {
    let entry = drop?;
    let list = &entry.value;
    if !list.is_sequence()
        || list.partial
        || has_capability(list, "ALL")
        || has_capability(list, "NET_RAW")
        || list.items().any(compose::is_interpolated)
    {
        return None;
    }
    if add.is_some_and(|add| has_capability(add, "NET_RAW") || has_capability(add, "ALL")) {
        return None;
    }
    Some(entry)
}

// ---- compose ----

pub(crate) fn check_compose(file: &YamlFile, checker: &mut Checker) {
    if !checker.enabled::<NetRawNotDropped>() {
        return;
    }
    let editor = checker.editor();
    for service in compose::services(file) {
        let Some(entry) = keeps_net_raw(service.node.entry("cap_drop"), service.cap_add()) else {
            continue;
        };
        checker
            .report(
                NetRawNotDropped {
                    object: format!("Service `{}`", service.name),
                    field: "cap_drop",
                },
                own_range(&entry.key, service.key_range()),
            )
            .object(service.object())
            .anchor(service.anchor())
            .fix(Applicability::Safe, || {
                if entry.merged {
                    return Err("`cap_drop` comes from a merge key".to_string());
                }
                editor.append_item(&entry.value, &NewValue::scalar("NET_RAW"))
            });
    }
}

// ---- kubernetes ----

pub(crate) fn check_kubernetes(file: &YamlFile, checker: &mut Checker) {
    if !checker.enabled::<NetRawNotDropped>() {
        return;
    }
    let editor = checker.editor();
    for container in kubernetes::containers(file) {
        if container.is_windows() {
            continue;
        }
        let Some(entry) = keeps_net_raw(
            container.capabilities_drop_entry(),
            container.capabilities_add(),
        ) else {
            continue;
        };
        checker
            .report(
                NetRawNotDropped {
                    object: container_subject(&container),
                    field: "capabilities.drop",
                },
                own_range(&entry.key, container.key_range()),
            )
            .object(container.label())
            .anchor(container.anchor())
            .fix(Applicability::Safe, || {
                if entry.merged {
                    return Err("`drop` comes from a merge key".to_string());
                }
                editor.append_item(&entry.value, &NewValue::scalar("NET_RAW"))
            });
    }
}

// ---- containers of the other kinds (SPEC 2b) ----

/// A drop list (`--cap-drop`, `DropCapability=`) that keeps `NET_RAW`.
pub(crate) fn check_runs(runs: &[crate::runs::ContainerRun], checker: &mut Checker) {
    for run in runs {
        let Some(first) = run.cap_drop.first() else {
            continue;
        };
        let named = |list: &[crate::runs::Setting], wanted: &str| {
            list.iter().any(|c| {
                let name = crate::settings::normalize_capability(&c.text);
                name == wanted || name == "ALL"
            })
        };
        if run.open || named(&run.cap_drop, "NET_RAW") || named(&run.cap_add, "NET_RAW") {
            continue;
        }
        let field = match run.dialect {
            crate::runs::Dialect::Quadlet => "DropCapability=",
            _ => "--cap-drop",
        };
        checker
            .report(
                NetRawNotDropped {
                    object: crate::rules::capitalize(&run.object),
                    field,
                },
                first.range,
            )
            .object(run.object.clone())
            .anchor(run.anchor.start);
    }
}
