use crate::checker::Checker;
use crate::compose::{self, BoolJudged, Lookup};
use crate::edit::Applicability;
use crate::kubernetes;
use crate::rule::{declare_rule, Source, Violation};
use crate::text::TextRange;
use crate::yaml::edit::NewValue;
use crate::yaml::{Node, YamlFile};

declare_rule! {
    /// ## What it does
    /// Reports containers whose root filesystem is writable: a Compose service without
    /// `read_only: true`, or a Kubernetes container (in `containers`, `initContainers` or
    /// `ephemeralContainers`) without `securityContext.readOnlyRootFilesystem: true`. Both a
    /// missing setting and an explicit `false` are reported.
    ///
    /// Kubernetes does not inherit `readOnlyRootFilesystem` from the pod's `securityContext`: it
    /// is a container-only field, so every container must set it. Pods with `spec.os.name:
    /// windows` are skipped (the field does not apply there). In Compose, `extends` is followed
    /// within the same file, and a service extending one in another file is not reported when
    /// it sets nothing itself.
    ///
    /// A Compose value written with interpolation (`read_only: ${READ_ONLY}`, `$READ_ONLY`) is
    /// judged by what Compose would substitute: the value the `.env` file beside the compose
    /// file gives the variable (when there is no `.env`, an example of it such as
    /// `.env.example`, and the message says so). A value other than `true` there is reported as
    /// usual, naming the variable and the file; `true` is not reported. When no such file sets
    /// the variable, a default of `true` (`${READ_ONLY:-true}`) is not reported either, and
    /// anything else gets an `info` hint that the setting is decided outside the file. The
    /// shell's environment, which wins over `.env` when Compose runs, is not known; standard
    /// input and the playground have no `.env` beside them. See the README ("Which files are
    /// checked") for the `.env` syntax read.
    ///
    /// Wherever else a container is configured (dev containers, Quadlet units, `docker run` and
    /// `podman run` command lines in scripts, Makefiles and CI steps, CI job and service
    /// containers), the setting is `--read-only` (Quadlet: `ReadOnly=true`), and a missing one is reported
    /// only for long-lived containers: a dev container (not one built from `dockerComposeFile`), a
    /// Quadlet unit, a CI service container, and a `docker run` with `-d`/`--detach` or
    /// `--restart`. A one-off `docker run --rm image cmd` is not told what it lacks, nor is a
    /// command line whose options come from a variable (`$DOCKER_OPTS`).
    ///
    /// ## Why is this bad?
    /// Containers are meant to be immutable: once running, nothing should need to write to the
    /// image's filesystem. A process that does is suspect: an attacker who gets code execution
    /// drops payloads, edits binaries or configuration, or plants persistence there. A read-only
    /// root filesystem turns those writes into errors, and makes the places the application
    /// really writes explicit: volumes, `tmpfs` mounts (Compose) or `emptyDir` volumes
    /// (Kubernetes) for `/tmp`, caches and sockets.
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
    ///     read_only: true
    ///     tmpfs:
    ///       - /var/cache/nginx
    ///       - /var/run
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
    ///         readOnlyRootFilesystem: true
    ///       volumeMounts:
    ///         - name: cache
    ///           mountPath: /var/cache/nginx
    ///   volumes:
    ///     - name: cache
    ///       emptyDir: {}
    /// ```
    ///
    /// To accept a writable root filesystem for one service or container, put
    /// `# shipshape ignore=SS101 -- reason` on the line before its key (the service name, or the
    /// container's `- name:` line); in Kubernetes the annotation `shipshape.dev/ignore: "SS101"`
    /// on the object or its pod template works too.
    ///
    /// ## Fix safety
    /// The fix sets `read_only: true` (Compose) or `securityContext.readOnlyRootFilesystem: true`
    /// (Kubernetes), creating `securityContext` when needed or turning `false` into `true`. It is
    /// unsafe: an application that writes to its root filesystem (`/tmp`, caches, PID files) fails
    /// until those paths get a `tmpfs` or `emptyDir` volume. No fix is offered when the setting
    /// comes from an alias or a merge key (fix the anchored original instead), nor when it comes
    /// from a variable (correct the value where it is set, or write `true` in its place).
    ///
    /// For a Compose service running an official image that writes outside its volumes
    /// (`postgres`, `mysql`, `mariadb`, `mongo`, `nginx`), the fix also mounts a `tmpfs` on each
    /// path the image writes and the service does not mount yet, so the service still starts;
    /// the table of images, with the source of each entry, is on the rule's docs page.
    ///
    /// In a Quadlet unit the fix adds the key as a new line at the end of the `[Container]`
    /// section; on a `docker run` command line it adds the flag right after `run`, only where
    /// every word before the image is literal (so the line reads the same with one more option).
    /// Both are unsafe for the same reason.
    ///
    /// ## References
    /// - [Compose file reference: `read_only`](https://docs.docker.com/reference/compose-file/services/#read_only)
    /// - [Kubernetes: configure a security context](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/)
    /// - CIS Docker Benchmark (v1.2.0) 5.12: ensure that the container's root filesystem is mounted as read only
    /// - Checkov `CKV_K8S_22`: use read-only filesystem for containers where possible
    pub struct ReadOnlyRootFilesystem { pub object: String, pub field: &'static str, pub explicit_false: bool, pub interpolated: bool, pub set_by: Option<String>, pub image_needs: Option<(&'static str, Vec<&'static str>)> }
    code = "SS101",
    name = "read-only-root-filesystem",
    summary = "The container's root filesystem is writable",
    severity = Warning,
    kinds = [Compose, Kubernetes, Devcontainer, Quadlet, Shell, Makefile, GithubActions, GitlabCi],
    fix = Sometimes,
    since = "0.1.0",
    sources = [Source::Cis("5.12"), Source::Checkov("CKV_K8S_22")],
}

impl Violation for ReadOnlyRootFilesystem {
    fn severity(&self) -> crate::finding::Severity {
        if self.interpolated {
            crate::finding::Severity::Info
        } else {
            <Self as crate::registry::Rule>::META.severity
        }
    }

    fn text(&self) -> crate::i18n::Message {
        let text = |id| {
            crate::i18n::Message::new(id)
                .arg("object", self.object.clone())
                .arg("field", self.field.to_string())
        };
        if let Some(set_by) = &self.set_by {
            return text("SS101-set-by").arg("set_by", set_by.clone());
        }
        if self.interpolated {
            return text("SS101-interpolated");
        }
        let written_as_flag = self.field.starts_with('-') || self.field.contains('=');
        text(match (written_as_flag, self.explicit_false) {
            (true, true) => "SS101-flag-off",
            (true, false) => "SS101-flag-missing",
            (false, true) => "SS101-false",
            (false, false) => "SS101",
        })
    }

    fn fix_text(&self) -> Option<crate::i18n::Message> {
        if self.field.starts_with('-') || self.field.contains('=') {
            return Some(
                crate::i18n::Message::new("fix-add").arg("setting", self.field.to_string()),
            );
        }
        if let Some((image, paths)) = &self.image_needs {
            return Some(
                crate::i18n::Message::new("SS101-fix-image")
                    .arg("field", self.field.to_string())
                    .arg("paths", paths.join(", "))
                    .arg("image", image.to_string()),
            );
        }
        Some(crate::i18n::Message::new("SS101-fix").arg("field", self.field.to_string()))
    }
}

// ---- compose ----

pub(crate) fn check_compose(file: &YamlFile, checker: &mut Checker) {
    if !checker.enabled::<ReadOnlyRootFilesystem>() {
        return;
    }
    let editor = checker.editor();
    let services = compose::services(file);
    let index = compose::index_services(&services, checker.project);
    for service in &services {
        // In a Compose project, the file that defines the service reports it, unless a later
        // file sets `read_only` (where a wrong value is reported).
        let set_here = service.node.entry("read_only").is_some();
        if crate::compose_project::judged_elsewhere(
            checker.project,
            service.name,
            &[&["read_only"]],
            set_here,
        ) {
            continue;
        }
        let (range, explicit_false) = match service.lookup(&index, "read_only") {
            Lookup::Unknown => continue,
            // Cut short by a syntax error: the key may be in the part not parsed.
            Lookup::Missing if service.node.partial => continue,
            Lookup::Found(node) if compose::is_interpolated(node) => {
                // Reported where it is written (a service extending this one is not told).
                if service.get("read_only").is_none() {
                    continue;
                }
                let text = node.as_str().unwrap_or_default();
                // `read_only: ${READ_ONLY}`: the value from the `.env` the caller read, else
                // a hint, unless the file's default is `true`.
                let set_by = match compose::judge_bool(text, checker.variables, true) {
                    Some(BoolJudged::Hardened) => continue,
                    Some(BoolJudged::SetBy(set_by)) => Some(set_by),
                    Some(BoolJudged::Undecided) | None => None,
                };
                checker
                    .report(
                        ReadOnlyRootFilesystem {
                            object: format!("Service `{}`", service.name),
                            field: "read_only",
                            explicit_false: set_by.is_some(),
                            interpolated: set_by.is_none(),
                            set_by,
                            image_needs: None,
                        },
                        own_range(node, service.key_range()),
                    )
                    .object(service.object())
                    .anchor(service.anchor());
                continue;
            }
            Lookup::Found(node) if node.as_bool_lenient() == Some(true) => continue,
            Lookup::Found(node) if service.read_only().is_some() => {
                (own_range(node, service.key_range()), true)
            }
            // Set to something other than `true` on a service it extends: report here.
            Lookup::Found(_) | Lookup::Missing => (service.key_range(), false),
        };
        let image_needs = image_tmpfs(service);
        checker
            .report(
                ReadOnlyRootFilesystem {
                    object: format!("Service `{}`", service.name),
                    field: "read_only",
                    explicit_false,
                    interpolated: false,
                    set_by: None,
                    image_needs: image_needs.clone(),
                },
                range,
            )
            .object(service.object())
            .anchor(service.anchor())
            .fix(Applicability::Unsafe, || {
                let yes = NewValue::scalar("true");
                let mut edits = match service.node.entry("read_only") {
                    // Explicit keys win over merged ones: override locally.
                    Some(entry) if entry.merged => {
                        editor.insert_entry(service.node, "read_only", &yes)
                    }
                    _ => editor.set_path(service.node, &["read_only"], &yes),
                }?;
                // What the image writes outside its volumes gets a `tmpfs`, so it still starts.
                if let Some((_, paths)) = &image_needs {
                    let items: Vec<NewValue> =
                        paths.iter().map(|path| NewValue::scalar(*path)).collect();
                    edits.extend(editor.extend_list(service.node, "tmpfs", &items)?);
                }
                // Two insertions at one place keep their order.
                edits.sort_by_key(|edit| edit.range.start);
                Ok(edits)
            });
    }
}

/// The official image the service runs ([`crate::images`]) and the paths it writes that are
/// neither a `tmpfs` nor a volume of the service yet: what SS101's fix mounts as `tmpfs`.
/// `None` where the table has nothing to add, or where `tmpfs` is written in a form the fix does
/// not extend (a single string, a merged key).
fn image_tmpfs(service: &compose::Service) -> Option<(&'static str, Vec<&'static str>)> {
    let needs = crate::images::needs(service.get("image")?.as_str()?)?;
    let listed: Vec<&str> = match service.node.entry("tmpfs") {
        None => Vec::new(),
        Some(entry) if !entry.merged && entry.value.is_sequence() => entry
            .value
            .items()
            .filter_map(|item| item.as_str())
            .map(|item| item.split(':').next().unwrap_or(item).trim())
            .collect(),
        Some(_) => return None,
    };
    let mounted = compose::volume_targets(service);
    let missing: Vec<&'static str> = needs
        .writable
        .iter()
        .copied()
        .filter(|path| !listed.contains(path) && !mounted.contains(path))
        .collect();
    (!missing.is_empty()).then_some((needs.image, missing))
}

// ---- kubernetes ----

pub(crate) fn check_kubernetes(file: &YamlFile, checker: &mut Checker) {
    if !checker.enabled::<ReadOnlyRootFilesystem>() {
        return;
    }
    let editor = checker.editor();
    for container in kubernetes::containers(file) {
        if container.is_windows() {
            continue;
        }
        let (range, explicit_false) = match container.security_field("readOnlyRootFilesystem") {
            Some(node) if node.as_bool() == Some(true) => continue,
            Some(node) => (own_range(node, container.key_range()), true),
            None if container.node.partial
                || container.security_context.is_some_and(|sc| sc.partial) =>
            {
                continue
            }
            None => (container.key_range(), false),
        };
        checker
            .report(
                ReadOnlyRootFilesystem {
                    object: container_subject(&container),
                    field: "readOnlyRootFilesystem",
                    explicit_false,
                    interpolated: false,
                    set_by: None,
                    image_needs: None,
                },
                range,
            )
            .object(container.label())
            .anchor(container.anchor())
            .fix(Applicability::Unsafe, || {
                editor.set_path(
                    container.node,
                    &["securityContext", "readOnlyRootFilesystem"],
                    &NewValue::scalar("true"),
                )
            });
    }
}

/// The node's range when its text is its own (not an alias copy, not an empty value), else
/// `fallback` (the service key or container entry).
pub(crate) fn own_range(node: &Node, fallback: TextRange) -> TextRange {
    if node.alias || node.range.is_empty() {
        fallback
    } else {
        node.range
    }
}

/// `Container `app` of Deployment/api` for messages.
pub(crate) fn container_subject(container: &kubernetes::ContainerRef) -> String {
    let noun = container.list.noun();
    let mut noun = noun.to_string();
    if let Some(first) = noun.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    match container.name {
        Some(name) => format!("{noun} `{name}` of {}", container.object.label()),
        None => format!(
            "A {} of {}",
            container.list.noun(),
            container.object.label()
        ),
    }
}

// ---- containers of the other kinds (SPEC 2b) ----

/// A long-lived container without `--read-only`/`ReadOnly=true` (or with it turned off).
pub(crate) fn check_runs(runs: &[crate::runs::ContainerRun], checker: &mut Checker) {
    for run in runs {
        if !run.judged_for_missing() {
            continue;
        }
        let field = run.dialect.read_only();
        let object = crate::rules::capitalize(&run.object);
        match &run.read_only {
            Some(setting) if crate::runs::truthy(&setting.text) => {}
            Some(setting) => {
                checker
                    .report(
                        ReadOnlyRootFilesystem {
                            object,
                            field,
                            explicit_false: true,
                            interpolated: false,
                            set_by: None,
                            image_needs: None,
                        },
                        setting.range,
                    )
                    .object(run.object.clone())
                    .anchor(run.anchor.start);
            }
            None => {
                checker
                    .report(
                        ReadOnlyRootFilesystem {
                            object,
                            field,
                            explicit_false: false,
                            interpolated: false,
                            set_by: None,
                            image_needs: None,
                        },
                        run.anchor,
                    )
                    .object(run.object.clone())
                    .anchor(run.anchor.start)
                    .fix(Applicability::Unsafe, || {
                        run.insert
                            .map(|insert| vec![insert.edit("ReadOnly=true", "--read-only")])
                            .ok_or_else(|| "no certain place for the flag".to_string())
                    });
            }
        }
    }
}
