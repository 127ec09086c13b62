use crate::finding::Severity;
use crate::rule::{declare_rule, Violation};

declare_rule! {
    /// ## What it does
    /// Reports a file that could not be parsed, with the best position known: broken YAML, an
    /// unterminated heredoc, an unknown Dockerfile instruction, invalid UTF-8, a binary file (a
    /// NUL byte in its first 8000 bytes), a file past the size, depth or alias-expansion limits.
    ///
    /// What the other rules do in a file with a syntax error, the same for every rule:
    /// - Every rule runs on what was parsed. In YAML that is everything before the error; in a
    ///   Dockerfile, every instruction but the one that does not parse.
    /// - A finding about something *present* is reported wherever it was read: `privileged:
    ///   true`, an added capability, a secret, an explicit `read_only: false`.
    /// - A finding about something *missing* (no `read_only`, no `cap_drop: [ALL]`, no
    ///   `no-new-privileges`, no PID limit, a drop list without `NET_RAW`) is reported only for a
    ///   service, container or kubelet configuration that was read to its end. One the error cut
    ///   short may hold the setting in the part not parsed, so it is not judged.
    /// - No fix is offered: positions after an error are unreliable, and a fix must not be built
    ///   on a guess.
    /// - Suppression comments still apply; an unused one (SS002) is not reported, because what
    ///   it suppresses may be in the part not parsed.
    ///
    /// A file that is not read at all (binary, not UTF-8, too large) gets this finding and
    /// nothing else.
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
    pub struct ParseError { pub detail: crate::i18n::Message, pub skipped: bool }
    code = "SS000",
    name = "parse-error",
    summary = "The file could not be parsed",
    severity = Error,
    kinds = [Dockerfile, Compose, Kubernetes, Devcontainer, Quadlet, Shell, Makefile, GithubActions, GitlabCi, Other],
    fix = None,
    since = "0.1.0",
    sources = [],
}

impl Violation for ParseError {
    fn text(&self) -> crate::i18n::Message {
        let id = if self.skipped {
            "SS000-skipped"
        } else {
            "SS000"
        };
        crate::i18n::Message::new(id).nested("detail", self.detail.clone())
    }

    fn severity(&self) -> Severity {
        if self.skipped {
            Severity::Info
        } else {
            Severity::Error
        }
    }
}
