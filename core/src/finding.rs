//! Findings: what a rule reports, with the fixes ([`crate::edit`]) it offers.

use serde::{Deserialize, Serialize};

use crate::edit::Fix;
use crate::text::TextRange;

/// Base of the published rule docs; each rule's page is `{DOCS_BASE}/{code}.md`.
pub const DOCS_BASE: &str = "https://github.com/shipshape-dev/shipshape/blob/main/docs/rules";

/// The docs page of a rule code.
pub fn docs_url(code: &str) -> String {
    format!("{DOCS_BASE}/{code}.md")
}

/// The docs page of a rule code in `locale`: `{DOCS_BASE}/zh-CN/{code}.md` for Chinese.
pub fn docs_url_in(code: &str, locale: crate::i18n::Locale) -> String {
    match locale {
        crate::i18n::Locale::En => docs_url(code),
        crate::i18n::Locale::ZhCn => format!("{DOCS_BASE}/zh-CN/{code}.md"),
    }
}

/// How serious a finding is. Ordered so that `Error > Warning > Info > Hint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" | "note" => Some(Severity::Info),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    /// What the editor underlines.
    pub range: TextRange,
    /// What the finding is about: `service web`, `Deployment/api container app`, `stage build`.
    pub object: Option<String>,
    pub fixes: Vec<Fix>,
    /// Start of the line that owns the finding for suppression purposes (the Dockerfile
    /// instruction, compose service key or Kubernetes container entry), when it differs from
    /// `range.start`.
    pub anchor: Option<usize>,
    /// Byte range of a secret value this finding is about: renderers that show source text must
    /// mask it (see [`crate::secrets::redact`]).
    pub redact: Option<TextRange>,
    /// Findings folded into this one ([`crate::fold`]): consequences of the same mistake, shown
    /// as related information and never counted, annotated or fixed on their own.
    pub related: Vec<Related>,
    /// The catalogue text behind `message`, for showing it in another language; `None` for a
    /// text outside the catalogue (a plugin's), shown as written.
    pub text: Option<crate::i18n::Message>,
}

/// A finding folded into another: what it would have said, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    pub range: TextRange,
    pub text: Option<crate::i18n::Message>,
}

impl Related {
    /// The message in `locale` (see [`Finding::message_in`]).
    pub fn message_in(&self, locale: crate::i18n::Locale) -> String {
        match &self.text {
            Some(text) if locale != crate::i18n::Locale::En => text.render(locale),
            _ => self.message.clone(),
        }
    }
}

impl From<Finding> for Related {
    fn from(finding: Finding) -> Self {
        Self {
            code: finding.code,
            name: finding.name,
            severity: finding.severity,
            message: finding.message,
            range: finding.range,
            text: finding.text,
        }
    }
}

impl Finding {
    /// The message in `locale` (the English `message` when it has no catalogue text).
    pub fn message_in(&self, locale: crate::i18n::Locale) -> String {
        match &self.text {
            Some(text) if locale != crate::i18n::Locale::En => text.render(locale),
            _ => self.message.clone(),
        }
    }

    pub fn docs_url(&self) -> String {
        docs_url(&self.code)
    }
}
