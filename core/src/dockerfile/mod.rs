//! A lossless, error-tolerant Dockerfile parser.
//!
//! Every byte of the input belongs to exactly one of: a parser directive, a comment line, an
//! instruction (with its continuation lines and heredoc bodies), or whitespace between them. Each
//! node carries its byte range in the original text, so rules can point at a flag, a key or a value
//! and fixes can edit them in place.
//!
//! The grammar follows BuildKit's `frontend/dockerfile/parser`:
//! - parser directives (`# syntax=`, `# escape=`, `# check=`) only at the very top, before any
//!   comment, blank line or instruction;
//! - a line ending with the escape character (backslash, or backtick after `# escape=``) continues
//!   on the next line; comment lines and blank lines inside a continuation are skipped;
//! - heredocs (`<<EOF`, `<<-EOF`, `<<"EOF"`, several per line) for `RUN`, `COPY` and `ADD`: their
//!   bodies follow the instruction's logical line;
//! - leading `--flag[=value]` words are flags; arguments are in JSON (exec) form when they are a
//!   flat JSON array of strings, in shell form otherwise (as Docker falls back to a shell).
//!
//! Errors never stop the parser: each becomes a [`SyntaxError`] and parsing resumes at the next
//! instruction. Everything is linear in the input: there is no recursion that the input can drive
//! (JSON arrays are parsed flat, `ONBUILD` nests exactly once) and per-instruction word lists are
//! capped.

pub(crate) mod analysis;

use crate::i18n::Message;
use crate::syntax::SyntaxError;
use crate::text::TextRange;

/// Most words split out of one instruction's arguments; the rest is reported and ignored.
pub const MAX_WORDS: usize = 65_536;

/// Dockerfile instruction keywords.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyword {
    From,
    Run,
    Cmd,
    Label,
    Maintainer,
    Expose,
    Env,
    Add,
    Copy,
    Entrypoint,
    Volume,
    User,
    Workdir,
    Arg,
    Onbuild,
    Stopsignal,
    Healthcheck,
    Shell,
    /// Not a Dockerfile instruction (reported as a syntax error).
    Unknown,
}

impl Keyword {
    pub fn parse(word: &str) -> Keyword {
        match word.to_ascii_uppercase().as_str() {
            "FROM" => Keyword::From,
            "RUN" => Keyword::Run,
            "CMD" => Keyword::Cmd,
            "LABEL" => Keyword::Label,
            "MAINTAINER" => Keyword::Maintainer,
            "EXPOSE" => Keyword::Expose,
            "ENV" => Keyword::Env,
            "ADD" => Keyword::Add,
            "COPY" => Keyword::Copy,
            "ENTRYPOINT" => Keyword::Entrypoint,
            "VOLUME" => Keyword::Volume,
            "USER" => Keyword::User,
            "WORKDIR" => Keyword::Workdir,
            "ARG" => Keyword::Arg,
            "ONBUILD" => Keyword::Onbuild,
            "STOPSIGNAL" => Keyword::Stopsignal,
            "HEALTHCHECK" => Keyword::Healthcheck,
            "SHELL" => Keyword::Shell,
            _ => Keyword::Unknown,
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Keyword::From => "FROM",
            Keyword::Run => "RUN",
            Keyword::Cmd => "CMD",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Expose => "EXPOSE",
            Keyword::Env => "ENV",
            Keyword::Add => "ADD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Volume => "VOLUME",
            Keyword::User => "USER",
            Keyword::Workdir => "WORKDIR",
            Keyword::Arg => "ARG",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Shell => "SHELL",
            Keyword::Unknown => "?",
        }
    }

    /// Instructions whose arguments may be heredocs.
    const fn allows_heredoc(self) -> bool {
        matches!(self, Keyword::Run | Keyword::Copy | Keyword::Add)
    }

    /// Instructions whose arguments may be a JSON array.
    const fn allows_json(self) -> bool {
        matches!(
            self,
            Keyword::Run
                | Keyword::Cmd
                | Keyword::Entrypoint
                | Keyword::Copy
                | Keyword::Add
                | Keyword::Volume
                | Keyword::Shell
        )
    }
}

impl std::fmt::Display for Keyword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parser directive at the top of the file (`# syntax=docker/dockerfile:1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Lower-cased name.
    pub name: String,
    pub value: String,
    /// The whole line, `#` to end of line.
    pub range: TextRange,
    pub value_range: TextRange,
}

/// A shell-like word: its raw range in the text and its value with quotes and escapes removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub range: TextRange,
    pub value: String,
}

/// A `--name[=value]` flag before an instruction's arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// `--` to the end of the value.
    pub range: TextRange,
    /// Lower-cased name without the dashes (`mount`, `from`, `security`).
    pub name: String,
    pub name_range: TextRange,
    /// Unquoted value after `=`; `None` for a bare flag (`--link`).
    pub value: Option<String>,
    pub value_range: Option<TextRange>,
}

impl Flag {
    /// For `--mount=type=secret,id=x`: the value of one comma-separated `key=value` field, with
    /// its range. A field without `=` (`ro`) has an empty value.
    pub fn field(&self, key: &str) -> Option<(String, TextRange)> {
        self.fields()
            .into_iter()
            .find(|(name, _, _)| name.eq_ignore_ascii_case(key))
            .map(|(_, value, range)| (value, range))
    }

