use crate::checker::Checker;
use crate::dockerfile::Dockerfile;
use crate::finding::Severity;
use crate::registry::{declare_rule, Violation};
use crate::yaml::YamlFile;

declare_rule! {
    /// ## What it does
    /// Finds secrets passed as environment variables or build arguments: a secret-like name
    /// (`PASSWORD`, `PASSWD`, `SECRET`, `TOKEN`, `API_KEY`, `ACCESS_KEY`, `PRIVATE_KEY`,
    /// `CREDENTIALS`, `*_PASS`...) set
    /// - in a Dockerfile `ENV` or `ARG` (in the stage that is shipped, or leaking into it),
    /// - in a Compose service's `environment` or `build.args` (map and list forms),
    /// - in a Kubernetes container's `env[].value`.
    ///
    /// The rule looks at the value. A literal value is an error. Interpolations and references
    /// (`${DB_PASSWORD}`, `${DB_PASSWORD:-}`, `$DB_PASSWORD`, `$(DB_PASSWORD)`) and empty values
    /// are not literals and are not reported; a non-empty default (`${DB_PASSWORD:-hunter2}`) is.
    /// A secret-like `ARG` or `ENV` without a value is a warning (the value arrives with
    /// `--build-arg` and is recorded in the image). A Kubernetes variable read with
    /// `valueFrom.secretKeyRef` is reported as info: prefer a mounted secret file.
    ///
    /// Names that only look secret are exempt: `*_FILE`, `*_PATH`, `*_VERSION`, `PUBLIC_KEY`,
    /// `*_KEY_NAME`, `*_KEY_ALIAS`, `USERNAME`, `GOPRIVATE` and similar. Both lists are
    /// configurable in `.shipshape.toml`: `[secrets] names = ["PIN"]` adds secret-like
    /// fragments and `exempt = ["*_TOKEN_URL"]` adds exemptions.
    ///
    /// ## Why is this bad?
    /// Environment variables and build arguments are visible to anyone who can inspect the
    /// container or the image: `docker inspect`, `docker history`, `kubectl get pod -o yaml`,
    /// `/proc/<pid>/environ`, crash reports and debug endpoints that dump the environment, and
    /// every child process. A value written in the file is also in version control, in every
    /// clone and CI log. A secret store injects secrets at run time instead, encrypted at rest
    /// and in transit, and lets you rotate them without a commit. Even a variable filled from a
    /// Kubernetes Secret stays visible to everything that reads the environment, which is why a
    /// secret mounted as a file is preferred.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:16
    ///     environment:
    ///       POSTGRES_PASSWORD: hunter2
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:16
    ///     environment:
    ///       POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    ///     secrets:
    ///       - db_password
    /// secrets:
    ///   db_password:
    ///     file: ./db_password.txt
    /// ```
    ///
    /// In Kubernetes, mount the Secret as a volume (or, at least, use
    /// `valueFrom.secretKeyRef`). In a Dockerfile, pass build secrets with
    /// `RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci` and
    /// `docker build --secret id=npm_token,env=NPM_TOKEN .`, never with `ARG` or `ENV`.
    ///
    /// To keep a value that is not a secret (a test fixture), put
    /// `# shipshape ignore=SS501 -- test credentials` on the line before the service key, the
    /// container entry or the instruction.
    ///
    /// ## Fix safety
    /// Fixes are offered for literal values only and never copy the value anywhere:
    /// - Compose: the literal is replaced with an interpolation of the same name
    ///   (`POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}`), so the value comes from the shell or the
    ///   `.env` file at deploy time. Move it to a top-level `secrets:` entry where the image
    ///   supports reading it from a file.
    /// - Kubernetes: `value: ...` becomes `valueFrom.secretKeyRef` with the Secret
    ///   `<workload>-secrets` and the key `<variable name in lower case>`, which you create
    ///   (`kubectl create secret generic api-secrets --from-literal=db_password=...`).
    /// - Dockerfile: the secret is read with `RUN --mount=type=secret` instead of `ARG`/`ENV`.
    ///
    /// All are unsafe: the value no longer comes from the file, so a deployment or build that
    /// does not provide it (the variable, the Secret, `--secret`) changes behaviour. No fix is
    /// offered where the name cannot be interpolated or the value spans several lines.
    ///
    /// ## References
    /// - [Docker: build secrets](https://docs.docker.com/build/building/secrets/)
    /// - [Docker build checks: `SecretsUsedInArgOrEnv`](https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/)
    /// - [Compose: secrets](https://docs.docker.com/compose/how-tos/use-secrets/)
    /// - [Compose: interpolation](https://docs.docker.com/reference/compose-file/interpolation/)
    /// - [Kubernetes: Secrets](https://kubernetes.io/docs/concepts/configuration/secret/)
    /// - [Kubernetes: distribute credentials securely using Secrets](https://kubernetes.io/docs/tasks/inject-data-application/distribute-credentials-secure/)
    /// - CIS Docker Benchmark v1.2.0, 4.10: Ensure that secrets are not stored in Dockerfiles
    /// - Checkov `CKV_K8S_35` (prefer secrets as files over environment variables)
    pub struct SecretInEnvironment { pub variable: String, pub case: SecretCase }
    code = "SS501",
    name = "secret-in-environment",
    summary = "A secret is passed in an environment variable or build argument",
    severity = Error,
    kinds = [Dockerfile, Compose, Kubernetes],
    fix = Sometimes,
    since = "0.1.0",
    sources = [
        crate::registry::Source::Cis("4.10"),
        crate::registry::Source::Checkov("CKV_K8S_35"),
    ],
}

impl Violation for SecretInEnvironment {
    fn message(&self) -> String {
        match self.case {
            SecretCase::Literal => format!(
                "Secret-like variable `{}` is set to a literal value; inject it from a secret store at run time",
                self.variable
            ),
            SecretCase::NameOnly => format!(
                "Secret-like variable `{}` is passed as a build argument or environment variable; use a build secret instead",
                self.variable
            ),
            SecretCase::SecretKeyRef => format!(
                "`{}` exposes a Secret as an environment variable; prefer mounting the secret as a file",
                self.variable
            ),
        }
    }

    fn fix_title(&self) -> Option<String> {
        Some(format!(
            "Take the value of `{}` out of the file",
            self.variable
        ))
    }

    fn severity(&self) -> Severity {
        match self.case {
            SecretCase::Literal => Severity::Error,
            SecretCase::NameOnly => Severity::Warning,
            SecretCase::SecretKeyRef => Severity::Info,
        }
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
