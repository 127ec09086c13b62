use crate::checker::Checker;
use crate::compose::{capabilities, Lookup};
use crate::compose_project::list_judged_elsewhere;
use crate::edit::{Applicability, Edit};
use crate::rule::{declare_rule, Violation};
use crate::yaml::edit::{scalar_source_range, NewValue, NOT_PARSED};
use crate::yaml::{Node, YamlFile};

declare_rule! {
    /// ## What it does
    /// Checks that processes in a container cannot gain more privileges than their parent:
    /// a Kubernetes container whose `securityContext.allowPrivilegeEscalation` is not `false`
    /// (missing or `true`), and a Compose service whose `security_opt` lacks
    /// `no-new-privileges:true` (`no-new-privileges` and `no-new-privileges=true` count too).
    ///
    /// Wherever else a container is configured (dev containers, Quadlet units, `docker run` and
    /// `podman run` command lines in scripts, Makefiles and CI steps, CI job and service
    /// containers), the setting is `--security-opt=no-new-privileges` (Quadlet: `NoNewPrivileges=true`), and a missing one is reported
    /// only for long-lived containers: a dev container (not one built from `dockerComposeFile`), a
    /// Quadlet unit, a CI service container, and a `docker run` with `-d`/`--detach` or
    /// `--restart`. A one-off `docker run --rm image cmd` is not told what it lacks, nor is a
    /// command line whose options come from a variable (`$DOCKER_OPTS`).
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
    /// or `SYS_ADMIN` Kubernetes container, where `false` would be rejected, nor in a file that
    /// did not parse completely.
    ///
    /// In a Quadlet unit the fix adds the key as a new line at the end of the `[Container]`
    /// section; on a `docker run` command line it adds the flag right after `run`, only where
    /// every word before the image is literal (so the line reads the same with one more option).
    /// Both are unsafe for the same reason.
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
    kinds = [Compose, Kubernetes, Devcontainer, Quadlet, Shell, Makefile, GithubActions, GitlabCi],
    fix = Sometimes,
    since = "0.1.0",
    sources = [
        crate::rule::Source::Cis("5.25"),
        crate::rule::Source::Checkov("CKV_K8S_20"),
        crate::rule::Source::Kics("5572cc5e-1e4c-4113-92a6-7a8a3bd25e6d"),
        crate::rule::Source::Kics("27fcc7d6-c49b-46e0-98f1-6c082a6a2750"),
    ],
}

impl Violation for PrivilegeEscalationAllowed {
    fn text(&self) -> crate::i18n::Message {
        let text = |id| crate::i18n::Message::new(id).arg("object", self.object.clone());
        match self.reason {
            EscalationReason::NoNewPrivilegesMissing => text("SS404-no-new-privileges"),
            EscalationReason::Missing => text("SS404-missing"),
            EscalationReason::ExplicitTrue => text("SS404-true"),
            EscalationReason::Privileged => text("SS404-privileged"),
            EscalationReason::SysAdmin => text("SS404-sys-admin"),
            EscalationReason::SettingMissing(setting) => {
                text("SS404-setting-missing").arg("setting", setting.to_string())
            }
        }
    }