    /// The comma-separated `key=value` fields of the value, with each value's range (best effort
    /// when the raw value was quoted).
    pub fn fields(&self) -> Vec<(String, String, TextRange)> {
        let (Some(value), Some(range)) = (&self.value, self.value_range) else {
            return Vec::new();
        };
        let exact = range.len() == value.len();
        let mut out = Vec::new();
        let mut offset = 0;
        for part in value.split(',') {
            let (key, val, val_offset) = match part.find('=') {
                Some(eq) => (&part[..eq], &part[eq + 1..], offset + eq + 1),
                None => (part, "", offset + part.len()),
            };
            let val_range = if exact {
                TextRange::new(
                    range.start + val_offset,
                    range.start + val_offset + val.len(),
                )
            } else {
                range
            };
            out.push((key.trim().to_string(), val.to_string(), val_range));
            offset += part.len() + 1;
        }
        out
    }
}

/// One `key=value` (or legacy `key value`, or bare `key` for `ARG`) of `ENV`, `ARG` or `LABEL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValue {
    pub key: String,
    pub key_range: TextRange,
    /// Unquoted value; `None` when there is no `=` (`ARG NAME`). `ENV X=` has `Some("")`.
    pub value: Option<String>,
    /// The raw value as written, quotes included (empty at the `=` end for `X=`).
    pub value_range: Option<TextRange>,
    /// The value without its surrounding quotes, what a renderer masks for a secret.
    pub value_inner: Option<TextRange>,
}

/// A heredoc attached to a `RUN`, `COPY` or `ADD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter without quotes (`EOF`).
    pub delimiter: String,
    /// The `<<EOF` word in the instruction line.
    pub marker: TextRange,
    /// The body: from the line after the instruction (or previous heredoc) to the start of the
    /// terminator line.
    pub body: TextRange,
    /// `<<-`: leading tabs are stripped from body lines and the terminator.
    pub strip_tabs: bool,
    /// A quoted delimiter: the body is not expanded.
    pub quoted: bool,
    /// The terminator line, `None` if the file ended first.
    pub terminator: Option<TextRange>,
    /// The body text as written.
    pub content: String,
}

/// Where a run of the logical (continuation-joined) text sits in the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    logical: usize,
    original: usize,
    len: usize,
}

/// One instruction, with its continuation lines and heredoc bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    pub keyword: Keyword,
    /// The keyword as written (`run`, `COPY`).
    pub keyword_text: String,
    pub keyword_range: TextRange,
    /// From the keyword to the end of the last line the instruction uses (continuations and
    /// heredoc terminators included), without the final line break.
    pub range: TextRange,
    pub flags: Vec<Flag>,
    /// The arguments after the flags, in the original text (may span continuation lines).
    pub args_range: TextRange,
    /// The arguments with continuations joined: escape + newline, comment lines and blank lines
    /// inside the continuation removed. Map offsets back with [`Instruction::original_offset`].
    pub args_text: String,
    /// The JSON (exec) form elements, when the arguments are a JSON array of strings.
    pub exec: Option<Vec<Word>>,
    pub heredocs: Vec<Heredoc>,
    /// The instruction an `ONBUILD` registers.
    pub onbuild: Option<Box<Instruction>>,
    segments: Vec<Segment>,
    escape: char,
}

impl Instruction {
    /// The original byte offset of an offset into `args_text`.
    pub fn original_offset(&self, logical: usize) -> usize {
        let index = self.segments.partition_point(|s| s.logical <= logical);
        match index.checked_sub(1).and_then(|i| self.segments.get(i)) {
            Some(segment) => {
                let delta = (logical - segment.logical).min(segment.len);
                segment.original + delta
            }
            None => self.args_range.start,
        }
    }

    /// The original range of a range of `args_text`.
    pub fn original_range(&self, start: usize, end: usize) -> TextRange {
        let s = self.original_offset(start);
        // Map the last byte rather than the end so that a range ending at a segment boundary
        // does not extend over the continuation that follows.
        let e = if end > start {
            self.original_offset(end - 1) + 1
        } else {
            s
        };
        TextRange::new(s, e.max(s))
    }

    /// The shell-form arguments split into words (quotes and escapes removed), with their
    /// original ranges; at most [`MAX_WORDS`].
    pub fn words(&self) -> Vec<Word> {
        split_words(&self.args_text, self.escape)
            .0
            .into_iter()
            .map(|(start, end, value)| Word {
                range: self.original_range(start, end),
                value,
            })
            .collect()
    }

    /// The arguments as a list: the exec-form elements, or the shell words.
    pub fn arguments(&self) -> Vec<Word> {
        match &self.exec {
            Some(words) => words.clone(),
            None => self.words(),
        }
    }

    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags
            .iter()
            .find(|flag| flag.name.eq_ignore_ascii_case(name))
    }

    /// The `key=value` pairs of `ENV`, `ARG` and `LABEL` (empty for other instructions).
    pub fn key_values(&self) -> Vec<KeyValue> {
        match self.keyword {
            Keyword::Env | Keyword::Label | Keyword::Arg => {
                key_values(self, self.keyword == Keyword::Arg).0
            }
            _ => Vec::new(),
        }
    }

    /// The escape character in force for this instruction.
    pub fn escape(&self) -> char {
        self.escape
    }
}

/// One build stage: a `FROM` and the instructions up to the next `FROM`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub index: usize,
    /// Lower-cased `AS` name.
    pub name: Option<String>,
    pub name_range: Option<TextRange>,
    /// The base image as written (variables unexpanded), with its range.
    pub image: Word,
    /// The base image with the defaults of `ARG`s declared before the first `FROM` substituted
    /// where they are known (`golang:${GO_VERSION}` → `golang:1.22`).
    pub image_expanded: String,
    /// Index of the `FROM` in [`Dockerfile::instructions`].
    pub from: usize,
    /// Indices of the stage's instructions (the `FROM` included) in [`Dockerfile::instructions`].
    pub instructions: std::ops::Range<usize>,
    /// From the `FROM` to the start of the next stage's `FROM` (or the end of the text), so that
    /// every comment after the first `FROM` lies in exactly one stage.
    pub range: TextRange,
}

