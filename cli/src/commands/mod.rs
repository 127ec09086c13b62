//! One file per subcommand, plus the pipeline `check` and `fix` share: paths → inputs → checked
//! files.

pub mod check;
pub mod diff;
pub mod explain;
pub mod fix;
pub mod rules;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use rayon::prelude::*;
use shipshape_core::config::RuleOverrides;
use shipshape_core::{FileKind, Severity};

use crate::args::CommonArgs;
use crate::config_loader::LoadedConfig;
use crate::config_loader::{absolute, build_globs, ConfigLoader};
use crate::files::{check_input, read_limited, CheckedFile, Checks};
use crate::plugins::Plugins;
use crate::progress::Progress;
use crate::walk::{self, Source, WalkOptions};

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

/// Find the inputs, read and check them in parallel. `Err`: configuration or path errors.
pub fn run(paths: &[PathBuf], common: &CommonArgs) -> Result<Run> {
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    let root = common
        .root
        .as_deref()
        .map_or_else(|| cwd.clone(), |root| absolute(&cwd, root));
    let overrides = RuleOverrides::parse(&common.select, &common.ignore, &common.severity)
        .map_err(|problems| anyhow::anyhow!("{}", problems.join("\nerror: ")))?;
    let mut loader =
        ConfigLoader::new(common.config.as_deref(), common.no_config, &cwd, &overrides)?;
    let excludes = build_globs(&common.exclude).context("--exclude")?;
    let collected = walk::collect(
        paths,
        &WalkOptions {
            cwd: &cwd,
            root: &root,
            excludes: &excludes,
            stdin_filename: common.stdin_filename.as_deref(),
        },
        &mut loader,
    )?;
    let mut had_io_errors = false;
    for error in &collected.errors {
        eprintln!("error: {error}");
        had_io_errors = true;
    }
    let stdin = if collected
        .inputs
        .iter()
        .any(|input| matches!(input.source, Source::Stdin))
    {
        Some(read_limited(std::io::stdin().lock()).context("cannot read standard input")?)
    } else {
        None
    };
    let forced_kind = common.kind.map(FileKind::from);
    let cli_plugins: Vec<PathBuf> = common
        .plugins
        .iter()
        .map(|path| absolute(&cwd, path))
        .collect();
    let mut all_plugins = cli_plugins.clone();
    for input in &collected.inputs {
        all_plugins.extend(config_plugins(&input.config));
    }
    let checks = Arc::new(Checks {
        builtin: !common.no_builtin,
        plugins: Plugins::load(all_plugins.iter().map(PathBuf::as_path))?,
        cli_plugins,
    });
    let progress = Progress::start(collected.inputs.len(), common.quiet);
    let results: Vec<_> = collected
        .inputs
        .par_iter()
        .map(|input| {
            let result = check_input(input, forced_kind, stdin.as_deref(), &checks);
            progress.tick();
            result
        })
        .collect();
    drop(progress);
    let mut files = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(Some(file)) => files.push(file),
            Ok(None) => {}
            Err(message) => {
                eprintln!("error: {message}");
                had_io_errors = true;
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    if files.is_empty() && !had_io_errors && !common.quiet {
        eprintln!("warning: no Dockerfile, Compose file or Kubernetes manifest found");
    }
    Ok(Run {
        files,
        checks,
        had_io_errors,
        fail_on: if common.exit_zero {
            Some(None)
        } else {
            common.fail_on.map(|fail_on| fail_on.threshold())
        },
    })
}

/// The plugins a configuration names, as absolute paths (relative to the config file's
/// directory).
pub fn config_plugins(config: &LoadedConfig) -> impl Iterator<Item = PathBuf> + '_ {
    config
        .config
        .plugins
        .iter()
        .map(|path| absolute(&config.dir, std::path::Path::new(path)))
}
