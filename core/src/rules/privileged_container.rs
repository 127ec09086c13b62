use crate::checker::Checker;
use crate::dockerfile::Dockerfile;
use crate::registry::{declare_rule, Violation};
use crate::yaml::YamlFile;

declare_rule! {
    /// ## What it does
    /// The container runs privileged.
    ///
    /// ## Why is this bad?
    /// TODO(owner Y-B)
    ///
    /// ## Example
    /// TODO(owner Y-B)
    ///
    /// ## References
    /// TODO(owner Y-B)
    pub struct PrivilegedContainer { pub object: String }
    code = "SS401",
    name = "privileged-container",
    summary = "The container runs privileged",
    severity = Error,
    kinds = [Dockerfile, Compose, Kubernetes],
    fix = None,
    since = "0.1.0",
    sources = [],
}

impl Violation for PrivilegedContainer {
    fn message(&self) -> String {
        "The container runs privileged".to_string()
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
    let _ = (file, checker);
}

// ---- kubernetes ----

pub(crate) fn check_kubernetes(file: &YamlFile, checker: &mut Checker) {
    let _ = (file, checker);
}
