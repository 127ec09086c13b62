//! The wasmtime host for rule plugins: WASI components implementing `shipshape:plugin@0.2.0`
//! (`wit/shipshape-plugin.wit`, SPEC section 8), or the older `0.1.0`.
//!
//! - Each plugin is compiled once per run (or loaded from the compiled-artifact cache, see
//!   [`cache`]) and pre-linked once; every (file, plugin) pair gets a fresh `Store`.
//! - Sandbox: a WASI context with no preopened directories, no environment, no arguments, no
//!   network (TCP, UDP and name lookup off), empty stdin and discarded stdout/stderr, and clocks
//!   frozen at zero. Fuel bounds each call (a base budget plus an allowance per byte of the
//!   document), `StoreLimits` caps memory at [`MEMORY_LIMIT`] (a failed grow traps), and the
//!   wasm stack is capped.
//! - A plugin that traps, runs out of fuel or memory, returns `Err`, or returns findings with
//!   spans outside the document or not on UTF-8 boundaries yields one [`PLUGIN_ERROR`] finding
//!   (severity error) for that file and plugin; the run goes on.
//!
//! Versions: a plugin names the interface version it was built for through the
//! `shipshape:plugin/types@X.Y.Z` interface it imports; [`api_version`] reads it from the
//! compiled component before anything runs and maps it to a [`PluginApiVersion`], or to an error
//! that says whether to upgrade shipshape or update the plugin. The host speaks 0.1 and 0.2
//! (the minor versions of interface major version 1, [`interface`]); a 0.1 plugin keeps running
//! and gets the file kinds 0.2 added as `other`. Callers see [`Plugin`] only.
//!
//! API, for the CLI and the language server: [`Plugins::load`] (paths and [`Options`]) loads
//! each plugin once; [`Plugin::rule_codes`] gives the codes that count as known for SS001/SS002;
//! [`Plugin::check`] checks one document. The host never prints: load errors come back as
//! `Err`, and what a caller should say once (a refused cache directory) as
//! [`Plugins::notices`].

pub mod cache;
mod interface;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{anyhow, Context, Result};
use shipshape_core::{Config, FileKind, Finding, Severity, TextRange};

use interface::Linked;

/// Code (and name) of the finding reported when a plugin fails on a file.
pub const PLUGIN_ERROR: &str = "plugin-error";

/// Memory one plugin instance may use.
pub const MEMORY_LIMIT: usize = 256 * 1024 * 1024;

/// Fuel for one `check` call: this much, plus [`FUEL_PER_BYTE`] per byte of the document.
pub const FUEL_BASE: u64 = 400_000_000;
pub const FUEL_PER_BYTE: u64 = 40_000;

/// A rule a plugin declares. (`summary`, `kinds` and `docs_url` are kept for `shipshape rules`
/// and SARIF rule metadata of plugin rules, not wired up yet.)
#[allow(dead_code)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginRule {
    pub code: String,
    pub name: String,
    pub summary: String,
    pub severity: Severity,
    pub kinds: Vec<FileKind>,
    pub docs_url: Option<String>,
}

/// How plugins are loaded.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Where compiled plugins are kept between runs.
    pub cache: Cache,
    /// The per-user key that signs cached artifacts (`None`: [`cache::key_file`]). It must not
    /// lie inside the cache directory.
    pub key_file: Option<PathBuf>,
}

/// Where compiled plugins are kept between runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Cache {
    /// `$SHIPSHAPE_CACHE_DIR`, else `$XDG_CACHE_HOME/shipshape/plugins`, else
    /// `~/.cache/shipshape/plugins` ([`cache::cache_dir`]); off when `SHIPSHAPE_NO_PLUGIN_CACHE`
    /// is `1` (or `true`, `yes`, `on`).
    #[default]
    Default,
    /// This directory.
    Dir(PathBuf),
    /// No cache: compile every plugin in memory.
    Off,
}

/// A loaded plugin.
pub struct Plugin {
    /// The path as given (for messages).
    pub display: String,
    /// The key of its `[plugin.<name>]` table: the file stem (`registry` for `registry.wasm`).
    pub name: String,
    pub rules: Vec<PluginRule>,
    origin: cache::Origin,
    inner: Linked,
}

