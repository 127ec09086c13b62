//! Finding and reading `.shipshape.toml`: `--config FILE`, `--no-config`, or the nearest file
//! found by walking up from each checked file's directory (cached per directory).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{anyhow, Context, Result};
use globset::{Glob, GlobSet, GlobSetBuilder};
use shipshape_core::config::RuleOverrides;
use shipshape_core::Config;

pub const CONFIG_FILE_NAME: &str = ".shipshape.toml";

/// A parsed configuration with its include/exclude globs compiled.
#[derive(Debug)]
pub struct LoadedConfig {
    /// The directory its globs are relative to (absolute).
    pub dir: PathBuf,
    pub config: Config,
    include: Option<GlobSet>,
    exclude: GlobSet,
}

impl LoadedConfig {
    /// The defaults, as if a `.shipshape.toml` with nothing in it sat in `dir`.
    pub fn defaults(dir: PathBuf) -> Self {
        Self {
            dir,
            config: Config::default(),
            include: None,
            exclude: GlobSet::empty(),
        }
    }

    fn new(path: Option<&Path>, dir: PathBuf, config: Config) -> Result<Self> {
        let origin = path.map_or_else(|| "configuration".to_string(), |p| p.display().to_string());
        let include = if config.include.is_empty() {
            None
        } else {
            Some(build_globs(&config.include).with_context(|| format!("{origin}: include"))?)
        };
        let exclude = build_globs(&config.exclude).with_context(|| format!("{origin}: exclude"))?;
        Ok(Self {
            dir,
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
}

/// Compile globs; `*` crosses `/` like in `.gitignore`'s `**` (globset's default).
pub fn build_globs(patterns: &[String]) -> Result<GlobSet> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let trimmed = pattern
            .trim()
            .trim_start_matches("./")
            .trim_end_matches('/');
        let glob = Glob::new(trimmed).with_context(|| format!("invalid glob `{pattern}`"))?;
        builder.add(glob);
    }
    builder.build().context("invalid globs")
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

/// Where configurations come from for this run.
pub struct ConfigLoader {
    mode: Mode,
    /// Directory → nearest configuration at or above it (`None`: none found).
    cache: HashMap<PathBuf, Option<Arc<LoadedConfig>>>,
    defaults: Arc<LoadedConfig>,
    /// `--select`, `--ignore`, `--severity`: applied to every configuration loaded.
    overrides: RuleOverrides,
}

enum Mode {
    Fixed(Arc<LoadedConfig>),
    Discover,
}

impl ConfigLoader {
    pub fn new(
        config: Option<&Path>,
        no_config: bool,
        cwd: &Path,
        overrides: &RuleOverrides,
    ) -> Result<Self> {
        let mut defaults = LoadedConfig::defaults(cwd.to_path_buf());
        defaults.config.apply_overrides(overrides);
        let defaults = Arc::new(defaults);
        let mode = match (config, no_config) {
            (_, true) => Mode::Fixed(defaults.clone()),
            (Some(path), false) => {
                let mut loaded = load(&absolute(cwd, path))?;
                loaded.config.apply_overrides(overrides);
                Mode::Fixed(Arc::new(loaded))
            }
            (None, false) => Mode::Discover,
        };
        Ok(Self {
            mode,
            cache: HashMap::new(),
            defaults,
            overrides: overrides.clone(),
        })
    }

    /// The configuration for a file in directory `dir` (absolute).
    pub fn for_dir(&mut self, dir: &Path) -> Result<Arc<LoadedConfig>> {
        match &self.mode {
            Mode::Fixed(config) => Ok(config.clone()),
            Mode::Discover => Ok(self.discover(dir)?.unwrap_or_else(|| self.defaults.clone())),
        }
    }

    fn discover(&mut self, dir: &Path) -> Result<Option<Arc<LoadedConfig>>> {
        let mut visited = Vec::new();
        let mut found = None;
        for ancestor in dir.ancestors() {
            if let Some(cached) = self.cache.get(ancestor) {
                found = cached.clone();
                break;
            }
            visited.push(ancestor.to_path_buf());
            let candidate = ancestor.join(CONFIG_FILE_NAME);
            if candidate.is_file() {
                let mut loaded = load(&candidate)?;
                loaded.config.apply_overrides(&self.overrides);
                found = Some(Arc::new(loaded));
                break;
            }
        }
        for dir in visited {
            self.cache.insert(dir, found.clone());
        }
        Ok(found)
    }
}

/// Read and parse one configuration file; errors name the file and the line:column.
pub fn load(path: &Path) -> Result<LoadedConfig> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read configuration {}", path.display()))?;
    // Every error, one a line (`main` prints the first line after `error: `).
    let config = Config::from_toml(&text).map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .map(|error| match (error.line, error.column) {
                (Some(line), Some(column)) => format!(
                    "invalid configuration {}:{line}:{column}: {}",
                    path.display(),
                    error.message
                ),
                _ => format!(
                    "invalid configuration {}: {}",
                    path.display(),
                    error.message
                ),
            })
            .collect();
        anyhow!("{}", lines.join("\nerror: "))
    })?;
    let dir = path
        .parent()
        .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
    LoadedConfig::new(Some(path), dir, config)
}

/// `path` made absolute against `cwd` and normalised lexically (`.` removed, `..` applied).
pub fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    use std::path::Component;
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
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

    #[test]
    fn absolute_normalises() {
        assert_eq!(
            absolute(Path::new("/a/b"), Path::new("./c/../d")),
            PathBuf::from("/a/b/d")
        );
    }
}
