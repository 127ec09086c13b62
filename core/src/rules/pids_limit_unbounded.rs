use crate::checker::Checker;
use crate::registry::{declare_rule, Violation};
use crate::yaml::YamlFile;

declare_rule! {
    /// ## What it does
    /// The PID limit is unlimited or contradictory.
    ///
    /// ## Why is this bad?
    /// TODO(owner Y-B)
    ///
    /// ## Example
    /// TODO(owner Y-B)
    ///
    /// ## References
    /// TODO(owner Y-B)
    pub struct PidsLimitUnbounded { pub detail: String }
    code = "SS602",
    name = "pids-limit-unbounded",
    summary = "The PID limit is unlimited or contradictory",
    severity = Warning,
    kinds = [Compose, Kubernetes],
    fix = None,
    since = "0.1.0",
    sources = [],
}

impl Violation for PidsLimitUnbounded {
    fn message(&self) -> String {
        "The PID limit is unlimited or contradictory".to_string()
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