impl Stage {
    /// `stage build` or `stage 0`, for finding objects.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) => format!("stage {name}"),
            None => format!("stage {}", self.index),
        }
    }
}

/// A parsed Dockerfile.
#[derive(Debug, Clone, Default)]
pub struct Dockerfile {
    pub directives: Vec<Directive>,
    /// `\` unless `# escape=`` says otherwise.
    pub escape: char,
    pub instructions: Vec<Instruction>,
    pub stages: Vec<Stage>,
    /// Every `#` comment line (not parser directives), the range covering `#` to end of line.
    pub comments: Vec<TextRange>,
    pub errors: Vec<SyntaxError>,
}

impl Dockerfile {
    /// Byte ranges of the stages, from each `FROM` to the end of the stage.
    pub fn stage_ranges(&self) -> Vec<TextRange> {
        self.stages.iter().map(|stage| stage.range).collect()
    }

    /// The instructions of a stage, its `FROM` first.
    pub fn stage_instructions(&self, stage: &Stage) -> &[Instruction] {
        self.instructions
            .get(stage.instructions.clone())
            .unwrap_or(&[])
    }

    /// `ARG`s declared before the first `FROM`.
    pub fn global_args(&self) -> &[Instruction] {
        let end = self
            .stages
            .first()
            .map_or(self.instructions.len(), |stage| stage.from);
        self.instructions.get(..end).unwrap_or(&[])
    }

    /// The stage an instruction (by index) belongs to.
    pub fn stage_of(&self, instruction: usize) -> Option<&Stage> {
        self.stages
            .iter()
            .find(|stage| stage.instructions.contains(&instruction))
    }

    /// The last stage, the one `docker build` ships by default.
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// The earlier stage a stage's `FROM` names (`FROM build AS test`).
    pub fn base_stage(&self, stage: &Stage) -> Option<&Stage> {
        let image = stage.image_expanded.to_ascii_lowercase();
        self.stages
            .get(..stage.index)?
            .iter()
            .rev()
            .find(|earlier| earlier.name.as_deref() == Some(image.as_str()))
    }

    /// A stage and the chain of earlier stages it is built on, nearest first (bounded by the
    /// stage count, so a malformed file cannot loop).
    pub fn stage_chain<'a>(&'a self, stage: &'a Stage) -> Vec<&'a Stage> {
        let mut chain = vec![stage];
        let mut current = stage;
        while let Some(base) = self.base_stage(current) {
            if base.index >= current.index || chain.len() > self.stages.len() {
                break;
            }
            chain.push(base);
            current = base;
        }
        chain
    }
}

/// Parse a Dockerfile. Never fails: syntax errors are collected in `errors`.
pub fn parse(text: &str) -> Dockerfile {
    Parser::new(text).run()
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    escape: char,
    out: Dockerfile,
}

