use crate::checker::Checker;
use crate::dockerfile::analysis::stage_tooling;
use crate::dockerfile::Dockerfile;
use crate::rule::{declare_rule, Violation};

declare_rule! {
    /// ## What it does
    /// In a multi-stage build, reports a final stage (the last stage, the one `docker build`
    /// ships by default) that still carries build tooling:
    /// - its base image is an SDK image (`golang`, `rust`, `maven`, `gradle`, JDK images,
    ///   `mcr.microsoft.com/dotnet/sdk`, the full `node`/`python` images, `buildpack-deps`,
    ///   `gcc`), or it is built on an earlier stage that is (`FROM build AS final`);
    /// - it installs compilers, `make`, `build-essential`, `cmake` or `*-dev`/`*-devel` packages
    ///   with `apt-get`, `apk`, `dnf`, `yum`, `microdnf` or `zypper` and does not remove them in
    ///   the same `RUN`;
    /// - it runs a build (`go build`, `cargo build`, `mvn package`, `npm run build`, `make`...).
    ///
    /// When the final stage looks like a test, CI or tooling target rather than the image that
    /// ships, the finding is lowered to `info`: its name has a segment such as `test`, `ci`,
    /// `lint`, `check`, `dev`, `debug`, `docs`, `tools` or `generate` (split on `-`, `_`, `.`),
    /// or it sets no `CMD`/`ENTRYPOINT` (nor does a stage it is built on) and every `RUN` in it
    /// uses `--mount` (it validates or generates from the build context).
    ///
    /// Builder stages may hold anything: only the final stage is judged. A single-stage file is
    /// SS201's business, not this rule's. See SS201's docs for the image list and the reasoning
    /// behind `node`/`python` (full images have compilers, `-slim` and `-alpine` do not).
    ///
    /// ## Why is this bad?
    /// The final image should hold the application and what it needs at run time only.
    /// Compilers, headers and package managers left in it are attack surface (an intruder can
    /// build tools in place) and weight. The point of a multi-stage build is to leave them in the
    /// builder stages.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// WORKDIR /src
    /// COPY . .
    /// RUN go build -o /out/app .
    ///
    /// FROM golang:1.22
    /// COPY --from=build /out/app /app
    /// ENTRYPOINT ["/app"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// WORKDIR /src
    /// COPY . .
    /// RUN go build -o /out/app .
    ///
    /// FROM gcr.io/distroless/static-debian12
    /// COPY --from=build /out/app /app
    /// ENTRYPOINT ["/app"]
    /// ```
    ///
    /// To suppress: `# shipshape ignore=SS202 -- reason` on the line before the reported
    /// instruction, or `# shipshape ignore-stage=SS202` inside the stage.
    ///
    /// ## References
    /// - [Multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
    /// - [Docker build best practices](https://docs.docker.com/build/building/best-practices/#use-multi-stage-builds)
    pub struct BuildToolsInFinalStage { pub stage: String, pub reason: crate::i18n::Message, pub tooling_target: bool }
    code = "SS202",
    name = "build-tools-in-final-stage",
    summary = "The final stage of a multi-stage build still carries build tooling",
    severity = Warning,
    kinds = [Dockerfile],
    fix = None,
    since = "0.1.0",
    sources = [],
}

impl Violation for BuildToolsInFinalStage {
    fn text(&self) -> crate::i18n::Message {
        let id = if self.tooling_target {
            "SS202-tooling-target"
        } else {
            "SS202"
        };
        crate::i18n::Message::new(id)
            .arg("object", self.stage.clone())
            .nested("reason", self.reason.clone())
    }

    fn severity(&self) -> crate::finding::Severity {
        if self.tooling_target {
            crate::finding::Severity::Info
        } else {
            <Self as crate::registry::Rule>::META.severity
        }
    }
}

/// Name segments of a stage that is a test, CI or tooling target rather than the shipped image.
const TOOLING_STAGE_WORDS: &[&str] = &[
    "test",
    "tests",
    "testing",
    "ci",
    "lint",
    "linter",
    "check",
    "checks",
    "validate",
    "verify",
    "dev",
    "devel",
    "development",
    "debug",
    "docs",
    "doc",
    "tools",
    "tooling",
    "generate",
    "codegen",
    "gen",
    "bench",
    "e2e",
    "integration",
    "coverage",
    "format",
    "fmt",
];

