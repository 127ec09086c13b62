//! A shell command-line reader with byte positions, for the container commands (`docker run`,
//! `podman create`...) written in shell scripts, Makefile recipes and CI steps.
//!
//! Written by hand: the word splitters on crates.io (`shlex`, `shell-words`) return the words
//! without their positions, and the full shell parsers (`conch-parser`, `yash-syntax`) are
//! unmaintained or pull in an async runtime; shipshape needs each word's source range (for
//! findings and fixes), and only the POSIX word rules (quotes, `\` escapes and continuations,
//! `$`-expansions, comments, `;`/`&&`/`||`/`|`/`&` separators, here-documents skipped).

use crate::i18n::Message;
use crate::syntax::SyntaxError;
use crate::text::TextRange;

/// One word as the shell reads it: quotes removed, escapes applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    /// From its first to its last source character (quotes included).
    pub range: TextRange,
    /// No expansion (`$VAR`, `$(...)`, `` `...` ``) anywhere in the word.
    pub literal: bool,
    /// The whole word is one unquoted expansion (`$OPTS`): it may stand for several words.
    pub bare_expansion: bool,
}

/// A simple command: its words, up to a separator.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Command {
    pub words: Vec<Word>,
}

/// What [`scan`] read.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub commands: Vec<Command>,
    /// `#` comments, `#` to the end of the line.
    pub comments: Vec<TextRange>,
    pub errors: Vec<SyntaxError>,
}

/// How to read the text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// A newline separates words only, not commands (a folded YAML scalar, `options:` of a CI
    /// job container, a Quadlet `PodmanArgs=`).
    pub newline_is_space: bool,
}

/// Read `text` (found at `base` in the document) into commands.
pub fn scan(text: &str, base: usize, options: Options) -> Scan {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        base,
        at: 0,
        options,
        out: Scan::default(),
        command: Command::default(),
        heredocs: Vec::new(),
        skip_next_word: false,
        substitutions: Vec::new(),
    };
    reader.run();
    let mut out = reader.out;
    // Commands inside `$(...)` and backquotes (`cid="$(docker run -d x)"`) are commands too.
    for (start, end) in reader.substitutions {
        if let Some(inner) = text.get(start..end) {
            let nested = scan(inner, base + start, options);
            out.commands.extend(nested.commands);
            out.comments.extend(nested.comments);
        }
    }
    out.comments.sort();
    out
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    base: usize,
    at: usize,
    options: Options,
    out: Scan,
    command: Command,
    /// Delimiters of here-documents whose bodies start after the current line.
    heredocs: Vec<String>,
    /// The next word is a redirection target, not an argument.
    skip_next_word: bool,
    /// Where the command substitutions' texts are, read after the outer commands.
    substitutions: Vec<(usize, usize)>,
}

