//! Tree building from `saphyr-parser` events: byte offsets, aliases, merge keys, limits, comments.
//!
//! Iterative (an explicit stack of open collections), so input cannot drive recursion; the only
//! recursive code (alias copies, derived `Clone`/`Drop`) works on trees no deeper than
//! [`MAX_DEPTH`].

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle as ParserStyle, Span, Tag};

use super::{Entry, Mapping, Node, Scalar, ScalarStyle, Sequence, Value, YamlDocument, YamlFile};
use crate::i18n::Message;
use crate::syntax::SyntaxError;
use crate::text::TextRange;

/// Deepest nesting of collections accepted; deeper input is a syntax error.
pub const MAX_DEPTH: usize = 256;

/// Most nodes one file may produce, counting alias copies, merged entries and anchored originals
/// (bounds memory and time on alias bombs).
pub const MAX_NODES: usize = 1_000_000;

/// Saphyr's markers count characters; this turns a character index into a byte offset. Events
/// arrive in (nearly) increasing order, so a cursor walks the text: linear time overall, no table.
struct Offsets<'t> {
    text: &'t str,
    ascii: bool,
    cursor_char: usize,
    cursor_byte: usize,
}

impl<'t> Offsets<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            ascii: text.is_ascii(),
            cursor_char: 0,
            cursor_byte: 0,
        }
    }

    fn byte(&mut self, char_index: usize) -> usize {
        let len = self.text.len();
        if self.ascii {
            return char_index.min(len);
        }
        while self.cursor_char < char_index && self.cursor_byte < len {
            self.cursor_byte += 1;
            while self.cursor_byte < len && !self.text.is_char_boundary(self.cursor_byte) {
                self.cursor_byte += 1;
            }
            self.cursor_char += 1;
        }
        while self.cursor_char > char_index && self.cursor_byte > 0 {
            self.cursor_byte -= 1;
            while self.cursor_byte > 0 && !self.text.is_char_boundary(self.cursor_byte) {
                self.cursor_byte -= 1;
            }
            self.cursor_char -= 1;
        }
        self.cursor_byte
    }
}

enum FrameKind {
    Sequence {
        items: Vec<Node>,
        item_ranges: Vec<TextRange>,
    },
    Mapping {
        entries: Vec<Entry>,
        key: Option<Node>,
    },
}

struct Frame {
    kind: FrameKind,
    anchor: usize,
    tag: Option<Box<str>>,
    /// Start of the collection: the `[`/`{` of a flow collection, else the start event's offset.
    start: usize,
    flow: bool,
}

struct OpenDocument {
    start: usize,
    explicit: bool,
    root: Option<Node>,
}

struct Builder<'t> {
    text: &'t str,
    offsets: Offsets<'t>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    documents: Vec<YamlDocument>,
    document: Option<OpenDocument>,
    /// Text of quoted and block scalars, where `#` is not a comment.
    scalar_text: Vec<TextRange>,
    /// End of the previous event's span.
    last_end: usize,
    /// Errors that do not stop parsing (duplicate keys).
    soft_errors: Vec<SyntaxError>,
}

/// How many times [`parse`] re-parses after joining a closing bracket to the line before it.
const MAX_BRACKET_RETRIES: usize = 32;

pub(super) fn parse(text: &str) -> YamlFile {
    // go-yaml (Compose, kubectl) accepts a flow collection whose closing bracket sits at its
    // key's indentation (`command: [` ... `]`); saphyr does not. On that error, the line break
    // before the bracket becomes a space (offsets unchanged) and the text is parsed again.
    let mut patched: Option<String> = None;
    let retries = if text.len() > 1 << 20 {
        2
    } else {
        MAX_BRACKET_RETRIES
    };
    for _ in 0..retries {
        let current = patched.as_deref().unwrap_or(text);
        let (file, bracket_error) = parse_once(current);
        match bracket_error.and_then(|at| join_bracket_line(current, at)) {
            Some(next) => patched = Some(next),
            // Comments come from the original text (the patch only touched line breaks).
            None => return finish(text, file),
        }
    }
    let current = patched.as_deref().unwrap_or(text);
    finish(text, parse_once(current).0)
}

