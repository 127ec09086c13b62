use crate::compose::{Chain, ServiceIndex};
use crate::compose_project::judged_elsewhere;

use crate::checker::Checker;
use crate::edit::Applicability;
use crate::rule::{declare_rule, Violation};
use crate::yaml::edit::{NewValue, NOT_PARSED};
use crate::yaml::{Node, YamlFile};

declare_rule! {
    /// ## What it does
    /// Reports a Compose service with neither `pids_limit` nor `deploy.resources.limits.pids`,
    /// whatever the file's `version:`, and a Kubernetes `KubeletConfiguration` without
    /// `podPidsLimit`. A service that `extends` another service of the same file inherits that
    /// service's limit; one that extends a service in another file (or a chain deeper than 16)
    /// is not reported, since what it inherits is unknown.
    ///
    /// Kubernetes has no per-pod or per-container PID field: the limit is set on each node by
    /// the kubelet's `podPidsLimit` (or `--pod-max-pids`), so Deployments, Pods and other
    /// workloads are never reported by this rule; only kubelet configuration files are.
    ///
    /// Wherever else a container is configured (dev containers, Quadlet units, `docker run` and
    /// `podman run` command lines in scripts, Makefiles and CI steps, CI job and service
    /// containers), the setting is `--pids-limit` (Quadlet: `PidsLimit=`), and a missing one is reported
    /// only for long-lived containers: a dev container (not one built from `dockerComposeFile`), a
    /// Quadlet unit, a CI service container, and a `docker run` with `-d`/`--detach` or
    /// `--restart`. A one-off `docker run --rm image cmd` is not told what it lacks, nor is a
    /// command line whose options come from a variable (`$DOCKER_OPTS`).
    ///
    /// ## Why is this bad?
    /// Process IDs are a host-wide resource. Without a limit, one container can exhaust them
    /// with a fork bomb, by accident or on purpose, and stop every other container and the host
    /// itself from starting processes. A bounded process count also limits what a reverse shell
    /// or injected code can spawn. A service with a known process count can be limited tightly;
    /// remember that threads count as PIDs too.
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
    ///     pids_limit: 100
    /// ```
    ///
    /// For a kubelet, set `podPidsLimit` in its `KubeletConfiguration`. To accept an unlimited
    /// service, put `# shipshape ignore=SS601 -- reason` on the line before the service key, or
    /// `# shipshape ignore-file=SS601` anywhere in the file.
    ///
    /// ## Fix safety
    /// The fix adds `pids_limit: 100` to the service, or `podPidsLimit: 100` to the kubelet
    /// configuration; the number is `[pids] default-limit` from `.shipshape.toml`. It is unsafe:
    /// a workload that legitimately runs many processes or threads (worker pools, a JVM, a
    /// build) fails to fork once it reaches the limit. Measure the peak and adjust the number.
    /// No fix is offered in a file that did not parse completely.
    ///
    /// In a Quadlet unit the fix adds the key as a new line at the end of the `[Container]`
    /// section; on a `docker run` command line it adds the flag right after `run`, only where
    /// every word before the image is literal (so the line reads the same with one more option).
    /// Both are unsafe for the same reason.
    ///
    /// ## References
    /// - [Compose file reference: `pids_limit`](https://docs.docker.com/reference/compose-file/services/#pids_limit)
    /// - [Compose file reference: `deploy.resources`](https://docs.docker.com/reference/compose-file/deploy/#resources)
    /// - [Docker: `docker run --pids-limit`](https://docs.docker.com/reference/cli/docker/container/run/)
    /// - [Kubernetes: process ID limits and reservations](https://kubernetes.io/docs/concepts/policy/pid-limiting/)
    /// - [Kubelet configuration reference (`podPidsLimit`)](https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/)
    /// - CIS Docker Benchmark v1.2.0, 5.28: Ensure that the PIDs cgroup limit is used
    /// - KICS `221e0658-cb2a-44e3-b08a-db96a341d6fa` (Pids Limit Not Set)
    pub struct PidsLimitMissing { pub object: String, pub setting: &'static str }
    code = "SS601",
    name = "pids-limit-missing",
    summary = "No PID limit is set",
    severity = Warning,
    kinds = [Compose, Kubernetes, Devcontainer, Quadlet, Shell, Makefile, GithubActions, GitlabCi],
    fix = Sometimes,
    since = "0.1.0",
    sources = [
        crate::rule::Source::Cis("5.28"),
        crate::rule::Source::Kics("221e0658-cb2a-44e3-b08a-db96a341d6fa"),
    ],
}

impl Violation for PidsLimitMissing {
    fn text(&self) -> crate::i18n::Message {
        let id = if !self.setting.is_empty() {
            "SS601-setting"
        } else if self.object.starts_with("service ") {
            "SS601-service"
        } else {
            "SS601-kubelet"
        };
        let text = crate::i18n::Message::new(id).arg("object", self.object.clone());
        if self.setting.is_empty() {
            text
        } else {
            text.arg("setting", self.setting.to_string())
        }
    }

    fn fix_text(&self) -> Option<crate::i18n::Message> {
        Some(crate::i18n::Message::new("SS601-fix"))
    }
}

/// Whether a service sets a PID limit, itself or through `extends` (in this file, or in
/// another file the caller read). `None` when the chain reaches a service not at hand (unknown:
/// not reported).
///
/// In a Swarm stack file (`stack`) only `deploy.resources.limits.pids` counts: `docker stack
/// deploy` ignores `pids_limit`.
fn has_pids_limit<'a>(
    service: &crate::compose::Service<'a>,
    by_name: &ServiceIndex<'a>,
    stack: bool,
) -> Option<bool> {
    let set = |node: Option<&Node>| node.is_some_and(|n| !n.is_null());
    match by_name.find_in_chain(service, |current, _| {
        ((!stack && set(current.pids_limit())) || set(current.deploy_pids())).then_some(())
    }) {
        Chain::Found(()) => Some(true),
        Chain::Missing => Some(false),
        Chain::Unknown => None,
    }
}

