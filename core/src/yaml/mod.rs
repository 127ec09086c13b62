//! YAML with byte positions, built from `saphyr-parser` events.
//!
//! [`parse`] turns a YAML stream into a small tree of [`Node`]s whose ranges are byte offsets into
//! the text. Aliases are resolved (a copy flagged [`Node::alias`]), merge keys (`<<: *base`,
//! `<<: [*a, *b]`) are applied (merged entries flagged [`Entry::merged`]), and every `#` comment
//! outside scalars is listed. Bad input never panics: the documents parsed before a syntax error are
//! kept, and nesting depth and alias expansion are bounded.
//!
//! Edits that keep the file's own style (indentation, line endings, quoting) live in [`edit`].

mod build;
pub(crate) mod edit;

use crate::syntax::SyntaxError;
use crate::text::TextRange;

pub use build::{MAX_DEPTH, MAX_NODES};

/// A parsed YAML stream.
#[derive(Debug, Clone, Default)]
pub struct YamlFile {
    pub documents: Vec<YamlDocument>,
    pub errors: Vec<SyntaxError>,
    /// Every comment (`#` to end of line), outside scalars.
    pub comments: Vec<TextRange>,
}

/// One document of a stream (`---` separated).
#[derive(Debug, Clone)]
pub struct YamlDocument {
    pub range: TextRange,
    /// The document's content; a `Null` node for an empty document.
    pub root: Node,
    /// Whether the document started with an explicit `---`.
    pub explicit_start: bool,
}

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// `|` block scalar.
    Literal,
    /// `>` block scalar.
    Folded,
}

impl ScalarStyle {
    pub const fn is_block(self) -> bool {
        matches!(self, ScalarStyle::Literal | ScalarStyle::Folded)
    }

    pub const fn is_quoted(self) -> bool {
        matches!(self, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted)
    }
}

/// A scalar: its cooked text (escapes and folding applied) and how it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar {
    pub text: String,
    pub style: ScalarStyle,
}

/// A sequence and the range of each of its entries (from the `-` indicator, for block sequences).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sequence {
    pub items: Vec<Node>,
    /// `items[i]`'s entry: `- item` for block sequences (from the dash), the item itself in flow.
    pub item_ranges: Vec<TextRange>,
    /// `[a, b]` rather than `- a` lines.
    pub flow: bool,
}

/// A mapping. Merge keys are applied: the `<<` entries are gone and the entries they bring in are
/// flagged [`Entry::merged`], after the explicit ones (explicit keys win).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mapping {
    pub entries: Vec<Entry>,
    /// `{a: 1}` rather than `a: 1` lines.
    pub flow: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
    /// Brought in by a merge key (`<<`); its text is elsewhere (often behind an alias).
    pub merged: bool,
}

impl Entry {
    /// From the key's start to the value's end.
    pub fn range(&self) -> TextRange {
        self.key.range.cover(self.value.range)
    }

    /// The key as text, when it is a scalar.
    pub fn key_str(&self) -> Option<&str> {
        self.key.as_str()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Empty, `~` or `null` (plain).
    Null,
    Scalar(Scalar),
    Sequence(Sequence),
    Mapping(Mapping),
}

/// A YAML node with its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Where the node is written. For an empty mapping value (`key:`), an empty range just after
    /// the `:`. For a block scalar, from the `|`/`>` header to the end of its content. For a node
    /// copied from an alias, the alias token (`*base`) for the copy's root; nodes inside the copy
    /// keep the range of the anchored original.
    pub range: TextRange,
    pub value: Value,
    /// The node comes from an alias (it or an ancestor is a copy of an anchored node): its text
    /// is not here, and edits must not go through it.
    pub alias: bool,
    /// Explicit tag, e.g. `!!str` as `tag:yaml.org,2002:str`, or `!reset`.
    pub tag: Option<Box<str>>,
    /// The collection was still open when a syntax error stopped the parser: its content may be
    /// cut short, so "missing key" conclusions and edits are unreliable (edits refuse it).
    pub partial: bool,
}

static EMPTY_ENTRIES: [Entry; 0] = [];
static EMPTY_ITEMS: [Node; 0] = [];

impl Node {
    pub fn new(range: TextRange, value: Value) -> Self {
        Self {
            range,
            value,
            alias: false,
            tag: None,
            partial: false,
        }
    }

    pub fn null(at: usize) -> Self {
        Self::new(TextRange::empty(at), Value::Null)
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.value {
            Value::Scalar(scalar) => Some(scalar),
            _ => None,
        }
    }

