//! Syntax errors found by the parsers, turned into SS000 findings by `check`.

use crate::i18n::{Locale, Message};
use crate::text::TextRange;

/// A problem that stopped part of a file from being parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// In English, as every finding's message is.
    pub message: String,
    /// The catalogue text (`syntax-*` in `core/locales`), for the other languages.
    pub text: Message,
    /// Best position known; may be empty (a point).
    pub range: TextRange,
}

impl SyntaxError {
    pub fn new(text: Message, range: TextRange) -> Self {
        Self {
            message: text.render(Locale::En),
            text,
            range,
        }
    }
}
