use crate::checker::Checker;
use crate::dockerfile::{Dockerfile, Instruction, Keyword, Stage};
use crate::rule::{declare_rule, Violation};
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Checks that `COPY --from=<stage>` and `RUN --mount=from=<stage>` name a stage defined
    /// *before* the instruction, and not the instruction's own stage.
    ///
    /// A `--from` value is read the way BuildKit reads it:
    /// - a number (`--from=0`) is a stage index: it must be lower than the current stage's index;
    /// - a name that matches an earlier stage's `AS` name (case-insensitively) is that stage;
    /// - a name that matches the current stage, or only a *later* stage, is reported: BuildKit
    ///   either fails or, worse, silently pulls an image of that name from Docker Hub;
    /// - a plain name with no tag, digest or registry (`--from=biuld`, `--from=golang`) that is no
    ///   stage of a file whose stages have names is reported as a warning: it is a typo of a
    ///   stage (the message names the nearest stage name when one is close), an image pulled
    ///   from Docker Hub untagged, or a named build context that a compose
    ///   `build.additional_contexts`, a bake file or `docker build --build-context` provides
    ///   (suppress it there: shipshape reads the Dockerfile alone);
    /// - anything else (`--from=nginx:1.27`, `--from=ghcr.io/x/y`, any name in a file whose
    ///   stages are unnamed) is an image reference and is not reported, as is a value containing
    ///   a variable (`--from=${BASE}`).
    ///
    /// This is close to hadolint's DL3022, which reports every `--from` name that is not an
    /// earlier alias, and matches its DL3023 (`COPY --from` cannot reference its own `FROM`
    /// alias).
    ///
    /// ## Why is this bad?
    /// Stages are built in dependency order, and a stage can only copy from stages that exist
    /// independently of it. Copying from its own stage is a cycle that BuildKit rejects; a name
    /// defined only later is usually a typo or a reordering mistake, and a plain name that is not
    /// a stage yet is resolved as an image on Docker Hub, which can pull an attacker-controlled
    /// image into the build.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// COPY --from=assets /dist /app/static
    /// RUN go build -o /out/app .
    ///
    /// FROM node:20 AS assets
    /// RUN npm run build
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20 AS assets
    /// RUN npm run build
    ///
    /// FROM golang:1.22 AS build
    /// COPY --from=assets /dist /app/static
    /// RUN go build -o /out/app .
    /// ```
    ///
    /// To suppress: `# shipshape ignore=SS203 -- reason` on the line before the instruction.
    ///
    /// ## References
    /// - [Dockerfile reference: COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
    /// - [Multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
    /// - hadolint DL3022, DL3023
    pub struct CopyFromUnknownStage {
        pub stage: String,
        pub own_stage: bool,
        pub instruction: String,
        pub earlier_stages: Option<usize>,
        pub unknown: Option<Option<String>>,
    }
    code = "SS203",
    name = "copy-from-unknown-stage",
    summary = "`COPY --from` names a stage that is not defined before it",
    severity = Error,
    kinds = [Dockerfile],
    fix = None,
    since = "0.1.0",
    sources = [crate::rule::Source::Hadolint("DL3022"), crate::rule::Source::Hadolint("DL3023")],
}

impl Violation for CopyFromUnknownStage {
    fn severity(&self) -> crate::finding::Severity {
        if self.unknown.is_some() {
            crate::finding::Severity::Warning
        } else {
            <Self as crate::registry::Rule>::META.severity
        }
    }

    fn text(&self) -> crate::i18n::Message {
        let text = |id| {
            crate::i18n::Message::new(id)
                .arg("instruction", self.instruction.to_string())
                .arg("stage", self.stage.to_string())
        };
        match (&self.unknown, self.own_stage, &self.earlier_stages) {
            (Some(Some(nearest)), _, _) => {
                text("SS203-unknown-near").arg("nearest", nearest.to_string())
            }
            (Some(None), _, _) => text("SS203-unknown"),
            (None, true, _) => text("SS203-own-stage"),
            (None, false, Some(count)) => text("SS203-index").arg("count", count.to_string()),
            (None, false, None) => text("SS203-later"),
        }
    }
}

// ---- dockerfile ----

pub(crate) fn check_dockerfile(dockerfile: &Dockerfile, checker: &mut Checker) {
    for stage in &dockerfile.stages {
        for index in stage.instructions.clone() {
            let Some(instruction) = dockerfile.instructions.get(index) else {
                continue;
            };
            for (label, value, range) in from_references(instruction) {
                if let Some(violation) = judge(dockerfile, stage, &label, &value) {
                    checker
                        .report(violation, range)
                        .object(stage.label())
                        .anchor(instruction.range.start);
                }
            }
        }
    }
}

/// `--from` values of `COPY`/`ADD` and `from=` fields of `RUN --mount`, with a label for the
/// message (`COPY --from=build`) and the value's range.
fn from_references(instruction: &Instruction) -> Vec<(String, String, TextRange)> {
    let mut out = Vec::new();
    match instruction.keyword {
        Keyword::Copy | Keyword::Add => {
            for flag in &instruction.flags {
                if flag.name == "from" {
                    if let (Some(value), Some(range)) = (&flag.value, flag.value_range) {
                        out.push((
                            format!("{} --from={value}", instruction.keyword),
                            value.clone(),
                            range,
                        ));
                    }
                }
            }
        }
        Keyword::Run => {
            for flag in &instruction.flags {
                if flag.name == "mount" {
                    if let Some((value, range)) = flag.field("from") {
                        out.push((format!("RUN --mount=from={value}"), value, range));
                    }
                }
            }
        }
        _ => {}
    }
    out
}

