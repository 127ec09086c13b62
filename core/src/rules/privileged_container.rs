use crate::checker::Checker;
use crate::compose::BoolJudged;
use crate::dockerfile::Dockerfile;
use crate::rule::{declare_rule, Violation};
use crate::yaml::YamlFile;

declare_rule! {
    /// ## What it does
    /// Checks for containers that run privileged: `privileged: true` on a Compose service (and
    /// `build.privileged: true`, which runs the service's image build privileged),
    /// `securityContext.privileged: true` on a Kubernetes container (regular, init or ephemeral),
    /// and, in a Dockerfile, `RUN --security=insecure`, which runs that build step outside the
    /// BuildKit sandbox (it needs the `security.insecure` entitlement).
    ///
    /// A Compose `privileged` (or `build.privileged`) written with interpolation
    /// (`privileged: ${PRIVILEGED}`) is judged by the value the `.env` file beside the compose
    /// file gives the variable (when there is no `.env`, an example of it such as
    /// `.env.example`, and the message says so): `true` is reported as usual, naming the
    /// variable and the file. When no such file sets the variable, a default of `false`
    /// (`${PRIVILEGED:-false}`) is not reported, and anything else gets an `info` hint that the
    /// setting is decided outside the file.
    ///
    /// ## Why is this bad?
    /// A privileged container gets every Linux capability, every host device, and no
    /// seccomp or AppArmor confinement: the limits of the device cgroup are lifted, so root in
    /// the container is, for practical purposes, root on the host. A compromised process can
    /// mount the host's disks, load kernel modules or reach other containers. Follow least
    /// privilege instead: grant the single capability the workload needs (for example `IPC_LOCK`
    /// for `mlockall`, or `NET_BIND_SERVICE` for a port below 1024) with `cap_add` /
    /// `capabilities.add`, after dropping `ALL`, rather than `--privileged`, which grants
    /// everything. In a Dockerfile, `RUN --security=insecure` gives one build step the same power
    /// over the build host, and everything that step writes ends up in the image.
    ///
    /// There is no automatic fix: only you know which capability, device or mount the workload
    /// really needs.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   vault:
    ///     image: hashicorp/vault:1.17
    ///     privileged: true
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
    /// In Kubernetes, remove `privileged: true` from the container's `securityContext` (or set it
    /// to `false`) and list the capability under `securityContext.capabilities.add`. In a
    /// Dockerfile, drop `--security=insecure` from the `RUN` instruction.
    ///
    /// To keep a privileged container on purpose (a CNI plugin, a node agent), say why on the
    /// line before the service key, the container entry or the `RUN` instruction:
    /// `# shipshape ignore=SS401 -- node agent needs host devices`.
    ///
    /// ## References
    /// - [Docker: runtime privilege and Linux capabilities](https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities)
    /// - [Compose file reference: `privileged`](https://docs.docker.com/reference/compose-file/services/#privileged)
    /// - [Dockerfile reference: `RUN --security`](https://docs.docker.com/reference/dockerfile/#run---security)
    /// - [Kubernetes: configure a security context](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/)
    /// - [Kubernetes Pod Security Standards (baseline: privileged containers)](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
    /// - CIS Docker Benchmark v1.2.0, 5.4: Ensure that privileged containers are not used
    /// - Checkov `CKV_K8S_16`; KICS `dd29336b-fe57-445b-a26e-e6aa867ae609` (Container Is Privileged)
    pub struct PrivilegedContainer { pub object: String, pub field: &'static str, pub interpolated: bool, pub set_by: Option<String> }
    code = "SS401",
    name = "privileged-container",
    summary = "The container runs privileged",
    severity = Error,
    kinds = [Dockerfile, Compose, Kubernetes, Devcontainer, Quadlet, Shell, Makefile, GithubActions, GitlabCi],
    fix = None,
    since = "0.1.0",
    sources = [
        crate::rule::Source::Cis("5.4"),
        crate::rule::Source::Checkov("CKV_K8S_16"),
        crate::rule::Source::Kics("dd29336b-fe57-445b-a26e-e6aa867ae609"),
    ],
}

impl Violation for PrivilegedContainer {
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
        if self.interpolated {
            return text("SS401-interpolated");
        }
        if let Some(set_by) = &self.set_by {
            return text("SS401-set-by").arg("set_by", set_by.clone());
        }
        if self.object.starts_with("stage ") {
            // The Dockerfile case: `RUN --security=insecure` in that stage.
            return crate::i18n::Message::new("SS401-insecure-build")
                .arg("object", self.object.clone());
        }
        crate::i18n::Message::new("SS401").arg("object", self.object.clone())
    }
}

