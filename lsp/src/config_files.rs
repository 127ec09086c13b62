//! Finding and reading `.shipshape.toml` for a document: the nearest one walking up from the
//! document's directory. Results are cached until a watched config file changes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use shipshape_core::Config;

pub const CONFIG_FILE_NAME: &str = ".shipshape.toml";

/// A config file that could not be used, for the message shown to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

#[derive(Default)]
pub struct ConfigFiles {
    /// Directory → the config file that applies to it (`None`: no config file above it).
    nearest: HashMap<PathBuf, Option<PathBuf>>,
    /// Config file → its parsed contents (the defaults if it cannot be read or parsed).
    parsed: HashMap<PathBuf, Arc<Config>>,
}

impl ConfigFiles {
    /// Forget everything (a config file was created, changed or deleted).
    pub fn clear(&mut self) {
        self.nearest.clear();
        self.parsed.clear();
    }

    /// The nearest config file for a document at `path` (its directory anchors the relative
    /// paths the file names, such as `plugins`).
    pub fn config_file_for(&mut self, path: Option<&Path>) -> Option<PathBuf> {
        let dir = path.and_then(Path::parent)?;
        if let Some(file) = self.nearest.get(dir) {
            return file.clone();
        }
        let file = find_config_file(dir);
        self.nearest.insert(dir.to_path_buf(), file.clone());
        file
    }

    /// The configuration for a document at `path` (`None` for documents that are not files),
    /// and a problem to report if the nearest config file is unusable (reported on first read).
    pub fn config_for(&mut self, path: Option<&Path>) -> (Arc<Config>, Option<ConfigProblem>) {
        let Some(dir) = path.and_then(Path::parent) else {
            return (Arc::new(Config::default()), None);
        };
        let file = match self.nearest.get(dir) {
            Some(file) => file.clone(),
            None => {
                let file = find_config_file(dir);
                self.nearest.insert(dir.to_path_buf(), file.clone());
                file
            }
        };
        let Some(file) = file else {
            return (Arc::new(Config::default()), None);
        };
        if let Some(config) = self.parsed.get(&file) {
            return (config.clone(), None);
        }
        let (config, problem) = match read_config(&file) {
            Ok(config) => (config, None),
            Err(message) => (
                Config::default(),
                Some(ConfigProblem {
                    path: file.clone(),
                    message,
                }),
            ),
        };
        let config = Arc::new(config);
        self.parsed.insert(file, config.clone());
        (config, problem)
    }
}

/// The nearest `.shipshape.toml` in `dir` or its ancestors.
pub fn find_config_file(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|ancestor| ancestor.join(CONFIG_FILE_NAME))
        .find(|candidate| candidate.is_file())
}

fn read_config(file: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(file).map_err(|error| format!("cannot read: {error}"))?;
    Config::from_toml(&text).map_err(|errors| errors.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipshape_core::config::RuleSetting;

    #[test]
    fn nearest_config_wins_and_errors_fall_back_to_defaults() {
        let root =
            std::env::temp_dir().join(format!("shipshape-lsp-config-{}", std::process::id()));
        let nested = root.join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(root.join(CONFIG_FILE_NAME), "[rules]\nSS101 = \"off\"\n").unwrap();
        let mut files = ConfigFiles::default();
        let (config, problem) = files.config_for(Some(&nested.join("compose.yaml")));
        assert_eq!(problem, None);
        assert_eq!(config.rule_setting("SS101"), Some(RuleSetting::Off));

        std::fs::write(nested.join(CONFIG_FILE_NAME), "[rulez]\n").unwrap();
        // Cached until cleared.
        let (config, _) = files.config_for(Some(&nested.join("compose.yaml")));
        assert_eq!(config.rule_setting("SS101"), Some(RuleSetting::Off));
        files.clear();
        let (config, problem) = files.config_for(Some(&nested.join("compose.yaml")));
        assert_eq!(config.rule_setting("SS101"), None);
        let problem = problem.expect("a problem");
        assert_eq!(problem.path, nested.join(CONFIG_FILE_NAME));
        assert!(problem.message.starts_with("1:2: "), "{}", problem.message);
        // Reported once only.
        assert_eq!(files.config_for(Some(&nested.join("x.yaml"))).1, None);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