impl Plugin {
    /// Load and compile the component at `path`, and ask it for its rules.
    pub fn load(path: &Path, engine: &Engine) -> Result<Self> {
        // As the user would type it: relative to the working directory when inside it.
        let display = std::env::current_dir()
            .ok()
            .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
            .unwrap_or_else(|| path.to_path_buf())
            .display()
            .to_string();
        let bytes = std::fs::read(path).with_context(|| format!("cannot read plugin {display}"))?;
        if !is_component(&bytes) {
            return Err(anyhow!(
                "plugin {display}: not a WebAssembly component (a core module or another file?); build it for wasm32-wasip2 or with `wasm-tools component new`"
            ));
        }
        let (component, origin) = cache::load(&engine.engine, &bytes, engine.cache.as_ref())
            .map_err(|error| anyhow!("plugin {display}: cannot compile it: {error:#}"))?;
        let inner = match api_version(&engine.engine, &component) {
            Ok(version) => Linked::new(version, &engine.engine, &component),
            Err(error) => Err(error),
        }
        .map_err(|error| anyhow!("plugin {display}: {error}"))?;
        let rules = inner
            .rules()
            .map_err(|error| anyhow!("plugin {display}: `rules` failed: {error}"))?;
        let name = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or("plugin")
            .to_string();
        Ok(Self {
            display,
            name,
            rules,
            origin,
            inner,
        })
    }

    /// Whether it came from the cache (its artifact's MAC checked out) or was compiled.
    pub fn origin(&self) -> cache::Origin {
        self.origin
    }

    /// Codes and names of its rules (for `Config::external_rule_codes`).
    pub fn rule_codes(&self) -> impl Iterator<Item = String> + '_ {
        self.rules
            .iter()
            .flat_map(|rule| [rule.code.clone(), rule.name.clone()])
    }

    /// Check one document. Never fails: a failure is one [`PLUGIN_ERROR`] finding.
    pub fn check(&self, path: &str, kind: FileKind, text: &str, config: &Config) -> Vec<Finding> {
        let config_json = shipshape_plugin_api::config_json(config, &self.name);
        let result = self
            .inner
            .check(path, kind, text, &config_json)
            .and_then(|findings| validate(text, findings));
        match result {
            Ok(findings) => findings,
            Err(reason) => vec![self.error_finding(&reason)],
        }
    }

    fn error_finding(&self, reason: &str) -> Finding {
        Finding {
            code: PLUGIN_ERROR.to_string(),
            name: PLUGIN_ERROR.to_string(),
            severity: Severity::Error,
            message: format!(
                "Plugin `{}` failed on this file, so its rules were not checked: {}",
                self.display,
                one_line(reason)
            ),
            range: TextRange::empty(0),
            object: Some(format!("plugin {}", self.name)),
            fixes: Vec::new(),
            anchor: None,
            redact: None,
            related: Vec::new(),
            text: None,
        }
    }
}

/// The engine shared by every plugin of a run (or of a language server process), and the cache
/// directory it uses, if that passed its checks.
pub struct Engine {
    engine: wasmtime::Engine,
    cache: Option<cache::CacheDir>,
    /// Why the cache directory was refused, to say once.
    notice: Option<String>,
}

impl Engine {
    pub fn new(options: &Options) -> Result<Self> {
        let dir = match &options.cache {
            Cache::Default if cache::disabled_by_env() => None,
            Cache::Default => cache::cache_dir(),
            Cache::Dir(dir) => Some(dir.clone()),
            Cache::Off => None,
        };
        let key_file = options.key_file.clone().or_else(cache::key_file);
        let (cache, notice) = match (dir, key_file) {
            (None, _) => (None, None),
            (Some(dir), None) => (
                None,
                Some(format!(
                    "plugin cache {} not used: no home directory for its key; plugins are compiled in memory",
                    dir.display()
                )),
            ),
            (Some(dir), Some(key_file)) => match cache::CacheDir::open(&dir, &key_file) {
                Ok(cache) => (Some(cache), None),
                Err(reason) => (
                    None,
                    Some(format!(
                        "plugin cache not used: {reason}; plugins are compiled in memory"
                    )),
                ),
            },
        };
        Ok(Self {
            engine: interface::engine()
                .map_err(|error| anyhow!("cannot start wasmtime: {error}"))?,
            cache,
            notice,
        })
    }

