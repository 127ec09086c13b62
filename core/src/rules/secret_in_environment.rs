use crate::checker::Checker;
use crate::dockerfile::Dockerfile;
use crate::registry::{declare_rule, Violation};
use crate::yaml::YamlFile;

declare_rule! {
    /// ## What it does
    /// A secret is passed in an environment variable or build argument.
    ///
    /// ## Why is this bad?
    /// TODO(owner Y-B)
    ///
    /// ## Example
    /// TODO(owner Y-B)
    ///
    /// ## Fix safety
    /// TODO(owner Y-B)
    ///
    /// ## References
    /// TODO(owner Y-B)
    pub struct SecretInEnvironment { pub variable: String, pub case: SecretCase }
    code = "SS501",
    name = "secret-in-environment",
    summary = "A secret is passed in an environment variable or build argument",
    severity = Error,
    kinds = [Dockerfile, Compose, Kubernetes],
    fix = Sometimes,
    since = "0.1.0",
    sources = [],
}

impl Violation for SecretInEnvironment {
    fn message(&self) -> String {
        "A secret is passed in an environment variable or build argument".to_string()
    }
}

// ---- dockerfile ----

pub(crate) fn check_dockerfile(dockerfile: &Dockerfile, checker: &mut Checker) {
    let _ = (dockerfile, checker);
}

// ---- compose ----

pub(crate) fn check_compose(file: &YamlFile, checker: &mut Checker) {
    let _ = (file, checker);
}

// ---- kubernetes ----

pub(crate) fn check_kubernetes(file: &YamlFile, checker: &mut Checker) {
    let _ = (file, checker);
}

/// Which of SS501's three cases a finding is; each has its own default severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretCase {
    /// A literal value: error.
    Literal,
    /// A secret-like `ARG`/`ENV` name without a value: warning.
    NameOnly,
    /// A Kubernetes `secretKeyRef` env var (prefer a mounted file): info.
    SecretKeyRef,
}
