use crate::registry::{declare_rule, Violation};

declare_rule! {
    /// ## What it does
    /// The file could not be parsed.
    ///
    /// ## Why is this bad?
    /// TODO(owner lead)
    ///
    /// ## Example
    /// TODO(owner lead)
    ///
    /// ## References
    /// TODO(owner lead)
    pub struct ParseError { pub message: String }
    code = "SS000",
    name = "parse-error",
    summary = "The file could not be parsed",
    severity = Error,
    kinds = [Dockerfile, Compose, Kubernetes, Other],
    fix = None,
    since = "0.1.0",
    sources = [],
}

impl Violation for ParseError {
    fn message(&self) -> String {
        self.message.clone()
    }
}