fn finish(text: &str, mut file: YamlFile) -> YamlFile {
    // `parse_once` leaves the scalar ranges in `comments`; turn them into comments here.
    let mut scalar_text = std::mem::take(&mut file.comments);
    file.comments = scan_comments(text, &mut scalar_text);
    file
}

/// The error of an under-indented quoted scalar points at its opening quote: find the first
/// later line not indented past the line of that quote, and return where its text starts.
fn under_indented_continuation(text: &str, quote: usize) -> Option<usize> {
    let line_start = text
        .get(..quote)?
        .rfind('\n')
        .map_or(0, |newline| newline + 1);
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let key_indent = indent(text.get(line_start..)?);
    let mut offset = line_start + text.get(line_start..)?.find('\n')? + 1;
    for line in text.get(offset..)?.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if !content.trim().is_empty() && indent(content) <= key_indent {
            return Some(offset + indent(content));
        }
        offset += line.len();
    }
    None
}

/// Join the line holding the under-indented bracket or quoted-scalar continuation at `at` to the
/// line before, when only spaces precede it on its line and the line before has no comment.
fn join_bracket_line(text: &str, at: usize) -> Option<String> {
    let bytes = text.as_bytes();
    if matches!(bytes.get(at), None | Some(b'\n' | b'\r')) {
        return None;
    }
    let mut i = at;
    while i > 0 && bytes.get(i - 1) == Some(&b' ') {
        i -= 1;
    }
    // `i` is the start of the bracket's line; the break before it is `\n` or `\r\n`.
    let break_end = i;
    if break_end == 0 || bytes.get(break_end - 1) != Some(&b'\n') {
        return None;
    }
    let mut break_start = break_end - 1;
    if break_start > 0 && bytes.get(break_start - 1) == Some(&b'\r') {
        break_start -= 1;
    }
    let previous_start = text
        .get(..break_start)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |at| at + 1);
    let previous = text.get(previous_start..break_start)?;
    if previous.contains(" #") || previous.trim_start().starts_with('#') {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    out.push_str(text.get(..break_start)?);
    out.push_str(&" ".repeat(break_end - break_start));
    out.push_str(text.get(break_end..)?);
    Some(out)
}

/// One parse: the file (with the quoted/block scalar ranges in `comments`, see [`finish`]) and,
/// when the error is an indentation error at a closing bracket, its offset.
fn parse_once(text: &str) -> (YamlFile, Option<usize>) {
    let mut builder = Builder {
        text,
        offsets: Offsets::new(text),
        stack: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        documents: Vec::new(),
        document: None,
        scalar_text: Vec::new(),
        last_end: 0,
        soft_errors: Vec::new(),
    };
    let mut errors = Vec::new();
    let mut bracket_error = None;
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        match next {
            Ok((event, span)) => {
                if let Err(error) = builder.event(event, span) {
                    errors.push(error);
                    break;
                }
            }
            Err(error) => {
                let at = builder.offsets.byte(error.marker().index());
                if error.info() == "invalid indentation"
                    && matches!(text.as_bytes().get(at), Some(b']' | b'}'))
                {
                    bracket_error = Some(at);
                }
                // go-yaml also accepts a quoted scalar whose continuation line is not indented
                // past its key (argo-workflows' examples close `args: ['...` on such a line).
                if error.info() == "invalid indentation in quoted scalar" {
                    bracket_error = under_indented_continuation(text, at);
                }
                // Saphyr reports a tab at the end of the scalar before it (the line above) or
                // after the indentation holding it: point at the tab itself.
                let at = if error.info().contains("tab") {
                    offending_tab(text, at).unwrap_or(at)
                } else {
                    at
                };
                errors.push(SyntaxError::new(
                    Message::new("syntax-yaml").nested("reason", scanner_message(error.info())),
                    char_range(text, at),
                ));
                break;
            }
        }
    }
    builder.close_everything();
    let mut soft_errors = std::mem::take(&mut builder.soft_errors);
    soft_errors.extend(errors);
    let mut errors = soft_errors;
    errors.sort_by_key(|error| error.range.start);
    (
        YamlFile {
            documents: builder.documents,
            errors,
            comments: builder.scalar_text,
        },
        bracket_error,
    )
}

