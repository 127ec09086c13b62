//! `shipshape check [PATHS]`.

use std::io::Write;

use anyhow::{bail, Context, Result};

use super::ExitStatus;
use crate::args::{CheckArgs, ColorArg, OutputFormat};
use shipshape_core::i18n::Message;
use shipshape_workspace::fs::absolute;
use shipshape_workspace::render::text::counted;
use shipshape_workspace::render::{self, text};
use shipshape_workspace::{Baseline, BaselineChoice, NativeFileSystem};

use crate::output::{self, ignore_broken_pipe, Options};

pub fn check(
    args: &CheckArgs,
    color: ColorArg,
    locale: shipshape_core::Locale,
) -> Result<ExitStatus> {
    if args.statistics && args.common.format != OutputFormat::Text {
        // Machine formats keep one result per finding; statistics are for people.
        bail!(
            "{}",
            Message::new("cli-statistics-text-only").render(locale)
        );
    }
    let mut run = super::run(&args.paths, &args.common, locale)?;
    let (cwd, root) = (run.cwd.clone(), run.root.clone());
    let hidden_by_baseline = match &args.write_baseline {
        Some(path) => {
            let file = absolute(&cwd, path);
            let dir = file.parent().unwrap_or(&cwd);
            let baseline = Baseline::of(&run.files, dir);
            std::fs::write(&file, baseline.to_json()).with_context(|| {
                Message::new("cli-baseline-unwritable")
                    .arg("path", path.display().to_string())
                    .render(locale)
            })?;
            if !args.common.quiet {
                eprintln!(
                    "{}",
                    Message::new("cli-baseline-written")
                        .arg("findings", counted(locale, baseline.len(), "finding"))
                        .arg("path", path.display().to_string())
                        .render(locale)
                );
            }
            baseline.filter(&mut run.files)
        }
        None => {
            let choice = match (&args.baseline, args.no_baseline) {
                (_, true) => BaselineChoice::Off,
                (Some(path), false) => BaselineChoice::File(absolute(&cwd, path)),
                (None, false) => BaselineChoice::Configured,
            };
            shipshape_workspace::baseline::apply(&NativeFileSystem, &choice, &mut run.files, &root)
                .map_err(|error| anyhow::anyhow!("{error}"))?
        }
    };
    let options = Options {
        quiet: args.common.quiet,
        fail_on: run.fail_on,
        hidden_by_baseline,
        locale,
    };
    // `--statistics` is text only (checked above), so the format picks the stream for both.
    let format = args.common.format.into();
    let mut out = output::report_stdout(color, format);
    let written = if args.statistics {
        text::write_statistics(&run.files, &mut out, options)
    } else {
        render::write(format, &run.files, &mut out, options)
    };
    ignore_broken_pipe(written.and_then(|()| out.flush()))?;
    Ok(run.status())
}
