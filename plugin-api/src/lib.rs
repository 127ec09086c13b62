//! What the plugin host (`cli/src/plugins/`) and the built-in plugin (`plugin/`) share.
//!
//! - [`PLUGIN_API_VERSION`]: the version of the WIT world `shipshape:plugin` the host speaks
//!   (version 1: `shipshape:plugin@0.2.0`, `wit/shipshape-plugin.wit`, which grew from 0.1.0,
//!   `wit/0.1.0/shipshape-plugin.wit`, by adding file kinds; the host runs both).
//! - The `config` string given to a plugin's `check`: JSON `{"plugin": <the plugin's own
//!   `[plugin.<name>]` table or null>, "global": <the effective configuration>}`.
//!   [`config_json`] writes it, [`global_config`] reads the `global` part back into a
//!   [`Config`], so that the built-in plugin checks exactly as the native checks do.

use serde_json::{json, Map, Value};
use shipshape_core::config::RuleSetting;
use shipshape_core::{Config, Severity};

/// Major version of the plugin interface: `shipshape:plugin@0.1.0` and `@0.2.0` are version 1.
pub const PLUGIN_API_VERSION: u32 = 1;

/// The WIT package a plugin of [`PLUGIN_API_VERSION`] implements.
pub const WIT_PACKAGE: &str = "shipshape:plugin@0.2.0";

/// The `config` argument of `check` for the plugin called `name`.
pub fn config_json(config: &Config, name: &str) -> String {
    let rules: Map<String, Value> = config
        .rules
        .iter()
        .map(|(code, setting)| {
            let value = match setting {
                RuleSetting::Off => "off",
                RuleSetting::On => "on",
                RuleSetting::Severity(severity) => severity.as_str(),
            };
            ((*code).to_string(), Value::from(value))
        })
        .collect();
    let global = json!({
        "rules": rules,
        "fail-on": config.fail_on.as_str(),
        "dangerous-capabilities": config.dangerous_capabilities,
        "allowed-capabilities": config.allowed_capabilities,
        "secret-names": config.secret_names,
        "secret-exempt": config.secret_exempt,
        "pids-default-limit": config.pids_limit_default,
        "external-rule-codes": config.external_rule_codes,
    });
    json!({
        "plugin": config.plugin_settings.get(name).cloned().unwrap_or(Value::Null),
        "global": global,
    })
    .to_string()
}

/// The configuration in the `global` part of a `config` argument (defaults for what is
/// missing or malformed).
pub fn global_config(config_json: &str) -> Config {
    let mut config = Config::default();
    let Ok(value) = serde_json::from_str::<Value>(config_json) else {
        return config;
    };
    let global = &value["global"];
    if let Some(rules) = global["rules"].as_object() {
        for (code, setting) in rules {
            if let Some(setting) = setting.as_str().and_then(RuleSetting::parse) {
                config.set_rule(code, setting);
            }
        }
    }
    if let Some(fail_on) = global["fail-on"].as_str().and_then(Severity::parse) {
        config.fail_on = fail_on;
    }
    let strings = |value: &Value| -> Vec<String> {
        value
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|item| item.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    config.dangerous_capabilities = strings(&global["dangerous-capabilities"]);
    if let Some(allowed) = global["allowed-capabilities"].as_object() {
        config.allowed_capabilities = allowed
            .iter()
            .map(|(name, caps)| (name.clone(), strings(caps)))
            .collect();
    }
    config.secret_names = strings(&global["secret-names"]);
    config.secret_exempt = strings(&global["secret-exempt"]);
    if let Some(limit) = global["pids-default-limit"]
        .as_u64()
        .and_then(|limit| u32::try_from(limit).ok())
        .filter(|limit| *limit > 0)
    {
        config.pids_limit_default = limit;
    }
    config.external_rule_codes = strings(&global["external-rule-codes"]);
    config
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_global_configuration_round_trips() {
        let toml = r#"
fail-on = "error"
[rules]
SS101 = "off"
pids-limit-missing = "error"
SS301 = "on"
[capabilities]
dangerous = ["cap_sys_time"]
allowed = { web = ["NET_ADMIN"] }
[secrets]
names = ["pin"]
exempt = ["*_PIN_NAME"]
[pids]
default-limit = 64
[plugin.registry]
allowed = ["ghcr.io/acme"]
"#;
        let mut config = Config::from_toml(toml).expect("valid");
        config.external_rule_codes = vec!["ACME001".to_string()];
        let json = config_json(&config, "registry");
        let mut back = global_config(&json);
        // Only the checking parts travel; the walking parts stay with the host.
        back.plugin_settings = config.plugin_settings.clone();
        back.include = config.include.clone();
        back.exclude = config.exclude.clone();
        back.plugins = config.plugins.clone();
        assert_eq!(back, config);
        let value: Value = serde_json::from_str(&json).expect("JSON");
        assert_eq!(value["plugin"], json!({"allowed": ["ghcr.io/acme"]}));
        assert_eq!(global_config("not json"), Config::default());
    }
}

#[cfg(test)]
mod interface_tests {
    use std::path::Path;

    fn read(path: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The interface printed in docs/plugins.md is the file the host and the plugins build from,
    /// and its package is [`super::WIT_PACKAGE`].
    #[test]
    fn the_documented_interface_is_the_wit_file() {
        let wit = read("wit/shipshape-plugin.wit");
        assert!(wit.starts_with(&format!("package {};\n", super::WIT_PACKAGE)));
        let docs = read("docs/plugins.md");
        let block = docs
            .split("```wit\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .expect("a ```wit block in docs/plugins.md");
        assert_eq!(block, wit);
    }

    /// 0.1.0 is kept as released (below its two header comment lines), and 0.2.0 differs from it
    /// only by the file kinds it appends: the interface grew, nothing else changed.
    #[test]
    fn the_previous_interface_is_kept_and_0_2_only_adds_kinds() {
        let old = read("wit/0.1.0/shipshape-plugin.wit");
        let old: String = old
            .lines()
            .skip_while(|line| line.starts_with("//"))
            .map(|line| format!("{line}\n"))
            .collect();
        let new_as_old = read("wit/shipshape-plugin.wit")
            .replace("package shipshape:plugin@0.2.0;", "package shipshape:plugin@0.1.0;")
            .replace(
                "  /// 0.2.0 appends the kinds of SPEC 2b after `other`; 0.1.0 plugins get those files as `other`.\n  enum file-kind {\n    dockerfile, compose, kubernetes, other,\n    devcontainer, quadlet, shell, makefile, github-actions, gitlab-ci,\n  }",
                "  enum file-kind { dockerfile, compose, kubernetes, other }",
            );
        assert_eq!(old, new_as_old);
    }
}