    fn fix_text(&self) -> Option<crate::i18n::Message> {
        Some(match self.reason {
            EscalationReason::NoNewPrivilegesMissing => {
                crate::i18n::Message::new("SS404-fix-no-new-privileges")
            }
            EscalationReason::SettingMissing(setting) => {
                crate::i18n::Message::new("fix-add").arg("setting", setting.to_string())
            }
            _ => crate::i18n::Message::new("SS404-fix"),
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
    /// The other kinds (SPEC 2b): a long-lived container without this setting.
    SettingMissing(&'static str),
}

/// What a `security_opt` item says about `no-new-privileges`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NoNewPrivileges {
    On,
    Off,
}

/// `no-new-privileges`, `no-new-privileges:true`, `no-new-privileges=true` (and `false`).
fn no_new_privileges(option: &str) -> Option<NoNewPrivileges> {
    let option = option.trim().to_ascii_lowercase();
    let rest = option.strip_prefix("no-new-privileges")?;
    if rest.is_empty() {
        return Some(NoNewPrivileges::On);
    }
    let value = rest.strip_prefix([':', '='])?.trim();
    match crate::yaml::parse_bool(value).or(match value {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    }) {
        Some(true) => Some(NoNewPrivileges::On),
        Some(false) => Some(NoNewPrivileges::Off),
        None => None,
    }
}

const NO_NEW_PRIVILEGES: &str = "no-new-privileges:true";

// ---- compose ----

pub(crate) fn check_compose(file: &YamlFile, checker: &mut Checker) {
    // `docker stack deploy` ignores `security_opt`: a fix there would do nothing (Swarm
    // services cannot set `no-new-privileges`; the daemon's `no-new-privileges` setting can).
    if checker.swarm_stack {
        return;
    }
    let editor = checker.editor();
    // Offsets after a syntax error are unreliable: no fix goes into a file that did not parse.
    let parsed = file.errors.is_empty();
    let services = crate::compose::services(file);
    let by_name = crate::compose::index_services(&services, checker.project);
    for service in &services {
        // In a Compose project, `security_opt` is the union of every file's list: the file
        // that defines the service judges it, with the lists of the files merged after it.
        let enables =
            |item: &Node| item.as_str().and_then(no_new_privileges) == Some(NoNewPrivileges::On);
        if list_judged_elsewhere(checker.project, service.name, "security_opt", enables) {
            continue;
        }
        // `security_opt` may come from a service this one `extends` in this file.
        let options = match service.lookup(&by_name, "security_opt") {
            Lookup::Found(node) => Some(node),
            Lookup::Missing => None,
            Lookup::Unknown => continue,
        };
        let mut disabled: Option<&Node> = None;
        let mut enabled = false;
        for item in options.into_iter().flat_map(Node::items) {
            match item.as_str().and_then(no_new_privileges) {
                Some(NoNewPrivileges::On) => enabled = true,
                Some(NoNewPrivileges::Off) => disabled = disabled.or(Some(item)),
                None => {}
            }
        }
        if enabled && disabled.is_none() {
            continue;
        }
        // A list cut short by a syntax error may enable it in the part not parsed.
        if disabled.is_none() && options.is_some_and(|list| list.partial) {
            continue;
        }
        let range = match (disabled, service.node.entry("security_opt")) {
            (Some(item), _) => scalar_source_range(checker.text, item),
            (None, Some(entry)) if !entry.merged && !entry.key.alias => entry.key.range,
            _ => service.key_range(),
        };
        checker
            .report(
                PrivilegeEscalationAllowed {
                    object: service.object(),
                    reason: EscalationReason::NoNewPrivilegesMissing,
                },
                range,
            )
            .object(service.object())
            .anchor(service.anchor())
            .fix(Applicability::Unsafe, || {
                if !parsed {
                    return Err(NOT_PARSED.into());
                }
                if let Some(item) = disabled {
                    return editor.replace_scalar_text(item, NO_NEW_PRIVILEGES);
                }
                match options {
                    Some(list) if list.is_sequence() => {
                        let flow = list.as_sequence().is_some_and(|s| s.flow);
                        editor.append_item(list, &NewValue::scalar(quoted_if(flow)))
                    }
                    Some(list) if !list.is_null() => Err("`security_opt` is not a list".into()),
                    _ => {
                        let flow = service.node.as_mapping().is_some_and(|m| m.flow);
                        editor.set_path(
                            service.node,
                            &["security_opt"],
                            &NewValue::sequence([NewValue::scalar(quoted_if(flow))]),
                        )
                    }
                }
            });
    }
}

/// `no-new-privileges:true`, quoted inside flow collections where a plain `:` is ambiguous.
fn quoted_if(flow: bool) -> String {
    if flow {
        format!("\"{NO_NEW_PRIVILEGES}\"")
    } else {
        NO_NEW_PRIVILEGES.to_string()
    }
}

// ---- kubernetes ----

pub(crate) fn check_kubernetes(file: &YamlFile, checker: &mut Checker) {
    let editor = checker.editor();
    // Offsets after a syntax error are unreliable: no fix goes into a file that did not parse.
    let parsed = file.errors.is_empty();
    for container in crate::kubernetes::containers(file) {
        // Windows pods cannot set `allowPrivilegeEscalation`.
        if container.is_windows() {
            continue;
        }
        let privileged = container
            .security_field("privileged")
            .filter(|node| node.as_bool_lenient() == Some(true));
        let sys_admin = container.capabilities_add().and_then(|list| {
            capabilities(list)
                .into_iter()
                .find(|c| c.name == "SYS_ADMIN")
                .map(|c| c.node)
        });
        let field = container.security_field("allowPrivilegeEscalation");
        let (reason, range) = if let Some(node) = privileged {
            (
                EscalationReason::Privileged,
                scalar_source_range(checker.text, node),
            )
        } else if let Some(node) = sys_admin {
            (
                EscalationReason::SysAdmin,
                scalar_source_range(checker.text, node),
            )
        } else {
            match field {
                Some(node) if node.as_bool_lenient() == Some(false) => continue,
                Some(node) if !node.is_null() => (
                    EscalationReason::ExplicitTrue,
                    scalar_source_range(checker.text, node),
                ),
                // Cut short by a syntax error: the setting may be in the part not parsed.
                _ if container.cut_short() => continue,
                _ => (EscalationReason::Missing, container.key_range()),
            }
        };
        let fixable = matches!(
            reason,
            EscalationReason::Missing | EscalationReason::ExplicitTrue
        );
        checker
            .report(
                PrivilegeEscalationAllowed {
                    object: container.label(),
                    reason,
                },
                range,
            )
            .object(container.label())
            .anchor(container.anchor())
            .fix(Applicability::Unsafe, || {
                if !parsed {
                    return Err(NOT_PARSED.into());
                }
                if !fixable {
                    return Err("privileged and SYS_ADMIN containers always escalate".into());
                }
                // An explicit scalar: replace just its text, keeping a comment after it.
                let explicit = container
                    .security_context
                    .and_then(|context| context.entry("allowPrivilegeEscalation"))
                    .filter(|entry| {
                        !entry.merged && !entry.value.alias && entry.value.as_scalar().is_some()
                    });
                if let Some(entry) = explicit {
                    if entry.value.as_scalar().is_some_and(|s| s.style.is_block()) {
                        return Err("the value is a block scalar".into());
                    }
                    return Ok(vec![Edit::replacement(
                        "false",
                        scalar_source_range(editor.text(), &entry.value),
                    )]);
                }
                editor.set_path(
                    container.node,
                    &["securityContext", "allowPrivilegeEscalation"],
                    &NewValue::scalar("false"),
                )
            });
    }
}

// ---- containers of the other kinds (SPEC 2b) ----

/// A long-lived container without `no-new-privileges`.
pub(crate) fn check_runs(runs: &[crate::runs::ContainerRun], checker: &mut Checker) {
    for run in runs {
        if !run.judged_for_missing() || run.no_new_privileges_set() {
            continue;
        }
        let range = run
            .no_new_privileges
            .as_ref()
            .map_or(run.anchor, |setting| setting.range);
        checker
            .report(
                PrivilegeEscalationAllowed {
                    object: run.object.clone(),
                    reason: EscalationReason::SettingMissing(run.dialect.no_new_privileges()),
                },
                range,
            )
            .object(run.object.clone())
            .anchor(run.anchor.start)
            .fix(Applicability::Unsafe, || {
                if run.no_new_privileges.is_some() {
                    return Err("the setting is there, turned off".to_string());
                }
                run.insert
                    .map(|insert| {
                        vec![insert.edit("NoNewPrivileges=true", "--security-opt=no-new-privileges")]
                    })
                    .ok_or_else(|| "no certain place for the flag".to_string())
            });
    }
}
