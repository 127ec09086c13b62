//! Byte ranges and the conversion from byte offsets to human and editor positions.
//!
//! Everything inside `core` speaks byte offsets into the UTF-8 text; front ends ask a [`LineIndex`]
//! for 1-based line/column (columns count Unicode scalar values) or for 0-based UTF-16 positions.

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into a document's text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub const fn empty(at: usize) -> Self {
        Self { start: at, end: at }
    }

    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub const fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    pub const fn contains_range(&self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest range covering both.
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "Position"))]
pub struct LineColumn {
    pub line: usize,
    pub column: usize,
}

/// A 0-based line and UTF-16 code-unit column, as the Language Server Protocol wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Utf16Position {
    pub line: u32,
    pub character: u32,
}

/// Line starts of a text, for offset → position conversion in O(log lines).
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Lines end at `\n`, `\r\n` or a lone `\r`, as in YAML and in Docker's own reader.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[at] == b'\n' || bytes.get(at + 1) != Some(&b'\n') {
                line_starts.push(at + 1);
            }
        }
        Self {
            line_starts,
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line holding `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset where 0-based `line` starts (the text's length past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line).copied().unwrap_or(self.len)
    }

    /// Byte range of 0-based `line`, without its line terminator.
    pub fn line_range(&self, text: &str, line: usize) -> TextRange {
        let start = self.line_start(line);
        let mut end = self.line_start(line + 1);
        let bytes = text.as_bytes();
        while end > start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        TextRange::new(start, end)
    }

    /// 1-based line and column in Unicode scalar values.
    pub fn line_column(&self, text: &str, offset: usize) -> LineColumn {
        let offset = floor_char_boundary(text, offset.min(self.len));
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let column = text[start..offset].chars().count() + 1;
        LineColumn {
            line: line + 1,
            column,
        }
    }

    /// 0-based line and UTF-16 column.
    pub fn utf16_position(&self, text: &str, offset: usize) -> Utf16Position {
        let offset = floor_char_boundary(text, offset.min(self.len));
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
        Utf16Position {
            line: line as u32,
            character: character as u32,
        }
    }

    /// Byte offset of a 0-based line and UTF-16 column; past-the-end columns clamp to the line end.
    pub fn offset_of_utf16(&self, text: &str, position: Utf16Position) -> usize {
        let line = position.line as usize;
        if line >= self.line_starts.len() {
            return self.len;
        }
        let range = self.line_range(text, line);
        let mut units = 0usize;
        for (index, ch) in text[range.start..range.end].char_indices() {
            if units >= position.character as usize {
                return range.start + index;
            }
            units += ch.len_utf16();
        }
        range.end
    }

    /// Byte offset of a 1-based line and column in scalar values; clamps like `offset_of_utf16`.
    pub fn offset_of_line_column(&self, text: &str, position: LineColumn) -> usize {
        let Some(line) = position.line.checked_sub(1) else {
            return 0;
        };
        if line >= self.line_starts.len() {
            return self.len;
        }
        let range = self.line_range(text, line);
        text[range.start..range.end]
            .char_indices()
            .nth(position.column.saturating_sub(1))
            .map_or(range.end, |(index, _)| range.start + index)
    }
}

/// The next line of `rest` as [`str::lines`] gives it (no `\n`, no `\r` before it), and `rest`
/// moved past it; memchr finds the break, which beats `lines` on whole documents.
pub fn next_line<'t>(rest: &mut &'t str) -> Option<&'t str> {
    if rest.is_empty() {
        return None;
    }
    let Some(at) = memchr::memchr(b'\n', rest.as_bytes()) else {
        // A last line without `\n` keeps a `\r` it ends with, as in `lines`.
        return Some(std::mem::take(rest));
    };
    let line = rest.get(..at)?;
    *rest = rest.get(at + 1..)?;
    Some(line.strip_suffix('\r').unwrap_or(line))
}

/// Offset of the first ` #` in `line`: where a YAML comment may start. Looks for `#` with
/// memchr, which beats a substring search on the short lines this runs on.
pub fn find_space_hash(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    memchr::memchr_iter(b'#', bytes)
        .find(|&at| at > 0 && bytes[at - 1] == b' ')
        .map(|at| at - 1)
}

/// The greatest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The least char boundary at or after `offset` (the text's end at most).
pub fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while offset < text.len() && !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// `range` widened to whole characters of `text` and kept inside it.
pub fn snap_to_chars(text: &str, range: TextRange) -> TextRange {
    let start = floor_char_boundary(text, range.start);
    TextRange::new(start, ceil_char_boundary(text, range.end).max(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_scalars_and_utf16_units() {
        let text = "a: 1\n名前: \"😀x\"\r\nlast";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            index.line_column(text, x),
            LineColumn { line: 2, column: 7 }
        );
        assert_eq!(
            index.utf16_position(text, x),
            Utf16Position {
                line: 1,
                character: 7
            }
        );
        assert_eq!(
            index.offset_of_utf16(
                text,
                Utf16Position {
                    line: 1,
                    character: 7
                }
            ),
            x
        );
        assert_eq!(
            index.offset_of_line_column(text, LineColumn { line: 2, column: 7 }),
            x
        );
        assert_eq!(
            index.line_column(text, text.len()),
            LineColumn { line: 3, column: 5 }
        );
        assert_eq!(
            index.line_range(text, 1),
            TextRange::new(5, text.find('\r').unwrap())
        );
    }

    #[test]
    fn lone_carriage_return_ends_a_line() {
        let text = "a\rb\r\nc";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        assert_eq!(index.line_column(text, 2).line, 2);
        assert_eq!(index.line_column(text, 5).line, 3);
    }

    #[test]
    fn next_line_splits_as_lines_does() {
        for text in [
            "", "a", "a\n", "a\r\nb", "a\n\nb\r", "\r\n\r", "x\ry\n", "é\r\n\n",
        ] {
            let mut rest = text;
            let mut ours = Vec::new();
            while let Some(line) = next_line(&mut rest) {
                ours.push(line);
            }
            assert_eq!(ours, text.lines().collect::<Vec<_>>(), "{text:?}");
        }
    }
}
