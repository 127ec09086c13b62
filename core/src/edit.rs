//! Text edits and fixes: what a rule proposes to change, below findings so that parsers and
//! editors (`yaml::edit`) build edits without knowing about findings, rules or the registry.

use serde::{Deserialize, Serialize};

use crate::text::TextRange;

/// Whether a fix may be applied without asking. Ordered so thresholds compare:
/// `Safe > Unsafe > DisplayOnly`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// The catalogue text behind `title` (see [`crate::i18n`]); `None`: shown as written.
    pub text: Option<crate::i18n::Message>,
    pub applicability: Applicability,
    /// Sorted by start offset, non-overlapping.
    pub edits: Vec<Edit>,
}

impl Fix {
    fn new(title: impl Into<String>, applicability: Applicability, mut edits: Vec<Edit>) -> Self {
        edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
        Self {
            title: title.into(),
            text: None,
            applicability,
            edits,
        }
    }

    /// The same fix with its title taken from the catalogue (in English here).
    pub fn with_text(mut self, text: crate::i18n::Message) -> Self {
        self.title = text.render(crate::i18n::Locale::En);
        self.text = Some(text);
        self
    }

    /// The title in `locale`.
    pub fn title_in(&self, locale: crate::i18n::Locale) -> String {
        match &self.text {
            Some(text) if locale != crate::i18n::Locale::En => text.render(locale),
            _ => self.title.clone(),
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

    /// Edits shown, never applied, in the order given.
    pub(crate) fn display_only_edits(edits: Vec<Edit>) -> Self {
        Self {
            title: String::new(),
            text: None,
            applicability: Applicability::DisplayOnly,
            edits,
        }
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

/// Apply `edits` (sorted by start, non-overlapping) to `text`. An edit out of order, overlapping
/// the one before it, or not on character boundaries is skipped.
pub fn apply_edits<'e>(text: &str, edits: impl IntoIterator<Item = &'e Edit>) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut last = 0;
    for edit in edits {
        let range = edit.range;
        if range.start < last
            || range.start > range.end
            || range.end > text.len()
            || !text.is_char_boundary(range.start)
            || !text.is_char_boundary(range.end)
        {
            continue;
        }
        out.push_str(&text[last..range.start]);
        out.push_str(edit.new_text());
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}
