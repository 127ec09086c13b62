//! The plugins of a run as the workspace sees them: those named with `--plugin` and those each
//! file's configuration names, loaded once by the wasmtime host.

use std::path::PathBuf;
use std::sync::Arc;

use shipshape_plugin_host::Plugins;
use shipshape_workspace::{LoadedConfig, Plugin, PluginSet};

pub struct CliPlugins {
    /// `--plugin` paths, absolute.
    pub cli_plugins: Vec<PathBuf>,
    /// Every plugin of the run (command line and configurations), loaded once.
    pub plugins: Plugins,
}

impl PluginSet for CliPlugins {
    fn plugins_for(&self, config: &LoadedConfig) -> Vec<Arc<dyn Plugin>> {
        let mut seen: Vec<&Arc<shipshape_plugin_host::Plugin>> = Vec::new();
        let mut out: Vec<Arc<dyn Plugin>> = Vec::new();
        for path in self
            .cli_plugins
            .iter()
            .cloned()
            .chain(config.plugin_paths())
        {
            if let Some(plugin) = self.plugins.get(&path) {
                if !seen.iter().any(|known| Arc::ptr_eq(known, plugin)) {
                    seen.push(plugin);
                    out.push(plugin.clone());
                }
            }
        }
        out
    }
}
