//! `shipshape check [PATHS]`.

use std::io::Write;

use anyhow::Result;

use super::ExitStatus;
use crate::args::{CheckArgs, ColorArg};
use shipshape_workspace::render;

use crate::output::{self, ignore_broken_pipe, Options};

pub fn check(args: &CheckArgs, color: ColorArg) -> Result<ExitStatus> {
    let run = super::run(&args.paths, &args.common)?;
    let mut out = output::stdout(color);
    ignore_broken_pipe(
        render::write(
            args.common.format.into(),
            &run.files,
            &mut out,
            Options {
                quiet: args.common.quiet,
                fail_on: run.fail_on,
            },
        )
        .and_then(|()| out.flush()),
    )?;
    Ok(run.status())
}