    /// The scalar's cooked text, whatever its style.
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().map(|scalar| scalar.text.as_str())
    }

    /// A boolean: the YAML 1.2 core schema's `true`/`false` (`True`, `TRUE`...) and the YAML 1.1
    /// forms Compose and Kubernetes (go-yaml) still accept: `yes`/`no`, `on`/`off`, `y`/`n`.
    /// Only plain scalars: `"true"` is a string.
    pub fn as_bool(&self) -> Option<bool> {
        let scalar = self.as_scalar()?;
        if scalar.style != ScalarStyle::Plain {
            return None;
        }
        parse_bool(&scalar.text)
    }

    /// Like [`Node::as_bool`] but also reads quoted scalars (`"true"`), as Compose does for
    /// boolean fields.
    pub fn as_bool_lenient(&self) -> Option<bool> {
        parse_bool(self.as_str()?.trim())
    }

    /// An integer: decimal (with sign), `0x` hex, `0o` octal; plain scalars only.
    pub fn as_i64(&self) -> Option<i64> {
        let scalar = self.as_scalar()?;
        if scalar.style != ScalarStyle::Plain {
            return None;
        }
        parse_i64(&scalar.text)
    }

    /// Like [`Node::as_i64`] but also reads quoted scalars (`"100"`).
    pub fn as_i64_lenient(&self) -> Option<i64> {
        parse_i64(self.as_str()?.trim())
    }

    pub fn as_mapping(&self) -> Option<&Mapping> {
        match &self.value {
            Value::Mapping(mapping) => Some(mapping),
            _ => None,
        }
    }

    pub fn as_sequence(&self) -> Option<&Sequence> {
        match &self.value {
            Value::Sequence(sequence) => Some(sequence),
            _ => None,
        }
    }

    pub fn is_mapping(&self) -> bool {
        self.as_mapping().is_some()
    }

    pub fn is_sequence(&self) -> bool {
        self.as_sequence().is_some()
    }

    /// The value under a scalar `key`, when this is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_mapping()?.get(key)
    }

    /// The entry under a scalar `key`, when this is a mapping.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_mapping()?.entry(key)
    }

    /// Follow a path of keys through nested mappings.
    pub fn get_path(&self, path: &[&str]) -> Option<&Node> {
        let mut node = self;
        for key in path {
            node = node.get(key)?;
        }
        Some(node)
    }

    /// The mapping's entries (none when this is not a mapping).
    pub fn entries(&self) -> std::slice::Iter<'_, Entry> {
        match &self.value {
            Value::Mapping(mapping) => mapping.entries.iter(),
            _ => EMPTY_ENTRIES.iter(),
        }
    }

    /// The sequence's items (none when this is not a sequence).
    pub fn items(&self) -> std::slice::Iter<'_, Node> {
        match &self.value {
            Value::Sequence(sequence) => sequence.items.iter(),
            _ => EMPTY_ITEMS.iter(),
        }
    }

    /// Whether the node's text is its own (not behind an alias) and complete.
    pub fn is_editable(&self) -> bool {
        !self.alias && !self.partial
    }

    /// Whether the node was fully parsed (see [`Node::partial`]).
    pub fn is_complete(&self) -> bool {
        !self.partial
    }

    /// A short name for the node's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Scalar(_) => "scalar",
            Value::Sequence(_) => "sequence",
            Value::Mapping(_) => "mapping",
        }
    }
}

impl Mapping {
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|entry| entry.key.as_str() == Some(key))
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|entry| &entry.value)
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Entry> {
        self.entries.iter()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Sequence {
    pub fn iter(&self) -> std::slice::Iter<'_, Node> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl YamlFile {
    /// The root nodes of every document.
    pub fn roots(&self) -> impl Iterator<Item = &Node> {
        self.documents.iter().map(|document| &document.root)
    }
}

pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => {
            Some(true)
        }
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n" | "N" => {
            Some(false)
        }
        _ => None,
    }
}

pub(crate) fn parse_i64(text: &str) -> Option<i64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let magnitude = if let Some(hex) = digits.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()?
    } else if let Some(octal) = digits.strip_prefix("0o") {
        i64::from_str_radix(octal, 8).ok()?
    } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
        digits.replace('_', "").parse::<i64>().ok()?
    } else {
        return None;
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// Parse a YAML stream. Never fails: syntax errors are collected in `errors`, and the documents
/// parsed before the error are kept (the last one possibly partial).
pub fn parse(text: &str) -> YamlFile {
    build::parse(text)
}

#[cfg(test)]
mod tests;
