//! `.shipshape.toml`, parsed from text as a pure function. Finding the file is the adapters' job.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::finding::Severity;
use crate::registry::find_rule;

/// What the configuration says about one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSetting {
    Off,
    /// On, at the rule's default severity (or the finding's own, for SS501).
    On,
    Severity(Severity),
}

impl RuleSetting {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "off" | "false" | "disable" | "disabled" => Some(RuleSetting::Off),
            "on" | "true" | "enable" | "enabled" | "default" => Some(RuleSetting::On),
            other => Severity::parse(other).map(RuleSetting::Severity),
        }
    }
}

/// The effective configuration for a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Per-rule settings keyed by code (names are resolved when parsing).
    pub rules: BTreeMap<&'static str, RuleSetting>,
    /// Exit non-zero when a finding is at or above this severity.
    pub fail_on: Severity,
    /// Globs of files to check when walking directories (empty: every recognised file).
    pub include: Vec<String>,
    /// Globs of files to skip when walking directories.
    pub exclude: Vec<String>,
    /// Rule plugins (paths to WASI components), relative to the config file.
    pub plugins: Vec<String>,
    /// Keep compiled plugins in the on-disk cache (`plugin-cache = false`: compile in memory).
    pub plugin_cache: bool,
    /// Capabilities reported by SS402 on top of the built-in list (normalised, no `CAP_`).
    pub dangerous_capabilities: Vec<String>,
    /// Capabilities a named service or container may add without SS402/SS403 (normalised).
    pub allowed_capabilities: BTreeMap<String, Vec<String>>,
    /// Extra secret-like name fragments for SS501 (upper case).
    pub secret_names: Vec<String>,
    /// Extra exempt name patterns for SS501 (`*_URL`, `MY_TOKEN_NAME`).
    pub secret_exempt: Vec<String>,
    /// The `pids_limit` value SS601's fix inserts.
    pub pids_limit_default: u32,
    /// Each plugin's own table, by plugin name.
    pub plugin_settings: BTreeMap<String, serde_json::Value>,
    /// Rule codes and names of loaded plugins, set by the host (not read from the file), so that
    /// suppressions naming them are not reported as unknown.
    pub external_rule_codes: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            rules: BTreeMap::new(),
            fail_on: Severity::Warning,
            include: Vec::new(),
            exclude: Vec::new(),
            plugins: Vec::new(),
            plugin_cache: true,
            dangerous_capabilities: Vec::new(),
            allowed_capabilities: BTreeMap::new(),
            secret_names: Vec::new(),
            secret_exempt: Vec::new(),
            pids_limit_default: 100,
            plugin_settings: BTreeMap::new(),
            external_rule_codes: Vec::new(),
        }
    }
}

