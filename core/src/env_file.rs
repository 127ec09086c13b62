//! The variables a Compose file's `${VAR}` interpolation takes from a `.env` file.
//!
//! Compose substitutes `${VAR}` from the shell's environment and from the `.env` file in the
//! project directory (the compose file's own directory unless `--project-directory` says
//! otherwise); the environment wins. Core does no I/O: the caller reads the file (the workspace
//! layer does, through its file system) and hands the parsed [`EnvFile`] over on the
//! [`crate::Document`]. Repositories rarely commit `.env` itself but often commit an example of
//! it ([`EXAMPLE_FILE_NAMES`]); its values are used when there is no `.env`, and messages say so.
//!
//! The syntax is Compose's (its `dotenv` parser), as far as the values matter here:
//! - one `KEY=VALUE` a line (`KEY: VALUE` too); an optional `export ` before the key; spaces
//!   around the key and the value are dropped; the key is letters, digits, `_` and `.`;
//! - blank lines and lines starting with `#` are skipped; in an unquoted value, a `#` after a
//!   space starts a comment;
//! - `'single'` quotes keep the text as it is; `"double"` quotes read `\n`, `\t`, `\\`, `\"`
//!   and `\$` escapes; both may span lines;
//! - a line with a key alone (`KEY`) takes the value from the environment: unknown here;
//! - a value that interpolates (`$OTHER`, `${OTHER:-x}`, unquoted or in double quotes) is not
//!   resolved: its value is unknown here ([`Value::Unknown`]);
//! - a line that is none of these (Compose rejects the file) is skipped, and the rest is read.
//!
//! Values may be secrets: [`EnvFile`]'s `Debug` shows names only, and rules print a value only
//! when it is a word of the kind the setting takes (`true`, `ALL`), never a free-form one.

use std::collections::HashMap;

/// The file Compose reads for interpolation, in the project directory.
pub const COMPOSE_FILE_NAME: &str = ".env";

/// Examples of `.env` that repositories commit instead of it, in the order they are tried when
/// there is no `.env`.
pub const EXAMPLE_FILE_NAMES: &[&str] = &[
    ".env.example",
    ".env.sample",
    "env.example",
    ".env.dist",
    ".env.template",
];

/// What a variables file says about one variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    /// The file does not set it.
    Unset,
    /// Set to this text.
    Known(&'a str),
    /// Set, but to something only known when Compose runs (an interpolation, or the
    /// environment's value for a key alone on its line).
    Unknown,
}

/// A parsed `.env` file (or an example of one) next to a compose file.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct EnvFile {
    /// The file's name as messages show it: `.env`, `.env.example`.
    pub name: String,
    /// Whether this is only an example of the `.env` Compose reads (there is no `.env`).
    pub example: bool,
    /// `None`: set, value unknown here.
    values: HashMap<String, Option<String>>,
}

impl std::fmt::Debug for EnvFile {
    // Names only: the values may be secrets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut names: Vec<&str> = self.values.keys().map(String::as_str).collect();
        names.sort_unstable();
        f.debug_struct("EnvFile")
            .field("name", &self.name)
            .field("example", &self.example)
            .field("variables", &names)
            .finish()
    }
}

impl EnvFile {
    /// Parse `text`, the contents of the file called `name` (see the module docs for the
    /// syntax); `example`: it is an example file, not the `.env` Compose reads.
    pub fn parse(name: impl Into<String>, example: bool, text: &str) -> Self {
        Self {
            name: name.into(),
            example,
            values: parse_values(text),
        }
    }

    /// What the file says about `name`.
    pub fn get(&self, name: &str) -> Value<'_> {
        match self.values.get(name) {
            None => Value::Unset,
            Some(Some(value)) => Value::Known(value),
            Some(None) => Value::Unknown,
        }
    }

    /// How many variables it sets.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

fn parse_values(text: &str) -> HashMap<String, Option<String>> {
    let mut values = HashMap::new();
    let mut rest = text;
    while let Some(next) = statement(rest, &mut values) {
        rest = next;
    }
    values
}