    /// Why the cache directory was refused (`None`: it is used, or there is none).
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }
}

/// Every plugin of a run, loaded once, by absolute path.
#[derive(Default)]
pub struct Plugins {
    loaded: BTreeMap<PathBuf, Arc<Plugin>>,
    notices: Vec<String>,
}

impl Plugins {
    /// Load each path once (`Err`: a plugin that cannot be read, compiled or linked). The engine
    /// starts only when there is a plugin to load.
    pub fn load<'a>(paths: impl IntoIterator<Item = &'a Path>, options: &Options) -> Result<Self> {
        let mut plugins = Self::default();
        let mut engine: Option<Engine> = None;
        for path in paths {
            if plugins.loaded.contains_key(path) {
                continue;
            }
            let engine = match &mut engine {
                Some(engine) => engine,
                None => {
                    let new = engine.insert(Engine::new(options)?);
                    plugins.notices.extend(new.notice().map(str::to_string));
                    new
                }
            };
            let plugin = Plugin::load(path, engine)?;
            plugins.loaded.insert(path.to_path_buf(), Arc::new(plugin));
        }
        Ok(plugins)
    }

    /// The plugin loaded from `path` (absolute, as given to [`Plugins::load`]).
    pub fn get(&self, path: &Path) -> Option<&Arc<Plugin>> {
        self.loaded.get(path)
    }

    /// What the caller should tell the user once (on stderr, in a log), e.g. that the cache
    /// directory was refused.
    pub fn notices(&self) -> &[String] {
        &self.notices
    }
}

/// The plugin interface versions this host speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PluginApiVersion {
    /// `shipshape:plugin@0.1.x` (`wit/0.1.0/shipshape-plugin.wit`): the new kinds are `other`.
    V0_1,
    /// `shipshape:plugin@0.2.x` (`wit/shipshape-plugin.wit`): every file kind by name.
    V0_2,
}

/// The interface whose version a plugin imports.
const TYPES_INTERFACE: &str = "shipshape:plugin/types@";

/// The oldest and the newest interface versions this host speaks, as (major, minor).
const OLDEST_API: (u64, u64) = (0, 1);
const HOST_API: (u64, u64) = (0, 2);

/// Which interface version a compiled component was built for.
fn api_version(
    engine: &wasmtime::Engine,
    component: &wasmtime::component::Component,
) -> Result<PluginApiVersion, String> {
    let Some(version) = component
        .component_type()
        .imports(engine)
        .find_map(|(name, _)| name.strip_prefix(TYPES_INTERFACE).map(str::to_string))
    else {
        return Err(
            "not a shipshape plugin: it does not use the shipshape:plugin interface (wit/shipshape-plugin.wit)"
                .to_string(),
        );
    };
    api_version_of(&version)
}

/// Map `X.Y.Z` to a version this host speaks. The interface only grows within its major version
/// (SPEC section 8), and the host keeps the bindings of every minor version it has had, so 0.1.z
/// and 0.2.z both load; anything newer asks for a newer shipshape, anything older (0.0) for a
/// rebuilt plugin.
fn api_version_of(version: &str) -> Result<PluginApiVersion, String> {
    let mut parts = version.split(['.', '-', '+']);
    let mut number = || parts.next().and_then(|part| part.parse::<u64>().ok());
    let (Some(major), Some(minor)) = (number(), number()) else {
        return Err(format!(
            "it names shipshape:plugin version `{version}`, which is not a version number"
        ));
    };
    let host = format!(
        "{}.{} to {}.{}",
        OLDEST_API.0, OLDEST_API.1, HOST_API.0, HOST_API.1
    );
    match (major, minor) {
        (0, 1) => Ok(PluginApiVersion::V0_1),
        (0, 2) => Ok(PluginApiVersion::V0_2),
        newer if newer > HOST_API => Err(format!(
            "it was built for plugin interface {version}, newer than this shipshape speaks ({host}): upgrade shipshape"
        )),
        _ => Err(format!(
            "it was built for plugin interface {version}, older than this shipshape speaks ({host}): update the plugin"
        )),
    }
}

