use crate::checker::Checker;
use crate::registry::{declare_rule, Violation};
use crate::yaml::YamlFile;

declare_rule! {
    /// ## What it does
    /// Capabilities are added on top of the default set instead of after dropping `ALL`.
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
    pub struct CapabilityAddedWithoutDrop { pub capabilities: String }
    code = "SS403",
    name = "capability-added-without-drop",
    summary = "Capabilities are added on top of the default set instead of after dropping `ALL`",
    severity = Info,
    kinds = [Compose, Kubernetes],
    fix = Sometimes,
    since = "0.1.0",
    sources = [],
}

impl Violation for CapabilityAddedWithoutDrop {
    fn message(&self) -> String {
        "Capabilities are added on top of the default set instead of after dropping `ALL`"
            .to_string()
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
