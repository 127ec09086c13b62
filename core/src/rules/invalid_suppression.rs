use crate::registry::{declare_rule, Violation};

declare_rule! {
    /// ## What it does
    /// A suppression comment names an unknown rule or is malformed.
    ///
    /// ## Why is this bad?
    /// TODO(owner lead)
    ///
    /// ## Example
    /// TODO(owner lead)
    ///
    /// ## References
    /// TODO(owner lead)
    pub struct InvalidSuppression { pub detail: String }
    code = "SS001",
    name = "invalid-suppression",
    summary = "A suppression comment names an unknown rule or is malformed",
    severity = Info,
    kinds = [Dockerfile, Compose, Kubernetes],
    fix = None,
    since = "0.1.0",
    sources = [],
}

impl Violation for InvalidSuppression {
    fn message(&self) -> String {
        "A suppression comment names an unknown rule or is malformed".to_string()
    }
}
