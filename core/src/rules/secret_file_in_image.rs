use crate::checker::Checker;
use crate::dockerfile::Dockerfile;
use crate::registry::{declare_rule, Violation};

declare_rule! {
    /// ## What it does
    /// Key material or a credential file is copied into the image.
    ///
    /// ## Why is this bad?
    /// TODO(owner D)
    ///
    /// ## Example
    /// TODO(owner D)
    ///
    /// ## References
    /// TODO(owner D)
    pub struct SecretFileInImage { pub file: String }
    code = "SS502",
    name = "secret-file-in-image",
    summary = "Key material or a credential file is copied into the image",
    severity = Warning,
    kinds = [Dockerfile],
    fix = None,
    since = "0.1.0",
    sources = [],
}

impl Violation for SecretFileInImage {
    fn message(&self) -> String {
        "Key material or a credential file is copied into the image".to_string()
    }
}

// ---- dockerfile ----

pub(crate) fn check_dockerfile(dockerfile: &Dockerfile, checker: &mut Checker) {
    let _ = (dockerfile, checker);
}
