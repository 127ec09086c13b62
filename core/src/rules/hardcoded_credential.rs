use crate::checker::Checker;
use crate::rule::{declare_rule, Violation};
use crate::secrets::find_credentials;
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Reports values that match a known credential format in a Dockerfile, Compose file or
    /// Kubernetes manifest: AWS access key ids, GitHub and GitLab tokens, Slack tokens and
    /// webhook URLs, Stripe live keys, Google API keys, npm and SendGrid tokens, PEM private key
    /// blocks, and URLs with an inline password (`postgres://app:s3cret@db/app`).
    ///
    /// Only the file's data is searched: Dockerfile instructions (heredoc bodies included) and
    /// YAML keys and values. Comments are not: a commented-out example
    /// (`# DATABASE_URL: postgres://user:pass@db/app`) is not part of what is deployed. A real
    /// credential in a comment is still in the repository's history; a dedicated secret
    /// scanner over the whole repository (gitleaks, GitHub secret scanning) finds those.
    ///
    /// The finding points at the credential; shipshape never prints the value in full (messages,
    /// JSON, SARIF and annotations show at most a redacted prefix).
    ///
    /// ## Why is this bad?
    /// A credential committed to a container definition is readable by everyone who can read the
    /// repository, the image history (`docker history`), or the object in the cluster
    /// (`kubectl get -o yaml`). It cannot be rotated without a new commit, and it stays in the Git
    /// history after it is removed. A secret store injects credentials at run time, encrypted at
    /// rest and in transit, and rotates them without a rebuild.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   worker:
    ///     image: example/worker:1.4
    ///     environment:
    ///       DATABASE_URL: postgres://worker:s3cr3t-pw@db:5432/jobs
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   worker:
    ///     image: example/worker:1.4
    ///     environment:
    ///       DATABASE_URL_FILE: /run/secrets/database_url
    ///     secrets:
    ///       - database_url
    /// secrets:
    ///   database_url:
    ///     environment: DATABASE_URL
    /// ```
    ///
    /// Revoke the leaked credential first: removing it from the file does not remove it from the
    /// history. Then pass it through a secret: Compose `secrets:`, a Kubernetes `Secret` mounted as
    /// a file, or `RUN --mount=type=secret` during a build.
    ///
    /// To suppress a test fixture's fake key, put `# shipshape ignore=SS503 -- fake key for tests`
    /// on the line before or at the end of the line.
    ///
    /// ## References
    /// - [Docker: build secrets](https://docs.docker.com/build/building/secrets/)
    /// - [Compose: secrets](https://docs.docker.com/compose/how-tos/use-secrets/)
    /// - [Kubernetes: good practices for Secrets](https://kubernetes.io/docs/concepts/security/secrets-good-practices/)
    /// - [GitHub: secret scanning patterns](https://docs.github.com/en/code-security/secret-scanning/introduction/supported-secret-scanning-patterns)
    pub struct HardcodedCredential { pub kind: &'static str }
    code = "SS503",
    name = "hardcoded-credential",
    summary = "A value matches a known credential format",
    severity = Error,
    kinds = [Dockerfile, Compose, Kubernetes, Devcontainer, Quadlet, Shell, Makefile, GithubActions, GitlabCi],
    fix = None,
    since = "0.1.0",
    sources = [],
}

impl Violation for HardcodedCredential {
    fn text(&self) -> crate::i18n::Message {
        crate::i18n::Message::new("SS503").phrase("kind", self.kind)
    }
}

/// Credentials are looked for in the file's data: everything but its comments (`comments`,
/// sorted by start), whatever the file kind. A token in a `RUN curl -H` line or a YAML key is
/// found; a commented-out example (`# DATABASE_URL: postgres://user:pass@db/app`) is not part of
/// the container's definition and is not reported.
pub(crate) fn check_text(checker: &mut Checker, comments: &[TextRange]) {
    for credential in find_credentials(checker.text, 0) {
        let start = credential.range.start;
        let before = comments.partition_point(|comment| comment.start <= start);
        if before > 0 && comments[before - 1].contains(start) {
            continue;
        }
        checker
            .report(
                HardcodedCredential {
                    kind: credential.kind,
                },
                credential.range,
            )
            .redact(credential.secret);
    }
}