/// A component starts with the preamble `\0asm` and layer 1 (core modules have layer 0).
fn is_component(bytes: &[u8]) -> bool {
    bytes.len() >= 8 && bytes.starts_with(b"\0asm") && bytes.get(6..8) == Some(&[1, 0])
}

/// Check the spans a plugin returned: inside the document, on UTF-8 boundaries, start ≤ end.
fn validate(text: &str, findings: Vec<Finding>) -> Result<Vec<Finding>, String> {
    let ok = |range: TextRange| {
        range.start <= range.end
            && range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end)
    };
    for finding in &findings {
        if !ok(finding.range) {
            return Err(format!(
                "finding {} has span {}..{}, outside the document ({} bytes) or not on a character boundary",
                finding.code,
                finding.range.start,
                finding.range.end,
                text.len()
            ));
        }
        if finding.code.trim().is_empty() {
            return Err("a finding has an empty code".to_string());
        }
        for fix in &finding.fixes {
            if let Some(edit) = fix.edits.iter().find(|edit| !ok(edit.range)) {
                return Err(format!(
                    "a fix of finding {} edits {}..{}, outside the document or not on a character boundary",
                    finding.code, edit.range.start, edit.range.end
                ));
            }
            let mut edits = fix.edits.iter().map(|edit| edit.range).collect::<Vec<_>>();
            edits.sort_by_key(|range| (range.start, range.end));
            if edits.windows(2).any(|pair| pair[0].end > pair[1].start) {
                return Err(format!(
                    "a fix of finding {} has overlapping edits",
                    finding.code
                ));
            }
        }
    }
    Ok(findings)
}

/// Control characters (a plugin's error text may hold anything) become spaces.
fn one_line(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(500)
        .collect();
    if text.chars().count() > 500 {
        out.push('…');
    }
    out.trim().to_string()
}

/// What the workspace layer runs: a loaded plugin is one of the run's plugins, in the CLI and in
/// the language server alike.
impl shipshape_workspace::Plugin for Plugin {
    fn rule_codes(&self) -> Vec<String> {
        Plugin::rule_codes(self).collect()
    }

    fn check(&self, path: &str, kind: FileKind, text: &str, config: &Config) -> Vec<Finding> {
        Plugin::check(self, path, kind, text, config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interface_versions_map_to_advice() {
        assert_eq!(api_version_of("0.1.0"), Ok(PluginApiVersion::V0_1));
        assert_eq!(api_version_of("0.1.7"), Ok(PluginApiVersion::V0_1));
        assert_eq!(api_version_of("0.2.0"), Ok(PluginApiVersion::V0_2));
        assert_eq!(api_version_of("0.2.3-rc.1"), Ok(PluginApiVersion::V0_2));
        let newer = api_version_of("0.3.0").unwrap_err();
        assert!(
            newer.ends_with("newer than this shipshape speaks (0.1 to 0.2): upgrade shipshape"),
            "{newer}"
        );
        let major = api_version_of("1.0.0").unwrap_err();
        assert!(major.ends_with("upgrade shipshape"), "{major}");
        let older = api_version_of("0.0.3").unwrap_err();
        assert!(
            older.ends_with("older than this shipshape speaks (0.1 to 0.2): update the plugin"),
            "{older}"
        );
        assert!(api_version_of("x")
            .unwrap_err()
            .contains("not a version number"));
    }

    #[test]
    fn components_are_told_from_core_modules() {
        assert!(is_component(b"\0asm\x0d\0\x01\0rest"));
        assert!(!is_component(b"\0asm\x01\0\0\0rest"));
        assert!(!is_component(b"hello"));
    }
}