fn judge(
    dockerfile: &Dockerfile,
    stage: &Stage,
    label: &str,
    value: &str,
) -> Option<CopyFromUnknownStage> {
    let value = value.trim();
    if value.is_empty() || value.contains('$') {
        return None;
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        let index = value.parse::<usize>().unwrap_or(usize::MAX);
        if index < stage.index {
            return None;
        }
        return Some(CopyFromUnknownStage {
            stage: value.to_string(),
            own_stage: index == stage.index,
            instruction: label.to_string(),
            earlier_stages: (index != stage.index).then_some(stage.index),
            unknown: None,
        });
    }
    let lower = value.to_ascii_lowercase();
    let earlier = dockerfile.stages.get(..stage.index).unwrap_or(&[]);
    if earlier.iter().any(|s| s.name.as_deref() == Some(&lower)) {
        return None;
    }
    if stage.name.as_deref() == Some(&lower) {
        return Some(CopyFromUnknownStage {
            stage: lower,
            own_stage: true,
            instruction: label.to_string(),
            earlier_stages: None,
            unknown: None,
        });
    }
    let later = dockerfile
        .stages
        .get(stage.index + 1..)
        .unwrap_or(&[])
        .iter()
        .any(|s| s.name.as_deref() == Some(&lower));
    if later {
        return Some(CopyFromUnknownStage {
            stage: lower,
            own_stage: false,
            instruction: label.to_string(),
            earlier_stages: None,
            unknown: None,
        });
    }
    // A plain name (no tag, digest, registry or path) in a file whose stages have names.
    let names: Vec<&str> = dockerfile
        .stages
        .iter()
        .filter_map(|s| s.name.as_deref())
        .collect();
    let plain = !value.contains([':', '@', '/', '.']) && lower != "scratch";
    if !plain || names.is_empty() {
        return None;
    }
    // A stage named `license-set` for `--from=set` first, else the closest spelling.
    let affixed = names.iter().find(|name| {
        name.ends_with(&format!("-{lower}"))
            || name.ends_with(&format!("_{lower}"))
            || name.starts_with(&format!("{lower}-"))
    });
    let nearest = affixed.map(|name| name.to_string()).or_else(|| {
        names
            .iter()
            .map(|name| (distance(&lower, name), *name))
            .filter(|(d, name)| *d <= 2 && *d < name.len().max(lower.len()) / 2 + 1)
            .min()
            .map(|(_, name)| name.to_string())
    });
    Some(CopyFromUnknownStage {
        stage: lower,
        own_stage: false,
        instruction: label.to_string(),
        earlier_stages: None,
        unknown: Some(nearest),
    })
}

/// Levenshtein distance (names are short; anything over 64 bytes counts as far).
fn distance(a: &str, b: &str) -> usize {
    if a.len() > 64 || b.len() > 64 {
        return usize::MAX;
    }
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current[j + 1] = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use crate::dockerfile::test_support::{check_code, Hit};

    #[test]
    fn plain_names_that_are_no_stage() {
        let text = "FROM golang:1.22 AS build\nFROM alpine\nCOPY --from=biuld /a /a\nCOPY --from=nginx:1.27 /b /b\nCOPY --from=ghcr.io/x/y /c /c\n";
        assert_eq!(
            check_code(text, "SS203"),
            vec![Hit::new(3, 13, "biuld", "`COPY --from=biuld` names no stage of this file: a typo of stage `build`, an image pulled from Docker Hub untagged, or a named build context given outside the file")]
        );
        let affix = "FROM alpine AS license-set\nFROM alpine AS test\nCOPY --from=set /out /\n";
        assert!(check_code(affix, "SS203")[0]
            .message
            .contains("a typo of stage `license-set`"));
        // Stages without names: a plain name can only be an image.
        let unnamed = "FROM golang:1.22\nFROM alpine\nCOPY --from=busybox /bin/sh /sh\n";
        assert!(check_code(unnamed, "SS203").is_empty());
    }

    #[test]
    fn reports_own_later_and_out_of_range_stages() {
        let text = "FROM alpine AS base\nCOPY --from=base /a /a\nCOPY --from=later /b /b\nCOPY --from=0 /c /c\nFROM base AS later\nCOPY --from=0 /d /d\nCOPY --from=BASE /e /e\nCOPY --from=5 /f /f\nCOPY --from=nginx:latest /g /g\nCOPY --from=golang /h /h\nRUN --mount=type=cache,from=later,target=/x true\nCOPY --from=${X} /i /i\n";
        let hits = check_code(text, "SS203");
        assert_eq!(
            hits,
            vec![
                Hit::new(2, 13, "base", "`COPY --from=base` refers to its own stage `base`, and a stage cannot copy from itself"),
                Hit::new(3, 13, "later", "`COPY --from=later` names stage `later`, which is only defined after this instruction"),
                Hit::new(4, 13, "0", "`COPY --from=0` refers to its own stage `0`, and a stage cannot copy from itself"),
                Hit::new(8, 13, "5", "`COPY --from=5` refers to stage index 5, but only 1 stage(s) are defined before it"),
                Hit::new(10, 13, "golang", "`COPY --from=golang` names no stage of this file: a typo of a stage name, an image pulled from Docker Hub untagged, or a named build context given outside the file"),
                Hit::new(11, 29, "later", "`RUN --mount=from=later` refers to its own stage `later`, and a stage cannot copy from itself"),
            ]
        );
    }
}