/// A physical line: `start..end` without its terminator, `next` after it.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    next: usize,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            escape: '\\',
            out: Dockerfile {
                escape: '\\',
                ..Dockerfile::default()
            },
        }
    }

    fn line_at(&self, start: usize) -> Line {
        let rest = self.bytes.get(start..).unwrap_or(&[]);
        match rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(at) => {
                let end = start + at;
                let next = if self.bytes.get(end) == Some(&b'\r')
                    && self.bytes.get(end + 1) == Some(&b'\n')
                {
                    end + 2
                } else {
                    end + 1
                };
                Line { start, end, next }
            }
            None => Line {
                start,
                end: self.bytes.len(),
                next: self.bytes.len(),
            },
        }
    }

    fn slice(&self, start: usize, end: usize) -> &'t str {
        self.text.get(start..end).unwrap_or("")
    }

    fn run(mut self) -> Dockerfile {
        let mut pos = if self.text.starts_with('\u{feff}') {
            3
        } else {
            0
        };
        let mut in_directives = true;
        while pos < self.bytes.len() {
            let line = self.line_at(pos);
            let content = self.slice(line.start, line.end);
            let trimmed = content.trim_start_matches([' ', '\t']);
            let indent = content.len() - trimmed.len();
            if trimmed.trim_end().is_empty() {
                in_directives = false;
                pos = line.next;
                continue;
            }
            if trimmed.starts_with('#') {
                let hash = line.start + indent;
                if in_directives && self.directive(hash, line.end) {
                    pos = line.next;
                    continue;
                }
                in_directives = false;
                self.out.comments.push(TextRange::new(hash, line.end));
                pos = line.next;
                continue;
            }
            in_directives = false;
            pos = self.instruction(line.start + indent);
        }
        self.out.escape = self.escape;
        self.build_stages();
        self.out
    }

    /// Parse `# name=value` as a directive; false if the line is a plain comment.
    fn directive(&mut self, hash: usize, end: usize) -> bool {
        let body = self.slice(hash + 1, end);
        let Some(eq) = body.find('=') else {
            return false;
        };
        let name = body[..eq].trim();
        if name.is_empty()
            || !name.starts_with(|c: char| c.is_ascii_alphabetic())
            || !name.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return false;
        }
        let name = name.to_ascii_lowercase();
        if !matches!(name.as_str(), "syntax" | "escape" | "check") {
            return false;
        }
        let raw_value = &body[eq + 1..];
        let value = raw_value.trim();
        let value_start = hash + 1 + eq + 1 + (raw_value.len() - raw_value.trim_start().len());
        let value_range = TextRange::new(value_start, value_start + value.len());
        if self.out.directives.iter().any(|d| d.name == name) {
            self.out.errors.push(SyntaxError::new(
                Message::new("syntax-directive-repeated").arg("name", name),
                TextRange::new(hash, end),
            ));
            return true;
        }
        if name == "escape" {
            match value {
                "\\" => self.escape = '\\',
                "`" => self.escape = '`',
                _ => self.out.errors.push(SyntaxError::new(
                    Message::new("syntax-escape-invalid").arg("value", value),
                    value_range,
                )),
            }
        }
        self.out.directives.push(Directive {
            name,
            value: value.to_string(),
            range: TextRange::new(hash, end),
            value_range,
        });
        true
    }

    /// Parse the instruction starting at `start` (its first non-blank byte); returns where the
    /// next line starts.
    fn instruction(&mut self, start: usize) -> usize {
        // 1. The logical line: follow continuations, skipping blank and comment lines in them.
        let mut logical = String::new();
        let mut segments = Vec::new();
        let mut line = self.line_at(start);
        loop {
            let content = self.slice(line.start, line.end);
            let without_ws = content.trim_end_matches([' ', '\t']);
            let continues = without_ws.ends_with(self.escape);
            let seg_end = if continues {
                line.start + without_ws.len() - self.escape.len_utf8()
            } else {
                line.end
            };
            segments.push(Segment {
                logical: logical.len(),
                original: line.start,
                len: seg_end - line.start,
            });
            logical.push_str(self.slice(line.start, seg_end));
            let content_end = line.end;
            if !continues {
                return self.finish_instruction(start, logical, segments, content_end, line.next);
            }
            let mut next = line.next;
            loop {
                if next >= self.bytes.len() {
                    return self.finish_instruction(start, logical, segments, content_end, next);
                }
                let candidate = self.line_at(next);
                let content = self.slice(candidate.start, candidate.end);
                let trimmed = content.trim_start_matches([' ', '\t']);
                if trimmed.trim_end().is_empty() {
                    next = candidate.next;
                    continue;
                }
                if trimmed.starts_with('#') {
                    let hash = candidate.start + (content.len() - trimmed.len());
                    self.out.comments.push(TextRange::new(hash, candidate.end));
                    next = candidate.next;
                    continue;
                }
                line = candidate;
                break;
            }
        }
    }

    fn finish_instruction(
        &mut self,
        start: usize,
        logical: String,
        segments: Vec<Segment>,
        logical_end: usize,
        mut next: usize,
    ) -> usize {
        let line = Logical {
            text: logical,
            segments,
            escape: self.escape,
        };
        let mut errors = Vec::new();
        let mut instruction = parse_instruction(&line, 0, &mut errors);
        instruction.range = TextRange::new(start, logical_end.max(start));
        // 2. Heredoc bodies follow the logical line.
        if instruction.keyword.allows_heredoc() && instruction.args_text.contains("<<") {
            let markers = heredoc_markers(&instruction);
            for (delimiter, marker, strip_tabs, quoted) in markers {
                let body_start = next;
                let mut pos = next;
                let mut terminator = None;
                while pos < self.bytes.len() {
                    let l = self.line_at(pos);
                    let content = self.slice(l.start, l.end);
                    let compared = if strip_tabs {
                        content.trim_start_matches('\t')
                    } else {
                        content
                    };
                    if compared == delimiter {
                        terminator = Some(TextRange::new(l.start, l.end));
                        pos = l.next;
                        break;
                    }
                    if l.next == l.start {
                        pos = self.bytes.len();
                        break;
                    }
                    pos = l.next;
                }
                let body_end = terminator.map_or(self.bytes.len(), |t| t.start);
                if terminator.is_none() {
                    errors.push(SyntaxError::new(
                        Message::new("syntax-heredoc-unterminated")
                            .arg("delimiter", delimiter.to_string()),
                        marker,
                    ));
                }
                instruction.range.end = terminator.map_or_else(
                    || trim_line_break(self.text, self.bytes.len()).max(instruction.range.end),
                    |t| t.end,
                );
                instruction.heredocs.push(Heredoc {
                    delimiter,
                    marker,
                    body: TextRange::new(body_start, body_end.max(body_start)),
                    strip_tabs,
                    quoted,
                    terminator,
                    content: self.slice(body_start, body_end.max(body_start)).to_string(),
                });
                next = pos;
            }
        }
        self.out.errors.extend(errors);
        self.out.instructions.push(instruction);
        next
    }

    fn build_stages(&mut self) {
        let instructions = &self.out.instructions;
        let mut global_args: Vec<(String, Option<String>)> = Vec::new();
        let mut stages: Vec<Stage> = Vec::new();
        for (index, instruction) in instructions.iter().enumerate() {
            if instruction.keyword == Keyword::From {
                if let Some(last) = stages.last_mut() {
                    last.instructions.end = index;
                    last.range.end = instruction.range.start;
                }
                let words = instruction.words();
                let image = words.first().cloned().unwrap_or(Word {
                    range: TextRange::empty(instruction.args_range.start),
                    value: String::new(),
                });
                let mut name = None;
                let mut name_range = None;
                match words.len() {
                    1 => {}
                    3 if words[1].value.eq_ignore_ascii_case("as") => {
                        let candidate = words[2].value.to_ascii_lowercase();
                        if !is_valid_stage_name(&candidate) {
                            self.out.errors.push(SyntaxError::new(
                                Message::new("syntax-stage-name")
                                    .arg("name", words[2].value.clone()),
                                words[2].range,
                            ));
                        }
                        name = Some(candidate);
                        name_range = Some(words[2].range);
                    }
                    _ => self.out.errors.push(SyntaxError::new(
                        Message::new("syntax-from-arguments"),
                        if instruction.args_range.is_empty() {
                            instruction.keyword_range
                        } else {
                            instruction.args_range
                        },
                    )),
                }
                let image_expanded = expand_simple(&image.value, &global_args);
                stages.push(Stage {
                    index: stages.len(),
                    name,
                    name_range,
                    image,
                    image_expanded,
                    from: index,
                    instructions: index..instructions.len(),
                    range: TextRange::new(instruction.range.start, self.text.len()),
                });
            } else if stages.is_empty() {
                match instruction.keyword {
                    Keyword::Arg => {
                        for kv in instruction.key_values() {
                            global_args.retain(|(name, _)| name != &kv.key);
                            global_args.push((kv.key, kv.value));
                        }
                    }
                    Keyword::Unknown => {}
                    keyword => self.out.errors.push(SyntaxError::new(
                        Message::new("syntax-before-from").arg("keyword", keyword.to_string()),
                        instruction.keyword_range,
                    )),
                }
            }
        }
        self.out.stages = stages;
    }
}

