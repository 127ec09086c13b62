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
    buffered(choice)
}

/// Standard output for a report in `format`. The JSON formats (json, sarif, gitlab) are written
/// by serde_json, which escapes every control character, so they can hold no style to strip:
/// they pass straight through. Scanning them for styles was 17 % of the instructions of
/// `check --format json` on the Compose corpus (BENCHMARKS.md). The other formats go through
/// [`stdout`], and text from the checked files can carry escape sequences that a CI log or
/// terminal would obey.
pub fn report_stdout(
    color: crate::args::ColorArg,
    format: shipshape_workspace::Format,
) -> BufWriter<anstream::AutoStream<io::StdoutLock<'static>>> {
    use shipshape_workspace::Format;
    match format {
        Format::Json | Format::Sarif | Format::Gitlab => {
            buffered(anstream::ColorChoice::AlwaysAnsi)
        }
        _ => stdout(color),
    }
}

fn buffered(
    choice: anstream::ColorChoice,
) -> BufWriter<anstream::AutoStream<io::StdoutLock<'static>>> {
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
