//! A lossless, error-tolerant Dockerfile parser. (Skeleton: the parser is being written.)

use crate::syntax::SyntaxError;
use crate::text::TextRange;

/// A parsed Dockerfile.
#[derive(Debug, Clone, Default)]
pub struct Dockerfile {
    /// Every `#` comment line (not parser directives), the range covering `#` to end of line.
    pub comments: Vec<TextRange>,
    pub errors: Vec<SyntaxError>,
}

impl Dockerfile {
    /// Byte ranges of the stages, from each `FROM` to the end of the stage.
    pub fn stage_ranges(&self) -> Vec<TextRange> {
        Vec::new()
    }
}

/// Parse a Dockerfile. Never fails: syntax errors are collected in `errors`.
pub fn parse(text: &str) -> Dockerfile {
    let _ = text;
    Dockerfile::default()
}