// ---- compose ----

pub(crate) fn check_compose(file: &YamlFile, checker: &mut Checker) {
    let editor = checker.editor();
    // Offsets after a syntax error are unreliable: no fix goes into a file that did not parse.
    let parsed = file.errors.is_empty();
    let services = crate::compose::services(file);
    let by_name = crate::compose::index_services(&services, checker.project);
    let limit = checker.config.pids_limit_default.to_string();
    // `docker stack deploy` ignores the top-level `pids_limit`: a stack's limit goes under
    // `deploy.resources.limits`.
    let path: &[&str] = if checker.swarm_stack {
        &["deploy", "resources", "limits", "pids"]
    } else {
        &["pids_limit"]
    };
    for service in &services {
        if has_pids_limit(service, &by_name, checker.swarm_stack) != Some(false) {
            continue;
        }
        // In a Compose project, the file that defines the service reports it, unless a later
        // file sets a limit (where a wrong one is reported).
        let paths: [&[&str]; 2] = [&["pids_limit"], &["deploy", "resources", "limits", "pids"]];
        if judged_elsewhere(checker.project, service.name, &paths, false) {
            continue;
        }
        checker
            .report(
                PidsLimitMissing {
                    object: service.object(),
                    setting: "",
                },
                service.key_range(),
            )
            .object(service.object())
            .anchor(service.anchor())
            .fix(Applicability::Unsafe, || {
                if !parsed {
                    return Err(NOT_PARSED.into());
                }
                editor.set_path(service.node, path, &NewValue::scalar(&limit))
            });
    }
}

// ---- kubernetes ----

pub(crate) fn check_kubernetes(file: &YamlFile, checker: &mut Checker) {
    let editor = checker.editor();
    // Offsets after a syntax error are unreliable: no fix goes into a file that did not parse.
    let parsed = file.errors.is_empty();
    let limit = checker.config.pids_limit_default.to_string();
    for kubelet in crate::kubernetes::kubelet_configurations(file) {
        if kubelet.node.partial
            || kubelet
                .node
                .get("podPidsLimit")
                .is_some_and(|node| !node.is_null())
        {
            continue;
        }
        let range = kubelet
            .node
            .entry("kind")
            .map_or(kubelet.node.range, |entry| entry.range());
        checker
            .report(
                PidsLimitMissing {
                    object: kubelet.label(),
                    setting: "",
                },
                range,
            )
            .object(kubelet.label())
            .anchor(range.start)
            .fix(Applicability::Unsafe, || {
                if !parsed {
                    return Err(NOT_PARSED.into());
                }
                editor.set_path(kubelet.node, &["podPidsLimit"], &NewValue::scalar(&limit))
            });
    }
}

// ---- containers of the other kinds (SPEC 2b) ----

/// A long-lived container (dev container, Quadlet unit, CI service, `docker run -d`) without
/// `--pids-limit`/`PidsLimit=`.
pub(crate) fn check_runs(runs: &[crate::runs::ContainerRun], checker: &mut Checker) {
    let limit = checker.config.pids_limit_default.to_string();
    for run in runs {
        if !run.judged_for_missing() || !run.pids_limit.is_empty() {
            continue;
        }
        checker
            .report(
                PidsLimitMissing {
                    object: run.object.clone(),
                    setting: run.dialect.pids_limit(),
                },
                run.anchor,
            )
            .object(run.object.clone())
            .anchor(run.anchor.start)
            .fix(Applicability::Unsafe, || {
                run.insert
                    .map(|insert| {
                        vec![insert.edit(
                            &format!("PidsLimit={limit}"),
                            &format!("--pids-limit={limit}"),
                        )]
                    })
                    .ok_or_else(|| "no certain place for the flag".to_string())
            });
    }
}
