use crate::finding::Severity;
use crate::rule::{declare_rule, Violation};

declare_rule! {
    /// ## What it does
    /// Reports a file that could not be parsed, with the best position known: broken YAML, an
    /// unterminated heredoc, an unknown Dockerfile instruction, invalid UTF-8, a file past the size,
    /// depth or alias-expansion limits. What was parsed before the error is still checked.
    ///
    /// Two cases are reported at `info` severity because nothing is wrong with the file itself:
    /// a Helm template (a file with `{{ ... }}` that does not parse as YAML, or that sits in a
    /// chart's `templates/` directory; valid YAML with `{{...}}` in its strings, such as Argo
    /// Workflows parameters, is checked), and a file named on the command line that is neither a
    /// Dockerfile, a Compose file nor a Kubernetes manifest.
    ///
    /// ## Why is this bad?
    /// A file shipshape cannot parse is a file none of its checks have seen. Docker, Compose or
    /// `kubectl` would most likely reject it too.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     ports: [8080:80
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     ports: ["8080:80"]
    /// ```
    ///
    /// For Helm charts, check what the chart renders: `helm template ./chart | shipshape check -`.
    ///
    /// ## References
    /// - [YAML 1.2.2 specification](https://yaml.org/spec/1.2.2/)
    /// - [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)
    pub struct ParseError { pub message: String, pub skipped: bool }
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

    fn severity(&self) -> Severity {
        if self.skipped {
            Severity::Info
        } else {
            Severity::Error
        }
    }
}
