use crate::checker::Checker;
use crate::compose::{self, has_capability, Decided, Lookup};
use crate::compose_project::list_judged_elsewhere;
use crate::edit::Applicability;
use crate::env_file::EnvFile;
use crate::kubernetes;
use crate::rule::{declare_rule, Source, Violation};
use crate::rules::read_only_root_filesystem::{container_subject, own_range};
use crate::settings::normalize_capability;
use crate::yaml::edit::NewValue;
use crate::yaml::{Node, YamlFile};

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
    /// A Compose `cap_drop` written with interpolation (`cap_drop: ${CAPS}`, or an item of the
    /// list: `cap_drop: ["${DROP}"]`) is judged by the value the `.env` file beside the compose
    /// file gives the variable (when there is no `.env`, an example of it such as
    /// `.env.example`, and the message says so): `ALL` is not reported, another value is
    /// reported as usual, naming the variable and the file. When no such file sets the
    /// variable, a default of `ALL` (`${DROP:-ALL}`) is not reported, and anything else gets an
    /// `info` hint, at the item, that the setting is decided outside the file.
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
    /// For a Compose service running an official image whose entrypoint needs capabilities
    /// (`postgres`, `mysql`, `mariadb`, `mongo`, `redis`, `nginx`: a `chown` of its directories,
    /// then a switch to the service user), the fix also adds them back with `cap_add`, so the
    /// service still starts; the table of images, with the source of each entry, is on the rule's
    /// docs page.
    ///
    /// The fix adds `ALL` to the drop list: it creates `cap_drop: [ALL]` in Compose, or
    /// `securityContext.capabilities.drop: [ALL]` in Kubernetes (creating `securityContext` and
    /// `capabilities` as needed, in the file's indentation), or appends `ALL` to an existing
    /// list. It is unsafe: a process that needs a default capability (binding a port below 1024
    /// as a non-root user, `chown` at start-up, `ping`) fails until that capability is added back
    /// with `cap_add` / `capabilities.add`. No fix is offered when the list comes from an alias
    /// or a merge key, nor when its value comes from a variable (correct it where it is set).
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
    pub struct CapabilitiesNotDropped { pub object: String, pub field: &'static str, pub has_list: bool, pub interpolated: bool, pub set_by: Option<String>, pub image_needs: Option<(&'static str, Vec<&'static str>)> }
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
    fn severity(&self) -> crate::finding::Severity {
        if self.interpolated {
            crate::finding::Severity::Info
        } else {
            <Self as crate::registry::Rule>::META.severity
        }
    }

    fn text(&self) -> crate::i18n::Message {
        let id = if self.interpolated {
            "SS301-interpolated"
        } else if self.set_by.is_some() {
            "SS301-set-by"
        } else if self.has_list {
            "SS301-partial"
        } else {
            "SS301"
        };
        let text = crate::i18n::Message::new(id)
            .arg("object", self.object.clone())
            .arg("field", self.field.to_string());
        match &self.set_by {
            Some(set_by) if !self.interpolated => text.arg("set_by", set_by.clone()),
            _ => text,
        }
    }

    fn fix_text(&self) -> Option<crate::i18n::Message> {
        if self.field.starts_with('-') || self.field.contains('=') {
            return Some(
                crate::i18n::Message::new("fix-add").arg("setting", self.field.to_string()),
            );
        }
        let id = match (self.has_list, self.image_needs.is_some()) {
            (true, false) => "SS301-fix-add-all",
            (false, false) => "SS301-fix-add-list",
            (true, true) => "SS301-fix-add-all-image",
            (false, true) => "SS301-fix-add-list-image",
        };
        let text = crate::i18n::Message::new(id).arg("field", self.field.to_string());
        Some(match &self.image_needs {
            Some((image, capabilities)) => text
                .arg("image", image.to_string())
                .arg("capabilities", capabilities.join(", ")),
            None => text,
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
    let editor = checker.editor();
    let services = compose::services(file);
    let index = compose::index_services(&services, checker.project);
    for service in &services {
        // In a Compose project, `cap_drop` is the union of every file's list: the file that
        // defines the service judges it, with the lists of the files merged after it.
        let drops_all = |item: &Node| {
            item.as_str()
                .map(crate::settings::normalize_capability)
                .as_deref()
                == Some("ALL")
        };
        if list_judged_elsewhere(checker.project, service.name, "cap_drop", drops_all) {
            continue;
        }
        let local = service.node.entry("cap_drop");
        let list = match service.lookup(&index, "cap_drop") {
            Lookup::Unknown => continue,
            Lookup::Found(list) => Some(list),
            Lookup::Missing => None,
        };
        let mut set_by = None;
        if let Some(list) = list {
            if has_capability(list, "ALL") || list.partial {
                continue;
            }
            // `cap_drop: ${CAPS}` or `cap_drop: ["${DROP}"]`.
            let variables: Vec<&Node> = if list.is_sequence() {
                list.items()
                    .filter(|item| compose::is_interpolated(item))
                    .collect()
            } else {
                Some(list)
                    .filter(|list| compose::is_interpolated(list))
                    .into_iter()
                    .collect()
            };
            if !variables.is_empty() {
                // Reported where it is written (a service extending this one is not told).
                if service.get("cap_drop").is_none() {
                    continue;
                }
                match judge(&variables, checker.variables) {
                    Judged::DropsAll => continue,
                    Judged::SetBy(text) => set_by = Some(text),
                    Judged::Unknown(node) => {
                        checker
                            .report(
                                CapabilitiesNotDropped {
                                    object: format!("Service `{}`", service.name),
                                    field: "cap_drop",
                                    has_list: list.is_sequence(),
                                    interpolated: true,
                                    set_by: None,
                                    image_needs: None,
                                },
                                own_range(node, service.key_range()),
                            )
                            .object(service.object())
                            .anchor(service.anchor());
                        continue;
                    }
                }
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
        let image_needs = image_capabilities(service).filter(|_| set_by.is_none());
        checker
            .report(
                CapabilitiesNotDropped {
                    object: format!("Service `{}`", service.name),
                    field: "cap_drop",
                    has_list: has_list && local.is_some_and(|entry| !entry.merged),
                    interpolated: false,
                    set_by: set_by.clone(),
                    image_needs: image_needs.clone(),
                },
                range,
            )
            .object(service.object())
            .anchor(service.anchor())
            // A value from the variables file is corrected there, or in the file by hand.
            .fix(Applicability::Unsafe, || {
                let mut edits = match local {
                    _ if set_by.is_some() => Err("the value comes from a variable".to_string()),
                    // Explicit keys win over merged ones: override locally with `[ALL]`.
                    Some(entry) if entry.merged => {
                        editor.insert_entry(service.node, "cap_drop", &NewValue::sequence([all()]))
                    }
                    Some(entry) if entry.value.is_sequence() => {
                        editor.append_item(&entry.value, &all())
                    }
                    _ => editor.set_path(service.node, &["cap_drop"], &NewValue::sequence([all()])),
                }?;
                // What the image's entrypoint needs is added back, so that it still starts.
                if let Some((_, capabilities)) = &image_needs {
                    let items: Vec<NewValue> = capabilities
                        .iter()
                        .map(|name| NewValue::scalar(*name))
                        .collect();
                    edits.extend(editor.extend_list(service.node, "cap_add", &items)?);
                }
                // Two insertions at one place keep their order.
                edits.sort_by_key(|edit| edit.range.start);
                Ok(edits)
            });
    }
}

/// The official image the service runs ([`crate::images`]) and the capabilities its entrypoint
/// uses that `cap_add` does not list yet: what SS301's fix adds back after dropping `ALL`.
/// `None` where the table has nothing to add, or where `cap_add` is written in a form the fix
/// does not extend (not a list, a merged key).
fn image_capabilities(service: &compose::Service) -> Option<(&'static str, Vec<&'static str>)> {
    let needs = crate::images::needs(service.get("image")?.as_str()?)?;
    let added = match service.node.entry("cap_add") {
        None => Vec::new(),
        Some(entry) if !entry.merged && entry.value.is_sequence() => service.added_capabilities(),
        Some(_) => return None,
    };
    let missing: Vec<&'static str> = needs
        .capabilities
        .iter()
        .copied()
        .filter(|name| !added.iter().any(|capability| capability.name == *name))
        .collect();
    (!missing.is_empty()).then_some((needs.image, missing))
}

/// What the interpolated items of a `cap_drop` (or the scalar written in its place) come to.
enum Judged<'n> {
    /// One of them is `ALL`, by the variables file or by its default.
    DropsAll,
    /// The variables file gives each of them, none `ALL`: how, for the message.
    SetBy(String),
    /// Nothing seen here decides this one.
    Unknown(&'n Node),
}

fn judge<'n>(items: &[&'n Node], variables: Option<&EnvFile>) -> Judged<'n> {
    let mut unknown = None;
    let mut set_by = None;
    for item in items {
        let text = item.as_str().unwrap_or_default();
        match compose::decide(text, variables) {
            Some(Decided::ByFile {
                name,
                set_to,
                value,
                file,
            }) => {
                if normalize_capability(value) == "ALL" {
                    return Judged::DropsAll;
                }
                // Shown when it reads as a capability name, never a free-form value.
                let shown = !set_to.is_empty()
                    && set_to.len() <= 32
                    && set_to.chars().all(|c| c == '_' || c.is_ascii_alphabetic());
                set_by.get_or_insert_with(|| compose::set_by(name, set_to, file, shown));
            }
            Some(Decided::ByDefault(value)) if normalize_capability(value) == "ALL" => {
                return Judged::DropsAll
            }
            _ => {
                unknown.get_or_insert(*item);
            }
        }
    }
    match (unknown, set_by) {
        (None, Some(set_by)) => Judged::SetBy(set_by),
        (Some(node), _) => Judged::Unknown(node),
        (None, None) => Judged::Unknown(items[0]),
    }
}

// ---- kubernetes ----

pub(crate) fn check_kubernetes(file: &YamlFile, checker: &mut Checker) {
    if !checker.enabled::<CapabilitiesNotDropped>() {
        return;
    }
    let editor = checker.editor();
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
                    interpolated: false,
                    set_by: None,
                    image_needs: None,
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
                    interpolated: false,
                    set_by: None,
                    image_needs: None,
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