// ---- dockerfile ----

/// `RUN --security=insecure` (also inside `ONBUILD`): the command runs without the build
/// sandbox, with every capability, like `docker run --privileged`.
pub(crate) fn check_dockerfile(dockerfile: &Dockerfile, checker: &mut Checker) {
    for stage in &dockerfile.stages {
        for instruction in dockerfile.stage_instructions(stage) {
            let run = match &instruction.onbuild {
                Some(inner) => inner.as_ref(),
                None => instruction,
            };
            if run.keyword != crate::dockerfile::Keyword::Run {
                continue;
            }
            for flag in &run.flags {
                let insecure = flag.name == "security"
                    && flag
                        .value
                        .as_deref()
                        .is_some_and(|v| v.trim().eq_ignore_ascii_case("insecure"));
                if insecure {
                    checker
                        .report(
                            PrivilegedContainer {
                                object: stage.label(),
                                field: "privileged",
                                interpolated: false,
                                set_by: None,
                            },
                            flag.range,
                        )
                        .object(stage.label())
                        .anchor(instruction.range.start);
                }
            }
        }
    }
}

// ---- compose ----

pub(crate) fn check_compose(file: &YamlFile, checker: &mut Checker) {
    for service in crate::compose::services(file) {
        // `build.privileged: true`: the build's `RUN` steps run privileged.
        if let Some(privileged) = service.build().and_then(|build| build.get("privileged")) {
            let object = format!("the build of {}", service.object());
            check_compose_setting(checker, &service, privileged, object, "build.privileged");
        }
        if let Some(privileged) = service.privileged() {
            check_compose_setting(
                checker,
                &service,
                privileged,
                service.object(),
                "privileged",
            );
        }
    }
}

/// A service's `privileged` or `build.privileged`: `true` is reported (Compose reads `"true"`
/// for boolean fields too). `${VAR}` is judged by the value of the `.env` beside the file when
/// the caller read one; else it gets an `info` hint, unless its default is `false`.
fn check_compose_setting(
    checker: &mut Checker,
    service: &crate::compose::Service,
    node: &crate::yaml::Node,
    object: String,
    field: &'static str,
) {
    let judged = node
        .as_str()
        .and_then(|text| crate::compose::judge_bool(text, checker.variables, false));
    let (interpolated, set_by) = match judged {
        None if node.as_bool_lenient() == Some(true) => (false, None),
        None | Some(BoolJudged::Hardened) => return,
        Some(BoolJudged::SetBy(set_by)) => (false, Some(set_by)),
        Some(BoolJudged::Undecided) => (true, None),
    };
    checker
        .report(
            PrivilegedContainer {
                object,
                field,
                interpolated,
                set_by,
            },
            crate::yaml::edit::scalar_source_range(checker.text, node),
        )
        .object(service.object())
        .anchor(service.anchor());
}

// ---- kubernetes ----

pub(crate) fn check_kubernetes(file: &YamlFile, checker: &mut Checker) {
    for container in crate::kubernetes::containers(file) {
        let Some(privileged) = container.security_field("privileged") else {
            continue;
        };
        if privileged.as_bool_lenient() != Some(true) {
            continue;
        }
        checker
            .report(
                PrivilegedContainer {
                    object: container.label(),
                    field: "privileged",
                    interpolated: false,
                    set_by: None,
                },
                crate::yaml::edit::scalar_source_range(checker.text, privileged),
            )
            .object(container.label())
            .anchor(container.anchor());
    }
}

// ---- containers of the other kinds (SPEC 2b) ----

/// `--privileged`, devcontainer `"privileged": true`.
pub(crate) fn check_runs(runs: &[crate::runs::ContainerRun], checker: &mut Checker) {
    for run in runs {
        for setting in &run.privileged {
            checker
                .report(
                    PrivilegedContainer {
                        object: run.object.clone(),
                        field: "privileged",
                        interpolated: false,
                        set_by: None,
                    },
                    setting.range,
                )
                .object(run.object.clone())
                .anchor(run.anchor.start);
        }
    }
}