/// The tab a tab error at `at` is about: the first tab in the indentation that ends at `at`
/// (saphyr's mark after it), else the first tab in the indentation of a later line (saphyr's
/// mark at the start of the plain scalar the tab interrupts).
fn offending_tab(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let at = at.min(bytes.len());
    let mut start = at;
    while start > 0 && matches!(bytes.get(start - 1), Some(b' ' | b'\t')) {
        start -= 1;
    }
    if start == 0 || bytes.get(start - 1) == Some(&b'\n') {
        if let Some(tab) = bytes.get(start..at)?.iter().position(|&b| b == b'\t') {
            return Some(start + tab);
        }
    }
    let mut line = at + bytes.get(at..)?.iter().position(|&b| b == b'\n')? + 1;
    while line < bytes.len() {
        let indentation = bytes
            .get(line..)?
            .iter()
            .take_while(|&&b| matches!(b, b' ' | b'\t'))
            .count();
        if let Some(tab) = bytes
            .get(line..line + indentation)?
            .iter()
            .position(|&b| b == b'\t')
        {
            return Some(line + tab);
        }
        line += bytes.get(line..)?.iter().position(|&b| b == b'\n')? + 1;
    }
    None
}

/// The offset of the `]` or `}` that closes a flow collection whose last child ends at `from`:
/// only blanks, line breaks, a trailing comma and comments may come between, and it must come
/// before `limit` (the parser's end mark).
fn closing_bracket_after(text: &str, from: usize, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    while at < limit {
        match bytes.get(at)? {
            b' ' | b'\t' | b'\r' | b'\n' | b',' => at += 1,
            b'#' => at += bytes.get(at..)?.iter().position(|&b| b == b'\n')?,
            b']' | b'}' => return Some(at),
            _ => return None,
        }
    }
    None
}

/// The range of the character at `at` (empty at the end of the text).
fn char_range(text: &str, at: usize) -> TextRange {
    let at = crate::text::floor_char_boundary(text, at);
    let len = text
        .get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(0, char::len_utf8);
    TextRange::new(at, at + len)
}

fn tag_text(tag: Option<std::borrow::Cow<'_, Tag>>) -> Option<Box<str>> {
    tag.map(|tag| format!("{}{}", tag.handle, tag.suffix).into_boxed_str())
}

