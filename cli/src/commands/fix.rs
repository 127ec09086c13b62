//! `shipshape fix [--unsafe-fixes] [--diff] [PATHS]`: `core::fix::fix_document` per file, written
//! back only when it changed; `--diff` prints a unified diff with secrets masked instead,
//! `--patch FILE` writes the exact patch to a private file; `fix -` writes the fixed text to
//! stdout.

use std::io::Write;

use anyhow::Result;
use rayon::prelude::*;
use shipshape_core::fix::fix_document_with;
use shipshape_core::{Applicability, FileKind, LineIndex};

use super::diff::{self, Side};
use super::{ExitStatus, Run};
use crate::args::{ColorArg, FixArgs, OutputFormat};
use shipshape_workspace::{render, CheckedFile, Checks};

use crate::cli_error;
use crate::output::{self, ignore_broken_pipe, Counts, Options};
use shipshape_core::i18n::Message;
use shipshape_workspace::render::text::counted;

/// One file after fixing: the text fixes produced, when they changed anything.
struct Fixed {
    text: Option<String>,
    applied: usize,
}

pub fn fix(args: &FixArgs, color: ColorArg, locale: shipshape_core::Locale) -> Result<ExitStatus> {
    if args
        .patch
        .as_deref()
        .is_some_and(|path| path.as_os_str() == "-")
    {
        eprintln!("{}", cli_error(locale, Message::new("cli-patch-stdout")));
        return Ok(ExitStatus::Error);
    }
    let run = super::run(&args.paths, &args.common, locale)?;
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
    // `--diff` and `--patch` preview: nothing is written but the patch file.
    let preview = args.diff || args.patch.is_some();

    let mut out = output::stdout(color);
    let mut had_io_errors = run.had_io_errors;
    let mut changed_files = 0;
    let mut applied = 0;
    let mut stdout_text = String::new();
    for (file, result) in run.files.iter().zip(&fixed) {
        if result.text.is_some() {
            changed_files += 1;
            applied += result.applied;
        }
        match &file.file {
            // `fix -`: the fixed (or unchanged) text goes to stdout.
            None if !preview => {
                stdout_text.push_str(result.text.as_deref().unwrap_or(&file.text));
            }
            None => {}
            Some(path) => {
                if let (Some(text), false) = (&result.text, preview) {
                    if let Err(error) = std::fs::write(path, text) {
                        eprintln!(
                            "{}",
                            cli_error(
                                locale,
                                Message::new("cli-write-fixed-failed")
                                    .arg("path", file.path.clone())
                                    .arg("reason", error.to_string())
                            )
                        );
                        had_io_errors = true;
                    }
                }
            }
        }
    }
    let remaining = after(&run, &fixed);
    let counts = Counts::of(&remaining.files);
    let more_unsafe = if !args.unsafe_fixes && counts.unsafe_fixable > 0 {
        Message::new("fix-summary-more-unsafe")
            .arg("count", counts.unsafe_fixable.to_string())
            .render(locale)
    } else {
        String::new()
    };
    let findings = counted(locale, applied, "finding");
    let files = counted(locale, changed_files, "file");

    if preview {
        let mut patch = String::new();
        for ((file, result), now) in run.files.iter().zip(&fixed).zip(&remaining.files) {
            let Some(text) = &result.text else {
                continue;
            };
            if args.diff {
                // Each side masks the secrets of its own text, where they are.
                stdout_text.push_str(&diff::unified_diff(
                    &file.path,
                    &Side::masked(&file.text, &file.findings),
                    &Side::masked(text, &now.findings),
                ));
            }
            if args.patch.is_some() {
                patch.push_str(&diff::unified_diff(
                    &file.path,
                    &Side::exact(&file.text),
                    &Side::exact(text),
                ));
            }
        }
        let mut patch_written = false;
        if let Some(path) = &args.patch {
            match write_private(path, &patch) {
                Ok(()) => patch_written = true,
                Err(error) => {
                    eprintln!(
                        "{}",
                        cli_error(
                            locale,
                            Message::new("cli-write-patch-failed")
                                .arg("path", path.display().to_string())
                                .arg("reason", error.to_string())
                        )
                    );
                    had_io_errors = true;
                }
            }
        }
        ignore_broken_pipe(
            out.write_all(stdout_text.as_bytes())
                .and_then(|()| out.flush()),
        )?;
        if !args.common.quiet {
            let would = Message::new("fix-summary-would")
                .arg("findings", findings)
                .arg("files", files)
                .render(locale);
            eprintln!("{would}{more_unsafe}");
            if let (Some(path), true) = (&args.patch, patch_written) {
                eprintln!(
                    "{}",
                    Message::new("fix-patch-written")
                        .arg("path", path.display().to_string())
                        .render(locale)
                );
            }
        }
        return Ok(if had_io_errors {
            ExitStatus::Error
        } else if changed_files > 0 {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        });
    }

    let reads_stdin = run.files.iter().any(|file| file.file.is_none());
    if reads_stdin {
        // Stdout holds the fixed text: the summary goes to stderr.
        ignore_broken_pipe(
            out.write_all(stdout_text.as_bytes())
                .and_then(|()| out.flush()),
        )?;
        if !args.common.quiet {
            eprintln!(
                "{}",
                Message::new("fix-summary-fixed")
                    .arg("findings", findings)
                    .arg("files", files)
                    .render(locale)
            );
        }
        return Ok(if had_io_errors {
            ExitStatus::Error
        } else {
            remaining.status()
        });
    }

    let summary = Message::new("fix-summary-remaining")
        .arg("findings", findings)
        .arg("files", files)
        .arg("remaining", counts.findings.to_string())
        .render(locale)
        + &more_unsafe;
    ignore_broken_pipe(
        render::write(
            args.common.format.into(),
            &remaining.files,
            &mut out,
            Options {
                quiet: true,
                fail_on: run.fail_on,
                locale,
                ..Options::default()
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

/// Write `text` to `path`, readable by its owner only (mode 0600 on Unix): a patch holds the
/// secrets the masked diff hides. An existing file is narrowed to 0600 before it is written.
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(text.as_bytes())?;
    file.flush()
}

fn fix_file(file: &CheckedFile, threshold: Applicability, checks: &Checks) -> Fixed {
    if !file.complete || file.kind == FileKind::Other {
        return Fixed {
            text: None,
            applied: 0,
        };
    }
    let document = file.document(&file.text);
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
                around: file.around.clone(),
                config: file.config.clone(),
            },
            Some(text) => {
                let document = file.document(text);
                CheckedFile {
                    path: file.path.clone(),
                    file: file.file.clone(),
                    kind: file.kind,
                    findings: run.checks.check(&document, &file.config),
                    lines: LineIndex::new(text),
                    text: text.clone(),
                    complete: true,
                    around: file.around.clone(),
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
        cwd: run.cwd.clone(),
        root: run.root.clone(),
    }
}
