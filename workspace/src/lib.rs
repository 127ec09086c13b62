//! shipshape's workspace layer: everything above one document, written once for every delivery.
//!
//! ```text
//! core        text -> findings, fixes          (no I/O)
//! workspace   request -> report -> rendered    (this crate: discovery, configuration, reading,
//!                                               checking with plugins, every report format)
//! adapters    cli | lsp | wasm (Action, playground)
//! ```
//!
//! Adapters turn their world's inputs into a [`Request`] and the rendered [`Report`] into their
//! world's outputs; nothing in an adapter decides which files exist, which configuration applies,
//! which kind a file is, or how a report looks. Every read goes through [`fs::FileSystem`], so
//! the same code runs on the disk and over JavaScript's `fs` in the wasm module.

pub mod baseline;
pub mod check;
pub mod config;
pub mod discover;
pub mod fs;
pub mod glob;
pub mod render;

use std::path::PathBuf;

use shipshape_core::config::RuleOverrides;
use shipshape_core::Severity;

pub use baseline::{Baseline, BaselineChoice};
pub use check::{CheckedFile, Checks, Plugin, PluginSet};
pub use config::{ConfigChoice, ConfigResolver, LoadedConfig, CONFIG_FILE_NAME};
pub use discover::{Discovered, Input, Selection, Source};
pub use fs::{CachedKinds, FileSystem, NativeFileSystem, Overlay};
pub use render::Format;

/// The version the binaries print: `0.1.0`, and in builds that name their commit (the release
/// archives: `cargo xtask dist --release-archives` sets `SHIPSHAPE_BUILD_COMMIT`)
/// `0.1.0 (commit 0123abcd4567)`, so that a binary found on a machine can be traced to its source.
pub fn version() -> &'static str {
    static VERSION: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| match option_env!("SHIPSHAPE_BUILD_COMMIT") {
            Some(commit) if !commit.is_empty() => {
                format!("{} (commit {commit})", env!("CARGO_PKG_VERSION"))
            }
            _ => env!("CARGO_PKG_VERSION").to_string(),
        });
    &VERSION
}

/// A problem that stops a run (exit code 2 in the CLI): a path that does not exist, an invalid
/// configuration or glob. The message is for the user as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    message: String,
    /// The catalogue text, where the error has one (the English `message` otherwise).
    text: Option<shipshape_core::Message>,
}

impl Error {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            text: None,
        }
    }

    /// An error with a catalogue text, shown in each run's language.
    pub fn text(text: shipshape_core::Message) -> Self {
        Self {
            message: text.render(shipshape_core::Locale::En),
            text: Some(text),
        }
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    /// The message in `locale`.
    pub fn message_in(&self, locale: shipshape_core::Locale) -> String {
        match &self.text {
            Some(text) => text.render(locale),
            None => self.message.clone(),
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// What to check, as every delivery says it.
#[derive(Debug, Clone)]
pub struct Request {
    /// Relative paths and globs are resolved against this directory (absolute).
    pub cwd: PathBuf,
    /// Paths in reports are relative to this directory (absolute; default `cwd`).
    pub root: Option<PathBuf>,
    /// Files, directories, globs (`!glob` leaves out) and `-` for standard input; empty: `.`.
    pub paths: Vec<String>,
    pub config: ConfigChoice,
    /// Globs of files to leave out of walks (relative to `cwd`).
    pub excludes: Vec<String>,
    /// The name standard input goes by.
    pub stdin_filename: Option<String>,
    /// Check only these files (paths as reports show them), e.g. the files a pull request
    /// changes; `None`: every file found.
    pub only: Option<Vec<String>>,
    /// Rule selection from the command line (`--select`, `--ignore`, `--severity`), applied on
    /// top of every configuration.
    pub overrides: RuleOverrides,
}

impl Request {
    pub fn new(cwd: PathBuf) -> Self {
        Self {
            cwd,
            root: None,
            paths: Vec::new(),
            config: ConfigChoice::Nearest,
            excludes: Vec::new(),
            stdin_filename: None,
            only: None,
            overrides: RuleOverrides::default(),
        }
    }

    pub fn root(&self) -> PathBuf {
        self.root.clone().unwrap_or_else(|| self.cwd.clone())
    }
}

/// Find the files a request names, with the configuration of each.
pub fn discover(fs: &dyn FileSystem, request: &Request) -> Result<Discovered, Error> {
    let root = request.root();
    let mut configs =
        ConfigResolver::new(fs, &request.config, &request.cwd, &root, &request.overrides)?;
    let excludes = config::build_globs(&request.excludes)
        .map_err(|error| Error::new(format!("--exclude: {error}")))?;
    let dot = [".".to_string()];
    let paths = if request.paths.is_empty() {
        &dot[..]
    } else {
        &request.paths[..]
    };
    let mut found = discover::discover(
        fs,
        paths,
        &discover::DiscoverOptions {
            cwd: &request.cwd,
            root: &root,
            excludes: &excludes,
            stdin_filename: request.stdin_filename.as_deref(),
        },
        &mut configs,
    )?;
    if let Some(only) = &request.only {
        found
            .inputs
            .retain(|input| input.source == Source::Stdin || only.contains(&input.display));
    }
    Ok(found)
}

/// The checked files of a run, sorted by path, and the I/O errors met.
#[derive(Debug, Default)]
pub struct Report {
    pub files: Vec<CheckedFile>,
    /// Inputs or directories that could not be read: the run went on without them.
    pub errors: Vec<String>,
}

impl Report {
    /// Whether a finding is at or above `fail_on` (`None`: each file's configured `fail-on`;
    /// `Some(None)`: never).
    pub fn fails(&self, fail_on: Option<Option<Severity>>) -> bool {
        self.files.iter().any(|file| file.fails(fail_on))
    }

    /// The report in `format`.
    pub fn render(&self, format: Format, options: render::Options) -> String {
        render::to_string(format, &self.files, options)
    }

    fn from_results(
        results: Vec<Result<Option<CheckedFile>, String>>,
        mut errors: Vec<String>,
    ) -> Self {
        let mut files = Vec::with_capacity(results.len());
        for result in results {
            match result {
                Ok(Some(file)) => files.push(file),
                Ok(None) => {}
                Err(message) => errors.push(message),
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Self { files, errors }
    }
}

/// Read and check what [`discover`] found, one file after the other. `stdin`: the bytes of
/// standard input, when an input is `-`.
pub fn check(
    fs: &dyn FileSystem,
    discovered: Discovered,
    stdin: Option<&[u8]>,
    checks: &Checks,
    tick: &dyn Fn(),
) -> Report {
    let results = discovered
        .inputs
        .iter()
        .map(|input| {
            let result = check::check_input(fs, input, stdin, checks);
            tick();
            result
        })
        .collect();
    Report::from_results(results, discovered.errors)
}

/// [`check`] on rayon's thread pool.
#[cfg(feature = "parallel")]
pub fn check_parallel<F: FileSystem + Sync>(
    fs: &F,
    discovered: Discovered,
    stdin: Option<&[u8]>,
    checks: &Checks,
    tick: &(dyn Fn() + Sync),
) -> Report {
    use rayon::prelude::*;
    let results = discovered
        .inputs
        .par_iter()
        .map(|input| {
            let result = check::check_input(fs, input, stdin, checks);
            tick();
            result
        })
        .collect();
    Report::from_results(results, discovered.errors)
}
