use crate::checker::Checker;
use crate::registry::{declare_rule, Violation};
use crate::yaml::YamlFile;

declare_rule! {
    /// ## What it does
    /// A capability drop list keeps `NET_RAW`.
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
    pub struct NetRawNotDropped { pub object: String }
    code = "SS302",
    name = "net-raw-not-dropped",
    summary = "A capability drop list keeps `NET_RAW`",
    severity = Warning,
    kinds = [Compose, Kubernetes],
    fix = Sometimes,
    since = "0.1.0",
    sources = [],
}

impl Violation for NetRawNotDropped {
    fn message(&self) -> String {
        "A capability drop list keeps `NET_RAW`".to_string()
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
