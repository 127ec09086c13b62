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
                matches!(v, "0" | "1")
                    || (!v.is_empty() && !v.contains('$') && !crate::secrets::is_literal_value(v))
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
