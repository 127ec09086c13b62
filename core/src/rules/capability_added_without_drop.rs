use crate::checker::Checker;
use crate::compose::{capabilities, Lookup};
use crate::edit::{Applicability, Edit};
use crate::rule::{declare_rule, Violation};
use crate::settings::Config;
use crate::text::TextRange;
use crate::yaml::edit::{Editor, NewValue, NOT_PARSED};
use crate::yaml::{Node, YamlFile};

declare_rule! {
    /// ## What it does
    /// Reports a Compose service or Kubernetes container that adds capabilities (`cap_add` /
    /// `capabilities.add`) while its drop list (`cap_drop` / `capabilities.drop`) has no `ALL`.
    /// Capabilities allowed for the service or container in `.shipshape.toml` do not count, nor do
    /// those already in the runtime's default set (adding `NET_BIND_SERVICE` or `CHOWN` changes
    /// nothing, and SS301 already reports the missing drop), and a list that adds `ALL` is left
    /// to `dangerous-capability-added` (SS402).
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
    ///   vault:
    ///     image: hashicorp/vault:1.17
    ///     cap_add: [IPC_LOCK]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   vault:
    ///     image: hashicorp/vault:1.17
    ///     cap_drop: [ALL]
    ///     cap_add: [IPC_LOCK]
    /// ```
    ///
    /// To accept the default set on purpose, put `# shipshape ignore=SS403 -- reason` on the
    /// line before the service key or the container entry.
    ///
    /// ## Fix safety
    /// The fix adds `ALL` to the service's `cap_drop` list, or to the container's
    /// `securityContext.capabilities.drop` list, creating the list (and what holds it) when it
    /// is missing; it is the very edit SS301 offers. It is unsafe: the process may rely on a
    /// default capability it never listed,
    /// such as `CHOWN`, `SETUID`/`SETGID` for an entrypoint that switches users, or
    /// `DAC_OVERRIDE`. Add those back to `cap_add` / `capabilities.add` when the container
    /// fails to start after the fix. No fix is offered in a file that did not parse completely.
    ///
    /// In a Quadlet unit the fix adds the key as a new line at the end of the `[Container]`
    /// section; on a `docker run` command line it adds the flag right after `run`, only where
    /// every word before the image is literal (so the line reads the same with one more option).
    /// Both are unsafe for the same reason.
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
    kinds = [Compose, Kubernetes, Devcontainer, Quadlet, Shell, Makefile, GithubActions, GitlabCi],
    fix = Sometimes,
    since = "0.1.0",
    sources = [
        crate::rule::Source::Cis("5.3"),
        crate::rule::Source::Checkov("CKV_K8S_37"),
    ],
}

impl Violation for CapabilityAddedWithoutDrop {
    fn text(&self) -> crate::i18n::Message {
        crate::i18n::Message::new("SS403")
            .arg("object", self.object.clone())
            .arg("capabilities", self.capabilities.clone())
    }

    fn fix_text(&self) -> Option<crate::i18n::Message> {
        Some(crate::i18n::Message::new("SS403-fix"))
    }
}

/// The added capabilities that need an explicit drop-all: not empty, not allowed by the
/// configuration for `allowed_for`. `None` when the list drops `ALL` or adds nothing that counts.
fn added_without_drop<'a>(
    added: Option<&'a Node>,
    dropped: Option<&'a Node>,
    allowed_for: &str,
    config: &Config,
) -> Option<(Vec<String>, &'a Node)> {
    let added_node = added?;
    // A drop list cut short by a syntax error may hold `ALL` in the part not parsed.
    if dropped
        .is_some_and(|list| list.partial || capabilities(list).iter().any(|c| c.name == "ALL"))
    {
        return None;
    }
    let mut names: Vec<String> = capabilities(added_node)
        .into_iter()
        .map(|c| c.name)
        .filter(|name| {
            !name.is_empty()
                && !DEFAULT_CAPABILITIES.contains(&name.as_str())
                && !config.capability_allowed(allowed_for, name)
        })
        .collect();
    names.dedup();
    // Adding `ALL` is SS402's business: dropping `ALL` first would change nothing.
    if names.iter().any(|name| name == "ALL") {
        return None;
    }
    (!names.is_empty()).then_some((names, added_node))
}

/// The capabilities Docker (and containerd, CRI-O) grant by default: adding one of them changes
/// nothing.
pub const DEFAULT_CAPABILITIES: &[&str] = &[
    "CHOWN",
    "DAC_OVERRIDE",
    "FSETID",
    "FOWNER",
    "MKNOD",
    "NET_RAW",
    "SETGID",
    "SETUID",
    "SETFCAP",
    "SETPCAP",
    "NET_BIND_SERVICE",
    "SYS_CHROOT",
    "KILL",
    "AUDIT_WRITE",
];

/// `` `A`, `B` `` for the message, at most five names.
fn list_names(names: &[String]) -> String {
    let mut shown: Vec<String> = names.iter().take(5).map(|n| format!("`{n}`")).collect();
    if names.len() > 5 {
        shown.push(format!("{} more", names.len() - 5));
    }
    shown.join(", ")
}

/// The range of the key `key` in `mapping` (for underlining `cap_add:`), else `fallback`.
fn key_range(mapping: &Node, key: &str, fallback: TextRange) -> TextRange {
    match mapping.entry(key) {
        Some(entry) if !entry.merged && !entry.key.alias => entry.key.range,
        _ => fallback,
    }
}

