//! `shipshape fix [--unsafe-fixes] [--diff] [PATHS]`: `core::fix::fix_document` per file, written
//! back only when it changed; `--diff` prints a unified diff instead; `fix -` writes the fixed
//! text to stdout.

use std::io::Write;

use anyhow::Result;
use rayon::prelude::*;
use shipshape_core::fix::fix_document_with;
use shipshape_core::secrets::{find_credentials, redact};
use shipshape_core::{Applicability, Document, FileKind, LineIndex};

use super::{ExitStatus, Run};
use crate::args::{ColorArg, FixArgs, OutputFormat};
use shipshape_workspace::{render, CheckedFile, Checks};

use crate::output::{self, ignore_broken_pipe, plural, Counts, Options};

/// One file after fixing: the text fixes produced, when they changed anything.
struct Fixed {
    text: Option<String>,
    applied: usize,
}

pub fn fix(args: &FixArgs, color: ColorArg) -> Result<ExitStatus> {
    let run = super::run(&args.paths, &args.common)?;
    let threshold = if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let fixed: Vec<Fixed> = run
        .files
        .par_iter()
        .map(|file| fix_file(file, threshold, &run.checks))
        .collect();

    let mut out = output::stdout(color);
    let mut had_io_errors = run.had_io_errors;
    let mut changed_files = 0;
    let mut applied = 0;
    let mut stdout_text = String::new();
    for (file, result) in run.files.iter().zip(&fixed) {
        if let Some(text) = &result.text {
            changed_files += 1;
            applied += result.applied;
            if args.diff {
                let secrets = secret_values(file);
                stdout_text.push_str(&unified_diff(
                    &file.path,
                    &mask(&file.text, &secrets),
                    &mask(text, &secrets),
                ));
                continue;
            }
        }
        match &file.file {
            // `fix -`: the fixed (or unchanged) text goes to stdout.
            None if !args.diff => {
                stdout_text.push_str(result.text.as_deref().unwrap_or(&file.text));
            }
            None => {}
            Some(path) => {
                if let (Some(text), false) = (&result.text, args.diff) {
                    if let Err(error) = std::fs::write(path, text) {
                        eprintln!("error: {}: cannot write the fixed file: {error}", file.path);
                        had_io_errors = true;
                    }
                }
            }
        }
    }

    let reads_stdin = run.files.iter().any(|file| file.file.is_none());
    if args.diff || reads_stdin {
        // Stdout holds the diff or the fixed text: the summary goes to stderr.
        ignore_broken_pipe(
            out.write_all(stdout_text.as_bytes())
                .and_then(|()| out.flush()),
        )?;
        if !args.common.quiet {
            let verb = if args.diff { "Would fix" } else { "Fixed" };
            eprintln!(
                "{verb} {} in {}",
                plural(applied, "finding"),
                plural(changed_files, "file")
            );
        }
        let status = if had_io_errors {
            ExitStatus::Error
        } else if args.diff {
            if changed_files > 0 {
                ExitStatus::Failure
            } else {
                ExitStatus::Success
            }
        } else {
            after(&run, &fixed).status()
        };
        return Ok(status);
    }

    let remaining = after(&run, &fixed);
    let counts = Counts::of(&remaining.files);
    let mut summary = format!(
        "Fixed {} in {} ({} remaining)",
        plural(applied, "finding"),
        plural(changed_files, "file"),
        counts.findings
    );
    if !args.unsafe_fixes && counts.unsafe_fixable > 0 {
        summary.push_str(&format!(
            "; {} more fixable with `--unsafe-fixes`",
            counts.unsafe_fixable
        ));
    }
    ignore_broken_pipe(
        render::write(
            args.common.format.into(),
            &remaining.files,
            &mut out,
            Options {
                quiet: true,
                fail_on: run.fail_on,
            },
        )
        .and_then(|()| {
            if args.common.quiet {
                Ok(())
            } else if args.common.format == OutputFormat::Text {
                writeln!(out, "{summary}")
            } else {
                eprintln!("{summary}");
                Ok(())
            }
        })
        .and_then(|()| out.flush()),
    )?;
    if had_io_errors {
        return Ok(ExitStatus::Error);
    }
    Ok(remaining.status())
}

