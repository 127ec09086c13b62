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
    pub struct BuildToolsInFinalStage { pub stage: String, pub reason: String }
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
    fn message(&self) -> String {
        let Self { stage, reason } = self;
        format!("The final {stage} {reason}, so the shipped image carries build tooling; keep it in a builder stage and copy only the output")
    }
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
                reason: evidence.tooling.describe(),
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
        let chained = "FROM golang:1.22 AS base\nFROM base AS final\n";
        assert_eq!(
            check_code(chained, "SS202"),
            vec![Hit::new(2, 6, "base", "The final stage final is built on stage `base`, which uses the SDK image `golang:1.22`, so the shipped image carries build tooling; keep it in a builder stage and copy only the output")]
        );
    }
}
