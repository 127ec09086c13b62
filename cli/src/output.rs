//! Where the CLI writes reports: standard output, buffered (one `write` per buffer, not per
//! token), with ANSI styles stripped unless colour is on. The reports themselves are rendered by
//! the workspace layer (`shipshape_workspace::render`), the same for every delivery.

use std::io::{self, BufWriter};

pub use shipshape_workspace::render::{Counts, Options};

/// Standard output, buffered, stripping ANSI styles unless colour is on (`auto`: a terminal and
/// no `NO_COLOR`; anstream also honours `CLICOLOR` and `CLICOLOR_FORCE`). The buffer sits above
/// the stripping stream, which keeps its state across writes.
pub fn stdout(
    color: crate::args::ColorArg,
) -> BufWriter<anstream::AutoStream<io::StdoutLock<'static>>> {
    let choice = match color {
        crate::args::ColorArg::Auto => anstream::ColorChoice::Auto,
        crate::args::ColorArg::Always => anstream::ColorChoice::Always,
        crate::args::ColorArg::Never => anstream::ColorChoice::Never,
    };
    BufWriter::with_capacity(
        64 * 1024,
        anstream::AutoStream::new(io::stdout().lock(), choice),
    )
}

/// A closed pipe (`shipshape check | head`) is not an error worth reporting.
pub fn ignore_broken_pipe(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
