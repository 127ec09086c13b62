use crate::checker::Checker;
use crate::dockerfile::analysis::{analyse_run, stage_tooling, Tooling};
use crate::dockerfile::{Dockerfile, Instruction, Keyword, Stage};
use crate::edit::{Applicability, Edit};
use crate::rule::{declare_rule, Violation};
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Reports a Dockerfile with exactly one stage that builds software and so ships its build
    /// tooling. The stage is reported when:
    /// - its base image is an SDK image: `golang`, `rust`, `maven`, `gradle`, JDK images
    ///   (`openjdk`, `eclipse-temurin`, `amazoncorretto` and `*jdk*` images, unless the tag says
    ///   `jre`), `mcr.microsoft.com/dotnet/sdk`, `buildpack-deps` (not its `-curl`/`-scm`
    ///   variants), `gcc`, and the *full* `node` and `python` images. `node:20`, `node:lts`,
    ///   `python:3.12` and `-bookworm` tags are built on `buildpack-deps` and carry gcc, make and
    ///   headers, so they count; `-slim`, `-alpine` and Windows variants do not, and a tag that
    ///   is only a variable (`node:${NODE_VERSION}`) is not judged;
    /// - or a `RUN` installs build tooling (`gcc`, `g++`, `make`, `build-essential`,
    ///   `build-base`, `cmake`, `clang`, `autoconf`, JDKs, `*-dev`/`*-devel` packages, `apt-get
    ///   build-dep`, the "Development Tools" group) with `apt-get`, `apt`, `apk`, `dnf`, `yum`,
    ///   `microdnf`, `tdnf` or `zypper`, through `&&`/`;` chains, continuations and heredoc
    ///   bodies. Packages removed again in the same `RUN` do not ship and do not count:
    ///   `apt-get purge gcc`, `apk del .build-deps` for `apk add --virtual .build-deps`, and the
    ///   docker-library pattern `apt-mark auto '.*'` + `apt-get purge --auto-remove`;
    /// - or a `RUN` builds (`go build`, `cargo build`, `mvn package|install|verify`,
    ///   `gradle build`, `npm run build`, `yarn build`, `pnpm build`, `dotnet publish|build`,
    ///   `make`, `cmake`, `./configure`), unless that `RUN` removes its build dependencies.
    ///
    /// One finding per file, at the first piece of evidence.
    ///
    /// ## Why is this bad?
    /// The image should hold the application and what it needs at run time only. Compilers,
    /// headers, SDKs and package caches in a shipped image are attack surface (an intruder can
    /// build exploits in place) and size. A multi-stage build compiles in a builder stage and
    /// copies only the output into a small runtime image; it also makes local and CI builds run
    /// the same commands.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22
    /// WORKDIR /src
    /// COPY . .
    /// RUN go build -o /src/server .
    /// CMD ["/src/server"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// WORKDIR /src
    /// COPY . .
    /// RUN go build -o /src/server .
    ///
    /// FROM gcr.io/distroless/static-debian12
    /// WORKDIR /src
    /// COPY --from=build /src/server /src/server
    /// CMD ["/src/server"]
    /// ```
    ///
    /// To suppress: `# shipshape ignore=SS201 -- reason` on the line before the reported
    /// instruction (a development image, for example).
    ///
    /// ## Fix safety
    /// A fix is offered when the stage's base image is an SDK with a well-known runtime image:
    /// `golang` → `gcr.io/distroless/static-debian12` (with `ENV CGO_ENABLED=0` added to the build
    /// stage, so that `go build` makes a static binary that starts there; a stage that sets
    /// `CGO_ENABLED=1` gets `gcr.io/distroless/base-debian12`, which has glibc, instead, and one
    /// that already sets `CGO_ENABLED=0` is left as it is), `rust` → `debian:bookworm-slim`,
    /// `maven`/`gradle`/JDK images → `eclipse-temurin:<java version>-jre` (when the Java version
    /// can be read from the tag), `dotnet/sdk:<version>` → `dotnet/aspnet:<version>`, and
    /// `node:<tag>` → `node:<tag>-slim`. It names the stage `build` (unless it has a name),
    /// appends a runtime stage that copies the build output (the `-o` of `go build` or
    /// `dotnet publish`, `target/` for Maven and Cargo, `build/libs` for Gradle, otherwise the
    /// `WORKDIR`) and moves `CMD`, `ENTRYPOINT`, `EXPOSE`, `HEALTHCHECK`, `STOPSIGNAL` and a
    /// trailing `USER` into it. No fix is offered when a shell-form `CMD`/`ENTRYPOINT` would
    /// have to run on a distroless image (it has no shell), or when the file ends inside an
    /// unterminated heredoc or a line continuation (the appended stage would become part of it).
    ///
    /// The fix is unsafe: it is a scaffold. The runtime image lacks the shell, libraries and
    /// files the build stage had (a Go program that needs cgo fails to build once
    /// `CGO_ENABLED=0` is set; a Node app may need `node_modules` from elsewhere), `ENV` settings stay in the
    /// build stage, and the copied path may not be everything the application needs. Review and
    /// test the result.
    ///
    /// ## References
    /// - [Multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
    /// - [Docker build best practices](https://docs.docker.com/build/building/best-practices/#use-multi-stage-builds)
    /// - [Distroless images](https://github.com/GoogleContainerTools/distroless)
    pub struct SingleStageBuild { pub stage: String, pub reason: crate::i18n::Message, pub runtime: Option<String> }
    code = "SS201",
    name = "single-stage-build",
    summary = "A single-stage build ships its compilers and build tooling",
    severity = Warning,
    kinds = [Dockerfile],
    fix = Sometimes,
    since = "0.1.0",
    sources = [],
}

