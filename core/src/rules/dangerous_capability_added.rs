use crate::checker::Checker;
use crate::registry::{declare_rule, Violation};
use crate::yaml::YamlFile;

declare_rule! {
    /// ## What it does
    /// A dangerous capability is added.
    ///
    /// ## Why is this bad?
    /// TODO(owner Y-B)
    ///
    /// ## Example
    /// TODO(owner Y-B)
    ///
    /// ## References
    /// TODO(owner Y-B)
    pub struct DangerousCapabilityAdded { pub capability: String }
    code = "SS402",
    name = "dangerous-capability-added",
    summary = "A dangerous capability is added",
    severity = Warning,
    kinds = [Compose, Kubernetes],
    fix = None,
    since = "0.1.0",
    sources = [],
}

impl Violation for DangerousCapabilityAdded {
    fn message(&self) -> String {
        "A dangerous capability is added".to_string()
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