fn trim_line_break(text: &str, mut end: usize) -> usize {
    let bytes = text.as_bytes();
    while end > 0 && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
        end -= 1;
    }
    end
}

/// Docker's stage name rule: `^[a-z][a-z0-9-_.]*$` after lower-casing.
fn is_valid_stage_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

/// A logical line: continuation-joined text and its mapping to the original.
struct Logical {
    text: String,
    segments: Vec<Segment>,
    escape: char,
}

/// Parse one instruction from `line.text[start..]`. `ONBUILD` parses its trigger with one more
/// level; a nested `ONBUILD` is an error, so the recursion is bounded at depth 2.
fn parse_instruction(line: &Logical, start: usize, errors: &mut Vec<SyntaxError>) -> Instruction {
    let text = line.text.as_str();
    let map = |logical: usize| -> usize {
        let index = line.segments.partition_point(|s| s.logical <= logical);
        match index.checked_sub(1).and_then(|i| line.segments.get(i)) {
            Some(segment) => segment.original + (logical - segment.logical).min(segment.len),
            None => line.segments.first().map_or(0, |s| s.original),
        }
    };
    let bytes = text.as_bytes();
    let mut pos = start;
    while pos < bytes.len() && matches!(bytes[pos], b' ' | b'\t') {
        pos += 1;
    }
    let kw_start = pos;
    while pos < bytes.len() && !matches!(bytes[pos], b' ' | b'\t') {
        pos += 1;
    }
    let keyword_text = text.get(kw_start..pos).unwrap_or("").to_string();
    let keyword = Keyword::parse(&keyword_text);
    let keyword_range = TextRange::new(map(kw_start), map(kw_start) + (pos - kw_start));
    if keyword == Keyword::Unknown {
        errors.push(SyntaxError::new(
            Message::new("syntax-unknown-instruction").arg("keyword", keyword_text.to_string()),
            keyword_range,
        ));
    }
    // Flags.
    let mut flags = Vec::new();
    loop {
        while pos < bytes.len() && matches!(bytes[pos], b' ' | b'\t') {
            pos += 1;
        }
        if keyword == Keyword::Unknown || !text[pos..].starts_with("--") {
            break;
        }
        let (word_end, value) = scan_word(text, pos, line.escape);
        if value == "--" {
            break;
        }
        let raw = &text[pos..word_end];
        let (name, flag_value, value_range) = match raw.find('=') {
            Some(eq) => {
                let raw_name = &raw[2..eq];
                let value_start = pos + eq + 1;
                // The unquoted value: the word's value after its own `=`.
                let unquoted = value
                    .split_once('=')
                    .map_or(String::new(), |(_, v)| v.to_string());
                (
                    raw_name.to_ascii_lowercase(),
                    Some(unquoted),
                    Some(TextRange::new(
                        map(value_start),
                        map(word_end.max(value_start + 1) - 1)
                            + usize::from(word_end > value_start),
                    )),
                )
            }
            None => (raw[2..].to_ascii_lowercase(), None, None),
        };
        let name_len = raw.find('=').unwrap_or(raw.len()).saturating_sub(2);
        flags.push(Flag {
            range: TextRange::new(map(pos), map(word_end - 1) + 1),
            name,
            name_range: TextRange::new(map(pos + 2), map(pos + 2) + name_len),
            value: flag_value,
            value_range,
        });
        pos = word_end;
    }
    let args_start = pos;
    let args_end = text.trim_end_matches([' ', '\t']).len().max(args_start);
    let args_text = text.get(args_start..args_end).unwrap_or("").to_string();
    // Segments of the arguments only, rebased so that `args_text` offset 0 maps to args_start.
    let mut segments: Vec<Segment> = Vec::new();
    for segment in &line.segments {
        let seg_end = segment.logical + segment.len;
        if seg_end <= args_start && !(segment.len == 0 && segment.logical == args_start) {
            continue;
        }
        let skip = args_start.saturating_sub(segment.logical);
        segments.push(Segment {
            logical: segment.logical + skip - args_start,
            original: segment.original + skip,
            len: segment.len - skip.min(segment.len),
        });
    }
    let args_range = if args_start < args_end {
        TextRange::new(map(args_start), map(args_end - 1) + 1)
    } else {
        TextRange::empty(map(args_start))
    };
    let mut instruction = Instruction {
        keyword,
        keyword_text,
        keyword_range,
        range: TextRange::new(keyword_range.start, args_range.end.max(keyword_range.end)),
        flags,
        args_range,
        args_text,
        exec: None,
        heredocs: Vec::new(),
        onbuild: None,
        segments,
        escape: line.escape,
    };
    // JSON form.
    let trimmed = instruction.args_text.trim_start();
    if keyword.allows_json() && trimmed.starts_with('[') {
        let lead = instruction.args_text.len() - trimmed.len();
        match parse_json_array(trimmed) {
            Ok(items) => {
                instruction.exec = Some(
                    items
                        .into_iter()
                        .map(|(s, e, value)| Word {
                            range: instruction.original_range(lead + s, lead + e),
                            value,
                        })
                        .collect(),
                );
            }
            Err(reason) => {
                if keyword == Keyword::Shell || trimmed.starts_with("[\"") {
                    errors.push(SyntaxError::new(
                        Message::new("syntax-json-array")
                            .arg("keyword", keyword.to_string())
                            .nested("reason", reason),
                        instruction.args_range,
                    ));
                }
            }
        }
    } else if keyword == Keyword::Shell {
        errors.push(SyntaxError::new(
            Message::new("syntax-shell-json"),
            instruction.args_range,
        ));
    }
    // Per-instruction argument checks.
    match keyword {
        Keyword::Env | Keyword::Label | Keyword::Arg => {
            let (_, errs) = key_values(&instruction, keyword == Keyword::Arg);
            errors.extend(errs);
        }
        Keyword::Onbuild => {
            if start > 0 {
                errors.push(SyntaxError::new(
                    Message::new("syntax-onbuild-onbuild"),
                    keyword_range,
                ));
            } else if args_start >= args_end {
                errors.push(SyntaxError::new(
                    Message::new("syntax-onbuild-empty"),
                    keyword_range,
                ));
            } else {
                let inner = parse_instruction(line, args_start, errors);
                if matches!(inner.keyword, Keyword::From | Keyword::Maintainer) {
                    errors.push(SyntaxError::new(
                        Message::new("syntax-onbuild-not-allowed")
                            .arg("keyword", inner.keyword.to_string()),
                        inner.keyword_range,
                    ));
                }
                instruction.onbuild = Some(Box::new(inner));
            }
        }
        Keyword::From
        | Keyword::Run
        | Keyword::Cmd
        | Keyword::Entrypoint
        | Keyword::Copy
        | Keyword::Add
        | Keyword::Workdir
        | Keyword::User
        | Keyword::Expose
        | Keyword::Volume
        | Keyword::Stopsignal
        | Keyword::Maintainer
        | Keyword::Healthcheck
            if instruction.args_text.trim().is_empty() && instruction.heredocs.is_empty() =>
        {
            errors.push(SyntaxError::new(
                Message::new("syntax-needs-arguments").arg("keyword", keyword.to_string()),
                keyword_range,
            ));
        }
        Keyword::Copy | Keyword::Add => {
            let count = instruction
                .exec
                .as_ref()
                .map_or_else(|| instruction.words().len(), Vec::len);
            let heredoc = instruction.args_text.contains("<<");
            if count < 2 && !heredoc {
                errors.push(SyntaxError::new(
                    Message::new("syntax-copy-arguments").arg("keyword", keyword.to_string()),
                    instruction.args_range,
                ));
            }
        }
        _ => {}
    }
    instruction
}