impl Violation for SingleStageBuild {
    fn text(&self) -> crate::i18n::Message {
        crate::i18n::Message::new("SS201")
            .arg("object", self.stage.to_string())
            .nested("reason", self.reason.clone())
    }

    fn fix_text(&self) -> Option<crate::i18n::Message> {
        Some(match &self.runtime {
            Some(runtime) => {
                crate::i18n::Message::new("SS201-fix-runtime").arg("runtime", runtime.to_string())
            }
            None => crate::i18n::Message::new("SS201-fix"),
        })
    }
}

// ---- dockerfile ----

pub(crate) fn check_dockerfile(dockerfile: &Dockerfile, checker: &mut Checker) {
    let [stage] = dockerfile.stages.as_slice() else {
        return;
    };
    let Some(evidence) = stage_tooling(dockerfile, stage) else {
        return;
    };
    let mut runtime = match &evidence.tooling {
        Tooling::SdkImage { sdk, .. } => sdk.runtime_image(),
        _ => None,
    };
    let mut cgo = Cgo::NotGo;
    if runtime.as_deref() == Some(GO_STATIC_RUNTIME) {
        cgo = go_cgo(dockerfile, stage);
        if cgo == Cgo::Enabled {
            // A cgo binary links glibc dynamically: `static` distroless has no libc.
            runtime = Some(GO_CGO_RUNTIME.to_string());
        }
    }
    let anchor = dockerfile
        .instructions
        .get(evidence.instruction)
        .map_or(evidence.range.start, |i| i.range.start);
    let text = checker.text;
    let builder = checker
        .report(
            SingleStageBuild {
                stage: stage.label(),
                reason: evidence.tooling.describe_text(),
                runtime: runtime.clone(),
            },
            evidence.range,
        )
        .object(stage.label())
        .anchor(anchor);
    if let Some(runtime) = runtime {
        drop(builder.fix(Applicability::Unsafe, || {
            scaffold(dockerfile, stage, text, &runtime, cgo == Cgo::Unset)
        }));
    }
}

/// The runtime image of a Go build, and the one for a binary built with cgo (it needs glibc).
const GO_STATIC_RUNTIME: &str = "gcr.io/distroless/static-debian12";
const GO_CGO_RUNTIME: &str = "gcr.io/distroless/base-debian12";

/// What a Go stage says about cgo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cgo {
    NotGo,
    /// `CGO_ENABLED=0` somewhere in the stage (`ENV`, `ARG`, or before `go build`).
    Disabled,
    /// `CGO_ENABLED=1`: the binary may link libc.
    Enabled,
    /// Not said: `go build` uses cgo when a C compiler is there, as in the `golang` image, and
    /// the result would not start on `static` distroless. The scaffold sets it to 0.
    Unset,
}

