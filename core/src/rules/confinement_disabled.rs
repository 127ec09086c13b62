use crate::checker::Checker;
use crate::edit::{Applicability, Edit};
use crate::rule::{declare_rule, Violation};
use crate::text::TextRange;
use crate::yaml::edit::scalar_source_range;
use crate::yaml::{Node, YamlFile};

declare_rule! {
    /// ## What it does
    /// Checks for containers whose seccomp or AppArmor confinement is turned off:
    /// - Compose: `security_opt` entries `seccomp:unconfined`, `apparmor:unconfined` and
    ///   `systempaths=unconfined` (with `:` or `=`);
    /// - Kubernetes: `seccompProfile.type: Unconfined` and `appArmorProfile.type: Unconfined` in a
    ///   container's or the pod's `securityContext`, and the older annotations
    ///   `container.apparmor.security.beta.kubernetes.io/<container>: unconfined`,
    ///   `seccomp.security.alpha.kubernetes.io/pod: unconfined` and
    ///   `container.seccomp.security.alpha.kubernetes.io/<container>: unconfined`.
    ///
    /// ## Why is this bad?
    /// The runtime's default seccomp profile blocks about fifty system calls a container never
    /// needs and that most kernel exploits and escapes use (`keyctl`, `unshare`, `mount`,
    /// `bpf`, `ptrace` on older kernels...); the default AppArmor profile stops writes to
    /// `/proc` and `/sys` and mounts. `systempaths=unconfined` unmasks `/proc/kcore`,
    /// `/proc/sysrq-trigger` and their like. Turning them off removes a layer that holds even
    /// when the application is compromised, usually to silence one denied call that a custom
    /// profile could allow on its own.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     image: example/app:1.0
    ///     security_opt:
    ///       - no-new-privileges:true
    ///       - seccomp:unconfined
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   app:
    ///     image: example/app:1.0
    ///     security_opt:
    ///       - no-new-privileges:true
    /// ```
    ///
    /// If one system call is denied, write a profile that allows it
    /// (`seccomp:./seccomp-app.json`, `seccompProfile: {type: Localhost, localhostProfile: ...}`)
    /// rather than turning the filter off. To keep the opt-out, say why on the line before:
    /// `# shipshape ignore=SS407 -- strace-based debugging image`.
    ///
    /// ## Fix safety
    /// The fix removes the opt-out: in Compose it deletes the `security_opt` entry (when it is
    /// on its own line of a list that keeps another entry); in Kubernetes it sets the profile
    /// type to `RuntimeDefault` (the annotations to `runtime/default`). It is unsafe: a
    /// workload that really makes a blocked system call fails where it used to run.
    ///
    /// ## References
    /// - [Docker: seccomp security profiles](https://docs.docker.com/engine/security/seccomp/)
    /// - [Docker: AppArmor security profiles](https://docs.docker.com/engine/security/apparmor/)
    /// - [Kubernetes: restrict a container's syscalls with seccomp](https://kubernetes.io/docs/tutorials/security/seccomp/)
    /// - [Kubernetes Pod Security Standards (baseline: AppArmor, seccomp)](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
    /// - CIS Docker Benchmark v1.2.0, 5.1 (AppArmor) and 5.21 (seccomp)
    /// - Checkov `CKV_K8S_31`, `CKV_K8S_32`
    pub struct ConfinementDisabled { pub object: String, pub setting: String, pub replacement: &'static str }
    code = "SS407",
    name = "confinement-disabled",
    summary = "Seccomp or AppArmor confinement is turned off",
    severity = Warning,
    kinds = [Compose, Kubernetes, Devcontainer, Quadlet, Shell, Makefile, GithubActions, GitlabCi],
    fix = Sometimes,
    since = "0.2.0",
    sources = [
        crate::registry::Source::Cis("5.21"),
        crate::registry::Source::Checkov("CKV_K8S_31"),
    ],
}

impl Violation for ConfinementDisabled {
    fn text(&self) -> crate::i18n::Message {
        crate::i18n::Message::new("SS407")
            .arg("object", self.object.clone())
            .arg("setting", self.setting.to_string())
    }

    fn fix_text(&self) -> Option<crate::i18n::Message> {
        Some(if self.replacement.is_empty() {
            crate::i18n::Message::new("fix-remove").arg("setting", self.setting.to_string())
        } else {
            crate::i18n::Message::new("SS407-fix-default-profile")
                .arg("replacement", self.replacement.to_string())
        })
    }
}

/// Whether a Compose/Docker security option turns confinement off.
fn is_opt_out(option: &str) -> bool {
    let option = option.trim().to_ascii_lowercase();
    let Some((name, value)) = option.split_once([':', '=']) else {
        return false;
    };
    matches!(name, "seccomp" | "apparmor" | "systempaths") && value == "unconfined"
}

// ---- compose ----

pub(crate) fn check_compose(file: &YamlFile, checker: &mut Checker) {
    let parsed = file.errors.is_empty();
    for service in crate::compose::services(file) {
        let Some(options) = service.security_opt() else {
            continue;
        };
        for item in options.items() {
            let Some(text) = item.as_str() else {
                continue;
            };
            if !is_opt_out(text) {
                continue;
            }
            let text = text.trim().to_string();
            let source = checker.text;
            checker
                .report(
                    ConfinementDisabled {
                        object: service.object(),
                        setting: text,
                        replacement: "",
                    },
                    scalar_source_range(source, item),
                )
                .object(service.object())
                .anchor(service.anchor())
                .fix(Applicability::Unsafe, || {
                    if !parsed {
                        return Err("the file did not parse completely".to_string());
                    }
                    delete_item_line(source, options, item)
                });
        }
    }
}

/// Delete `item`'s line from a block sequence that keeps at least one other item. The line must
/// hold only `- item` (and maybe a comment).
fn delete_item_line(text: &str, sequence: &Node, item: &Node) -> Result<Vec<Edit>, String> {
    let list = sequence.as_sequence().ok_or("not a list")?;
    if list.flow || list.items.len() < 2 || item.alias || sequence.alias {
        return Err("not a block list with another entry".to_string());
    }
    let index = list
        .items
        .iter()
        .position(|candidate| std::ptr::eq(candidate, item))
        .ok_or("item not in list")?;
    let entry = list.item_ranges.get(index).ok_or("item not in list")?;
    let line_start = text[..entry.start].rfind('\n').map_or(0, |at| at + 1);
    if !text[line_start..entry.start].trim().is_empty() {
        return Err("the entry shares its line".to_string());
    }
    let end = scalar_source_range(text, item).end;
    let line_end = text[end..].find('\n').map_or(text.len(), |at| end + at + 1);
    let rest = text[end..line_end].trim();
    if !(rest.is_empty() || rest.starts_with('#')) {
        return Err("the entry shares its line".to_string());
    }
    Ok(vec![Edit::deletion(TextRange::new(line_start, line_end))])
}

// ---- kubernetes ----

const ANNOTATION_PREFIXES: &[&str] = &[
    "container.apparmor.security.beta.kubernetes.io/",
    "container.seccomp.security.alpha.kubernetes.io/",
    "seccomp.security.alpha.kubernetes.io/pod",
];

pub(crate) fn check_kubernetes(file: &YamlFile, checker: &mut Checker) {
    let editor = checker.editor();
    let parsed = file.errors.is_empty();
    let report =
        |checker: &mut Checker, object: String, setting: String, node: &Node, to: &'static str| {
            checker
                .report(
                    ConfinementDisabled {
                        object: object.clone(),
                        setting,
                        replacement: to,
                    },
                    scalar_source_range(checker.text, node),
                )
                .object(object)
                .fix(Applicability::Unsafe, || {
                    if !parsed {
                        return Err("the file did not parse completely".to_string());
                    }
                    editor.replace_scalar_text(node, to)
                });
        };
    fn unconfined_type<'n>(context: Option<&'n Node>, field: &str) -> Option<&'n Node> {
        context?
            .get_path(&[field, "type"])
            .filter(|node| node.as_str().is_some_and(|t| t.trim() == "Unconfined"))
    }
    let mut seen_annotations = std::collections::HashSet::new();
    for container in crate::kubernetes::containers(file) {
        for field in ["seccompProfile", "appArmorProfile"] {
            if let Some(node) = unconfined_type(container.security_context, field) {
                report(
                    checker,
                    container.label(),
                    format!("{field}.type: Unconfined"),
                    node,
                    "RuntimeDefault",
                );
            }
        }
        for annotations in [container.annotations, container.template_annotations]
            .into_iter()
            .flatten()
        {
            if !seen_annotations.insert(annotations as *const Node) {
                continue;
            }
            for entry in annotations.entries() {
                let Some(key) = entry.key_str() else {
                    continue;
                };
                if !ANNOTATION_PREFIXES.iter().any(|p| key.starts_with(p)) {
                    continue;
                }
                if !entry
                    .value
                    .as_str()
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("unconfined"))
                {
                    continue;
                }
                report(
                    checker,
                    container.object.label(),
                    format!("{key}: unconfined"),
                    &entry.value,
                    "runtime/default",
                );
            }
        }
    }
    // The pod-level `securityContext` (the Argo template's or workflow's for Argo Workflows).
    let mut seen = std::collections::HashSet::new();
    for container in crate::kubernetes::containers(file) {
        let Some(context) = container.pod_security_context else {
            continue;
        };
        if !seen.insert(context as *const Node) {
            continue;
        }
        for field in ["seccompProfile", "appArmorProfile"] {
            if let Some(node) = unconfined_type(Some(context), field) {
                report(
                    checker,
                    container.object.label(),
                    format!("securityContext.{field}.type: Unconfined"),
                    node,
                    "RuntimeDefault",
                );
            }
        }
    }
}

// ---- containers of the other kinds (SPEC 2b) ----

/// `--security-opt seccomp=unconfined` (and `apparmor=`, `systempaths=`), devcontainer
/// `securityOpt`, Quadlet `SeccompProfile=unconfined` and `Unmask=ALL`.
pub(crate) fn check_runs(runs: &[crate::runs::ContainerRun], checker: &mut Checker) {
    for run in runs {
        for option in &run.security_opts {
            if !is_opt_out(&option.text) {
                continue;
            }
            checker
                .report(
                    ConfinementDisabled {
                        object: run.object.clone(),
                        setting: option.text.trim().to_string(),
                        replacement: "",
                    },
                    option.range,
                )
                .object(run.object.clone())
                .anchor(run.anchor.start);
        }
    }
}
