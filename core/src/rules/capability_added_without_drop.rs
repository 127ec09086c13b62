use crate::checker::Checker;
use crate::compose::capabilities;
use crate::config::Config;
use crate::finding::{Applicability, Edit};
use crate::registry::{declare_rule, Violation};
use crate::text::TextRange;
use crate::yaml::edit::{Editor, NewValue};
use crate::yaml::{Node, YamlFile};

declare_rule! {
    /// ## What it does
    /// Reports a Compose service or Kubernetes container that adds capabilities (`cap_add` /
    /// `capabilities.add`) while its drop list (`cap_drop` / `capabilities.drop`) has no `ALL`.
    /// Capabilities allowed for the service or container in `.shipshape.toml` do not count, and a
    /// list that adds `ALL` is left to `dangerous-capability-added` (SS402).
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
    /// fails to start after the fix. No fix is offered for values behind an alias or a merge key,
    /// or in a file that did not parse completely.
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

/// The added capabilities that need an explicit drop-all: not empty, not allowed by the
/// configuration for `allowed_for`. `None` when the list drops `ALL` or adds nothing that counts.
fn added_without_drop<'a>(
    added: Option<&'a Node>,
    dropped: Option<&'a Node>,
    allowed_for: &str,
    config: &Config,
) -> Option<(Vec<String>, &'a Node)> {
    let added_node = added?;
    if dropped.is_some_and(|list| capabilities(list).iter().any(|c| c.name == "ALL")) {
        return None;
    }
    let mut names: Vec<String> = capabilities(added_node)
        .into_iter()
        .map(|c| c.name)
        .filter(|name| !name.is_empty() && !config.capability_allowed(allowed_for, name))
        .collect();
    names.dedup();
    // Adding `ALL` is SS402's business: dropping `ALL` first would change nothing.
    if names.iter().any(|name| name == "ALL") {
        return None;
    }
    (!names.is_empty()).then_some((names, added_node))
}

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

/// The edit that makes a Compose service drop `ALL`: `ALL` appended to an existing `cap_drop`
/// list, else `cap_drop: [ALL]` added to the service (SS301 and SS403 share it, so that their
/// fixes touch the same place and never both apply).
pub(crate) fn compose_drop_all_edits(
    editor: &Editor,
    service: &crate::compose::Service,
) -> Result<Vec<Edit>, String> {
    match service.cap_drop() {
        Some(list) if list.is_sequence() => editor.append_item(list, &NewValue::scalar("ALL")),
        Some(list) if !list.is_null() => Err("`cap_drop` is not a list".to_string()),
        _ => editor.set_path(service.node, &["cap_drop"], &NewValue::scalar("[ALL]")),
    }
}

/// The edit that makes a Kubernetes container drop `ALL`: `"ALL"` appended to an existing
/// `capabilities.drop` list (in the list's quoting), else `drop: ["ALL"]` set under
/// `securityContext.capabilities`, creating what is missing (shared with SS301).
pub(crate) fn kubernetes_drop_all_edits(
    editor: &Editor,
    container: &crate::kubernetes::ContainerRef,
) -> Result<Vec<Edit>, String> {
    match container.capabilities_drop() {
        Some(list) if list.is_sequence() => {
            let quoted = list
                .items()
                .next()
                .and_then(Node::as_scalar)
                .is_none_or(|scalar| scalar.style.is_quoted());
            let item = if quoted { "\"ALL\"" } else { "ALL" };
            editor.append_item(list, &NewValue::scalar(item))
        }
        Some(list) if !list.is_null() => Err("`capabilities.drop` is not a list".to_string()),
        _ => editor.set_path(
            container.node,
            &["securityContext", "capabilities", "drop"],
            &NewValue::scalar("[\"ALL\"]"),
        ),
    }
}

/// Why a fix is withheld from a file with syntax errors.
const NOT_PARSED: &str = "the file did not parse completely";

// ---- compose ----

pub(crate) fn check_compose(file: &YamlFile, checker: &mut Checker) {
    let editor = Editor::new(checker.text);
    // Offsets after a syntax error are unreliable: no fix goes into a file that did not parse.
    let parsed = file.errors.is_empty();
    for service in crate::compose::services(file) {
        let Some((names, _)) = added_without_drop(
            service.cap_add(),
            service.cap_drop(),
            service.name,
            checker.config,
        ) else {
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
                compose_drop_all_edits(&editor, &service)
            });
    }
}

// ---- kubernetes ----

pub(crate) fn check_kubernetes(file: &YamlFile, checker: &mut Checker) {
    let editor = Editor::new(checker.text);
    // Offsets after a syntax error are unreliable: no fix goes into a file that did not parse.
    let parsed = file.errors.is_empty();
    for container in crate::kubernetes::containers(file) {
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