impl Builder<'_> {
    fn count(&mut self, nodes: usize, range: TextRange) -> Result<(), SyntaxError> {
        self.nodes = self.nodes.saturating_add(nodes);
        if self.nodes > MAX_NODES {
            return Err(SyntaxError::new(
                Message::new("syntax-yaml-nodes").arg("max", MAX_NODES.to_string()),
                range,
            ));
        }
        Ok(())
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), SyntaxError> {
        let start = self.offsets.byte(span.start.index());
        let end = self.offsets.byte(span.end.index()).max(start);
        let range = TextRange::new(start, end);
        match event {
            Event::Nothing | Event::StreamStart | Event::StreamEnd => {}
            Event::DocumentStart(explicit) => {
                self.finish_document(start);
                self.document = Some(OpenDocument {
                    start,
                    explicit,
                    root: None,
                });
            }
            Event::DocumentEnd => self.finish_document(end),
            Event::Alias(id) => {
                let depth = self.stack.len() + 1;
                let Some(original) = self.anchors.get(&id) else {
                    return Err(SyntaxError::new(
                        Message::new("syntax-yaml-unknown-alias"),
                        range,
                    ));
                };
                let mut budget = MAX_NODES.saturating_sub(self.nodes);
                let copy = copy_alias(original, depth, &mut budget);
                let copy = match copy {
                    Some(mut copy) => {
                        copy.range = range;
                        copy
                    }
                    None => {
                        return Err(SyntaxError::new(
                            Message::new("syntax-yaml-alias-bomb")
                                .arg("max", MAX_NODES.to_string())
                                .arg("depth", MAX_DEPTH.to_string()),
                            range,
                        ))
                    }
                };
                self.nodes = MAX_NODES - budget;
                self.add(copy, 0)?;
            }
            Event::Scalar(value, style, anchor, tag) => {
                self.count(1, range)?;
                let has_properties = anchor != 0 || tag.is_some();
                let range = if has_properties {
                    // The span starts at the `&anchor` / `!tag`: the scalar starts after them.
                    TextRange::new(skip_properties(self.text, range), range.end)
                } else {
                    range
                };
                let node = self.scalar(value.into_owned(), style, tag_text(tag), range);
                self.add(node, anchor)?;
            }
            Event::SequenceStart(anchor, tag) => self.open(
                FrameKind::Sequence {
                    items: Vec::new(),
                    item_ranges: Vec::new(),
                },
                anchor,
                tag_text(tag),
                range,
                b'[',
            )?,
            Event::MappingStart(anchor, tag) => self.open(
                FrameKind::Mapping {
                    entries: Vec::new(),
                    key: None,
                },
                anchor,
                tag_text(tag),
                range,
                b'{',
            )?,
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(frame) = self.stack.pop() {
                    let anchor = frame.anchor;
                    let node = self.close(frame, end, false)?;
                    self.add(node, anchor)?;
                }
            }
        }
        self.last_end = end;
        Ok(())
    }

    fn open(
        &mut self,
        kind: FrameKind,
        anchor: usize,
        tag: Option<Box<str>>,
        range: TextRange,
        bracket: u8,
    ) -> Result<(), SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(SyntaxError::new(
                Message::new("syntax-yaml-depth").arg("depth", MAX_DEPTH.to_string()),
                range,
            ));
        }
        self.count(1, range)?;
        let bytes = self.text.as_bytes();
        let bracket_at = (range.start..range.end).find(|&i| bytes.get(i) == Some(&bracket));
        self.stack.push(Frame {
            kind,
            anchor,
            tag,
            start: bracket_at.unwrap_or(range.start),
            flow: bracket_at.is_some(),
        });
        Ok(())
    }

    fn scalar(
        &mut self,
        text: String,
        style: ParserStyle,
        tag: Option<Box<str>>,
        span: TextRange,
    ) -> Node {
        let style = match style {
            ParserStyle::Plain => ScalarStyle::Plain,
            ParserStyle::SingleQuoted => ScalarStyle::SingleQuoted,
            ParserStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
            ParserStyle::Literal => ScalarStyle::Literal,
            ParserStyle::Folded => ScalarStyle::Folded,
        };
        let mut range = span;
        match style {
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                // Saphyr's span runs on over trailing blanks and a comment: end at the quote.
                range = quoted_range(self.text, span, style == ScalarStyle::DoubleQuoted);
                self.scalar_text.push(range);
            }
            ScalarStyle::Literal | ScalarStyle::Folded => {
                let header = self.block_header(span.start);
                let content_start = header
                    .map(|at| line_end(self.text, at))
                    .unwrap_or(span.start)
                    .max(span.start);
                self.scalar_text
                    .push(TextRange::new(content_start, span.end.max(content_start)));
                let start = header.unwrap_or(span.start);
                let mut end = span.end.max(start);
                let bytes = self.text.as_bytes();
                while end > start + 1
                    && matches!(bytes.get(end - 1), Some(b'\n' | b'\r' | b' ' | b'\t'))
                {
                    end -= 1;
                }
                range = TextRange::new(start, end);
            }
            ScalarStyle::Plain => {}
        }
        let is_str_tag = tag.as_deref() == Some("tag:yaml.org,2002:str");
        let value = if style == ScalarStyle::Plain
            && !is_str_tag
            && matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL")
        {
            if text.is_empty() && span.is_empty() {
                range = self.empty_value_range(span.start);
            }
            Value::Null
        } else {
            Value::Scalar(Scalar { text, style })
        };
        Node {
            range,
            value,
            alias: false,
            tag,
            partial: false,
        }
    }

    /// Saphyr puts an empty mapping value at the end of its key, before the `:`; place it just
    /// after the `:` so that an edit there reads `key: value`.
    fn empty_value_range(&self, at: usize) -> TextRange {
        let bytes = self.text.as_bytes();
        if let Some(Frame {
            kind: FrameKind::Mapping { key: Some(key), .. },
            ..
        }) = self.stack.last()
        {
            let mut i = key.range.end;
            while matches!(bytes.get(i), Some(b' ' | b'\t')) {
                i += 1;
            }
            if bytes.get(i) == Some(&b':') {
                return TextRange::empty(i + 1);
            }
        }
        if let Some(Frame {
            kind: FrameKind::Mapping { key: None, .. },
            ..
        }) = self.stack.last()
        {
            // An empty key (`: value`): saphyr puts it at the `:`, where it belongs.
            return TextRange::empty(at);
        }
        // Elsewhere saphyr may put an empty scalar at the next token, lines later (`- ` items,
        // `? key` without a value): place it right after the last thing written before it, so
        // that it never stretches its parent's range over what follows.
        let mut i = at.min(bytes.len());
        while i > 0 && matches!(bytes.get(i - 1), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            i -= 1;
        }
        TextRange::empty(i)
    }

    /// The `|` or `>` of a block scalar whose span starts at `start`: the first one after the
    /// previous event, outside comments.
    fn block_header(&self, start: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let mut i = self.last_end;
        let limit = start.max(self.last_end);
        // The span starts at the content (or at a tag before the header): look up to the
        // content, and a little past a tag.
        let limit = line_end(self.text, limit).max(limit);
        while i < limit {
            match bytes.get(i)? {
                b'|' | b'>' => return Some(i),
                b'#' => i = line_end(self.text, i),
                _ => i += 1,
            }
        }
        None
    }

    fn add(&mut self, node: Node, anchor: usize) -> Result<(), SyntaxError> {
        if anchor != 0 {
            self.count(count_nodes(&node), node.range)?;
            self.anchors.insert(anchor, node.clone());
        }
        let text = self.text;
        match self.stack.last_mut() {
            None => {
                let document = self.document.get_or_insert(OpenDocument {
                    start: node.range.start,
                    explicit: false,
                    root: None,
                });
                if document.root.is_none() {
                    document.root = Some(node);
                }
            }
            Some(frame) => match &mut frame.kind {
                FrameKind::Sequence { items, item_ranges } => {
                    let entry_start = if frame.flow || node.alias {
                        node.range.start
                    } else {
                        dash_before(text, node.range.start)
                    };
                    item_ranges.push(TextRange::new(entry_start, node.range.end.max(entry_start)));
                    items.push(node);
                }
                FrameKind::Mapping { entries, key } => match key.take() {
                    None => *key = Some(node),
                    Some(key) => entries.push(Entry {
                        key,
                        value: node,
                        merged: false,
                    }),
                },
            },
        }
        Ok(())
    }

    fn close(&mut self, frame: Frame, end: usize, partial: bool) -> Result<Node, SyntaxError> {
        let bytes = self.text.as_bytes();
        let closed_by_bracket = end > 0 && matches!(bytes.get(end - 1), Some(b']' | b'}'));
        let (value, children) = match frame.kind {
            FrameKind::Sequence { items, item_ranges } => {
                let first = item_ranges.first().map(|range| range.start);
                let last = item_ranges.iter().map(|range| range.end).max();
                (
                    Value::Sequence(Sequence {
                        items,
                        item_ranges,
                        flow: frame.flow,
                    }),
                    first.zip(last),
                )
            }
            FrameKind::Mapping {
                mut entries, key, ..
            } => {
                if let Some(key) = key {
                    let at = key.range.end;
                    entries.push(Entry {
                        key,
                        value: Node::null(at),
                        merged: false,
                    });
                }
                let first = entries.first().map(|entry| entry.key.range.start);
                let last = entries.iter().map(|entry| entry.range().end).max();
                self.check_duplicates(&entries);
                let entries = self.apply_merges(entries)?;
                (
                    Value::Mapping(Mapping {
                        entries,
                        flow: frame.flow,
                    }),
                    first.zip(last),
                )
            }
        };
        let range = if frame.flow {
            let end = if closed_by_bracket {
                end
            } else {
                // The parser's end mark of a bracket that starts a line (`[a\n]  # c`) is past
                // the line: the collection ends at its bracket, found after the last child.
                let last = children.map_or(frame.start + 1, |(_, last)| last);
                match closing_bracket_after(self.text, last, end) {
                    Some(bracket) => bracket + 1,
                    None => last,
                }
            };
            TextRange::new(frame.start, end.max(frame.start))
        } else {
            match children {
                Some((first, last)) => TextRange::new(first, last.max(first)),
                None => TextRange::empty(frame.start),
            }
        };
        Ok(Node {
            range,
            value,
            alias: false,
            tag: frame.tag,
            partial,
        })
    }

    /// Duplicate scalar keys are an error for Compose (go-yaml) and kubectl; report them without
    /// stopping (the first entry is the one [`super::Node::get`] finds).
    fn check_duplicates(&mut self, entries: &[Entry]) {
        if entries.len() < 2 || self.soft_errors.len() >= 100 {
            return;
        }
        let keys: Vec<(&str, TextRange)> = entries
            .iter()
            .filter(|entry| !entry.key.alias && !is_merge_entry(entry))
            .filter_map(|entry| Some((entry.key.as_str()?, entry.key.range)))
            .collect();
        // Most mappings are small: comparing with the keys before is cheaper than hashing.
        let mut seen = std::collections::HashSet::new();
        for (index, &(key, range)) in keys.iter().enumerate() {
            let repeated = if keys.len() <= 16 {
                keys[..index].iter().any(|(earlier, _)| *earlier == key)
            } else {
                !seen.insert(key)
            };
            if repeated {
                self.soft_errors.push(SyntaxError::new(
                    Message::new("syntax-duplicate-key").arg("key", key),
                    range,
                ));
            }
        }
    }

    /// Apply `<<` merge keys: the merged mappings' entries whose keys are not set explicitly are
    /// appended, flagged `merged`. Earlier sources win over later ones.
    fn apply_merges(&mut self, entries: Vec<Entry>) -> Result<Vec<Entry>, SyntaxError> {
        if !entries.iter().any(is_merge_entry) {
            return Ok(entries);
        }
        let mut explicit = Vec::with_capacity(entries.len());
        let mut sources = Vec::new();
        for entry in entries {
            if !is_merge_entry(&entry) {
                explicit.push(entry);
                continue;
            }
            match entry.value.value {
                Value::Mapping(mapping) => sources.push(mapping),
                Value::Sequence(sequence)
                    if sequence.items.iter().all(|item| item.is_mapping()) =>
                {
                    for item in sequence.items {
                        if let Value::Mapping(mapping) = item.value {
                            sources.push(mapping);
                        }
                    }
                }
                value => {
                    // Not a mergeable value: keep it as an ordinary entry.
                    explicit.push(Entry {
                        key: entry.key,
                        value: Node {
                            value,
                            ..entry.value
                        },
                        merged: entry.merged,
                    });
                }
            }
        }
        let mut merged: Vec<Entry> = Vec::new();
        let mut taken: std::collections::HashSet<String> = explicit
            .iter()
            .filter_map(|entry| entry.key.as_str().map(str::to_string))
            .collect();
        for source in sources {
            for entry in source.entries {
                if let Some(key) = entry.key.as_str() {
                    if !taken.insert(key.to_string()) {
                        continue;
                    }
                }
                merged.push(Entry {
                    merged: true,
                    ..entry
                });
            }
        }
        explicit.extend(merged);
        Ok(explicit)
    }

    fn finish_document(&mut self, at: usize) {
        if let Some(document) = self.document.take() {
            let root = document.root.unwrap_or_else(|| Node::null(document.start));
            let end = at.max(root.range.end).max(document.start);
            self.documents.push(YamlDocument {
                range: TextRange::new(document.start, end),
                root,
                explicit_start: document.explicit,
            });
        }
    }

    /// After an error (or at the end): close open collections and the open document, keeping
    /// what was parsed.
    fn close_everything(&mut self) {
        while let Some(frame) = self.stack.pop() {
            let end = self.last_end;
            match self.close(frame, end, true) {
                Ok(node) => {
                    if self.add(node, 0).is_err() {
                        break;
                    }
                }
                Err(_) => break,
            }
        }
        self.stack.clear();
        let end = self.last_end;
        self.finish_document(end);
    }
}