/// The edit that makes a Compose service drop `ALL`, built exactly as SS301
/// (`capabilities-not-dropped`) builds it: `ALL` appended to the service's own `cap_drop` list,
/// else a `cap_drop` list holding `ALL` added to the service. Identical edits at the same place
/// mean that when both rules fire only one fix applies, and the other finding goes with it.
pub(crate) fn compose_drop_all_edits(
    editor: &Editor,
    service: &crate::compose::Service,
) -> Result<Vec<Edit>, String> {
    let all = || NewValue::scalar("ALL");
    match service.node.entry("cap_drop") {
        // Explicit keys win over merged ones: override locally.
        Some(entry) if entry.merged => {
            editor.insert_entry(service.node, "cap_drop", &NewValue::sequence([all()]))
        }
        Some(entry) if entry.value.is_sequence() => editor.append_item(&entry.value, &all()),
        _ => editor.set_path(service.node, &["cap_drop"], &NewValue::sequence([all()])),
    }
}

/// The edit that makes a Kubernetes container drop `ALL`, built exactly as SS301 builds it:
/// `ALL` appended to `capabilities.drop`, else `drop: [ALL]` set under
/// `securityContext.capabilities`, creating what is missing.
pub(crate) fn kubernetes_drop_all_edits(
    editor: &Editor,
    container: &crate::kubernetes::ContainerRef,
) -> Result<Vec<Edit>, String> {
    let all = || NewValue::scalar("ALL");
    match container.capabilities_drop_entry() {
        Some(entry) if entry.value.is_sequence() => editor.append_item(&entry.value, &all()),
        _ => editor.set_path(
            container.node,
            &["securityContext", "capabilities", "drop"],
            &NewValue::sequence([all()]),
        ),
    }
}

// ---- compose ----

pub(crate) fn check_compose(file: &YamlFile, checker: &mut Checker) {
    let editor = checker.editor();
    // Offsets after a syntax error are unreliable: no fix goes into a file that did not parse.
    let parsed = file.errors.is_empty();
    let services = crate::compose::services(file);
    let by_name = crate::compose::index_services(&services, checker.project);
    for service in &services {
        // Both lists may come from a service this one `extends` (in this file); a chain that
        // leaves this file, or an interpolated drop list, is not judged.
        let (added, dropped) = match (
            service.lookup(&by_name, "cap_add"),
            service.lookup(&by_name, "cap_drop"),
        ) {
            (Lookup::Found(added), Lookup::Found(dropped)) => (added, Some(dropped)),
            (Lookup::Found(added), Lookup::Missing) => (added, None),
            _ => continue,
        };
        if dropped.is_some_and(|list| list.items().any(crate::compose::is_interpolated)) {
            continue;
        }
        let Some((names, _)) =
            added_without_drop(Some(added), dropped, service.name, checker.config)
        else {
            continue;
        };
        checker
            .report(
                CapabilityAddedWithoutDrop {
                    capabilities: list_names(&names),
                    object: service.object(),
                },
                key_range(service.node, "cap_add", service.key_range()),
            )
            .object(service.object())
            .anchor(service.anchor())
            .fix(Applicability::Unsafe, || {
                if !parsed {
                    return Err(NOT_PARSED.into());
                }
                compose_drop_all_edits(&editor, service)
            });
    }
}

// ---- kubernetes ----

pub(crate) fn check_kubernetes(file: &YamlFile, checker: &mut Checker) {
    let editor = checker.editor();
    // Offsets after a syntax error are unreliable: no fix goes into a file that did not parse.
    let parsed = file.errors.is_empty();
    for container in crate::kubernetes::containers(file) {
        // Windows pods have no Linux capabilities.
        if container.is_windows() {
            continue;
        }
        if container.capabilities_drop().is_none() && container.cut_short() {
            continue;
        }
        let Some((names, _)) = added_without_drop(
            container.capabilities_add(),
            container.capabilities_drop(),
            container.name.unwrap_or_default(),
            checker.config,
        ) else {
            continue;
        };
        let range = container
            .security_context
            .and_then(|context| context.get("capabilities"))
            .map_or(container.key_range(), |caps| {
                key_range(caps, "add", container.key_range())
            });
        checker
            .report(
                CapabilityAddedWithoutDrop {
                    capabilities: list_names(&names),
                    object: container.label(),
                },
                range,
            )
            .object(container.label())
            .anchor(container.anchor())
            .fix(Applicability::Unsafe, || {
                if !parsed {
                    return Err(NOT_PARSED.into());
                }
                kubernetes_drop_all_edits(&editor, &container)
            });
    }
}

// ---- containers of the other kinds (SPEC 2b) ----

/// Capabilities added (`--cap-add`, `AddCapability=`, `capAdd`) without dropping `ALL`.
pub(crate) fn check_runs(runs: &[crate::runs::ContainerRun], checker: &mut Checker) {
    for run in runs {
        if run.open || run.drops_all() {
            continue;
        }
        let mut names: Vec<String> = run
            .cap_add
            .iter()
            .map(|c| crate::settings::normalize_capability(&c.text))
            .filter(|name| {
                !name.is_empty()
                    && !DEFAULT_CAPABILITIES.contains(&name.as_str())
                    && !checker.config.capability_allowed(&run.name, name)
            })
            .collect();
        names.dedup();
        if names.is_empty() || names.iter().any(|name| name == "ALL") {
            continue;
        }
        let Some(first) = run.cap_add.first() else {
            continue;
        };
        checker
            .report(
                CapabilityAddedWithoutDrop {
                    capabilities: list_names(&names),
                    object: run.object.clone(),
                },
                first.range,
            )
            .object(run.object.clone())
            .anchor(run.anchor.start)
            .fix(Applicability::Unsafe, || {
                run.insert
                    .map(|insert| vec![insert.edit("DropCapability=ALL", "--cap-drop=ALL")])
                    .ok_or_else(|| "no certain place for the flag".to_string())
            });
    }
}
