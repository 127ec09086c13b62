//! Which `.shipshape.toml` applies to a file: a fixed one (`--config FILE`, the Action's `config`
//! input), none (`--no-config`), or the nearest one found by walking up from the file's directory,
//! looked up once per directory and cached for the run.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::Glob;
use shipshape_core::config::RuleOverrides;
use shipshape_core::Config;

use crate::fs::{display_path, FileSystem};
use crate::glob::{GlobSet, GlobSetBuilder};
use crate::Error;

pub const CONFIG_FILE_NAME: &str = ".shipshape.toml";

/// A parsed configuration with its include/exclude globs compiled.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    /// The file it was read from (`None`: the defaults).
    pub path: Option<PathBuf>,
    /// The directory its globs and plugin paths are relative to (absolute).
    pub dir: PathBuf,
    pub config: Config,
    include: Option<GlobSet>,
    exclude: GlobSet,
}

impl LoadedConfig {
    /// The defaults, as if a `.shipshape.toml` with nothing in it sat in `dir`.
    pub fn defaults(dir: PathBuf) -> Self {
        Self {
            path: None,
            dir,
            config: Config::default(),
            include: None,
            exclude: GlobSet::empty(),
        }
    }

    /// Parse `text`, the contents of the configuration file at `path` (absolute); `display` is
    /// how error messages name the file.
    pub fn parse(text: &str, path: &Path, display: &str) -> Result<Self, Error> {
        let config = Config::from_toml(text).map_err(|errors| {
            // Every error, one per line (the CLI prefixes each with `error: `).
            let lines: Vec<String> = errors
                .iter()
                .map(|error| match (error.line, error.column) {
                    (Some(line), Some(column)) => format!(
                        "invalid configuration {display}:{line}:{column}: {}",
                        error.message
                    ),
                    _ => format!("invalid configuration {display}: {}", error.message),
                })
                .collect();
            Error::new(lines.join("\n"))
        })?;
        let include = if config.include.is_empty() {
            None
        } else {
            Some(
                build_globs(&config.include)
                    .map_err(|error| Error::new(format!("{display}: include: {error}")))?,
            )
        };
        let exclude = build_globs(&config.exclude)
            .map_err(|error| Error::new(format!("{display}: exclude: {error}")))?;
        Ok(Self {
            path: Some(path.to_path_buf()),
            dir: path
                .parent()
                .map_or_else(|| PathBuf::from("/"), Path::to_path_buf),
            config,
            include,
            exclude,
        })
    }

    /// Whether a file found by walking (absolute path) is left out by `include`/`exclude`.
    pub fn skips(&self, file: &Path) -> bool {
        let Ok(relative) = file.strip_prefix(&self.dir) else {
            return false;
        };
        if matches_path(&self.exclude, relative) {
            return true;
        }
        match &self.include {
            Some(include) => !matches_path(include, relative),
            None => false,
        }
    }

    /// The plugins this configuration names, as absolute paths (relative to its directory).
    pub fn plugin_paths(&self) -> impl Iterator<Item = PathBuf> + '_ {
        self.config
            .plugins
            .iter()
            .map(|path| crate::fs::absolute(&self.dir, Path::new(path)))
    }
}

/// Compile globs; `*` crosses `/` like in `.gitignore`'s `**` (globset's default).
pub fn build_globs(patterns: &[String]) -> Result<GlobSet, Error> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = Glob::new(clean_glob(pattern))
            .map_err(|error| Error::new(format!("invalid glob `{pattern}`: {}", error.kind())))?;
        builder.add(glob);
    }
    builder
        .build()
        .map_err(|error| Error::new(format!("invalid globs: {error}")))
}

/// A glob as written by a user: `./` in front and `/` behind carry no meaning.
pub(crate) fn clean_glob(pattern: &str) -> &str {
    let mut trimmed = pattern.trim();
    while let Some(rest) = trimmed.strip_prefix("./") {
        trimmed = rest;
    }
    trimmed.trim_end_matches('/')
}

/// A relative path matches when the glob matches it or one of its ancestor directories, or, for
/// globs without `/`, any one component (so `vendor` and `vendor/**` both exclude `vendor/x/y`).
pub fn matches_path(globs: &GlobSet, relative: &Path) -> bool {
    if globs.is_empty() {
        return false;
    }
    let mut current = Some(relative);
    while let Some(path) = current {
        if path.as_os_str().is_empty() {
            break;
        }
        if globs.is_match(path) {
            return true;
        }
        if let Some(name) = path.file_name() {
            if globs.is_match(Path::new(name)) {
                return true;
            }
        }
        current = path.parent();
    }
    false
}