fn is_merge_entry(entry: &Entry) -> bool {
    entry.key.tag.is_none()
        && matches!(&entry.key.value, Value::Scalar(Scalar { text, style: ScalarStyle::Plain }) if text == "<<")
}

/// Nodes in a tree (depth is bounded by [`MAX_DEPTH`]).
fn count_nodes(node: &Node) -> usize {
    1 + match &node.value {
        Value::Null | Value::Scalar(_) => 0,
        Value::Sequence(sequence) => sequence.items.iter().map(count_nodes).sum(),
        Value::Mapping(mapping) => mapping
            .entries
            .iter()
            .map(|entry| count_nodes(&entry.key) + count_nodes(&entry.value))
            .sum(),
    }
}

/// Copy an anchored node for an alias at `depth`, flagging every copied node `alias`. `None`
/// when the copy would exceed the node budget or [`MAX_DEPTH`].
fn copy_alias(node: &Node, depth: usize, budget: &mut usize) -> Option<Node> {
    if depth > MAX_DEPTH {
        return None;
    }
    *budget = budget.checked_sub(1)?;
    let value = match &node.value {
        Value::Null => Value::Null,
        Value::Scalar(scalar) => Value::Scalar(scalar.clone()),
        Value::Sequence(sequence) => {
            let mut items = Vec::with_capacity(sequence.items.len());
            for item in &sequence.items {
                items.push(copy_alias(item, depth + 1, budget)?);
            }
            Value::Sequence(Sequence {
                items,
                item_ranges: sequence.item_ranges.clone(),
                flow: sequence.flow,
            })
        }
        Value::Mapping(mapping) => {
            let mut entries = Vec::with_capacity(mapping.entries.len());
            for entry in &mapping.entries {
                entries.push(Entry {
                    key: copy_alias(&entry.key, depth + 1, budget)?,
                    value: copy_alias(&entry.value, depth + 1, budget)?,
                    merged: entry.merged,
                });
            }
            Value::Mapping(Mapping {
                entries,
                flow: mapping.flow,
            })
        }
    };
    Some(Node {
        range: node.range,
        value,
        alias: true,
        tag: node.tag.clone(),
        partial: node.partial,
    })
}

