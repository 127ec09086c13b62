use crate::checker::Checker;
use crate::rule::{declare_rule, Violation};
use crate::yaml::{Node, YamlFile};

declare_rule! {
    /// ## What it does
    /// Reports a PID limit that does not limit anything: `-1` or `0` in a Compose service's
    /// `pids_limit` or `deploy.resources.limits.pids`, or in a `KubeletConfiguration`'s
    /// `podPidsLimit`; and a Compose service whose `pids_limit` and
    /// `deploy.resources.limits.pids` disagree.
    ///
    /// ## Why is this bad?
    /// A bounded process count stops fork bombs and limits what a reverse shell or injected
    /// code can spawn. `-1` means unlimited for Docker and for the kubelet, and `0` means
    /// unlimited for the Docker API and for `deploy.resources.limits.pids`, so such a value
    /// looks like a limit in review while removing it. Two different limits on one service are
    /// contradictory: the Compose specification requires them to be consistent, and which one
    /// wins depends on the tool that runs the file.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   worker:
    ///     image: python:3.12-slim
    ///     pids_limit: -1
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   worker:
    ///     image: python:3.12-slim
    ///     pids_limit: 200
    /// ```
    ///
    /// There is no automatic fix: pick a number from the service's real peak. To accept an
    /// unlimited service, put `# shipshape ignore=SS602 -- reason` on the line before the
    /// service key.
    ///
    /// ## References
    /// - [Compose file reference: `pids_limit`](https://docs.docker.com/reference/compose-file/services/#pids_limit)
    /// - [Compose file reference: `deploy.resources`](https://docs.docker.com/reference/compose-file/deploy/#resources)
    /// - [Kubernetes: process ID limits and reservations](https://kubernetes.io/docs/concepts/policy/pid-limiting/)
    /// - CIS Docker Benchmark v1.2.0, 5.28: Ensure that the PIDs cgroup limit is used
    /// - KICS `221e0658-cb2a-44e3-b08a-db96a341d6fa` (Pids Limit Not Set, which also covers `-1`)
    pub struct PidsLimitUnbounded { pub object: String, pub detail: crate::i18n::Message }
    code = "SS602",
    name = "pids-limit-unbounded",
    summary = "The PID limit is unlimited or contradictory",
    severity = Warning,
    kinds = [Compose, Kubernetes, Devcontainer, Quadlet, Shell, Makefile, GithubActions, GitlabCi],
    fix = None,
    since = "0.1.0",
    sources = [
        crate::rule::Source::Cis("5.28"),
        crate::rule::Source::Kics("221e0658-cb2a-44e3-b08a-db96a341d6fa"),
    ],
}

impl Violation for PidsLimitUnbounded {
    fn text(&self) -> crate::i18n::Message {
        crate::i18n::Message::new("SS602")
            .arg("object", self.object.clone())
            .nested("detail", self.detail.clone())
    }
}

/// A PID limit as written: its number (quoted numbers count) and its node.
fn limit(node: Option<&Node>) -> Option<(i64, &Node)> {
    let node = node?;
    Some((node.as_i64_lenient()?, node))
}

// ---- compose ----

pub(crate) fn check_compose(file: &YamlFile, checker: &mut Checker) {
    for service in crate::compose::services(file) {
        let pids_limit = limit(service.pids_limit());
        let deploy_pids = limit(service.deploy_pids());
        let mut report = |detail: crate::i18n::Message, node: &Node| {
            checker
                .report(
                    PidsLimitUnbounded {
                        object: service.object(),
                        detail,
                    },
                    node.range,
                )
                .object(service.object())
                .anchor(service.anchor());
        };
        let mut unbounded = false;
        if let Some((value, node)) = pids_limit.filter(|(value, _)| *value <= 0) {
            unbounded = true;
            report(
                crate::i18n::Message::new("SS602-compose").arg("value", value.to_string()),
                node,
            );
        }
        if let Some((value, node)) = deploy_pids.filter(|(value, _)| *value <= 0) {
            unbounded = true;
            report(
                crate::i18n::Message::new("SS602-deploy").arg("value", value.to_string()),
                node,
            );
        }
        if unbounded {
            continue;
        }
        if let (Some((a, _)), Some((b, node))) = (pids_limit, deploy_pids) {
            if a != b {
                report(
                    crate::i18n::Message::new("SS602-disagree")
                        .arg("a", a.to_string())
                        .arg("b", b.to_string()),
                    node,
                );
            }
        }
    }
}

// ---- kubernetes ----

pub(crate) fn check_kubernetes(file: &YamlFile, checker: &mut Checker) {
    for kubelet in crate::kubernetes::kubelet_configurations(file) {
        let Some((value, node)) =
            limit(kubelet.node.get("podPidsLimit")).filter(|(value, _)| *value <= 0)
        else {
            continue;
        };
        checker
            .report(
                PidsLimitUnbounded {
                    object: kubelet.label(),
                    detail: crate::i18n::Message::new("SS602-kubelet")
                        .arg("value", value.to_string()),
                },
                node.range,
            )
            .object(kubelet.label())
            .anchor(node.range.start);
    }
}

// ---- containers of the other kinds (SPEC 2b) ----

/// `--pids-limit -1`/`0`, Quadlet `PidsLimit=-1`/`0`.
pub(crate) fn check_runs(runs: &[crate::runs::ContainerRun], checker: &mut Checker) {
    for run in runs {
        for limit in &run.pids_limit {
            let Ok(value) = limit.text.trim().parse::<i64>() else {
                continue;
            };
            if value > 0 {
                continue;
            }
            checker
                .report(
                    PidsLimitUnbounded {
                        object: run.object.clone(),
                        detail: crate::i18n::Message::new("SS602-flag")
                            .arg("value", value.to_string()),
                    },
                    limit.range,
                )
                .object(run.object.clone())
                .anchor(run.anchor.start);
        }
    }
}
