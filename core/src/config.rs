//! `.shipshape.toml`, parsed from text as a pure function. Finding the file is the adapters' job.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::finding::Severity;
use crate::registry::find_rule;
pub use crate::settings::{normalize_capability, Config, RuleSetting};

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
    fn errors_say_where() {
        let error = Config::from_toml("fail-on = \"warning\"\n[rulez]\n").unwrap_err();
        assert_eq!(error.line, Some(2));
        assert!(error.message.contains("rulez"), "{}", error.message);
        let error = Config::from_toml("[rules]\nSS999 = \"off\"\n").unwrap_err();
        assert_eq!(error.message, "[rules] SS999: no such rule");
    }
}