/// The start of a node after its properties (`&anchor`, `!tag`) within `span`.
fn skip_properties(text: &str, span: TextRange) -> usize {
    let bytes = text.as_bytes();
    let mut i = span.start;
    while i < span.end {
        match bytes.get(i) {
            Some(b' ' | b'\t' | b'\n' | b'\r') => i += 1,
            Some(b'&' | b'!') => {
                while i < span.end && !matches!(bytes.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                    i += 1;
                }
            }
            _ => break,
        }
    }
    i.min(span.end)
}

/// A quoted scalar's range, from its opening to its closing quote, within `span`.
fn quoted_range(text: &str, span: TextRange, double: bool) -> TextRange {
    let bytes = text.as_bytes();
    let quote = if double { b'"' } else { b'\'' };
    let Some(open) = (span.start..span.end).find(|&i| bytes.get(i) == Some(&quote)) else {
        return span;
    };
    let mut i = open + 1;
    while i < span.end {
        match bytes.get(i) {
            Some(b'\\') if double => i += 2,
            Some(&byte) if byte == quote => {
                if !double && bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                } else {
                    return TextRange::new(open, i + 1);
                }
            }
            _ => i += 1,
        }
    }
    span
}

/// The offset of the line break ending the line holding `at` (or the text's end).
pub(super) fn line_end(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = at;
    while i < bytes.len() && !matches!(bytes.get(i), Some(b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// The `-` of the block sequence entry whose item starts at `item_start` (the item itself when
/// there is none).
fn dash_before(text: &str, item_start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = item_start;
    while i > 0 && matches!(bytes.get(i - 1), Some(b' ' | b'\t')) {
        i -= 1;
    }
    if i > 0 && bytes.get(i - 1) == Some(&b'-') {
        i - 1
    } else {
        item_start
    }
}

/// Every `#` comment outside quoted and block scalars.
fn scan_comments(text: &str, scalar_text: &mut [TextRange]) -> Vec<TextRange> {
    scalar_text.sort_unstable();
    let bytes = text.as_bytes();
    let mut comments = Vec::new();
    let mut skip = scalar_text.iter().peekable();
    // Only a `#` can start a comment: jump from one to the next with memchr.
    let mut i = 0;
    while let Some(found) = bytes.get(i..).and_then(|rest| memchr::memchr(b'#', rest)) {
        let at = i + found;
        while skip.peek().is_some_and(|range| range.end <= at) {
            skip.next();
        }
        if let Some(range) = skip.peek() {
            if range.contains(at) {
                i = range.end;
                continue;
            }
        }
        if at == 0 || matches!(bytes.get(at - 1), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            let end = line_end(text, at);
            comments.push(TextRange::new(at, end));
            i = end;
        } else {
            i = at + 1;
        }
    }
    comments
}

/// Messages of the YAML scanner (saphyr-parser) that the catalogue translates (as
/// `phrase: <message>`): the ones a hand-edited file runs into. Any other message is shown
/// as the scanner wrote it.
const SCANNER_MESSAGES: &[&str] = &[
    "while parsing a flow sequence, expected ',' or ']'",
    "while parsing a flow mapping, did not find expected ',' or '}'",
    "while parsing a block mapping, did not find expected key",
    "while parsing a block collection, did not find expected '-' indicator",
    "while parsing a node, did not find expected node content",
    "while scanning a quoted scalar, found unexpected end of stream",
    "while scanning a plain scalar, found a tab",
    "while parsing node, found unknown anchor",
    "while parsing anchor, found duplicated anchor",
    "mapping values are not allowed in this context",
    "block sequence entries are not allowed in this context",
    "mapping keys are not allowed in this context",
    "invalid indentation",
    "tab cannot be used as indentation",
    "tabs disallowed within this context (block indentation)",
    "simple key expect ':'",
    "simple key expected",
    "did not find expected <document start>",
    "invalid trailing content after double-quoted scalar",
    "wrongly indented line in block scalar",
    "unexpected eof",
];

/// The scanner's message as a catalogue text: translated when it is one of
/// [`SCANNER_MESSAGES`], as written otherwise.
fn scanner_message(info: &str) -> Message {
    match SCANNER_MESSAGES.iter().find(|known| **known == info) {
        Some(known) => Message::new("as-is").phrase("text", known),
        None => Message::new("as-is").arg("text", info),
    }
}

#[cfg(test)]
mod go_yaml_leniency_tests {
    use super::parse;

    #[test]
    fn quoted_scalar_continuation_at_the_key_indentation_parses_like_go_yaml() {
        let text =
            "spec:\n  container:\n    args: ['\n      echo \"$X\";\n    ']\n    image: alpine\n";
        let file = parse(text);
        assert!(file.errors.is_empty(), "{:?}", file.errors);
        let image = file.documents[0]
            .root
            .get("spec")
            .and_then(|spec| spec.get("container"))
            .and_then(|container| container.get("image"))
            .and_then(|image| image.as_str());
        assert_eq!(image, Some("alpine"));
    }
}
