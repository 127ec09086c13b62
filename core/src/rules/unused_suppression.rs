use crate::rule::{declare_rule, Violation};

declare_rule! {
    /// ## What it does
    /// Reports a suppression (`# shipshape ignore=...`, `ignore-stage=`, `ignore-file=`, or a
    /// `shipshape.dev/ignore` annotation) that suppresses no finding, naming the codes that were
    /// not needed.
    ///
    /// Suppressions of rules turned off in `.shipshape.toml` are not reported, and neither is
    /// anything in a file with a syntax error (SS000): what did not parse may hold the findings
    /// a suppression is there for, and a comment's extent is not certain.
    ///
    /// ## Why is this bad?
    /// Stale suppressions pile up as files change. One that no longer matches anything hides the
    /// next real finding of that rule on that line, without anyone having looked at it.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web: # shipshape ignore=SS503
    ///     image: nginx:1.27
    ///     read_only: true
    ///     cap_drop: [ALL]
    ///     security_opt: ["no-new-privileges:true"]
    ///     pids_limit: 100
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     read_only: true
    ///     cap_drop: [ALL]
    ///     security_opt: ["no-new-privileges:true"]
    ///     pids_limit: 100
    /// ```
    ///
    /// ## Fix safety
    /// The fix removes the unused codes, or the whole comment when none of its codes is used. It
    /// is safe: removing a suppression that suppresses nothing changes no finding. Annotations are
    /// left for you to remove.
    ///
    /// ## References
    /// - [ruff RUF100 unused-noqa](https://docs.astral.sh/ruff/rules/unused-noqa/), the same idea for Python
    pub struct UnusedSuppression { pub codes: String }
    code = "SS002",
    name = "unused-suppression",
    summary = "A suppression comment suppresses nothing",
    severity = Info,
    kinds = [Dockerfile, Compose, Kubernetes, Devcontainer, Quadlet, Shell, Makefile, GithubActions, GitlabCi],
    fix = Sometimes,
    since = "0.1.0",
    sources = [],
}

impl Violation for UnusedSuppression {
    fn text(&self) -> crate::i18n::Message {
        crate::i18n::Message::new("SS002").arg("codes", self.codes.to_string())
    }

    fn fix_text(&self) -> Option<crate::i18n::Message> {
        Some(crate::i18n::Message::new("SS002-fix").arg("codes", self.codes.to_string()))
    }
}