/// Heredoc markers among the words of an instruction: (delimiter, marker range, strip tabs,
/// quoted). A marker is an unquoted word `[n]<<[-]WORD` with `WORD` not starting with `<`.
fn heredoc_markers(instruction: &Instruction) -> Vec<(String, TextRange, bool, bool)> {
    let mut out = Vec::new();
    let (words, _) = split_words(&instruction.args_text, instruction.escape);
    for (start, end, value) in words {
        let raw = instruction.args_text.get(start..end).unwrap_or("");
        let digits = raw.bytes().take_while(u8::is_ascii_digit).count();
        let Some(rest) = raw[digits..].strip_prefix("<<") else {
            continue;
        };
        let (strip_tabs, rest) = match rest.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        if rest.is_empty() || rest.contains('<') {
            continue;
        }
        let quoted = rest.contains(['"', '\'']);
        // The value has quotes removed; drop the `n<<-` prefix from it.
        let prefix = digits + 2 + usize::from(strip_tabs);
        let delimiter = value.get(prefix..).unwrap_or("").to_string();
        if delimiter.is_empty() {
            continue;
        }
        out.push((
            delimiter,
            instruction.original_range(start, end),
            strip_tabs,
            quoted,
        ));
    }
    out
}

/// Scan one word starting at `start`: returns its end and its unquoted value. Quotes (`'`, `"`)
/// group whitespace; the escape character escapes the next character outside single quotes.
fn scan_word(text: &str, start: usize, escape: char) -> (usize, String) {
    let mut value = String::new();
    let mut chars = text[start..].char_indices().peekable();
    let mut quote: Option<char> = None;
    let mut end = text.len();
    while let Some((offset, c)) = chars.next() {
        match quote {
            None => {
                if c == ' ' || c == '\t' {
                    end = start + offset;
                    break;
                }
                if c == escape {
                    if let Some((_, next)) = chars.next() {
                        value.push(next);
                    }
                } else if c == '"' || c == '\'' {
                    quote = Some(c);
                } else {
                    value.push(c);
                }
            }
            Some('\'') => {
                if c == '\'' {
                    quote = None;
                } else {
                    value.push(c);
                }
            }
            Some(q) => {
                if c == q {
                    quote = None;
                } else if c == escape {
                    match chars.peek() {
                        Some(&(_, next)) if next == '"' || next == escape || next == '$' => {
                            value.push(next);
                            chars.next();
                        }
                        _ => value.push(c),
                    }
                } else {
                    value.push(c);
                }
            }
        }
    }
    (end, value)
}

