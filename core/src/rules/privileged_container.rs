use crate::checker::Checker;
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
    pub struct PrivilegedContainer { pub object: String }
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
    fn message(&self) -> String {
        if self.object.starts_with("stage ") {
            // The Dockerfile case: `RUN --security=insecure` in that stage.
            return format!(
                "{} runs a build step with `--security=insecure`, outside the build sandbox; drop the flag and grant only what the step needs",
                crate::rules::capitalize(&self.object)
            );
        }
        format!(
            "{} runs privileged; grant only the single capability it needs instead",
            crate::rules::capitalize(&self.object)
        )
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
            if privileged.as_bool_lenient() == Some(true) {
                let object = format!("the build of {}", service.object());
                checker
                    .report(
                        PrivilegedContainer {
                            object: object.clone(),
                        },
                        crate::yaml::edit::scalar_source_range(checker.text, privileged),
                    )
                    .object(service.object())
                    .anchor(service.anchor());
            }
        }
        let Some(privileged) = service.privileged() else {
            continue;
        };
        // Compose reads `"true"` for boolean fields too.
        if privileged.as_bool_lenient() != Some(true) {
            continue;
        }
        checker
            .report(
                PrivilegedContainer {
                    object: service.object(),
                },
                crate::yaml::edit::scalar_source_range(checker.text, privileged),
            )
            .object(service.object())
            .anchor(service.anchor());
    }
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
                    },
                    setting.range,
                )
                .object(run.object.clone())
                .anchor(run.anchor.start);
        }
    }
}
