//! `.shipshape.toml`, parsed from text as a pure function. Finding the file is the adapters' job.

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

/// Every error of a configuration file, in the order of their positions (never empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigErrors {
    pub errors: Vec<ConfigError>,
}

impl ConfigErrors {
    pub fn iter(&self) -> std::slice::Iter<'_, ConfigError> {
        self.errors.iter()
    }
}

impl<'a> IntoIterator for &'a ConfigErrors {
    type Item = &'a ConfigError;
    type IntoIter = std::slice::Iter<'a, ConfigError>;
    fn into_iter(self) -> Self::IntoIter {
        self.errors.iter()
    }
}

/// One error a line, `line:column: message` (or the message alone when no position is known).
impl std::fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (index, error) in self.errors.iter().enumerate() {
            if index > 0 {
                f.write_str("\n")?;
            }
            match (error.line, error.column) {
                (Some(line), Some(column)) => write!(f, "{line}:{column}: {}", error.message)?,
                _ => f.write_str(&error.message)?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

/// The top-level keys of `.shipshape.toml`.
const TOP_LEVEL_KEYS: &[&str] = &[
    "fail-on",
    "include",
    "exclude",
    "plugins",
    "plugin-cache",
    "baseline",
    "rules",
    "capabilities",
    "secrets",
    "pids",
    "plugin",
];
const CAPABILITIES_KEYS: &[&str] = &["dangerous", "allowed"];
const SECRETS_KEYS: &[&str] = &["names", "exempt", "prefer-files"];
const PIDS_KEYS: &[&str] = &["default-limit"];
const SEVERITIES: &[&str] = &["error", "warning", "info", "hint"];
const RULE_SETTINGS: &[&str] = &["off", "on", "error", "warning", "info", "hint"];

/// The Linux capabilities, from capabilities(7) (Linux 6.x: `CAP_CHOWN` ... `CAP_CHECKPOINT_RESTORE`),
/// without the `CAP_` prefix. `ALL` is Docker's and Kubernetes' name for every one of them.
pub const LINUX_CAPABILITIES: &[&str] = &[
    "AUDIT_CONTROL",
    "AUDIT_READ",
    "AUDIT_WRITE",
    "BLOCK_SUSPEND",
    "BPF",
    "CHECKPOINT_RESTORE",
    "CHOWN",
    "DAC_OVERRIDE",
    "DAC_READ_SEARCH",
    "FOWNER",
    "FSETID",
    "IPC_LOCK",
    "IPC_OWNER",
    "KILL",
    "LEASE",
    "LINUX_IMMUTABLE",
    "MAC_ADMIN",
    "MAC_OVERRIDE",
    "MKNOD",
    "NET_ADMIN",
    "NET_BIND_SERVICE",
    "NET_BROADCAST",
    "NET_RAW",
    "PERFMON",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_ADMIN",
    "SYS_BOOT",
    "SYS_CHROOT",
    "SYS_MODULE",
    "SYS_NICE",
    "SYS_PACCT",
    "SYS_PTRACE",
    "SYS_RAWIO",
    "SYS_RESOURCE",
    "SYS_TIME",
    "SYS_TTY_CONFIG",
    "SYSLOG",
    "WAKE_ALARM",
];

/// The candidate closest to `input` (case-insensitive edit distance, transpositions count one),
/// if it is close enough to be a likely misspelling: at most a third of its length, at least one.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let input = input.trim().to_ascii_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let lowered = candidate.to_ascii_lowercase();
        let distance = strsim::damerau_levenshtein(&input, &lowered);
        let limit = (input.chars().count().min(lowered.chars().count()) / 3).max(1);
        if distance <= limit && best.is_none_or(|(so_far, _)| distance < so_far) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// `; did you mean `x`?` for a message, or nothing.
fn suggestion<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(input, candidates)
        .map(|found| format!("; did you mean `{found}`?"))
        .unwrap_or_default()
}

type Table<'i> = toml::de::DeTable<'i>;
type Value<'i> = toml::de::DeValue<'i>;
type Spanned<T> = toml::Spanned<T>;

/// What a TOML value is, in words for a message: `a string ("infos")`, `an integer (5)`.
fn found(value: &Value) -> String {
    match value {
        Value::String(text) => format!("the string \"{}\"", text.escape_debug()),
        Value::Integer(integer) => match integer_value(integer) {
            Some(number) => format!("the number {number}"),
            None => "a number".to_string(),
        },
        Value::Float(float) => format!("the number {}", float.as_str()),
        Value::Boolean(boolean) => format!("`{boolean}`"),
        Value::Datetime(_) => "a date".to_string(),
        Value::Array(_) => "a list".to_string(),
        Value::Table(_) => "a table".to_string(),
    }
}

fn integer_value(integer: &toml::de::DeInteger) -> Option<i128> {
    i128::from_str_radix(integer.as_str(), integer.radix()).ok()
}

/// Collects errors with their positions while the configuration is read.
struct Reader<'t> {
    text: &'t str,
    lines: crate::text::LineIndex,
    errors: Vec<(usize, ConfigError)>,
}