/// Read one statement from the start of `text` into `values`; the rest of the text after it.
/// `None` at the end of the text.
fn statement<'t>(text: &'t str, values: &mut HashMap<String, Option<String>>) -> Option<&'t str> {
    let text = text.trim_start();
    if text.is_empty() {
        return None;
    }
    let line_end = text.find('\n').unwrap_or(text.len());
    let skip_line = || Some(&text[line_end..]);
    if text.starts_with('#') {
        return skip_line();
    }
    let line = &text[..line_end];
    let body = match line.strip_prefix("export") {
        Some(after) if after.starts_with([' ', '\t']) => after.trim_start(),
        _ => line,
    };
    let key_end = body
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(body.len());
    let key = &body[..key_end];
    if key.is_empty() {
        return skip_line();
    }
    let after_key = body[key_end..].trim_start_matches([' ', '\t', '\r']);
    let after_separator = match after_key.chars().next() {
        // A key alone on its line: the environment's value.
        None => {
            values.insert(key.to_string(), None);
            return skip_line();
        }
        Some('=' | ':') => &after_key[1..],
        Some(_) => return skip_line(),
    };
    let value_text = after_separator.trim_start_matches([' ', '\t']);
    // Where the value starts in `text` (a quoted one may run past this line).
    let value_start = line_end - value_text.len();
    let from_value = &text[value_start..];
    match from_value.chars().next() {
        Some(quote @ ('\'' | '"')) => {
            let Some(close) = closing_quote(&from_value[1..], quote) else {
                // Unterminated: Compose rejects the file; nothing more is read from it.
                return None;
            };
            let inner = &from_value[1..1 + close];
            let value = if quote == '"' {
                unescape_double(inner)
            } else {
                Some(inner.to_string())
            };
            values.insert(key.to_string(), value);
            let after = &from_value[1 + close + 1..];
            // The rest of the closing quote's line (a comment) goes too.
            let end = after.find('\n').unwrap_or(after.len());
            Some(&after[end..])
        }
        _ => {
            let raw = &text[value_start..line_end];
            let raw = match raw.find(" #").or_else(|| raw.find("\t#")) {
                Some(at) => &raw[..at],
                None => raw,
            };
            let value = raw.trim_end();
            let known = (!crate::compose::has_interpolation(value)).then(|| value.to_string());
            values.insert(key.to_string(), known);
            skip_line()
        }
    }
}

/// The offset of the quote that closes a value, in the text after the opening one: the first
/// `quote` not escaped with a backslash.
fn closing_quote(text: &str, quote: char) -> Option<usize> {
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == quote {
            return Some(at);
        }
    }
    None
}

/// A double-quoted value with its escapes read; `None` when it interpolates.
fn unescape_double(inner: &str) -> Option<String> {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some(other @ ('\\' | '"' | '$')) => out.push(other),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            '$' => match chars.clone().next() {
                Some(next) if starts_variable(next) => return None,
                // `$$` is a literal `$`, whatever follows.
                Some('$') => {
                    chars.next();
                    out.push_str("$$");
                }
                _ => out.push('$'),
            },
            c => out.push(c),
        }
    }
    Some(out)
}

fn starts_variable(c: char) -> bool {
    c == '{' || c == '_' || c.is_ascii_alphabetic()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> EnvFile {
        EnvFile::parse(".env", false, text)
    }

    #[test]
    fn keys_values_comments_and_export() {
        let file = parsed(
            "# settings\n\nREAD_ONLY=false\nexport PRIVILEGED = true # on purpose\n  DROP: ALL\nCOLOUR=a#b\nEMPTY=\nWIN=yes\r\n",
        );
        assert_eq!(file.get("READ_ONLY"), Value::Known("false"));
        assert_eq!(file.get("PRIVILEGED"), Value::Known("true"));
        assert_eq!(file.get("DROP"), Value::Known("ALL"));
        // `#` starts a comment only after a space.
        assert_eq!(file.get("COLOUR"), Value::Known("a#b"));
        assert_eq!(file.get("EMPTY"), Value::Known(""));
        assert_eq!(file.get("WIN"), Value::Known("yes"));
        assert_eq!(file.get("MISSING"), Value::Unset);
        assert_eq!(file.len(), 6);
    }

    #[test]
    fn quotes_escapes_and_lines_spanned() {
        let file = parsed(
            "A='single # kept $NOT'\nB=\"tab\\there \\\"q\\\" \\$HOME\"\nC=\"two\nlines\" # note\nD=after\nexportE=x\n",
        );
        assert_eq!(file.get("A"), Value::Known("single # kept $NOT"));
        assert_eq!(file.get("B"), Value::Known("tab\there \"q\" $HOME"));
        assert_eq!(file.get("C"), Value::Known("two\nlines"));
        assert_eq!(file.get("D"), Value::Known("after"));
        // `export` is a prefix only when a space follows it.
        assert_eq!(file.get("exportE"), Value::Known("x"));
    }

    #[test]
    fn interpolated_and_inherited_values_are_unknown() {
        let file = parsed("A=${OTHER:-true}\nB=\"$HOME/x\"\nC=$$literal\nINHERITED\nD=cost $5\n");
        assert_eq!(file.get("A"), Value::Unknown);
        assert_eq!(file.get("B"), Value::Unknown);
        // `$$` is not followed by a name start here: the text stays.
        assert_eq!(file.get("C"), Value::Known("$$literal"));
        assert_eq!(file.get("INHERITED"), Value::Unknown);
        assert_eq!(file.get("D"), Value::Known("cost $5"));
    }

    #[test]
    fn bad_lines_are_skipped_and_an_open_quote_ends_the_file() {
        let file = parsed("not a statement\n=x\nGOOD=1\nOPEN=\"never closed\nLATER=2\n");
        assert_eq!(file.get("GOOD"), Value::Known("1"));
        assert_eq!(file.get("OPEN"), Value::Unset);
        assert_eq!(file.get("LATER"), Value::Unset);
        assert_eq!(file.len(), 1);
    }

    #[test]
    fn debug_shows_names_not_values() {
        let file = parsed("DB_PASSWORD=hunter2\n");
        let shown = format!("{file:?}");
        assert!(shown.contains("DB_PASSWORD"), "{shown}");
        assert!(!shown.contains("hunter2"), "{shown}");
    }
}