impl Reader<'_> {
    fn range(&self, start: usize, end: usize) -> TextRange {
        TextRange::new(self.base + start, self.base + end)
    }

    fn end_command(&mut self) {
        let command = std::mem::take(&mut self.command);
        if !command.words.is_empty() {
            self.out.commands.push(command);
        }
    }

    fn run(&mut self) {
        while self.at < self.bytes.len() {
            let byte = self.bytes[self.at];
            match byte {
                b' ' | b'\t' | b'\r' => self.at += 1,
                b'\n' => {
                    self.at += 1;
                    if !self.options.newline_is_space {
                        self.end_command();
                    }
                    self.skip_heredoc_bodies();
                }
                b'#' => {
                    let end = self.text[self.at..]
                        .find('\n')
                        .map_or(self.bytes.len(), |n| self.at + n);
                    let comment_end = self.text[self.at..end].trim_end().len() + self.at;
                    self.out.comments.push(self.range(self.at, comment_end));
                    self.at = end;
                }
                b';' | b'|' | b'&' | b'(' | b')' => {
                    self.at += 1;
                    self.end_command();
                }
                b'<' | b'>' => self.redirection(),
                b'\\' if self.bytes.get(self.at + 1) == Some(&b'\n') => self.at += 2,
                b'\\' if self.text[self.at + 1..].starts_with("\r\n") => self.at += 3,
                _ => {
                    if let Some(word) = self.word() {
                        if std::mem::take(&mut self.skip_next_word) {
                            continue;
                        }
                        self.command.words.push(word);
                    }
                }
            }
        }
        self.end_command();
    }

    /// `>`, `>>`, `2>&1`, `<`, `<<EOF`, `<<-'EOF'`, `<<<`: the target word is not an argument.
    fn redirection(&mut self) {
        // A file descriptor number written against the operator (`2>`) is part of it.
        if let Some(last) = self.command.words.last() {
            if last.range.end == self.base + self.at
                && last.text.bytes().all(|b| b.is_ascii_digit())
            {
                self.command.words.pop();
            }
        }
        let heredoc =
            self.text[self.at..].starts_with("<<") && !self.text[self.at..].starts_with("<<<");
        self.at += 1;
        while matches!(
            self.bytes.get(self.at),
            Some(b'<' | b'>' | b'&' | b'-' | b'|')
        ) {
            self.at += 1;
        }
        while matches!(self.bytes.get(self.at), Some(b' ' | b'\t')) {
            self.at += 1;
        }
        if heredoc {
            if let Some(word) = self.word() {
                self.heredocs.push(word.text);
            }
            return;
        }
        // `2>&1`: a descriptor, not a file.
        if self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
            while self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
                self.at += 1;
            }
            return;
        }
        self.skip_next_word = true;
    }

    /// After a newline: skip the bodies of the here-documents opened on the line before.
    fn skip_heredoc_bodies(&mut self) {
        for delimiter in std::mem::take(&mut self.heredocs) {
            loop {
                if self.at >= self.bytes.len() {
                    return;
                }
                let end = self.text[self.at..]
                    .find('\n')
                    .map_or(self.bytes.len(), |n| self.at + n);
                let line = self.text[self.at..end].trim();
                self.at = (end + 1).min(self.bytes.len());
                if line == delimiter {
                    break;
                }
            }
        }
    }

    /// One word starting at `self.at` (not a blank, separator or comment).
    fn word(&mut self) -> Option<Word> {
        let start = self.at;
        let mut text = String::new();
        let mut literal = true;
        let mut quoted = false;
        let mut expansions = 0;
        while self.at < self.bytes.len() {
            let byte = self.bytes[self.at];
            match byte {
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b'|' | b'&' | b'(' | b')' | b'<' | b'>' => {
                    break
                }
                b'\\' => {
                    let next = self.text[self.at + 1..].chars().next();
                    match next {
                        Some('\n') => self.at += 2,
                        Some(c) => {
                            text.push(c);
                            self.at += 1 + c.len_utf8();
                        }
                        None => self.at += 1,
                    }
                }
                b'\'' => {
                    quoted = true;
                    let Some(close) = self.text[self.at + 1..].find('\'') else {
                        return self.unterminated(start, "'");
                    };
                    text.push_str(&self.text[self.at + 1..self.at + 1 + close]);
                    self.at += close + 2;
                }
                b'"' => {
                    quoted = true;
                    self.at += 1;
                    loop {
                        let Some(&inner) = self.bytes.get(self.at) else {
                            return self.unterminated(start, "\"");
                        };
                        match inner {
                            b'"' => {
                                self.at += 1;
                                break;
                            }
                            b'\\' => {
                                let next = self.text[self.at + 1..].chars().next();
                                match next {
                                    Some('\n') => self.at += 2,
                                    Some(c @ ('"' | '\\' | '$' | '`')) => {
                                        text.push(c);
                                        self.at += 2;
                                    }
                                    _ => {
                                        text.push('\\');
                                        self.at += 1;
                                    }
                                }
                            }
                            b'$' | b'`' => {
                                literal = false;
                                expansions += 1;
                                let expansion = self.expansion();
                                text.push_str(expansion);
                            }
                            _ => {
                                let c = self.text[self.at..].chars().next().unwrap_or(' ');
                                text.push(c);
                                self.at += c.len_utf8();
                            }
                        }
                    }
                }
                b'$' | b'`' => {
                    literal = false;
                    expansions += 1;
                    let expansion = self.expansion();
                    text.push_str(expansion);
                }
                _ => {
                    let c = self.text[self.at..].chars().next().unwrap_or(' ');
                    text.push(c);
                    self.at += c.len_utf8();
                }
            }
        }
        if self.at == start {
            // Not a word character: step over it so the reader always moves.
            self.at += 1;
            return None;
        }
        let bare_expansion = !quoted && expansions == 1 && text.starts_with('$') && {
            let written = &self.text[start..self.at];
            written == text
        };
        Some(Word {
            text,
            range: self.range(start, self.at),
            literal,
            bare_expansion,
        })
    }

    /// An expansion starting at `self.at` (`$NAME`, `${...}`, `$(...)`, `` `...` ``): consumed, and
    /// returned as written.
    fn expansion(&mut self) -> &str {
        let start = self.at;
        let bytes = self.bytes;
        if bytes[self.at] == b'`' {
            let close = self.text[self.at + 1..].find('`');
            self.at = close.map_or(bytes.len(), |n| self.at + n + 2);
            if let Some(n) = close {
                self.substitutions.push((start + 1, start + 1 + n));
            }
            return &self.text[start..self.at];
        }
        self.at += 1;
        match bytes.get(self.at) {
            Some(&open @ (b'(' | b'{')) => {
                let close = if open == b'(' { b')' } else { b'}' };
                // `$(( 1 + 2 ))` is arithmetic, not a command.
                let command = open == b'(' && bytes.get(self.at + 1) != Some(&b'(');
                let inner_start = self.at + 1;
                if command {
                    // Quotes, comments and nested substitutions inside count, as in the shell:
                    // a `)` or `#` in a string there does not end it.
                    match command_substitution_end(bytes, inner_start, 0) {
                        Some(end) => {
                            self.at = end;
                            self.substitutions.push((inner_start, end - 1));
                        }
                        None => self.at = bytes.len(),
                    }
                    return &self.text[start..self.at];
                }
                let mut depth = 0usize;
                while let Some(&byte) = bytes.get(self.at) {
                    self.at += 1;
                    if byte == open {
                        depth += 1;
                    } else if byte == close {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            if command {
                                self.substitutions.push((inner_start, self.at - 1));
                            }
                            break;
                        }
                    }
                }
            }
            Some(byte) if byte.is_ascii_alphanumeric() || *byte == b'_' => {
                while bytes
                    .get(self.at)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
                {
                    self.at += 1;
                }
            }
            // `$?`, `$@`, `$$`, `$1`...
            Some(b'?' | b'@' | b'*' | b'#' | b'$' | b'!' | b'-') => self.at += 1,
            _ => {}
        }
        &self.text[start..self.at]
    }

    fn unterminated(&mut self, start: usize, quote: &str) -> Option<Word> {
        self.out.errors.push(SyntaxError::new(
            Message::new("syntax-unterminated-quote").arg("quote", quote),
            self.range(start, start + 1),
        ));
        self.at = self.bytes.len();
        self.command = Command::default();
        None
    }
}

