//! Text edits on YAML that keep the file's own style: its indentation step, whether sequences
//! under a key are indented, its line endings, its quoting. Comments are never touched.
//!
//! Every helper returns `Err(reason)` when it cannot edit here ("cannot fix" with why), e.g. when
//! the node comes from an alias or a merge key, whose text is elsewhere and shared.
//!
//! Internal to the core: rules build their fixes with [`Editor`] (see `yaml/tests.rs`).

use super::build::line_end;
use super::{Entry, Node, ScalarStyle, Value};
use crate::edit::Edit;
use crate::text::TextRange;

/// A value to write, rendered in block or flow style as the place demands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewValue {
    /// YAML text written as is: `true`, `ALL`, `"ALL"`, `100`.
    Scalar(String),
    Sequence(Vec<NewValue>),
    Mapping(Vec<(String, NewValue)>),
}

impl NewValue {
    pub fn scalar(text: impl Into<String>) -> Self {
        NewValue::Scalar(text.into())
    }

    pub fn sequence(items: impl IntoIterator<Item = NewValue>) -> Self {
        NewValue::Sequence(items.into_iter().collect())
    }

    /// `leaf` under nested single-key mappings: `nested(&["a", "b"], x)` is `a: {b: x}`.
    pub fn nested(path: &[&str], leaf: NewValue) -> Self {
        path.iter().rev().fold(leaf, |value, key| {
            NewValue::Mapping(vec![((*key).to_string(), value)])
        })
    }
}

/// The layout conventions of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Indentation step of nested mappings.
    pub indent: usize,
    /// Columns between a key and the `-` of a block sequence under it: `0` for `key:\n- a`,
    /// usually `indent` for `key:\n  - a`.
    pub sequence_indent: usize,
    /// `"\r\n"`, `"\n"` or (old Mac files) `"\r"`: the first line break's.
    pub line_ending: &'static str,
}

impl Default for Style {
    fn default() -> Self {
        Self {
            indent: 2,
            sequence_indent: 2,
            line_ending: "\n",
        }
    }
}

impl Style {
    /// Detect the style from the text: the most common indentation step after a `key:` line,
    /// and the most common offset of a `- ` line after a `key:` line.
    pub fn detect(text: &str) -> Style {
        let bytes = text.as_bytes();
        let line_ending = match text.find(['\n', '\r']) {
            Some(at) if bytes.get(at) == Some(&b'\r') && bytes.get(at + 1) == Some(&b'\n') => {
                "\r\n"
            }
            Some(at) if bytes.get(at) == Some(&b'\r') => "\r",
            _ => "\n",
        };
        let mut indent_votes = [0usize; 9];
        let mut sequence_votes = [0usize; 9];
        let mut previous_key_column: Option<usize> = None;
        let mut rest = text;
        // Byte by byte where the text is ASCII (this runs on every line of every document that
        // gets a fix); `str`'s Unicode-aware trims only where a line holds something else.
        // The `#`s are found in one pass over the text: few lines have one.
        let mut hashes = memchr::memchr_iter(b'#', bytes);
        let mut next_hash = hashes.next();
        loop {
            // Where the line starts in `text`, and whether a `#` is in it.
            let line_start = text.len() - rest.len();
            let Some(line) = crate::text::next_line(&mut rest) else {
                break;
            };
            while next_hash.is_some_and(|at| at < line_start) {
                next_hash = hashes.next();
            }
            let has_hash = next_hash.is_some_and(|at| at < line_start + line.len());
            let line_bytes = line.as_bytes();
            let indent = line_bytes
                .iter()
                .position(|&b| b != b' ')
                .unwrap_or(line_bytes.len());
            let content = line_bytes.get(indent..).unwrap_or_default();
            match content.first() {
                None | Some(b'#') => continue,
                Some(first) if !first.is_ascii_graphic() => {
                    if line.get(indent..).unwrap_or("").trim().is_empty() {
                        continue;
                    }
                }
                Some(_) => {}
            }
            if let Some(key_column) = previous_key_column {
                if content.starts_with(b"- ") || content == b"-" {
                    if let Some(votes) = indent
                        .checked_sub(key_column)
                        .and_then(|offset| sequence_votes.get_mut(offset))
                    {
                        *votes += 1;
                    }
                } else if let Some(votes) = indent
                    .checked_sub(key_column)
                    .filter(|step| *step > 0)
                    .and_then(|step| indent_votes.get_mut(step))
                {
                    *votes += 1;
                }
            }
            // Is this a `key:` line opening a block? Its key column is after any `- `.
            let mut key_column = indent;
            let mut key = content;
            while let Some(after) = key.strip_prefix(b"- ") {
                let spaces = after.iter().position(|&b| b != b' ').unwrap_or(after.len());
                key_column += 2 + spaces;
                key = after.get(spaces..).unwrap_or_default();
            }
            // `key` as text: it starts after ASCII bytes, so on a character boundary.
            let key = line.get(line.len() - key.len()..).unwrap_or("");
            let without_comment = match has_hash.then(|| crate::text::find_space_hash(key)) {
                Some(Some(at)) => key.get(..at).unwrap_or(key),
                _ => key,
            };
            previous_key_column = match without_comment.as_bytes().last() {
                Some(last) if last.is_ascii_graphic() => *last == b':',
                Some(_) => without_comment.trim_end().ends_with(':'),
                None => false,
            }
            .then_some(key_column);
        }
        let most_voted = |votes: &[usize], default: usize| {
            let mut best = None;
            for (value, &count) in votes.iter().enumerate() {
                if count > 0 && best.is_none_or(|(_, best_count)| count > best_count) {
                    best = Some((value, count));
                }
            }
            best.map_or(default, |(value, _)| value)
        };
        let indent = most_voted(&indent_votes, 2).max(1);
        let sequence_indent = most_voted(&sequence_votes, indent);
        Style {
            indent,
            sequence_indent,
            line_ending,
        }
    }
}

