use crate::checker::Checker;
use crate::dockerfile::Dockerfile;
use crate::registry::{declare_rule, Violation};

declare_rule! {
    /// ## What it does
    /// A single-stage build ships its compilers and build tooling.
    ///
    /// ## Why is this bad?
    /// TODO(owner D)
    ///
    /// ## Example
    /// TODO(owner D)
    ///
    /// ## Fix safety
    /// TODO(owner D)
    ///
    /// ## References
    /// TODO(owner D)
    pub struct SingleStageBuild { pub reason: String }
    code = "SS201",
    name = "single-stage-build",
    summary = "A single-stage build ships its compilers and build tooling",
    severity = Warning,
    kinds = [Dockerfile],
    fix = Sometimes,
    since = "0.1.0",
    sources = [],
}

impl Violation for SingleStageBuild {
    fn message(&self) -> String {
        "A single-stage build ships its compilers and build tooling".to_string()
    }
}

// ---- dockerfile ----

pub(crate) fn check_dockerfile(dockerfile: &Dockerfile, checker: &mut Checker) {
    let _ = (dockerfile, checker);
}