fn go_cgo(dockerfile: &Dockerfile, stage: &Stage) -> Cgo {
    let mut cgo = Cgo::Unset;
    for instruction in dockerfile.stage_instructions(stage) {
        let args = instruction.args_text.replace(['"', '\''], "");
        if args.contains("CGO_ENABLED=1") {
            return Cgo::Enabled;
        }
        if args.contains("CGO_ENABLED=0") {
            cgo = Cgo::Disabled;
        }
    }
    cgo
}

/// Instructions that describe the running container and move to the runtime stage.
fn is_runtime_instruction(keyword: Keyword) -> bool {
    matches!(
        keyword,
        Keyword::Cmd
            | Keyword::Entrypoint
            | Keyword::Expose
            | Keyword::Healthcheck
            | Keyword::Stopsignal
    )
}

/// The edits turning the stage into `AS build` plus a runtime stage.
fn scaffold(
    dockerfile: &Dockerfile,
    stage: &Stage,
    text: &str,
    runtime: &str,
    disable_cgo: bool,
) -> Result<Vec<Edit>, String> {
    let instructions = dockerfile.stage_instructions(stage);
    // An unterminated heredoc runs to the end of the file: a stage appended there would be
    // part of its body, not an instruction.
    if instructions.iter().any(|i| {
        i.heredocs
            .iter()
            .any(|heredoc| heredoc.terminator.is_none())
    }) {
        return Err("an unterminated heredoc runs to the end of the file".into());
    }
    // Likewise a file whose last line continues (it ends with the escape character, perhaps
    // followed by comment or blank lines, which a continuation skips): the appended `FROM`
    // would be read as more arguments of that instruction.
    if ends_in_continuation(dockerfile, text) {
        return Err("the file ends inside a line continuation".into());
    }
    let mut edits = Vec::new();
    let name = match &stage.name {
        Some(name) => name.clone(),
        None => {
            edits.push(Edit::insertion(" AS build", stage.image.range.end));
            "build".to_string()
        }
    };
    if disable_cgo {
        // Right after `FROM`, so that every `go build` of the stage sees it.
        let from = instructions
            .iter()
            .find(|i| i.keyword == Keyword::From)
            .ok_or("the stage has no FROM")?;
        let after = line_extent(text, from.range).end;
        if !text.get(..after).is_some_and(|head| head.ends_with('\n')) {
            return Err("the FROM line is the file's last".into());
        }
        let newline = if text.get(..after).is_some_and(|head| head.ends_with("\r\n")) {
            "\r\n"
        } else {
            "\n"
        };
        edits.push(Edit::insertion(
            format!("ENV CGO_ENABLED=0{newline}"),
            after,
        ));
    }
    // WORKDIR and build outputs, in order.
    let mut workdir: Option<String> = None;
    let mut output: Option<String> = None;
    for instruction in instructions {
        match instruction.keyword {
            Keyword::Workdir => {
                let dir = instruction.args_text.trim().trim_matches('"').to_string();
                workdir = Some(join(workdir.as_deref(), &dir));
            }
            Keyword::Run => {
                if let Some(out) = analyse_run(instruction).outputs.last() {
                    output = Some(join(workdir.as_deref(), out));
                }
            }
            _ => {}
        }
    }
    let path = output
        .or_else(|| workdir.clone())
        .ok_or("no build output or WORKDIR to copy")?;
    if path == "/" || !is_plain_path(&path) {
        return Err("the build output path is not known".into());
    }
    if workdir.as_deref().is_some_and(|dir| !is_plain_path(dir)) {
        return Err("the WORKDIR would need quoting in the runtime stage".into());
    }
    // Runtime instructions move; a USER moves only when nothing after it runs as that user.
    let mut moved: Vec<&Instruction> = Vec::new();
    let last_build_step = instructions.iter().rposition(|i| {
        matches!(
            i.keyword,
            Keyword::Run | Keyword::Copy | Keyword::Add | Keyword::Workdir
        )
    });
    // Only the last `USER` matters at run time.
    let last_user = instructions
        .iter()
        .rposition(|i| i.keyword == Keyword::User);
    for (position, instruction) in instructions.iter().enumerate() {
        let is_user = instruction.keyword == Keyword::User;
        let is_trailing_user = is_user && last_build_step.is_none_or(|last| position > last);
        if is_runtime_instruction(instruction.keyword) || is_trailing_user {
            edits.push(Edit::deletion(line_extent(text, instruction.range)));
        }
        if is_runtime_instruction(instruction.keyword) || (is_user && Some(position) == last_user) {
            moved.push(instruction);
        }
    }
    // Distroless images have no shell: a shell-form command would not start.
    if runtime.starts_with("gcr.io/distroless/") {
        let needs_shell = moved.iter().any(|i| match i.keyword {
            Keyword::Cmd | Keyword::Entrypoint => i.exec.is_none(),
            Keyword::Healthcheck => !i.args_text.trim().eq_ignore_ascii_case("none"),
            _ => false,
        });
        if needs_shell {
            return Err("a shell-form command cannot run on a distroless image".into());
        }
    }
    // The kept text ends at its last non-blank byte outside the moved instructions; everything
    // after it is replaced by the runtime stage, so no blank lines pile up.
    let mut tail = text.len();
    loop {
        tail = text.get(..tail).unwrap_or("").trim_end().len();
        match edits
            .iter()
            .find(|e| !e.range.is_empty() && e.range.start < tail && tail <= e.range.end)
        {
            Some(edit) => tail = edit.range.start,
            None => break,
        }
    }
    edits.retain(|e| e.range.is_empty() || e.range.start < tail);
    let mut stage_text = String::from("\n");
    stage_text.push_str(&format!("\nFROM {runtime}\n"));
    if let Some(dir) = &workdir {
        stage_text.push_str(&format!("WORKDIR {dir}\n"));
    }
    stage_text.push_str(&format!("COPY --from={name} {path} {path}\n"));
    for instruction in moved {
        let original = text
            .get(instruction.range.start..instruction.range.end)
            .ok_or("instruction range")?;
        stage_text.push_str(original);
        stage_text.push('\n');
    }
    edits.push(Edit::replacement(
        stage_text,
        TextRange::new(tail, text.len()),
    ));
    // The scaffold must leave two stages, or the finding would be offered again after the fix.
    // The checks above cover the known ways to lose the appended stage; this catches the rest.
    let fixed = apply(text, &edits).ok_or("the scaffold's edits overlap")?;
    let after = crate::dockerfile::parse(&fixed);
    if after.stages.len() != 2 {
        return Err("the runtime stage would not parse as a separate stage".into());
    }
    if after.errors.len() > crate::dockerfile::parse(text).errors.len() {
        return Err("the runtime stage would not parse cleanly".into());
    }
    Ok(edits)
}