fn fix_file(file: &CheckedFile, threshold: Applicability, checks: &Checks) -> Fixed {
    if !file.complete || file.kind == FileKind::Other {
        return Fixed {
            text: None,
            applied: 0,
        };
    }
    let document =
        Document::new(&file.path, &file.text, file.kind).with_helm_chart(file.in_helm_chart);
    // The built-in rules and the plugins, as in the check: plugin fixes apply too.
    let outcome = fix_document_with(&document, threshold, |current| {
        checks.check(current, &file.config)
    });
    Fixed {
        applied: outcome.applied,
        text: (outcome.text != file.text).then_some(outcome.text),
    }
}

/// The run as it is after the fixes: changed files checked again.
fn after(run: &Run, fixed: &[Fixed]) -> Run {
    let files = run
        .files
        .iter()
        .zip(fixed)
        .map(|(file, result)| match &result.text {
            None => CheckedFile {
                path: file.path.clone(),
                file: file.file.clone(),
                kind: file.kind,
                text: file.text.clone(),
                complete: file.complete,
                lines: file.lines.clone(),
                findings: file.findings.clone(),
                in_helm_chart: file.in_helm_chart,
                config: file.config.clone(),
            },
            Some(text) => {
                let document =
                    Document::new(&file.path, text, file.kind).with_helm_chart(file.in_helm_chart);
                CheckedFile {
                    path: file.path.clone(),
                    file: file.file.clone(),
                    kind: file.kind,
                    findings: run.checks.check(&document, &file.config),
                    lines: LineIndex::new(text),
                    text: text.clone(),
                    complete: true,
                    in_helm_chart: file.in_helm_chart,
                    config: file.config.clone(),
                }
            }
        })
        .collect();
    Run {
        files,
        checks: run.checks.clone(),
        had_io_errors: run.had_io_errors,
        fail_on: run.fail_on,
    }
}

/// The secret values in a file: the findings' `redact` ranges and known credential formats.
fn secret_values(file: &CheckedFile) -> Vec<String> {
    let mut values: Vec<String> = file
        .findings
        .iter()
        .filter_map(|finding| finding.redact)
        .filter_map(|range| file.text.get(range.start..range.end))
        .map(str::to_string)
        .chain(
            find_credentials(&file.text, 0)
                .into_iter()
                .filter_map(|found| file.text.get(found.secret.start..found.secret.end))
                .map(str::to_string),
        )
        .filter(|value| value.len() >= MIN_MASKED_LEN)
        .collect();
    // Longest first, so that a value containing another is masked whole.
    values.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    values.dedup();
    values
}

/// Values shorter than this are not masked in diffs (masking every `abc` would garble them).
const MIN_MASKED_LEN: usize = 4;

/// `text` with every occurrence of each secret value redacted, for `--diff`: a diff shows
/// context lines, and secrets never leave in full (SPEC section 7). The diff is then for
/// review, not for `patch`.
fn mask(text: &str, secrets: &[String]) -> String {
    let mut masked = text.to_string();
    for value in secrets {
        if masked.contains(value.as_str()) {
            masked = masked.replace(value.as_str(), &redact(value));
        }
    }
    masked
}

/// `--- a/path` / `+++ b/path` unified diff with three lines of context.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diffs_mask_secret_values_on_both_sides() {
        let old = "ENV A=hunter2secret\nENV B=1\n";
        let new = "ENV A=hunter2secret\nENV B=2\n";
        let secrets = vec!["hunter2secret".to_string()];
        let diff = unified_diff("Dockerfile", &mask(old, &secrets), &mask(new, &secrets));
        assert_eq!(
            diff,
            "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,2 +1,2 @@\n ENV A=hun***\n-ENV B=1\n+ENV B=2\n"
        );
    }
}
