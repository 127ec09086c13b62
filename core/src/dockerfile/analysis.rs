//! What a stage carries at build time: SDK base images, build-tool packages and build commands.
//! Shared by SS201 (single-stage-build) and SS202 (build-tools-in-final-stage).
//!
//! `RUN` commands are read with a small shell splitter: commands are separated by `&&`, `||`, `;`,
//! `|`, `&`, parentheses and newlines (heredoc bodies included); leading `VAR=value` assignments,
//! `sudo`, `xargs` and the like are skipped. Packages installed and removed again in the same `RUN`
//! (`apt-get purge gcc`, `apk del .build-deps` for `apk add --virtual .build-deps`, and the
//! docker-library `apt-mark auto '.*'` + `apt-get purge --auto-remove` pattern) do not ship, so they
//! do not count; nor do build commands in a `RUN` that removes its build dependencies.

use crate::dockerfile::{Dockerfile, Instruction, Keyword, Stage};
use crate::text::TextRange;

/// A family of SDK (build) images.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SdkKind {
    Go,
    Rust,
    Maven,
    Gradle,
    Jdk,
    Dotnet,
    Node,
    Python,
    BuildpackDeps,
    Gcc,
}

/// A base image recognised as an SDK image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sdk {
    pub kind: SdkKind,
    /// The tag, if any (`1.22-alpine`).
    pub tag: Option<String>,
}

impl Sdk {
    /// The runtime image this SDK's output usually runs on, where one is known.
    pub fn runtime_image(&self) -> Option<String> {
        let tag = self.tag.as_deref().unwrap_or("");
        match self.kind {
            SdkKind::Go => Some("gcr.io/distroless/static-debian12".into()),
            SdkKind::Rust => Some("debian:bookworm-slim".into()),
            SdkKind::Jdk => {
                let digits: String = tag.chars().take_while(char::is_ascii_digit).collect();
                (!digits.is_empty()).then(|| format!("eclipse-temurin:{digits}-jre"))
            }
            SdkKind::Maven | SdkKind::Gradle => {
                java_version_in_tag(tag).map(|v| format!("eclipse-temurin:{v}-jre"))
            }
            SdkKind::Dotnet => {
                let version: String = tag
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '.')
                    .collect();
                (!version.is_empty() && version.contains('.'))
                    .then(|| format!("mcr.microsoft.com/dotnet/aspnet:{version}"))
            }
            SdkKind::Node => {
                if tag.contains('$') {
                    None
                } else if tag.is_empty() || tag == "latest" {
                    Some("node:slim".into())
                } else {
                    Some(format!("node:{tag}-slim"))
                }
            }
            SdkKind::Python | SdkKind::BuildpackDeps | SdkKind::Gcc => None,
        }
    }
}