/// A configuration error with the position (1-based) where it was found, when known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ConfigError {
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawConfig {
    fail_on: Option<String>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    plugins: Vec<String>,
    plugin_cache: Option<bool>,
    #[serde(default)]
    rules: BTreeMap<String, toml::Value>,
    #[serde(default)]
    capabilities: RawCapabilities,
    #[serde(default)]
    secrets: RawSecrets,
    #[serde(default)]
    pids: RawPids,
    #[serde(default)]
    plugin: BTreeMap<String, toml::Value>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawCapabilities {
    #[serde(default)]
    dangerous: Vec<String>,
    #[serde(default)]
    allowed: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawSecrets {
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    exempt: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawPids {
    default_limit: Option<u32>,
}

/// Capability names compare case-insensitively, with or without `CAP_`, spaces ignored.
pub fn normalize_capability(name: &str) -> String {
    let upper = name.trim().to_ascii_uppercase();
    upper.strip_prefix("CAP_").unwrap_or(&upper).to_string()
}

impl Config {
    /// Parse `.shipshape.toml` text.
    pub fn from_toml(text: &str) -> Result<Self, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|error| {
            let (line, column) = match error.span() {
                Some(span) => {
                    let index = crate::text::LineIndex::new(text);
                    let position = index.line_column(text, span.start);
                    (Some(position.line), Some(position.column))
                }
                None => (None, None),
            };
            ConfigError {
                message: error.message().trim().to_string(),
                line,
                column,
            }
        })?;
        let invalid = |message: String| ConfigError {
            message,
            line: None,
            column: None,
        };
        let mut config = Config::default();
        if let Some(fail_on) = raw.fail_on {
            config.fail_on = Severity::parse(&fail_on).ok_or_else(|| {
                invalid(format!(
                    "fail-on = \"{fail_on}\" is not a severity (error, warning, info, hint)"
                ))
            })?;
        }
        for (key, value) in raw.rules {
            let rule =
                find_rule(&key).ok_or_else(|| invalid(format!("[rules] {key}: no such rule")))?;
            let setting = match &value {
                toml::Value::String(text) => RuleSetting::parse(text),
                toml::Value::Boolean(true) => Some(RuleSetting::On),
                toml::Value::Boolean(false) => Some(RuleSetting::Off),
                _ => None,
            }
            .ok_or_else(|| {
                invalid(format!(
                    "[rules] {key} = {value:?}: expected \"off\", \"on\", or a severity (error, warning, info, hint)"
                ))
            })?;
            config.rules.insert(rule.code, setting);
        }
        config.include = raw.include;
        config.exclude = raw.exclude;
        config.plugins = raw.plugins;
        config.plugin_cache = raw.plugin_cache.unwrap_or(true);
        config.dangerous_capabilities = raw
            .capabilities
            .dangerous
            .iter()
            .map(|name| normalize_capability(name))
            .collect();
        config.allowed_capabilities = raw
            .capabilities
            .allowed
            .into_iter()
            .map(|(object, names)| {
                (
                    object,
                    names
                        .iter()
                        .map(|name| normalize_capability(name))
                        .collect(),
                )
            })
            .collect();
        config.secret_names = raw
            .secrets
            .names
            .iter()
            .map(|n| n.trim().to_ascii_uppercase())
            .collect();
        config.secret_exempt = raw
            .secrets
            .exempt
            .iter()
            .map(|n| n.trim().to_ascii_uppercase())
            .collect();
        if let Some(limit) = raw.pids.default_limit {
            if limit == 0 {
                return Err(invalid(
                    "[pids] default-limit must be at least 1".to_string(),
                ));
            }
            config.pids_limit_default = limit;
        }
        for (name, value) in raw.plugin {
            let json = serde_json::to_value(&value)
                .map_err(|error| invalid(format!("[plugin.{name}]: {error}")))?;
            config.plugin_settings.insert(name, json);
        }
        Ok(config)
    }

    pub fn rule_setting(&self, code: &str) -> Option<RuleSetting> {
        self.rules.get(code).copied()
    }

    /// Override one rule's setting (client settings in the LSP, `--select`-like flags).
    pub fn set_rule(&mut self, code_or_name: &str, setting: RuleSetting) -> bool {
        match find_rule(code_or_name) {
            Some(rule) => {
                self.rules.insert(rule.code, setting);
                true
            }
            None => false,
        }
    }

    /// Whether `capability` (normalised) is allowed for the service or container `object_name`.
    pub fn capability_allowed(&self, object_name: &str, capability: &str) -> bool {
        self.allowed_capabilities
            .get(object_name)
            .is_some_and(|allowed| allowed.iter().any(|c| c == capability || c == "ALL"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_section() {
        let config = Config::from_toml(
            r#"
fail-on = "error"
exclude = ["vendor/**"]
[rules]
SS101 = "off"
net-raw-not-dropped = "error"
[capabilities]
dangerous = ["cap_net_bind_service "]
allowed = { vpn = ["NET_ADMIN"] }
[secrets]
names = ["pin"]
exempt = ["*_URL"]
[pids]
default-limit = 200
[plugin.company]
owner-label = "team"
"#,
        )
        .expect("valid config");
        assert_eq!(config.fail_on, Severity::Error);
        assert_eq!(config.rule_setting("SS101"), Some(RuleSetting::Off));
        assert_eq!(
            config.rule_setting("SS302"),
            Some(RuleSetting::Severity(Severity::Error))
        );
        assert_eq!(config.dangerous_capabilities, vec!["NET_BIND_SERVICE"]);
        assert!(config.capability_allowed("vpn", "NET_ADMIN"));
        assert!(!config.capability_allowed("web", "NET_ADMIN"));
        assert_eq!(config.secret_names, vec!["PIN"]);
        assert_eq!(config.pids_limit_default, 200);
        assert_eq!(config.plugin_settings["company"]["owner-label"], "team");
    }

    #[test]
    fn plugin_cache_is_on_unless_turned_off() {
        assert!(Config::from_toml("").expect("empty").plugin_cache);
        let off =
            Config::from_toml("plugins = [\"a.wasm\"]\nplugin-cache = false\n").expect("valid");
        assert!(!off.plugin_cache);
        assert_eq!(off.plugins, ["a.wasm"]);
        let error = Config::from_toml("plugin-cache = \"no\"\n").unwrap_err();
        assert_eq!(error.line, Some(1));
    }

    #[test]
    fn errors_say_where() {
        let error = Config::from_toml("fail-on = \"warning\"\n[rulez]\n").unwrap_err();
        assert_eq!(error.line, Some(2));
        assert!(error.message.contains("rulez"), "{}", error.message);
        let error = Config::from_toml("[rules]\nSS999 = \"off\"\n").unwrap_err();
        assert_eq!(error.message, "[rules] SS999: no such rule");
    }
}
