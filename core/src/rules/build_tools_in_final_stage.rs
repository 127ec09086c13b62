use crate::checker::Checker;
use crate::dockerfile::Dockerfile;
use crate::registry::{declare_rule, Violation};

declare_rule! {
    /// ## What it does
    /// The final stage of a multi-stage build still carries build tooling.
    ///
    /// ## Why is this bad?
    /// TODO(owner D)
    ///
    /// ## Example
    /// TODO(owner D)
    ///
    /// ## References
    /// TODO(owner D)
    pub struct BuildToolsInFinalStage { pub reason: String }
    code = "SS202",
    name = "build-tools-in-final-stage",
    summary = "The final stage of a multi-stage build still carries build tooling",
    severity = Warning,
    kinds = [Dockerfile],
    fix = None,
    since = "0.1.0",
    sources = [],
}

impl Violation for BuildToolsInFinalStage {
    fn message(&self) -> String {
        "The final stage of a multi-stage build still carries build tooling".to_string()
    }
}

// ---- dockerfile ----

pub(crate) fn check_dockerfile(dockerfile: &Dockerfile, checker: &mut Checker) {
    let _ = (dockerfile, checker);
}