/// Whether the file's last instruction ends with a line continuation, so that text appended
/// to the file would continue that instruction.
fn ends_in_continuation(dockerfile: &Dockerfile, text: &str) -> bool {
    let Some(last) = dockerfile.instructions.last() else {
        return false;
    };
    // Heredoc bodies end at their terminator line, after the instruction's logical line.
    if !last.heredocs.is_empty() {
        return false;
    }
    let Some(before) = text.get(..last.range.end) else {
        return false;
    };
    let line = before
        .rfind(['\n', '\r'])
        .map_or(before, |at| &before[at + 1..]);
    line.trim_end_matches([' ', '\t'])
        .ends_with(dockerfile.escape)
}

/// `text` with `edits` applied (sorted by start; `None` when two overlap).
fn apply(text: &str, edits: &[Edit]) -> Option<String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let mut out = String::with_capacity(text.len() + 128);
    let mut last = 0;
    for edit in sorted {
        out.push_str(text.get(last..edit.range.start)?);
        out.push_str(edit.new_text());
        last = edit.range.end;
    }
    out.push_str(text.get(last..)?);
    Some(out)
}

/// The instruction's lines, from the line start to after the line break.
fn line_extent(text: &str, range: TextRange) -> TextRange {
    let bytes = text.as_bytes();
    let mut start = range.start;
    while start > 0 && matches!(bytes.get(start - 1), Some(b' ' | b'\t')) {
        start -= 1;
    }
    let mut end = range.end;
    if bytes.get(end) == Some(&b'\r') {
        end += 1;
    }
    if bytes.get(end) == Some(&b'\n') {
        end += 1;
    }
    TextRange::new(start, end)
}

/// Whether `path` can be written unquoted in `COPY` and `WORKDIR`: no variable, quote, escape,
/// blank or control character (the scaffold declines rather than guess how to quote it).
fn is_plain_path(path: &str) -> bool {
    !path.is_empty()
        && !path.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '$' | '\'' | '"' | '\\' | '`')
        })
}