impl Reader<'_> {
    fn error(&mut self, at: std::ops::Range<usize>, message: String) {
        let start = at.start.min(self.text.len());
        let position = self.lines.line_column(self.text, start);
        self.errors.push((
            start,
            ConfigError {
                message,
                line: Some(position.line),
                column: Some(position.column),
            },
        ));
    }

    /// The entries of a table, with unknown keys reported (`section` names it in messages).
    fn known_entries<'v, 'i>(
        &mut self,
        table: &'v Table<'i>,
        section: &str,
        known: &[&str],
    ) -> Vec<(&'v str, &'v Spanned<Value<'i>>)> {
        let mut entries = Vec::new();
        for (key, value) in table.iter() {
            let name: &str = key.get_ref();
            if known.contains(&name) {
                entries.push((name, value));
            } else {
                let message = format!(
                    "unknown key `{name}` in {section} (expected {}){}",
                    list_of(known),
                    suggestion(name, known.iter().copied())
                );
                self.error(key.span(), message);
            }
        }
        entries
    }

    /// A table value, or an error.
    fn table<'v, 'i>(
        &mut self,
        value: &'v Spanned<Value<'i>>,
        what: &str,
    ) -> Option<&'v Table<'i>> {
        match value.get_ref() {
            Value::Table(table) => Some(table),
            other => {
                let message = format!("{what} must be a table, found {}", found(other));
                self.error(value.span(), message);
                None
            }
        }
    }

    /// A string value, or an error.
    fn string<'v>(&mut self, value: &'v Spanned<Value<'_>>, what: &str) -> Option<&'v str> {
        match value.get_ref() {
            Value::String(text) => Some(text.as_ref()),
            other => {
                let message = format!("{what} must be a string, found {}", found(other));
                self.error(value.span(), message);
                None
            }
        }
    }

    /// A list of strings, each with its span; wrong items are reported and left out.
    fn strings<'v>(
        &mut self,
        value: &'v Spanned<Value<'_>>,
        what: &str,
    ) -> Vec<(&'v str, std::ops::Range<usize>)> {
        let Value::Array(items) = value.get_ref() else {
            let message = format!(
                "{what} must be a list of strings, found {}",
                found(value.get_ref())
            );
            self.error(value.span(), message);
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                Value::String(text) => out.push((text.as_ref(), item.span())),
                other => {
                    let message = format!(
                        "{what} must be a list of strings; this item is {}",
                        found(other)
                    );
                    self.error(item.span(), message);
                }
            }
        }
        out
    }

    /// Capability names, normalised; unknown ones reported with a suggestion.
    fn capabilities(&mut self, value: &Spanned<Value<'_>>, what: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (name, span) in self.strings(value, what) {
            let normalized = normalize_capability(name);
            if normalized == "ALL" || LINUX_CAPABILITIES.contains(&normalized.as_str()) {
                out.push(normalized);
            } else {
                let message = format!(
                    "{what}: `{name}` is not a Linux capability{}",
                    suggestion(&normalized, LINUX_CAPABILITIES.iter().copied())
                );
                self.error(span, message);
            }
        }
        out
    }
}

