use crate::checker::Checker;
use crate::registry::{declare_rule, Violation};
use crate::yaml::YamlFile;

declare_rule! {
    /// ## What it does
    /// The container's root filesystem is writable.
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
    pub struct ReadOnlyRootFilesystem { pub object: String, pub explicit_false: bool }
    code = "SS101",
    name = "read-only-root-filesystem",
    summary = "The container's root filesystem is writable",
    severity = Warning,
    kinds = [Compose, Kubernetes],
    fix = Sometimes,
    since = "0.1.0",
    sources = [],
}

impl Violation for ReadOnlyRootFilesystem {
    fn message(&self) -> String {
        "The container's root filesystem is writable".to_string()
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
