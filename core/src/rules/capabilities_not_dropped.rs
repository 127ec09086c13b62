use crate::checker::Checker;
use crate::compose::{self, has_capability, Lookup};
use crate::edit::Applicability;
use crate::kubernetes;
use crate::rule::{declare_rule, Source, Violation};
use crate::rules::read_only_root_filesystem::container_subject;
use crate::yaml::edit::{Editor, NewValue};
use crate::yaml::YamlFile;

declare_rule! {
    /// ## What it does
    /// Reports a Compose service whose `cap_drop` does not hold `ALL`, and a Kubernetes
    /// container whose `securityContext.capabilities.drop` does not hold `ALL`, whether the list
    /// is missing or lists only some capabilities. Capability names are compared
    /// case-insensitively, with or without the `CAP_` prefix.
    ///
    /// `capabilities` is a container-only field in Kubernetes (the pod's `securityContext` has
    /// none), so every container must drop its own. Windows pods (`spec.os.name: windows`) are
    /// skipped. In Compose, `extends` is followed within the same file.
    ///
    /// Wherever else a container is configured (dev containers, Quadlet units, `docker run` and
    /// `podman run` command lines in scripts, Makefiles and CI steps, CI job and service
    /// containers), the setting is `--cap-drop=ALL` (Quadlet: `DropCapability=ALL`), and a missing one is reported
    /// only for long-lived containers: a dev container (not one built from `dockerComposeFile`), a
    /// Quadlet unit, a CI service container, and a `docker run` with `-d`/`--detach` or
    /// `--restart`. A one-off `docker run --rm image cmd` is not told what it lacks, nor is a
    /// command line whose options come from a variable (`$DOCKER_OPTS`).
    ///
    /// ## Why is this bad?
    /// Least privilege: a container starts with Docker's default capability set (`CHOWN`,
    /// `DAC_OVERRIDE`, `FSETID`, `FOWNER`, `MKNOD`, `NET_RAW`, `SETGID`, `SETUID`, `SETFCAP`,
    /// `SETPCAP`, `NET_BIND_SERVICE`, `SYS_CHROOT`, `KILL`, `AUDIT_WRITE`), and most
    /// applications need none of them. Each one is something an attacker with code execution
    /// gets for free: `NET_RAW` forges packets and spoofs traffic on the node's network,
    /// `DAC_OVERRIDE` bypasses file permissions, `SETUID`/`SETGID` change identity. Dropping
    /// `ALL` and adding back the one capability the service needs makes the grant explicit and
    /// reviewable.
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
    ///     cap_drop:
    ///       - ALL
    ///     cap_add:
    ///       - NET_BIND_SERVICE
    /// ```
    ///
    /// In Kubernetes:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: web
    ///       image: nginx:1.27
    ///       securityContext:
    ///         capabilities:
    ///           drop: ["ALL"]
    ///           add: ["NET_BIND_SERVICE"]
    /// ```
    ///
    /// To accept the default capabilities for one service or container, put
    /// `# shipshape ignore=SS301 -- reason` on the line before its key (the service name, or the
    /// container's `- name:` line); in Kubernetes the annotation `shipshape.dev/ignore: "SS301"`
    /// on the object or its pod template works too.
    ///
    /// ## Fix safety
    /// The fix adds `ALL` to the drop list: it creates `cap_drop: [ALL]` in Compose, or
    /// `securityContext.capabilities.drop: [ALL]` in Kubernetes (creating `securityContext` and
    /// `capabilities` as needed, in the file's indentation), or appends `ALL` to an existing
    /// list. It is unsafe: a process that needs a default capability (binding a port below 1024
    /// as a non-root user, `chown` at start-up, `ping`) fails until that capability is added back
    /// with `cap_add` / `capabilities.add`. No fix is offered when the list comes from an alias
    /// or a merge key.
    ///
    /// In a Quadlet unit the fix adds the key as a new line at the end of the `[Container]`
    /// section; on a `docker run` command line it adds the flag right after `run`, only where
    /// every word before the image is literal (so the line reads the same with one more option).
    /// Both are unsafe for the same reason.
    ///
    /// ## References
    /// - [Docker: runtime privilege and Linux capabilities](https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities)
    /// - [Compose file reference: `cap_drop`](https://docs.docker.com/reference/compose-file/services/#cap_drop)
    /// - [Kubernetes: set capabilities for a container](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container)
    /// - [Kubernetes Pod Security Standards, restricted profile](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
    /// - CIS Docker Benchmark (v1.2.0) 5.3: ensure that Linux kernel capabilities are restricted within containers
    /// - Checkov `CKV_K8S_37`: minimise the admission of containers with capabilities assigned
    pub struct CapabilitiesNotDropped { pub object: String, pub field: &'static str, pub has_list: bool }
    code = "SS301",
    name = "capabilities-not-dropped",
    summary = "Capabilities are not dropped with `ALL`",
    severity = Warning,
    kinds = [Compose, Kubernetes, Devcontainer, Quadlet, Shell, Makefile, GithubActions, GitlabCi],
    fix = Sometimes,
    since = "0.1.0",
    sources = [Source::Cis("5.3"), Source::Checkov("CKV_K8S_37")],
}

impl Violation for CapabilitiesNotDropped {
    fn message(&self) -> String {
        if self.has_list {
            format!(
                "{} drops some capabilities but not `ALL` in `{}`",
                self.object, self.field
            )
        } else {
            format!(
                "{} keeps the default capabilities: `{}` does not drop `ALL`",
                self.object, self.field
            )
        }
    }

    fn fix_title(&self) -> Option<String> {
        if self.field.starts_with('-') || self.field.contains('=') {
            return Some(format!("Add `{}`", self.field));
        }
        Some(if self.has_list {
            format!("Add `ALL` to `{}`", self.field)
        } else {
            format!("Add `{}: [ALL]`", self.field)
        })
    }
}

fn all() -> NewValue {
    NewValue::scalar("ALL")
}

// ---- compose ----

pub(crate) fn check_compose(file: &YamlFile, checker: &mut Checker) {
    if !checker.enabled::<CapabilitiesNotDropped>() {
        return;
    }
    let editor = Editor::new(checker.text);
    let services = compose::services(file);
    let index = compose::index_services(&services);
    for service in &services {
        let local = service.node.entry("cap_drop");
        let list = match service.lookup(&index, "cap_drop") {
            Lookup::Unknown => continue,
            Lookup::Found(list) => Some(list),
            Lookup::Missing => None,
        };
        if let Some(list) = list {
            if has_capability(list, "ALL")
                || list.items().any(compose::is_interpolated)
                || list.partial
            {
                continue;
            }
        } else if service.node.partial {
            // Cut short by a syntax error: `cap_drop` may be in the part not parsed.
            continue;
        }
        let has_list = list.is_some_and(|list| list.is_sequence());
        let range = match local {
            Some(entry) if !entry.merged && !entry.key.alias => entry.key.range,
            _ => service.key_range(),
        };
        checker
            .report(
                CapabilitiesNotDropped {
                    object: format!("Service `{}`", service.name),
                    field: "cap_drop",
                    has_list: has_list && local.is_some_and(|entry| !entry.merged),
                },
                range,
            )
            .object(service.object())
            .anchor(service.anchor())
            .fix(Applicability::Unsafe, || match local {
                // Explicit keys win over merged ones: override locally with `[ALL]`.
                Some(entry) if entry.merged => {
                    editor.insert_entry(service.node, "cap_drop", &NewValue::sequence([all()]))
                }
                Some(entry) if entry.value.is_sequence() => {
                    editor.append_item(&entry.value, &all())
                }
                _ => editor.set_path(service.node, &["cap_drop"], &NewValue::sequence([all()])),
            });
    }
}

// ---- kubernetes ----

pub(crate) fn check_kubernetes(file: &YamlFile, checker: &mut Checker) {
    if !checker.enabled::<CapabilitiesNotDropped>() {
        return;
    }
    let editor = Editor::new(checker.text);
    for container in kubernetes::containers(file) {
        if container.is_windows() {
            continue;
        }
        let entry = container.capabilities_drop_entry();
        if let Some(entry) = entry {
            if has_capability(&entry.value, "ALL") || entry.value.partial {
                continue;
            }
        } else if container.node.partial
            || container.security_context.is_some_and(|sc| sc.partial)
            || container
                .security_context
                .and_then(|sc| sc.get("capabilities"))
                .is_some_and(|caps| caps.partial)
        {
            continue;
        }
        let has_list = entry.is_some_and(|entry| entry.value.is_sequence());
        checker
            .report(
                CapabilitiesNotDropped {
                    object: container_subject(&container),
                    field: "capabilities.drop",
                    has_list,
                },
                match entry {
                    Some(entry) if !entry.merged && !entry.key.alias => entry.key.range,
                    _ => container.key_range(),
                },
            )
            .object(container.label())
            .anchor(container.anchor())
            .fix(Applicability::Unsafe, || match entry {
                Some(entry) if entry.value.is_sequence() => {
                    editor.append_item(&entry.value, &all())
                }
                _ => editor.set_path(
                    container.node,
                    &["securityContext", "capabilities", "drop"],
                    &NewValue::sequence([all()]),
                ),
            });
    }
}

// ---- containers of the other kinds (SPEC 2b) ----

/// A long-lived container that does not drop `ALL` capabilities.
pub(crate) fn check_runs(runs: &[crate::runs::ContainerRun], checker: &mut Checker) {
    for run in runs {
        if !run.judged_for_missing() || run.drops_all() {
            continue;
        }
        let has_list = !run.cap_drop.is_empty();
        let range = run.cap_drop.first().map_or(run.anchor, |first| first.range);
        checker
            .report(
                CapabilitiesNotDropped {
                    object: crate::rules::capitalize(&run.object),
                    field: run.dialect.cap_drop_all(),
                    has_list,
                },
                range,
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