/// `maven:3.9-eclipse-temurin-21` → 21, `gradle:8-jdk17` → 17.
fn java_version_in_tag(tag: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    for marker in [
        "temurin-",
        "jdk-",
        "jdk",
        "corretto-",
        "openjdk-",
        "openjdk",
        "java-",
    ] {
        if let Some(at) = lower.find(marker) {
            let digits: String = lower[at + marker.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if !digits.is_empty() {
                return Some(digits);
            }
        }
    }
    None
}

/// Split an image reference into its repository path (registry and `library/` removed,
/// lower-cased) and tag.
pub fn split_image(image: &str) -> (String, Option<String>) {
    let image = image.split('@').next().unwrap_or(image);
    let (path, tag) = match image.rfind(':') {
        Some(colon) if !image[colon..].contains('/') => {
            (&image[..colon], Some(image[colon + 1..].to_string()))
        }
        _ => (image, None),
    };
    let mut parts: Vec<&str> = path.split('/').collect();
    if parts.len() > 1 {
        let first = parts[0];
        if first.contains('.') || first.contains(':') || first == "localhost" {
            parts.remove(0);
        }
    }
    if parts.len() > 1 && parts[0] == "library" {
        parts.remove(0);
    }
    (parts.join("/").to_ascii_lowercase(), tag)
}

/// Whether an image is an SDK image (see SS201's docs for the list and the reasoning).
pub fn sdk_of(image: &str) -> Option<Sdk> {
    let (path, tag) = split_image(image);
    let last = path.rsplit('/').next().unwrap_or(&path);
    let tag_lower = tag.as_deref().unwrap_or("").to_ascii_lowercase();
    let runtime_variant = [
        "slim",
        "alpine",
        "distroless",
        "windowsservercore",
        "nanoserver",
    ]
    .iter()
    .any(|v| tag_lower.contains(v));
    let kind = if path.ends_with("dotnet/sdk")
        || path.ends_with("dotnet/core/sdk")
        || path.ends_with("dotnet/nightly/sdk")
    {
        SdkKind::Dotnet
    } else {
        match last {
            "golang" => SdkKind::Go,
            "rust" => SdkKind::Rust,
            "maven" => SdkKind::Maven,
            "gradle" => SdkKind::Gradle,
            "gcc" => SdkKind::Gcc,
            "openjdk"
            | "eclipse-temurin"
            | "amazoncorretto"
            | "sapmachine"
            | "adoptopenjdk"
            | "ibm-semeru-runtimes"
                if !tag_lower.contains("jre") =>
            {
                SdkKind::Jdk
            }
            name if name.contains("jdk") && !name.contains("jre") && !name.contains("runtime") => {
                if tag_lower.contains("jre") {
                    return None;
                }
                SdkKind::Jdk
            }
            "node" | "python" => {
                // The full images (`node:20`, `python:3.12`, `-bookworm`) are built on
                // buildpack-deps and carry gcc, make and headers; `-slim` and `-alpine` do not.
                // A tag that is only a variable could be either: not reported.
                if runtime_variant || (tag_lower.contains('$') && !tag_lower.contains('-')) {
                    return None;
                }
                if tag_lower.contains('$')
                    && !tag_lower.contains("bookworm")
                    && !tag_lower.contains("bullseye")
                    && !tag_lower.contains("trixie")
                    && !tag_lower.contains("buster")
                {
                    return None;
                }
                if last == "node" {
                    SdkKind::Node
                } else {
                    SdkKind::Python
                }
            }
            "buildpack-deps" => {
                if tag_lower.ends_with("-curl")
                    || tag_lower.ends_with("-scm")
                    || tag_lower == "curl"
                    || tag_lower == "scm"
                    || tag_lower.contains('$')
                {
                    return None;
                }
                SdkKind::BuildpackDeps
            }
            _ => return None,
        }
    };
    Some(Sdk { kind, tag })
}

/// Why a stage carries build tooling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tooling {
    SdkImage {
        image: String,
        sdk: Sdk,
    },
    /// The stage is built on an earlier stage that carries tooling.
    BaseStage {
        stage: String,
        base: Box<Tooling>,
    },
    Package {
        manager: String,
        package: String,
    },
    BuildCommand {
        command: String,
    },
}

impl Tooling {
    /// A verb phrase (catalogue text): "uses the SDK image `golang:1.22`".
    pub fn describe_text(&self) -> crate::i18n::Message {
        use crate::i18n::Message;
        match self {
            Tooling::SdkImage { image, .. } => {
                Message::new("tooling-sdk-image").arg("image", image.to_string())
            }
            Tooling::BaseStage { stage, base } => Message::new("tooling-base-stage")
                .arg("stage", stage.to_string())
                .nested("base", base.describe_text()),
            Tooling::Package { manager, package } => Message::new("tooling-package")
                .arg("package", package.to_string())
                .arg("manager", manager.to_string()),
            Tooling::BuildCommand { command } => {
                Message::new("tooling-build-command").arg("command", command.to_string())
            }
        }
    }
}

/// The first piece of evidence that a stage carries build tooling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub tooling: Tooling,
    /// What to underline: the image, the package or the command.
    pub range: TextRange,
    /// Index of the instruction holding it.
    pub instruction: usize,
}

/// The first evidence of build tooling in `stage`, following `FROM <earlier stage>` chains.
pub fn stage_tooling(dockerfile: &Dockerfile, stage: &Stage) -> Option<Evidence> {
    if let Some(sdk) = sdk_of(&stage.image_expanded) {
        return Some(Evidence {
            tooling: Tooling::SdkImage {
                image: stage.image_expanded.clone(),
                sdk,
            },
            range: stage.image.range,
            instruction: stage.from,
        });
    }
    // Built on an earlier stage: inherit its tooling (iteratively, bounded by the chain).
    let chain = dockerfile.stage_chain(stage);
    for base in chain.iter().skip(1) {
        let found = sdk_of(&base.image_expanded)
            .map(|sdk| Tooling::SdkImage {
                image: base.image_expanded.clone(),
                sdk,
            })
            .or_else(|| own_tooling(dockerfile, base).map(|e| e.tooling));
        if let Some(tooling) = found {
            return Some(Evidence {
                tooling: Tooling::BaseStage {
                    stage: base.name.clone().unwrap_or_else(|| base.index.to_string()),
                    base: Box::new(tooling),
                },
                range: stage.image.range,
                instruction: stage.from,
            });
        }
    }
    own_tooling(dockerfile, stage)
}

