//! Findings and the fixes they carry.

use serde::{Deserialize, Serialize};

use crate::text::TextRange;

/// How serious a finding is. Ordered so that `Error > Warning > Info > Hint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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

/// Whether a fix may be applied without asking. Ordered so thresholds compare:
/// `Safe > Unsafe > DisplayOnly`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown to the user, never applied.
    DisplayOnly,
    /// Valid output that may change behaviour: applied only on request (`--unsafe-fixes`).
    Unsafe,
    /// Certainly what the user meant; behaviour and comments are kept.
    Safe,
}

impl Applicability {
    pub const fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// One text edit: replace `range` with `content` (`None` deletes).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub range: TextRange,
    pub content: Option<Box<str>>,
}

impl Edit {
    pub fn replacement(content: impl Into<String>, range: TextRange) -> Self {
        let content: String = content.into();
        Self {
            range,
            content: (!content.is_empty()).then(|| content.into_boxed_str()),
        }
    }

    pub fn insertion(content: impl Into<String>, at: usize) -> Self {
        Self::replacement(content, TextRange::empty(at))
    }

    pub fn deletion(range: TextRange) -> Self {
        Self {
            range,
            content: None,
        }
    }

    pub fn new_text(&self) -> &str {
        self.content.as_deref().unwrap_or("")
    }
}

/// A set of edits applied together, with its applicability.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    /// Sorted by start offset, non-overlapping.
    pub edits: Vec<Edit>,
}

impl Fix {
    fn new(title: impl Into<String>, applicability: Applicability, mut edits: Vec<Edit>) -> Self {
        edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
        Self {
            title: title.into(),
            applicability,
            edits,
        }
    }

    pub fn safe_edits(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self::new(title, Applicability::Safe, edits)
    }

    pub fn unsafe_edits(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self::new(title, Applicability::Unsafe, edits)
    }

    pub fn safe_edit(title: impl Into<String>, edit: Edit) -> Self {
        Self::safe_edits(title, vec![edit])
    }

    pub fn unsafe_edit(title: impl Into<String>, edit: Edit) -> Self {
        Self::unsafe_edits(title, vec![edit])
    }

    pub fn display_only_edit(title: impl Into<String>, edit: Edit) -> Self {
        Self::new(title, Applicability::DisplayOnly, vec![edit])
    }

    /// The byte range touched by all edits.
    pub fn range(&self) -> Option<TextRange> {
        let first = self.edits.first()?;
        Some(
            self.edits
                .iter()
                .fold(first.range, |range, edit| range.cover(edit.range)),
        )
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
}

impl Finding {
    pub fn docs_url(&self) -> String {
        crate::registry::docs_url(&self.code)
    }
}