/// Most nested `$(...)` followed; deeper is read as unterminated.
const MAX_SUBSTITUTION_DEPTH: usize = 64;

/// From just after a `$(`, the offset just past its closing `)`: strings, escapes, comments,
/// backquotes and nested substitutions are skipped as the shell reads them. `None` when it is
/// never closed (or nests deeper than [`MAX_SUBSTITUTION_DEPTH`]).
fn command_substitution_end(bytes: &[u8], mut at: usize, depth: usize) -> Option<usize> {
    if depth > MAX_SUBSTITUTION_DEPTH {
        return None;
    }
    // Plain parentheses inside (a subshell, a `case` pattern's `)` aside).
    let mut parens = 0usize;
    let mut word_start = true;
    while let Some(&byte) = bytes.get(at) {
        at += 1;
        match byte {
            b'\\' => at += 1,
            b'\'' => at = at + bytes.get(at..)?.iter().position(|&b| b == b'\'')? + 1,
            b'`' => at = at + bytes.get(at..)?.iter().position(|&b| b == b'`')? + 1,
            b'"' => at = double_quoted_end(bytes, at, depth)?,
            b'$' if bytes.get(at) == Some(&b'(') => {
                at = command_substitution_end(bytes, at + 1, depth + 1)?;
            }
            b'#' if word_start => {
                at += bytes
                    .get(at..)?
                    .iter()
                    .position(|&b| b == b'\n')
                    .unwrap_or(bytes.len() - at);
            }
            b'(' => parens += 1,
            b')' if parens == 0 => return Some(at),
            b')' => parens -= 1,
            _ => {}
        }
        word_start = matches!(
            byte,
            b' ' | b'\t' | b'\r' | b'\n' | b';' | b'|' | b'&' | b'(' | b')'
        );
    }
    None
}