/// Evidence from the stage's own `RUN`s.
fn own_tooling(dockerfile: &Dockerfile, stage: &Stage) -> Option<Evidence> {
    let mut first_build: Option<Evidence> = None;
    for index in stage.instructions.clone() {
        let Some(instruction) = dockerfile.instructions.get(index) else {
            continue;
        };
        if instruction.keyword != Keyword::Run {
            continue;
        }
        let report = analyse_run(instruction);
        if let Some((package, manager, range)) = report.kept_build_packages.first() {
            return Some(Evidence {
                tooling: Tooling::Package {
                    manager: manager.clone(),
                    package: package.clone(),
                },
                range: *range,
                instruction: index,
            });
        }
        if first_build.is_none() && !report.removes_packages {
            if let Some((command, range)) = report.build_commands.first() {
                first_build = Some(Evidence {
                    tooling: Tooling::BuildCommand {
                        command: command.clone(),
                    },
                    range: *range,
                    instruction: index,
                });
            }
        }
    }
    first_build
}

/// A word of a shell command with its range in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellWord {
    pub value: String,
    pub range: TextRange,
}

/// What one `RUN` does, as far as build tooling goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunReport {
    /// Build-tool packages installed and not removed in the same `RUN`: (package, manager, range).
    pub kept_build_packages: Vec<(String, String, TextRange)>,
    /// Build commands (`go build`), with the range of the command.
    pub build_commands: Vec<(String, TextRange)>,
    /// Whether the `RUN` removes packages (so its build commands leave nothing behind).
    pub removes_packages: bool,
    /// Build outputs named on the command line (`go build -o /app/server`).
    pub outputs: Vec<String>,
}

/// The simple commands of a `RUN`: its shell text, its heredoc bodies, or its exec form.
pub fn run_commands(instruction: &Instruction) -> Vec<Vec<ShellWord>> {
    let mut commands = Vec::new();
    match &instruction.exec {
        Some(words) => commands.push(
            words
                .iter()
                .map(|w| ShellWord {
                    value: w.value.clone(),
                    range: w.range,
                })
                .collect(),
        ),
        None => {
            split_commands(&instruction.args_text, &mut commands, |s, e| {
                instruction.original_range(s, e)
            });
            for heredoc in &instruction.heredocs {
                let body = heredoc.content.as_str();
                let base = heredoc.body.start;
                split_commands(body, &mut commands, |s, e| {
                    TextRange::new(base + s, base + e)
                });
            }
        }
    }
    commands
}

/// The simple commands of a shell script (a Compose `command:` string, the script of `sh -c`),
/// with `base` added to the word ranges. Ranges are exact only where the script is the source
/// text itself (no YAML escapes or folding).
pub fn shell_commands(text: &str, base: usize) -> Vec<Vec<ShellWord>> {
    let mut commands = Vec::new();
    split_commands(text, &mut commands, |s, e| {
        TextRange::new(base + s, base + e)
    });
    commands
}