/// Whether the final stage looks like a test/CI/tooling target that is not shipped: its name
/// has a segment such as `test`, `ci`, `lint`, `dev`, `docs`, `tools` (split on `-`, `_`, `.`),
/// or it has no `CMD`/`ENTRYPOINT` along its chain and only `RUN --mount=...` steps (it
/// validates or generates from the build context rather than building an image to run).
pub(crate) fn is_tooling_target(dockerfile: &Dockerfile, stage: &crate::dockerfile::Stage) -> bool {
    use crate::dockerfile::Keyword;
    let named = stage.name.as_deref().is_some_and(|name| {
        name.to_ascii_lowercase()
            .split(['-', '_', '.'])
            .any(|word| TOOLING_STAGE_WORDS.contains(&word))
    });
    if named {
        return true;
    }
    let chain = dockerfile.stage_chain(stage);
    let has_command = chain.iter().any(|s| {
        dockerfile
            .stage_instructions(s)
            .iter()
            .any(|i| matches!(i.keyword, Keyword::Cmd | Keyword::Entrypoint))
    });
    let mut runs = dockerfile
        .stage_instructions(stage)
        .iter()
        .filter(|i| i.keyword == Keyword::Run)
        .peekable();
    let any_run = runs.peek().is_some();
    !has_command && any_run && runs.all(|run| run.flag("mount").is_some())
}

// ---- dockerfile ----

pub(crate) fn check_dockerfile(dockerfile: &Dockerfile, checker: &mut Checker) {
    if dockerfile.stages.len() < 2 {
        return;
    }
    let Some(stage) = dockerfile.final_stage() else {
        return;
    };
    let Some(evidence) = stage_tooling(dockerfile, stage) else {
        return;
    };
    let anchor = dockerfile
        .instructions
        .get(evidence.instruction)
        .map_or(evidence.range.start, |i| i.range.start);
    checker
        .report(
            BuildToolsInFinalStage {
                stage: stage.label(),
                reason: evidence.tooling.describe_text(),
                tooling_target: is_tooling_target(dockerfile, stage),
            },
            evidence.range,
        )
        .object(stage.label())
        .anchor(anchor);
}

#[cfg(test)]
mod tests {
    use crate::dockerfile::test_support::{check_code, Hit};

    #[test]
    fn final_stage_only() {
        let good = "FROM golang:1.22 AS build\nRUN apt-get install -y gcc && go build -o /out/app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\n";
        assert!(check_code(good, "SS202").is_empty());
        let single = "FROM golang:1.22\nRUN go build .\n";
        assert!(check_code(single, "SS202").is_empty());
        let sdk = "FROM node:20-slim AS assets\nFROM maven:3.9-eclipse-temurin-21 AS app\n";
        assert_eq!(
            check_code(sdk, "SS202"),
            vec![Hit::new(2, 6, "maven:3.9-eclipse-temurin-21", "The final stage app uses the SDK image `maven:3.9-eclipse-temurin-21`, so the shipped image carries build tooling; keep it in a builder stage and copy only the output")]
        );
        let installs = "FROM golang AS build\nFROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends \\\n    ca-certificates libpq-dev=15.1 \\\n && rm -rf /var/lib/apt/lists/*\n";
        assert_eq!(
            check_code(installs, "SS202"),
            vec![Hit::new(4, 21, "libpq-dev=15.1", "The final stage 1 installs the build tool `libpq-dev` with `apt-get`, so the shipped image carries build tooling; keep it in a builder stage and copy only the output")]
        );
        let tests = "FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM golang:1.22 AS unit-test\nRUN go test ./...\n";
        let hits = check_code(tests, "SS202");
        assert_eq!(hits.len(), 1);
        assert!(
            hits[0]
                .message
                .contains("looks like a test or tooling target"),
            "{hits:?}"
        );
        let validate = "FROM alpine AS build\nFROM golang:1.22\nRUN --mount=type=bind,target=/src cd /src && go vet ./...\n";
        assert!(check_code(validate, "SS202")[0]
            .message
            .contains("tooling target"));
        let shipped = "FROM alpine AS build\nFROM golang:1.22\nRUN --mount=type=cache,target=/root/.cache go build -o /app .\nCMD [\"/app\"]\n";
        assert!(!check_code(shipped, "SS202")[0]
            .message
            .contains("tooling target"));
        let chained = "FROM golang:1.22 AS base\nFROM base AS final\n";
        assert_eq!(
            check_code(chained, "SS202"),
            vec![Hit::new(2, 6, "base", "The final stage final is built on stage `base`, which uses the SDK image `golang:1.22`, so the shipped image carries build tooling; keep it in a builder stage and copy only the output")]
        );
    }
}