/// From just after an opening `"`, the offset just past its closing `"`.
fn double_quoted_end(bytes: &[u8], mut at: usize, depth: usize) -> Option<usize> {
    while let Some(&byte) = bytes.get(at) {
        at += 1;
        match byte {
            b'\\' => at += 1,
            b'"' => return Some(at),
            b'`' => at = at + bytes.get(at..)?.iter().position(|&b| b == b'`')? + 1,
            b'$' if bytes.get(at) == Some(&b'(') => {
                at = command_substitution_end(bytes, at + 1, depth + 1)?;
            }
            _ => {}
        }
    }
    None
}

/// The words of a command after its prefixes (`sudo`, `exec`, `env VAR=x`, `time`, `nohup`,
/// variable assignments, shell keywords such as `then` and `do`), from the program on.
pub fn program_words(words: &[Word]) -> &[Word] {
    let mut index = 0;
    while let Some(word) = words.get(index) {
        let text = word.text.trim_start_matches(['@', '-', '+']);
        let is_assignment = word.text.split_once('=').is_some_and(|(name, _)| {
            !name.is_empty()
                && !name.starts_with('-')
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        });
        if is_assignment {
            index += 1;
            continue;
        }
        match text {
            "sudo" | "doas" => {
                index += 1;
                // sudo's own options, and the value of those that take one.
                while let Some(option) = words.get(index) {
                    if !option.text.starts_with('-') {
                        break;
                    }
                    index += 1;
                    if matches!(
                        option.text.as_str(),
                        "-u" | "-g" | "-h" | "-p" | "-C" | "-U"
                    ) {
                        index += 1;
                    }
                }
            }
            "exec" | "nohup" | "time" | "command" | "env" | "then" | "do" | "else" | "elif"
            | "if" | "while" | "until" | "!" | "{" | "}" => index += 1,
            _ => break,
        }
    }
    &words[index.min(words.len())..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Vec<(String, String, bool)>> {
        scan(text, 0, Options::default())
            .commands
            .iter()
            .map(|command| {
                command
                    .words
                    .iter()
                    .map(|w| {
                        (
                            w.text.clone(),
                            text[w.range.start..w.range.end].to_string(),
                            w.literal,
                        )
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn quotes_escapes_continuations_and_separators() {
        let text =
            "cd /app && docker run -e 'A=b c' \\\n  --name=\"x$Y\" img; echo hi # note\nls|wc\n";
        let read = words(text);
        let first: Vec<_> = read.iter().map(|c| c[0].0.as_str()).collect();
        assert_eq!(first, vec!["cd", "docker", "echo", "ls", "wc"]);
        assert_eq!(
            read[1],
            vec![
                ("docker".into(), "docker".into(), true),
                ("run".into(), "run".into(), true),
                ("-e".into(), "-e".into(), true),
                ("A=b c".into(), "'A=b c'".into(), true),
                ("--name=x$Y".into(), "--name=\"x$Y\"".into(), false),
                ("img".into(), "img".into(), true),
            ]
        );
        let scanned = scan(text, 0, Options::default());
        assert_eq!(scanned.comments.len(), 1);
        assert_eq!(
            &text[scanned.comments[0].start..scanned.comments[0].end],
            "# note"
        );
    }

    #[test]
    fn heredoc_bodies_and_redirections_are_not_commands() {
        let text =
            "cat > out.txt <<EOF\ndocker run --privileged x\nEOF\ndocker ps 2>&1 >/dev/null\n";
        let read = words(text);
        let shown: Vec<Vec<&str>> = read
            .iter()
            .map(|c| c.iter().map(|w| w.0.as_str()).collect())
            .collect();
        assert_eq!(shown, vec![vec!["cat"], vec!["docker", "ps"]]);
    }

    #[test]
    fn an_unterminated_quote_is_an_error_not_a_panic() {
        let scanned = scan("docker run 'x\n", 0, Options::default());
        assert_eq!(scanned.errors.len(), 1);
        assert_eq!(scanned.errors[0].range, TextRange::new(11, 12));
    }

    #[test]
    fn prefixes_are_skipped() {
        let scanned = scan(
            "sudo -u root FOO=1 exec docker run x\n",
            0,
            Options::default(),
        );
        let program = program_words(&scanned.commands[0].words);
        assert_eq!(program[0].text, "docker");
    }

    #[test]
    fn commands_in_substitutions_are_read_with_their_positions() {
        let text = "cid=\"$(docker run -d \\\n  nginx)\"\nv=`podman run x`\n";
        let scanned = scan(text, 0, Options::default());
        let programs: Vec<(&str, usize)> = scanned
            .commands
            .iter()
            .map(|c| (c.words[0].text.as_str(), c.words[0].range.start))
            .filter(|(program, _)| !program.contains('='))
            .collect();
        // `cid="$(` is 7 bytes; the second line starts at 33, its command 3 bytes in.
        assert_eq!(programs, vec![("docker", 7), ("podman", 36)]);
    }

    /// A `)` or `#` inside a string of a substitution does not end it, and a `#` line inside one
    /// is a comment of the substitution, not of the script (a fuzz find: the outer scan used to
    /// end `$(...)` at the first `)`, so it and the inner scan disagreed on what was a comment,
    /// and removing an "unused" suppression broke the script).
    #[test]
    fn substitutions_end_where_the_shell_ends_them() {
        let text = "a=\"$(echo \")\" # inner 1\n# inner 2\n)\"\necho ok # real\n";
        let scanned = scan(text, 0, Options::default());
        assert!(scanned.errors.is_empty(), "{:?}", scanned.errors);
        let comments: Vec<&str> = scanned
            .comments
            .iter()
            .map(|c| &text[c.start..c.end])
            .collect();
        assert_eq!(comments, ["# inner 1", "# inner 2", "# real"]);
        assert_eq!(
            command_substitution_end(b"x $(y) \"(\" ')' ) z", 0, 0),
            Some(16)
        );
        // Never closed: the comment swallows the `)`.
        assert_eq!(command_substitution_end(b"x # )\n", 0, 0), None);
        // Deep nesting is bounded, not a stack overflow.
        let deep = "$(".repeat(10_000);
        assert_eq!(command_substitution_end(deep.as_bytes(), 2, 0), None);
    }
}