/// Split shell text into simple commands of words.
fn split_commands(
    text: &str,
    out: &mut Vec<Vec<ShellWord>>,
    map: impl Fn(usize, usize) -> TextRange,
) {
    let mut command: Vec<ShellWord> = Vec::new();
    let mut word = String::new();
    let mut word_start: Option<usize> = None;
    let mut quote: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    let mut skip_next_word = false;
    let flush_word = |word: &mut String,
                      start: &mut Option<usize>,
                      end: usize,
                      command: &mut Vec<ShellWord>,
                      skip: &mut bool| {
        if let Some(s) = start.take() {
            let value = std::mem::take(word);
            let raw = text.get(s..end).unwrap_or("");
            let redirect = raw.starts_with(['>', '<'])
                || raw.starts_with("2>")
                || raw.starts_with("1>")
                || raw.starts_with("&>");
            if *skip {
                *skip = false;
            } else if redirect {
                // `>` alone takes the next word as its target.
                *skip = raw
                    .trim_start_matches(['1', '2', '&'])
                    .trim_start_matches(['>', '<'])
                    .is_empty();
            } else {
                command.push(ShellWord {
                    value,
                    range: map(s, end),
                });
            }
        }
    };
    while let Some((i, c)) = chars.next() {
        match quote {
            Some('\'') => {
                if c == '\'' {
                    quote = None;
                } else {
                    word.push(c);
                }
            }
            Some(q) => {
                if c == q {
                    quote = None;
                } else if c == '\\' {
                    if let Some((_, n)) = chars.next() {
                        word.push(n);
                    }
                } else {
                    word.push(c);
                }
            }
            None => match c {
                '\'' | '"' => {
                    word_start.get_or_insert(i);
                    quote = Some(c);
                }
                '\\' => {
                    word_start.get_or_insert(i);
                    if let Some((_, n)) = chars.next() {
                        if n != '\n' {
                            word.push(n);
                        }
                    }
                }
                ' ' | '\t' | '\r' => flush_word(
                    &mut word,
                    &mut word_start,
                    i,
                    &mut command,
                    &mut skip_next_word,
                ),
                ';' | '&' | '|' | '\n' | '(' | ')' | '`' => {
                    flush_word(
                        &mut word,
                        &mut word_start,
                        i,
                        &mut command,
                        &mut skip_next_word,
                    );
                    skip_next_word = false;
                    if !command.is_empty() {
                        out.push(std::mem::take(&mut command));
                    }
                }
                '#' if word_start.is_none() => {
                    // A shell comment runs to the end of the line.
                    for (_, n) in chars.by_ref() {
                        if n == '\n' {
                            break;
                        }
                    }
                    if !command.is_empty() {
                        out.push(std::mem::take(&mut command));
                    }
                }
                _ => {
                    word_start.get_or_insert(i);
                    word.push(c);
                }
            },
        }
    }
    flush_word(
        &mut word,
        &mut word_start,
        text.len(),
        &mut command,
        &mut skip_next_word,
    );
    if !command.is_empty() {
        out.push(command);
    }
}