/// `a, b or c`, each in backticks.
fn list_of(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => format!("`{one}`"),
        [rest @ .., last] => format!(
            "{} or `{last}`",
            rest.iter()
                .map(|item| format!("`{item}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

impl Config {
    /// Parse `.shipshape.toml` text. Every error is reported (syntax errors first stop the
    /// reading of values; otherwise each unknown key, wrong type or unknown name is one error),
    /// each with its line and column.
    pub fn from_toml(text: &str) -> Result<Self, ConfigErrors> {
        let mut reader = Reader {
            text,
            lines: crate::text::LineIndex::new(text),
            errors: Vec::new(),
        };
        let (root, syntax_errors) = toml::de::DeTable::parse_recoverable(text);
        if !syntax_errors.is_empty() {
            for error in syntax_errors {
                let message = error.message().trim().to_string();
                match error.span() {
                    Some(span) => reader.error(span, message),
                    None => reader.errors.push((
                        text.len(),
                        ConfigError {
                            message,
                            line: None,
                            column: None,
                        },
                    )),
                }
            }
            return Err(finish_errors(reader.errors));
        }
        let mut config = Config::default();
        let root = root.get_ref();
        for (key, value) in reader.known_entries(root, "the configuration", TOP_LEVEL_KEYS) {
            match key {
                "fail-on" => {
                    if let Some(text) = reader.string(value, "`fail-on`") {
                        match Severity::parse(text) {
                            Some(severity) => config.fail_on = severity,
                            None => reader.error(
                                value.span(),
                                format!(
                                    "`fail-on` = \"{}\" is not a severity (expected {}){}",
                                    text.escape_debug(),
                                    list_of(SEVERITIES),
                                    suggestion(text, SEVERITIES.iter().copied())
                                ),
                            ),
                        }
                    }
                }
                "include" | "exclude" | "plugins" => {
                    let what = format!("`{key}`");
                    let items: Vec<String> = reader
                        .strings(value, &what)
                        .into_iter()
                        .map(|(item, _)| item.to_string())
                        .collect();
                    match key {
                        "include" => config.include = items,
                        "exclude" => config.exclude = items,
                        _ => config.plugins = items,
                    }
                }
                "plugin-cache" => match value.get_ref() {
                    Value::Boolean(on) => config.plugin_cache = *on,
                    other => reader.error(
                        value.span(),
                        format!(
                            "`plugin-cache` must be true or false, found {}",
                            found(other)
                        ),
                    ),
                },
                "baseline" => {
                    config.baseline = reader.string(value, "`baseline`").map(str::to_string);
                }
                "rules" => {
                    if let Some(rules) = reader.table(value, "`[rules]`") {
                        read_rules(&mut reader, rules, &mut config);
                    }
                }
                "capabilities" => {
                    let Some(table) = reader.table(value, "`[capabilities]`") else {
                        continue;
                    };
                    for (key, value) in
                        reader.known_entries(table, "`[capabilities]`", CAPABILITIES_KEYS)
                    {
                        if key == "dangerous" {
                            config.dangerous_capabilities =
                                reader.capabilities(value, "`[capabilities] dangerous`");
                            continue;
                        }
                        let Some(allowed) = reader.table(value, "`[capabilities] allowed`") else {
                            continue;
                        };
                        for (object, names) in allowed.iter() {
                            let what = format!("`[capabilities] allowed.{}`", object.get_ref());
                            let names = reader.capabilities(names, &what);
                            config
                                .allowed_capabilities
                                .insert(object.get_ref().to_string(), names);
                        }
                    }
                }
                "secrets" => {
                    let Some(table) = reader.table(value, "`[secrets]`") else {
                        continue;
                    };
                    for (key, value) in reader.known_entries(table, "`[secrets]`", SECRETS_KEYS) {
                        if key == "prefer-files" {
                            match value.get_ref() {
                                Value::Boolean(on) => config.secret_prefer_files = *on,
                                other => reader.error(
                                    value.span(),
                                    format!(
                                        "`[secrets] prefer-files` must be true or false, found {}",
                                        found(other)
                                    ),
                                ),
                            }
                            continue;
                        }
                        let items: Vec<String> = reader
                            .strings(value, &format!("`[secrets] {key}`"))
                            .into_iter()
                            .map(|(item, _)| item.trim().to_ascii_uppercase())
                            .collect();
                        if key == "names" {
                            config.secret_names = items;
                        } else {
                            config.secret_exempt = items;
                        }
                    }
                }
                "pids" => {
                    let Some(table) = reader.table(value, "`[pids]`") else {
                        continue;
                    };
                    for (_, value) in reader.known_entries(table, "`[pids]`", PIDS_KEYS) {
                        let limit = match value.get_ref() {
                            Value::Integer(integer) => integer_value(integer)
                                .and_then(|number| u32::try_from(number).ok())
                                .filter(|&number| number >= 1),
                            _ => None,
                        };
                        match limit {
                            Some(limit) => config.pids_limit_default = limit,
                            None => reader.error(
                                value.span(),
                                format!(
                                    "`[pids] default-limit` must be a whole number from 1 to {}, found {}",
                                    u32::MAX,
                                    found(value.get_ref())
                                ),
                            ),
                        }
                    }
                }
                _ => {
                    // `[plugin.NAME]`: each plugin's own table, checked by the plugin.
                    if let Some(table) = reader.table(value, "`[plugin]`") {
                        for (name, value) in table.iter() {
                            config
                                .plugin_settings
                                .insert(name.get_ref().to_string(), to_json(value.get_ref()));
                        }
                    }
                }
            }
        }
        if reader.errors.is_empty() {
            Ok(config)
        } else {
            Err(finish_errors(reader.errors))
        }
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

/// Rule selection from a command line (`--select`, `--ignore`, `--severity CODE=LEVEL`), applied
/// on top of each configuration file: the command line wins.
///
/// - `select`: only these rules run; every other built-in rule is off, except SS000
///   (`parse-error`: a file that cannot be read is never silently clean) unless it is ignored.
///   A selected rule the file turns off is turned back on.
/// - `severity`: each rule's severity (turning it on).
/// - `ignore`: these rules are off, whatever `select` or `severity` say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleOverrides {
    pub select: Option<Vec<&'static str>>,
    pub ignore: Vec<&'static str>,
    pub severity: Vec<(&'static str, Severity)>,
}

impl RuleOverrides {
    /// Parse the flags' values: each a comma-separated list of rule codes or names (repeatable);
    /// `severity` items are `CODE=LEVEL`. Every problem is returned, with a suggestion when a
    /// name is close to a known one.
    pub fn parse(
        select: &[String],
        ignore: &[String],
        severity: &[String],
    ) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        let rules = |values: &[String], flag: &str, problems: &mut Vec<String>| {
            let mut codes: Vec<&'static str> = Vec::new();
            for item in values.iter().flat_map(|value| value.split(',')) {
                let item = item.trim();
                if item.is_empty() {
                    continue;
                }
                match find_rule_or_problem(item, flag) {
                    Ok(code) => {
                        if !codes.contains(&code) {
                            codes.push(code);
                        }
                    }
                    Err(problem) => problems.push(problem),
                }
            }
            codes
        };
        let select_codes = rules(select, "--select", &mut problems);
        let ignore = rules(ignore, "--ignore", &mut problems);
        let mut severities = Vec::new();
        for item in severity.iter().flat_map(|value| value.split(',')) {
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            let Some((rule, level)) = item.split_once('=') else {
                problems.push(format!(
                    "--severity `{item}`: expected CODE=LEVEL (for example `SS403=warning`)"
                ));
                continue;
            };
            let code = match find_rule_or_problem(rule.trim(), "--severity") {
                Ok(code) => code,
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
            };
            match Severity::parse(level) {
                Some(level) => severities.push((code, level)),
                None => problems.push(format!(
                    "--severity `{item}`: `{}` is not a severity (expected {}){}",
                    level.trim(),
                    list_of(SEVERITIES),
                    suggestion(level, SEVERITIES.iter().copied())
                )),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Self {
            select: (!select.is_empty()).then_some(select_codes),
            ignore,
            severity: severities,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.select.is_none() && self.ignore.is_empty() && self.severity.is_empty()
    }
}

fn find_rule_or_problem(item: &str, flag: &str) -> Result<&'static str, String> {
    find_rule(item).map(|rule| rule.code).ok_or_else(|| {
        let names = crate::registry::RULES
            .iter()
            .flat_map(|rule| [rule.code, rule.name]);
        format!(
            "{flag} `{item}`: no such rule (see `shipshape rules`){}",
            suggestion(item, names)
        )
    })
}

impl Config {
    /// Apply command-line rule selection (see [`RuleOverrides`]).
    pub fn apply_overrides(&mut self, overrides: &RuleOverrides) {
        if let Some(select) = &overrides.select {
            for rule in crate::registry::RULES {
                if select.contains(&rule.code) {
                    if matches!(self.rules.get(rule.code), Some(RuleSetting::Off)) {
                        self.rules.insert(rule.code, RuleSetting::On);
                    }
                } else if rule.code != "SS000" {
                    self.rules.insert(rule.code, RuleSetting::Off);
                }
            }
        }
        for (code, severity) in &overrides.severity {
            self.rules.insert(code, RuleSetting::Severity(*severity));
        }
        for code in &overrides.ignore {
            self.rules.insert(code, RuleSetting::Off);
        }
    }
}

/// `[rules]`: each key a rule code or name, each value `"off"`, `"on"`, a severity or a boolean.
fn read_rules(reader: &mut Reader, rules: &Table, config: &mut Config) {
    let names = || {
        crate::registry::RULES
            .iter()
            .flat_map(|rule| [rule.code, rule.name])
    };
    for (key, value) in rules.iter() {
        let name: &str = key.get_ref();
        let Some(rule) = find_rule(name) else {
            let message = format!(
                "`[rules] {name}`: no such rule (see `shipshape rules`){}",
                suggestion(name, names())
            );
            reader.error(key.span(), message);
            continue;
        };
        let setting = match value.get_ref() {
            Value::String(text) => RuleSetting::parse(text),
            Value::Boolean(true) => Some(RuleSetting::On),
            Value::Boolean(false) => Some(RuleSetting::Off),
            _ => None,
        };
        match setting {
            Some(setting) => {
                config.rules.insert(rule.code, setting);
            }
            None => {
                let hint = match value.get_ref() {
                    Value::String(text) => suggestion(text, RULE_SETTINGS.iter().copied()),
                    _ => String::new(),
                };
                let message = format!(
                    "`[rules] {name}` must be \"off\", \"on\" or a severity (\"error\", \"warning\", \"info\", \"hint\"), found {}{hint}",
                    found(value.get_ref())
                );
                reader.error(value.span(), message);
            }
        }
    }
}

/// A TOML value as JSON, for a plugin's settings (dates as their TOML text).
fn to_json(value: &Value) -> serde_json::Value {
    match value {
        Value::String(text) => serde_json::Value::String(text.to_string()),
        Value::Integer(integer) => match integer_value(integer).and_then(|n| i64::try_from(n).ok())
        {
            Some(number) => serde_json::Value::from(number),
            None => serde_json::Value::String(integer.as_str().to_string()),
        },
        Value::Float(float) => float
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        Value::Boolean(boolean) => serde_json::Value::Bool(*boolean),
        Value::Datetime(datetime) => serde_json::Value::String(datetime.to_string()),
        Value::Array(items) => {
            serde_json::Value::Array(items.iter().map(|item| to_json(item.get_ref())).collect())
        }
        Value::Table(table) => serde_json::Value::Object(
            table
                .iter()
                .map(|(key, value)| (key.get_ref().to_string(), to_json(value.get_ref())))
                .collect(),
        ),
    }
}

/// The errors in the order of their positions.
fn finish_errors(mut errors: Vec<(usize, ConfigError)>) -> ConfigErrors {
    errors.sort_by_key(|(at, _)| *at);
    ConfigErrors {
        errors: errors.into_iter().map(|(_, error)| error).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plugin_cache_is_on_unless_turned_off() {
        assert!(Config::from_toml("").expect("empty").plugin_cache);
        let off =
            Config::from_toml("plugins = [\"a.wasm\"]\nplugin-cache = false\n").expect("valid");
        assert!(!off.plugin_cache);
        assert_eq!(off.plugins, ["a.wasm"]);
        let error = Config::from_toml("plugin-cache = \"no\"\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "1:16: `plugin-cache` must be true or false, found the string \"no\""
        );
    }

    #[test]
    fn baseline_is_a_path() {
        assert_eq!(Config::from_toml("").expect("empty").baseline, None);
        let config = Config::from_toml("baseline = \"ci/baseline.json\"\n").expect("valid");
        assert_eq!(config.baseline.as_deref(), Some("ci/baseline.json"));
        let error = Config::from_toml("baseline = true\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "1:12: `baseline` must be a string, found `true`"
        );
    }

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

    /// `line:column: message` of every error.
    fn errors(text: &str) -> Vec<String> {
        match Config::from_toml(text) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.to_string().lines().map(str::to_string).collect(),
        }
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(
            errors("fail-on = \"warning\"\n[rulez]\n"),
            ["2:2: unknown key `rulez` in the configuration (expected `fail-on`, `include`, `exclude`, `plugins`, `plugin-cache`, `baseline`, `rules`, `capabilities`, `secrets`, `pids` or `plugin`); did you mean `rules`?"]
        );
        assert_eq!(
            errors("[rules]\nSS999 = \"off\"\n"),
            ["2:1: `[rules] SS999`: no such rule (see `shipshape rules`)"]
        );
    }

    #[test]
    fn every_error_is_reported_with_its_position_in_plain_words() {
        let text = r#"fail-on = "infos"
include = "compose.yaml"
exlude = ["vendor"]
[rules]
SS10l = "off"
read-only-root-filesytem = "warn"
SS301 = "infos"
SS302 = 3
[capabilities]
dangerous = ["NET_ADMN", "cap_sys_admin", 7]
allowed = { vpn = ["net_admin", "SYS_MODUEL"] }
[secrets]
name = ["PIN"]
[pids]
default-limit = -5
"#;
        assert_eq!(
            errors(text),
            [
                "1:11: `fail-on` = \"infos\" is not a severity (expected `error`, `warning`, `info` or `hint`); did you mean `info`?",
                "2:11: `include` must be a list of strings, found the string \"compose.yaml\"",
                "3:1: unknown key `exlude` in the configuration (expected `fail-on`, `include`, `exclude`, `plugins`, `plugin-cache`, `baseline`, `rules`, `capabilities`, `secrets`, `pids` or `plugin`); did you mean `exclude`?",
                "5:1: `[rules] SS10l`: no such rule (see `shipshape rules`); did you mean `SS101`?",
                "6:1: `[rules] read-only-root-filesytem`: no such rule (see `shipshape rules`); did you mean `read-only-root-filesystem`?",
                "7:9: `[rules] SS301` must be \"off\", \"on\" or a severity (\"error\", \"warning\", \"info\", \"hint\"), found the string \"infos\"; did you mean `info`?",
                "8:9: `[rules] SS302` must be \"off\", \"on\" or a severity (\"error\", \"warning\", \"info\", \"hint\"), found the number 3",
                "10:14: `[capabilities] dangerous`: `NET_ADMN` is not a Linux capability; did you mean `NET_ADMIN`?",
                "10:43: `[capabilities] dangerous` must be a list of strings; this item is the number 7",
                "11:33: `[capabilities] allowed.vpn`: `SYS_MODUEL` is not a Linux capability; did you mean `SYS_MODULE`?",
                "13:1: unknown key `name` in `[secrets]` (expected `names`, `exempt` or `prefer-files`); did you mean `names`?",
                "15:17: `[pids] default-limit` must be a whole number from 1 to 4294967295, found the number -5",
            ]
        );
    }

    #[test]
    fn syntax_errors_are_all_reported_and_messages_hold_no_debug_formatting() {
        let lines = errors("fail-on = \n[rules]\nSS101 = \"off\"\nSS101 = \"on\"\n");
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(lines[0].starts_with("1:"), "{lines:?}");
        for line in errors("[rules]\nSS101 = 1.5\n[pids]\ndefault-limit = \"100\"\n") {
            assert!(!line.contains("String(") && !line.contains("u32"), "{line}");
        }
    }

    #[test]
    fn suggestions_are_close_names_only() {
        assert_eq!(
            did_you_mean("NET_ADMN", LINUX_CAPABILITIES.iter().copied()),
            Some("NET_ADMIN")
        );
        assert_eq!(
            did_you_mean("frobnicate", LINUX_CAPABILITIES.iter().copied()),
            None
        );
        assert_eq!(
            did_you_mean("Warnign", SEVERITIES.iter().copied()),
            Some("warning")
        );
        assert_eq!(LINUX_CAPABILITIES.len(), 41);
    }

    #[test]
    fn command_line_overrides_select_ignore_and_set_severities() {
        let overrides = RuleOverrides::parse(
            &["SS101,capabilities-not-dropped".into(), "SS403".into()],
            &["ss403".into()],
            &["SS301=error".into()],
        )
        .expect("valid");
        let mut config = Config::from_toml("[rules]\nSS101 = \"off\"\n").expect("valid");
        config.apply_overrides(&overrides);
        assert_eq!(config.rule_setting("SS101"), Some(RuleSetting::On));
        assert_eq!(
            config.rule_setting("SS301"),
            Some(RuleSetting::Severity(Severity::Error))
        );
        assert_eq!(config.rule_setting("SS403"), Some(RuleSetting::Off));
        assert_eq!(config.rule_setting("SS601"), Some(RuleSetting::Off));
        assert_eq!(config.rule_setting("SS000"), None);

        assert_eq!(
            RuleOverrides::parse(
                &["SS10l".into()],
                &["pids-limit-mising".into()],
                &["SS101".into(), "SS301=fatal".into()],
            ),
            Err(vec![
                "--select `SS10l`: no such rule (see `shipshape rules`); did you mean `SS101`?"
                    .to_string(),
                "--ignore `pids-limit-mising`: no such rule (see `shipshape rules`); did you mean `pids-limit-missing`?"
                    .to_string(),
                "--severity `SS101`: expected CODE=LEVEL (for example `SS403=warning`)".to_string(),
                "--severity `SS301=fatal`: `fatal` is not a severity (expected `error`, `warning`, `info` or `hint`)"
                    .to_string(),
            ])
        );
    }
}