/// Split into whitespace-separated words (quote-aware): (start, end, unquoted value), at most
/// [`MAX_WORDS`]; the flag says whether words were dropped.
fn split_words(text: &str, escape: char) -> (Vec<(usize, usize, String)>, bool) {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut pos = 0;
    while pos < bytes.len() {
        if matches!(bytes[pos], b' ' | b'\t') {
            pos += 1;
            continue;
        }
        if out.len() >= MAX_WORDS {
            return (out, true);
        }
        let (end, value) = scan_word(text, pos, escape);
        out.push((pos, end, value));
        pos = end.max(pos + 1);
    }
    (out, false)
}

/// The pairs of `ENV`/`LABEL`/`ARG` and the syntax errors in them.
fn key_values(instruction: &Instruction, is_arg: bool) -> (Vec<KeyValue>, Vec<SyntaxError>) {
    let text = &instruction.args_text;
    let (words, truncated) = split_words(text, instruction.escape);
    let mut errors = Vec::new();
    let mut out = Vec::new();
    if truncated {
        errors.push(SyntaxError::new(
            Message::new("syntax-too-many-arguments")
                .arg("keyword", instruction.keyword.to_string())
                .arg("max", MAX_WORDS.to_string()),
            instruction.args_range,
        ));
    }
    if words.is_empty() {
        errors.push(SyntaxError::new(
            Message::new("syntax-needs-name").arg("keyword", instruction.keyword.to_string()),
            instruction.keyword_range,
        ));
        return (out, errors);
    }
    let first_raw = &text[words[0].0..words[0].1];
    let legacy = !is_arg && !first_raw.contains('=');
    if legacy {
        // `ENV KEY value with spaces`: the key is the first word, the value the rest.
        let (start, end, key) = &words[0];
        let key_range = instruction.original_range(*start, *end);
        let Some(second) = words.get(1) else {
            errors.push(SyntaxError::new(
                Message::new("syntax-no-value")
                    .arg("keyword", instruction.keyword.to_string())
                    .arg("key", key.to_string()),
                key_range,
            ));
            return (out, errors);
        };
        let raw = &text[second.0..];
        let value = words[1..]
            .iter()
            .map(|(_, _, v)| v.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let range = instruction.original_range(second.0, text.len());
        let inner = if words.len() == 2 {
            quoted_inner(raw, range)
        } else {
            range
        };
        out.push(KeyValue {
            key: key.clone(),
            key_range,
            value: Some(value),
            value_range: Some(range),
            value_inner: Some(inner),
        });
        return (out, errors);
    }
    for (start, end, value) in &words {
        let raw = &text[*start..*end];
        match raw.find('=') {
            Some(eq) => {
                let key_raw = &raw[..eq];
                let key = split_key_value(value).0;
                let key_range = instruction.original_range(*start, start + eq);
                if key_raw.is_empty() {
                    errors.push(SyntaxError::new(
                        Message::new("syntax-empty-name")
                            .arg("keyword", instruction.keyword.to_string()),
                        instruction.original_range(*start, *end),
                    ));
                    continue;
                }
                let value_range = instruction.original_range(start + eq + 1, *end);
                let raw_value = &raw[eq + 1..];
                out.push(KeyValue {
                    key: key.to_string(),
                    key_range,
                    value: Some(split_key_value(value).1.to_string()),
                    value_range: Some(value_range),
                    value_inner: Some(quoted_inner(raw_value, value_range)),
                });
            }
            None if is_arg => out.push(KeyValue {
                key: value.clone(),
                key_range: instruction.original_range(*start, *end),
                value: None,
                value_range: None,
                value_inner: None,
            }),
            None => errors.push(SyntaxError::new(
                Message::new("syntax-mixed-forms")
                    .arg("keyword", instruction.keyword.to_string())
                    .arg("raw", raw.to_string()),
                instruction.original_range(*start, *end),
            )),
        }
    }
    (out, errors)
}

/// Split an unquoted `key=value` word at its first `=`.
fn split_key_value(word: &str) -> (&str, &str) {
    word.split_once('=').unwrap_or((word, ""))
}

/// The range inside surrounding quotes when the raw value is one quoted string.
fn quoted_inner(raw: &str, range: TextRange) -> TextRange {
    let bytes = raw.as_bytes();
    if bytes.len() >= 2
        && range.len() == raw.len()
        && matches!(bytes[0], b'"' | b'\'')
        && bytes[bytes.len() - 1] == bytes[0]
        && !raw[1..raw.len() - 1].contains(raw.chars().next().unwrap_or('"'))
    {
        TextRange::new(range.start + 1, range.end - 1)
    } else {
        range
    }
}

/// A flat JSON array of strings: the elements as (start, end, value) offsets into `text` (the
/// string's quotes included in the range). No recursion: anything but strings is rejected.
fn parse_json_array(text: &str) -> Result<Vec<(usize, usize, String)>, Message> {
    let bytes = text.as_bytes();
    let mut pos = 0;
    let skip_ws = |pos: &mut usize| {
        while *pos < bytes.len() && matches!(bytes[*pos], b' ' | b'\t' | b'\n' | b'\r') {
            *pos += 1;
        }
    };
    if bytes.first() != Some(&b'[') {
        return Err(Message::new("json-array-no-bracket"));
    }
    pos += 1;
    let mut items = Vec::new();
    skip_ws(&mut pos);
    if bytes.get(pos) == Some(&b']') {
        pos += 1;
    } else {
        loop {
            skip_ws(&mut pos);
            if bytes.get(pos) != Some(&b'"') {
                return Err(Message::new("json-array-expected-string").arg("byte", pos.to_string()));
            }
            let start = pos;
            pos += 1;
            let mut value = String::new();
            loop {
                let Some(&b) = bytes.get(pos) else {
                    return Err(Message::new("json-array-unterminated-string"));
                };
                match b {
                    b'"' => {
                        pos += 1;
                        break;
                    }
                    b'\\' => {
                        let Some(&e) = bytes.get(pos + 1) else {
                            return Err(Message::new("json-array-unterminated-string"));
                        };
                        pos += 2;
                        match e {
                            b'"' => value.push('"'),
                            b'\\' => value.push('\\'),
                            b'/' => value.push('/'),
                            b'b' => value.push('\u{8}'),
                            b'f' => value.push('\u{c}'),
                            b'n' => value.push('\n'),
                            b'r' => value.push('\r'),
                            b't' => value.push('\t'),
                            b'u' => {
                                let hex = text
                                    .get(pos..pos + 4)
                                    .ok_or_else(|| Message::new("json-array-invalid-escape"))?;
                                let code = u32::from_str_radix(hex, 16)
                                    .map_err(|_| Message::new("json-array-invalid-escape"))?;
                                value.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                                pos += 4;
                            }
                            _ => return Err(Message::new("json-array-invalid-escape")),
                        }
                    }
                    _ => {
                        let ch_len = text[pos..].chars().next().map_or(1, char::len_utf8);
                        value.push_str(&text[pos..pos + ch_len]);
                        pos += ch_len;
                    }
                }
            }
            items.push((start, pos, value));
            skip_ws(&mut pos);
            match bytes.get(pos) {
                Some(b',') => pos += 1,
                Some(b']') => {
                    pos += 1;
                    break;
                }
                _ => {
                    return Err(
                        Message::new("json-array-expected-separator").arg("byte", pos.to_string())
                    )
                }
            }
        }
    }
    skip_ws(&mut pos);
    if pos != bytes.len() {
        return Err(Message::new("json-array-trailing-text"));
    }
    Ok(items)
}

/// Substitute `$NAME`, `${NAME}` and `${NAME:-default}` with known global `ARG` defaults;
/// anything else is left as written.
pub fn expand_simple(value: &str, args: &[(String, Option<String>)]) -> String {
    if !value.contains('$') {
        return value.to_string();
    }
    let lookup = |name: &str| -> Option<&str> {
        args.iter()
            .rev()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    };
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(inner) = after.strip_prefix('{') {
            if let Some(close) = inner.find('}') {
                let body = &inner[..close];
                let (name, default) = match body.find(":-") {
                    Some(i) => (&body[..i], Some(&body[i + 2..])),
                    None => (body, None),
                };
                match (lookup(name), default) {
                    (Some(v), None) => out.push_str(v),
                    (Some(v), Some(_)) if !v.is_empty() => out.push_str(v),
                    (_, Some(d)) if !d.contains('$') => out.push_str(d),
                    _ => {
                        out.push_str("${");
                        out.push_str(body);
                        out.push('}');
                    }
                }
                rest = &inner[close + 1..];
                continue;
            }
        }
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if name_len > 0 {
            match lookup(&after[..name_len]) {
                Some(v) => out.push_str(v),
                None => {
                    out.push('$');
                    out.push_str(&after[..name_len]);
                }
            }
            rest = &after[name_len..];
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod rule_tests;
#[cfg(test)]
mod tests;

/// Helpers for the Dockerfile rules' unit tests.
#[cfg(test)]
pub(crate) mod test_support {
    use crate::{check, Config, Document, FileKind, Finding};

    /// A finding reduced to what tests assert: 1-based line and column, the underlined text and
    /// the message.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Hit {
        pub line: usize,
        pub column: usize,
        pub text: String,
        pub message: String,
    }

    impl Hit {
        pub fn new(line: usize, column: usize, text: &str, message: &str) -> Self {
            Self {
                line,
                column,
                text: text.to_string(),
                message: message.to_string(),
            }
        }
    }

    pub fn findings(text: &str, code: &str) -> Vec<Finding> {
        let document = Document::new("Dockerfile", text, FileKind::Dockerfile);
        check(&document, &Config::default())
            .into_iter()
            .filter(|f| f.code == code)
            .collect()
    }

    pub fn check_code(text: &str, code: &str) -> Vec<Hit> {
        let lines = crate::LineIndex::new(text);
        findings(text, code)
            .into_iter()
            .map(|f| {
                let position = lines.line_column(text, f.range.start);
                Hit {
                    line: position.line,
                    column: position.column,
                    text: text[f.range.start..f.range.end].to_string(),
                    message: f.message,
                }
            })
            .collect()
    }

    /// Apply every fix of `code` (unsafe included) to a fixed point.
    pub fn fix_all(text: &str) -> String {
        let document = Document::new("Dockerfile", text, FileKind::Dockerfile);
        crate::fix::fix_document(&document, &Config::default(), crate::Applicability::Unsafe).text
    }
}