/// Drop `VAR=value` prefixes and wrappers (`sudo`, `xargs -r`, `env`, `time`, `nice`, `exec`).
fn strip_prefix(words: &[ShellWord]) -> &[ShellWord] {
    let mut rest = words;
    loop {
        let Some(first) = rest.first() else {
            return rest;
        };
        let v = first.value.as_str();
        let is_assignment = v.split_once('=').is_some_and(|(name, _)| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        if is_assignment
            || matches!(
                v,
                "sudo"
                    | "env"
                    | "time"
                    | "nice"
                    | "exec"
                    | "command"
                    | "then"
                    | "do"
                    | "else"
                    | "elif"
                    | "if"
                    | "while"
                    | "until"
                    | "{"
                    | "!"
            )
        {
            rest = &rest[1..];
            continue;
        }
        if v == "xargs" {
            rest = &rest[1..];
            while rest.first().is_some_and(|w| w.value.starts_with('-')) {
                rest = &rest[1..];
            }
            continue;
        }
        return rest;
    }
}

fn basename(word: &str) -> &str {
    word.rsplit('/').next().unwrap_or(word)
}

/// Options of package managers that take a separate value.
fn takes_value(manager: &str, flag: &str) -> bool {
    match manager {
        "apt-get" | "apt" | "aptitude" => matches!(flag, "-o" | "-t" | "-c" | "--target-release"),
        "apk" => matches!(
            flag,
            "--virtual" | "-t" | "--repository" | "-X" | "--root" | "-p" | "--arch" | "--keys-dir"
        ),
        "dnf" | "yum" | "microdnf" | "tdnf" => matches!(
            flag,
            "-c" | "--config"
                | "--releasever"
                | "--installroot"
                | "--enablerepo"
                | "--disablerepo"
                | "--setopt"
                | "-x"
                | "--exclude"
        ),
        "zypper" => matches!(flag, "--root" | "-R" | "-r" | "--repo"),
        _ => false,
    }
}

/// Whether a package name is build tooling: compilers, make, headers and `-dev` packages.
pub fn is_build_tool_package(package: &str) -> bool {
    let name = normalize_package(package);
    let exact = [
        "gcc",
        "g++",
        "gcc-c++",
        "cc",
        "clang",
        "llvm",
        "make",
        "cmake",
        "build-essential",
        "build-base",
        "autoconf",
        "automake",
        "libtool",
        "bison",
        "flex",
        "cargo",
        "rustc",
        "golang",
        "golang-go",
        "go",
        "maven",
        "gradle",
        "nasm",
        "yasm",
        "meson",
        "ninja",
        "ninja-build",
        "default-jdk",
        "default-jdk-headless",
        "musl-dev",
        "libc-dev",
    ];
    exact.contains(&name.as_str())
        || ["gcc-", "g++-", "clang-", "llvm-", "openjdk-"]
            .iter()
            .any(|p| name.starts_with(p) && !name.contains("jre") && !name.contains("libs"))
            && !name.starts_with("llvm-libs")
        || name.ends_with("-dev")
        || name.ends_with("-devel")
        || name.ends_with("-headers")
        || name.ends_with("-jdk")
        || name.ends_with("-jdk-headless")
        || (name.starts_with("java-") && name.ends_with("-devel"))
        || name == "development tools"
        || name == "@development-tools"
}

/// `gcc=4:12.2.0-3` → `gcc`, `libpq-dev:amd64` → `libpq-dev`, `make>=4` → `make`.
fn normalize_package(package: &str) -> String {
    let cut = package
        .find(['=', '<', '>', '~', '@'])
        .unwrap_or(package.len());
    let name = &package[..cut];
    let name = match name.rfind(':') {
        Some(colon) if !name[colon + 1..].contains('/') => &name[..colon],
        _ => name,
    };
    name.to_ascii_lowercase()
}

/// Analyse one `RUN`.
pub fn analyse_run(instruction: &Instruction) -> RunReport {
    let commands = run_commands(instruction);
    let mut report = RunReport::default();
    // (package, manager, range, virtual group)
    let mut installed: Vec<(String, String, TextRange, Option<String>)> = Vec::new();
    let mut removed: Vec<String> = Vec::new();
    let mut apt_mark_auto = false;
    let mut apt_auto_remove = false;
    for command in &commands {
        let words = strip_prefix(command);
        let Some(first) = words.first() else {
            continue;
        };
        let program = basename(&first.value);
        let args = &words[1..];
        match program {
            "apt-get" | "apt" | "aptitude" | "apk" | "dnf" | "yum" | "microdnf" | "tdnf"
            | "zypper" => {
                let manager = program.to_string();
                let mut subcommand: Option<String> = None;
                let mut virtual_group = None;
                let mut packages: Vec<&ShellWord> = Vec::new();
                let mut auto_remove = false;
                let mut index = 0;
                while index < args.len() {
                    let word = &args[index];
                    let v = word.value.as_str();
                    if v.starts_with('-') {
                        let flag = v.split('=').next().unwrap_or(v);
                        if (flag == "--virtual" || flag == "-t") && manager == "apk" {
                            virtual_group = match v.split_once('=') {
                                Some((_, group)) => Some(group.to_string()),
                                None => args.get(index + 1).map(|w| w.value.clone()),
                            };
                        }
                        if flag == "--auto-remove" || flag == "--autoremove" {
                            auto_remove = true;
                        }
                        if !v.contains('=') && takes_value(&manager, flag) {
                            index += 1;
                        }
                    } else if subcommand.is_none() {
                        subcommand = Some(v.to_ascii_lowercase());
                    } else if subcommand.as_deref() == Some("group")
                        && packages.is_empty()
                        && matches!(v, "install" | "remove")
                    {
                        subcommand = Some(format!("group{v}"));
                    } else if !v.is_empty() && !v.starts_with('$') {
                        packages.push(word);
                    }
                    index += 1;
                }
                match subcommand.as_deref() {
                    Some("install" | "add" | "in" | "groupinstall" | "reinstall") => {
                        if subcommand.as_deref() == Some("groupinstall") {
                            let group = packages
                                .iter()
                                .map(|w| w.value.as_str())
                                .collect::<Vec<_>>()
                                .join(" ")
                                .to_ascii_lowercase();
                            if group.contains("development") {
                                if let Some(first) = packages.first() {
                                    installed.push((
                                        "Development Tools".into(),
                                        manager.clone(),
                                        first.range,
                                        None,
                                    ));
                                }
                            }
                            continue;
                        }
                        for word in packages {
                            if is_build_tool_package(&word.value) {
                                installed.push((
                                    normalize_package(&word.value),
                                    manager.clone(),
                                    word.range,
                                    virtual_group.clone(),
                                ));
                            }
                        }
                    }
                    Some("build-dep") => {
                        if let Some(first) = packages.first() {
                            installed.push((
                                format!("build-dep {}", first.value),
                                manager.clone(),
                                first.range,
                                None,
                            ));
                        }
                    }
                    Some("purge" | "remove" | "del" | "erase" | "rm" | "autoremove") => {
                        report.removes_packages = true;
                        if auto_remove || subcommand.as_deref() == Some("autoremove") {
                            apt_auto_remove = true;
                        }
                        removed.extend(packages.iter().map(|w| normalize_package(&w.value)));
                    }
                    _ => {}
                }
            }
            "apt-mark" => {
                if args.first().is_some_and(|w| w.value == "auto") {
                    apt_mark_auto = true;
                }
            }
            _ => {
                if let Some((build, used)) = build_command(program, args) {
                    let range = args
                        .get(..used)
                        .and_then(<[ShellWord]>::last)
                        .map_or(first.range, |last| first.range.cover(last.range));
                    report.build_commands.push((build, range));
                }
                if let Some(output) = build_output(program, args) {
                    report.outputs.push(output);
                }
            }
        }
    }
    let apt_everything_removed = apt_mark_auto && apt_auto_remove;
    for (package, manager, range, group) in installed {
        let is_apt = matches!(manager.as_str(), "apt-get" | "apt" | "aptitude");
        let gone = removed.contains(&package)
            || group
                .as_ref()
                .is_some_and(|g| removed.contains(&g.to_ascii_lowercase()))
            || (is_apt && apt_everything_removed);
        if !gone {
            report.kept_build_packages.push((package, manager, range));
        }
    }
    report
}

/// A build command: `go build`, `cargo build`, `mvn package`, `npm run build`, `make`...
/// Returns the command and how many of `args` it spans.
fn build_command(program: &str, args: &[ShellWord]) -> Option<(String, usize)> {
    let arg = |i: usize| args.get(i).map_or("", |w| w.value.as_str());
    let positional: Vec<&str> = args
        .iter()
        .map(|w| w.value.as_str())
        .filter(|v| !v.starts_with('-'))
        .collect();
    let mut used = 1;
    let command = match program {
        "go" if matches!(arg(0), "build" | "install") => format!("go {}", arg(0)),
        "cargo" if matches!(arg(0), "build" | "install") => format!("cargo {}", arg(0)),
        "mvn" | "mvnw" => {
            used = 0;
            let phase = positional
                .iter()
                .find(|p| matches!(**p, "package" | "install" | "verify" | "deploy"))?;
            format!("{program} {phase}")
        }
        "gradle" | "gradlew" => {
            used = 0;
            let task = positional.iter().find(|p| {
                matches!(
                    **p,
                    "build" | "assemble" | "bootJar" | "shadowJar" | "installDist" | "jar"
                )
            })?;
            format!("{program} {task}")
        }
        "npm" | "bun" if matches!(arg(0), "run" | "run-script") && arg(1) == "build" => {
            used = 2;
            format!("{program} run build")
        }
        "yarn" | "pnpm" if arg(0) == "build" || (arg(0) == "run" && arg(1) == "build") => {
            used = if arg(0) == "run" { 2 } else { 1 };
            format!("{program} build")
        }
        "dotnet" if matches!(arg(0), "publish" | "build") => format!("dotnet {}", arg(0)),
        "make" | "gmake" | "cmake" | "configure" => {
            used = 0;
            program.to_string()
        }
        _ => return None,
    };
    Some((command, used))
}

/// An output path named on a build command line.
fn build_output(program: &str, args: &[ShellWord]) -> Option<String> {
    let value_of = |names: &[&str]| -> Option<String> {
        let mut iter = args.iter();
        while let Some(word) = iter.next() {
            for name in names {
                if word.value == *name {
                    return iter.next().map(|w| w.value.clone());
                }
                if let Some(v) = word.value.strip_prefix(&format!("{name}=")) {
                    return Some(v.to_string());
                }
            }
        }
        None
    };
    match program {
        "go" if args.first().is_some_and(|w| w.value == "build") => value_of(&["-o"]),
        "dotnet" if args.first().is_some_and(|w| w.value == "publish") => {
            value_of(&["-o", "--output"])
        }
        "cargo" if args.first().is_some_and(|w| w.value == "build") => {
            if args
                .iter()
                .any(|w| w.value == "--release" || w.value == "-r")
            {
                Some("target/release".into())
            } else {
                Some("target/debug".into())
            }
        }
        "mvn" | "mvnw" => Some("target".into()),
        "gradle" | "gradlew" => Some("build/libs".into()),
        _ => None,
    }
}