/// Where a run's configurations come from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ConfigChoice {
    /// The nearest `.shipshape.toml` above each file.
    #[default]
    Nearest,
    /// This file for every input (relative paths against the request's `cwd`).
    File(PathBuf),
    /// The defaults for every input.
    Defaults,
}

/// Finds and caches the configuration of each directory for one run.
pub struct ConfigResolver {
    fixed: Option<Arc<LoadedConfig>>,
    /// Directory → nearest configuration at or above it (`None`: none found).
    nearest: HashMap<PathBuf, Option<Arc<LoadedConfig>>>,
    defaults: Arc<LoadedConfig>,
    /// Error messages name configuration files relative to this directory.
    root: PathBuf,
    /// Applied on top of every configuration (the command line wins).
    overrides: RuleOverrides,
}

impl ConfigResolver {
    pub fn new(
        fs: &dyn FileSystem,
        choice: &ConfigChoice,
        cwd: &Path,
        root: &Path,
        overrides: &RuleOverrides,
    ) -> Result<Self, Error> {
        let mut defaults = LoadedConfig::defaults(cwd.to_path_buf());
        defaults.config.apply_overrides(overrides);
        let defaults = Arc::new(defaults);
        let mut resolver = Self {
            fixed: None,
            nearest: HashMap::new(),
            defaults: defaults.clone(),
            root: root.to_path_buf(),
            overrides: overrides.clone(),
        };
        resolver.fixed = match choice {
            ConfigChoice::Nearest => None,
            ConfigChoice::Defaults => Some(defaults),
            ConfigChoice::File(path) => Some(Arc::new(
                resolver.load(fs, &crate::fs::absolute(cwd, path))?,
            )),
        };
        Ok(resolver)
    }

    /// The configuration for a file in directory `dir` (absolute).
    pub fn for_dir(&mut self, fs: &dyn FileSystem, dir: &Path) -> Result<Arc<LoadedConfig>, Error> {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        Ok(self
            .nearest(fs, dir)?
            .unwrap_or_else(|| self.defaults.clone()))
    }

    /// The nearest configuration file at or above `dir`, if any (the LSP watches it).
    pub fn nearest(
        &mut self,
        fs: &dyn FileSystem,
        dir: &Path,
    ) -> Result<Option<Arc<LoadedConfig>>, Error> {
        let mut visited = Vec::new();
        let mut found = None;
        for ancestor in dir.ancestors() {
            if let Some(cached) = self.nearest.get(ancestor) {
                found = cached.clone();
                break;
            }
            visited.push(ancestor.to_path_buf());
            let candidate = ancestor.join(CONFIG_FILE_NAME);
            if fs.is_file(&candidate) {
                found = Some(Arc::new(self.load(fs, &candidate)?));
                break;
            }
        }
        for dir in visited {
            self.nearest.insert(dir, found.clone());
        }
        Ok(found)
    }

    /// Read and parse one configuration file; errors name the file and the line:column.
    fn load(&self, fs: &dyn FileSystem, path: &Path) -> Result<LoadedConfig, Error> {
        let display = display_path(path, &self.root);
        let text = fs
            .read_to_string(path)
            .map_err(|error| Error::new(format!("cannot read configuration {display}: {error}")))?;
        let mut loaded = LoadedConfig::parse(&text, path, &display)?;
        loaded.config.apply_overrides(&self.overrides);
        Ok(loaded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_paths_ancestors_and_components() {
        let globs = build_globs(&["vendor".into(), "charts/**".into(), "*.test.yaml".into()])
            .expect("globs");
        assert!(matches_path(&globs, Path::new("vendor/a/Dockerfile")));
        assert!(matches_path(&globs, Path::new("x/vendor/Dockerfile")));
        assert!(matches_path(&globs, Path::new("charts/a/b.yaml")));
        assert!(matches_path(&globs, Path::new("k8s/a.test.yaml")));
        assert!(!matches_path(&globs, Path::new("k8s/a.yaml")));
        assert!(!matches_path(&globs, Path::new("vendors/Dockerfile")));
    }
}
