use crate::checker::Checker;
use crate::dockerfile::Dockerfile;
use crate::registry::{declare_rule, Violation};

declare_rule! {
    /// ## What it does
    /// `COPY --from` names a stage that is not defined before it.
    ///
    /// ## Why is this bad?
    /// TODO(owner D)
    ///
    /// ## Example
    /// TODO(owner D)
    ///
    /// ## References
    /// TODO(owner D)
    pub struct CopyFromUnknownStage { pub stage: String, pub own_stage: bool }
    code = "SS203",
    name = "copy-from-unknown-stage",
    summary = "`COPY --from` names a stage that is not defined before it",
    severity = Error,
    kinds = [Dockerfile],
    fix = None,
    since = "0.1.0",
    sources = [],
}

impl Violation for CopyFromUnknownStage {
    fn message(&self) -> String {
        "`COPY --from` names a stage that is not defined before it".to_string()
    }
}

// ---- dockerfile ----

pub(crate) fn check_dockerfile(dockerfile: &Dockerfile, checker: &mut Checker) {
    let _ = (dockerfile, checker);
}
