use crate::rule::{declare_rule, Violation};

declare_rule! {
    /// ## What it does
    /// Reports a `# shipshape ...` comment or `shipshape.dev/ignore` annotation that names a rule
    /// code or name shipshape does not know, uses an unknown directive, writes a directive without
    /// its `=` (`# shipshape ignore SS101`: the message says what to write), names no codes, or
    /// uses `ignore-stage=` outside a Dockerfile stage.
    ///
    /// ## Why is this bad?
    /// A suppression with a typo suppresses nothing, silently: the finding it was meant for keeps
    /// showing up, or worse, the comment gives reviewers the false impression that a risk was
    /// looked at and accepted.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web: # shipshape ignore=SS1O1 -- the letter O instead of a zero
    ///     image: nginx:1.27
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web: # shipshape ignore=SS101 -- nginx writes its cache to the root fs
    ///     image: nginx:1.27
    /// ```
    ///
    /// Codes of rules that come from loaded plugins are known too. This rule can itself be
    /// turned off with `[rules] SS001 = "off"` in `.shipshape.toml`.
    ///
    /// ## References
    /// - [shipshape: suppressing findings](../suppression.md)
    pub struct InvalidSuppression { pub detail: String }
    code = "SS001",
    name = "invalid-suppression",
    summary = "A suppression comment names an unknown rule or is malformed",
    severity = Info,
    kinds = [Dockerfile, Compose, Kubernetes, Devcontainer, Quadlet, Shell, Makefile, GithubActions, GitlabCi],
    fix = None,
    since = "0.1.0",
    sources = [],
}

impl Violation for InvalidSuppression {
    fn text(&self) -> crate::i18n::Message {
        crate::i18n::Message::new("SS001").arg("detail", self.detail.to_string())
    }
}
