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

// A quarter of a check's time went to glibc's malloc and free (YAML nodes, findings, fixes,
// the report); musl's, in the static release build, is slower still. BENCHMARKS.md has figures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `error: …` in `locale`.
pub(crate) fn cli_error(locale: shipshape_core::Locale, detail: shipshape_core::Message) -> String {
    shipshape_core::Message::new("cli-error")
        .nested("detail", detail)
        .render(locale)
}

/// `warning: …` in `locale`.
pub(crate) fn cli_warning(
    locale: shipshape_core::Locale,
    detail: shipshape_core::Message,
) -> String {
    shipshape_core::Message::new("cli-warning")
        .nested("detail", detail)
        .render(locale)
}

/// The run's language: `--lang`, then SHIPSHAPE_LANG, LC_ALL, LC_MESSAGES and LANG.
fn language(flag: Option<&str>) -> Result<shipshape_core::Locale, String> {
    let var = |name: &str| std::env::var(name).ok();
    let (shipshape, all, messages, lang) = (
        var("SHIPSHAPE_LANG"),
        var("LC_ALL"),
        var("LC_MESSAGES"),
        var("LANG"),
    );
    shipshape_core::Locale::choose(
        flag,
        shipshape.as_deref(),
        [all.as_deref(), messages.as_deref(), lang.as_deref()],
    )
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let locale = match language(cli.lang.as_deref()) {
        Ok(locale) => locale,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitStatus::Error.into();
        }
    };
    let result = match &cli.command {
        Command::Check(args) => commands::check::check(args, cli.color, locale),
        Command::Fix(args) => commands::fix::fix(args, cli.color, locale),
        Command::Explain(args) => commands::explain::explain(args, cli.color, locale),
        Command::Rules(args) => commands::rules::rules(args, cli.color, locale),
        Command::Completions(args) => commands::generate::completions(args),
        Command::Man(args) => commands::generate::man(args),
    };
    match result {
        Ok(status) => status.into(),
        Err(error) => {
            let detail = shipshape_core::Message::new("as-is").arg("text", format!("{error:#}"));
            eprintln!("{}", cli_error(locale, detail));
            ExitStatus::Error.into()
        }
    }
}
