//! Turning the command line's paths into the list of files to check.
//!
//! Directories are walked with the `ignore` crate: `.gitignore`, `.ignore` and git's global
//! excludes are honoured, dot-directories (`.devcontainer/`, `.github/`) are entered, `.git/` never.
//! Files found by walking are picked by name (Dockerfiles, compose names) or, for other YAML, by
//! content (decided once the file is read). Files named on the command line are always checked.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Result};
use globset::GlobSet;
use shipshape_core::document::NameHint;
use shipshape_core::FileKind;

use crate::config_loader::{absolute, matches_path, ConfigLoader, LoadedConfig};

/// Where an input's text comes from.
#[derive(Debug, Clone)]
pub enum Source {
    Stdin,
    /// Absolute path.
    File(PathBuf),
}

/// How the kind of an input is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// Named on the command line (or stdin): always checked; a file of no known kind gets SS000.
    Explicit,
    /// Found by walking, kind known from the name.
    Named(FileKind),
    /// Found by walking, a YAML file: compose or Kubernetes by content, else silently skipped.
    SniffYaml,
}

#[derive(Debug, Clone)]
pub struct Input {
    pub source: Source,
    /// The path shown in output.
    pub display: String,
    pub selection: Selection,
    pub config: Arc<LoadedConfig>,
}

/// The inputs, plus the errors met while walking (unreadable directories): reported on stderr,
/// they make the run exit 2 but do not stop it.
pub struct Collected {
    pub inputs: Vec<Input>,
    pub errors: Vec<String>,
}

pub struct WalkOptions<'a> {
    pub cwd: &'a Path,
    pub root: &'a Path,
    pub excludes: &'a GlobSet,
    pub stdin_filename: Option<&'a str>,
}

pub fn collect(
    paths: &[PathBuf],
    options: &WalkOptions,
    loader: &mut ConfigLoader,
) -> Result<Collected> {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let display = options.stdin_filename.unwrap_or("-").to_string();
            let dir = match options.stdin_filename {
                Some(name) => absolute(options.cwd, Path::new(name))
                    .parent()
                    .map_or_else(|| options.cwd.to_path_buf(), Path::to_path_buf),
                None => options.cwd.to_path_buf(),
            };
            inputs.push(Input {
                source: Source::Stdin,
                display,
                selection: Selection::Explicit,
                config: loader.for_dir(&dir)?,
            });
            continue;
        }
        let abs = absolute(options.cwd, path);
        let metadata = match std::fs::metadata(&abs) {
            Ok(metadata) => metadata,
            Err(error) => bail!("{}: {error}", path.display()),
        };
        if !metadata.is_dir() {
            if seen.insert(abs.clone()) {
                let config = loader.for_dir(abs.parent().unwrap_or(options.cwd))?;
                inputs.push(Input {
                    display: display_path(&abs, options.root),
                    source: Source::File(abs),
                    selection: Selection::Explicit,
                    config,
                });
            }
            continue;
        }
        let walker = ignore::WalkBuilder::new(&abs)
            .hidden(false)
            .require_git(false)
            .follow_links(false)
            .filter_entry(|entry| entry.file_name() != ".git")
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    errors.push(error.to_string());
                    continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let file = absolute(options.cwd, entry.path());
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            let selection = match FileKind::from_file_name(&name) {
                NameHint::Kind(kind) => Selection::Named(kind),
                NameHint::Yaml => Selection::SniffYaml,
                NameHint::Unknown => continue,
            };
            if let Ok(relative) = file.strip_prefix(options.cwd) {
                if matches_path(options.excludes, relative) {
                    continue;
                }
            }
            let config = loader.for_dir(file.parent().unwrap_or(options.cwd))?;
            if config.skips(&file) || !seen.insert(file.clone()) {
                continue;
            }
            inputs.push(Input {
                display: display_path(&file, options.root),
                source: Source::File(file),
                selection,
                config,
            });
        }
    }
    Ok(Collected { inputs, errors })
}

/// `path` (absolute) relative to `root` with `/` separators, or in full when outside it.
pub fn display_path(path: &Path, root: &Path) -> String {
    match path.strip_prefix(root) {
        Ok(relative) if !relative.as_os_str().is_empty() => relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        _ => path.display().to_string(),
    }
}
