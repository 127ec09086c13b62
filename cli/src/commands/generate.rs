//! `shipshape completions` and `shipshape man`: what packagers and the release archives ship,
//! generated from the same clap definition as the parser, so they never disagree with it.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use clap::CommandFactory;

use super::ExitStatus;
use crate::args::{Cli, CompletionsArgs, ManArgs};

pub fn completions(args: &CompletionsArgs) -> Result<ExitStatus> {
    let mut command = Cli::command();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    clap_complete::generate(args.shell, &mut command, "shipshape", &mut out);
    out.flush().context("writing the completion script")?;
    Ok(ExitStatus::Success)
}

pub fn man(args: &ManArgs) -> Result<ExitStatus> {
    std::fs::create_dir_all(&args.directory)
        .with_context(|| format!("creating {}", args.directory.display()))?;
    let mut command = Cli::command();
    command.build();
    write_pages(&command, "shipshape", &args.directory)?;
    Ok(ExitStatus::Success)
}

/// One page per command: `shipshape.1`, `shipshape-check.1`, … (the names `man` looks up).
fn write_pages(command: &clap::Command, name: &str, directory: &Path) -> Result<()> {
    let mut bytes = Vec::new();
    // After `build()`, a subcommand's display name is `shipshape-check`: the page's title.
    clap_mangen::Man::new(command.clone())
        .source(format!("shipshape {}", shipshape_workspace::version()))
        .manual("shipshape manual")
        .render(&mut bytes)
        .with_context(|| format!("rendering the man page of `{name}`"))?;
    let path = directory.join(format!("{name}.1"));
    std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        if sub.get_name() == "help" {
            continue;
        }
        write_pages(sub, &format!("{name}-{}", sub.get_name()), directory)?;
    }
    Ok(())
}
