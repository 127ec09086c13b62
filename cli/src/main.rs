//! The `shipshape` command line: parse arguments → a workspace request → the
//! workspace layer (discovery, configuration, checks, rendering) → exit code.

mod args;
mod commands;
mod output;
mod plugin_set;
mod progress;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};
use commands::ExitStatus;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check(args) => commands::check::check(args, cli.color),
        Command::Fix(args) => commands::fix::fix(args, cli.color),
        Command::Explain(args) => commands::explain::explain(args, cli.color),
        Command::Rules(args) => commands::rules::rules(args, cli.color),
    };
    match result {
        Ok(status) => status.into(),
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitStatus::Error.into()
        }
    }
}
