use crate::checker::Checker;
use crate::dockerfile::Dockerfile;
use crate::finding::Severity;
use crate::rule::{declare_rule, Violation};
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
    /// A path to a mounted secret (`/run/secrets/db_password`) is not reported either.
    /// A secret-like `ARG` or `ENV` without a value is a warning (the value arrives with
    /// `--build-arg` and is recorded in the image). A Kubernetes variable read with
    /// `valueFrom.secretKeyRef` is not reported by default: it is what the fix below writes.
    /// Teams that mount secrets as files only set `[secrets] prefer-files = true`, and such a
    /// variable is then reported as info (Checkov `CKV_K8S_35`).
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
    /// offered where the name cannot be interpolated, the value spans several lines or comes
    /// from an alias, or the file did not parse completely.
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
    kinds = [Dockerfile, Compose, Kubernetes, Devcontainer, Quadlet, Shell, Makefile, GithubActions, GitlabCi],
    fix = Sometimes,
    since = "0.1.0",
    sources = [
        crate::rule::Source::Cis("4.10"),
        crate::rule::Source::Checkov("CKV_K8S_35"),
    ],
}

impl Violation for SecretInEnvironment {
    fn text(&self) -> crate::i18n::Message {
        let id = match self.case {
            SecretCase::Literal => "SS501-literal",
            SecretCase::NameOnly => "SS501-name-only",
            SecretCase::SecretKeyRef => "SS501-secret-key-ref",
        };
        crate::i18n::Message::new(id).arg("variable", self.variable.to_string())
    }

