//! Syntax errors found by the parsers, turned into SS000 findings by `check`.

use crate::text::TextRange;

/// A problem that stopped part of a file from being parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    /// Best position known; may be empty (a point).
    pub range: TextRange,
}

impl SyntaxError {
    pub fn new(message: impl Into<String>, range: TextRange) -> Self {
        Self {
            message: message.into(),
            range,
        }
    }
}
