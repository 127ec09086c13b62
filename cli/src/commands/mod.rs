//! One file per subcommand, plus the pipeline `check` and `fix` share: paths → inputs → checked
//! files.

pub mod check;
pub mod diff;
pub mod explain;
pub mod fix;
pub mod generate;
pub mod rules;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{anyhow, Context, Result};
use shipshape_core::config::RuleOverrides;
use shipshape_core::i18n::{text, Message};
use shipshape_core::{BuiltinRules, FileKind, Locale, Severity};
use shipshape_workspace::fs::absolute;
use shipshape_workspace::{
    CachedKinds, CheckedFile, Checks, ConfigChoice, NativeFileSystem, Request, Source,
};

use crate::args::CommonArgs;
use crate::plugin_set::CliPlugins;
use crate::progress::Progress;
use shipshape_plugin_host::Plugins;

/// How the process ends (ruff's `ExitStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing at or above `--fail-on`.
    Success,
    /// Findings at or above `--fail-on` (or, for `fix --diff`, changes to make).
    Failure,
    /// Usage, configuration or I/O error.
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        match status {
            ExitStatus::Success => ExitCode::from(0),
            ExitStatus::Failure => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

/// The checked files of a run, sorted by path, and the I/O errors met (already on stderr).
pub struct Run {
    pub files: Vec<CheckedFile>,
    /// What checked them (for `fix`, which checks again).
    pub checks: Arc<Checks>,
    pub had_io_errors: bool,
    /// `--fail-on` from the command line: `Some(None)` is `never`.
    pub fail_on: Option<Option<Severity>>,
    /// The working directory, and the directory paths are shown relative to (`--root`, else the
    /// working directory), both absolute.
    pub cwd: PathBuf,
    pub root: PathBuf,
}

impl Run {
    pub fn fails(&self) -> bool {
        self.files.iter().any(|file| file.fails(self.fail_on))
    }

    /// Success / Failure from the findings, Error if any input could not be read.
    pub fn status(&self) -> ExitStatus {
        if self.had_io_errors {
            ExitStatus::Error
        } else if self.fails() {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        }
    }
}

/// Find the inputs, read and check them in parallel (the workspace layer does both).
/// `Err`: configuration or path errors.
pub fn run(paths: &[PathBuf], common: &CommonArgs, locale: Locale) -> Result<Run> {
    let cwd = std::env::current_dir().context(text(locale, "cli-cwd-unreadable"))?;
    // One run over files that stay put: the same neighbours are asked about for every file.
    let fs = CachedKinds::new(NativeFileSystem);
    let mut request = Request::new(cwd.clone());
    request.root = common.root.as_deref().map(|root| absolute(&cwd, root));
    request.paths = paths
        .iter()
        .map(|path| path.to_string_lossy().into_owned())
        .collect();
    request.config = match (&common.config, common.no_config) {
        (_, true) => ConfigChoice::Defaults,
        (Some(path), false) => ConfigChoice::File(path.clone()),
        (None, false) => ConfigChoice::Nearest,
    };
    request.excludes = common.exclude.clone();
    request.stdin_filename = common.stdin_filename.clone();
    request.overrides = RuleOverrides::parse(&common.select, &common.ignore, &common.severity)
        .map_err(|problems| {
            anyhow!(
                "{}",
                problems.join(&format!("\n{}", text(locale, "cli-error-prefix")))
            )
        })?;
    let discovered = shipshape_workspace::discover(&fs, &request).map_err(|error| {
        anyhow!(
            "{}",
            error
                .message_in(locale)
                .replace('\n', &format!("\n{}", text(locale, "cli-error-prefix")))
        )
    })?;
    let stdin = if discovered
        .inputs
        .iter()
        .any(|input| input.source == Source::Stdin)
    {
        Some(read_stdin().context(text(locale, "cli-stdin-unreadable"))?)
    } else {
        None
    };
    let cli_plugins: Vec<PathBuf> = common
        .plugins
        .iter()
        .map(|path| absolute(&cwd, path))
        .collect();
    let mut all_plugins = cli_plugins.clone();
    for input in &discovered.inputs {
        all_plugins.extend(input.config.plugin_paths());
    }
    // The cache is off if the command line or any configuration of the run says so
    // (`SHIPSHAPE_NO_PLUGIN_CACHE` is read by the host).
    let no_cache = common.no_plugin_cache
        || discovered
            .inputs
            .iter()
            .any(|input| !input.config.config.plugin_cache);
    let options = shipshape_plugin_host::Options {
        cache: if no_cache {
            shipshape_plugin_host::Cache::Off
        } else {
            shipshape_plugin_host::Cache::Default
        },
        key_file: None,
    };
    let plugins = Plugins::load(all_plugins.iter().map(PathBuf::as_path), &options)?;
    for notice in plugins.notices() {
        eprintln!(
            "{}",
            crate::cli_warning(
                locale,
                Message::new("as-is").arg("text", notice.to_string())
            )
        );
    }
    let checks = Arc::new(Checks {
        builtin: if common.no_builtin {
            BuiltinRules::Skip
        } else {
            BuiltinRules::Run
        },
        plugins: Some(Arc::new(CliPlugins {
            cli_plugins,
            plugins,
        })),
        forced_kind: common.kind.map(FileKind::from),
    });
    let progress = Progress::start(discovered.inputs.len(), common.quiet);
    let report =
        shipshape_workspace::check_parallel(&fs, discovered, stdin.as_deref(), &checks, &|| {
            progress.tick()
        });
    drop(progress);
    for error in &report.errors {
        eprintln!(
            "{}",
            crate::cli_error(locale, Message::new("as-is").arg("text", error.to_string()))
        );
    }
    let had_io_errors = !report.errors.is_empty();
    if report.files.is_empty() && !had_io_errors && !common.quiet {
        eprintln!(
            "{}",
            crate::cli_warning(locale, Message::new("cli-no-files"))
        );
    }
    Ok(Run {
        files: report.files,
        checks,
        had_io_errors,
        root: request.root(),
        cwd,
        fail_on: if common.exit_zero {
            Some(None)
        } else {
            common.fail_on.map(|fail_on| fail_on.threshold())
        },
    })
}

/// At most `MAX_FILE_SIZE + 1` bytes of standard input: enough to know it is too large.
fn read_stdin() -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(shipshape_core::input::MAX_FILE_SIZE as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}
