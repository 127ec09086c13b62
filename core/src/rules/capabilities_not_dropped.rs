use crate::checker::Checker;
use crate::registry::{declare_rule, Violation};
use crate::yaml::YamlFile;

declare_rule! {
    /// ## What it does
    /// Capabilities are not dropped with `ALL`.
    ///
    /// ## Why is this bad?
    /// TODO(owner Y-A)
    ///
    /// ## Example
    /// TODO(owner Y-A)
    ///
    /// ## Fix safety
    /// TODO(owner Y-A)
    ///
    /// ## References
    /// TODO(owner Y-A)
    pub struct CapabilitiesNotDropped { pub object: String }
    code = "SS301",
    name = "capabilities-not-dropped",
    summary = "Capabilities are not dropped with `ALL`",
    severity = Warning,
    kinds = [Compose, Kubernetes],
    fix = Sometimes,
    since = "0.1.0",
    sources = [],
}

impl Violation for CapabilitiesNotDropped {
    fn message(&self) -> String {
        "Capabilities are not dropped with `ALL`".to_string()
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