/// `path` resolved against a working directory (`/` when none).
fn join(workdir: Option<&str>, path: &str) -> String {
    if path.starts_with('/') {
        return path.trim_end_matches('/').to_string().max("/".to_string());
    }
    let base = workdir.unwrap_or("/").trim_end_matches('/');
    let path = path.trim_start_matches("./").trim_end_matches('/');
    if path.is_empty() || path == "." {
        return if base.is_empty() {
            "/".into()
        } else {
            base.to_string()
        };
    }
    format!("{base}/{path}")
}

#[cfg(test)]
mod tests {
    use crate::dockerfile::test_support::{check_code, findings, fix_all, Hit};

    #[test]
    fn no_scaffold_after_an_unterminated_heredoc() {
        // Found by the `check_fix` fuzz target: the appended stage became part of the heredoc
        // body, so the fix changed nothing that the parser saw and was offered again forever.
        let text =
            "FROM golang:1.22\nWORKDIR /src\nRUN go build -o server .\nCOPY <<EOF /etc/x\nFROM y\n";
        let found = findings(text, "SS201");
        assert_eq!(found.len(), 1);
        assert!(found[0].fixes.is_empty());
        let closed = "FROM golang:1.22\nWORKDIR /src\nRUN go build -o server .\nCOPY <<EOF /etc/x\nFROM y\nEOF\n";
        assert_eq!(findings(closed, "SS201")[0].fixes.len(), 1);
    }

    /// `golang` defaults to cgo, whose binaries do not start on `static` distroless (no libc):
    /// the scaffold turns cgo off, or picks the glibc image when the file turns it on.
    #[test]
    fn go_scaffolds_build_a_binary_that_starts_on_their_runtime() {
        let unset =
            "FROM golang:1.22\nWORKDIR /src\nRUN go build -o /out/app .\nCMD [\"/out/app\"]\n";
        assert_eq!(
            fix_all(unset),
            "FROM golang:1.22 AS build\nENV CGO_ENABLED=0\nWORKDIR /src\nRUN go build -o /out/app .\n\nFROM gcr.io/distroless/static-debian12\nWORKDIR /src\nCOPY --from=build /out/app /out/app\nCMD [\"/out/app\"]\n"
        );
        let enabled =
            "FROM golang:1.22\nENV CGO_ENABLED=1\nRUN go build -o /out/app .\nCMD [\"/out/app\"]\n";
        assert_eq!(
            findings(enabled, "SS201")[0].fixes[0].title,
            "Split into a build stage and a `gcr.io/distroless/base-debian12` runtime stage"
        );
        assert_eq!(
            fix_all(enabled),
            "FROM golang:1.22 AS build\nENV CGO_ENABLED=1\nRUN go build -o /out/app .\n\nFROM gcr.io/distroless/base-debian12\nCOPY --from=build /out/app /out/app\nCMD [\"/out/app\"]\n"
        );
        let disabled =
            "FROM golang:1.22\nRUN CGO_ENABLED=0 go build -o /out/app .\nCMD [\"/out/app\"]\n";
        assert_eq!(
            fix_all(disabled),
            "FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /out/app\nCMD [\"/out/app\"]\n"
        );
        // Fixed twice, the same text.
        assert_eq!(fix_all(&fix_all(unset)), fix_all(unset));
    }

    #[test]
    fn no_scaffold_when_the_file_ends_inside_a_continuation() {
        // Found by the `check_fix` fuzz target: the last `RUN` ends with `\` (and then a comment
        // line, which a continuation skips), so the appended `FROM` became its arguments.
        for text in [
            "FROM golang:1.22\nRUN go build -o /out/app . && \\\n    true \\\n# the end\n",
            "FROM golang:1.22\nRUN go build -o /out/app . \\",
            "# escape=`\nFROM golang:1.22\nRUN go build -o /out/app . `\n\n",
        ] {
            let found = findings(text, "SS201");
            assert_eq!(found.len(), 1, "{text}");
            assert!(found[0].fixes.is_empty(), "{text}");
            let parsed = crate::dockerfile::parse(text);
            assert!(super::ends_in_continuation(&parsed, text), "{text}");
        }
        // A backslash is only a continuation for its escape character.
        let backtick = "# escape=`\nFROM golang:1.22\nRUN go build -o /out/app . \\\n";
        let parsed = crate::dockerfile::parse(backtick);
        assert!(!super::ends_in_continuation(&parsed, backtick));
        assert_eq!(findings(backtick, "SS201")[0].fixes.len(), 1);
        assert_eq!(
            fix_all(backtick),
            "# escape=`\nFROM golang:1.22 AS build\nENV CGO_ENABLED=0\nRUN go build -o /out/app . \\\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /out/app\n"
        );
    }