    fn fix_text(&self) -> Option<crate::i18n::Message> {
        Some(crate::i18n::Message::new("SS501-fix").arg("variable", self.variable.to_string()))
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

/// `ENV` and `ARG` with a secret-like name.
///
/// - A literal value (`ENV DB_PASSWORD=hunter2`, `ARG TOKEN=abc`) is reported in every stage and
///   before the first `FROM`: the value is committed with the Dockerfile and baked into that
///   stage's layers and build cache whether or not the stage ships.
/// - A name without a literal value (`ARG TOKEN`, `ENV X=`, `ENV TOKEN=${TOKEN}`) is reported
///   only in the stages that ship (the final stage and the stages it is built on): there the
///   value given at build time lands in the image's history or environment; in a builder stage it
///   stays in the builder.
///
/// The finding's range covers the name (and the value for a literal); a literal's value is the
/// redacted range.
pub(crate) fn check_dockerfile(dockerfile: &Dockerfile, checker: &mut Checker) {
    use crate::dockerfile::Keyword;
    let shipped: Vec<usize> = dockerfile
        .final_stage()
        .map(|last| {
            dockerfile
                .stage_chain(last)
                .iter()
                .map(|s| s.index)
                .collect()
        })
        .unwrap_or_default();
    for (index, instruction) in dockerfile.instructions.iter().enumerate() {
        if !matches!(instruction.keyword, Keyword::Env | Keyword::Arg) {
            continue;
        }
        let stage = dockerfile.stage_of(index);
        let ships = stage.is_some_and(|s| shipped.contains(&s.index));
        for kv in instruction.key_values() {
            if !crate::secrets::is_secret_name(&kv.key, checker.config) {
                continue;
            }
            let value = kv.value.as_deref().map(str::trim);
            let literal = value.is_some_and(crate::secrets::is_literal_value);
            // Switches (`ENV SECRETS=0` enables an API in docker-socket-proxy, `USE_TOKEN=false`)
            // are neither a secret value nor a placeholder for one.
            let switch = value.is_some_and(|v| {
                !v.is_empty() && !v.contains('$') && !crate::secrets::is_literal_value(v)
            });
            if switch || (!literal && !ships) {
                continue;
            }
            let (case, range) = match (literal, kv.value_range) {
                (true, Some(value)) => (SecretCase::Literal, kv.key_range.cover(value)),
                _ => (SecretCase::NameOnly, kv.key_range),
            };
            let mut builder = checker
                .report(
                    SecretInEnvironment {
                        variable: kv.key.clone(),
                        case,
                    },
                    range,
                )
                .anchor(instruction.range.start);
            if let Some(stage) = stage {
                builder = builder.object(stage.label());
            }
            if case == SecretCase::Literal {
                if let Some(inner) = kv.value_inner {
                    builder = builder.redact(inner);
                }
            }
            drop(builder);
        }
    }
}

// ---- compose ----

pub(crate) fn check_compose(file: &YamlFile, checker: &mut Checker) {
    let editor = checker.editor();
    // Offsets after a syntax error are unreliable: no fix goes into a file that did not parse.
    let parsed = file.errors.is_empty();
    for service in crate::compose::services(file) {
        let environment = service.get("environment");
        let args = service.build().and_then(|build| build.get("args"));
        for (list, variables) in [
            (environment, service.environment()),
            (args, service.build_args()),
        ] {
            let flow = list.is_some_and(is_flow);
            for variable in variables {
                report_compose_variable(checker, &editor, &service, &variable, flow, parsed);
            }
        }
    }
}

fn report_compose_variable(
    checker: &mut Checker,
    editor: &Editor,
    service: &crate::compose::Service,
    variable: &crate::compose::EnvVar,
    flow: bool,
    parsed: bool,
) {
    let Some(value) = variable.value.as_deref() else {
        return;
    };
    if !is_secret_name(&variable.name, checker.config)
        || !is_literal_value(value)
        || is_secret_file_path(value)
    {
        return;
    }
    let value_range = if variable.list_form || variable.inherited {
        variable.value_range.unwrap_or(variable.node.range)
    } else {
        inner_range(
            variable.node,
            scalar_source_range(checker.text, variable.node),
        )
    };
    let range = if variable.inherited {
        value_range
    } else {
        variable.name_range.cover(value_range)
    };
    checker
        .report(
            SecretInEnvironment {
                variable: variable.name.clone(),
                case: SecretCase::Literal,
            },
            range,
        )
        .object(service.object())
        .anchor(service.anchor())
        .redact(value_range)
        .fix(Applicability::Unsafe, || {
            if !parsed {
                return Err(NOT_PARSED.into());
            }
            compose_interpolation_edits(editor, variable, flow)
        });
}

/// Replace a literal with `${NAME}`: the value then comes from the shell or `.env` at deploy time.
fn compose_interpolation_edits(
    editor: &Editor,
    variable: &crate::compose::EnvVar,
    flow: bool,
) -> Result<Vec<Edit>, String> {
    if variable.inherited {
        return Err("the variable comes from an alias or a merge key".into());
    }
    if !is_interpolatable(&variable.name) {
        return Err(format!("`{}` cannot be interpolated", variable.name));
    }
    let reference = format!("${{{}}}", variable.name);
    let node = variable.node;
    let scalar = node.as_scalar().ok_or("the value is not a scalar")?;
    if scalar.style.is_block() {
        return Err("the value is a block scalar".into());
    }
    if !variable.list_form {
        if flow && scalar.style == ScalarStyle::Plain {
            // `{` and `}` end a plain scalar inside a flow collection: quote it.
            return Ok(vec![Edit::replacement(
                format!("\"{reference}\""),
                node.range,
            )]);
        }
        return editor.replace_scalar_text(node, &reference);
    }
    // `- NAME=value`: replace the value part when it is located exactly.
    let value_range = variable
        .value_range
        .filter(|range| *range != node.range)
        .ok_or("the value's position in the text is not exact")?;
    if flow && scalar.style == ScalarStyle::Plain {
        return Ok(vec![Edit::replacement(
            format!("\"{}={reference}\"", variable.name),
            node.range,
        )]);
    }
    // `${NAME}` needs no escaping in plain, single- or double-quoted text.
    editor
        .text()
        .get(value_range.start..value_range.end)
        .ok_or("the value's range is not in the text")?;
    Ok(vec![Edit::replacement(reference, value_range)])
}

/// Compose interpolates `${NAME}` for names made of letters, digits and `_`.
fn is_interpolatable(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A path to a mounted secret (`/run/secrets/db_password`) names where the secret is, not the
/// secret: images that read `DB_PASSWORD` as a file path are doing the right thing.
fn is_secret_file_path(value: &str) -> bool {
    let value = value.trim();
    ["/run/secrets/", "/var/run/secrets/"]
        .iter()
        .any(|prefix| value.starts_with(prefix))
}

fn is_flow(node: &Node) -> bool {
    node.as_mapping().is_some_and(|m| m.flow) || node.as_sequence().is_some_and(|s| s.flow)
}

// ---- kubernetes ----

pub(crate) fn check_kubernetes(file: &YamlFile, checker: &mut Checker) {
    let editor = checker.editor();
    // Offsets after a syntax error are unreliable: no fix goes into a file that did not parse.
    let parsed = file.errors.is_empty();
    for container in crate::kubernetes::containers(file) {
        for variable in container.env() {
            let (item, name) = (variable.node, variable.name);
            if !is_secret_name(name, checker.config) {
                continue;
            }
            if let Some(entry) = item.entry("value") {
                let Some(value) = entry.value.as_str() else {
                    continue;
                };
                if !is_literal_value(value) || is_secret_file_path(value) {
                    continue;
                }
                let written = scalar_source_range(checker.text, &entry.value);
                let value_range = inner_range(&entry.value, written);
                let range = if entry.merged || entry.key.alias {
                    written
                } else {
                    entry.key.range.cover(written)
                };
                checker
                    .report(
                        SecretInEnvironment {
                            variable: name.to_string(),
                            case: SecretCase::Literal,
                        },
                        range,
                    )
                    .object(container.label())
                    .anchor(container.anchor())
                    .redact(value_range)
                    .fix(Applicability::Unsafe, || {
                        if !parsed {
                            return Err(NOT_PARSED.into());
                        }
                        secret_key_ref_edits(&editor, &container, item, entry, name)
                    });
            } else if let Some(reference) = variable
                .secret_key_ref()
                .filter(|_| checker.config.secret_prefer_files)
            {
                let range = variable
                    .value_from
                    .and_then(|value_from| value_from.entry("secretKeyRef"))
                    .map_or(reference.range, |entry| entry.key.range);
                checker
                    .report(
                        SecretInEnvironment {
                            variable: name.to_string(),
                            case: SecretCase::SecretKeyRef,
                        },
                        range,
                    )
                    .object(container.label())
                    .anchor(container.anchor());
            }
        }
    }
}

/// A scalar's range (`written`, see `scalar_source_range`) without its quotes.
fn inner_range(node: &Node, written: TextRange) -> TextRange {
    match node.as_scalar() {
        Some(scalar) if scalar.style.is_quoted() && written.len() >= 2 => {
            TextRange::new(written.start + 1, written.end - 1)
        }
        _ => written,
    }
}

/// Replace `value: <literal>` with `valueFrom.secretKeyRef` naming `<workload>-secrets` and
/// the variable's name in lower case, in the mapping's own style.
fn secret_key_ref_edits(
    editor: &Editor,
    container: &crate::kubernetes::ContainerRef,
    item: &Node,
    entry: &Entry,
    name: &str,
) -> Result<Vec<Edit>, String> {
    if entry.merged || entry.key.alias || entry.value.alias || item.alias {
        return Err("the variable comes from an alias or a merge key".into());
    }
    if item.get("valueFrom").is_some() {
        return Err("the variable already has `valueFrom`".into());
    }
    let workload = container
        .object
        .name
        .ok_or("the workload has no `metadata.name`")?;
    let key = name.to_ascii_lowercase();
    let valid = |text: &str| {
        !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    if !valid(&key) || !valid(workload) {
        return Err("the Secret name or key would not be valid".into());
    }
    let secret = format!("{workload}-secrets");
    let text = editor.text();
    let range = entry
        .key
        .range
        .cover(scalar_source_range(text, &entry.value));
    let written = text.get(range.start..range.end).ok_or("bad range")?;
    if written.contains(['\n', '\r']) || entry.value.as_scalar().is_some_and(|s| s.style.is_block())
    {
        return Err("the value spans several lines".into());
    }
    let flow = item.as_mapping().is_some_and(|m| m.flow);
    let replacement = if flow {
        format!("valueFrom: {{secretKeyRef: {{name: {secret}, key: {key}}}}}")
    } else {
        let style = editor.style();
        let line_start = text
            .get(..range.start)
            .and_then(|before| before.rfind(['\n', '\r']))
            .map_or(0, |at| at + 1);
        let column = text
            .get(line_start..range.start)
            .map_or(0, |prefix| prefix.chars().count());
        let newline = style.line_ending;
        let one = " ".repeat(column + style.indent);
        let two = " ".repeat(column + 2 * style.indent);
        format!(
            "valueFrom:{newline}{one}secretKeyRef:{newline}{two}name: {secret}{newline}{two}key: {key}"
        )
    };
    Ok(vec![Edit::replacement(replacement, range)])
}

use crate::edit::{Applicability, Edit};
use crate::secrets::{is_literal_value, is_secret_name};
use crate::text::TextRange;
use crate::yaml::edit::scalar_source_range;
use crate::yaml::edit::{Editor, NOT_PARSED};
use crate::yaml::{Entry, Node, ScalarStyle};

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

// ---- containers of the other kinds (SPEC 2b) ----

/// `-e NAME=value`, Quadlet `Environment=`, devcontainer `containerEnv`/`remoteEnv`/`build.args`,
/// CI job container `env:` and `credentials.password`, GitLab `variables:`: a secret-like name
/// with a literal value. No fix: where the value should come from (a CI secret, `Secret=`, a
/// `${localEnv:...}`) depends on the kind and the setup.
pub(crate) fn check_runs(runs: &[crate::runs::ContainerRun], checker: &mut Checker) {
    for run in runs {
        for variable in &run.env {
            let Some(value) = variable.value.as_deref() else {
                continue;
            };
            if !is_secret_name(&variable.name, checker.config)
                || !is_literal_value(value)
                || is_secret_file_path(value)
                || is_ci_expression(value)
            {
                continue;
            }
            checker
                .report(
                    SecretInEnvironment {
                        variable: variable.name.clone(),
                        case: SecretCase::Literal,
                    },
                    variable.range,
                )
                .object(run.object.clone())
                .anchor(run.anchor.start)
                .redact(variable.value_range);
        }
    }
}

/// A value the CI system fills in: `${{ secrets.X }}` (GitHub), `$CI_JOB_TOKEN` (GitLab),
/// `${localEnv:X}` (dev containers).
fn is_ci_expression(value: &str) -> bool {
    value.contains("${{") || value.contains("${localEnv:") || value.contains("${containerEnv:")
}
