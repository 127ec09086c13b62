//! Rule plugins named by `.shipshape.toml` (`plugins = [...]`), hosted with the same wasmtime host
//! as the CLI (`shipshape-plugin-host`).
//!
//! - One engine per server process, started with the first plugin. Each plugin file is loaded
//!   (compiled, or taken from the plugin cache when its MAC checks out) once per process and kept;
//!   a plugin file that changes on disk (another modification time or size) is loaded again.
//! - Loading and checking are CPU work: they run where checks run, on the diagnostics thread or
//!   in `spawn_blocking`, never on the async request path.
//! - A plugin that cannot be loaded is reported once (`window/showMessage` and the log), and the
//!   built-in checks go on without it.
//! - The client can forbid loading plugins with the initialization option `loadPlugins: false`
//!   (the VS Code extension sends it for a folder the user has not trusted); it is read at
//!   `initialize` only, never from `workspace/didChangeConfiguration`, which a folder's settings
//!   can feed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use shipshape_core::{Config, Finding};
use shipshape_plugin_host::{Engine, Options, Plugin};
use shipshape_workspace::LoadedConfig;

/// A plugin file as it is on disk: a change to it loads it again.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct FileId {
    path: PathBuf,
    modified: Option<SystemTime>,
    len: u64,
}

type Loaded = Result<Arc<Plugin>, String>;

/// The plugins that run on one document.
#[derive(Default)]
pub struct ForDocument {
    pub plugins: Vec<Arc<Plugin>>,
    /// Some plugin the configuration names is not loaded (`loadPlugins: false`, or it failed):
    /// its rule codes are unknown, so a suppression naming one is not reported as SS001.
    pub missing: bool,
}

pub struct PluginHost {
    /// `false`: the client said `loadPlugins: false`.
    enabled: AtomicBool,
    options: Options,
    engine: OnceLock<Result<Engine, String>>,
    plugins: Mutex<HashMap<FileId, Arc<OnceLock<Loaded>>>>,
    /// Logged once: plugins are named but not loaded.
    said_disabled: AtomicBool,
}

impl Default for PluginHost {
    fn default() -> Self {
        Self::new(Options::default())
    }
}

impl PluginHost {
    pub fn new(options: Options) -> Self {
        Self {
            enabled: AtomicBool::new(true),
            options,
            engine: OnceLock::new(),
            plugins: Mutex::new(HashMap::new()),
            said_disabled: AtomicBool::new(false),
        }
    }

    pub fn set_enabled(&self, enabled: bool) {
        self.enabled.store(enabled, Ordering::SeqCst);
        if !enabled {
            tracing::info!(
                "loadPlugins is false: plugins named by .shipshape.toml are not loaded (the built-in checks run)"
            );
        }
    }

    pub fn enabled(&self) -> bool {
        self.enabled.load(Ordering::SeqCst)
    }

    /// The plugins `loaded` names (paths relative to its file), each loaded once. Plugins that
    /// cannot be loaded are left out (and [`ForDocument::missing`] set); `report` is called once
    /// for each such failure (with the message to show the user).
    pub fn plugins_for(&self, loaded: &LoadedConfig, report: &dyn Fn(String)) -> ForDocument {
        let config = &loaded.config;
        let mut out = ForDocument::default();
        if config.plugins.is_empty() {
            return out;
        }
        if !self.enabled() {
            if !self.said_disabled.swap(true, Ordering::SeqCst) {
                tracing::warn!(
                    plugins = ?config.plugins,
                    "not loading the plugins .shipshape.toml names: the client set loadPlugins to false (an untrusted workspace); the built-in checks run"
                );
            }
            out.missing = true;
            return out;
        }
        for path in loaded.plugin_paths() {
            match self.load(&path, report) {
                Some(plugin) => {
                    if !out.plugins.iter().any(|seen| Arc::ptr_eq(seen, &plugin)) {
                        out.plugins.push(plugin);
                    }
                }
                None => out.missing = true,
            }
        }
        out
    }

    fn load(&self, path: &Path, report: &dyn Fn(String)) -> Option<Arc<Plugin>> {
        let metadata = std::fs::metadata(path).ok();
        let id = FileId {
            path: path.to_path_buf(),
            modified: metadata.as_ref().and_then(|m| m.modified().ok()),
            len: metadata.as_ref().map_or(0, std::fs::Metadata::len),
        };
        let cell = {
            let mut plugins = self
                .plugins
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            plugins.entry(id).or_default().clone()
        };
        // Outside the map's lock: other plugins load meanwhile; the same one waits for this.
        let mut first = false;
        let loaded = cell.get_or_init(|| {
            first = true;
            let started = std::time::Instant::now();
            let loaded = self.load_now(path);
            match &loaded {
                Ok(plugin) => tracing::info!(
                    plugin = %path.display(),
                    origin = ?plugin.origin(),
                    rules = plugin.rules.len(),
                    elapsed_ms = started.elapsed().as_millis() as u64,
                    "plugin loaded"
                ),
                Err(error) => tracing::warn!(plugin = %path.display(), %error, "plugin not loaded"),
            }
            loaded
        });
        match loaded {
            Ok(plugin) => Some(plugin.clone()),
            Err(error) => {
                if first {
                    report(format!(
                        "shipshape: {error} (the built-in checks go on without it)"
                    ));
                }
                None
            }
        }
    }

    fn load_now(&self, path: &Path) -> Loaded {
        let engine = self.engine.get_or_init(|| {
            let engine = Engine::new(&self.options).map_err(|error| format!("{error:#}"))?;
            if let Some(notice) = engine.notice() {
                tracing::warn!("{notice}");
            }
            Ok(engine)
        });
        let engine = engine.as_ref().map_err(Clone::clone)?;
        Plugin::load(path, engine)
            .map(Arc::new)
            .map_err(|error| format!("{error:#}"))
    }
}

/// The configuration with the plugins' rule codes and names counted as known (so that a
/// suppression naming them is no SS001), as the CLI does.
pub fn effective_config(config: &Config, plugins: &[Arc<Plugin>]) -> Config {
    let mut effective = config.clone();
    for plugin in plugins {
        effective.external_rule_codes.extend(plugin.rule_codes());
    }
    effective
}

/// Drop the SS001 findings for suppressions naming codes that are not built-in rules: they may
/// name rules of a plugin that is not loaded ([`ForDocument::missing`]), and reporting them
/// would be noise the user cannot fix in the editor.
pub fn drop_unknown_code_findings(findings: &mut Vec<Finding>) {
    findings.retain(|finding| {
        !(finding.code == "SS001"
            && finding
                .message
                .contains("is not a shipshape rule code or name"))
    });
}