    #[test]
    fn sdk_image_with_scaffold_fix() {
        let text = "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o server .\nEXPOSE 8080\nCMD [\"/src/server\"]\n";
        assert_eq!(
            check_code(text, "SS201"),
            vec![Hit::new(1, 6, "golang:1.22", "The only stage 0 uses the SDK image `golang:1.22`, so the image ships its build tooling; build in a separate stage and copy only the output into a runtime image")]
        );
        let fixed = fix_all(text);
        assert_eq!(
            fixed,
            "FROM golang:1.22 AS build\nENV CGO_ENABLED=0\nWORKDIR /src\nCOPY . .\nRUN go build -o server .\n\nFROM gcr.io/distroless/static-debian12\nWORKDIR /src\nCOPY --from=build /src/server /src/server\nEXPOSE 8080\nCMD [\"/src/server\"]\n"
        );
        assert!(crate::dockerfile::parse(&fixed).errors.is_empty());
        assert!(findings(&fixed, "SS201").is_empty());
        assert!(findings(&fixed, "SS202").is_empty());
        assert_eq!(fix_all(&fixed), fixed);
    }

    #[test]
    fn named_stage_and_no_trailing_newline() {
        let text = "FROM node:20 AS app\nWORKDIR /app\nCOPY . .\nUSER node\nRUN npm ci && npm run build\nUSER node\nENTRYPOINT [\"node\", \"dist/index.js\"]";
        let fixed = fix_all(text);
        assert_eq!(
            fixed,
            "FROM node:20 AS app\nWORKDIR /app\nCOPY . .\nUSER node\nRUN npm ci && npm run build\n\nFROM node:20-slim\nWORKDIR /app\nCOPY --from=app /app /app\nUSER node\nENTRYPOINT [\"node\", \"dist/index.js\"]\n"
        );
        assert!(findings(&fixed, "SS201").is_empty());
    }

    #[test]
    fn installs_and_builds() {
        let removed = "FROM debian:bookworm-slim\nRUN set -eux; \\\n  savedAptMark=\"$(apt-mark showmanual)\"; \\\n  apt-get update; apt-get install -y --no-install-recommends gcc make libc6-dev; \\\n  make -C /src; \\\n  apt-mark auto '.*' > /dev/null; \\\n  apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false\n";
        assert!(check_code(removed, "SS201").is_empty());
        let virtual_group = "FROM alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev && make && apk del .build-deps\n";
        assert!(check_code(virtual_group, "SS201").is_empty());
        let kept = "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y \\\n      build-essential curl && make\n";
        assert_eq!(
            check_code(kept, "SS201"),
            vec![Hit::new(3, 7, "build-essential", "The only stage 0 installs the build tool `build-essential` with `apt-get`, so the image ships its build tooling; build in a separate stage and copy only the output into a runtime image")]
        );
        let heredoc = "FROM alpine\nRUN <<EOF\napk add gcc\nEOF\n";
        assert_eq!(check_code(heredoc, "SS201")[0].text, "gcc");
        let build = "FROM debian\nRUN cargo build --release\n";
        assert_eq!(check_code(build, "SS201")[0].text, "cargo build");
        assert!(findings(build, "SS201")[0].fixes.is_empty());
        for quiet in [
            "FROM node:20-alpine\nRUN npm ci\n",
            "FROM python:3.12-slim\nRUN pip install flask\n",
            "FROM node:${V}\n",
            "FROM alpine\nRUN apk add curl\n",
            "FROM golang AS build\nFROM scratch\n",
        ] {
            assert!(check_code(quiet, "SS201").is_empty(), "{quiet}");
        }
        assert_eq!(check_code("FROM python:3.12\n", "SS201").len(), 1);
        assert_eq!(
            check_code("FROM mcr.microsoft.com/dotnet/sdk:8.0\n", "SS201").len(),
            1
        );
        assert_eq!(
            check_code("FROM eclipse-temurin:21-jre\n", "SS201").len(),
            0
        );
    }
}
