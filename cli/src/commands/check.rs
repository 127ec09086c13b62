//! `shipshape check [PATHS]`.

use std::io::Write;

use anyhow::Result;

use super::ExitStatus;
use crate::args::{CheckArgs, ColorArg};
use crate::output::{self, ignore_broken_pipe, Options};

pub fn check(args: &CheckArgs, color: ColorArg) -> Result<ExitStatus> {
    let run = super::run(&args.paths, &args.common)?;
    let mut out = output::stdout(color);
    ignore_broken_pipe(
        output::write(
            args.common.format,
            &run.files,
            &mut out,
            Options {
                quiet: args.common.quiet,
            },
        )
        .and_then(|()| out.flush()),
    )?;
    Ok(run.status())
}
