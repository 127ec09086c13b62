//! The settings rules read while checking ([`Config`]): plain data, below the checker and the
//! rules. Parsing `.shipshape.toml` into it is [`crate::config`], which needs the registry to
//! resolve rule names, above the rules.

use std::collections::BTreeMap;

use crate::finding::Severity;

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
    /// A baseline file of accepted findings (`shipshape check --baseline`), relative to the config
    /// file; the host reads it (core does no I/O).
    pub baseline: Option<String>,
    /// Capabilities reported by SS402 on top of the built-in list (normalised, no `CAP_`).
    pub dangerous_capabilities: Vec<String>,
    /// Capabilities a named service or container may add without SS402/SS403 (normalised).
    pub allowed_capabilities: BTreeMap<String, Vec<String>>,
    /// Extra secret-like name fragments for SS501 (upper case).
    pub secret_names: Vec<String>,
    /// Extra exempt name patterns for SS501 (`*_URL`, `MY_TOKEN_NAME`).
    pub secret_exempt: Vec<String>,
    /// `[secrets] prefer-files = true`: SS501 also reports, as info, a Kubernetes variable read
    /// from a Secret (`valueFrom.secretKeyRef`), for teams that mount secrets as files only.
    /// Off by default: a `secretKeyRef` is what SS501's own Kubernetes fix writes.
    pub secret_prefer_files: bool,
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
            baseline: None,
            dangerous_capabilities: Vec::new(),
            allowed_capabilities: BTreeMap::new(),
            secret_names: Vec::new(),
            secret_exempt: Vec::new(),
            secret_prefer_files: false,
            pids_limit_default: 100,
            plugin_settings: BTreeMap::new(),
            external_rule_codes: Vec::new(),
        }
    }
}

/// Capability names compare case-insensitively, with or without `CAP_`, spaces ignored.
pub fn normalize_capability(name: &str) -> String {
    let upper = name.trim().to_ascii_uppercase();
    upper.strip_prefix("CAP_").unwrap_or(&upper).to_string()
}

impl Config {
    pub fn rule_setting(&self, code: &str) -> Option<RuleSetting> {
        self.rules.get(code).copied()
    }

    /// Whether `capability` (normalised) is allowed for the service or container `object_name`.
    pub fn capability_allowed(&self, object_name: &str, capability: &str) -> bool {
        self.allowed_capabilities
            .get(object_name)
            .is_some_and(|allowed| allowed.iter().any(|c| c == capability || c == "ALL"))
    }
}
