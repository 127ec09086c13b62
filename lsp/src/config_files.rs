//! The configuration of each document, from the workspace layer's resolver (the same lookup the
//! CLI, the Action and the playground use: the nearest `.shipshape.toml` above the file, cached per
//! directory). Cached until a watched config file changes ([`ConfigFiles::clear`]).
//!
//! The bytes the lookup read from each config file are kept, so that a notification about a
//! config file whose bytes are still the same (an editor saving it unchanged) does not throw the
//! configuration away and check every document again.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use shipshape_core::config::RuleOverrides;
use shipshape_workspace::fs::{DirEntry, EntryKind, FileSystem};
use shipshape_workspace::{ConfigChoice, ConfigResolver, LoadedConfig, NativeFileSystem};

pub use shipshape_workspace::CONFIG_FILE_NAME;

#[derive(Default)]
pub struct ConfigFiles {
    /// Built on first use; dropped by [`ConfigFiles::clear`].
    resolver: Option<ConfigResolver>,
    /// Problems already shown to the user (each is shown once until the files change).
    reported: HashSet<String>,
    /// Each config file the resolver read, and its bytes.
    seen: HashMap<PathBuf, Vec<u8>>,
}

/// The disk, noting what is read of config files.
struct Recording<'a> {
    seen: RefCell<&'a mut HashMap<PathBuf, Vec<u8>>>,
}

fn is_config_file(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name == CONFIG_FILE_NAME)
}

impl FileSystem for Recording<'_> {
    fn read(&self, path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
        let bytes = NativeFileSystem.read(path, limit);
        if is_config_file(path) {
            let mut seen = self.seen.borrow_mut();
            match &bytes {
                Ok(bytes) => seen.insert(path.to_path_buf(), bytes.clone()),
                Err(_) => seen.remove(path),
            };
        }
        bytes
    }

    fn read_dir(&self, dir: &Path) -> std::io::Result<Vec<DirEntry>> {
        NativeFileSystem.read_dir(dir)
    }

    fn kind(&self, path: &Path) -> std::io::Result<EntryKind> {
        NativeFileSystem.kind(path)
    }
}

impl ConfigFiles {
    /// Forget everything (a config file was created, changed or deleted).
    pub fn clear(&mut self) {
        self.resolver = None;
        self.reported.clear();
        self.seen.clear();
    }

    /// Whether each of `paths` is a file holding the bytes the resolver read from it. A path it
    /// never read counts as changed.
    pub fn unchanged(&self, paths: &[PathBuf]) -> bool {
        paths.iter().all(|path| match self.seen.get(path) {
            Some(seen) => NativeFileSystem
                .read(path, u64::MAX)
                .is_ok_and(|now| now == *seen),
            None => false,
        })
    }

    /// The configuration for a document at `path` (`None`: not a file, the defaults), and a
    /// problem to show if the nearest config file is unusable (the defaults are used then; each
    /// problem is returned once).
    pub fn config_for(&mut self, path: Option<&Path>) -> (Arc<LoadedConfig>, Option<String>) {
        let Some(dir) = path.and_then(Path::parent) else {
            return (Arc::new(LoadedConfig::defaults(PathBuf::from("/"))), None);
        };
        let fs = Recording {
            seen: RefCell::new(&mut self.seen),
        };
        let resolved = match &mut self.resolver {
            Some(resolver) => resolver.for_dir(&fs, dir),
            None => {
                // No root: paths in messages are absolute (an editor has no one working directory).
                ConfigResolver::new(
                    &fs,
                    &ConfigChoice::Nearest,
                    Path::new("/"),
                    Path::new(""),
                    &RuleOverrides::default(),
                )
                .and_then(|resolver| self.resolver.insert(resolver).for_dir(&fs, dir))
            }
        };
        match resolved {
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

    #[test]
    fn config_files_read_are_unchanged_until_their_bytes_change() {
        let root = std::env::temp_dir().join(format!(
            "shipshape-lsp-config-unchanged-{}",
            std::process::id()
        ));
        let nested = root.join("a");
        std::fs::create_dir_all(&nested).unwrap();
        let config = root.join(CONFIG_FILE_NAME);
        std::fs::write(&config, "[rules]\nSS101 = \"off\"\n").unwrap();
        let mut files = ConfigFiles::default();
        // Nothing read yet: a notification counts as a change.
        assert!(!files.unchanged(std::slice::from_ref(&config)));
        files.config_for(Some(&nested.join("compose.yaml")));
        assert!(files.unchanged(std::slice::from_ref(&config)));
        // Written again with the same bytes: still unchanged.
        std::fs::write(&config, "[rules]\nSS101 = \"off\"\n").unwrap();
        assert!(files.unchanged(std::slice::from_ref(&config)));
        // A file the lookup did not read (it stopped at the nearest), or a new one, is a change.
        assert!(!files.unchanged(&[nested.join(CONFIG_FILE_NAME)]));
        std::fs::write(&config, "[rules]\nSS101 = \"on\"\n").unwrap();
        assert!(!files.unchanged(std::slice::from_ref(&config)));
        std::fs::remove_file(&config).unwrap();
        assert!(!files.unchanged(std::slice::from_ref(&config)));
        files.clear();
        assert!(!files.unchanged(std::slice::from_ref(&config)));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
