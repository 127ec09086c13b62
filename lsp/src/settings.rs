//! Client settings (section `shipshape`): `initializationOptions` and
//! `workspace/didChangeConfiguration`.
//!
//! ```json
//! { "enable": true, "rules": { "SS101": "off", "SS301": "error" } }
//! ```
//! Rule keys are codes or names; values are `off`, `on`/`default`, or a severity. They override
//! `.shipshape.toml` through `Config::set_rule`.

use serde_json::Value;
use shipshape_core::config::RuleSetting;
use shipshape_core::Config;

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// `false`: publish no diagnostics and offer no actions.
    pub enable: bool,
    /// Rule overrides, in the order given.
    pub rules: Vec<(String, RuleSetting)>,
    /// `shipshape.language` (`en`, `zh-CN`): overrides the editor's display language, which
    /// `initialize` gives as `locale`.
    pub language: Option<shipshape_core::Locale>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            enable: true,
            rules: Vec::new(),
            language: None,
        }
    }
}

impl Settings {
    /// Read settings from the value a client sends: either the `shipshape` section itself or an
    /// object holding it under `shipshape`. Returns the settings and a list of problems (unknown
    /// rules, bad values) to show the user; what can be read is kept.
    pub fn from_value(value: &Value) -> (Self, Vec<String>) {
        let mut settings = Settings::default();
        let mut problems = Vec::new();
        let section = match value.get("shipshape") {
            Some(section) => section,
            None => value,
        };
        let Some(section) = section.as_object() else {
            return (settings, problems);
        };
        if let Some(enable) = section.get("enable") {
            match enable.as_bool() {
                Some(enable) => settings.enable = enable,
                None => problems.push(format!(
                    "shipshape.enable: expected true or false, got {enable}"
                )),
            }
        }
        match section.get("language") {
            None | Some(Value::Null) => {}
            Some(Value::String(tag)) if tag.is_empty() => {}
            Some(value) => match value.as_str().and_then(shipshape_core::Locale::parse) {
                Some(locale) => settings.language = Some(locale),
                None => problems.push(format!(
                    "shipshape.language: expected \"en\" or \"zh-CN\", got {value}"
                )),
            },
        }
        match section.get("rules") {
            None | Some(Value::Null) => {}
            Some(Value::Object(rules)) => {
                for (key, value) in rules {
                    let setting = match value {
                        Value::String(text) => RuleSetting::parse(text),
                        Value::Bool(true) => Some(RuleSetting::On),
                        Value::Bool(false) => Some(RuleSetting::Off),
                        _ => None,
                    };
                    if shipshape_core::registry::find_rule(key).is_none() {
                        problems.push(format!("shipshape.rules: no rule {key}"));
                        continue;
                    }
                    match setting {
                        Some(setting) => settings.rules.push((key.clone(), setting)),
                        None => problems.push(format!(
                            "shipshape.rules.{key}: expected \"off\", \"on\" or a severity (error, warning, info, hint), got {value}"
                        )),
                    }
                }
            }
            Some(other) => problems.push(format!(
                "shipshape.rules: expected an object like {{\"SS101\": \"off\"}}, got {other}"
            )),
        }
        (settings, problems)
    }

    /// The configuration with these overrides applied.
    pub fn apply(&self, config: &Config) -> Config {
        let mut config = config.clone();
        for (rule, setting) in &self.rules {
            config.set_rule(rule, *setting);
        }
        config
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use shipshape_core::Severity;

    #[test]
    fn language_setting_overrides_or_is_reported() {
        let (settings, problems) = Settings::from_value(&json!({"language": "zh-CN"}));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(settings.language, Some(shipshape_core::Locale::ZhCn));
        let (settings, problems) = Settings::from_value(&json!({"language": ""}));
        assert_eq!((settings.language, problems.len()), (None, 0));
        let (settings, problems) = Settings::from_value(&json!({"language": "fr"}));
        assert_eq!(settings.language, None);
        assert_eq!(
            problems,
            vec!["shipshape.language: expected \"en\" or \"zh-CN\", got \"fr\"".to_string()]
        );
    }

    #[test]
    fn reads_the_section_or_the_wrapped_section() {
        let direct = json!({"rules": {"SS101": "off", "net-raw-not-dropped": "error"}});
        let wrapped = json!({"shipshape": direct.clone()});
        for value in [direct, wrapped] {
            let (settings, problems) = Settings::from_value(&value);
            assert!(problems.is_empty(), "{problems:?}");
            let config = settings.apply(&Config::default());
            assert_eq!(config.rule_setting("SS101"), Some(RuleSetting::Off));
            assert_eq!(
                config.rule_setting("SS302"),
                Some(RuleSetting::Severity(Severity::Error))
            );
        }
    }

    #[test]
    fn keeps_what_it_can_and_reports_the_rest() {
        let (settings, problems) = Settings::from_value(&json!({
            "enable": false,
            "rules": {"SS999": "off", "SS301": "loud", "SS601": false}
        }));
        assert!(!settings.enable);
        assert_eq!(
            settings.rules,
            vec![("SS601".to_string(), RuleSetting::Off)]
        );
        assert_eq!(
            problems,
            vec![
                "shipshape.rules.SS301: expected \"off\", \"on\" or a severity (error, warning, info, hint), got \"loud\"".to_string(),
                "shipshape.rules: no rule SS999".to_string(),
            ]
        );
        let (settings, problems) = Settings::from_value(&Value::Null);
        assert_eq!(settings, Settings::default());
        assert!(problems.is_empty());
    }
}
