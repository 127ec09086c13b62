use crate::registry::{declare_rule, Violation};

declare_rule! {
    /// ## What it does
    /// A suppression comment suppresses nothing.
    ///
    /// ## Why is this bad?
    /// TODO(owner lead)
    ///
    /// ## Example
    /// TODO(owner lead)
    ///
    /// ## Fix safety
    /// TODO(owner lead)
    ///
    /// ## References
    /// TODO(owner lead)
    pub struct UnusedSuppression { pub codes: String }
    code = "SS002",
    name = "unused-suppression",
    summary = "A suppression comment suppresses nothing",
    severity = Info,
    kinds = [Dockerfile, Compose, Kubernetes],
    fix = Always,
    since = "0.1.0",
    sources = [],
}

impl Violation for UnusedSuppression {
    fn message(&self) -> String {
        "A suppression comment suppresses nothing".to_string()
    }
}