/// Edits over one text, in that text's style.
#[derive(Debug, Clone, Copy)]
pub struct Editor<'a> {
    text: &'a str,
    style: Style,
}

impl<'a> Editor<'a> {
    /// Detects the text's [`Style`]. Rules take theirs from the checker instead, which detects
    /// it once per document.
    #[cfg(test)]
    pub fn new(text: &'a str) -> Self {
        Self::with_style(text, Style::detect(text))
    }

    pub fn with_style(text: &'a str, style: Style) -> Self {
        Self { text, style }
    }

    pub fn style(&self) -> &Style {
        &self.style
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Add `key: value` to a mapping: in a block mapping, a new line at the mapping's
    /// indentation after its last entry; in a flow mapping, `, key: value` after the last entry.
    pub fn insert_entry(
        &self,
        mapping: &Node,
        key: &str,
        value: &NewValue,
    ) -> Result<Vec<Edit>, String> {
        refuse_alias(mapping)?;
        let Value::Mapping(map) = &mapping.value else {
            return Err(format!(
                "expected a mapping, found a {}",
                mapping.type_name()
            ));
        };
        if map.flow {
            let close = self.closing_bracket(mapping, b'}')?;
            let last = map.entries.iter().rev().find(|entry| !entry.merged);
            let rendered = format!("{key}: {}", render_flow(value));
            return Ok(vec![match last {
                // A null value (`{key}`, `{a:b c}` read as a key) may be placed at the closing
                // bracket or after it: never insert past the bracket.
                Some(entry) => {
                    Edit::insertion(format!(", {rendered}"), entry.range().end.min(close))
                }
                None => Edit::insertion(rendered, close),
            }]);
        }
        let column = self.column(self.property_start(mapping.range.start));
        let at = self.end_of_line_after(mapping.range.end);
        let mut out = String::from(self.style.line_ending);
        out.push_str(&" ".repeat(column));
        self.render_entry(&mut out, key, value, column);
        Ok(vec![Edit::insertion(out, at)])
    }

    /// Append an item to a sequence: `- item` at the sequence's indentation, or `, item` in a
    /// flow sequence.
    pub fn append_item(&self, sequence: &Node, item: &NewValue) -> Result<Vec<Edit>, String> {
        refuse_alias(sequence)?;
        let Value::Sequence(seq) = &sequence.value else {
            return Err(format!(
                "expected a sequence, found a {}",
                sequence.type_name()
            ));
        };
        // Quote a bare word like the items already there: `["A", "B"]` gets `"C"`.
        let quoted;
        let item = match (item, seq.items.last().and_then(Node::as_scalar)) {
            (NewValue::Scalar(text), Some(last))
                if last.style.is_quoted()
                    && !text.is_empty()
                    && text
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')) =>
            {
                quoted = NewValue::Scalar(if last.style == ScalarStyle::DoubleQuoted {
                    format!("\"{text}\"")
                } else {
                    format!("'{text}'")
                });
                &quoted
            }
            _ => item,
        };
        if seq.flow {
            let close = self.closing_bracket(sequence, b']')?;
            return Ok(vec![match seq.items.last() {
                Some(last) => Edit::insertion(
                    format!(", {}", render_flow(item)),
                    last.range.end.min(close),
                ),
                None => Edit::insertion(render_flow(item), close),
            }]);
        }
        let first = seq
            .item_ranges
            .first()
            .map_or(sequence.range.start, |range| range.start);
        let column = self.column(first);
        let at = self.end_of_line_after(sequence.range.end);
        let mut out = String::from(self.style.line_ending);
        out.push_str(&" ".repeat(column));
        out.push_str("- ");
        self.render_item(&mut out, item, column + 2);
        Ok(vec![Edit::insertion(out, at)])
    }

    /// Replace a scalar's text by `new_text` (cooked), keeping its quoting style. A null value
    /// (`key:` or `key: ~`) gets `new_text` as a plain scalar.
    pub fn replace_scalar(&self, node: &Node, new_text: &str) -> Result<Vec<Edit>, String> {
        refuse_alias(node)?;
        match &node.value {
            Value::Null if node.range.is_empty() => Ok(vec![Edit::insertion(
                format!(" {new_text}"),
                node.range.start,
            )]),
            Value::Null => Ok(vec![Edit::replacement(new_text, node.range)]),
            Value::Scalar(scalar) => {
                let rendered = match scalar.style {
                    ScalarStyle::Plain => new_text.to_string(),
                    ScalarStyle::SingleQuoted => format!("'{}'", new_text.replace('\'', "''")),
                    ScalarStyle::DoubleQuoted => format!(
                        "\"{}\"",
                        new_text.replace('\\', "\\\\").replace('"', "\\\"")
                    ),
                    ScalarStyle::Literal | ScalarStyle::Folded => {
                        return Err("the value is a block scalar".to_string())
                    }
                };
                Ok(vec![Edit::replacement(rendered, node.range)])
            }
            _ => Err(format!("expected a scalar, found a {}", node.type_name())),
        }
    }

    /// [`Editor::replace_scalar`] for a quoted or plain scalar, limited to the scalar's own text
    /// (see [`scalar_source_range`]) so that a comment after it on the line is kept.
    pub fn replace_scalar_text(&self, node: &Node, new_text: &str) -> Result<Vec<Edit>, String> {
        let mut edits = self.replace_scalar(node, new_text)?;
        let range = scalar_source_range(self.text, node);
        for edit in &mut edits {
            if edit.range == node.range {
                edit.range = range;
            }
        }
        Ok(edits)
    }

    /// Add `items` to the list under `key` of `mapping`: after the last item of the list that is
    /// there, or as a new `key:` entry holding them. The edits share one insertion point, in order.
    pub fn extend_list(
        &self,
        mapping: &Node,
        key: &str,
        items: &[NewValue],
    ) -> Result<Vec<Edit>, String> {
        match mapping.entry(key) {
            Some(entry) => {
                let mut edits = Vec::new();
                for item in items {
                    edits.extend(self.append_item(&entry.value, item)?);
                }
                Ok(edits)
            }
            None => self.insert_entry(mapping, key, &NewValue::sequence(items.iter().cloned())),
        }
    }

    /// Set `path` under `mapping` to `value`, creating the missing mappings on the way
    /// (`securityContext:` / `  readOnlyRootFilesystem: true`), filling an empty value
    /// (`securityContext:`), or replacing an existing scalar (`false` → `true`).
    pub fn set_path(
        &self,
        mapping: &Node,
        path: &[&str],
        value: &NewValue,
    ) -> Result<Vec<Edit>, String> {
        let mut node = mapping;
        for (index, key) in path.iter().enumerate() {
            refuse_alias(node)?;
            let rest = path.get(index + 1..).unwrap_or(&[]);
            let Some(entry) = node.entry(key) else {
                return self.insert_entry(node, key, &NewValue::nested(rest, value.clone()));
            };
            refuse_entry(entry, key)?;
            if rest.is_empty() {
                return match (&entry.value.value, value) {
                    (Value::Null, _) => self.fill_null(node, entry, value),
                    (Value::Scalar(_), NewValue::Scalar(raw)) => {
                        if entry.value.as_scalar().is_some_and(|s| s.style.is_block()) {
                            return Err(format!("`{key}` is a block scalar"));
                        }
                        Ok(vec![Edit::replacement(raw.clone(), entry.value.range)])
                    }
                    _ => Err(format!(
                        "`{key}` already holds a {}",
                        entry.value.type_name()
                    )),
                };
            }
            match &entry.value.value {
                Value::Mapping(_) => node = &entry.value,
                Value::Null => {
                    return self.fill_null(node, entry, &NewValue::nested(rest, value.clone()))
                }
                _ => {
                    return Err(format!(
                        "`{key}` is a {}, not a mapping",
                        entry.value.type_name()
                    ))
                }
            }
        }
        Err("empty path".to_string())
    }

    /// Give an entry whose value is null (`key:` / `key: ~`) a value.
    fn fill_null(
        &self,
        mapping: &Node,
        entry: &Entry,
        value: &NewValue,
    ) -> Result<Vec<Edit>, String> {
        refuse_alias(mapping)?;
        refuse_alias(&entry.value)?;
        let flow = mapping.as_mapping().is_some_and(|m| m.flow);
        let token = entry.value.range;
        let inline = match value {
            NewValue::Scalar(raw) => Some(raw.clone()),
            _ if flow => Some(render_flow(value)),
            NewValue::Sequence(items) if items.is_empty() => Some("[]".to_string()),
            NewValue::Mapping(entries) if entries.is_empty() => Some("{}".to_string()),
            _ => None,
        };
        if let Some(inline) = inline {
            return Ok(vec![if token.is_empty() {
                Edit::insertion(format!(" {inline}"), token.start)
            } else {
                Edit::replacement(inline, token)
            }]);
        }
        // A block under the key: render `key:` + block, keep what follows the `:`.
        let column = self.column(entry.key.range.start);
        let mut rendered = String::new();
        self.render_entry(&mut rendered, "k", value, column);
        let block = rendered.get(2..).unwrap_or("").to_string();
        if token.is_empty() {
            return Ok(vec![Edit::insertion(
                block,
                self.end_of_line_after(token.start),
            )]);
        }
        let after = self
            .text
            .get(token.end..line_end(self.text, token.end))
            .unwrap_or("");
        if !after.trim().is_empty() {
            return Err("something follows the empty value on its line".to_string());
        }
        // Replace from the `:` to the end of the null token (`~`, `null`).
        let colon = self
            .text
            .get(..token.start)
            .and_then(|before| before.rfind(':'));
        let start = colon.map_or(token.start, |at| at + 1);
        Ok(vec![Edit::replacement(
            block,
            TextRange::new(start, token.end),
        )])
    }

    fn render_entry(&self, out: &mut String, key: &str, value: &NewValue, column: usize) {
        out.push_str(key);
        out.push(':');
        match value {
            NewValue::Scalar(text) => {
                out.push(' ');
                out.push_str(text);
            }
            NewValue::Mapping(entries) if entries.is_empty() => out.push_str(" {}"),
            NewValue::Sequence(items) if items.is_empty() => out.push_str(" []"),
            NewValue::Mapping(entries) => {
                let inner = column + self.style.indent;
                for (child_key, child) in entries {
                    out.push_str(self.style.line_ending);
                    out.push_str(&" ".repeat(inner));
                    self.render_entry(out, child_key, child, inner);
                }
            }
            NewValue::Sequence(items) => {
                let dash = column + self.style.sequence_indent;
                for item in items {
                    out.push_str(self.style.line_ending);
                    out.push_str(&" ".repeat(dash));
                    out.push_str("- ");
                    self.render_item(out, item, dash + 2);
                }
            }
        }
    }

    /// A sequence item after its `- `, whose content sits at `column`.
    fn render_item(&self, out: &mut String, item: &NewValue, column: usize) {
        match item {
            NewValue::Mapping(entries) if !entries.is_empty() => {
                for (index, (key, value)) in entries.iter().enumerate() {
                    if index > 0 {
                        out.push_str(self.style.line_ending);
                        out.push_str(&" ".repeat(column));
                    }
                    self.render_entry(out, key, value, column);
                }
            }
            other => out.push_str(&render_flow(other)),
        }
    }

    /// Where the node starting at `offset` really starts on its line: before any `&anchor`,
    /// `!tag` or `?` indicator written in front of it.
    fn property_start(&self, offset: usize) -> usize {
        let before = self.text.get(..offset).unwrap_or("");
        let line_start = before.rfind(['\n', '\r']).map_or(0, |at| at + 1);
        let mut start = offset;
        loop {
            let prefix = self.text.get(line_start..start).unwrap_or("");
            let trimmed = prefix.trim_end_matches([' ', '\t']);
            let token_start = trimmed.rfind([' ', '\t']).map_or(0, |at| at + 1);
            let token = trimmed.get(token_start..).unwrap_or("");
            if token.is_empty() || !(token.starts_with(['&', '!']) || token == "?") {
                return start;
            }
            start = line_start + token_start;
        }
    }

    /// Column (in characters) of `offset` on its line.
    fn column(&self, offset: usize) -> usize {
        let before = self.text.get(..offset).unwrap_or("");
        let line_start = before.rfind(['\n', '\r']).map_or(0, |at| at + 1);
        before
            .get(line_start..)
            .map_or(0, |prefix| prefix.chars().count())
    }

    /// Where a new line after a node ending at `end` goes: the end of the line holding the
    /// node's last character (after any comment there).
    fn end_of_line_after(&self, end: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut last = end;
        while last > 0 && matches!(bytes.get(last - 1), Some(b'\n' | b'\r')) {
            last -= 1;
        }
        line_end(self.text, last)
    }

    fn closing_bracket(&self, node: &Node, bracket: u8) -> Result<usize, String> {
        let at = node.range.end.checked_sub(1);
        match at {
            Some(at) if self.text.as_bytes().get(at) == Some(&bracket) => Ok(at),
            _ => Err("the flow collection is not closed".to_string()),
        }
    }
}

/// Why a fix is withheld from a file with syntax errors: offsets after one are unreliable.
pub(crate) const NOT_PARSED: &str = "the file did not parse completely";

/// Where a scalar is written, from its first to its last character: for a quoted scalar, up to
/// and including the closing quote, whatever follows on the line (a comment) excluded.
pub fn scalar_source_range(text: &str, node: &Node) -> TextRange {
    let Some(scalar) = node.as_scalar() else {
        return node.range;
    };
    if node.alias || !scalar.style.is_quoted() {
        return node.range;
    }
    let bytes = text.as_bytes();
    let quote = if scalar.style == ScalarStyle::SingleQuoted {
        b'\''
    } else {
        b'"'
    };
    if bytes.get(node.range.start) != Some(&quote) {
        return node.range;
    }
    let mut i = node.range.start + 1;
    while i < node.range.end {
        match bytes.get(i) {
            Some(b'\\') if quote == b'"' => i += 2,
            Some(&byte) if byte == quote => {
                if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                } else {
                    return TextRange::new(node.range.start, i + 1);
                }
            }
            _ => i += 1,
        }
    }
    node.range
}

fn refuse_alias(node: &Node) -> Result<(), String> {
    if node.partial {
        return Err("a syntax error cuts this part of the file short".to_string());
    }
    if node.alias {
        Err(
            "the value comes from an alias (`*name`); fix the anchored original instead"
                .to_string(),
        )
    } else {
        Ok(())
    }
}

fn refuse_entry(entry: &Entry, key: &str) -> Result<(), String> {
    if entry.merged {
        return Err(format!(
            "`{key}` comes from a merge key (`<<`); fix the merged mapping instead"
        ));
    }
    refuse_alias(&entry.value)
}

/// Render a value in flow style: `{a: 1, b: [x, y]}`.
pub fn render_flow(value: &NewValue) -> String {
    match value {
        NewValue::Scalar(text) => text.clone(),
        NewValue::Sequence(items) => {
            let items: Vec<String> = items.iter().map(render_flow).collect();
            format!("[{}]", items.join(", "))
        }
        NewValue::Mapping(entries) => {
            let entries: Vec<String> = entries
                .iter()
                .map(|(key, value)| format!("{key}: {}", render_flow(value)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
    }
}
