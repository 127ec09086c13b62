use crate::checker::Checker;
use crate::registry::{declare_rule, Violation};
use crate::yaml::YamlFile;

declare_rule! {
    /// ## What it does
    /// Processes may gain more privileges than their parent (no `no-new-privileges`).
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
    pub struct PrivilegeEscalationAllowed { pub object: String }
    code = "SS404",
    name = "privilege-escalation-allowed",
    summary = "Processes may gain more privileges than their parent (no `no-new-privileges`)",
    severity = Warning,
    kinds = [Compose, Kubernetes],
    fix = Sometimes,
    since = "0.1.0",
    sources = [],
}

impl Violation for PrivilegeEscalationAllowed {
    fn message(&self) -> String {
        "Processes may gain more privileges than their parent (no `no-new-privileges`)".to_string()
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
