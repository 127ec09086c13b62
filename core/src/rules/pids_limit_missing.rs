use crate::checker::Checker;
use crate::registry::{declare_rule, Violation};
use crate::yaml::YamlFile;

declare_rule! {
    /// ## What it does
    /// No PID limit is set.
    ///
    /// ## Why is this bad?
    /// TODO(owner Y-B)
    ///
    /// ## Example
    /// TODO(owner Y-B)
    ///
    /// ## Fix safety
    /// TODO(owner Y-B)
    ///
    /// ## References
    /// TODO(owner Y-B)
    pub struct PidsLimitMissing { pub object: String }
    code = "SS601",
    name = "pids-limit-missing",
    summary = "No PID limit is set",
    severity = Warning,
    kinds = [Compose, Kubernetes],
    fix = Sometimes,
    since = "0.1.0",
    sources = [],
}

impl Violation for PidsLimitMissing {
    fn message(&self) -> String {
        "No PID limit is set".to_string()
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
