use crate::registry::{declare_rule, Violation};

declare_rule! {
    /// ## What it does
    /// A value matches a known credential format.
    ///
    /// ## Why is this bad?
    /// TODO(owner lead)
    ///
    /// ## Example
    /// TODO(owner lead)
    ///
    /// ## References
    /// TODO(owner lead)
    pub struct HardcodedCredential { pub kind: &'static str }
    code = "SS503",
    name = "hardcoded-credential",
    summary = "A value matches a known credential format",
    severity = Error,
    kinds = [Dockerfile, Compose, Kubernetes],
    fix = None,
    since = "0.1.0",
    sources = [],
}

impl Violation for HardcodedCredential {
    fn message(&self) -> String {
        "A value matches a known credential format".to_string()
    }
}
