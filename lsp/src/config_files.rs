//! The configuration of each document, from the workspace layer's resolver (the same lookup the
//! CLI, the Action and the playground use: the nearest `.shipshape.toml` above the file, cached per
//! directory). Cached until a watched config file changes ([`ConfigFiles::clear`]).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use shipshape_core::config::RuleOverrides;
use shipshape_workspace::{ConfigChoice, ConfigResolver, LoadedConfig, NativeFileSystem};

pub use shipshape_workspace::CONFIG_FILE_NAME;

#[derive(Default)]
pub struct ConfigFiles {
    /// Built on first use; dropped by [`ConfigFiles::clear`].
    resolver: Option<ConfigResolver>,
    /// Problems already shown to the user (each is shown once until the files change).
    reported: HashSet<String>,
}

impl ConfigFiles {
    /// Forget everything (a config file was created, changed or deleted).
    pub fn clear(&mut self) {
        self.resolver = None;
        self.reported.clear();
    }

    /// The configuration for a document at `path` (`None`: not a file, the defaults), and a
    /// problem to show if the nearest config file is unusable (the defaults are used then; each
    /// problem is returned once).
    pub fn config_for(&mut self, path: Option<&Path>) -> (Arc<LoadedConfig>, Option<String>) {
        let Some(dir) = path.and_then(Path::parent) else {
            return (Arc::new(LoadedConfig::defaults(PathBuf::from("/"))), None);
        };
        let fs = NativeFileSystem;
        let resolver = match &mut self.resolver {
            Some(resolver) => resolver,
            None => {
                // No root: paths in messages are absolute (an editor has no one working directory).
                match ConfigResolver::new(
                    &fs,
                    &ConfigChoice::Nearest,
                    Path::new("/"),
                    Path::new(""),
                    &RuleOverrides::default(),
                ) {
                    Ok(resolver) => self.resolver.insert(resolver),
                    Err(error) => return self.problem(dir, error.message()),
                }
            }
        };
        match resolver.for_dir(&fs, dir) {
            Ok(config) => (config, None),
            Err(error) => self.problem(dir, error.message()),
        }
    }

    fn problem(&mut self, dir: &Path, message: &str) -> (Arc<LoadedConfig>, Option<String>) {
        let defaults = Arc::new(LoadedConfig::defaults(dir.to_path_buf()));
        let first = self.reported.insert(message.to_string());
        (defaults, first.then(|| message.to_string()))
    }
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
        assert_eq!(config.config.rule_setting("SS101"), Some(RuleSetting::Off));
        assert_eq!(
            config.path.as_deref(),
            Some(root.join(CONFIG_FILE_NAME).as_path())
        );

        std::fs::write(nested.join(CONFIG_FILE_NAME), "[rulez]\n").unwrap();
        // Cached until cleared.
        let (config, _) = files.config_for(Some(&nested.join("compose.yaml")));
        assert_eq!(config.config.rule_setting("SS101"), Some(RuleSetting::Off));
        files.clear();
        let (config, problem) = files.config_for(Some(&nested.join("compose.yaml")));
        assert_eq!(config.config.rule_setting("SS101"), None);
        assert_eq!(config.path, None);
        let problem = problem.expect("a problem");
        let shown = nested.join(CONFIG_FILE_NAME);
        assert!(
            problem.starts_with(&format!(
                "invalid configuration {}:1:2: unknown key `rulez`",
                shown.display()
            )),
            "{problem}"
        );
        // Reported once only.
        assert_eq!(files.config_for(Some(&nested.join("x.yaml"))).1, None);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
